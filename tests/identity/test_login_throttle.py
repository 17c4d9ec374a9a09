"""Sign-in throttling per account and per client address, with a clear 429."""

from __future__ import annotations

import os

from flask import Flask

from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from tests.identity.helpers import PASSWORD, add_user, csrf_token, sign_in

REDIS_URL = os.environ.get("KIBLAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_five_failures_lock_the_account_then_success_resets(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    for _ in range(5):
        assert sign_in(client, tenant, "warga@contoh.id", "salah-sekali-123").status_code == 401
    # Even the right password is refused while locked; differently typed, the account is the same.
    locked = sign_in(client, tenant, "WARGA@contoh.id ", PASSWORD)
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan yang gagal" in locked.text and "coba lagi dalam 15 menit" in locked.text
    assert 800 < int(locked.headers["Retry-After"]) <= 900
    # Another regency's account of the same address is not affected.
    other = make_tenant()
    add_user(app, other, email="warga@contoh.id")
    assert sign_in(app.test_client(), other, "warga@contoh.id", PASSWORD).status_code == 302


def test_success_resets_the_account_counter(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    for _ in range(4):
        sign_in(client, tenant, "warga@contoh.id", "salah-sekali-123")
    assert sign_in(client, tenant, "warga@contoh.id", PASSWORD).status_code == 302
    client.delete_cookie("kiblat_session", domain=tenant.primary_host)
    for _ in range(4):
        assert sign_in(client, tenant, "warga@contoh.id", "salah-sekali-123").status_code == 401
    assert sign_in(client, tenant, "warga@contoh.id", PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_block_that_address(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="korban@contoh.id")
    for number in range(20):  # many accounts, few tries each: only the address counter sees it
        assert sign_in(client, tenant, f"tebak{number}@contoh.id", "salah-sekali-123").status_code == 401
    blocked = sign_in(client, tenant, "korban@contoh.id", PASSWORD)
    assert blocked.status_code == 429 and "coba lagi dalam" in blocked.text
    # The same account from another address is fine.
    other = app.test_client()
    response = other.post("/masuk", base_url=f"http://{tenant.primary_host}",
                          environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 400  # (no CSRF token: just proves the address is not blocked)
    page = other.get("/masuk", base_url=f"http://{tenant.primary_host}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    ok = other.post("/masuk", base_url=f"http://{tenant.primary_host}", environ_base={"REMOTE_ADDR": "10.0.0.9"},
                    data={"identifier": "korban@contoh.id", "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    assert ok.status_code == 302


def test_counters_are_shared_by_workers_through_redis(app: Flask, tmp_path, make_tenant):
    """Two app instances (two workers) with the Redis cache see one counter."""
    environ = {**app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_REDIS_URL": REDIS_URL}
    workers = [create_app(environ), create_app(environ)]
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    try:
        for number in range(5):
            worker = workers[number % 2]
            assert sign_in(worker.test_client(), tenant, "warga@contoh.id", "salah-123-456").status_code == 401
        assert sign_in(workers[1].test_client(), tenant, "warga@contoh.id", PASSWORD).status_code == 429
    finally:
        for worker in workers:
            with worker.app_context():
                db.engine.dispose()
                worker.extensions["kiblat_tenant_engines"].dispose()
