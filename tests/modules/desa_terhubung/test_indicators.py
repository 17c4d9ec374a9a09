"""Desa Terhubung's smart-city indicators from sample data and from surveys made here, through the
monthly snapshot (both backends): share of desa connected and blankspot desa, per regency."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.desa_terhubung import api as desa
from kiblat.modules.desa_terhubung.services import surveys
from kiblat.platform.smartcity import services
from kiblat.platform.smartcity.snapshots import run_snapshots
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.modules.desa_terhubung.helpers import NO_SIGNAL, desa_codes, in_tenant, survey

SHARE, BLANKSPOT = "desa_terhubung.share_connected", "desa_terhubung.blankspot_desa"


def _snapshot(app, registry, tenant):  # noqa: ANN001, ANN202
    with app.app_context():
        report = run_snapshots(app, registry, [tenant.slug])
        assert report.failures == []
        return services.latest([tenant.id]).get(tenant.id, {})


def test_indicators_from_sample_data_and_new_surveys(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    untouched = make_tenant(modules=("desa_terhubung",))
    registry = app.extensions["kiblat_modules"]
    with app.app_context():
        declared = {d.key: d for d in services.declared(registry, ("desa_terhubung",))}
    assert set(declared) == {SHARE, BLANKSPOT}
    assert declared[SHARE].dimension == declared[BLANKSPOT].dimension == "society"
    assert declared[SHARE].indicator.higher_is_better and not declared[BLANKSPOT].indicator.higher_is_better

    with in_tenant(app, tenant):
        registry.get("desa_terhubung").hook("sample_data")("contoh")
        tenant_db.session.commit()
        total = tenant_db.session.scalar(select(func.count()).select_from(Desa))
    values = _snapshot(app, registry, tenant)
    # Sample data: one desa verified with strong 4G, the others not yet surveyed (or not verified).
    assert values[SHARE].value == round(100 / total, 1)
    assert values[BLANKSPOT].value == 0

    with in_tenant(app, tenant):
        first, second, third = desa_codes(3)
        surveys.verify(survey(second, NO_SIGNAL).id, None)
        surveys.verify(survey(third, (desa.Signal("telkomsel", "4g", "very_strong"),)).id, None)
        tenant_db.session.commit()
    values = _snapshot(app, registry, tenant)
    assert values[SHARE].value == round(200 / total, 1)
    assert values[BLANKSPOT].value == 1

    # Another regency with no verified survey has nothing measured, and sees none of the first one's.
    other = _snapshot(app, registry, untouched)
    assert all(v.value is None for key, v in other.items() if key in (SHARE, BLANKSPOT))
