"""``/admin/ekspor``: an administrator requests an export, the worker builds it, they download it."""

from __future__ import annotations

import re

from kiblat.platform.jobs.queue import run_due
from kiblat.tenants.portability.archive import open_archive
from kiblat.tenants.portability.exports import list_exports
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.jobs import LATER

DOWNLOAD_RE = re.compile(r'href="(/admin/ekspor/([0-9a-f]{32})/unduh)"')


def _drain(app) -> None:  # noqa: ANN001
    with app.app_context():
        run_due(LATER)  # retries too, without waiting for their backoff


def test_admin_exports_and_downloads_a_valid_archive(app, client, make_tenant, tmp_path) -> None:
    tenant = make_tenant()
    add_user(app, tenant, role="admin")
    assert sign_in(client, tenant, f"admin@{tenant.slug}.example.id").status_code == 302
    base = f"http://{tenant.primary_host}"
    page = client.get("/admin/ekspor", base_url=base)
    assert page.status_code == 200 and "Belum ada arsip ekspor." in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    asked = client.post("/admin/ekspor", base_url=base, data={"csrf_token": token}, follow_redirects=True)
    assert "Ekspor sedang dibuat" in asked.get_data(as_text=True)
    assert "Sedang dibuat" in asked.get_data(as_text=True)
    again = client.post("/admin/ekspor", base_url=base, data={"csrf_token": token}, follow_redirects=True)
    assert "masih dibuat" in again.get_data(as_text=True)
    with app.app_context():
        assert len(list_exports(tenant.slug)) == 1

    _drain(app)
    ready = client.get("/admin/ekspor", base_url=base).get_data(as_text=True)
    link, export_id = DOWNLOAD_RE.search(ready).groups()
    download = client.get(link, base_url=base)
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "attachment" in download.headers["Content-Disposition"]
    saved = tmp_path / "unduhan.zip"
    saved.write_bytes(download.data)
    archive = open_archive(saved)
    assert archive.manifest["tenant"]["slug"] == tenant.slug
    assert archive.manifest["tables"]["users"] == 1
    archive.close()

    # Another regency's administrator cannot fetch it, on their own host or this one.
    other = make_tenant()
    add_user(app, other, role="admin")
    stranger = app.test_client()
    assert sign_in(stranger, other, f"admin@{other.slug}.example.id").status_code == 302
    assert stranger.get(link, base_url=f"http://{other.primary_host}").status_code == 404
    assert stranger.get(link, base_url=base).status_code == 302  # not signed in here: to the login page
    assert client.get("/admin/ekspor/../../secret_key/unduh", base_url=base).status_code == 404


def test_only_tenant_settings_permission_and_only_on_tenant_hosts(app, client, make_tenant) -> None:
    tenant = make_tenant()
    base = f"http://{tenant.primary_host}"
    anonymous = client.get("/admin/ekspor", base_url=base)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    add_user(app, tenant, role="citizen")
    assert sign_in(client, tenant, f"citizen@{tenant.slug}.example.id").status_code == 302
    assert client.get("/admin/ekspor", base_url=base).status_code == 403
    assert client.post("/admin/ekspor", base_url=base, data={}).status_code == 400  # no CSRF token
    token = csrf_token(client.get("/", base_url=base).get_data(as_text=True))
    assert client.post("/admin/ekspor", base_url=base, data={"csrf_token": token}).status_code == 403
    with app.app_context():
        assert list_exports(tenant.slug) == []
    assert app.test_client().get("/admin/ekspor", base_url="http://kiblat.test").status_code == 404
