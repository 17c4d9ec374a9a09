"""``POST /billing/stripe/webhook`` on the platform's base domain (Stripe signs, no CSRF)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, jsonify, request

from kiblat.platform.billing.event_shape import MalformedEvent
from kiblat.platform.billing.settings import BillingError
from kiblat.platform.billing.webhooks import SignatureError, process_event, verify
from kiblat.platform.core.extensions import csrf
from kiblat.platform.web.hosts import require_platform_host

bp = Blueprint("billing", __name__)


@bp.post("/billing/stripe/webhook")
@csrf.exempt
def stripe_webhook():  # noqa: ANN201
    require_platform_host()
    try:
        event = verify(request.get_data(), request.headers.get("Stripe-Signature"))
    except SignatureError:
        return jsonify(error="tanda tangan tidak valid"), 400
    except MalformedEvent as exc:
        return jsonify(error=f"event tidak sah: {exc}"), 400
    except BillingError as exc:
        return jsonify(error=str(exc)), 503
    outcome = process_event(event, datetime.now(UTC))
    return jsonify(status=outcome)
