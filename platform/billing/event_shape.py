"""The shape of the Stripe events Kiblat acts on, checked before any of it is read.

A correctly signed event can still be malformed (a bug at the sender, a replayed test
payload, a future API version): it is refused with a 400 rather than half applied. Only
the fields the handlers read are described; Stripe's other fields are left alone. Lengths
and ranges are those of the columns the values are stored in.
"""

from __future__ import annotations

from jsonschema import Draft202012Validator

from kiblat.platform.web.hostile_input import contains_nul

EPOCH = {"type": "integer", "minimum": 0, "maximum": 253402300799}  # up to 9999-12-31
OPTIONAL_EPOCH = {"type": ["integer", "null"], "minimum": 0, "maximum": 253402300799}
AMOUNT = {"type": ["integer", "null"], "minimum": -(10**15), "maximum": 10**15}
STRIPE_ID = {"type": "string", "minLength": 1, "maxLength": 255}
OPTIONAL_TEXT = {"type": ["string", "null"], "maxLength": 5000}
CUSTOMER = {"anyOf": [
    {"type": "null"}, STRIPE_ID,
    {"type": "object", "required": ["id"], "properties": {"id": STRIPE_ID}},
]}

INVOICE = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": STRIPE_ID,
        "number": {"type": ["string", "null"], "maxLength": 60},
        "customer": CUSTOMER,
        "status": OPTIONAL_TEXT,
        "created": OPTIONAL_EPOCH,
        "period_start": OPTIONAL_EPOCH,
        "period_end": OPTIONAL_EPOCH,
        "amount_due": AMOUNT,
        "total": AMOUNT,
        "status_transitions": {"type": ["object", "null"], "properties": {"paid_at": OPTIONAL_EPOCH}},
        "lines": {"type": ["object", "null"], "properties": {"data": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "amount": AMOUNT,
                "description": OPTIONAL_TEXT,
                "metadata": {"type": ["object", "null"],
                             "properties": {"module_key": OPTIONAL_TEXT}},
            },
        }}}},
    },
}
SUBSCRIPTION = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": STRIPE_ID, "customer": CUSTOMER,
                   "status": {"type": ["string", "null"], "maxLength": 30}},
}
CHECKOUT_SESSION = {
    "type": "object",
    "properties": {"object": OPTIONAL_TEXT, "client_reference_id": OPTIONAL_TEXT, "customer": CUSTOMER,
                   "subscription": {"anyOf": [{"type": "null"}, STRIPE_ID]}},
}
OBJECTS = {
    "invoice.paid": INVOICE,
    "invoice.payment_succeeded": INVOICE,
    "invoice.payment_failed": INVOICE,
    "invoice.voided": INVOICE,
    "customer.subscription.created": SUBSCRIPTION,
    "customer.subscription.updated": SUBSCRIPTION,
    "customer.subscription.deleted": SUBSCRIPTION,
    "checkout.session.completed": CHECKOUT_SESSION,
}


def _envelope(object_schema: dict) -> Draft202012Validator:
    return Draft202012Validator({
        "type": "object",
        "required": ["id", "type", "created", "data"],
        "properties": {
            "id": STRIPE_ID,
            "type": {"type": "string", "maxLength": 100},
            "created": EPOCH,
            "data": {"type": "object", "required": ["object"], "properties": {"object": object_schema}},
        },
    })


VALIDATORS = {event_type: _envelope(schema) for event_type, schema in OBJECTS.items()}


class MalformedEvent(ValueError):
    """A signed event that lacks or mistypes what its handler needs."""


def check_event(event: object) -> None:
    """Raise :class:`MalformedEvent` unless ``event`` is an event of a handled type, well formed.
    Events of types Kiblat does not handle only need to be JSON objects with a ``type``."""
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise MalformedEvent("an event is a JSON object with a type")
    if contains_nul(event):
        raise MalformedEvent("a NUL character in the event")
    validator = VALIDATORS.get(event["type"])
    if validator is None:
        return
    error = next(iter(validator.iter_errors(event)), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(event)"
        raise MalformedEvent(f"{where}: {error.message[:200]}")
