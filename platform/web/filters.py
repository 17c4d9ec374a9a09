"""Template filters shared by all templates."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import format_datetime as rfc822_format

from flask import Flask
from flask_babel import format_datetime

from kiblat.platform.core.times import as_utc
from kiblat.platform.web.formatting import kilograms, month, number, rupiah, short_date


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


# Date and minutes: seconds mean nothing to a reader of a notice.
DATETIME_PATTERNS = {"medium": "d MMM yyyy, HH:mm", "long": "d MMMM yyyy, HH:mm zzzz"}


def localized_datetime(value: datetime, fmt: str = "medium") -> str:
    return format_datetime(as_utc(value), DATETIME_PATTERNS.get(fmt, fmt))


def rfc822(value: datetime) -> str:
    return rfc822_format(as_utc(value).astimezone(UTC), usegmt=True)


def register_filters(app: Flask) -> None:
    app.add_template_filter(paragraphs, "paragraphs")
    app.add_template_filter(localized_datetime, "datetime")
    app.add_template_filter(rfc822, "rfc822")
    app.add_template_filter(rupiah, "rupiah")
    app.add_template_filter(short_date, "date")
    app.add_template_filter(kilograms, "kg")
    app.add_template_filter(number, "number")
    app.add_template_filter(month, "month")
