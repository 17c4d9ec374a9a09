"""Two-factor recovery codes: ten shown once at enrolment, each signs in once in place of the
authenticator's code, a new set (after the password) retires the old one; all audited."""

from __future__ import annotations

import re

import pyotp
from sqlalchemy import select

from kiblat.platform.identity import recovery, twofactor
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import RecoveryCode, User
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import PASSWORD, add_user, sign_in

CODE_RE = re.compile(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>")
SECRET_RE = re.compile(r'<code class="secret">([A-Z2-7 ]+)</code>')


def _actions(app, tenant) -> list[str]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return list(tenant_db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_enrolment_shows_ten_codes_each_signs_in_once(app, client, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    user_id = add_user(app, tenant, role="citizen", email="warga@contoh.id")
    sign_in(client, tenant, "warga@contoh.id")
    secret = SECRET_RE.search(client.get("/akun/dua-langkah", base_url=host).text).group(1).replace(" ", "")
    shown = post_form(client, tenant, "/akun/dua-langkah", {"code": pyotp.TOTP(secret).now()})
    codes = CODE_RE.findall(shown.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    with app.app_context(), tenant_context(tenant):
        stored = list(tenant_db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user_id)))
        assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & set(stored)  # hashed
    assert "10 dari 10" in client.get("/akun", base_url=host).text

    # A phone lost: another device signs in with a recovery code (typed in capitals, no dash).
    other = app.test_client()
    sign_in(other, tenant, "warga@contoh.id", second_step=False)
    accepted = post_form(other, tenant, "/masuk/kode", {"code": codes[0].replace("-", "").upper()})
    assert accepted.status_code == 302
    assert "Sisa kode: 9" in other.get("/", base_url=host).text
    # The same code never works twice.
    third = app.test_client()
    sign_in(third, tenant, "warga@contoh.id", second_step=False)
    assert post_form(third, tenant, "/masuk/kode", {"code": codes[0]}).status_code == 401
    assert "account.recovery_codes.issue" in _actions(app, tenant)
    assert "account.recovery_codes.use" in _actions(app, tenant)


def test_new_set_needs_the_password_and_retires_the_old(app, client, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    user_id = add_user(app, tenant, role="admin", email="petugas@contoh.id")
    with app.app_context(), tenant_context(tenant):
        old = recovery.issue(tenant_db.session.get(User, user_id))
        tenant_db.session.commit()
    sign_in(client, tenant, "petugas@contoh.id")
    wrong = post_form(client, tenant, "/akun/dua-langkah/kode-pemulihan", {"recovery-current": "salah"},
                      page="/akun")
    assert wrong.status_code == 302
    assert "Kata sandi saat ini salah" in client.get("/akun", base_url=host).text
    made = post_form(client, tenant, "/akun/dua-langkah/kode-pemulihan", {"recovery-current": PASSWORD},
                     page="/akun")
    new = CODE_RE.findall(made.text)
    assert made.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    with app.app_context(), tenant_context(tenant):
        user = tenant_db.session.get(User, user_id)
        assert not recovery.use(user, old[1])
        assert recovery.use(user, new[1]) and recovery.remaining(user) == 9
        # Switching two-factor off (or the admin's reset) takes the codes with it.
        twofactor.disable(user)
        assert recovery.remaining(user) == 0
        tenant_db.session.rollback()
    assert _actions(app, tenant).count("account.recovery_codes.issue") == 2


def test_codes_belong_to_one_account(app_ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant):
        a = create_user(name="A", role="citizen", email="a@contoh.id", password=PASSWORD)
        b = create_user(name="B", role="citizen", email="b@contoh.id", password=PASSWORD)
        tenant_db.session.flush()
        codes = recovery.issue(a)
        assert not recovery.use(b, codes[0])
        assert not recovery.use(a, "123456") and not recovery.looks_like_recovery_code("123456")
        assert recovery.use(a, f"  {codes[0]} ")
        tenant_db.session.rollback()
