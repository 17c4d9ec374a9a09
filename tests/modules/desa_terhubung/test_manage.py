"""Diskominfo's desk: target, plans with funding and budget, the operator roster, training."""

from __future__ import annotations

import re

from kiblat.modules.desa_terhubung.services import operators, plans
from tests.conftest import get
from tests.modules.desa_terhubung.helpers import desa_codes, in_tenant, person, post, text_of

DESK = "/desa-terhubung/kelola"


def test_target_plans_operators_and_training_through_the_desk(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        code = desa_codes(1)[0]
    diskominfo, _ = person(app, tenant, "diskominfo")
    operator, _ = person(app, tenant, "operator_desa_terhubung", desa_code=code)
    assert operator.get(DESK, base_url=f"http://{tenant.primary_host}").status_code == 403

    post(diskominfo, tenant, f"{DESK}/target", {"title": "0 desa blankspot pada 2027", "year": "2027",
                                                "max_blankspot": "0"}, page=DESK)
    bad = post(diskominfo, tenant, f"{DESK}/rencana", {"desa": code, "what": "Menara BTS 4G", "funding": "hibah",
                                                       "budget": "150.000.000", "status": "planned"}, page=DESK)
    page = bad.get_data(as_text=True)
    assert "Pilih sumber dana dari daftar" in page and "Menara BTS 4G" in page  # nothing lost
    post(diskominfo, tenant, f"{DESK}/rencana", {"desa": code, "what": "Menara BTS 4G", "funding": "dana_desa",
                                                 "budget": "150.000.000", "status": "funded",
                                                 "expected_on": "2027-03-01"}, page=DESK)
    with in_tenant(app, tenant):
        plan = plans.plans(code)[0]
        assert (plan.funding, plan.budget, plan.status) == ("dana_desa", 150_000_000, "funded")
    post(diskominfo, tenant, f"{DESK}/rencana/{plan.id}/status", {"status": "building"}, page=DESK)

    post(diskominfo, tenant, f"{DESK}/operator", {"desa": code, "name": "Siti Aminah", "phone": "0812-1111-2222",
                                                  "since": "2025-01-15"}, page=DESK)
    post(diskominfo, tenant, f"{DESK}/pelatihan", {"title": "Pelatihan layanan daring", "held_on": "2026-11-20",
                                                   "place": "Aula Diskominfo"}, page=DESK)
    desk = text_of(diskominfo, tenant, DESK)
    training_id = re.search(r'/kelola/pelatihan/(\d+)/hadir', desk).group(1)
    with in_tenant(app, tenant):
        operator_id = operators.roster()[0].id
    for _time in range(2):  # recording twice is one attendance
        post(diskominfo, tenant, f"{DESK}/pelatihan/{training_id}/hadir", {"operator": str(operator_id),
                                                                          "certified": "y"}, page=DESK)
    with in_tenant(app, tenant):
        assert operators.attendance_counts()[operator_id] == 1
        assert operators.roster()[0].certified_on.isoformat() == "2026-11-20"
    desk = text_of(diskominfo, tenant, DESK)
    assert "Rp150.000.000" in desk and "Dikerjakan" in desk and "Siti Aminah" in desk and "20 Nov 2026" in desk

    public = get(app.test_client(), tenant.primary_host, f"/desa-terhubung/desa/{code}").get_data(as_text=True)
    assert "Menara BTS 4G" in public and "Dana Desa" in public and "Rp150.000.000" in public and "Siti Aminah" in public
    index = get(app.test_client(), tenant.primary_host, "/desa-terhubung/").get_data(as_text=True)
    assert "0 desa blankspot pada 2027" in index
