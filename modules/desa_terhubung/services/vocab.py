"""The words behind the codes stored in the tables (BPS Podes categories, funding sources…).
Labels are lazy: they are shown in the reader's language."""

from __future__ import annotations

from kiblat.platform.web.formatting import N_

CARRIERS = {"telkomsel": "Telkomsel", "indosat": "Indosat Ooredoo", "xl": "XL Axiata", "smartfren": "Smartfren"}
TECHNOLOGIES = {"4g": N_("4G/LTE"), "3g": N_("3G"), "2g": N_("2G"), "none": N_("Tidak ada")}
# BPS Podes: kekuatan sinyal internet telepon seluler.
STRENGTHS = {"very_strong": N_("Sangat kuat"), "strong": N_("Kuat"), "weak": N_("Lemah"), "none": N_("Tidak ada sinyal")}
FIXED = {"fibre": N_("Serat optik"), "satellite": N_("Satelit"), "none": N_("Tidak ada")}
ELECTRICITY = {"pln": N_("Listrik PLN"), "partial": N_("Sebagian/terbatas"), "none": N_("Tidak ada listrik")}
SOURCES = {"survey": N_("Survei operator desa"), "podes": N_("BPS Podes"), "bakti": N_("BAKTI Kominfo"),
           "diskominfo": N_("Diskominfo")}
SURVEY_STATUSES = {"submitted": N_("Menunggu verifikasi"), "verified": N_("Terverifikasi"),
                   "questioned": N_("Dipertanyakan")}
# The status a desa gets from its latest verified survey; also the map's colours.
CONNECTIVITY = {"connected": N_("Terhubung 4G"), "limited": N_("Sinyal terbatas"), "blankspot": N_("Blankspot"),
                "unknown": N_("Belum ada data terverifikasi")}
FUNDING = {"apbd": N_("APBD"), "dana_desa": N_("Dana Desa"), "bakti": N_("BAKTI"), "operator": N_("Operator seluler"),
           "csr": N_("CSR")}
PLAN_STATUSES = {"planned": N_("Direncanakan"), "funded": N_("Didanai"), "building": N_("Dikerjakan"),
                 "done": N_("Selesai"), "cancelled": N_("Dibatalkan")}
