"""/metrics (Prometheus text format, only for the platform's network or the token), /readyz
and /healthz, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from kiblat.migrations import runner
from kiblat.platform.core.app import create_app
from kiblat.platform.core.config import ConfigError, load_config
from kiblat.platform.jobs.queue import enqueue
from tests.conftest import build_environ, get

OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}
TOKEN = "rahasia-metrik-0123456789"


def samples(body: str) -> dict[tuple[str, frozenset], float]:
    found = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    """Sum of the samples called ``name`` whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in found.items() if n == name and wanted <= ls)


@pytest.fixture
def metrics_token(app: Flask) -> Iterator[str]:
    app.config["METRICS_TOKEN"] = TOKEN
    yield TOKEN
    app.config["METRICS_TOKEN"] = None


def scrape(client, **kwargs) -> dict:  # noqa: ANN001
    response = get(client, "10.1.2.3:8000", "/metrics", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    return samples(response.get_data(as_text=True))


def test_requests_latency_tenants_jobs_and_pools_are_reported(app, client, make_tenant):
    tenant = make_tenant()
    before = scrape(client)
    for _ in range(3):
        assert get(client, tenant.primary_host, "/").status_code == 200
    assert get(client, tenant.primary_host, "/tidak-ada").status_code == 404
    with app.app_context():
        enqueue("metrics.probe", {}, None, delay=3600)  # an hour from now: it waits in the queue
    after = scrape(client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("kiblat_http_requests_total", endpoint="web.home", method="GET", status="200") == 3
    assert grew("kiblat_http_requests_total", endpoint="none", status="404") == 1
    assert grew("kiblat_http_request_duration_seconds_count", endpoint="web.home", method="GET") == 3
    assert grew("kiblat_tenant_http_requests_total", tenant=tenant.slug, status_class="2xx") == 3
    assert grew("kiblat_tenant_http_requests_total", tenant=tenant.slug, status_class="4xx") == 1
    assert value(after, "kiblat_tenants", server="default", status="active") >= 1
    assert grew("kiblat_jobs", state="scheduled") == 1
    assert ("kiblat_db_pool_connections_in_use", frozenset({("server", "default"), ("pool", "control_plane")})) in after
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert value(after, "kiblat_db_pool_capacity", server="default", pool="tenants") == 15


def test_request_labels_stay_bounded(app, client, make_tenant):
    """Unknown paths, hosts and methods never make new label values."""
    tenant = make_tenant()
    for number in range(5):
        get(client, tenant.primary_host, f"/acak-{number}")
        get(client, f"tidak-ada-{number}.kiblat.test", "/")
    client.open("/", method="PROPFIND", headers={"Host": tenant.primary_host})
    found = scrape(client)
    endpoints = {dict(ls)["endpoint"] for (n, ls) in found if n == "kiblat_http_requests_total"}
    assert not any("acak" in e or "tidak-ada" in e for e in endpoints)
    tenants = {dict(ls)["tenant"] for (n, ls) in found if n == "kiblat_tenant_http_requests_total"}
    assert not any(t.startswith("tidak-ada") for t in tenants)
    methods = {dict(ls)["method"] for (n, ls) in found if n == "kiblat_http_requests_total"}
    assert "PROPFIND" not in methods


def test_metrics_only_for_the_platform_network_or_the_token(app, client, make_tenant, metrics_token):
    tenant = make_tenant()
    for host in ("kiblat.test", tenant.primary_host, "10.1.2.3"):
        assert get(client, host, "/metrics", environ_base=OUTSIDE).status_code == 404
    assert get(client, "kiblat.test", "/metrics", environ_base=OUTSIDE,
               headers={"Authorization": "Bearer salah-salah-salah-salah"}).status_code == 403
    for host in ("kiblat.test", "10.1.2.3"):
        authorised = get(client, host, "/metrics", environ_base=OUTSIDE,
                         headers={"Authorization": f"Bearer {metrics_token}"})
        assert authorised.status_code == 200 and b"kiblat_http_requests_total" in authorised.data
    # Figures of every regency are never shown under one regency's name, token or not.
    assert get(client, tenant.primary_host, "/metrics", headers={"Authorization": f"Bearer {metrics_token}"}
               ).status_code == 404
    assert get(client, tenant.primary_host, "/metrics").status_code == 404
    # Through a proxy the app does not trust, even a loopback peer is not the platform's network.
    assert get(client, "kiblat.test", "/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404


def test_metrics_networks_are_configurable(tmp_path):
    application = create_metrics_app(tmp_path, KIBLAT_METRICS_NETWORKS="10.20.0.0/16, 192.0.2.7")
    client = application.test_client()
    assert get(client, "kiblat.test", "/metrics", environ_base={"REMOTE_ADDR": "10.20.3.4"}).status_code == 200
    assert get(client, "kiblat.test", "/metrics", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200
    assert get(client, "kiblat.test", "/metrics", environ_base={"REMOTE_ADDR": "10.21.0.1"}).status_code == 404
    assert get(client, "kiblat.test", "/metrics").status_code == 404  # loopback is no longer listed


def create_metrics_app(tmp_path, **extra: str) -> Flask:  # noqa: ANN001
    application = create_app(build_environ(tmp_path, **extra))
    with application.app_context():
        runner.upgrade_control_plane()
    return application


@pytest.mark.parametrize(("extra", "message"), [
    ({"KIBLAT_METRICS_NETWORKS": "10.0.0.0/33"}, "KIBLAT_METRICS_NETWORKS: '10.0.0.0/33' is not an address"),
    ({"KIBLAT_METRICS_TOKEN": "pendek"}, "KIBLAT_METRICS_TOKEN is shorter than 16 characters"),
])
def test_metrics_misconfiguration_is_one_line(tmp_path, extra, message):
    with pytest.raises(ConfigError, match=message):
        load_config(build_environ(tmp_path, **extra))


def test_readyz_checks_database_storage_and_redis(app, client, make_tenant, monkeypatch, tmp_path):
    tenant = make_tenant()
    for host in ("kiblat.test", tenant.primary_host, "10.1.2.3", "unknown.kiblat.test"):
        response = get(client, host, "/readyz", environ_base=OUTSIDE)
        assert response.status_code == 200, host
        assert response.json == {"status": "ok", "checks": {"database": "ok", "storage": "ok"}}
    blocked = tmp_path / "bukan-folder"
    blocked.write_text("a file where the storage folder should be")
    monkeypatch.setitem(app.config, "STORAGE_PATH", str(blocked))
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    response = get(client, "kiblat.test", "/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable",
                             "checks": {"database": "ok", "storage": "error", "redis": "error"}}


def test_healthz_says_alive_without_asking_the_database(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_PATH", "/nonexistent/readyz/only")
    response = get(client, "kiblat.test", "/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
