"""Impersonation: a reason, a one-time token bound to its regency, a banner, every action
recorded with both identities, and an end (stop button or expiry)."""

from __future__ import annotations

import re
import uuid

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.staff.impersonation import ImpersonationError, create_grant
from kiblat.platform.identity.staff.models import ImpersonationGrant, StaffActionLog, StaffUser
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, csrf_token
from tests.identity.test_staff import BASE, add_staff, staff_sign_in

REASON = "Membantu admin memperbaiki data OPD atas permintaan tiket #123"


def _tenant_with_admin(app: Flask, make_tenant) -> tuple[TenantInfo, int]:  # noqa: ANN001
    tenant = make_tenant()
    admin_id = add_user(app, tenant, role="admin", email=f"admin@{tenant.slug}.example.id")
    add_user(app, tenant, role="citizen", email=f"warga@{tenant.slug}.example.id")
    return tenant, admin_id


def _request_grant(client: FlaskClient, tenant: TenantInfo, user_id: int, reason: str = REASON):  # noqa: ANN201
    page = client.get(f"/staff/penyamaran?tenant={tenant.slug}", base_url=BASE)
    assert page.status_code == 200
    return client.post("/staff/penyamaran", base_url=BASE, data={
        "tenant": tenant.slug, "user_id": str(user_id), "reason": reason,
        "csrf_token": csrf_token(page.get_data(as_text=True)),
    })


