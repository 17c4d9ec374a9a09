"""Billing: plans by module and population, government invoices or Stripe, grace and suspension.

Settings (environment):

- ``KIBLAT_STRIPE_SECRET_KEY``: when set, new accounts pay through Stripe; otherwise by
  government invoice (``kiblat billing account SLUG --mode`` changes one account).
- ``KIBLAT_STRIPE_WEBHOOK_SECRET``: verifies ``POST /billing/stripe/webhook`` (base domain).
- ``KIBLAT_STRIPE_API_BASE``: another Stripe-compatible API address (local testing only).
- ``KIBLAT_BILLING_GRACE_DAYS`` (14) and ``KIBLAT_BILLING_DUE_DAYS`` (30).

Grace periods end with time, not with an event: run ``kiblat billing sweep`` (or the
``billing.sweep`` job) daily, and ``kiblat billing issue`` at the start of each month.
"""

from __future__ import annotations

from flask import Flask


def init_billing(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # models (control-plane tables every process loads) must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.billing import jobs  # noqa: F401 - registers the job handler
    from kiblat.platform.billing.blueprint import bp
    from kiblat.platform.billing.pages import bp as pages_bp

    app.register_blueprint(bp)
    app.register_blueprint(pages_bp)
