"""How long the platform keeps each kind of personal data it stores itself (modules declare
theirs in their manifests), and every rule of a regency together."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from kiblat.platform.modular.manifest import Localized, RetentionRule
from kiblat.tenants.context import current_tenant

PLATFORM_RULES = (
    RetentionRule(
        Localized("Akun: nama, email, nomor telepon, desa", "Account: name, email, phone number, village"),
        Localized("Selama akun dipakai; dihapus atau disamarkan bila Anda meminta penghapusan",
                  "While the account is used; erased or anonymised when you ask for deletion"),
        Localized("Persetujuan Anda dan pelaksanaan layanan (UU 27/2022)",
                  "Your consent and providing the service (UU 27/2022)"),
        erased_on_request=True),
    RetentionRule(
        Localized("NIK (disimpan terenkripsi)", "NIK (stored encrypted)"),
        Localized("Selama akun dipakai; dihapus bila Anda meminta penghapusan",
                  "While the account is used; erased when you ask for deletion"),
        Localized("Pemeriksaan identitas untuk layanan (UU 27/2022)", "Identity checks for services (UU 27/2022)"),
        erased_on_request=True),
    RetentionRule(
        Localized("Permintaan koreksi NIK (NIK baru terenkripsi, alasan, keputusan)",
                  "NIK correction requests (new NIK encrypted, reason, decision)"),
        Localized("Selama akun dipakai; dihapus bila Anda meminta penghapusan",
                  "While the account is used; erased when you ask for deletion"),
        Localized("Pemeriksaan identitas untuk layanan (UU 27/2022)", "Identity checks for services (UU 27/2022)"),
        erased_on_request=True),
    RetentionRule(
        Localized("Sesi masuk, tautan verifikasi dan atur ulang sandi", "Sign-in sessions, verification and reset links"),
        Localized("Sampai kedaluwarsa (paling lama 12 jam untuk sesi); dihapus saat penghapusan",
                  "Until they expire (12 hours at most for a session); erased on deletion"),
        Localized("Keamanan akun", "Account security"),
        erased_on_request=True),
    RetentionRule(
        Localized("Penilaian survei kepuasan", "Satisfaction survey ratings"),
        Localized("Disimpan tanpa nama untuk Indeks Kepuasan Masyarakat; tautan ke akun Anda dihapus saat penghapusan",
                  "Kept without your name for the satisfaction index; the link to your account is erased on deletion"),
        Localized("PermenPAN-RB 14/2017 tentang Survei Kepuasan Masyarakat", "PermenPAN-RB 14/2017 on the satisfaction survey"),
        erased_on_request=True),
    RetentionRule(
        Localized("Catatan persetujuan pemberitahuan privasi", "Records of consent to the privacy notice"),
        Localized("Disimpan sebagai bukti dasar pemrosesan, juga setelah penghapusan",
                  "Kept as proof of the basis of processing, also after deletion"),
        Localized("Kewajiban pengendali membuktikan persetujuan (UU 27/2022)",
                  "The controller must be able to prove consent (UU 27/2022)"),
        erased_on_request=False),
    RetentionRule(
        Localized("Jejak audit (siapa melakukan apa, kapan)", "Audit trail (who did what, when)"),
        Localized("Mengikuti jadwal retensi arsip kabupaten/kota", "Following the regency's archive retention schedule"),
        Localized("Akuntabilitas penyelenggaraan pemerintahan; UU 43/2009 tentang Kearsipan",
                  "Accountability of government; UU 43/2009 on archives"),
        erased_on_request=False),
    RetentionRule(
        Localized("Permintaan penghapusan data dan hasilnya", "Deletion requests and their outcome"),
        Localized("Mengikuti jadwal retensi arsip kabupaten/kota", "Following the regency's archive retention schedule"),
        Localized("Bukti bahwa permintaan Anda ditangani (UU 27/2022)", "Proof that your request was handled (UU 27/2022)"),
        erased_on_request=False),
)


@dataclass(frozen=True)
class Declared:
    """A rule and who declared it (the platform, or a module's name)."""

    owner: Localized
    rule: RetentionRule


PLATFORM = Localized("Akun dan platform", "Account and platform")


def rules() -> list[Declared]:
    """The platform's rules, then those of every module the regency has enabled."""
    found = [Declared(PLATFORM, rule) for rule in PLATFORM_RULES]
    for manifest in current_app.extensions["kiblat_modules"]:
        if manifest.key in current_tenant.modules:
            found += [Declared(manifest.name, rule) for rule in manifest.retention]
    return found
