"""Every module has the same shape (``docs/modules.md``); ``shape_problems`` says where one
does not. The test suite runs it over every installed module, in-tree or from a package.

    manifest.py   blueprint.py   views/   forms.py   models.py or models/   services/
    api.py   http_api.py   cli.py   jobs.py   indicators.py   sample.py   migrations/   templates/<key>/
    (and optionally static/: the module's own scripts and styles)

``http_api.py``, ``cli.py``, ``jobs.py`` and ``indicators.py`` exist exactly when the manifest
declares ``http_api``, ``cli``, ``jobs`` and ``indicators``; ``forms.py`` whenever a route accepts more than GET.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import click
from flask import Blueprint, Flask

from kiblat.platform.modular.manifest import ModuleManifest, import_dotted

IN_TREE = "kiblat.modules."
REQUIRED_FILES = ("__init__.py", "manifest.py", "blueprint.py", "api.py", "sample.py")
REQUIRED_PACKAGES = ("views", "services")
# File → the manifest field that declares it.
DECLARED_FILES = {"http_api.py": "http_api", "cli.py": "cli", "jobs.py": "jobs",
                  "indicators.py": "indicators"}
ALLOWED = {*REQUIRED_FILES, *REQUIRED_PACKAGES, *DECLARED_FILES, "forms.py", "models.py", "models",
           "migrations", "templates", "static", "__pycache__"}
# Reading these by hand is what forms.py is for.
HAND_PARSED = ("form", "files", "values")
READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def shape_problems(manifest: ModuleManifest) -> list[str]:
    """What in the module differs from the common shape; empty when nothing does."""
    if manifest.path is None:
        return ["the manifest was not found through discovery (no package path)"]
    problems = [*_files(manifest), *_hooks(manifest)]
    if not problems:  # the checks below read the files the checks above require
        problems += [*_manifest_is_declarations(manifest), *_blueprint_is_a_url_map(manifest),
                     *_forms_for_every_post(manifest), *_no_hand_parsed_requests(manifest),
                     *_other_modules_only_through_api(manifest)]
    return problems


def _files(manifest: ModuleManifest) -> Iterator[str]:
    root, key = manifest.path, manifest.key
    present = {entry.name for entry in root.iterdir()}
    for name in sorted(present - ALLOWED):
        yield f"{name}: not part of the module shape (see docs/modules.md)"
    for name in REQUIRED_FILES:
        if not (root / name).is_file():
            yield f"{name} is missing"
    for name in REQUIRED_PACKAGES:
        if not (root / name / "__init__.py").is_file():
            yield f"{name}/ must be a package (a folder with __init__.py)"
    if (root / "models.py").is_file() == (root / "models" / "__init__.py").is_file():
        yield "models: exactly one of models.py or a models/ package"
    if not (root / "migrations").is_dir():
        yield "migrations/ is missing"
    templates = root / "templates"
    if not (templates / key).is_dir():
        yield f"templates/{key}/ is missing"
    elif {entry.name for entry in templates.iterdir()} - {key}:
        yield f"templates/ holds only the folder {key}/ (template names are shared by all modules)"
    for name, field in DECLARED_FILES.items():
        if (root / name).is_file() != bool(getattr(manifest, field)):
            yield f"{name} exists exactly when the manifest declares {field}"


def _hooks(manifest: ModuleManifest) -> Iterator[str]:
    package = manifest.package
    expected = {"blueprint": f"{package}.blueprint:", "http_api": f"{package}.http_api:",
                "cli": f"{package}.cli:", "sample_data": f"{package}.sample:",
                "demo_logins": f"{package}.sample:"}
    for field, prefix in expected.items():
        value = getattr(manifest, field)
        if value is not None and not value.startswith(prefix):
            yield f"{field} must name an attribute of {prefix[:-1]}, not {value!r}"
    if manifest.models != f"{package}.models":
        yield f"models must be {package}.models, not {manifest.models!r}"
    if manifest.sample_data is None:
        yield "sample_data is missing (the cross-tenant probe needs rows of every table)"
    for kind, handler in manifest.jobs.items():
        if not handler.startswith(f"{package}.jobs:"):
            yield f"job {kind!r}: the handler must be in {package}.jobs, not {handler!r}"
    inside = [("seed", manifest.seed), ("home_summary", manifest.home_summary),
              ("disable_guard", manifest.disable_guard),
              *((f"receiver of {s.signal!r}", s.receiver) for s in manifest.signals)]
    for what, value in inside:
        if value is not None and not value.startswith(f"{package}."):
            yield f"{what} must be inside the module's package, not {value!r}"
    yield from _resolved(manifest)


def _resolved(manifest: ModuleManifest) -> Iterator[str]:
    """Every dotted name points at something of the right kind."""
    checks = [("blueprint", manifest.blueprint, lambda o: isinstance(o, Blueprint) and o.name == manifest.key,
               f"a Flask Blueprint named {manifest.key!r}"),
              ("cli", manifest.cli, lambda o: isinstance(o, click.Command), "a click command"),
              ("http_api", manifest.http_api, lambda o: o is not None, "an object")]
    checks += [(field, getattr(manifest, field), callable, "a function")
               for field in ("seed", "sample_data", "demo_logins", "home_summary", "disable_guard")]
    checks += [(f"job {kind!r}", handler, callable, "a function") for kind, handler in manifest.jobs.items()]
    checks += [(f"receiver of {s.signal!r}", s.receiver, callable, "a function") for s in manifest.signals]
    for what, dotted, fits, kind in checks:
        if dotted is None:
            continue
        try:
            found = import_dotted(dotted)
        except (ImportError, AttributeError) as exc:
            yield f"{what}: {dotted!r} cannot be imported ({exc})"
            continue
        if not fits(found):
            yield f"{what}: {dotted!r} must be {kind}"


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def _manifest_is_declarations(manifest: ModuleManifest) -> Iterator[str]:
    """Cheap to import: names from the manifest module only, no functions of its own."""
    tree = _tree(manifest.path / "manifest.py")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            yield f"manifest.py line {node.lineno}: no functions in a manifest; name a hook with a dotted string"
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if module not in ("__future__", "kiblat.platform.modular.manifest"):
                yield f"manifest.py line {node.lineno}: imports {module}; a manifest imports only its declarations"


def _blueprint_is_a_url_map(manifest: ModuleManifest) -> Iterator[str]:
    views = f"{manifest.package}.views"
    for node in _tree(manifest.path / "blueprint.py").body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield f"blueprint.py line {node.lineno}: only the URL map; handlers belong in views/"
        for name in _imported(node):
            if name.split(".")[0] != "flask" and name != views and not name.startswith(views + ".") \
                    and name != "__future__" and not name.startswith("__future__."):
                yield f"blueprint.py line {node.lineno}: imports {name}; the URL map imports flask and views/ only"
                break


def _forms_for_every_post(manifest: ModuleManifest) -> Iterator[str]:
    app = Flask(f"shape_{manifest.key}")
    app.register_blueprint(manifest.hook("blueprint"), url_prefix=manifest.url_prefix)
    writes = sorted(rule.rule for rule in app.url_map.iter_rules()
                    if rule.endpoint.startswith(manifest.key + ".") and rule.methods - READ_ONLY_METHODS)
    if writes and not (manifest.path / "forms.py").is_file():
        yield f"forms.py is missing, but {', '.join(writes)} accept POST"


def _python_files(manifest: ModuleManifest) -> list[Path]:
    skip = manifest.path / "migrations"
    return sorted(p for p in manifest.path.rglob("*.py") if skip not in p.parents)


def _no_hand_parsed_requests(manifest: ModuleManifest) -> Iterator[str]:
    for path in _python_files(manifest):
        for node in ast.walk(_tree(path)):
            if (isinstance(node, ast.Attribute) and node.attr in HAND_PARSED
                    and isinstance(node.value, ast.Name) and node.value.id == "request"):
                where = path.relative_to(manifest.path)
                yield f"{where} line {node.lineno}: request.{node.attr} read by hand; use a form in forms.py"


def _references(node: ast.AST) -> Iterator[tuple[str, str]]:
    """``(module key, what of it)`` for each in-tree module an import statement names."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith(IN_TREE):
                other, _, rest = alias.name.removeprefix(IN_TREE).partition(".")
                yield other, rest
    elif isinstance(node, ast.ImportFrom) and node.module:
        if node.module == IN_TREE[:-1]:  # from kiblat.modules import x
            yield from ((alias.name, "") for alias in node.names)
        elif node.module.startswith(IN_TREE):
            other, _, rest = node.module.removeprefix(IN_TREE).partition(".")
            yield from ((other, alias.name) for alias in node.names) if not rest else [(other, rest)]


def _other_modules_only_through_api(manifest: ModuleManifest) -> Iterator[str]:
    for path in _python_files(manifest):
        for node in ast.walk(_tree(path)):
            for other, part in _references(node):
                if other == manifest.key:
                    continue
                where = f"{path.relative_to(manifest.path)} line {node.lineno}"
                if other not in manifest.requires:
                    yield f"{where}: uses module {other!r}, which the manifest does not require"
                elif part != "api":
                    yield f"{where}: uses {other}.{part or '*'}; other modules are used through their api.py"
