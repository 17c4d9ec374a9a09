"""The regency admin's modules page: price before confirming, requirements, disable guards,
settings from the schema, and what citizens see once a module is off."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.web.formatting import rupiah
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import add_user, sign_in


def _admin(app, tenant):  # noqa: ANN001, ANN202
    add_user(app, tenant, role="admin", email=f"admin@{tenant.slug}.example.id")
    client = app.test_client()
    assert sign_in(client, tenant, f"admin@{tenant.slug}.example.id").status_code == 302
    return client


def _fresh(app, tenant):  # noqa: ANN001, ANN202
    with app.app_context():
        return tenant_registry().by_slug(tenant.slug)


def test_only_the_admin_reaches_the_modules_page(app, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    add_user(app, tenant, email="warga@contoh.id")
    citizen = app.test_client()
    sign_in(citizen, tenant, "warga@contoh.id")
    for path in ("/admin/modul", "/admin/modul/sri_deli/aktifkan", "/admin/modul/pengumuman/pengaturan"):
        assert citizen.get(path, base_url=host).status_code == 403, path
    assert app.test_client().get("/admin/modul", headers={"Host": "kiblat.test"}).status_code == 404
    admin = _admin(app, tenant)
    assert admin.get("/admin/modul/tidak_ada/aktifkan", base_url=host).status_code == 404
    assert admin.post("/admin/modul/sri_deli/aktifkan", base_url=host).status_code == 400  # no CSRF token


def test_enabling_states_the_new_fee_and_needs_what_the_module_requires(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    admin = _admin(app, tenant)
    host = f"http://{tenant.primary_host}"
    listing = admin.get("/admin/modul", base_url=host).text
    assert "Jus Melon" in listing and "Membutuhkan: Sri Deli" in listing

    blocked = admin.get("/admin/modul/jus_melon/aktifkan", base_url=host).text
    assert "membutuhkan modul Sri Deli" in blocked and "Ya, aktifkan" not in blocked
    refused = post_form(admin, tenant, "/admin/modul/jus_melon/aktifkan", {}, page="/admin/modul/sri_deli/aktifkan")
    assert refused.status_code == 422 and "jus_melon" not in _fresh(app, tenant).modules

    with app.test_request_context():
        from kiblat.platform.admin import modules as admin_modules
        with tenant_context(tenant):
            before = admin_modules.monthly_fee({"pengumuman"})
            after = admin_modules.monthly_fee({"pengumuman", "sri_deli"})
    confirm = admin.get("/admin/modul/sri_deli/aktifkan", base_url=host).text
    with app.test_request_context():
        assert f"dari {rupiah(before)} menjadi {rupiah(after)}" in confirm.replace("\xa0", " ")
    assert post_form(admin, tenant, "/admin/modul/sri_deli/aktifkan", {}).status_code == 302
    assert "sri_deli" in _fresh(app, tenant).modules
    assert post_form(admin, tenant, "/admin/modul/jus_melon/aktifkan", {}).status_code == 302

    dependent = admin.get("/admin/modul/sri_deli/nonaktifkan", base_url=host).text
    assert "Modul Jus Melon" in dependent and "Ya, nonaktifkan" not in dependent
    with app.app_context(), tenant_context(tenant):
        actions = set(tenant_db.session.scalars(select(AuditEntry.action)))
    assert "module.enable" in actions


def test_citizens_of_a_disabled_module_are_told_it_is_gone(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    admin = _admin(app, tenant)
    assert post_form(admin, tenant, "/admin/modul/pengumuman/nonaktifkan", {}).status_code == 302
    gone = app.test_client().get("/pengumuman/", base_url=f"http://{tenant.primary_host}")
    assert gone.status_code == 404
    assert f"tidak lagi tersedia di {tenant.official_name}" in gone.text


def test_jumpa_madu_cannot_be_disabled_while_citizens_hold_money(app, make_tenant):
    tenant = make_tenant(modules=("jumpa_madu",))
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        from kiblat.modules.jumpa_madu.sample import sample_data

        sample_data("uji")
        tenant_db.session.commit()
    admin = _admin(app, tenant)
    page = admin.get("/admin/modul/jumpa_madu/nonaktifkan", base_url=f"http://{tenant.primary_host}").text
    assert "nasabah masih memiliki saldo" in page and "Ya, nonaktifkan" not in page
    refused = post_form(admin, tenant, "/admin/modul/jumpa_madu/nonaktifkan", {}, page="/admin/modul")
    assert refused.status_code == 422 and "saldo" in refused.text
    assert "jumpa_madu" in _fresh(app, tenant).modules


def test_settings_form_follows_the_schema(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    admin = _admin(app, tenant)
    page = "/admin/modul/pengumuman/pengaturan"
    out_of_range = post_form(admin, tenant, page, {"items_per_page": "500"})
    assert out_of_range.status_code == 422 and "antara 1 dan 50" in out_of_range.text
    assert 'value="500"' in out_of_range.text  # nothing typed is lost
    not_a_number = post_form(admin, tenant, page, {"items_per_page": "sepuluh"})
    assert not_a_number.status_code == 422
    assert post_form(admin, tenant, page, {"items_per_page": "20"}).status_code == 302
    assert _fresh(app, tenant).settings_for("pengumuman")["items_per_page"] == 20


def test_a_regency_gives_a_module_its_own_name(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    admin = _admin(app, tenant)
    host = f"http://{tenant.primary_host}"
    page = "/admin/modul/pengumuman/pengaturan"
    too_long = post_form(admin, tenant, "/admin/modul/pengumuman/nama", {"display_name": "K" * 81}, page=page)
    assert too_long.status_code == 422 and "paling banyak 80 karakter" in too_long.text
    assert "K" * 81 in too_long.text  # nothing typed is lost
    renamed = post_form(admin, tenant, "/admin/modul/pengumuman/nama", {"display_name": "  Kabar   Binjai "}, page=page)
    assert renamed.status_code == 302
    assert _fresh(app, tenant).module_name("pengumuman", "Pengumuman") == "Kabar Binjai"

    citizen = app.test_client()
    home = citizen.get("/", base_url=host).text
    assert ">Kabar Binjai</a>" in home and ">Pengumuman</a>" not in home  # menu and home cards
    listing = citizen.get("/pengumuman/", base_url=host).text
    assert "<h1>Kabar Binjai</h1>" in listing and "<title>Kabar Binjai · " in listing
    with app.app_context(), tenant_context(tenant):
        entry = tenant_db.session.scalar(select(AuditEntry).where(AuditEntry.action == "modules.rename"))
        assert entry is not None and entry.details["display_name"] == "Kabar Binjai"

    assert post_form(admin, tenant, "/admin/modul/pengumuman/nama", {"display_name": ""}, page=page).status_code == 302
    assert ">Pengumuman</a>" in citizen.get("/", base_url=host).text  # back to the module's own name
    other = make_tenant(modules=("pengumuman",))
    assert ">Pengumuman</a>" in app.test_client().get("/", base_url=f"http://{other.primary_host}").text
