"""SQLite → PostgreSQL → SQLite (or SQLite → SQLite → SQLite without a server): same data.

With ``KIBLAT_TEST_POSTGRES_URL`` set the middle platform is PostgreSQL and an unreachable
server fails the test; it is never skipped.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select, text

from kiblat.migrations import runner
from kiblat.modules.pengumuman.api import publish
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import User
from kiblat.platform.identity.nik import lookup_hash, reveal
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.portability.export import export_tenant
from kiblat.tenants.portability.importer import import_tenant
from kiblat.tenants.registry import tenant_registry
from tests.conftest import POSTGRES_URL, _create_postgres_database, build_environ
from tests.identity.helpers import sign_in
from tests.tenants.portability_helpers import NIK, PASSWORD, dump, populate, uploads, users_of

DATA_KEY = "kunci-data-bersama-untuk-uji-ekspor-impor-0123456789"


def _platform(instance, database_url: str | None = None) -> Flask:  # noqa: ANN001
    app = create_app(build_environ(instance, database_url, KIBLAT_DATA_KEY=DATA_KEY))
    with app.app_context():
        runner.upgrade_control_plane()
        sync_regions()
    return app


def _close(app: Flask) -> None:
    with app.app_context():
        db.engine.dispose()
        tenant_db.engines.dispose()


@pytest.fixture(scope="module")
def platforms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Flask, Flask]]:
    drop = None
    database_url = None
    if POSTGRES_URL:
        database_url, drop = _create_postgres_database()  # raises if the server is unreachable
        # A session time zone other than UTC: datetimes must still cross unchanged.
        database_url += "?options=-c%20timezone%3DAsia/Jayapura"
    first = _platform(tmp_path_factory.mktemp("first"))
    middle = _platform(tmp_path_factory.mktemp("middle"), database_url)
    last = _platform(tmp_path_factory.mktemp("last"))
    yield first, middle, last
    for app in (first, middle, last):
        _close(app)
    if drop is not None:
        drop()


def test_postgres_is_used_when_configured(platforms) -> None:
    _, middle, _ = platforms
    with middle.app_context():
        assert tenant_db.engines.backend == ("postgresql" if POSTGRES_URL else "sqlite")
        if POSTGRES_URL:
            assert db.session.execute(text("SHOW timezone")).scalar() == "Asia/Jayapura"


def test_round_trip_keeps_every_row_and_file(platforms, tmp_path) -> None:
    first, middle, last = platforms
    with first.app_context():
        tenant = provision_tenant("12.07", slug="deliserdang", modules=("pengumuman",))
    ids = populate(first, tenant)
    original, original_files = dump(first, "deliserdang"), uploads(first, "deliserdang")

    archive = tmp_path / "deliserdang.zip"
    with first.app_context():
        manifest = export_tenant("deliserdang", archive)
        heads = runner.tenant_heads()
    assert manifest["tables"]["pengumuman_announcement"] == 3
    assert manifest["tables"]["users"] == 3 and manifest["tables"]["user_invitations"] == 1
    assert manifest["tables"]["desa"] > 100
    assert manifest["revisions"] == {"core": heads["core"], "pengumuman": heads["pengumuman"]}
    assert manifest["modules"] == [{"key": "pengumuman", "enabled": True, "settings": {"items_per_page": 7},
                                    "version": "1.0.0"}]
    assert manifest["branding"]["primary_color"] == "#123456"
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
    assert names == {"manifest.json", "data.sqlite3", *(f"uploads/{k}" for k in original_files)}
    assert set(manifest["files"]) == names - {"manifest.json"}

    with middle.app_context():
        imported = import_tenant(archive)
        assert imported.status == "active" and imported.slug == "deliserdang"
        assert imported.branding.primary_color == "#123456" and imported.branding.tagline == "Bersama membangun"
        assert imported.settings_for("pengumuman") == {"items_per_page": 7}
        assert runner.recorded_revisions(imported.id) == manifest["revisions"]
    assert dump(middle, "deliserdang") == original
    assert uploads(middle, "deliserdang") == original_files

    back = tmp_path / "back.zip"
    with middle.app_context():
        export_tenant("deliserdang", back)
    with last.app_context():
        import_tenant(back, slug="deliserdang-lagi")
    assert dump(last, "deliserdang-lagi") == original
    assert uploads(last, "deliserdang-lagi") == original_files
    assert users_of(last, "deliserdang-lagi") == users_of(first, "deliserdang")
    assert ids["upload"] in uploads(last, "deliserdang-lagi")


def test_imported_tenant_works_and_keeps_its_credentials_to_itself(platforms) -> None:
    _, middle, _ = platforms
    with middle.app_context():
        tenant = tenant_registry().by_slug("deliserdang")
        with tenant_context(tenant):
            # New rows continue after the imported ids (sequences moved past them on PostgreSQL).
            fresh = publish("Pengumuman baru setelah impor", "Isi.")
            tenant_db.session.commit()
            assert fresh.id == 4
            officer = tenant_db.session.scalar(select(User).where(User.email == "petugas@contoh.go.id"))
            assert officer.nik_hash == lookup_hash(NIK) and reveal(officer.nik_cipher) == NIK
            assert officer.role_keys == {"officer", "humas"}
        other = provision_tenant("12.75", slug="binjai", modules=("pengumuman",))
    client = middle.test_client()
    page = client.get("/pengumuman/", base_url=f"http://{tenant.primary_host}")
    assert "Pengumuman 2: jalan ditutup" in page.get_data(as_text=True)
    assert sign_in(client, tenant, "admin@contoh.go.id", PASSWORD).status_code == 302
    stranger = middle.test_client()
    refused = sign_in(stranger, other, "admin@contoh.go.id", PASSWORD)
    assert refused.status_code == 401
    assert "Pengumuman 2" not in stranger.get("/pengumuman/", base_url=f"http://{other.primary_host}").get_data(
        as_text=True)


def test_manifest_is_readable_json(platforms, tmp_path) -> None:
    first, _, _ = platforms
    archive = tmp_path / "again.zip"
    with first.app_context():
        export_tenant("deliserdang", archive)
    with zipfile.ZipFile(archive) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["format_version"] == 1 and manifest["tenant"]["region_code"] == "12.07"
    assert manifest["created_at"].endswith("+00:00")
