"""The platform's payment accounts: one per regency and module, each module's keys its own, and
the keys and handled events saved before they moved here (by sri_deli_0005 and kunjungan_0003)
still working after the move."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from flask import Flask
from sqlalchemy import select, text

from kiblat.migrations import runner
from kiblat.modules.kunjungan.services import booking, clock
from kiblat.platform.identity.crypto import decrypt, encrypt
from kiblat.platform.payments import accounts, webhooks
from kiblat.platform.payments.models import PaymentAccount, PaymentEvent
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from tests.billing.conftest import sign
from tests.modules.kunjungan.helpers import NOW, SATURDAY, book, in_tenant, make_park, slot_at

SECRET_KEY = "sk_test_sebelum_pindah"
WEBHOOK_SECRET = "whsec_sebelum_pindah"
SAVED_AT = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


def migrate(app: Flask, tenant: TenantInfo, steps: Callable[[Config, object], None]) -> None:
    """Run ``steps(cfg, connection)`` on the tenant's schema/file in one migration transaction."""
    with app.app_context():
        _migrate(tenant, steps)


def _migrate(tenant: TenantInfo, steps: Callable[[Config, object], None]) -> None:
    engines = tenant_db.engines
    cfg = runner.tenant_config()
    if engines.is_postgresql:
        cfg.attributes["schema"] = tenant.schema_name
    tenant_db.close_sessions()
    with runner.migration_transaction(engines.engine_for(tenant.slug)) as conn:
        if engines.is_postgresql:
            conn.exec_driver_sql(f'SET LOCAL search_path TO "{tenant.schema_name}"')
        cfg.attributes["connection"] = conn
        steps(cfg, conn)


def deliver(app: Flask, tenant: TenantInfo, path: str, event: dict, secret: str = WEBHOOK_SECRET):  # noqa: ANN201
    payload = json.dumps(event).encode()
    return app.test_client().post(path, base_url=f"http://{tenant.primary_host}", data=payload,
                                  headers={"Stripe-Signature": sign(payload, secret),
                                           "Content-Type": "application/json"})


def paid_event(slug: str, code: str, amount: int, event_id: str) -> dict:
    return {"id": event_id, "object": "event", "type": "payment_intent.succeeded", "data": {"object": {
        "id": "pi_pindah_1", "object": "payment_intent", "status": "succeeded", "amount": amount,
        "amount_received": amount, "currency": "idr", "metadata": {"tenant_slug": slug, "booking_code": code}}}}


