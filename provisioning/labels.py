"""What a provisioning step and a run's or step's status are called on the onboarding status page
and in the staff console (its provisioning journal and its fleet upgrade runs, which use the same
status words): words in the reader's language, never the code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STEP_LABELS = {
    "validate": _l("Memeriksa data pendaftaran"),
    "register": _l("Mendaftarkan kabupaten/kota"),
    "create_storage": _l("Menyiapkan basis data"),
    "migrate": _l("Membuat tabel layanan"),
    "load_regions": _l("Memuat kecamatan dan desa/kelurahan"),
    "branding": _l("Menerapkan tampilan situs"),
    "modules": _l("Mengaktifkan modul"),
    "template": _l("Menyalin konfigurasi templat"),
    "users": _l("Mengundang pengguna"),
    "domains": _l("Menyiapkan domain"),
    "activate": _l("Membuka layanan"),
}

STATUS_LABELS = {
    "queued": _l("menunggu"),
    "pending": _l("menunggu"),
    "running": _l("berjalan"),
    "done": _l("selesai"),
    "unchanged": _l("selesai, tanpa perubahan"),
    "succeeded": _l("berhasil"),
    "failed": _l("gagal"),
}


def step_label(name: str) -> str:
    # A step an older or newer version journaled still reads as words.
    return str(STEP_LABELS.get(name, name.replace("_", " ").capitalize()))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status.replace("_", " ")))
