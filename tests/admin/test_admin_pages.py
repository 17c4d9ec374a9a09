"""The regency admin's pages: permission-checked, CSRF-protected, confined to one regency."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from kiblat.platform.admin import services
from kiblat.platform.core.extensions import db
from kiblat.platform.identity import twofactor
from kiblat.platform.identity.models import Invitation, Opd, User
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import add_user, sign_in


def _admin_client(app, tenant):  # noqa: ANN001, ANN202
    add_user(app, tenant, role="admin", email=f"admin@{tenant.slug}.example.id")
    client = app.test_client()
    assert sign_in(client, tenant, f"admin@{tenant.slug}.example.id").status_code == 302
    return client


def test_citizen_and_officer_get_403(app, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    add_user(app, tenant, email="warga@contoh.id")
    citizen = app.test_client()
    sign_in(citizen, tenant, "warga@contoh.id")
    for path in ("/admin/", "/admin/pengguna", "/admin/opd", "/admin/pengguna/baru"):
        assert citizen.get(path, base_url=host).status_code == 403, path
    anonymous = app.test_client().get("/admin/pengguna", base_url=host)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    assert app.test_client().get("/admin/", headers={"Host": "kiblat.test"}).status_code == 404


def test_admin_manages_opd(app, make_tenant):
    tenant = make_tenant()
    admin = _admin_client(app, tenant)
    created = post_form(admin, tenant, "/admin/opd", {"name": "Dinas Kesehatan", "short_name": "Dinkes"})
    assert created.status_code == 302
    duplicate = post_form(admin, tenant, "/admin/opd", {"name": "dinas kesehatan", "short_name": ""})
    assert duplicate.status_code == 422 and "sudah ada" in duplicate.text
    empty = post_form(admin, tenant, "/admin/opd", {"name": "  ", "short_name": ""})
    assert empty.status_code == 422 and "Nama OPD wajib diisi." in empty.text
    long = post_form(admin, tenant, "/admin/opd", {"name": "X" * 300, "short_name": ""})
    assert long.status_code == 422 and "Paling banyak 200 karakter." in long.text
    with app.app_context(), tenant_context(tenant):
        opd_id = tenant_db.session.scalar(select(Opd.id))
    renamed = post_form(admin, tenant, f"/admin/opd/{opd_id}", {"name": "Dinas Kesehatan Daerah", "short_name": "Dinkes"})
    assert renamed.status_code == 302
    without_csrf = admin.post(f"/admin/opd/{opd_id}/status", base_url=f"http://{tenant.primary_host}",
                              data={"active": "0"})
    assert without_csrf.status_code == 400
    assert post_form(admin, tenant, f"/admin/opd/{opd_id}/status", {"active": "0"}, page="/admin/opd").status_code == 302
    with app.app_context(), tenant_context(tenant):
        opd = tenant_db.session.get(Opd, opd_id)
        assert (opd.name, opd.active) == ("Dinas Kesehatan Daerah", False)


def test_admin_creates_staff_with_roles_opd_and_desa(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    admin = _admin_client(app, tenant)
    host = f"http://{tenant.primary_host}"
    with app.app_context(), tenant_context(tenant):
        opd = services.create_opd("Dinas Kominfo", "Kominfo")
        opd_id = opd.id
        desa = tenant_db.session.scalar(select(Desa).order_by(Desa.code))
        desa_code, desa_name = desa.code, desa.name
        module_roles = set(services.staff_roles()) - {"officer", "village_operator", "admin"}
    assert module_roles, "the pengumuman module declares a role"
    form = admin.get("/admin/pengguna/baru", base_url=host).text
    assert desa_name in form and "Dinas Kominfo" in form
    for role in module_roles:
        assert f'value="{role}"' in form
    officer = post_form(admin, tenant, "/admin/pengguna/baru", {
        "name": "Petugas Satu", "email": "petugas@contoh.id", "phone": "", "role": "officer",
        "opd_id": str(opd_id), "desa_code": ""})
    assert officer.status_code == 302
    operator = post_form(admin, tenant, "/admin/pengguna/baru", {
        "name": "Operator Desa", "email": "operator@contoh.id", "phone": "081377778888", "role": "village_operator",
        "opd_id": "", "desa_code": desa_code})
    assert operator.status_code == 302
    missing_opd = post_form(admin, tenant, "/admin/pengguna/baru", {
        "name": "Tanpa OPD", "email": "x@contoh.id", "role": "officer", "opd_id": "", "desa_code": ""})
    assert missing_opd.status_code == 422 and "Pilih OPD tempat Petugas OPD bekerja" in missing_opd.text
    assert 'value="Tanpa OPD"' in missing_opd.text  # nothing typed is lost
    bad_role = post_form(admin, tenant, "/admin/pengguna/baru", {
        "name": "Peran Aneh", "email": "y@contoh.id", "role": "superuser", "opd_id": "", "desa_code": ""})
    assert bad_role.status_code == 422 and "Pilih peran" in bad_role.text
    foreign_desa = post_form(admin, tenant, "/admin/pengguna/baru", {
        "name": "Desa Lain", "email": "z@contoh.id", "role": "village_operator", "opd_id": "",
        "desa_code": "99.99.99.9999"})
    assert foreign_desa.status_code == 422 and "tidak ditemukan" in foreign_desa.text
    with app.app_context(), tenant_context(tenant):
        petugas = tenant_db.session.scalar(select(User).where(User.email == "petugas@contoh.id"))
        operator_user = tenant_db.session.scalar(select(User).where(User.email == "operator@contoh.id"))
        assert (petugas.role_key, petugas.opd_id, petugas.password_hash) == ("officer", opd_id, None)
        assert (operator_user.desa_code, operator_user.phone) == (desa_code, "+6281377778888")
        assert tenant_db.session.scalar(select(Invitation.id).where(Invitation.user_id == petugas.id))
    with app.app_context():  # the invitations wait in the outbox (control plane) for the mail worker
        queued = db.session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.tenant_slug == tenant.slug))
        assert {"petugas@contoh.id", "operator@contoh.id"} <= set(queued)
    listing = admin.get("/admin/pengguna?role=officer", base_url=host).text
    assert "Petugas Satu" in listing and "Operator Desa" not in listing
    found = admin.get("/admin/pengguna?q=operator", base_url=host).text
    assert "Operator Desa" in found and "Petugas Satu" not in found
    by_opd = admin.get(f"/admin/pengguna?opd={opd_id}", base_url=host).text
    assert "Petugas Satu" in by_opd and "Operator Desa" not in by_opd


def test_admin_deactivates_and_resets_two_factor(app, make_tenant):
    tenant = make_tenant()
    admin = _admin_client(app, tenant)
    staff_id = add_user(app, tenant, role="admin", email="kedua@contoh.id")
    staff = app.test_client()
    sign_in(staff, tenant, "kedua@contoh.id")
    host = f"http://{tenant.primary_host}"
    assert staff.get("/admin/pengguna", base_url=host).status_code == 200
    detail = f"/admin/pengguna/{staff_id}"
    assert post_form(admin, tenant, f"{detail}/dua-langkah", {}, page=detail).status_code == 302
    with app.app_context(), tenant_context(tenant):
        assert not twofactor.is_enabled(tenant_db.session.get(User, staff_id))
    # Reset signs them out; at the next sign-in they must enrol again.
    assert staff.get("/admin/pengguna", base_url=host).status_code == 302
    again = sign_in(staff, tenant, "kedua@contoh.id")
    assert "/akun/dua-langkah" in again.headers["Location"]
    assert post_form(admin, tenant, f"{detail}/status", {"active": "0"}, page=detail).status_code == 302
    assert staff.get("/akun", base_url=host).status_code == 302  # deactivated: signed out
    assert sign_in(app.test_client(), tenant, "kedua@contoh.id").status_code == 401
    with app.app_context(), tenant_context(tenant):
        own_id = tenant_db.session.scalar(select(User.id).where(User.email == f"admin@{tenant.slug}.example.id"))
    own = f"/admin/pengguna/{own_id}"
    post_form(admin, tenant, f"{own}/status", {"active": "0"}, page=own)
    assert "tidak dapat menonaktifkan akun Anda sendiri" in admin.get(own, base_url=host).text


def test_admin_of_one_regency_cannot_manage_another(app, make_tenant):
    a, b = make_tenant(), make_tenant()
    admin_a = _admin_client(app, a)
    victim_id = add_user(app, b, role="officer", email="petugas-b@contoh.id", opd_id=_opd(app, b))
    # A's cookie, replayed on B's host (the cookie jar would not send it, so copy it by hand).
    cookie = admin_a.get_cookie("kiblat_session", domain=a.primary_host)
    admin_a.set_cookie("kiblat_session", cookie.value, domain=b.primary_host)
    host_b = f"http://{b.primary_host}"
    for path in ("/admin/pengguna", f"/admin/pengguna/{victim_id}", "/admin/opd"):
        response = admin_a.get(path, base_url=host_b)
        assert response.status_code == 302 and "/masuk" in response.headers["Location"], path
    # On A the admin is still signed in, sees only A's users and cannot reach B's by id.
    listing = admin_a.get("/admin/pengguna", base_url=f"http://{a.primary_host}")
    assert listing.status_code == 200 and "petugas-b@contoh.id" not in listing.text
    assert admin_a.get(f"/admin/pengguna/{victim_id + 1}", base_url=f"http://{a.primary_host}").status_code == 404


def _opd(app, tenant) -> int:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return services.create_opd("Dinas Pendidikan").id


def test_no_csrf_no_change(app, make_tenant):
    tenant = make_tenant()
    admin = _admin_client(app, tenant)
    response = admin.post("/admin/opd", base_url=f"http://{tenant.primary_host}", data={"name": "Dinas Sosial"})
    assert response.status_code == 400
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(Opd.id)) is None
    assert re.search("Dinas Sosial", admin.get("/admin/opd", base_url=f"http://{tenant.primary_host}").text) is None


def test_user_and_opd_changes_are_in_the_audit_log(app, make_tenant):
    from sqlalchemy import select

    from kiblat.platform.admin import services as admin
    from kiblat.platform.identity.audit.models import AuditEntry
    from kiblat.tenants.context import tenant_context
    from kiblat.tenants.database import tenant_db

    tenant = make_tenant()
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        opd = admin.create_opd("Dinas Lingkungan Hidup", "DLH")
        admin.rename_opd(opd, "Dinas Lingkungan Hidup dan Kebersihan", "DLHK")
        user = admin.create_staff_user(name="Petugas Audit", email="audit@contoh.id", phone="", role="officer",
                                       opd_id=opd.id, desa_code=None)
        admin.reset_two_factor(user)
        actions = [a for (a,) in tenant_db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id))]
    assert actions[-4:] == ["opd.create", "opd.update", "users.create", "users.reset_two_factor"]


def test_admin_places_an_iumk_officer_in_a_kecamatan_and_changes_roles(app, make_tenant):
    from kiblat.modules.jus_melon.services.check import officer_kecamatan
    from kiblat.tenants.local_regions import Kecamatan

    tenant = make_tenant(modules=("pengumuman", "sri_deli", "jus_melon"))
    admin = _admin_client(app, tenant)
    host = f"http://{tenant.primary_host}"
    with app.app_context(), tenant_context(tenant):
        kecamatan = tenant_db.session.scalar(select(Kecamatan).order_by(Kecamatan.code))
        kecamatan_code, kecamatan_name = kecamatan.code, kecamatan.name
        opd_id = services.create_opd("Dinas Penanaman Modal dan PTSP", "DPMPTSP").id
    form = admin.get("/admin/pengguna/baru", base_url=host).text
    assert "Diperlukan untuk: Petugas IUMK kecamatan" in form and kecamatan_name in form
    unplaced = post_form(admin, tenant, "/admin/pengguna/baru", {
        "name": "Camat Satu", "email": "camat@contoh.id", "role": "petugas_iumk"})
    assert unplaced.status_code == 422 and "Pilih kecamatan tempat Petugas IUMK kecamatan bertugas" in unplaced.text
    assert 'value="Camat Satu"' in unplaced.text
    created = post_form(admin, tenant, "/admin/pengguna/baru", {
        "name": "Camat Satu", "email": "camat@contoh.id", "role": "petugas_iumk", "kecamatan_code": kecamatan_code})
    assert created.status_code == 302
    user_id = int(created.headers["Location"].rsplit("/", 1)[1])
    detail = admin.get(f"/admin/pengguna/{user_id}", base_url=host).text
    assert f"Kecamatan: {kecamatan_name}" in detail and kecamatan_code not in detail
    assert "Kirim ulang undangan" in detail
    with app.app_context(), tenant_context(tenant):
        assert officer_kecamatan(tenant_db.session.get(User, user_id)) == kecamatan_code

    # The same person also verifies permits at an OPD: the OPD becomes required, and is kept.
    edit = f"/admin/pengguna/{user_id}/ubah"
    needs_opd = post_form(admin, tenant, edit, {"name": "Camat Satu", "role": "petugas_iumk",
                                                "extra_roles": ["verifikator_izin"], "kecamatan_code": kecamatan_code})
    assert needs_opd.status_code == 422 and "Pilih OPD tempat Verifikator izin bekerja" in needs_opd.text
    saved = post_form(admin, tenant, edit, {"name": "Camat Satu Dua", "role": "petugas_iumk", "phone": "0813 1111 2222",
                                            "extra_roles": ["verifikator_izin"], "kecamatan_code": kecamatan_code,
                                            "opd_id": str(opd_id)})
    assert saved.status_code == 302
    with app.app_context(), tenant_context(tenant):
        user = tenant_db.session.get(User, user_id)
        assert (user.name, user.phone, user.opd_id, user.role_keys) == (
            "Camat Satu Dua", "+6281311112222", opd_id, frozenset({"petugas_iumk", "verifikator_izin"}))
    # Back to an OPD officer only: the kecamatan goes.
    post_form(admin, tenant, edit, {"name": "Camat Satu Dua", "role": "officer", "opd_id": str(opd_id)})
    with app.app_context(), tenant_context(tenant):
        user = tenant_db.session.get(User, user_id)
        assert (user.role_keys, user.kecamatan_code, user.opd_id) == (frozenset({"officer"}), None, opd_id)
    resent = post_form(admin, tenant, f"/admin/pengguna/{user_id}/undangan", {}, page=f"/admin/pengguna/{user_id}")
    assert resent.status_code == 302
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(func.count()).select_from(Invitation)
                                        .where(Invitation.user_id == user_id)) == 2


def test_admin_cannot_drop_its_own_admin_role(app, make_tenant):
    tenant = make_tenant()
    admin = _admin_client(app, tenant)
    with app.app_context(), tenant_context(tenant):
        own_id = tenant_db.session.scalar(select(User.id).where(User.email == f"admin@{tenant.slug}.example.id"))
    refused = post_form(admin, tenant, f"/admin/pengguna/{own_id}/ubah", {"name": "Saya", "role": "citizen"})
    assert refused.status_code == 422 and "tidak dapat melepas peran admin" in refused.text
