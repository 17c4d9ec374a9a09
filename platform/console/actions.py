"""What staff do to one regency from the console. Each function validates first, calls the
tenant services, and leaves an audit record: an entry in the regency's own audit log
(mirrored into the control plane's ``StaffActionLog``), or, once the regency's storage is
gone, a ``StaffActionLog`` row directly.

Errors are :class:`ConsoleError` with a message fit to show, in Bahasa Indonesia.
"""

from __future__ import annotations

import json

from flask import g, has_request_context, request
from flask_babel import gettext as _

from kiblat.platform.console import usage
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.audit.service import STAFF_ACTOR, Actor, add_entry, build_entry
from kiblat.platform.identity.staff.models import StaffActionLog, StaffUser
from kiblat.provisioning import deprovision
from kiblat.tenants import services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.portability import exports
from kiblat.tenants.registry import tenant_registry

REASON_MIN, REASON_MAX = 10, 500
SETTINGS_MAX = 20_000


class ConsoleError(ValueError):
    """Input or a state the action cannot accept; the message says why."""


def _ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def log_staff_action(staff: StaffUser, slug: str | None, action: str, details: dict,
                     tenant_id: int | None = None) -> None:
    """A control-plane record only (the regency's storage is gone, or the action is fleet-wide)."""
    db.session.add(StaffActionLog(
        staff_id=staff.id, tenant_id=tenant_id, tenant_slug=slug, action=action, object_type="tenant",
        object_id=slug, details=details, ip=_ip(), request_id=g.get("request_id") if has_request_context() else None,
    ))
    db.session.commit()


def audit(staff: StaffUser, slug: str, action: str, **details: object) -> None:
    """An entry in the regency's audit log, by the staff member; mirrored into StaffActionLog."""
    tenant = tenant_registry().by_slug(slug)
    if tenant is None or not tenant_db.engines.storage_exists(slug):
        log_staff_action(staff, slug, action, details, tenant.id if tenant else None)
        return
    actor = Actor(None, STAFF_ACTOR, staff.id, staff.name)
    with tenant_context(tenant):
        session = tenant_db.session
        add_entry(session, build_entry(action, "tenant", slug, details, actor), actor, tenant.id, slug)
        session.commit()


def _clean_reason(reason: str | None) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN:
        raise ConsoleError(_("Alasan wajib diisi, paling sedikit %(n)s karakter.", n=REASON_MIN))
    if len(reason) > REASON_MAX:
        raise ConsoleError(_("Alasan paling banyak %(n)s karakter.", n=REASON_MAX))
    return reason


def _tenant(slug: str):  # noqa: ANN202
    try:
        return services.get_tenant(slug)
    except services.TenantError:
        raise ConsoleError(_("Kabupaten/kota %(slug)s tidak ditemukan.", slug=slug)) from None


def suspend(staff: StaffUser, slug: str, reason: str | None) -> None:
    reason = _clean_reason(reason)
    if _tenant(slug).status != TenantStatus.ACTIVE:
        raise ConsoleError(_("Hanya kabupaten/kota yang aktif dapat dihentikan sementara."))
    services.suspend_tenant(slug)
    audit(staff, slug, "tenant.suspend", reason=reason)


def resume(staff: StaffUser, slug: str) -> None:
    if _tenant(slug).status != TenantStatus.SUSPENDED:
        raise ConsoleError(_("Kabupaten/kota ini tidak sedang dihentikan sementara."))
    services.resume_tenant(slug)
    audit(staff, slug, "tenant.resume")


def archive(staff: StaffUser, slug: str, reason: str | None) -> None:
    reason = _clean_reason(reason)
    tenant = _tenant(slug)
    if tenant.status == TenantStatus.ARCHIVED:
        raise ConsoleError(_("Kabupaten/kota ini sudah diarsipkan."))
    previous = str(tenant.status)
    deprovision.archive_tenant(slug)
    audit(staff, slug, "tenant.archive", reason=reason, previous_status=previous)


def delete(staff: StaffUser, slug: str, confirm: str | None) -> None:
    """Only an archived regency, and only when the slug is typed exactly."""
    tenant = _tenant(slug)
    if tenant.status != TenantStatus.ARCHIVED:
        raise ConsoleError(_("Arsipkan kabupaten/kota ini terlebih dahulu; hanya yang diarsipkan dapat dihapus."))
    if (confirm or "").strip() != slug:
        raise ConsoleError(_("Ketik slug %(slug)s persis untuk mengonfirmasi penghapusan.", slug=slug))
    details = {"official_name": tenant.official_name, "region_code": tenant.region_code}
    deprovision.delete_tenant(slug, slug)
    usage.forget(slug)
    log_staff_action(staff, slug, "tenant.delete", details)


def request_export(staff: StaffUser, slug: str) -> str:
    _tenant(slug)
    export_id = exports.request_export(slug, f"staf: {staff.email}")
    if export_id is None:
        raise ConsoleError(_("Ekspor sebelumnya masih dibuat. Tunggu sampai selesai."))
    audit(staff, slug, "tenant.export", export_id=export_id)
    return export_id


def parse_settings(raw: str | None) -> dict:
    raw = (raw or "").strip()
    if not raw:
        return {}
    if len(raw) > SETTINGS_MAX:
        raise ConsoleError(_("Pengaturan terlalu panjang."))
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConsoleError(_("Pengaturan bukan JSON yang sah (baris %(line)s, kolom %(col)s): %(msg)s",
                             line=exc.lineno, col=exc.colno, msg=exc.msg)) from None
    if not isinstance(value, dict):
        raise ConsoleError(_("Pengaturan harus berupa objek JSON, misalnya {\"nama\": \"nilai\"}."))
    return value


def _service(call, *args) -> None:  # noqa: ANN001
    """Module changes are audited by the tenant services' own signals (as this staff member)."""
    try:
        call(*args)
    except services.TenantError as exc:
        db.session.rollback()
        raise ConsoleError(str(exc)) from None


def _known_module(key: str) -> None:
    known = set(services.modules().keys())
    if key not in known:
        raise ConsoleError(_("Modul %(key)s tidak dikenal.", key=key))


def enable_module(staff: StaffUser, slug: str, key: str, raw_settings: str | None) -> None:
    tenant = _tenant(slug)
    _known_module(key)
    if tenant.status == TenantStatus.ARCHIVED:
        raise ConsoleError(_("Kabupaten/kota yang diarsipkan tidak dapat diubah."))
    settings = parse_settings(raw_settings)
    _service(services.enable_module, slug, key, settings)


def disable_module(staff: StaffUser, slug: str, key: str) -> None:
    _tenant(slug)
    _known_module(key)
    _service(services.disable_module, slug, key)


def update_module_settings(staff: StaffUser, slug: str, key: str, raw_settings: str | None) -> None:
    _tenant(slug)
    _known_module(key)
    settings = parse_settings(raw_settings)
    _service(services.update_module_settings, slug, key, settings)
