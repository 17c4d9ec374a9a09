"""``kiblat backup`` / ``kiblat restore``: a deployment with regencies on every database server
(on PostgreSQL one on each of two servers), rows and an uploaded file, is backed up and restored
into a fresh, empty deployment, where every regency's rows and files are the same. A tampered
backup, a deployment with another data key and a non-empty target are refused with one line
and nothing restored."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.cli.lazy import import_command
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.storage.files import files_root, storage_for_slug
from kiblat.provisioning import deprovision
from kiblat.provisioning.run import provision_now
from kiblat.tenants.backups.manifest import BackupError
from kiblat.tenants.backups.restore import restore_backup
from kiblat.tenants.context import schema_name_for, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import DEFAULT_SERVER, DatabaseServer, Tenant
from kiblat.tenants.moves import table_digests
from kiblat.tenants.portability.copying import typed_tables
from kiblat.tenants.registry import tenant_registry
from tests.conftest import _create_postgres_database, build_environ
from tests.provisioning.conftest import free_region
from tests.tenants.conftest import SECOND, SECOND_URL, _create_database, second_server  # noqa: F401


@pytest.fixture
def placed_tenants(app: Flask, backend: str, request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Two regencies with announcements and an uploaded file: on PostgreSQL one on each server."""
    places = [DEFAULT_SERVER, DEFAULT_SERVER]
    if backend == "postgresql":
        places[1] = request.getfixturevalue("second_server")
    slugs = []
    with app.app_context():
        for number, server in enumerate(places):
            run = provision_now({"region": free_region(), "modules": {"pengumuman": None},
                                 "slug": f"bk{uuid.uuid4().hex[:8]}", "database_server": server},
                                require_admin=False)
            slugs.append(run.tenant_slug)
            with tenant_context(tenant_registry().by_slug(run.tenant_slug)):
                for item in range(3):
                    pengumuman.publish(f"Pengumuman {number}-{item}", f"Isi nomor {item}.", "umum")
            storage_for_slug(run.tenant_slug).save(io.BytesIO(f"surat {number}".encode() * 100), "surat.pdf",
                                                   "lampiran")
    yield slugs
    with app.app_context():
        for slug in slugs:
            deprovision.archive_tenant(slug)
            deprovision.delete_tenant(slug, confirm=slug)


def snapshot() -> dict:
    """Every regency's tables (rows and checksums), its uploaded files, and the control plane's
    regencies and servers, as the current app sees them."""
    tenant_registry().clear()
    engines = tenant_db.engines
    tenants = {}
    for slug, server, status in db.session.execute(select(Tenant.slug, Tenant.database_server, Tenant.status)):
        with engines.engine_for(slug).connect() as conn:
            tables = typed_tables(conn, schema_name_for(slug) if engines.is_postgresql else None)
            digests = table_digests(conn, tables)
        root = files_root() / "uploads" / slug
        files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in root.rglob("*") if p.is_file()}
        tenants[slug] = {"server": server, "status": str(status), "tables": digests, "files": files}
    servers = sorted((row.name, row.capacity, str(row.status)) for row in db.session.scalars(select(DatabaseServer)))
    db.session.rollback()
    return {"tenants": tenants, "servers": servers}


@pytest.fixture
def fresh_deployment(app: Flask, backend: str, tmp_path: Path) -> Iterator[tuple[Flask, dict[str, str]]]:
    """An empty deployment (new databases on both servers, a new instance folder) with the same
    data key, and the new URLs of its servers other than default."""
    drops, others = [], {}
    url = None
    if backend == "postgresql":
        url, drop = _create_postgres_database()
        drops.append(drop)
        second, drop2 = _create_database(SECOND_URL)
        drops.append(drop2)
        others[SECOND] = second
    fresh = create_app(build_environ(tmp_path / "fresh", url, KIBLAT_SECRET_KEY=app.config["SECRET_KEY"]), web=False)
    yield fresh, others
    with fresh.app_context():
        db.engine.dispose()
        fresh.extensions["kiblat_tenant_engines"].dispose()
    for drop in drops:
        drop()


def test_backup_restores_every_tenant_rows_and_files_on_an_empty_deployment(
        app, backend, placed_tenants, fresh_deployment, tmp_path) -> None:
    fresh, other_urls = fresh_deployment
    out = tmp_path / "cadangan"
    with app.app_context():
        before = snapshot()
        result = CliRunner().invoke(import_command("kiblat.platform.cli.backup:backup_command"), ["--out", str(out)])
        assert result.exit_code == 0, result.output
    assert set(placed_tenants) <= set(before["tenants"])
    assert {before["tenants"][s]["server"] for s in placed_tenants} == (
        {DEFAULT_SERVER, SECOND} if backend == "postgresql" else {DEFAULT_SERVER})
    assert all(before["tenants"][s]["files"] for s in placed_tenants)
    manifest = json.loads((out / "manifest.json").read_text())
    assert {t["slug"] for t in manifest["tenants"]} == set(before["tenants"])
    sums = (out / "SHA256SUMS").read_text()
    assert all(f"  {name}\n" in sums for name in manifest["checksums"])

    uploaded = next(out.glob("files/uploads/*/lampiran/*"))
    original = uploaded.read_bytes()
    uploaded.write_bytes(original.replace(b"surat", b"surut", 1))
    with fresh.app_context():
        # A changed file: refused in one line before anything is written.
        result = CliRunner().invoke(import_command("kiblat.platform.cli.backup:restore_command"),
                                    [str(out), *[f"--server={n}={u}" for n, u in other_urls.items()]])
        assert result.exit_code == 1
        assert result.output.count("\n") == 1 and "Checksum files/uploads/" in result.output, result.output
        assert not _has_tenants_table() and not (files_root() / "uploads").exists()
        uploaded.write_bytes(original)

        restore_backup(out, other_urls)
        after = snapshot()
        assert after == before
        for name, url in other_urls.items():  # the restored control plane points at the new servers
            assert db.session.get(DatabaseServer, name).url == url
        # A second restore finds the deployment no longer empty.
        with pytest.raises(BackupError, match="tidak kosong"):
            restore_backup(out, other_urls)

    other_key = create_app(build_environ(tmp_path / "other-key", None, KIBLAT_SECRET_KEY="k" * 40), web=False)
    with other_key.app_context(), pytest.raises(BackupError, match="kunci data lain"):
        restore_backup(out, {})


def _has_tenants_table() -> bool:
    try:
        db.session.scalar(select(Tenant.id).limit(1))
        return True
    except Exception:  # noqa: BLE001 - an empty database has no control-plane tables yet
        db.session.rollback()
        return False
