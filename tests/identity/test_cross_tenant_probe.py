"""The cross-tenant probe: every route of the app, on regency B, with regency A's credentials
and object ids, must neither show nor change anything of A.

It needs no upkeep when routes are added: it walks ``app.url_map``. It does need data of
every kind, so it fails while any tenant table of A stays empty (a new module provides
rows through its manifest's ``sample_data``).
"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Rule

from kiblat.platform.identity.models import User
from kiblat.platform.identity.staff.accounts import create_staff
from kiblat.platform.identity.staff.impersonation import create_grant
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db, tenant_metadata
from kiblat.tenants.registry import tenant_registry
from tests.api.helpers import basic
from tests.identity.helpers import PASSWORD, csrf_token, sign_in
from tests.identity.probe_seed import seed_every_kind

MARK_A, MARK_B = "RAHASIA-A-91f3", "RAHASIA-B-5c0d"
SKIPPED_ENDPOINTS = {"web.static", "admin.static"}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Anonymous visitors, the API token and the platform's broad roles try every value of A in every
# argument. A module's narrower roles try each route with A's first values: B checks a session in
# one place for every role, and a role-specific leak would still show on its pages.
THOROUGH = {"anonymous", "bearer", "admin", "citizen", "officer", "village_operator"}


def _snapshot(app: Flask, tenant: TenantInfo) -> dict[str, list[str]]:
    tables = {}
    with app.app_context(), tenant_context(tenant):
        connection = tenant_db.session.connection()
        for table in tenant_metadata.sorted_tables:
            rows = connection.execute(select(table)).all()
            tables[table.name] = sorted(repr(tuple(row)) for row in rows)
        tenant_db.session.rollback()
    return tables


def _candidates(rule: Rule, ids: list[int], strings: list[str]) -> list[dict]:
    """Every value of A in every argument of the rule. Arguments of one rule take their values
    side by side (the n-th id with the n-th id), not in every combination: each of A's values
    still reaches each argument, and the probe stays linear in the number of values."""
    options = []
    for name in sorted(rule.arguments):
        numeric = isinstance(rule._converters[name], IntegerConverter)  # noqa: SLF001 - only to pick value kinds
        options.append((name, ids if numeric else strings))
    if not options:
        return [{}]
    rounds = max(len(values) for _, values in options)
    return [{name: values[n % len(values)] for name, values in options} for n in range(rounds)]


def _path(app: Flask, rule: Rule, values: dict) -> str:
    adapter = app.url_map.bind("probe.example")
    return adapter.build(rule.endpoint, values, method=next(iter(rule.methods - {"HEAD", "OPTIONS"})))


@pytest.mark.slow
def test_nothing_of_regency_a_is_readable_or_writable_through_regency_b(app: Flask, make_tenant, monkeypatch):
    # The probe asks for A's ids on B on purpose: every view must run, never the lookup limit's 429.
    monkeypatch.setitem(app.config, "THROTTLE_LOOKUP_IP", 1_000_000)
    every_module = tuple(m.key for m in app.extensions["kiblat_modules"])
    a, b = make_tenant(modules=every_module), make_tenant(modules=every_module)
    secrets_a = seed_every_kind(app, a, MARK_A, "a")
    seed_every_kind(app, b, MARK_B, "b")
    with app.app_context():
        staff = create_staff(email=f"probe.{a.slug}@kiblat.example", name="Staf Probe", password=PASSWORD)
        admin_a = None
        with tenant_context(a):
            admin_a = tenant_db.session.scalar(select(User.id).where(User.role_key == "admin"))
        _, grant_token = create_grant(staff, a.slug, admin_a, "Pemeriksaan keamanan lintas kabupaten")

    # A's credentials: a signed-in session cookie per role, and an API token with every scope.
    cookies = {}
    for role, email in secrets_a["users"].items():
        browser = app.test_client()
        response = sign_in(browser, a, email)
        assert response.status_code == 302, (role, response.status_code)
        cookie = browser.get_cookie("kiblat_session", domain=a.primary_host)
        # The credential is real: on A it shows the user's own page.
        assert MARK_A in browser.get("/akun", base_url=f"http://{a.primary_host}").get_data(as_text=True)
        cookies[role] = cookie.value
    token_client = app.test_client()
    token_response = token_client.post("/api/v1/oauth/token", base_url=f"http://{a.primary_host}",
                                       data={"grant_type": "client_credentials"}, headers=basic(*secrets_a["api"]))
    assert token_response.status_code == 200
    bearer = token_response.get_json()["access_token"]

    a_before, b_before = _snapshot(app, a), _snapshot(app, b)
    empty = sorted(name for name, rows in a_before.items() if not rows and name != "alembic_version")
    assert not empty, f"no sample rows for tables {empty}: give the module a sample_data function"

    with app.app_context(), tenant_context(a):
        ids = sorted({1, 2, *(
            value for table in tenant_metadata.sorted_tables if "id" in table.c
            for value in tenant_db.session.scalars(select(table.c.id))
        )})[-6:]
        tenant_db.session.rollback()
    strings = [secrets_a["invitation"], secrets_a["reset"], grant_token, secrets_a["api"][0],
               secrets_a["upload"], f"{a.region_code}.01", "en"]

    credentials = [("anonymous", None, None), ("bearer", None, bearer)]
    credentials += [(role, value, None) for role, value in cookies.items()]
    b_url = f"http://{b.primary_host}"
    requests_made = 0
    for label, cookie, token in credentials:
        client = app.test_client()
        if cookie:
            client.set_cookie("kiblat_session", cookie, domain=b.primary_host)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # The CSRF token an attacker holding this cookie could get from B itself.
        login_page = client.get("/masuk", base_url=b_url, headers=headers).get_data(as_text=True)
        form = {"csrf_token": csrf_token(login_page)} if "csrf_token" in login_page else {}
        for rule in app.url_map.iter_rules():
            # A blueprint's static files (a module's gate script) are the same code for every regency.
            if rule.endpoint in SKIPPED_ENDPOINTS or rule.endpoint.endswith(".static"):
                continue
            candidates = _candidates(rule, ids, strings)
            for values in candidates if label in THOROUGH else candidates[:1]:
                path = _path(app, rule, values)
                for method in (m for m in METHODS if m in rule.methods):
                    response = client.open(path, method=method, base_url=b_url, headers=headers,
                                           data=form if method != "GET" else None)
                    requests_made += 1
                    body = response.get_data(as_text=True)
                    assert MARK_A not in body, f"{label} {method} {path} on B shows A's data"
                    # Signed in on B as B's user of the same id would show that user's name.
                    assert cookie is None or f"{MARK_B} akun-{label}" not in body, f"{label} cookie works on B: {path}"
                    assert MARK_A not in response.headers.get("Location", "")
    assert requests_made > 500

    # Nothing of A changed, and nothing of A arrived in B.
    assert _snapshot(app, a) == a_before
    b_after = _snapshot(app, b)
    assert not [t for t, rows in b_after.items() if any(MARK_A in r for r in rows)]
    changed = sorted(t for t in b_after if b_after[t] != b_before[t])
    assert changed == [], f"B's tables changed by requests with A's credentials: {changed}"
    with app.app_context():
        assert tenant_registry().by_slug(b.slug).status == "active"
