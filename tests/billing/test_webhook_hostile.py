"""Correctly signed but malformed Stripe events are refused with a 400 and change nothing;
a fuzzer mutating real event shapes never gets a 5xx out of the receiver."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiblat.platform.billing.models import Invoice, StripeEvent
from kiblat.platform.core.extensions import db

from .conftest import post_event, sign
from .test_stripe_webhook import event, invoice, stripe_account, subscription

URL, BASE = "/billing/stripe/webhook", "http://kiblat.test"


def post_raw(client, payload: bytes):  # noqa: ANN001, ANN201
    return client.post(URL, data=payload, base_url=BASE,
                       headers={"Stripe-Signature": sign(payload), "Content-Type": "application/json"})


def counts() -> tuple[int, int]:
    db.session.rollback()
    return (db.session.scalar(select(func.count()).select_from(StripeEvent)),
            db.session.scalar(select(func.count()).select_from(Invoice)))


def broken_events(customer: str) -> dict[str, object]:
    good = event("invoice.paid", invoice(customer, status="paid"))

    def without(path: tuple[str, ...]) -> dict:
        copy = json.loads(json.dumps(good))
        target = copy
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return copy

    def changed(path: tuple[str, ...], value: object) -> dict:
        copy = json.loads(json.dumps(good))
        target = copy
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return copy

    return {
        "no id": without(("id",)),
        "no data": without(("data",)),
        "no data.object": without(("data", "object")),
        "no invoice id": without(("data", "object", "id")),
        "object is a list": changed(("data", "object"), [1, 2]),
        "created is text": changed(("created",), "kemarin"),
        "created is huge": changed(("created",), 10**30),
        "created is negative": changed(("created",), -5),
        "id is a number": changed(("id",), 12),
        "amount is text": changed(("data", "object", "amount_due"), "banyak"),
        "line is text": changed(("data", "object", "lines"), {"data": ["baris"]}),
        "paid_at is text": changed(("data", "object", "status_transitions"), {"paid_at": "tadi"}),
        "customer object without id": changed(("data", "object", "customer"), {"nama": "x"}),
        "number longer than its column": changed(("data", "object", "number"), "N" * 61),
        "NUL in the invoice id": changed(("data", "object", "id"), "in_\x00x"),
        "a JSON array": [good],
        "a JSON string": "invoice.paid",
        "JSON null": None,
    }


@pytest.mark.parametrize("case", list(broken_events("cus_x")))
def test_signed_but_malformed_events_are_a_400_and_change_nothing(app_ctx, client, make_tenant, stripe_settings,
                                                                  case: str):
    tenant, customer = stripe_account(make_tenant)
    before = counts()
    response = post_raw(client, json.dumps(broken_events(customer)[case]).encode())
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.is_json and response.get_json()["error"]
    assert counts() == before
    # The receiver still works.
    assert post_event(client, event("invoice.paid", invoice(customer, status="paid"))).status_code == 200


@pytest.mark.parametrize("payload", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
                                     b"\xff\xfe", b"", b"{"])
def test_signed_bodies_that_are_not_json_events_are_a_400(app_ctx, client, stripe_settings, payload: bytes):
    assert post_raw(client, payload).status_code == 400


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=False)
    | st.text(max_size=80),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
EVENT_TYPES = ["invoice.paid", "invoice.payment_failed", "invoice.voided", "customer.subscription.updated",
               "checkout.session.completed", "something.else"]


def _mutate(document: object, data: st.DataObject, depth: int = 0) -> object:
    """Replace, drop or keep each field of ``document``, recursively."""
    if not isinstance(document, dict) or depth > 4:
        return document
    result = {}
    for key, value in document.items():
        action = data.draw(st.sampled_from(["keep", "keep", "recurse", "drop", "replace"]), label=key)
        if action == "drop":
            continue
        if action == "replace":
            result[key] = data.draw(JSON_VALUES, label=f"{key}=")
        elif action == "recurse":
            result[key] = _mutate(value, data, depth + 1)
        else:
            result[key] = value
    return result


@pytest.fixture
def fuzz_customer(app_ctx, make_tenant, stripe_settings) -> str:  # noqa: ANN001
    """One Stripe-billed regency for all examples (fixtures run once per test, not per example)."""
    return stripe_account(make_tenant)[1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_signed_events_never_crash_the_receiver(client, fuzz_customer: str, data):  # noqa: ANN001
    customer = fuzz_customer
    kind = data.draw(st.sampled_from(EVENT_TYPES), label="type")
    obj = (subscription(customer, f"sub_{uuid.uuid4().hex[:8]}", "active") if "subscription" in kind
           else {"object": "checkout.session", "customer": customer, "subscription": "sub_1",
                 "client_reference_id": "tidak-ada"} if kind.startswith("checkout")
           else invoice(customer, status="paid"))
    mutated = _mutate(event(kind, obj, created=int(time.time())), data)
    response = post_raw(client, json.dumps(mutated).encode())
    assert response.status_code in (200, 400), (mutated, response.get_data(as_text=True))
