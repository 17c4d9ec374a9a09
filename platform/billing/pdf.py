"""The PDF of an invoice (fpdf2, built-in fonts: text is kept to Latin-1)."""

from __future__ import annotations

from kiblat.platform.billing.models import PAID, Invoice
from kiblat.platform.billing.pricing import TIERS
from kiblat.platform.web.formatting import INDONESIAN, rupiah
from kiblat.platform.web.formatting import latin1 as _latin1
from kiblat.platform.web.formatting import long_date as tanggal
from kiblat.tenants.models import Tenant


def invoice_pdf(invoice: Invoice, tenant: Tenant) -> bytes:
    from fpdf import FPDF  # imported when a PDF is made: it is slow to import

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"Tagihan {invoice.number}"))
    pdf.set_author("Kiblat")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, "TAGIHAN LAYANAN KIBLAT", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    rows = [
        ("Nomor tagihan", invoice.number),
        ("Kepada", tenant.official_name),
        ("Tanggal terbit", tanggal(invoice.issued_at.date())),
        ("Periode", f"{tanggal(invoice.period_start)} - {tanggal(invoice.period_end)}"),
        ("Jatuh tempo", tanggal(invoice.due_date)),
    ]
    tier = next((t for t in TIERS if t.key == invoice.tier), None)
    if tier is not None:
        rows.append(("Golongan", f"{tier.key} ({tier.label})"))
    for label, value in rows:
        pdf.cell(45, 7, _latin1(label))
        pdf.cell(0, 7, _latin1(f": {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(130, 8, "Uraian", border="B")
    pdf.cell(0, 8, "Jumlah / bulan", border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for line in invoice.lines:
        pdf.cell(130, 8, _latin1(line.description))
        pdf.cell(0, 8, rupiah(line.amount, INDONESIAN), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(130, 9, "Total", border="T")
    pdf.cell(0, 9, rupiah(invoice.total, INDONESIAN), border="T", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 10)
    if invoice.status == PAID:
        pdf.cell(0, 7, _latin1(f"LUNAS pada {tanggal(invoice.paid_at.date())}"), new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, 6, _latin1(
            f"Mohon lakukan pembayaran paling lambat {tanggal(invoice.due_date)} dengan mencantumkan "
            f"nomor tagihan {invoice.number} sebagai berita transfer."
        ))
    return bytes(pdf.output())
