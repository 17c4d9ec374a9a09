"""The cross-tenant probe: every route of the app, on regency B, with regency A's credentials
and object ids, must neither show nor change anything of A.

It needs no upkeep when routes are added: it walks ``app.url_map``. It does need data of
every kind, so it fails while any tenant table of A stays empty (a new module provides
rows through its manifest's ``sample_data``).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Rule

from kiblat.platform.documents import service as documents
from kiblat.platform.documents import signers
from kiblat.platform.documents.layout import Signatory
from kiblat.platform.identity import tokens as account_tokens
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.api import services as api_clients
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.oidc.models import OidcIdentity
from kiblat.platform.identity.oidc.settings import SsoSettings, save_settings
from kiblat.platform.identity.roles import CITIZEN_ROLE, roles_for
from kiblat.platform.identity.services import issue_invitation
from kiblat.platform.identity.staff.accounts import create_staff
from kiblat.platform.identity.staff.impersonation import create_grant
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db, tenant_metadata
from kiblat.tenants.local_regions import Desa
from kiblat.tenants.registry import tenant_registry
from tests.api.helpers import basic
from tests.identity.helpers import PASSWORD, csrf_token, enrol_two_factor, sign_in

MARK_A, MARK_B = "RAHASIA-A-91f3", "RAHASIA-B-5c0d"
SKIPPED_ENDPOINTS = {"web.static", "admin.static"}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _seed(app: Flask, tenant: TenantInfo, mark: str, suffix: str) -> dict:
    """Users of every role and objects of every kind, every text carrying ``mark``."""
    secrets: dict = {"users": {}}
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        session = tenant_db.session
        opd = Opd(name=f"{mark} Dinas Komunikasi", short_name="DKI")
        session.add(opd)
        session.flush()
        desa = session.scalar(select(Desa.code).order_by(Desa.code))
        for role in sorted(roles_for(tenant)):
            user = create_user(name=f"{mark} akun-{role}", role=role, email=f"{role}.{suffix}@probe.example",
                               password=PASSWORD, opd_id=opd.id if role == "officer" else None,
                               desa_code=desa if role == "village_operator" else None,
                               extra_roles=("citizen",) if role != "citizen" else ())
            if role != CITIZEN_ROLE:
                enrol_two_factor(user)
            secrets["users"][role] = user.email
        invited = create_user(name=f"{mark} undangan", role="citizen", email=f"undangan.{suffix}@probe.example")
        secrets["invitation"] = issue_invitation(invited)
        secrets["reset"] = account_tokens.issue_token(invited, account_tokens.RESET_PASSWORD)
        session.add(OidcIdentity(user_id=invited.id, issuer="https://sso.probe.example", subject=f"{mark}-sub"))
        session.commit()
        save_settings(SsoSettings(issuer="https://sso.probe.example", client_id=f"{mark}-client",
                                  client_secret="rahasia-klien", display_name=f"{mark} SSO"))
        client, secret = api_clients.create_client(f"{mark} aplikasi", sorted(api_clients_scopes(tenant)))
        secrets["api"] = (client.client_id, secret)
        secrets["upload"] = tenant_storage().save(__import__("io").BytesIO(mark.encode()), "probe.txt")
        # An official document: its signing official, the regency's certificate and the record.
        signers.save(signers.REGENCY_SCOPE, unit_name=f"{mark} Sekretariat Daerah", unit_address=f"Jl. {mark}",
                     signer_name=f"{mark} Pejabat", signer_nip="", signer_position=f"{mark} Sekretaris Daerah")
        documents.issue_pdf(documents.Document(
            kind="probe", ref=suffix, title=f"{mark} Surat", number=f"{mark}/{suffix}", rows=[("Isi", mark)],
            verify_url=f"http://{tenant.primary_host}/", scopes=[], fallback=Signatory(f"{mark} Pejabat", "-"),
            issued_at=datetime.now(UTC)))
        for manifest in app.extensions["kiblat_modules"]:
            if manifest.key in tenant.modules and manifest.sample_data is not None:
                manifest.hook("sample_data")(mark)
        record("probe.seed", "tenant", tenant.slug, note=mark)
        session.commit()
    return secrets


def api_clients_scopes(tenant: TenantInfo) -> set[str]:
    from kiblat.platform.identity.api.scopes import available_scopes

    return set(available_scopes(tenant))


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
    options = []
    for name in rule.arguments:
        numeric = isinstance(rule._converters[name], IntegerConverter)  # noqa: SLF001 - only to pick value kinds
        options.append([(name, v) for v in (ids if numeric else strings)])
    return [dict(combo) for combo in itertools.product(*options)] if options else [{}]


def _path(app: Flask, rule: Rule, values: dict) -> str:
    adapter = app.url_map.bind("probe.example")
    return adapter.build(rule.endpoint, values, method=next(iter(rule.methods - {"HEAD", "OPTIONS"})))


@pytest.mark.slow
def test_nothing_of_regency_a_is_readable_or_writable_through_regency_b(app: Flask, make_tenant, monkeypatch):
    # The probe asks for A's ids on B on purpose: every view must run, never the lookup limit's 429.
    monkeypatch.setitem(app.config, "THROTTLE_LOOKUP_IP", 1_000_000)
    every_module = tuple(m.key for m in app.extensions["kiblat_modules"])
    a, b = make_tenant(modules=every_module), make_tenant(modules=every_module)
    secrets_a = _seed(app, a, MARK_A, "a")
    _seed(app, b, MARK_B, "b")
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
            for values in _candidates(rule, ids, strings):
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
