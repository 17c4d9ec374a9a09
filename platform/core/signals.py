"""Signals the platform core sends, declared once here (blinker). Receivers connect at start-up.

Every tenant signal is sent *after* the change is committed, with the tenant's slug as the
sender, so a receiver never sees a change that was rolled back.
"""

from __future__ import annotations

from blinker import NamedSignal, Namespace

_signals = Namespace()

module_enabled = _signals.signal("module-enabled", doc="""A module was switched on for a tenant.

Sender: tenant slug. Keyword arguments: ``key`` (module key), ``settings`` (dict).""")

module_disabled = _signals.signal("module-disabled", doc="""A module was switched off for a tenant.

Sender: tenant slug. Keyword arguments: ``key``.""")

module_settings_changed = _signals.signal("module-settings-changed", doc="""A module's settings changed.

Sender: tenant slug. Keyword arguments: ``key``, ``settings`` (the new, merged settings).""")

branding_changed = _signals.signal("branding-changed", doc="""A tenant's branding changed.

Sender: tenant slug. Keyword arguments: ``changes`` (field → new value, only fields given).""")

domain_added = _signals.signal("domain-added", doc="""A custom domain was added to a tenant.

Sender: tenant slug. Keyword arguments: ``host`` (normalised).""")

domain_removed = _signals.signal("domain-removed", doc="""A custom domain was taken away from a tenant.

Sender: tenant slug. Keyword arguments: ``host``.""")


def by_name(name: str) -> NamedSignal | None:
    """The platform signal called ``name`` (e.g. ``"module-enabled"``), or None: modules
    declare their receivers by name in their manifests."""
    return _signals.get(name)
