"""Forgetting expired session records everywhere: the control plane's ``platform_sessions``
(staff, onboarding applicants) and every regency's ``user_sessions``. Signing in prunes the
store it writes to; this covers the stores nobody signs in to (``kiblat sessions prune``,
for a daily cron or systemd timer)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.server_sessions import applicant_sessions, staff_sessions
from kiblat.platform.identity.sessions import user_sessions
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

logger = logging.getLogger("kiblat.sessions")
# A regency being provisioned may not have its tables yet; every other one has.
WITH_TABLES = (TenantStatus.ACTIVE, TenantStatus.SUSPENDED, TenantStatus.ARCHIVED)


def prune_sessions(now: datetime | None = None) -> dict[str, int]:
    """Expired records forgotten, by store: ``"platform"`` and each regency's slug (commits).
    A regency whose database cannot be reached is logged and skipped, never stops the rest."""
    now = now or datetime.now(UTC)
    counts = {"platform": staff_sessions.prune(now) + applicant_sessions.prune(now)}
    db.session.commit()
    for tenant in tenant_registry().all():
        if tenant.status not in WITH_TABLES:
            continue
        with tenant_context(tenant):
            try:
                counts[tenant.slug] = user_sessions.prune(now)
                tenant_db.session.commit()
            except SQLAlchemyError:
                tenant_db.session.rollback()
                logger.exception("sessions of %s could not be pruned", tenant.slug)
            finally:
                tenant_db.session.close()
    return counts
