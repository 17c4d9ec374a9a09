"""Desa Terhubung in "Data saya": a village operator's roster entry and the surveys they sent
are in their download; deletion erases the name and phone and keeps the roster's counts and
the village's surveys."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from kiblat.modules.desa_terhubung.models import Attendance, Operator, Survey
from kiblat.modules.desa_terhubung.services import operators
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user
from tests.modules.desa_terhubung.helpers import desa_codes, in_tenant, survey
from tests.privacy.helpers import download, erase


def test_an_operators_roster_entry_and_surveys_are_downloaded_and_erased_keeping_counts(app, make_tenant):  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    email = f"operator@{tenant.slug}.example.id"
    user_id = add_user(app, tenant, "citizen", email=email)
    admin = add_user(app, tenant, "admin", email=f"admin@{tenant.slug}.example.id")
    with in_tenant(app, tenant):
        first, second = desa_codes(2)
        mine = operators.add(first, "Ahmad Operator", "081234567890", date(2025, 1, 6), email=email)
        operators.add(second, "Budi Lain", "081200000000", date(2025, 1, 6))
        training = operators.add_training("Pelatihan operator desa digital", date(2025, 2, 1))
        tenant_db.session.add(Attendance(training_id=training.id, operator_id=mine.id))
        sent = survey(first)
        sent.submitted_by_user_id = user_id
        tenant_db.session.commit()

        data = download(user_id)["desa_terhubung"]["data"]
        assert data["operator_desa"]["nama"] == "Ahmad Operator" and data["operator_desa"]["pelatihan"] == 1
        assert data["operator_desa"]["telepon"] == "081234567890"
        assert [s["desa"] for s in data["survei_dikirim"]] == [first]
        assert "Budi Lain" not in str(data)

        counts = [tenant_db.session.scalar(select(func.count(m.id))) for m in (Operator, Attendance, Survey)]
        report = erase(user_id, admin)
        assert any("nama dan nomor telepon operator desa" in line for line in report["erased"])
        assert any("1 survei sinyal desa" in line for line in report["kept"])
        assert [tenant_db.session.scalar(select(func.count(m.id))) for m in (Operator, Attendance, Survey)] == counts
        erased = tenant_db.session.get(Operator, mine.id)
        assert (erased.name, erased.phone, erased.user_id, erased.active) == ("(dihapus)", "", None, False)
        assert download(user_id)["desa_terhubung"]["data"]["operator_desa"] is None
