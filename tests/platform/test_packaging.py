"""Packaging guards: the ``kiblat.F`` mapping, no ``platform`` package, a complete wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = ("platform", "tenants", "modules", "migrations", "provisioning")


def test_platform_folder_has_no_init_py():
    # A regular package named ``platform`` would shadow the standard library module.
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_stdlib_platform_still_imports_from_repo_root():
    code = "import platform, uuid, sqlalchemy; print(platform.system()); import wsgi"
    env = {**os.environ, "KIBLAT_INSTANCE_PATH": str(ROOT / "instance-test-import")}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    try:
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[0] in {"Linux", "Darwin", "Windows"}
    finally:
        subprocess.run(["rm", "-rf", str(ROOT / "instance-test-import")], check=False)


def _source_packages() -> set[str]:
    found = set()
    for top in TOP_LEVEL:
        for folder, _dirs, files in os.walk(ROOT / top):
            if "__pycache__" in folder:
                continue
            if any(f.endswith(".py") for f in files):
                rel = Path(folder).relative_to(ROOT)
                found.add("kiblat/" + rel.as_posix())
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("kiblat-*.whl"))


def test_wheel_contains_every_subpackage_and_data(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    folders = {str(Path(n).parent.as_posix()) for n in names}
    missing = _source_packages() - folders
    assert not missing, f"packages missing from the wheel: {sorted(missing)}"
    assert "kiblat/platform/__init__.py" not in names
    for data in (
        "kiblat/platform/regions/data/wilayah.csv.gz",
        "kiblat/platform/regions/data/LICENSE",
        "kiblat/platform/web/templates/layouts/base.html",
        "kiblat/platform/web/static/kiblat.css",
        "kiblat/migrations/tenant/script.py.mako",
        "kiblat/modules/pengumuman/templates/pengumuman/index.html",
    ):
        assert data in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kiblat = kiblat.platform.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_wheel_install_smoke(wheel: Path, tmp_path: Path):
    """Installed from the wheel (not the source tree), the app migrates, creates a tenant, serves it."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    script = """
import kiblat.platform.core.app as appmod, sys
assert appmod.__file__.startswith(sys.argv[1]), appmod.__file__
from kiblat.platform.core.app import create_app
from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
app = create_app({"KIBLAT_ENV": "test", "KIBLAT_INSTANCE_PATH": sys.argv[2], "KIBLAT_BASE_DOMAIN": "kiblat.test"})
with app.app_context():
    upgrade_control_plane(); sync_regions()
    provision_tenant("12.07", slug="deliserdang", modules=["pengumuman"])
r = app.test_client().get("/pengumuman/", headers={"Host": "deliserdang.kiblat.test"})
assert r.status_code == 200 and b"Deli Serdang" in r.data, r.status_code
print("ok")
"""
    # -S: no site-packages processing, so the editable install of the source tree is invisible.
    paths = [str(target), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": os.pathsep.join(paths)}
    result = subprocess.run(
        [sys.executable, "-S", "-c", script, str(target), str(tmp_path / "instance")],
        cwd=tmp_path, capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
