"""Roles grant permissions. Core roles are defined here; modules add theirs in manifests.

Code checks permissions (``has_permission("pengumuman.publish")``), never role names.
"""

from __future__ import annotations

from flask import current_app

from kiblat.platform.modular.manifest import Localized, Permission, Role
from kiblat.tenants.context import TenantInfo

CORE_PERMISSIONS = (
    Permission("account.use", Localized("Memakai akun sendiri", "Use one's own account")),
    Permission("citizen.assist", Localized("Melayani warga atas nama mereka", "Act on behalf of citizens")),
    Permission("account.assist_reset", Localized("Memberi kode atur ulang kata sandi kepada warga di loket",
                                                 "Give citizens a password reset code at the counter")),
    Permission("opd.work", Localized("Mengerjakan layanan OPD", "Work on the agency's services")),
    Permission("users.manage", Localized("Mengelola pengguna", "Manage users")),
    Permission("opd.manage", Localized("Mengelola OPD", "Manage agencies")),
    Permission("tenant.settings", Localized("Mengelola pengaturan, modul dan tampilan", "Manage settings, modules and branding")),
    Permission("audit.view", Localized("Melihat jejak audit", "View the audit trail")),
    Permission("api_clients.manage", Localized("Mengelola klien API", "Manage API clients")),
)

CORE_ROLES = (
    Role("citizen", Localized("Warga", "Citizen"), ("account.use",)),
    Role("officer", Localized("Petugas OPD", "Agency officer"), ("account.use", "opd.work", "account.assist_reset"),
         two_factor=True, placement="opd"),
    Role("village_operator", Localized("Operator desa", "Village operator"),
         ("account.use", "citizen.assist", "account.assist_reset"), two_factor=True, placement="desa"),
    Role(
        "admin",
        Localized("Admin kabupaten/kota", "Regency administrator"),
        ("account.use", "citizen.assist", "account.assist_reset", "opd.work", "users.manage", "opd.manage",
         "tenant.settings", "audit.view", "api_clients.manage"),
        two_factor=True,
    ),
)
ADMIN_ROLE = "admin"
CITIZEN_ROLE = "citizen"


def _enabled_manifests(tenant: TenantInfo) -> list:
    return [m for m in current_app.extensions["kiblat_modules"] if m.key in tenant.modules]


def roles_for(tenant: TenantInfo) -> dict[str, Role]:
    """Every role usable in this tenant: core roles plus those of its enabled modules."""
    roles = {role.key: role for role in CORE_ROLES}
    for manifest in _enabled_manifests(tenant):
        for role in manifest.roles:
            roles.setdefault(role.key, role)
    return roles


def roles_requiring_two_factor(tenant: TenantInfo) -> frozenset[str]:
    return frozenset(key for key, role in roles_for(tenant).items() if role.two_factor)


def permissions_for(role_keys: frozenset[str] | set[str], tenant: TenantInfo) -> frozenset[str]:
    roles = roles_for(tenant)
    granted: set[str] = set()
    for key in role_keys:
        role = roles.get(key)
        if role is not None:
            granted.update(role.permissions)
    if ADMIN_ROLE in role_keys:
        # The regency admin may do everything its enabled modules declare.
        for manifest in _enabled_manifests(tenant):
            granted.update(p.key for p in manifest.permissions)
    return frozenset(granted)


def all_permissions(tenant: TenantInfo) -> dict[str, Permission]:
    permissions = {p.key: p for p in CORE_PERMISSIONS}
    for manifest in _enabled_manifests(tenant):
        permissions.update({p.key: p for p in manifest.permissions})
    return permissions
