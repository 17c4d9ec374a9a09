"""The one layout of official documents: letterhead (kop surat), title and number, body,
validity and fee, place and date, signing official, and a QR code to the verification page."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field

from kiblat.platform.web.formatting import latin1

PAGE_MARGIN = 18


@dataclass(frozen=True)
class Signatory:
    name: str
    position: str
    nip: str = ""
    unit_name: str = ""
    unit_address: str = ""


@dataclass(frozen=True)
class Letter:
    """Everything printed, already in words: the layout formats nothing itself."""

    government: str  # PEMERINTAH KABUPATEN DELI SERDANG
    title: str
    number: str
    rows: list[tuple[str, str]]
    signatory: Signatory
    place_and_date: str  # Deli Serdang, 2 Desember 2026
    verify_url: str
    qr_png: bytes
    intro: str = ""
    closing: str = ""
    validity: str = ""
    fee: str = ""
    legal_basis: str = ""
    logo: bytes | None = None
    signed_note: str = "Ditandatangani secara elektronik"
    extra_rows: list[tuple[str, str]] = field(default_factory=list)


def _letterhead(pdf, letter: Letter) -> None:  # noqa: ANN001 - fpdf.FPDF, imported lazily
    top = pdf.get_y()
    if letter.logo:
        # An unreadable logo leaves the letterhead text-only.
        with contextlib.suppress(ValueError, RuntimeError, OSError):
            pdf.image(io.BytesIO(letter.logo), x=PAGE_MARGIN, y=top, h=24)
    pdf.set_left_margin(PAGE_MARGIN + 26)
    pdf.set_right_margin(PAGE_MARGIN + 8)
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 6, latin1(letter.government.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    unit = letter.signatory.unit_name
    if unit:
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 6, latin1(unit.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    if letter.signatory.unit_address:
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 4.5, latin1(letter.signatory.unit_address), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_left_margin(PAGE_MARGIN)
    pdf.set_right_margin(PAGE_MARGIN)
    y = max(pdf.get_y() + 2, top + 26)
    pdf.set_line_width(0.9)
    pdf.line(PAGE_MARGIN, y, pdf.w - PAGE_MARGIN, y)
    pdf.set_line_width(0.3)
    pdf.line(PAGE_MARGIN, y + 1.3, pdf.w - PAGE_MARGIN, y + 1.3)
    pdf.set_xy(PAGE_MARGIN, y + 6)


def render(letter: Letter) -> bytes:
    from fpdf import FPDF  # imported when a PDF is made: it is slow to import

    pdf = FPDF(format="A4")
    pdf.set_margins(PAGE_MARGIN, 15, PAGE_MARGIN)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(latin1(f"{letter.title} {letter.number}"))
    pdf.set_author(latin1(letter.government))
    pdf.set_creator("Kiblat")
    pdf.add_page()
    _letterhead(pdf, letter)
    pdf.set_font("Helvetica", "BU", 13)
    pdf.multi_cell(0, 7, latin1(letter.title.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, latin1(f"Nomor: {letter.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    if letter.intro:
        pdf.multi_cell(0, 5.5, latin1(letter.intro), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    rows = list(letter.rows) + list(letter.extra_rows)
    if letter.validity:
        rows.append(("Masa berlaku", letter.validity))
    if letter.fee:
        rows.append(("Retribusi", letter.fee))
    label_width = 52
    for label, value in rows:
        y = pdf.get_y()
        pdf.set_font("Helvetica", "", 10.5)
        pdf.multi_cell(label_width, 5.5, latin1(label), new_x="RIGHT", new_y="TOP")
        label_bottom = pdf.get_y()
        pdf.set_xy(PAGE_MARGIN + label_width, y)
        pdf.multi_cell(0, 5.5, latin1(f": {value}"), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), label_bottom))
        pdf.ln(0.8)
    if letter.closing:
        pdf.ln(2)
        pdf.multi_cell(0, 5.5, latin1(letter.closing), new_x="LMARGIN", new_y="NEXT")
    if letter.legal_basis:
        pdf.ln(2)
        pdf.set_font("Helvetica", "", 8.5)
        pdf.multi_cell(0, 4.2, latin1(f"Dasar hukum: {letter.legal_basis}"), new_x="LMARGIN", new_y="NEXT")
    # The signature block needs about 62 mm; start a new page rather than splitting it.
    if pdf.get_y() + 62 > pdf.h - 15:
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    block_x = pdf.w / 2 + 5
    width = pdf.w - PAGE_MARGIN - block_x
    pdf.set_font("Helvetica", "", 10.5)
    pdf.set_xy(block_x, top)
    signer = letter.signatory
    pdf.multi_cell(width, 5.5, latin1(f"{letter.place_and_date}\n{signer.position}"), new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_x(block_x)
    pdf.set_font("Helvetica", "I", 8.5)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 8, latin1(letter.signed_note), border=0, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    pdf.set_x(block_x)
    pdf.set_font("Helvetica", "BU", 10.5)
    pdf.multi_cell(width, 5.5, latin1(signer.name), new_x="LMARGIN", new_y="NEXT")
    if signer.nip:
        pdf.set_x(block_x)
        pdf.set_font("Helvetica", "", 10.5)
        pdf.multi_cell(width, 5.5, latin1(f"NIP. {signer.nip}"), new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.image(io.BytesIO(letter.qr_png), x=PAGE_MARGIN, y=top, w=32, h=32)
    # The address on one full-width line, so it can be read (and copied) whole.
    pdf.set_y(max(bottom, top + 34) + 6)
    pdf.set_font("Helvetica", "", 8)
    pdf.set_text_color(70, 70, 70)
    pdf.multi_cell(0, 4, latin1(
        "Dokumen ini ditandatangani secara elektronik dengan sertifikat elektronik dan sah tanpa tanda "
        "tangan basah. Periksa keaslian dan status dokumen dengan memindai kode QR atau membuka:"),
        new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 7.5 if len(letter.verify_url) < 110 else 6)
    pdf.cell(0, 4, latin1(letter.verify_url), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())
