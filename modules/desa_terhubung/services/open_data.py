"""The desa status as a living dataset (the manifest's ``open_datasets``) and as CSV rows:
facts about places, never about people."""

from __future__ import annotations

from kiblat.modules.desa_terhubung.services import registry

COLUMNS = ("kode_desa", "nama_desa", "kode_kecamatan", "nama_kecamatan", "status", "teknologi_terbaik",
           "sinyal_terkuat", "internet_tetap", "listrik", "unduh_mbps", "tanggal_data", "sumber_data")
STATUS_WORDS = {"connected": "terhubung", "limited": "terbatas", "blankspot": "blankspot", "unknown": "belum_ada_data"}
STRENGTH_ORDER = ("very_strong", "strong", "weak", "none")


def rows() -> list[list[str]]:
    """One row per desa: its status and the facts of the survey that set it."""
    result = []
    for desa in registry.all_desa():
        survey = desa.survey
        strongest = ""
        if survey is not None:
            found = {s.strength for s in survey.signals} or {"none"}
            strongest = next(s for s in STRENGTH_ORDER if s in found)
        result.append([
            desa.code, desa.name, desa.kecamatan_code, desa.kecamatan_name, STATUS_WORDS[desa.status],
            registry.best_technology(survey), strongest,
            survey.fixed_internet if survey else "", survey.electricity if survey else "",
            f"{survey.download_mbps:.1f}" if survey and survey.download_mbps is not None else "",
            survey.observed_on.isoformat() if survey else "", survey.source if survey else "",
        ])
    return result


def status_per_desa() -> dict:
    """Living dataset: the verified connectivity status of every desa."""
    return {
        "variables": [
            {"name": "kode_desa", "definition": "Kode Kemendagri desa/kelurahan", "unit": "", "type": "kode_wilayah"},
            {"name": "nama_desa", "definition": "Nama desa/kelurahan", "unit": "", "type": "teks"},
            {"name": "kode_kecamatan", "definition": "Kode Kemendagri kecamatan", "unit": "", "type": "kode_wilayah"},
            {"name": "nama_kecamatan", "definition": "Nama kecamatan", "unit": "", "type": "teks"},
            {"name": "status", "definition": "terhubung (4G kuat atau serat optik), terbatas, blankspot, "
                                             "belum_ada_data", "unit": "", "type": "teks"},
            {"name": "teknologi_terbaik", "definition": "4g, 3g, 2g atau none", "unit": "", "type": "teks"},
            {"name": "sinyal_terkuat", "definition": "Kategori BPS Podes: very_strong, strong, weak, none",
             "unit": "", "type": "teks"},
            {"name": "internet_tetap", "definition": "fibre, satellite atau none", "unit": "", "type": "teks"},
            {"name": "listrik", "definition": "pln, partial atau none", "unit": "", "type": "teks"},
            {"name": "unduh_mbps", "definition": "Kecepatan unduh hasil uji", "unit": "Mbps", "type": "desimal"},
            {"name": "tanggal_data", "definition": "Tanggal survei terverifikasi", "unit": "", "type": "tanggal"},
            {"name": "sumber_data", "definition": "survey, podes, bakti atau diskominfo", "unit": "", "type": "teks"},
        ],
        "rows": rows(),
    }
