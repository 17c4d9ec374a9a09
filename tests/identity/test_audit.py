"""The regency audit log: append-only in the database, written by ``record()`` and by tenant
changes, readable by the regency's own admin only."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User
from kiblat.platform.identity.sessions import login_user
from kiblat.tenants import services
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, sign_in


def _entries(app: Flask, tenant: TenantInfo) -> list[AuditEntry]:
    with app.app_context(), tenant_context(tenant):
        return list(tenant_db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _record(app: Flask, tenant: TenantInfo, action: str, n: int = 1, **details) -> None:  # noqa: ANN003
    with app.app_context(), tenant_context(tenant):
        for i in range(n):
            record(action, "thing", i, **details)
        tenant_db.session.commit()


def test_the_database_rejects_changing_or_deleting_entries(app, make_tenant):
    tenant = make_tenant()
    _record(app, tenant, "opd.create", name="Dinas Kominfo")
    with app.app_context(), tenant_context(tenant):
        session = tenant_db.session
        # Core statements go through the tenant's schema translation; raw SQL names it.
        statements = [update(AuditEntry).values(action="dipalsukan"), delete(AuditEntry)]
        if tenant_db.engines.is_postgresql:
            statements.append(text(f'TRUNCATE "{tenant.schema_name}".audit_log'))
        else:
            statements.append(text("DELETE FROM audit_log WHERE 1 = 1"))
        for statement in statements:
            with pytest.raises(DBAPIError, match="append-only"):
                session.execute(statement)
            session.rollback()
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "opd.create")).one()
        entry.action = "lewat-orm"
        with pytest.raises(DBAPIError, match="append-only"):
            session.commit()
        session.rollback()
    assert [e.action for e in _entries(app, tenant)].count("opd.create") == 1


def test_record_outside_a_request_is_the_system_and_waits_for_the_commit(app, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        record("users.create", "user", 7, role="officer", when=object())
        tenant_db.session.rollback()  # the change it described did not happen: neither did the entry
        entry = record("users.create", "user", 8, role="officer")
        tenant_db.session.commit()
        assert entry.actor_name == "Sistem" and entry.actor_user_id is None and entry.ip is None
    entries = [e for e in _entries(app, tenant) if e.action == "users.create"]
    assert [(e.object_type, e.object_id, e.details) for e in entries] == [("user", "8", {"role": "officer"})]


def test_record_inside_a_request_knows_the_user_and_the_impersonator(app, make_tenant):
    tenant = make_tenant()
    user_id = add_user(app, tenant, role="admin", email="admin@contoh.id")
    with app.test_request_context("/admin/x", base_url=f"http://{tenant.primary_host}",
                                  environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        from flask import session

        with tenant_context(tenant):
            login_user(tenant_db.session.get(User, user_id), second_factor_done=True)
            plain = record("opd.update", "opd", 3, field="name")
            session["impersonation"] = {"staff_id": 42, "staff_name": "Budi Staf", "grant_id": 9, "exp": 9e9}
            from flask import g

            g.pop("kiblat_user", None)
            behalf = record("roles.grant", "user", user_id, role="officer")
            tenant_db.session.rollback()  # nothing is kept: the staff mirror must not be written either
            assert (plain.actor_user_id, plain.actor_name, plain.impersonator_staff_id, plain.ip) == (
                user_id, "Pengguna admin", None, "192.0.2.7")
            assert (behalf.actor_user_id, behalf.impersonator_staff_id, behalf.impersonator_name) == (
                user_id, 42, "Budi Staf")


def test_module_branding_and_domain_changes_are_recorded(app, make_tenant):
    tenant = make_tenant(modules=())
    with app.app_context():
        services.enable_module(tenant.slug, "pengumuman")
        services.update_module_settings(tenant.slug, "pengumuman", {})
        services.disable_module(tenant.slug, "pengumuman")
        services.update_branding(tenant.slug, tagline="Kota yang melayani", primary_color="#123456")
        services.add_domain(tenant.slug, f"layanan.{tenant.slug}.go.id")
        services.remove_domain(tenant.slug, f"layanan.{tenant.slug}.go.id")
    entries = _entries(app, tenant)
    assert [(e.action, e.object_id) for e in entries] == [
        ("tenant.branding", tenant.slug),  # the colours provisioning gave the new regency
        ("module.enable", "pengumuman"), ("module.settings", "pengumuman"), ("module.disable", "pengumuman"),
        ("tenant.branding", tenant.slug), ("tenant.domain.add", f"layanan.{tenant.slug}.go.id"),
        ("tenant.domain.remove", f"layanan.{tenant.slug}.go.id"),
    ]
    assert set(entries[0].details["changes"]) >= {"primary_color", "accent_color"}
    assert entries[4].details == {"changes": {"tagline": "Kota yang melayani", "primary_color": "#123456"}}
    assert all(e.actor_name == "Sistem" for e in entries)


def test_admin_views_filters_and_pages_their_own_regencys_log_only(app, make_tenant):
    a, b = make_tenant(), make_tenant()
    admin_a = add_user(app, a, role="admin", email="admin@a.contoh.id")
    add_user(app, a, role="citizen", email="warga@a.contoh.id")
    add_user(app, b, role="admin", email="admin@b.contoh.id")
    _record(app, a, "opd.create", n=55, note="milik-a")
    _record(app, a, "users.disable", note="milik-a-2")
    _record(app, b, "opd.create", note="rahasia-b")
    host_a = f"http://{a.primary_host}"

    anonymous = app.test_client().get("/admin/audit", base_url=host_a)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    citizen = app.test_client()
    assert sign_in(citizen, a, "warga@a.contoh.id").status_code == 302
    assert citizen.get("/admin/audit", base_url=host_a).status_code == 403

    admin = app.test_client()
    assert sign_in(admin, a, "admin@a.contoh.id").status_code == 302
    page = admin.get("/admin/audit", base_url=host_a).get_data(as_text=True)
    assert "milik-a" in page and "rahasia-b" not in page and "Halaman 1 dari 2" in page
    second = admin.get("/admin/audit?halaman=2", base_url=host_a).get_data(as_text=True)
    assert "Halaman 2 dari 2" in second
    only = admin.get("/admin/audit?aksi=users.", base_url=host_a).get_data(as_text=True)
    assert "milik-a-2" in only and "opd.create</code>" not in only
    by_user = admin.get(f"/admin/audit?pengguna={admin_a}", base_url=host_a).get_data(as_text=True)
    assert "milik-a" not in by_user and "Belum ada catatan yang cocok." in by_user
    today = admin.get("/admin/audit?dari=2000-01-01&sampai=2999-12-31&aksi=users.", base_url=host_a)
    assert "milik-a-2" in today.get_data(as_text=True)
    none = admin.get("/admin/audit?sampai=2000-01-01", base_url=host_a).get_data(as_text=True)
    assert "Belum ada catatan yang cocok." in none
    bad = admin.get("/admin/audit?dari=kemarin", base_url=host_a)
    assert bad.status_code == 200 and "Tanggal awal tidak valid" in bad.get_data(as_text=True)

    # A's admin cookie is worthless on B, and B's page never shows A's entries.
    stolen = admin.get_cookie("kiblat_session", domain=a.primary_host).value
    thief = app.test_client()
    thief.set_cookie("kiblat_session", stolen, domain=b.primary_host)
    assert thief.get("/admin/audit", base_url=f"http://{b.primary_host}").status_code == 302
    admin_b = app.test_client()
    assert sign_in(admin_b, b, "admin@b.contoh.id").status_code == 302
    page_b = admin_b.get("/admin/audit", base_url=f"http://{b.primary_host}").get_data(as_text=True)
    assert "rahasia-b" in page_b and "milik-a" not in page_b
