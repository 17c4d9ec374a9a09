"""Runs the ``kiblat`` CLI with one extra tenant migration folder, leaving the source tree alone.

Usage: ``python upgrade_with_revision.py FOLDER db upgrade --all-tenants --jobs 2``.
Both the runner (Alembic's version locations) and the CLI's check for pending work read the
tenant revision folders from ``heads.tenant_version_locations``; this wraps it to append FOLDER,
so revisions written there join the module branches they revise. Worker processes are forked,
so they inherit the wrapper.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from kiblat.migrations import heads
from kiblat.platform.cli import main as kiblat_main
from kiblat.platform.modular.registry import ModuleRegistry


def _with_extra_location(folder: Path) -> Callable[[ModuleRegistry], list[Path]]:
    original = heads.tenant_version_locations

    def tenant_version_locations(registry: ModuleRegistry) -> list[Path]:
        return [*original(registry), folder]

    return tenant_version_locations


if __name__ == "__main__":
    heads.tenant_version_locations = _with_extra_location(Path(sys.argv[1]).resolve())
    sys.argv = ["kiblat", *sys.argv[2:]]
    kiblat_main()
