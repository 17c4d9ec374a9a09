"""Smart-city declarations, snapshots, publication and comparisons (both backends)."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.core.extensions import db
from kiblat.platform.modular.manifest import Indicator, Localized, ModuleManifest
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.regions.models import Regency
from kiblat.platform.smartcity import services
from kiblat.platform.smartcity.models import IndicatorSnapshot
from kiblat.platform.smartcity.snapshots import run_snapshots
from kiblat.tenants.context import tenant_context
from kiblat.tenants.registry import tenant_registry

L = Localized("x", "x")


def boom() -> float:
    raise RuntimeError("tabel hilang")


def slow() -> float:
    time.sleep(60)  # stopped at the time limit long before
    return 1.0


def runaway() -> float:
    """Writes the id of the process computing it, then never finishes."""
    Path(os.environ["KIBLAT_TEST_RUNAWAY_PID"]).write_text(str(os.getpid()))
    while True:
        time.sleep(0.05)


def not_a_number() -> str:
    return "banyak"


def forty_two() -> int:
    return 42


def _manifest(**changes) -> ModuleManifest:
    base = dict(key="contoh", name=L, description=L, version="1", url_prefix="/contoh",
                blueprint="a.b:bp", models="a.b")
    return ModuleManifest(**{**base, **changes})


def test_unknown_dimension_stops_the_manifest_with_a_clear_error():
    with pytest.raises(ValueError, match="unknown smart-city dimension 'smart_food'"):
        _manifest(smart_city=("smart_food",))
    with pytest.raises(ValueError, match="unknown smart-city dimension 'health'"):
        Indicator("xy", L, L, "a.b:c", dimension="health")
    with pytest.raises(ValueError, match="need at least one smart-city dimension"):
        _manifest(indicators=(Indicator("xy", L, L, "a.b:c"),))
    with pytest.raises(ValueError, match="per_capita"):
        Indicator("xy", L, L, "a.b:c", per_capita=0)


def test_existing_modules_declare_real_indicators(app):
    registry = app.extensions["kiblat_modules"]
    keys = {d.key for d in services.declared(registry)}
    assert {"pengumuman.announcements_per_month", "jus_melon.iumk_issued", "jumpa_madu.kg_recycled",
            "jumpa_madu.citizens_paid"} <= keys
    assert registry.get("jumpa_madu").smart_city[0] == "environment"


def _registry_with(app, indicators) -> ModuleRegistry:
    registry = app.extensions["kiblat_modules"]
    manifests = [dataclasses.replace(m, indicators=indicators, package="") if m.key == "pengumuman" else m for m in registry]
    return ModuleRegistry(manifests)


def test_snapshot_over_many_tenants_survives_a_failing_slow_or_wrong_indicator(app, make_tenant):
    tenants = [make_tenant(modules=("pengumuman",)) for _ in range(3)]
    registry = _registry_with(app, (
        Indicator("ok", L, L, "tests.platform.test_smart_city:forty_two"),
        Indicator("boom", L, L, "tests.platform.test_smart_city:boom"),
        Indicator("slow", L, L, "tests.platform.test_smart_city:slow"),
        Indicator("word", L, L, "tests.platform.test_smart_city:not_a_number"),
        Indicator("real", L, L, "kiblat.modules.pengumuman.indicators:announcements_per_month"),
    ))
    with app.app_context():
        report = run_snapshots(app, registry, [t.slug for t in tenants], period="2026-11", time_limit=2.0)
        assert report.computed == 3 * 2
        failures = {(slug, key): why for slug, key, why in report.failures}
        assert len(failures) == 3 * 3
        assert "RuntimeError: tabel hilang" in failures[(tenants[0].slug, "pengumuman.boom")]
        assert "batas waktu" in failures[(tenants[1].slug, "pengumuman.slow")]
        assert "bukan angka" in failures[(tenants[2].slug, "pengumuman.word")]
        values = services.latest([t.id for t in tenants])
        for tenant in tenants:
            assert values[tenant.id]["pengumuman.ok"].value == 42
            assert values[tenant.id]["pengumuman.real"].value == 0
            assert values[tenant.id]["pengumuman.boom"].value is None
            assert values[tenant.id]["pengumuman.boom"].error.startswith("RuntimeError")


def test_an_indicator_over_its_time_limit_is_stopped_not_abandoned(app, make_tenant, tmp_path, monkeypatch):
    tenant = make_tenant(modules=("pengumuman",))
    pid_file = tmp_path / "runaway.pid"
    monkeypatch.setenv("KIBLAT_TEST_RUNAWAY_PID", str(pid_file))
    registry = _registry_with(app, (
        Indicator("runaway", L, L, "tests.platform.test_smart_city:runaway"),
        Indicator("after", L, L, "tests.platform.test_smart_city:forty_two"),
    ))
    with app.app_context():
        report = run_snapshots(app, registry, [tenant.slug], period="2026-10", time_limit=2.0)
    assert report.failures == [(tenant.slug, "pengumuman.runaway", "melebihi batas waktu 2 detik")]
    assert report.computed == 1  # the indicator after it ran in a fresh worker process
    pid = int(pid_file.read_text())
    assert pid != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the process that ran it is gone: terminated and reaped


def test_history_keeps_months_and_a_later_failure_keeps_the_months_value(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    good = _registry_with(app, (Indicator("nn", L, L, "tests.platform.test_smart_city:forty_two"),))
    bad = _registry_with(app, (Indicator("nn", L, L, "tests.platform.test_smart_city:boom"),))
    with app.app_context():
        run_snapshots(app, good, [tenant.slug], period="2026-10")
        run_snapshots(app, good, [tenant.slug], period="2026-11")
        run_snapshots(app, bad, [tenant.slug], period="2026-11")
        assert services.history(tenant.id, "pengumuman.nn") == [("2026-10", 42.0), ("2026-11", 42.0)]
        row = db.session.scalar(select(IndicatorSnapshot).filter_by(tenant_id=tenant.id, period="2026-11"))
        assert (row.value, row.error.split(":")[0]) == (42.0, "RuntimeError")


def test_real_pengumuman_indicator_counts_the_last_90_days(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    with app.app_context(), tenant_context(tenant):
        for n in range(6):
            pengumuman.publish(f"Jadwal {n}", "Isi.")
    with app.app_context():
        run_snapshots(app, app.extensions["kiblat_modules"], [tenant.slug])
        value = services.latest([tenant.id])[tenant.id]["pengumuman.announcements_per_month"].value
    assert value == 2.0  # 6 in 90 days = 2 per 30 days


def test_per_capita_maths():
    assert services.per_capita(2080.408, 2_080_408, 1000) == pytest.approx(1.0)
    assert services.per_capita(5, 250_000, 100_000) == pytest.approx(2.0)
    assert services.per_capita(7, None, 1000) is None
    assert services.per_capita(7, 1000, None) == 7


def test_publish_unpublish_and_the_public_comparison(app, make_tenant):
    a, b = make_tenant(modules=("pengumuman",)), make_tenant(modules=("pengumuman",))
    registry = _registry_with(app, (
        Indicator("nn", L, L, "tests.platform.test_smart_city:forty_two", per_capita=100_000),
        Indicator("secret", L, L, "tests.platform.test_smart_city:forty_two", publishable=False),
    ))
    with app.app_context():
        run_snapshots(app, registry, [a.slug, b.slug])
        tenants = [tenant_registry().by_slug(a.slug), tenant_registry().by_slug(b.slug)]
        assert services.compare(registry, tenants).rows == []  # nothing published yet
        services.set_published(registry, tenants[0], "pengumuman.nn", True)
        with pytest.raises(services.IndicatorError):
            services.set_published(registry, tenants[0], "pengumuman.secret", True)
        comparison = services.compare(registry, tenants)
        [row] = comparison.rows
        population = db.session.get(Regency, a.region_code).population
        assert row.values[0].normalised == pytest.approx(42 * 100_000 / population)
        assert row.values[1] is None  # b did not publish
        staff = services.compare(registry, tenants, public=False)
        assert {r.declared.key for r in staff.rows} == {"pengumuman.nn", "pengumuman.secret"}
        assert all(v is not None for r in staff.rows for v in r.values)
        services.set_published(registry, tenants[0], "pengumuman.nn", False)
        assert services.compare(registry, tenants).rows == []
        public = services.overview(registry, tenants[0], public=True)
        assert all(not d.indicators for d in public)
        governance = next(d for d in services.overview(registry, tenants[0], public=False) if d.key == "governance")
        assert {i.declared.key for i in governance.indicators} == {"pengumuman.nn", "pengumuman.secret"}
        environment = next(d for d in public if d.key == "environment")
        assert environment.is_gap and "jumpa_madu" in [m.key for m in environment.missing]


def test_cli_snapshot(app, make_tenant, monkeypatch):
    tenant = make_tenant(modules=("pengumuman",))
    from kiblat.platform.cli.smartcity import smart_city_group

    with app.app_context():
        result = CliRunner().invoke(smart_city_group, ["snapshot", "--tenant", tenant.slug])
    assert result.exit_code == 0, result.output
    assert "1 indicator values stored" in result.output
