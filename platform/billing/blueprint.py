"""``POST /billing/stripe/webhook`` on the platform's base domain (Stripe signs, no CSRF)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, jsonify, request

from kiblat.platform.billing.event_shape import MalformedEvent
from kiblat.platform.billing.settings import BillingError
from kiblat.platform.billing.webhooks import SignatureError, process_event, verify
from kiblat.platform.core.extensions import csrf
from kiblat.tenants.context import get_current_tenant

bp = Blueprint("billing", __name__)


@bp.post("/billing/stripe/webhook")
@csrf.exempt
def stripe_webhook():  # noqa: ANN201
    if get_current_tenant() is not None:
        abort(404)
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
