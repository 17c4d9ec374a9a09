"""Bad archives are refused with a clear message, and nothing is left behind."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from kiblat.modules.pengumuman.api import publish
from kiblat.modules.pengumuman.models import Announcement
from kiblat.platform.cli import cli
from kiblat.platform.core.extensions import db
from kiblat.platform.storage.files import storage_for_slug
from kiblat.provisioning.deprovision import archive_tenant, delete_tenant
from kiblat.tenants import services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import Tenant
from kiblat.tenants.portability.archive import PortabilityError
from kiblat.tenants.portability.export import export_tenant
from kiblat.tenants.portability.importer import import_tenant
from kiblat.tenants.registry import tenant_registry
from tests.tenants.portability_helpers import populate


def _rewrite(source: Path, target: Path, manifest_change: Callable[[dict], None] | None = None,
             member_change: Callable[[str, bytes], bytes] | None = None, extra: dict | None = None) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        manifest = json.loads(old.read("manifest.json"))
        if manifest_change:
            manifest_change(manifest)
        for info in old.infolist():
            if info.filename == "manifest.json":
                continue
            data = old.read(info.filename)
            new.writestr(info.filename, member_change(info.filename, data) if member_change else data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
        new.writestr("manifest.json", json.dumps(manifest))


def _gone(slug: str) -> None:
    """Nothing of ``slug`` exists: no tenant row, schema/file or uploads."""
    db.session.rollback()
    assert db.session.scalar(select(Tenant.id).where(Tenant.slug == slug)) is None
    assert not tenant_db.engines.storage_exists(slug)
    assert not storage_for_slug(slug).root.exists()
    assert tenant_registry().by_slug(slug) is None


@pytest.fixture
def exported(app, app_ctx, make_tenant, tmp_path) -> tuple[Path, str]:  # noqa: ANN001
    """An archive of a populated tenant that has since been archived and deleted (region free)."""
    tenant = make_tenant()
    populate(app, tenant)
    path = tmp_path / "tenant.zip"
    export_tenant(tenant.slug, path)
    archive_tenant(tenant.slug)
    delete_tenant(tenant.slug, tenant.slug)
    return path, tenant.slug


def _refused(path: Path, slug: str, *fragments: str) -> None:
    with pytest.raises(PortabilityError) as caught:
        import_tenant(path)
    for fragment in fragments:
        assert fragment in str(caught.value)
    _gone(slug)


def test_truncated_archive(exported, tmp_path) -> None:
    path, slug = exported
    cut = tmp_path / "cut.zip"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _refused(cut, slug, "rusak atau terpotong")
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    _refused(empty, slug, "rusak atau terpotong")


def test_tampered_upload_and_data_fail_the_checksum(exported, tmp_path) -> None:
    path, slug = exported
    upload = tmp_path / "upload.zip"
    _rewrite(path, upload, member_change=lambda n, d: d + b"!" if n.startswith("uploads/pengumuman/") else d)
    _refused(upload, slug, "Checksum", "uploads/pengumuman/", "diubah")
    data = tmp_path / "data.zip"
    _rewrite(path, data, member_change=lambda n, d: d.replace(b"Pengumuman 1", b"Pengumuman X") if n == "data.sqlite3" else d)
    _refused(data, slug, "Checksum", "data.sqlite3")
    extra = tmp_path / "extra.zip"
    _rewrite(path, extra, extra={"uploads/sisipan.html": b"<script>"})
    _refused(extra, slug, "uploads/sisipan.html", "tidak tercantum")


def test_manifest_from_a_newer_revision(exported, tmp_path) -> None:
    path, slug = exported
    newer = tmp_path / "newer.zip"
    _rewrite(path, newer, manifest_change=lambda m: m["revisions"].update(core="core_9999"))
    _refused(newer, slug, "lebih baru", "core_9999", "Perbarui Kiblat")


def test_unknown_module_and_unknown_format(exported, tmp_path) -> None:
    path, slug = exported
    unknown = tmp_path / "unknown.zip"

    def add_module(manifest: dict) -> None:
        manifest["modules"].append({"key": "perizinan", "enabled": True, "settings": {}, "version": "2.0.0"})
        manifest["revisions"]["perizinan"] = "perizinan_0001"

    _rewrite(path, unknown, manifest_change=add_module)
    _refused(unknown, slug, "modul yang tidak dikenal", "perizinan")
    future = tmp_path / "future.zip"
    _rewrite(path, future, manifest_change=lambda m: m.update(format_version=2))
    _refused(future, slug, "Versi format arsip 2 tidak didukung")
    settings = tmp_path / "settings.zip"
    _rewrite(path, settings, manifest_change=lambda m: m["modules"][0]["settings"].update(items_per_page=500))
    _refused(settings, slug, "Pengaturan modul pengumuman tidak valid")


def test_taken_region_and_slug(app_ctx, make_tenant, tmp_path) -> None:
    tenant = make_tenant()
    path = tmp_path / "copy.zip"
    export_tenant(tenant.slug, path)
    with pytest.raises(PortabilityError) as caught:
        import_tenant(path, slug="salinan")
    assert f"sudah terdaftar sebagai tenant {tenant.slug!r}" in str(caught.value)
    assert f"kiblat tenants archive {tenant.slug}" in str(caught.value)
    _gone("salinan")
    with pytest.raises(PortabilityError, match="--slug"):
        import_tenant(path, slug=tenant.slug)
    assert tenant_registry().by_slug(tenant.slug).status == "active"


def test_failure_while_copying_removes_everything(exported, tmp_path) -> None:
    """An archive whose data breaks a foreign key (checksums recomputed, as a forger would)."""
    path, slug = exported
    forged = tmp_path / "forged.zip"
    scratch = tmp_path / "data.sqlite3"
    with zipfile.ZipFile(path) as z:
        scratch.write_bytes(z.read("data.sqlite3"))
    with sqlite3.connect(scratch) as conn:
        conn.execute("UPDATE users SET opd_id = 999 WHERE opd_id IS NOT NULL")
    data = scratch.read_bytes()

    def fix(manifest: dict) -> None:
        manifest["files"]["data.sqlite3"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    _rewrite(path, forged, manifest_change=fix,
             member_change=lambda n, d: data if n == "data.sqlite3" else d)
    _refused(forged, slug, "Impor dibatalkan", "dihapus")


def run(app, *args: str):  # noqa: ANN001, ANN201
    return CliRunner().invoke(cli, list(args), env=dict(app.config["KIBLAT_SOURCE_ENV"]))


def test_cli_export_delete_import_keeps_disabled_module_data(app, make_tenant, tmp_path) -> None:
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        publish("Arsip lama", "Isi.")
        tenant_db.session.commit()
    with app.app_context():
        services.disable_module(tenant.slug, "pengumuman")
    out = tmp_path / "cli.zip"
    result = run(app, "tenants", "export", tenant.slug, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "baris" in result.output and out.is_file()
    checked = run(app, "tenants", "import", str(out), "--check")
    assert checked.exit_code == 1 and "sudah terdaftar" in checked.output
    assert run(app, "tenants", "archive", tenant.slug).exit_code == 0
    assert run(app, "tenants", "delete", tenant.slug, "--confirm", tenant.slug).exit_code == 0
    checked = run(app, "tenants", "import", str(out), "--check")
    assert checked.exit_code == 0 and "valid" in checked.output, checked.output
    with app.app_context():
        _gone(tenant.slug)
    result = run(app, "tenants", "import", str(out))
    assert result.exit_code == 0, result.output
    with app.app_context():
        restored = tenant_registry().by_slug(tenant.slug)
        assert restored.status == "active" and "pengumuman" not in restored.modules
        with tenant_context(restored):
            assert tenant_db.session.scalar(select(func.count()).select_from(Announcement)) == 1
    bad = run(app, "tenants", "import", str(tmp_path / "tidak-ada.zip"))
    assert bad.exit_code == 1 and "tidak ditemukan" in bad.output
    missing = run(app, "tenants", "export", "tidakada", "--out", str(tmp_path / "x.zip"))
    assert missing.exit_code == 1 and "tidak ditemukan" in missing.output
