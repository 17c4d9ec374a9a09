"""The demo prints a login for every officer role, each placed where its role needs; the
officers of modules come from their manifests' ``demo_logins`` hooks."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.jus_melon.services.check import officer_kecamatan
from kiblat.modules.sri_deli.services import catalogue, staffing
from kiblat.platform.identity.accounts import authenticate
from kiblat.platform.identity.models import Opd, User
from kiblat.provisioning.demo import DEMO_OFFICER_PASSWORD, ensure_demo_officers
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db


def test_demo_officers_are_placed_and_created_once(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman", "sri_deli", "jus_melon", "jumpa_madu"))
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        first = ensure_demo_officers(tenant)
        again = ensure_demo_officers(tenant)
        assert first == again
        permit_officers = {f"{word} izin {opd}" for opd, words in (
            ("DPMPTSP", ("loket", "verifikator", "pejabat")), ("DINKES", ("loket", "verifikator", "pejabat")),
            ("KESBANGPOL", ("loket", "verifikator", "pejabat"))) for word in words}
        assert {login.label for login in first} == {
            "humas", "camat iumk", "operator desa", "bank sampah", "penjemput", "bendahara penerimaan",
            *permit_officers}
        assert all(login.identifier.endswith(f"@{tenant.slug}.example.id") for login in first)
        assert tenant_db.session.scalar(select(func.count()).select_from(User)) == 6 + len(permit_officers)
        opds = set(tenant_db.session.scalars(select(Opd.short_name)))
        assert {"DPMPTSP", "DLH", "DISDIK", "DISKOMINFO", "DINKES", "KESBANGPOL"} <= opds
        # Every permit of the catalogue can be processed, so citizens are offered all of them.
        assert staffing.understaffed(catalogue.active_types()) == []
        camat = authenticate(f"camat.iumk@{tenant.slug}.example.id", DEMO_OFFICER_PASSWORD)
        assert camat is not None and officer_kecamatan(camat) is not None
        operator = authenticate(f"operator.desa@{tenant.slug}.example.id", DEMO_OFFICER_PASSWORD)
        assert operator is not None and operator.desa_code is not None


def test_a_module_without_the_hook_adds_no_login(app, make_tenant):
    tenant = make_tenant(modules=("kunjungan",))
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        assert [login.label for login in ensure_demo_officers(tenant)] == ["operator desa"]
