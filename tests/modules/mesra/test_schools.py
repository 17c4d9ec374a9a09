"""The school registry: NPSN rules, CSV import with a row report, TPPK warnings, Satgas roster."""

from __future__ import annotations

import io
from datetime import date

import pytest

from kiblat.modules.mesra.services import schools
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user
from tests.modules.mesra.helpers import first_kecamatan, npsn, post_form, signed_in


def test_npsn_must_be_eight_digits_and_unique(app, make_tenant):
    tenant = make_tenant(modules=("mesra",))
    with app.app_context(), tenant_context(tenant):
        kec = first_kecamatan()
        code = npsn()
        schools.add_school(code, "SD Negeri 2", "sd", "negeri", kec)
        for bad in ("1234567", "1234567a", "123456789"):
            with pytest.raises(MesraError, match="8 angka"):
                schools.add_school(bad, "SD X", "sd", "negeri", kec)
        with pytest.raises(MesraError, match="sudah terdaftar"):
            schools.add_school(code, "SD Lain", "sd", "negeri", kec)
        with pytest.raises(MesraError, match="Kecamatan"):
            schools.add_school(npsn(), "SD Y", "sd", "negeri", "99.99.99")
        with pytest.raises(MesraError, match="Jenjang"):
            schools.add_school(npsn(), "SD Z", "kuliah", "negeri", kec)


def test_tppk_warnings(app, make_tenant):
    tenant = make_tenant(modules=("mesra",))
    with app.app_context(), tenant_context(tenant):
        school = schools.add_school(npsn(), "SD Negeri 3", "sd", "negeri", first_kecamatan())
        today = date(2026, 12, 2)
        assert schools.tppk_warnings(school, today) == ["Belum ada TPPK."]
        schools.add_member(school, "A", "guru", True)
        schools.add_member(school, "B", "guru")
        warnings = schools.tppk_warnings(school, today)
        assert "TPPK kurang dari 3 orang." in warnings and "SK TPPK belum dicatat." in warnings
        assert "TPPK belum memiliki anggota dari orang tua/komite." in warnings
        schools.add_member(school, "C", "orang_tua")
        schools.set_team(school, "1/2024", date(2024, 1, 1), date(2026, 1, 1))
        assert schools.tppk_warnings(school, today) == ["Masa tugas TPPK sudah berakhir."]
        schools.add_member(school, "D", "guru")
        assert "Jumlah anggota TPPK genap; harus ganjil." in schools.tppk_warnings(school, today)
        schools.set_team(school, "1/2026", date(2026, 1, 1), date(2028, 1, 1))
        schools.add_member(school, "E", "komite")
        assert schools.tppk_warnings(school, today) == []


def test_csv_import_reports_every_row(app, make_tenant):
    tenant = make_tenant(modules=("mesra",))
    add_user(app, tenant, "peninjau_disdik", email=f"disdik@{tenant.slug}.example.id")
    with app.app_context(), tenant_context(tenant):
        kec = first_kecamatan()
        taken = npsn()
        schools.add_school(taken, "SD Sudah Ada", "sd", "negeri", kec)
        tenant_db.session.commit()
    good = npsn()
    csv = (f"npsn,nama,jenjang,status,kecamatan,desa\n{good},SMP Negeri 9,smp,negeri,{kec},\n"
           f"{taken},SD Kembar,sd,negeri,{kec},\n12,SD Pendek,sd,negeri,{kec},\n"
           f"{npsn()},SD Jauh,sd,negeri,Kecamatan Entah,\n")
    client = signed_in(app, tenant, "disdik")
    response = post_form(client, tenant, "/mesra/sekolah", "/mesra/sekolah/impor",
                         {"table": (io.BytesIO(csv.encode()), "sekolah.csv")}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 dari 4 baris ditambahkan." in html
    assert f"NPSN {taken} sudah terdaftar." in html
    assert "NPSN harus 8 angka." in html and "Kecamatan Entah tidak ada di daerah ini." in html
    with app.app_context(), tenant_context(tenant):
        assert {s.npsn for s in schools.all_schools()} == {taken, good}


def test_registry_pages_need_the_manage_permission(app, make_tenant, client):
    tenant = make_tenant(modules=("mesra",))
    add_user(app, tenant, "tppk", email=f"guru@{tenant.slug}.example.id")
    teacher = signed_in(app, tenant, "guru")
    assert teacher.get("/mesra/sekolah", base_url=f"http://{tenant.primary_host}").status_code == 403
    assert client.get("/mesra/sekolah", base_url=f"http://{tenant.primary_host}").status_code in (302, 401)


def test_satgas_roster_and_member_linked_to_an_account(app, make_tenant):
    tenant = make_tenant(modules=("mesra",))
    add_user(app, tenant, "satgas_ppksp", email=f"s@{tenant.slug}.example.id")
    with app.app_context(), tenant_context(tenant):
        member = schools.add_satgas("Satgas", "DP3A", f"S@{tenant.slug}.example.id")
        assert member.user_id is not None
        with pytest.raises(MesraError, match="Tidak ada akun"):
            schools.add_satgas("Lain", "Dinsos", "tidak-ada@example.id")
