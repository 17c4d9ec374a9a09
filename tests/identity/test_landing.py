"""After signing in from the home page each role lands on its own work page; a page asked for
with ``next=`` still wins."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.identity.landing import landing_page
from kiblat.platform.identity.models import Opd, User
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.identity.helpers import PASSWORD, add_user, csrf_token, sign_in


def _opd_and_desa(app, tenant) -> tuple[int, str]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        opd = Opd(name="DPMPTSP", short_name="DPMPTSP")
        tenant_db.session.add(opd)
        tenant_db.session.commit()
        return opd.id, tenant_db.session.scalar(select(Desa.code).order_by(Desa.code).limit(1))


def test_each_role_lands_on_its_work_page(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman", "sri_deli"))
    opd_id, desa_code = _opd_and_desa(app, tenant)
    people = {
        "citizen": ("warga@contoh.id", {}, "/perizinan/saya"),
        "officer": ("petugas@contoh.id", {"opd_id": opd_id}, "/perizinan/petugas"),
        "admin": ("admin@contoh.id", {}, "/admin/"),
        "village_operator": ("operator@contoh.id", {"desa_code": desa_code}, "/perizinan/"),
    }
    for role, (email, extra, _page) in people.items():
        add_user(app, tenant, role=role, email=email, **extra)
    for role, (email, _extra, page) in people.items():
        client = app.test_client()
        done = sign_in(client, tenant, email)  # password, then (staff) the code: the landing page is carried on
        assert done.status_code == 302, role
        assert done.headers["Location"].endswith(page), (role, done.headers["Location"])


def test_a_requested_page_wins_and_unknown_roles_go_home(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    add_user(app, tenant, role="citizen", email="warga@contoh.id")
    client = app.test_client()
    host = f"http://{tenant.primary_host}"
    page = client.get("/masuk?next=/akun", base_url=host)
    asked = client.post("/masuk?next=/akun", base_url=host, data={
        "identifier": "warga@contoh.id", "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    assert asked.headers["Location"] == "/akun"
    with app.app_context(), tenant_context(tenant):
        citizen = tenant_db.session.query(User).filter_by(email="warga@contoh.id").one()
        with app.test_request_context(base_url=host):
            assert landing_page(citizen) is None  # no module names a citizen page here: the home page
