"""Citizens without email: an officer checks the KTP (phone, NIK, name) and gives a one-time code;
the citizen sets a new password with it. Staff accounts never qualify; everything audited."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from kiblat.platform.identity import assisted_reset
from kiblat.platform.identity.accounts import authenticate, create_user
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import AccountToken
from kiblat.platform.identity.nik import protect
from kiblat.platform.identity.sms import LoggingSmsSender, sms_sender
from kiblat.platform.identity.tokens import ASSISTED_RESET
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import PASSWORD, add_user, sign_in

NIK = "1207281203900001"
PHONE = "+6281234567890"


def _phone_only_citizen(name: str = "Siti Aminah") -> int:
    user = create_user(name=name, role="citizen", phone=PHONE, password=PASSWORD)
    user.nik_hash, user.nik_cipher, user.nik_masked = protect(NIK)
    tenant_db.session.commit()
    return user.id


def test_counter_code_resets_a_phone_only_account_once(app, make_tenant, caplog):
    caplog.set_level(logging.INFO, logger="kiblat.sms")
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    with app.app_context(), tenant_context(tenant):
        citizen_id = _phone_only_citizen()
    add_user(app, tenant, role="admin", email="operator@contoh.id")
    officer = app.test_client()
    sign_in(officer, tenant, "operator@contoh.id")
    assert "/layanan/atur-ulang-sandi" in officer.get("/akun", base_url=host).text
    wrong = post_form(officer, tenant, "/layanan/atur-ulang-sandi",
                      {"identifier": "0812-3456-7890", "nik": NIK, "name": "Siti Aminu"})
    assert wrong.status_code == 422 and "Data tidak cocok" in wrong.text
    given = post_form(officer, tenant, "/layanan/atur-ulang-sandi",
                      {"identifier": "0812-3456-7890", "nik": NIK, "name": "  siti  aminah "})
    assert given.status_code == 200 and given.headers["Cache-Control"] == "no-store"
    assert "belum memasang gateway SMS" in given.text
    code = re.search(r'<p class="reset-code"><code>([A-Z2-9]{4}-[A-Z2-9]{4})</code>', given.text).group(1)
    with app.app_context():
        sender = sms_sender()
        assert isinstance(sender, LoggingSmsSender) and not sender.delivers
        assert sender.sent[-1][0] == PHONE and code in sender.sent[-1][1]
    assert "SMS not sent" in caplog.text and code not in caplog.text  # a reset code never goes to the log

    citizen = app.test_client()
    assert "/lupa-sandi/kode" in citizen.get("/lupa-sandi", base_url=host).text
    bad = post_form(citizen, tenant, "/lupa-sandi/kode", {"identifier": "081234567890", "code": "AAAA-AAAA",
                                                          "password": "sandi-baru-yang-kuat-7", "confirm": "sandi-baru-yang-kuat-7"})
    assert bad.status_code == 422 and "Kode tidak cocok" in bad.text
    done = post_form(citizen, tenant, "/lupa-sandi/kode", {"identifier": "081234567890", "code": code.lower(),
                                                           "password": "sandi-baru-yang-kuat-7", "confirm": "sandi-baru-yang-kuat-7"})
    assert done.status_code == 200 and "Kata sandi diganti" in done.text
    again = post_form(citizen, tenant, "/lupa-sandi/kode", {"identifier": "081234567890", "code": code,
                                                            "password": "sandi-lain-yang-kuat-8", "confirm": "sandi-lain-yang-kuat-8"})
    assert again.status_code == 422
    with app.app_context(), tenant_context(tenant):
        assert authenticate(PHONE, "sandi-baru-yang-kuat-7").id == citizen_id
        actions = list(tenant_db.session.scalars(select(AuditEntry.action)))
        assert {"account.assisted_reset.issue", "account.assisted_reset.use"} <= set(actions)
        issued = tenant_db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.assisted_reset.issue"))
        assert issued.actor_name == "Pengguna admin" and code not in str(issued.details)


def test_staff_accounts_expired_codes_and_citizens_are_refused(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        _phone_only_citizen()
        staff = create_user(name="Petugas", role="admin", email="p@contoh.id", password=PASSWORD)
        staff.nik_hash, staff.nik_cipher, staff.nik_masked = protect("1207281203900002")
        tenant_db.session.commit()
        with pytest.raises(assisted_reset.AssistError, match="tidak cocok"):
            assisted_reset.issue("p@contoh.id", "1207281203900002", "Petugas")
        issued = assisted_reset.issue(PHONE, NIK, "Siti Aminah")
        tenant_db.session.execute(update(AccountToken).where(AccountToken.purpose == ASSISTED_RESET)
                                  .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        tenant_db.session.commit()
        with pytest.raises(assisted_reset.AssistError, match="kedaluwarsa"):
            assisted_reset.redeem(PHONE, issued.code, "sandi-baru-yang-kuat-7")
    add_user(app, tenant, role="citizen", email="warga@contoh.id")
    sign_in(client, tenant, "warga@contoh.id")
    assert client.get("/layanan/atur-ulang-sandi", base_url=f"http://{tenant.primary_host}").status_code == 403
