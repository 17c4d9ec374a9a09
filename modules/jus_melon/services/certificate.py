"""The IUMK document (PDF) with a QR code to the public verification page."""

from __future__ import annotations

import io

from flask import has_request_context, url_for

from kiblat.modules.jus_melon.models import ISSUED, Business
from kiblat.modules.jus_melon.services.bands import CAPITAL_BANDS, TURNOVER_BANDS
from kiblat.modules.jus_melon.services.registry import as_of
from kiblat.modules.sri_deli import api as sri_deli
from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.regions.lookup import region_name
from kiblat.platform.web.formatting import latin1, long_date
from kiblat.tenants.context import current_tenant


def verify_url(business: Business) -> str:
    """The public verification address: the request's own host (and port) when there is one."""
    if has_request_context():
        return url_for("jus_melon.verify", token=business.verify_token, _external=True)
    return public_link(current_tenant, f"/iumk/verifikasi/{business.verify_token}")


def iumk_pdf(business: Business) -> bytes:
    if business.status != ISSUED:
        raise ValueError("IUMK belum terbit")
    from fpdf import FPDF  # imported when a PDF is made: it is slow to import

    tenant = current_tenant
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"IUMK {business.number}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, latin1(tenant.official_name.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, latin1(f"KECAMATAN {region_name(business.kecamatan_code) or ''}".upper()), align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, "IZIN USAHA MIKRO DAN KECIL (IUMK)", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, latin1(f"Nomor: {business.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    rows = [("Nama pemilik", business.owner_name), ("NIK", business.nik_masked),
            ("Nama usaha", business.business_name),
            ("Kegiatan usaha", f"{business.activity.code} - {business.activity.name}"),
            ("Skala usaha", business.scale.capitalize()),
            ("Modal usaha", dict(CAPITAL_BANDS)[business.capital_band]),
            ("Hasil penjualan", dict(TURNOVER_BANDS)[business.turnover_band]),
            ("Alamat usaha", f"{business.address}, {region_name(business.desa_code) or ''}"),
            ("Tanggal terbit", long_date(as_of(business).date()))]
    for label, value in rows:
        pdf.cell(45, 7, latin1(label))
        pdf.multi_cell(0, 7, latin1(f": {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, latin1("Dasar hukum: Perpres No. 98 Tahun 2014 tentang Perizinan untuk Usaha Mikro "
                                 "dan Kecil; PP No. 7 Tahun 2021; Permendagri No. 83 Tahun 2014."),
                   new_x="LMARGIN", new_y="NEXT")
    url = verify_url(business)
    y = pdf.get_y() + 4
    pdf.image(io.BytesIO(sri_deli.qr_png(url)), x=pdf.l_margin, y=y, w=35, h=35)
    pdf.set_xy(pdf.l_margin + 40, y + 5)
    pdf.multi_cell(0, 5, latin1(f"Periksa keaslian IUMK ini dengan memindai kode QR atau membuka:\n{url}"))
    return bytes(pdf.output())
