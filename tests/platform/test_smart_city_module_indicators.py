"""The indicators existing modules declare compute real numbers from their own sample data (both backends)."""

from __future__ import annotations

from kiblat.platform.smartcity import services
from kiblat.platform.smartcity.snapshots import run_snapshots
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db

MODULES = ("pengumuman", "sri_deli", "jus_melon", "jumpa_madu", "desa_terhubung")


def test_every_declared_indicator_computes_on_sample_data(app, make_tenant):
    tenant = make_tenant(modules=MODULES)
    registry = app.extensions["kiblat_modules"]
    with app.app_context(), tenant_context(tenant):
        for key in MODULES:
            registry.get(key).hook("sample_data")("contoh")
        tenant_db.session.commit()
    with app.app_context():
        report = run_snapshots(app, registry, [tenant.slug])
        assert report.failures == []
        values = services.latest([tenant.id])[tenant.id]
        declared = {d.key for d in services.declared(registry, MODULES)}
        assert set(values) == declared
        assert {"sri_deli.median_days_to_decision", "sri_deli.share_within_sla", "sri_deli.permits_per_month",
                "jus_melon.iumk_issued", "jumpa_madu.kg_recycled", "jumpa_madu.citizens_paid",
                "pengumuman.announcements_per_month", "desa_terhubung.share_connected",
                "desa_terhubung.blankspot_desa"} <= declared
        share = values["sri_deli.share_within_sla"].value
        assert share is None or 0 <= share <= 100
        assert values["pengumuman.announcements_per_month"].value > 0
        assert 0 < values["desa_terhubung.share_connected"].value <= 100
