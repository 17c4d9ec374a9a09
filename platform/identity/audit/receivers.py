"""Audit entries for tenant changes made through ``tenants.services`` (module, settings,
branding, domain), received as signals after the control-plane commit."""

from __future__ import annotations

import logging
from typing import Any

from kiblat.platform.core import signals
from kiblat.platform.identity.audit.service import add_entry, build_entry, current_actor
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry

logger = logging.getLogger("kiblat.audit")


def record_for_tenant(slug: str, action: str, object_type: str | None = None, object_id: Any = None,
                      **details: Any) -> None:
    """Record and commit an entry in ``slug``'s log in a session of its own.

    The change has already been committed in the control plane, so a failure here is
    logged loudly rather than undoing it.
    """
    tenant = tenant_registry().fresh(slug)
    if tenant is None:
        return
    actor = current_actor(tenant.id)
    session = tenant_db.new_session(tenant)
    try:
        with tenant_context(tenant):
            add_entry(session, build_entry(action, object_type, object_id, details, actor), actor,
                      tenant.id, tenant.slug)
            session.commit()
    except Exception:
        session.rollback()
        logger.exception("audit: could not record %s for tenant %s", action, slug)
    finally:
        tenant_db.engines.close_session(session)


def _module_enabled(slug: str, key: str, settings: dict, **_: Any) -> None:
    record_for_tenant(slug, "module.enable", "module", key, settings=settings)


def _module_disabled(slug: str, key: str, **_: Any) -> None:
    record_for_tenant(slug, "module.disable", "module", key)


def _module_settings(slug: str, key: str, settings: dict, **_: Any) -> None:
    record_for_tenant(slug, "module.settings", "module", key, settings=settings)


def _branding(slug: str, changes: dict, **_: Any) -> None:
    record_for_tenant(slug, "tenant.branding", "tenant", slug, changes=changes)


def _domain(slug: str, host: str, **_: Any) -> None:
    record_for_tenant(slug, "tenant.domain.add", "domain", host)


def _domain_removed(slug: str, host: str, **_: Any) -> None:
    record_for_tenant(slug, "tenant.domain.remove", "domain", host)


def connect() -> None:
    """Connect once per process (blinker keeps strong references with ``weak=False``)."""
    signals.module_enabled.connect(_module_enabled, weak=False)
    signals.module_disabled.connect(_module_disabled, weak=False)
    signals.module_settings_changed.connect(_module_settings, weak=False)
    signals.branding_changed.connect(_branding, weak=False)
    signals.domain_added.connect(_domain, weak=False)
    signals.domain_removed.connect(_domain_removed, weak=False)
