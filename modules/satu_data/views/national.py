"""The national catalogue on the platform host: every regency's public datasets together."""

from __future__ import annotations

from flask import abort


def portal() -> str:
    abort(404)
