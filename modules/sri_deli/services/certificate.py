"""The permit document (PDF, fpdf2) with a QR code pointing to the public verification page."""

from __future__ import annotations

import io

from flask import has_request_context, url_for

from kiblat.modules.sri_deli.models import APPROVED, Application
from kiblat.modules.sri_deli.services.queries import aware
from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.regions.lookup import region_name
from kiblat.platform.web.formatting import latin1, long_date
from kiblat.tenants.context import current_tenant


class CertificateError(ValueError):
    pass


def verify_url(application: Application) -> str:
    """The public verification address: the request's own host (and port) when there is one."""
    if has_request_context():
        return url_for("sri_deli.verify", token=application.verify_token, _external=True)
    return public_link(current_tenant, f"/perizinan/verifikasi/{application.verify_token}")


def qr_png(url: str) -> bytes:
    import segno  # imported when a code is drawn: only certificates need it

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=4, border=2)
    return out.getvalue()


def certificate_pdf(application: Application) -> bytes:
    if application.status != APPROVED or application.verify_token is None:
        raise CertificateError("Izin belum disetujui")
    from fpdf import FPDF  # imported when a PDF is made: it is slow to import

    tenant = current_tenant
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"Izin {application.certificate_number}"))
    pdf.set_author(latin1(tenant.official_name))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(tenant.official_name.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(application.permit_type.name.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, latin1(f"Nomor: {application.certificate_number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    rows = [("Nama pemohon", application.applicant_name),
            ("NIK / NIB", application.nik_masked or application.nib or "-"),
            ("Alamat", f"{application.address}, {region_name(application.desa_code) or ''}"),
            ("Nomor pendaftaran", application.number),
            ("Tanggal terbit", long_date(aware(application.decided_at).date())),
            ("Berlaku sampai", long_date(aware(application.valid_until).date()) if application.valid_until
             else "Selama tidak ada perubahan")]
    for field in application.permit_type.fields:
        if field["key"] in application.form_data:
            rows.append((field["label"].replace("²", "2"), str(application.form_data[field["key"]])))
    for label, value in rows:
        pdf.cell(55, 7, latin1(label))
        pdf.multi_cell(0, 7, latin1(f": {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, latin1(f"Dasar hukum: {application.permit_type.legal_basis}"),
                   new_x="LMARGIN", new_y="NEXT")
    url = verify_url(application)
    pdf.ln(4)
    y = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(url)), x=pdf.l_margin, y=y, w=35, h=35)
    pdf.set_xy(pdf.l_margin + 40, y + 5)
    pdf.multi_cell(0, 5, latin1("Pindai kode QR atau buka alamat berikut untuk memeriksa keaslian dan "
                                 f"status izin ini:\n{url}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(y + 40)
    pdf.multi_cell(0, 5, latin1("Dokumen ini diterbitkan secara elektronik dan sah tanpa tanda tangan basah."))
    return bytes(pdf.output())