def _entries(app: Flask, tenant: TenantInfo) -> list[AuditEntry]:
    with app.app_context(), tenant_context(tenant):
        return list(tenant_db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _staff(app: Flask, email: str) -> StaffUser:
    with app.app_context():
        staff = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        db.session.expunge(staff)
        return staff


def test_impersonation_with_reason_banner_audit_and_stop(app, client, make_tenant):
    tenant, admin_id = _tenant_with_admin(app, make_tenant)
    email = add_staff(app, name="Budi Staf")
    staff_sign_in(app, client, email)
    host = f"http://{tenant.primary_host}"

    page = client.get(f"/staff/penyamaran?tenant={tenant.slug}", base_url=BASE).get_data(as_text=True)
    assert f"admin@{tenant.slug}.example.id" in page and f"warga@{tenant.slug}" not in page  # admins only
    short = _request_grant(client, tenant, admin_id, reason="cek")
    assert short.status_code == 400 and "Alasan" in short.get_data(as_text=True)

    response = _request_grant(client, tenant, admin_id)
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target.startswith(f"{host}/staff-masuk/")
    token = target.rsplit("/", 1)[1]

    entered = client.get(f"/staff-masuk/{token}", base_url=host)
    assert entered.status_code == 302
    home = client.get("/", base_url=host).get_data(as_text=True)
    assert "Mode penyamaran staf" in home and "Budi Staf" in home and "Hentikan penyamaran" in home
    audit_page = client.get("/admin/audit", base_url=host)
    assert audit_page.status_code == 200 and "Mode penyamaran staf" in audit_page.get_data(as_text=True)

    # A state-changing request while impersonating is recorded with both identities.
    page = client.get("/", base_url=host).get_data(as_text=True)
    client.post("/masuk", base_url=host, data={"identifier": "x@y.id", "password": "z", "csrf_token":
                                                 csrf_token(page)})
    entries = _entries(app, tenant)
    staff = _staff(app, email)
    mine = [e for e in entries if e.impersonator_staff_id == staff.id]
    assert [e.action for e in mine] == ["impersonation.start", "request"]
    assert all(e.actor_user_id == admin_id and e.impersonator_name == "Budi Staf" for e in mine)
    assert mine[0].details["reason"] == REASON
    assert mine[1].details["method"] == "POST" and mine[1].ip == "127.0.0.1" and mine[1].request_id

    # Stop: the regency session ends, the grant is closed, the staff member is back on the platform.
    stop_page = client.get("/", base_url=host).get_data(as_text=True)
    stopped = client.post("/staff-masuk/selesai", base_url=host, data={"csrf_token": csrf_token(stop_page)})
    assert stopped.status_code == 302 and stopped.headers["Location"] == f"{BASE}/staff/"
    after = client.get("/", base_url=host).get_data(as_text=True)
    assert "Mode penyamaran staf" not in after and "Keluar" not in after
    assert _entries(app, tenant)[-1].action == "impersonation.end"
    with app.app_context():
        grant = db.session.scalar(select(ImpersonationGrant).where(ImpersonationGrant.staff_id == staff.id))
        assert grant.used_at is not None and grant.ended_at is not None and grant.reason == REASON
        mirrored = db.session.scalars(select(StaffActionLog.action).where(StaffActionLog.staff_id == staff.id)
                                      .order_by(StaffActionLog.id)).all()
    assert mirrored == ["impersonation.grant", "impersonation.start", "request", "impersonation.end"]

    # The staff member sees their own actions across regencies; nobody else's.
    activity = client.get("/staff/aktivitas", base_url=BASE).get_data(as_text=True)
    assert tenant.slug in activity and "impersonation.start" in activity and REASON in activity
    other = app.test_client()
    staff_sign_in(app, other, add_staff(app, name="Sari Staf"))
    assert tenant.slug not in other.get("/staff/aktivitas", base_url=BASE).get_data(as_text=True)


def test_impersonation_ends_by_itself_when_it_expires(app, client, make_tenant):
    tenant, admin_id = _tenant_with_admin(app, make_tenant)
    staff_sign_in(app, client, add_staff(app))
    host = f"http://{tenant.primary_host}"
    token = _request_grant(client, tenant, admin_id).headers["Location"].rsplit("/", 1)[1]
    client.get(f"/staff-masuk/{token}", base_url=host)
    assert "Mode penyamaran staf" in client.get("/", base_url=host).get_data(as_text=True)
    with client.session_transaction(base_url=host) as session:
        session["impersonation"]["exp"] = 1.0  # the clock passed the grant's end
    page = client.get("/", base_url=host).get_data(as_text=True)
    assert "Mode penyamaran staf" not in page and "Keluar" not in page
    assert "Sesi penyamaran staf sudah berakhir." in page
    last = _entries(app, tenant)[-1]
    assert last.action == "impersonation.end" and last.details == {"how": "expired"}
    assert last.actor_user_id == admin_id and last.impersonator_staff_id is not None
    assert client.get("/admin/audit", base_url=host).status_code == 302  # signed out


def test_a_grant_closed_on_the_platform_ends_the_regency_session(app, client, make_tenant):
    tenant, admin_id = _tenant_with_admin(app, make_tenant)
    staff_sign_in(app, client, add_staff(app))
    host = f"http://{tenant.primary_host}"
    token = _request_grant(client, tenant, admin_id).headers["Location"].rsplit("/", 1)[1]
    client.get(f"/staff-masuk/{token}", base_url=host)
    with app.app_context():
        grant = db.session.scalar(select(ImpersonationGrant).where(ImpersonationGrant.tenant_id == tenant.id))
        grant.ended_at = grant.created_at
        db.session.commit()
    assert "Mode penyamaran staf" not in client.get("/", base_url=host).get_data(as_text=True)


def test_token_is_one_time_and_bound_to_its_regency(app, make_tenant):
    a, a_admin = _tenant_with_admin(app, make_tenant)
    b, b_admin = _tenant_with_admin(app, make_tenant)
    assert a_admin == b_admin  # same user id in both regencies: the grant must still not cross
    staff = _staff(app, add_staff(app))
    with app.app_context(), app.test_request_context(base_url=BASE):
        _grant, token = create_grant(db.session.get(StaffUser, staff.id), a.slug, a_admin, REASON)

    thief = app.test_client()
    on_b = thief.get(f"/staff-masuk/{token}", base_url=f"http://{b.primary_host}")
    assert on_b.status_code == 410 and "tidak berlaku" in on_b.get_data(as_text=True)
    assert "Keluar" not in thief.get("/", base_url=f"http://{b.primary_host}").get_data(as_text=True)

    first = app.test_client()
    assert first.get(f"/staff-masuk/{token}", base_url=f"http://{a.primary_host}").status_code == 302
    again = app.test_client().get(f"/staff-masuk/{token}", base_url=f"http://{a.primary_host}")
    assert again.status_code == 410
    assert app.test_client().get(f"/staff-masuk/{uuid.uuid4().hex}", base_url=f"http://{a.primary_host}"
                                 ).status_code == 410


def test_grants_only_for_active_admins_of_that_regency(app, make_tenant):
    tenant, admin_id = _tenant_with_admin(app, make_tenant)
    staff = _staff(app, add_staff(app))
    with app.app_context(), app.test_request_context(base_url=BASE):
        me = db.session.get(StaffUser, staff.id)
        citizen_id = admin_id + 1
        for slug, user_id, reason, message in (
            (tenant.slug, citizen_id, REASON, "Admin tersebut tidak ditemukan"),
            ("tidak-ada", admin_id, REASON, "tidak ditemukan atau tidak aktif"),
            (tenant.slug, admin_id, "   singkat   ", "paling sedikit"),
        ):
            try:
                create_grant(me, slug, user_id, reason)
            except ImpersonationError as exc:
                assert message in str(exc)
            else:
                raise AssertionError("grant accepted")
        assert db.session.scalar(select(ImpersonationGrant.id).where(ImpersonationGrant.staff_id == me.id)) is None


def test_impersonation_page_needs_a_staff_session(app, client, make_tenant):
    tenant, admin_id = _tenant_with_admin(app, make_tenant)
    response = client.get(f"/staff/penyamaran?tenant={tenant.slug}", base_url=BASE)
    assert response.status_code == 302 and "/staff/masuk" in response.headers["Location"]
    assert re.search(r"admin@", client.get("/staff/masuk", base_url=BASE).get_data(as_text=True)) is None
