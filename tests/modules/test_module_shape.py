"""Every installed module has the one shape of docs/modules.md, and the platform names none.

The check itself (``kiblat.platform.modular.shape``) is tried on a module package written
here, in the right shape and then broken one way at a time, so it is known to catch faults.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from kiblat.platform.modular.manifest import Localized, ModuleManifest
from kiblat.platform.modular.registry import discover_manifests
from kiblat.platform.modular.shape import shape_problems

REPOSITORY = Path(__file__).resolve().parents[2]
INSTALLED = discover_manifests()
# The layers below the modules: they may not know any module by name.
BELOW_MODULES = ("platform", "tenants", "migrations")


@pytest.mark.parametrize("manifest", INSTALLED, ids=[m.key for m in INSTALLED])
def test_every_installed_module_has_the_module_shape(manifest):
    assert shape_problems(manifest) == []


@pytest.mark.parametrize("manifest", INSTALLED, ids=[m.key for m in INSTALLED])
def test_every_in_tree_module_has_its_tests_folder(manifest):
    if manifest.package.startswith("kiblat.modules."):
        assert (REPOSITORY / "tests" / "modules" / manifest.key / "__init__.py").is_file()


def _strings_outside_docstrings(tree: ast.Module) -> list[ast.Constant]:
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_the_layers_below_the_modules_name_no_module():
    keys = "|".join(re.escape(m.key) for m in INSTALLED)
    named = re.compile(rf"(?<![\w-])({keys})(?![\w-])")
    found = []
    for folder in BELOW_MODULES:
        for path in sorted((REPOSITORY / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                    found += [f"{path}:{node.lineno} imports {n}" for n in names if n.startswith("kiblat.modules.")]
            found += [f"{path}:{node.lineno} {node.value!r}" for node in _strings_outside_docstrings(tree)
                      if named.search(node.value)]
        for path in sorted((REPOSITORY / folder).rglob("*.html")):
            found += [f"{path}: {match.group(0)}" for match in named.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


# A module written from scratch in the shape, then broken one way at a time ------------------------
GOOD = {
    "__init__.py": "",
    "manifest.py": """
        from kiblat.platform.modular.manifest import Localized, ModuleManifest
        manifest = ModuleManifest(
            key="bentuk", name=Localized("Bentuk", "Shape"), description=Localized("d", "d"), version="1",
            url_prefix="/bentuk", blueprint="kiblat_bentuk.blueprint:bp", models="kiblat_bentuk.models",
            seed="kiblat_bentuk.services.things:seed", sample_data="kiblat_bentuk.sample:sample_data",
            cli="kiblat_bentuk.cli:cli", jobs={"bentuk.tidy": "kiblat_bentuk.jobs:tidy"},
        )
    """,
    "blueprint.py": """
        from flask import Blueprint
        from kiblat_bentuk.views import pages
        bp = Blueprint("bentuk", __name__, template_folder="templates")
        bp.add_url_rule("/", "index", pages.index, methods=["GET", "POST"])
    """,
    "views/__init__.py": "",
    "views/pages.py": """
        from kiblat_bentuk.forms import ThingForm
        def index():
            form = ThingForm()
            return form.name.data or ""
    """,
    "forms.py": """
        from flask_wtf import FlaskForm
        from wtforms import StringField
        class ThingForm(FlaskForm):
            name = StringField("Nama")
    """,
    "models.py": "",
    "services/__init__.py": "",
    "services/things.py": """
        from kiblat.modules.pengumuman import api as pengumuman
        def seed():
            return pengumuman
    """,
    "api.py": "",
    "cli.py": """
        import click
        @click.group("bentuk")
        def cli():
            pass
    """,
    "jobs.py": """
        def tidy(payload):
            return 0
    """,
    "sample.py": """
        def sample_data(marker):
            pass
    """,
    "migrations/.keep": "",
    "templates/bentuk/index.html": "",
}


@pytest.fixture
def module_root(tmp_path, monkeypatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    root = tmp_path / "kiblat_bentuk"
    for name, text in GOOD.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    yield root
    for name in [m for m in sys.modules if m.startswith("kiblat_bentuk")]:
        del sys.modules[name]


def _problems(root: Path, **fields) -> list[str]:  # noqa: ANN003
    manifest = __import__("kiblat_bentuk.manifest", fromlist=["manifest"]).manifest
    manifest = dataclasses.replace(manifest, package="kiblat_bentuk", path=root, requires=("pengumuman",))
    return shape_problems(dataclasses.replace(manifest, **fields))


def test_a_module_in_the_shape_passes(module_root):
    assert _problems(module_root) == []


def _edit(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(textwrap.dedent(text))


@pytest.mark.parametrize(("change", "problem"), [
    (lambda r: _edit(r, "views_admin.py", ""), "views_admin.py: not part of the module shape"),
    (lambda r: (r / "views" / "__init__.py").unlink(), "views/ must be a package"),
    (lambda r: (r / "sample.py").unlink(), "sample.py is missing"),
    (lambda r: _edit(r, "models/__init__.py", ""), "exactly one of models.py or a models/ package"),
    (lambda r: _edit(r, "templates/lain/x.html", ""), "templates/ holds only the folder bentuk/"),
    (lambda r: _edit(r, "http_api.py", "api = None"), "http_api.py exists exactly when the manifest declares"),
    (lambda r: (r / "forms.py").unlink() or _edit(r, "views/pages.py", "def index():\n    return ''\n"),
     "forms.py is missing, but /bentuk/ accept POST"),
    (lambda r: _edit(r, "views/pages.py", "from flask import request\ndef index():\n    return request.form['x']\n"),
     "views/pages.py line 3: request.form read by hand"),
    (lambda r: _edit(r, "services/things.py", "from kiblat.modules.pengumuman.services import announcements\n"
                                              "def seed():\n    pass\n"),
     "uses pengumuman.services; other modules are used through their api.py"),
    (lambda r: _edit(r, "services/things.py", "from kiblat.modules import sri_deli\ndef seed():\n    pass\n"),
     "uses module 'sri_deli', which the manifest does not require"),
    (lambda r: _edit(r, "blueprint.py", textwrap.dedent(GOOD["blueprint.py"]) + "def helper():\n    pass\n"),
     "only the URL map; handlers belong in views/"),
    (lambda r: _edit(r, "manifest.py", "def _seed():\n    pass\n" + textwrap.dedent(GOOD["manifest.py"])),
     "manifest.py line 1: no functions in a manifest"),
    (lambda r: _edit(r, "jobs.py", "tidy = 3\n"), "job 'bentuk.tidy': 'kiblat_bentuk.jobs:tidy' must be a function"),
])
def test_each_departure_from_the_shape_is_named(module_root, change, problem):
    change(module_root)
    problems = _problems(module_root)
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(("fields", "problem"), [
    ({"sample_data": None}, "sample_data is missing"),
    ({"cli": None}, "cli.py exists exactly when the manifest declares cli"),
    ({"seed": "kiblat_bentuk.services.things:missing"}, "seed: 'kiblat_bentuk.services.things:missing' cannot be"),
    ({"seed": "json:dumps"}, "seed must be inside the module's package"),
    ({"blueprint": "kiblat_bentuk.views.pages:index"}, "blueprint must name an attribute of kiblat_bentuk.blueprint"),
    ({"models": "kiblat_bentuk.services"}, "models must be kiblat_bentuk.models"),
    ({"jobs": {"bentuk.tidy": "kiblat_bentuk.sample:sample_data"}}, "the handler must be in kiblat_bentuk.jobs"),
])
def test_each_manifest_departure_is_named(module_root, fields, problem):
    problems = _problems(module_root, **fields)
    assert any(problem in p for p in problems), problems


def test_an_external_module_found_through_its_entry_point_is_checked_the_same_way(module_root):
    dist = module_root.parent / "kiblat_bentuk-1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kiblat-bentuk\nVersion: 1\n")
    (dist / "entry_points.txt").write_text("[kiblat.modules]\nbentuk = kiblat_bentuk.manifest:manifest\n")
    shutil.rmtree(module_root / "migrations")
    found = {m.key: m for m in discover_manifests()}
    assert found["bentuk"].path == module_root
    assert "migrations/ is missing" in shape_problems(found["bentuk"])


def test_hooks_of_a_manifest_without_a_location_are_not_guessed():
    manifest = ModuleManifest(key="lepas", name=Localized("l", "l"), description=Localized("", ""), version="1",
                              url_prefix="/lepas", blueprint="lepas.blueprint:bp", models="lepas.models")
    assert shape_problems(manifest) == ["the manifest was not found through discovery (no package path)"]
