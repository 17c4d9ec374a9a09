"""Taman Buah uses Kunjungan only through ``kiblat.modules.kunjungan.api``."""

from __future__ import annotations

import ast
from pathlib import Path

import kiblat.modules.taman_buah as taman_buah

ROOT = Path(taman_buah.__file__).parent
OTHER = "kiblat.modules.kunjungan"


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_only_the_api_of_kunjungan_is_imported() -> None:
    wrong = {}
    for path in ROOT.rglob("*.py"):
        used = [name for name in _imports(path) if name.startswith(OTHER)]
        bad = [name for name in used if name not in (OTHER, f"{OTHER}.api") and not name.startswith(f"{OTHER}.api.")]
        if bad:
            wrong[str(path.relative_to(ROOT))] = bad
    assert wrong == {}


def test_it_does_use_the_api() -> None:
    assert any(f"{OTHER}.api" in _imports(path) for path in ROOT.rglob("*.py"))
