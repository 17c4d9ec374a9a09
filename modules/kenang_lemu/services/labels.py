"""Printable exhibit labels: an A4 sheet of eight labels (two columns, four rows), each with the
title (and the English title where written), a short text, the inventory number and a QR code
of the object page. The page is short and light, so it opens fast on 2G; it is shown in the
language the visitor's phone asks for."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from kiblat.modules.kenang_lemu.models import MuseumObject
from kiblat.platform.web.formatting import latin1

COLUMNS, ROWS = 2, 4
LABEL_W, LABEL_H = 95.0, 68.0  # mm
MARGIN_X, MARGIN_Y = 10.0, 12.0
QR_SIZE = 30.0
SHORT_TEXT = 180


def short_text(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 3].rsplit(" ", 1)[0] + "..."


def pdf(objects: Sequence[MuseumObject], page_url: Callable[[MuseumObject], str]) -> bytes:
    import segno  # PDFs and codes are drawn only here
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.set_auto_page_break(False)
    document.set_margins(MARGIN_X, MARGIN_Y)
    for index, obj in enumerate(objects):
        slot = index % (COLUMNS * ROWS)
        if slot == 0:
            document.add_page()
        x = MARGIN_X + (slot % COLUMNS) * LABEL_W
        y = MARGIN_Y + (slot // COLUMNS) * LABEL_H
        document.set_draw_color(180, 180, 180)
        document.rect(x, y, LABEL_W - 4, LABEL_H - 4)
        text_width = LABEL_W - QR_SIZE - 12
        document.set_xy(x + 3, y + 3)
        document.set_font("helvetica", "B", 12)
        document.multi_cell(text_width, 5.5, latin1(obj.title), new_x="LEFT", new_y="NEXT", align="L")
        if obj.title_en:
            document.set_font("helvetica", "I", 9)
            document.multi_cell(text_width, 4.5, latin1(obj.title_en), new_x="LEFT", new_y="NEXT", align="L")
        document.set_font("helvetica", "", 8.5)
        details = ", ".join(v for v in (obj.period, obj.culture, obj.material) if v)
        if details:
            document.multi_cell(text_width, 4, latin1(details), new_x="LEFT", new_y="NEXT", align="L")
        document.set_font("helvetica", "", 8)
        remaining = y + LABEL_H - 12 - document.get_y()
        if remaining > 8 and obj.description:
            document.multi_cell(text_width, 3.8, latin1(short_text(obj.description)), new_x="LEFT", new_y="NEXT",
                                align="L")
        document.set_xy(x + 3, y + LABEL_H - 11)
        document.set_font("helvetica", "B", 9)
        document.cell(text_width, 4, latin1(f"No. inv. {obj.inventory_number}"))
        image = io.BytesIO()
        segno.make(page_url(obj), error="m").save(image, kind="png", scale=6, border=2)
        image.seek(0)
        document.image(image, x=x + LABEL_W - QR_SIZE - 7, y=y + 3, w=QR_SIZE)
        document.set_xy(x + LABEL_W - QR_SIZE - 7, y + 4 + QR_SIZE)
        document.set_font("helvetica", "", 6.5)
        document.multi_cell(QR_SIZE, 3, latin1("Pindai untuk cerita lengkap / Scan for the full story"),
                            align="C")
    if not objects:
        document.add_page()
        document.set_font("helvetica", "", 12)
        document.cell(0, 10, latin1("Belum ada koleksi terbit untuk dicetak labelnya."))
    return bytes(document.output())
