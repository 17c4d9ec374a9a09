"""What a ticket carries: the QR text, its picture, a PDF and a calendar entry.

The QR holds the ticket's random secret plus a signature bound to the regency, so an altered
code or one from another regency is refused before any lookup. Gates that work offline
receive only SHA-256 hashes of the secrets.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io

from flask import current_app
from sqlalchemy import select

from kiblat.modules.kunjungan.models import Booking, Ticket
from kiblat.modules.kunjungan.services import clock
from kiblat.platform.core.times import as_utc
from kiblat.platform.web.formatting import INDONESIAN, latin1, long_date, rupiah
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

SIGNATURE_CHARS = 12


def _signature(secret: str) -> str:
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"kunjungan:{current_tenant.slug}:{secret}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_CHARS]


def qr_text(ticket: Ticket) -> str:
    return f"{ticket.secret}.{_signature(ticket.secret)}"


def secret_of(code: str) -> str | None:
    """The secret in a scanned or typed code when its signature is right, else ``None``."""
    code = (code or "").strip()
    secret, dot, signature = code.rpartition(".")
    if not dot or not secret or len(code) > 80:
        return None
    return secret if hmac.compare_digest(signature, _signature(secret)) else None


def by_code(code: str) -> Ticket | None:
    secret = secret_of(code)
    if secret is None:
        return None
    return tenant_db.session.scalar(select(Ticket).where(Ticket.secret == secret))


def qr_svg(ticket: Ticket) -> str:
    import segno  # only ticket pages draw codes

    buffer = io.BytesIO()
    segno.make(qr_text(ticket), error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return buffer.getvalue().decode()


def pdf(booking: Booking) -> bytes:
    """One page per ticket, each with its QR, for printing or keeping on a phone."""
    import segno  # PDFs and codes are drawn only here
    from fpdf import FPDF

    document = FPDF(format=(105, 148))  # A6, in millimetres
    document.set_auto_page_break(False)
    starts = clock.local(booking.slot.starts_at)
    ends = clock.local(booking.slot.ends_at)

    def line(height: int, text: str) -> None:
        document.multi_cell(0, height, new_x="LMARGIN", new_y="NEXT", text=latin1(text))

    for ticket in booking.tickets:
        document.add_page()
        document.set_font("helvetica", "B", 13)
        line(7, booking.slot.place.name)
        document.set_font("helvetica", "", 10)
        line(5, f"{long_date(starts.date(), INDONESIAN)}, {starts:%H.%M}-{ends:%H.%M} {starts.tzname()}")
        line(5, f"{ticket.ticket_type.name} - {rupiah(ticket.price, INDONESIAN)}")
        line(5, f"{booking.name} - kode pesanan {booking.code}")
        image = io.BytesIO()
        segno.make(qr_text(ticket), error="m").save(image, kind="png", scale=8, border=2)
        image.seek(0)
        document.image(image, x=22, y=document.get_y() + 3, w=60)
    return bytes(document.output())


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(booking: Booking, url: str) -> str:
    """An iCalendar event for the visit (add-to-calendar)."""
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    starts = as_utc(booking.slot.starts_at).strftime("%Y%m%dT%H%M%SZ")
    ends = as_utc(booking.slot.ends_at).strftime("%Y%m%dT%H%M%SZ")
    place = booking.slot.place
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kiblat//Kunjungan//ID", "BEGIN:VEVENT",
        f"UID:kunjungan-{booking.code}@{current_tenant.primary_host}", f"DTSTAMP:{stamp}",
        f"DTSTART:{starts}", f"DTEND:{ends}",
        f"SUMMARY:{_ics_text('Kunjungan ' + place.name)}",
        f"LOCATION:{_ics_text(place.address or place.name)}",
        f"DESCRIPTION:{_ics_text(f'{booking.seats} tiket, kode pesanan {booking.code}')}",
        f"URL:{url}", "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
