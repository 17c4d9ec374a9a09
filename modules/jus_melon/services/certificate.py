"""The IUMK document: described in words here, laid out, signed and recorded by the platform's
official-document service (letterhead, the camat as signing official, PAdES signature, QR)."""

from __future__ import annotations

from flask import has_request_context, url_for

from kiblat.modules.jus_melon.models import ISSUED, Business
from kiblat.modules.jus_melon.services.bands import CAPITAL_BANDS, TURNOVER_BANDS
from kiblat.platform import documents
from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.regions.lookup import region_name
from kiblat.tenants.context import current_tenant

DOCUMENT_KIND = "jus_melon.iumk"
LEGAL_BASIS = ("Perpres No. 98 Tahun 2014 tentang Perizinan untuk Usaha Mikro dan Kecil; PP No. 7 Tahun 2021; "
               "Permendagri No. 83 Tahun 2014.")


def verify_url(business: Business) -> str:
    """The public verification address: the request's own host (and port) when there is one."""
    if has_request_context():
        return url_for("jus_melon.verify", token=business.verify_token, _external=True)
    return public_link(current_tenant, f"/iumk/verifikasi/{business.verify_token}")


def document_for(business: Business) -> documents.Document:
    kecamatan = region_name(business.kecamatan_code) or ""
    rows = [("Nama pemilik", business.owner_name), ("NIK", business.nik_masked or "-"),
            ("Nama usaha", business.business_name),
            ("Kegiatan usaha", f"{business.activity.code} - {business.activity.name}"),
            ("Skala usaha", business.scale.capitalize()),
            ("Modal usaha", dict(CAPITAL_BANDS)[business.capital_band]),
            ("Hasil penjualan", dict(TURNOVER_BANDS)[business.turnover_band]),
            ("Alamat usaha", f"{business.address}, {region_name(business.desa_code) or ''}".strip(", "))]
    return documents.Document(
        kind=DOCUMENT_KIND, ref=str(business.id), title="Izin Usaha Mikro dan Kecil (IUMK)",
        number=business.number, rows=rows, verify_url=verify_url(business),
        scopes=[f"jus_melon:{business.kecamatan_code}", "jus_melon:iumk"],
        fallback=documents.Signatory(name=business.decided_by_name, position=f"Camat {kecamatan}".strip(),
                                     unit_name=f"Kecamatan {kecamatan}".strip()),
        issued_at=business.decided_at, validity="Berlaku selama usaha masih dijalankan",
        fee="Tidak dipungut biaya",
        intro="Berdasarkan pendaftaran yang telah diperiksa, dengan ini diberikan Izin Usaha Mikro dan Kecil kepada:",
        legal_basis=LEGAL_BASIS)


def iumk_pdf(business: Business) -> bytes:
    if business.status != ISSUED:
        raise ValueError("IUMK belum terbit")
    return documents.issue_pdf(document_for(business))


def issued_record(business: Business):  # noqa: ANN201 - documents' IssuedDocument or None
    return documents.issued(DOCUMENT_KIND, str(business.id))
