"""A regency's own payment accounts (Stripe) and the webhooks they send, for any module.

Each module that takes money online keeps one account per regency (``owner`` = the module's
key, which this package never names): the secret key and the webhook signing secret, encrypted.
This package opens Checkout sessions, verifies signed webhooks, refuses payments that name
another regency, and handles each Stripe event id once. The module passes what a paid event
means for its own records (a callable) and keeps its own wording.
"""

from __future__ import annotations

from flask import Flask


def init_payments(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the services and
    # models that modules use must load without the shared template's blueprint.
    from kiblat.platform.payments.blueprint import bp

    app.register_blueprint(bp)
