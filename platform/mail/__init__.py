"""Outgoing email through an outbox table; SMTP in production, the console in development."""

from __future__ import annotations

from flask import Flask


def init_mail(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # models and sender (the outbox, used by every process that mails) must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.mail.blueprint import bp

    app.register_blueprint(bp)
