"""Runs the ``kiblat`` CLI with one extra tenant migration folder, leaving the source tree alone.

Usage: ``python upgrade_with_revision.py FOLDER db upgrade --all-tenants --jobs 2``.
The runner builds Alembic's version locations in ``tenant_config()``; this wraps it to
append FOLDER, so revisions written there join the module branches they revise.
Worker processes are forked, so they inherit the wrapper.
"""

from __future__ import annotations

import os
import sys

from alembic.config import Config

from kiblat.migrations import runner
from kiblat.platform.cli import main as kiblat_main


def _with_extra_location(folder: str):  # noqa: ANN202
    original = runner.tenant_config

    def tenant_config() -> Config:
        cfg = original()
        locations = cfg.get_main_option("version_locations")
        cfg.set_main_option("version_locations", os.pathsep.join([locations, folder]))
        return cfg

    return tenant_config


if __name__ == "__main__":
    runner.tenant_config = _with_extra_location(os.path.abspath(sys.argv[1]))
    sys.argv = ["kiblat", *sys.argv[2:]]
    kiblat_main()
