"""What an audit action, its object and its details are called, in the reader's language.

An action code (``users.invite``) is declared where it is written: the platform's own codes
here, a module's in its manifest's ``audit_actions``. The log shows the label; a code nobody
declared (an entry written by an older version) still reads as words, never as the bare code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_app_context
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiblat.platform.modular.manifest import ModuleManifest

# Every code the platform writes, in the regency's audit log or the staff action log.
PLATFORM_ACTIONS: Mapping[str, Any] = {
    "module.enable": _l("Modul diaktifkan"),
    "module.disable": _l("Modul dinonaktifkan"),
    "module.settings": _l("Pengaturan modul diubah"),
    "modules.rename": _l("Nama modul diubah"),
    "tenant.branding": _l("Tampilan situs diubah"),
    "tenant.domain.add": _l("Domain ditambahkan"),
    "tenant.domain.remove": _l("Domain dihapus"),
    "tenant.suspend": _l("Layanan daerah dihentikan sementara"),
    "tenant.resume": _l("Layanan daerah diaktifkan kembali"),
    "tenant.archive": _l("Daerah diarsipkan"),
    "tenant.export": _l("Ekspor data daerah dibuat"),
    "tenant.delete": _l("Data daerah dihapus"),
    "fleet.upgrade": _l("Pembaruan basis data semua daerah"),
    "documents.certificate_uploaded": _l("Sertifikat tanda tangan elektronik diunggah"),
    "documents.signer_saved": _l("Pejabat penandatangan disimpan"),
    "documents.signer_deleted": _l("Pejabat penandatangan dihapus"),
    "opd.create": _l("OPD ditambahkan"),
    "opd.update": _l("OPD diubah"),
    "opd.enable": _l("OPD diaktifkan"),
    "opd.disable": _l("OPD dinonaktifkan"),
    "users.create": _l("Pengguna ditambahkan"),
    "users.update": _l("Data pengguna diubah"),
    "users.invite": _l("Undangan dikirim ulang"),
    "users.enable": _l("Pengguna diaktifkan"),
    "users.disable": _l("Pengguna dinonaktifkan"),
    "users.reset_two_factor": _l("Verifikasi dua langkah pengguna diatur ulang"),
    "users.import": _l("Pengguna diimpor dari berkas"),
    "users.nik_correction.approve": _l("Perbaikan NIK disetujui"),
    "users.nik_correction.reject": _l("Perbaikan NIK ditolak"),
    "account.nik_correction.request": _l("Perbaikan NIK diajukan"),
    "account.recovery_codes.issue": _l("Kode pemulihan dua langkah dibuat"),
    "account.recovery_codes.use": _l("Kode pemulihan dua langkah dipakai"),
    "account.assisted_reset.issue": _l("Kode atur ulang kata sandi diberikan petugas"),
    "account.assisted_reset.use": _l("Kata sandi diatur ulang dengan bantuan petugas"),
    "account.sms_reset.issue": _l("Kode atur ulang kata sandi diminta lewat SMS/WhatsApp"),
    "sms_gateway.update": _l("Gateway SMS/WhatsApp diubah"),
    "sms_gateway.test": _l("Pesan uji gateway SMS/WhatsApp dikirim"),
    "privacy.erasure_requested": _l("Penghapusan data diminta"),
    "privacy.erasure_done": _l("Data warga dihapus atas permintaannya"),
    "privacy.erasure_refused": _l("Permintaan penghapusan data ditolak"),
    "impersonation.grant": _l("Staf platform diberi akses sebagai pengguna"),
    "onboarding.auto_approve": _l("Persetujuan otomatis pendaftaran daerah diubah"),
    "onboarding.approve": _l("Pendaftaran daerah disetujui"),
    "onboarding.reject": _l("Pendaftaran daerah ditolak"),
    "onboarding.domain_add": _l("Domain resmi pemerintah dicatat"),
    "onboarding.domain_remove": _l("Domain resmi pemerintah dihapus dari catatan"),
    # A regency's lifecycle in the control plane (provisioning's TenantAuditEvent).
    "archived": _l("Daerah diarsipkan"),
    "deleted": _l("Data daerah dihapus"),
}

# What the objects the platform records are called; a module's tables are named after the module.
PLATFORM_OBJECTS: Mapping[str, Any] = {
    "user": _l("Pengguna"), "opd": _l("OPD"), "module": _l("Modul"), "tenant": _l("Daerah"),
    "domain": _l("Domain"), "document_signer": _l("Pejabat penandatangan"),
    "document_certificate": _l("Sertifikat tanda tangan"), "setting": _l("Pengaturan"),
    "sms_gateway": _l("Gateway SMS/WhatsApp"),
    "onboarding": _l("Pendaftaran daerah"),
}

# Details a reader can use, in the order shown; the rest (settings, role keys) stays in the record.
DETAIL_LABELS: Mapping[str, Any] = {
    "number": _l("Nomor"), "name": _l("Nama"), "old_name": _l("Nama lama"), "display_name": _l("Nama tampilan"),
    "title": _l("Judul"), "dataset": _l("Data"), "version": _l("Versi"), "amount": _l("Jumlah"),
    "total": _l("Jumlah"), "count": _l("Banyaknya"), "reference": _l("Referensi"), "code": _l("Kode"),
    "inventory_number": _l("Nomor inventaris"), "signer": _l("Penandatangan"), "subject": _l("Subjek"),
    "user_name": _l("Pengguna"), "reason": _l("Alasan"), "note": _l("Catatan"),
}


@dataclass(frozen=True, slots=True)
class Detail:
    label: str
    value: str


def _locale() -> str:
    return str(get_locale() or "id")


def _modules() -> Iterable[ModuleManifest]:
    return current_app.extensions.get("kiblat_modules", ()) if has_app_context() else ()


def _module_for(code: str) -> ModuleManifest | None:
    """The module whose key begins ``code`` (``sri_deli.paid``, ``sri_deli_bill``)."""
    for manifest in _modules():
        if code == manifest.key or code.startswith((manifest.key + ".", manifest.key + "_")):
            return manifest
    return None


def declared_actions() -> dict[str, str]:
    """Every declared action code and its label in the current language."""
    locale = _locale()
    labels = {code: str(label) for code, label in PLATFORM_ACTIONS.items()}
    for manifest in _modules():
        labels.update({code: label.get(locale) for code, label in manifest.audit_actions.items()})
    return labels


def action_label(code: str) -> str:
    if code in PLATFORM_ACTIONS:
        return str(PLATFORM_ACTIONS[code])
    manifest = _module_for(code or "")
    if manifest is not None:
        label = manifest.audit_actions.get(code)
        if label is not None:
            return label.get(_locale())
        return _("Perubahan lain di %(module)s", module=manifest.name.get(_locale()))
    return _("Perubahan lain")


def object_label(object_type: str | None, object_id: str | None, user_names: Mapping[int, str] | None = None) -> str:
    """``Pengguna Siti``, ``Modul Pengumuman``, ``Sri Deli #12``: never a table name."""
    if not object_type:
        return ""
    if object_type == "module" and object_id:
        manifest = _module_for(object_id)
        return _("Modul %(name)s", name=manifest.name.get(_locale())) if manifest else str(PLATFORM_OBJECTS["module"])
    if object_type == "user" and object_id and user_names:
        name = user_names.get(int(object_id)) if object_id.isdigit() else None
        if name:
            return _("Pengguna %(name)s", name=name)
    if object_type == "domain" and object_id:
        return _("Domain %(host)s", host=object_id)
    if object_type in PLATFORM_OBJECTS:
        return str(PLATFORM_OBJECTS[object_type])
    manifest = _module_for(object_type)
    name = manifest.name.get(_locale()) if manifest else _("Data")
    return f"{name} #{object_id}" if object_id and object_id.isdigit() else name


def _value(raw: object) -> str | None:
    if isinstance(raw, bool):
        return _("ya") if raw else _("tidak")
    if isinstance(raw, int | float):
        return format(raw, ",").replace(",", ".") if isinstance(raw, int) and _locale() == "id" else str(raw)
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    return None


def detail_lines(details: Mapping[str, object] | None) -> list[Detail]:
    """The readable details of an entry, labelled; structured values (settings, roles) are left out."""
    lines = []
    for key, label in DETAIL_LABELS.items():
        value = _value((details or {}).get(key))
        if value is not None:
            lines.append(Detail(str(label), value))
    return lines
