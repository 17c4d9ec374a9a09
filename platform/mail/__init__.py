"""Outgoing email through an outbox table; SMTP in production, the console in development."""

from __future__ import annotations

from flask import Flask


def init_mail(app: Flask) -> None:
    from kiblat.platform.mail.blueprint import bp

    app.register_blueprint(bp)
