"""Finds modules: in-tree folders under ``modules/`` and packages that register the
``kiblat.modules`` entry point, both the same way (CTFd/Indico-style discovery)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from importlib.metadata import entry_points
from pathlib import Path

from kiblat.platform.modular.manifest import ModuleManifest, Schedule

ENTRY_POINT_GROUP = "kiblat.modules"
IN_TREE_PACKAGE = "kiblat.modules"


class ModuleError(ValueError):
    """A module is unknown, misdeclared, or cannot be enabled/disabled as asked."""


class ModuleRegistry:
    def __init__(self, manifests: list[ModuleManifest]) -> None:
        self._by_key: dict[str, ModuleManifest] = {}
        for manifest in manifests:
            if manifest.key in self._by_key:
                raise ModuleError(f"two modules declare the key {manifest.key!r}")
            self._by_key[manifest.key] = manifest
        for manifest in manifests:
            for required in manifest.requires:
                if required not in self._by_key:
                    raise ModuleError(f"module {manifest.key!r} requires unknown module {required!r}")

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def __iter__(self):
        return iter(sorted(self._by_key.values(), key=lambda m: m.key))

    def get(self, key: str) -> ModuleManifest:
        try:
            return self._by_key[key]
        except KeyError:
            known = ", ".join(sorted(self._by_key)) or "-"
            raise ModuleError(f"Modul {key!r} tidak dikenal (tersedia: {known})") from None

    def keys(self) -> list[str]:
        return sorted(self._by_key)

    def dependency_order(self, keys: list[str] | set[str]) -> list[str]:
        """``keys`` plus everything they require, each after what it requires."""
        ordered: list[str] = []

        def visit(key: str, trail: tuple[str, ...]) -> None:
            if key in trail:
                raise ModuleError(f"module dependency cycle: {' -> '.join((*trail, key))}")
            if key in ordered:
                return
            for required in self.get(key).requires:
                visit(required, (*trail, key))
            ordered.append(key)

        for key in sorted(keys):
            visit(key, ())
        return ordered

    def dependents(self, key: str) -> list[str]:
        return sorted(m.key for m in self._by_key.values() if key in m.requires)

    def jobs(self) -> dict[str, str]:
        """Every module's job kinds and their handlers (``"package.module:function"``)."""
        return {kind: handler for manifest in self for kind, handler in manifest.jobs.items()}

    def schedules(self) -> list[tuple[str, Schedule]]:
        """``(module key, schedule)`` of every module, for the scheduler."""
        return [(manifest.key, schedule) for manifest in self for schedule in manifest.schedules]


def _with_location(manifest: ModuleManifest, package: str) -> ModuleManifest:
    module = importlib.import_module(package)
    path = Path(module.__file__).parent if module.__file__ else Path(next(iter(module.__path__)))
    return dataclasses.replace(manifest, package=package, path=path)


def discover_manifests() -> list[ModuleManifest]:
    found: list[ModuleManifest] = []
    package = importlib.import_module(IN_TREE_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__):
        if not info.ispkg:
            continue
        name = f"{IN_TREE_PACKAGE}.{info.name}"
        try:
            manifest_module = importlib.import_module(f"{name}.manifest")
        except ModuleNotFoundError as exc:
            if exc.name == f"{name}.manifest":
                continue
            raise
        found.append(_with_location(manifest_module.manifest, name))
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        manifest = entry_point.load()
        if not isinstance(manifest, ModuleManifest):
            raise ModuleError(f"entry point {entry_point.name!r} does not point at a ModuleManifest")
        module = importlib.import_module(entry_point.module)
        package = entry_point.module if hasattr(module, "__path__") else entry_point.module.rpartition(".")[0]
        found.append(_with_location(manifest, package))
    return found
