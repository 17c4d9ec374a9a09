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


def test_citizens_are_not_offered_a_type_nobody_can_process(app, make_tenant):
    tenant = make_tenant(modules=("sri_deli",))
    host = f"http://{tenant.primary_host}"
    add_user(app, tenant, role="citizen", email="warga@contoh.id")
    citizen = app.test_client()
    sign_in(citizen, tenant, "warga@contoh.id")
    # No officer anywhere yet: the catalogue, the permit page, the form and the API offer nothing.
    assert "Surat Keterangan Penelitian" not in citizen.get("/perizinan/", base_url=host).text
    assert citizen.get("/perizinan/izin/penelitian", base_url=host).status_code == 404
    assert citizen.get("/perizinan/izin/penelitian/ajukan", base_url=host).status_code == 404
    assert citizen.get("/api/v1/perizinan/izin", base_url=host).get_json()["items"] == []
    with app.app_context(), tenant_context(tenant):
        opd = Opd(name="Badan Kesatuan Bangsa dan Politik", short_name="KESBANGPOL")
        tenant_db.session.add(opd)
        tenant_db.session.flush()
        create_user(name="Petugas Kesbang", role="petugas_loket", extra_roles=("penandatangan_izin",),
                    email="kesbang@contoh.id", opd_id=opd.id)
        tenant_db.session.commit()
    assert "Surat Keterangan Penelitian" in citizen.get("/perizinan/", base_url=host).text
    assert citizen.get("/perizinan/izin/penelitian/ajukan", base_url=host).status_code == 200
    assert [p["key"] for p in citizen.get("/api/v1/perizinan/izin", base_url=host).get_json()["items"]] == ["penelitian"]
    # A type of another OPD stays hidden, and another regency is not staffed by this one's officer.
    assert citizen.get("/perizinan/izin/pbg", base_url=host).status_code == 404
    other = make_tenant(modules=("sri_deli",))
    assert "Surat Keterangan Penelitian" not in app.test_client().get(
        "/perizinan/", base_url=f"http://{other.primary_host}").text


def test_each_stage_is_staffed_by_its_own_opd(app, make_tenant):
    tenant = make_tenant(modules=("sri_deli",))
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        permit_type = tenant_db.session.scalar(select(PermitType).where(PermitType.key == "penelitian"))
        permit_type.stages = [{**permit_type.stages[0], "opd": "DPMPTSP"}, {**permit_type.stages[1], "opd": "DLH"}]
        dpmptsp = Opd(name="Dinas Penanaman Modal dan PTSP", short_name="DPMPTSP")
        tenant_db.session.add(dpmptsp)
        tenant_db.session.flush()
        create_user(name="Loket", role="petugas_loket", email="loket@contoh.id", opd_id=dpmptsp.id)
        tenant_db.session.commit()
        [entry] = staffing.understaffed([permit_type])
        assert not entry.opd_found and entry.missing_opds == ("DLH",)
        assert entry.missing_stages == (permit_type.stages[1]["label"],)
        dlh = Opd(name="Dinas Lingkungan Hidup", short_name="DLH")
        tenant_db.session.add(dlh)
        tenant_db.session.flush()
        create_user(name="Pejabat DLH", role="penandatangan_izin", email="dlh@contoh.id", opd_id=dlh.id)
        tenant_db.session.commit()
        assert staffing.understaffed([permit_type]) == []
        assert [t.key for t in catalogue.offered_types()] == ["penelitian"]
