"""Permit types nobody can process are named to the catalogue's manager, never to citizens."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.modules.sri_deli.models import PermitType
from kiblat.modules.sri_deli.services import catalogue, staffing
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, sign_in


def test_a_type_is_understaffed_until_its_opd_has_an_officer_for_every_stage(app, make_tenant):
    tenant = make_tenant(modules=("sri_deli",))
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        permit_type = tenant_db.session.scalar(select(PermitType).order_by(PermitType.key))
        assert permit_type.key in {u.permit_type.key for u in staffing.understaffed(catalogue.active_types())}
        opd = Opd(name="Dinas Uji Perizinan", short_name=permit_type.opd_short_name)
        tenant_db.session.add(opd)
        tenant_db.session.flush()
        [entry] = staffing.understaffed([permit_type])
        assert entry.opd_found and entry.missing_stages == tuple(s["label"] for s in permit_type.stages)
        roles = ("petugas_loket", "verifikator_izin", "penandatangan_izin")
        create_user(name="Petugas Serba Bisa", role=roles[0], extra_roles=roles[1:], email="serba@contoh.id",
                    opd_id=opd.id)
        tenant_db.session.commit()
        assert staffing.understaffed([permit_type]) == []


def test_only_the_manager_sees_the_warning(app, make_tenant):
    tenant = make_tenant(modules=("sri_deli",))
    host = f"http://{tenant.primary_host}"
    assert "belum dapat diproses" not in app.test_client().get("/perizinan/", base_url=host).text
    add_user(app, tenant, role="admin", email="admin@contoh.id")
    admin = app.test_client()
    sign_in(admin, tenant, "admin@contoh.id")
    page = admin.get("/perizinan/", base_url=host).text
    assert "Izin yang belum dapat diproses" in page and "tidak ada atau nonaktif" in page
