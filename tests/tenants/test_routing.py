"""Host → tenant resolution, on both backends."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, text, update

from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.tenants import services
from kiblat.tenants.models import PlatformState
from kiblat.tenants.registry import VERSION_KEY, tenant_registry
from tests.conftest import build_environ, get


def test_each_host_serves_its_own_regency(app, client, make_tenant):
    a, b = make_tenant(), make_tenant()
    page_a = get(client, a.primary_host, "/").get_data(as_text=True)
    page_b = get(client, b.primary_host + ":5000", "/").get_data(as_text=True)
    assert a.official_name in page_a and b.official_name not in page_a
    assert b.official_name in page_b and a.official_name not in page_b


def test_unknown_host_is_404_and_never_falls_back_to_a_tenant(app, client, make_tenant):
    tenant = make_tenant()
    response = get(client, "tidakada.kiblat.test", "/")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Kabupaten/kota tidak ditemukan" in body
    assert tenant.official_name not in body
    assert get(client, "tidakada.kiblat.test", "/pengumuman/").status_code == 404
    assert get(client, "evil.example.org", "/").status_code == 404


def test_malformed_host_is_400(app, client):
    for host in ("bad host", "a..b", "-x.kiblat.test", "[::1]:5000"):
        assert get(client, host, "/").status_code == 400, host


def test_base_domain_serves_the_platform_site(app, client, make_tenant):
    tenant = make_tenant()
    response = get(client, "kiblat.test", "/")
    assert response.status_code == 200
    assert "Kiblat" in response.get_data(as_text=True)
    assert tenant.primary_host in response.get_data(as_text=True)
    # Module routes do not exist on the platform host.
    assert get(client, "kiblat.test", "/pengumuman/").status_code == 404


def test_suspended_tenant_answers_503_and_resumes(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context():
        services.suspend_tenant(tenant.slug)
    response = get(client, tenant.primary_host, "/pengumuman/")
    assert response.status_code == 503
    assert "dihentikan sementara" in response.get_data(as_text=True)
    with app.app_context():
        services.resume_tenant(tenant.slug)
    assert get(client, tenant.primary_host, "/pengumuman/").status_code == 200


def test_healthz_answers_json_on_every_host(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context():
        services.suspend_tenant(tenant.slug)
    for host, expected_tenant in (
        ("kiblat.test", None), (tenant.primary_host, tenant.slug), ("unknown.kiblat.test", None), ("bad host", None),
    ):
        response = get(client, host, "/healthz")
        assert response.status_code == 200, host
        assert response.json["status"] == "ok"
        assert response.json.get("tenant") == expected_tenant


def test_custom_domain_routes_to_its_tenant(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context():
        services.add_domain(tenant.slug, "Layanan.Contoh-Kab.go.id")
    response = get(client, "layanan.contoh-kab.go.id", "/")
    assert response.status_code == 200
    assert tenant.official_name in response.get_data(as_text=True)


def test_forwarded_host_is_used_only_when_trusted(app, client, make_tenant, tmp_path):
    tenant = make_tenant()
    headers = {"X-Forwarded-Host": tenant.primary_host}
    # Not trusted (default): the proxy header is ignored.
    assert get(client, "unknown.kiblat.test", "/", headers=headers).status_code == 404
    trusting = create_app(
        build_environ(Path(app.config["INSTANCE_PATH"]), app.config["SQLALCHEMY_DATABASE_URI"], KIBLAT_TRUST_PROXY="true")
    )
    response = get(trusting.test_client(), "proxy.internal", "/", headers=headers)
    assert response.status_code == 200
    assert tenant.official_name in response.get_data(as_text=True)


def test_a_change_in_one_process_reaches_another_through_the_version_counter(app, make_tenant, tmp_path):
    """Two app instances stand for two gunicorn workers sharing the control plane."""
    tenant = make_tenant()
    other_worker = create_app(build_environ(Path(app.config["INSTANCE_PATH"]), app.config["SQLALCHEMY_DATABASE_URI"]))
    other_client = other_worker.test_client()
    assert get(other_client, tenant.primary_host, "/").status_code == 200
    with app.app_context():
        services.suspend_tenant(tenant.slug)
    # The other worker's cache is warm, yet it notices on its next check (interval 0 in tests).
    assert get(other_client, tenant.primary_host, "/").status_code == 503


def test_registry_serves_from_memory_between_checks(app, make_tenant, tmp_path):
    tenant = make_tenant()
    slow = create_app(
        build_environ(Path(app.config["INSTANCE_PATH"]), app.config["SQLALCHEMY_DATABASE_URI"], KIBLAT_TENANT_CACHE_CHECK_SECONDS="3600")
    )
    with slow.app_context():
        assert tenant_registry().by_slug(tenant.slug).status == "active"
    with app.app_context():
        services.suspend_tenant(tenant.slug)
    with slow.app_context():
        # Within the interval the snapshot is reused (no query per request) ...
        assert tenant_registry().by_slug(tenant.slug).status == "active"
        # ... and an explicit clear (what a local change does) reloads it.
        tenant_registry().clear()
        assert tenant_registry().by_slug(tenant.slug).status == "suspended"


def test_a_local_change_reloads_one_tenant_but_never_hides_anothers_change(app, make_tenant, tmp_path):
    x, y = make_tenant(), make_tenant()
    here = create_app(build_environ(Path(app.config["INSTANCE_PATH"]), app.config["SQLALCHEMY_DATABASE_URI"],
                                    KIBLAT_TENANT_CACHE_CHECK_SECONDS="3600"))
    with here.app_context():
        assert tenant_registry().by_slug(x.slug).status == "active"  # warm cache
    with app.app_context():
        services.suspend_tenant(x.slug)  # another process
    with here.app_context():
        services.update_branding(y.slug, tagline="Diperbarui")  # local change of another tenant
        assert tenant_registry().by_slug(y.slug).branding.tagline == "Diperbarui"
        # The version moved by two, so the local refresh became a full reload: X's change shows.
        assert tenant_registry().by_slug(x.slug).status == "suspended"


def test_the_first_change_of_a_deployment_survives_a_concurrent_first_change(app, backend):
    """Two processes provisioning at once on a fresh deployment both find no version row: the
    second insert waits for the first, fails on the key, and the change is counted anyway."""
    if backend != "postgresql":
        pytest.skip("SQLite serialises the two writers before either reads")
    with app.app_context():
        old = tenant_registry().version
        with db.engine.begin() as conn:
            conn.execute(delete(PlatformState).where(PlatformState.key == VERSION_KEY))
        other = db.engine.connect()  # the other process, its insert not yet committed
        other.begin()
        other.execute(insert(PlatformState).values(key=VERSION_KEY, value=1))
        errors: list[BaseException] = []

        def change() -> None:
            with app.app_context():
                try:
                    tenant_registry().changed()
                except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                    errors.append(exc)

        worker = threading.Thread(target=change)
        worker.start()
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                       " AND wait_event_type = 'Lock'")
        with db.engine.connect() as watcher:  # until the change waits on the uncommitted row
            for _ in range(3000):
                if watcher.scalar(waiting):
                    break
                watcher.rollback()
                time.sleep(0.01)
        other.commit()
        other.close()
        worker.join(30)
        assert not worker.is_alive() and errors == []
        with db.engine.begin() as conn:
            assert conn.scalar(select(PlatformState.value).where(PlatformState.key == VERSION_KEY)) == 2
            conn.execute(update(PlatformState).where(PlatformState.key == VERSION_KEY).values(value=old + 10))
        tenant_registry().clear()