def test_keys_and_events_saved_before_the_move_still_work_after_it(app, make_tenant, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(clock, "now", lambda: NOW)
    tenant = make_tenant(modules=("sri_deli", "kunjungan"))
    with in_tenant(app, tenant):
        made = make_park(capacity=4)
        slot = slot_at(made, SATURDAY)
        paid = book(made, slot, adults=1, paid_method="cash")
        waiting = book(made, slot, adults=2, pay_online=True)
        paid_id, paid_code, waiting_code, total = paid.id, paid.code, waiting.code, waiting.total
        old = {owner: (encrypt(SECRET_KEY, f"{owner}-stripe-secret-key"),
                       encrypt(WEBHOOK_SECRET, f"{owner}-stripe-webhook-secret")) for owner in ("sri-deli", "kunjungan")}

    def back_to_the_old_tables_and_forward(cfg: Config, conn) -> None:  # noqa: ANN001
        command.downgrade(cfg, "sri_deli_0004")
        command.downgrade(cfg, "kunjungan_0002")
        for table, (secret, webhook) in (("sri_deli_stripe_account", old["sri-deli"]),
                                         ("kunjungan_stripe_account", old["kunjungan"])):
            conn.execute(text(f"INSERT INTO {table} (secret_key_cipher, webhook_secret_cipher, enabled, updated_at, "
                              "updated_by_name) VALUES (:s, :w, :e, :at, 'Admin Lama')"),
                         {"s": secret, "w": webhook, "e": True, "at": SAVED_AT})
        conn.execute(text("INSERT INTO kunjungan_stripe_event (event_id, booking_id, outcome, received_at) "
                          "VALUES ('evt_lama_1', :b, 'paid', :at), ('evt_lama_2', NULL, 'ignored', :at)"),
                     {"b": paid_id, "at": SAVED_AT})
        command.upgrade(cfg, "sri_deli@head")
        command.upgrade(cfg, "kunjungan@head")

    migrate(app, tenant, back_to_the_old_tables_and_forward)
    with in_tenant(app, tenant):
        rows = {row.owner: row for row in tenant_db.session.scalars(select(PaymentAccount))}
        assert set(rows) == {"sri_deli", "kunjungan"}
        for owner, row in rows.items():
            assert accounts.available(owner) and row.updated_by_name == "Admin Lama"
            assert decrypt(row.secret_key_cipher, accounts.secret_purpose(owner)) == SECRET_KEY
            assert accounts.webhook_secret(owner) == WEBHOOK_SECRET
        events = {e.event_id: (e.owner, e.ref, e.outcome) for e in tenant_db.session.scalars(select(PaymentEvent))}
        assert events == {"evt_lama_1": ("kunjungan", paid_code, "paid"), "evt_lama_2": ("kunjungan", "", "ignored")}
    # The moved event id is still handled once; a new event, signed with the old secret, pays.
    path = "/kunjungan/stripe/webhook"
    again = deliver(app, tenant, path, paid_event(tenant.slug, waiting_code, total * 100, "evt_lama_1"))
    assert again.get_json()["status"] == "already"
    fresh = deliver(app, tenant, path, paid_event(tenant.slug, waiting_code, total * 100, "evt_baru_1"))
    assert fresh.status_code == 200 and fresh.get_json()["status"] == "paid"
    with in_tenant(app, tenant):
        assert booking.by_code(waiting_code).status == booking.PAID


def test_one_modules_keys_are_not_another_modules(app, make_tenant) -> None:  # noqa: ANN001
    """Kunjungan's Stripe account does not switch Sri Deli on, and a webhook signed with
    Kunjungan's secret is refused at Sri Deli's address of the same regency."""
    tenant = make_tenant(modules=("sri_deli", "kunjungan"))
    with in_tenant(app, tenant):
        accounts.save("kunjungan", SECRET_KEY, WEBHOOK_SECRET, True, "Pengelola Uji")
        tenant_db.session.commit()
        assert accounts.available("kunjungan") and not accounts.available("sri_deli")
    event = {"id": "evt_lain_1", "object": "event", "type": "payment_intent.succeeded", "data": {"object": {
        "id": "pi_lain_1", "object": "payment_intent", "status": "succeeded", "amount": 100, "amount_received": 100,
        "currency": "idr", "metadata": {"tenant_slug": tenant.slug, "bill_code": "000000000000000"}}}}
    assert deliver(app, tenant, "/perizinan/stripe/webhook", event).status_code == 400
    with in_tenant(app, tenant):
        accounts.save("sri_deli", "sk_test_retribusi", "whsec_retribusi", True, "Admin Uji")
        tenant_db.session.commit()
        assert accounts.webhook_secret("sri_deli") == "whsec_retribusi"
        assert accounts.webhook_secret("kunjungan") == WEBHOOK_SECRET
    assert deliver(app, tenant, "/perizinan/stripe/webhook", event).status_code == 400


def test_the_same_event_id_is_handled_once_per_owner(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("pengumuman",))
    event = {"id": "evt_sekali", "type": "customer.created", "data": {"object": {}}}
    with in_tenant(app, tenant):
        assert webhooks.handle("satu", event, lambda payment: webhooks.Handled("paid")).outcome == webhooks.IGNORED
        assert webhooks.handle("satu", event, lambda payment: webhooks.Handled("paid")).outcome == webhooks.ALREADY
        assert webhooks.handle("dua", event, lambda payment: webhooks.Handled("paid")).outcome == webhooks.IGNORED
