"""The ``kiblat`` command loads only what a command needs: ``--help`` no command file, and the
data commands (``db upgrade``, ``tenants list``) no pages, translations, PDF or payment libraries,
and an upgrade with nothing pending not even Alembic, Flask or a model."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiblat.platform.cli import COMMANDS, DB_COMMANDS, TENANT_COMMANDS, cli, import_command
from kiblat.platform.regions.sync import sync_regions

# Loaded by commands that need the whole app, never by the data commands checked here: pages,
# PDF, signing, image, spreadsheet and payment libraries, provisioning. (flask_babel itself is
# imported by the module loader; the catalogs are read only when a text is translated.)
HEAVY = (
    "kiblat.platform.web.blueprint", "kiblat.platform.identity.blueprint", "kiblat.platform.site.blueprint",
    "kiblat.platform.console.blueprint", "kiblat.platform.billing.blueprint",
    "pypdf", "pyhanko", "reportlab", "stripe", "openpyxl", "segno", "PIL",
    "kiblat.provisioning.run", "kiblat.platform.documents.service",
)

# ``python -c`` that runs the CLI and, at exit, writes the names of every imported module.
RUN_AND_LIST_MODULES = (
    "import atexit, json, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write(json.dumps(sorted(sys.modules))))\n"
    "from kiblat.platform.cli import main\n"
    "main()\n"
)


def loaded_modules(tmp_path: Path, env: dict[str, str], *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, str(out), *args],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return set(json.loads(out.read_text()))


def heavy_among(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


@pytest.mark.parametrize(("table", "name"), [*((COMMANDS, n) for n in COMMANDS),
                                              *((TENANT_COMMANDS, n) for n in TENANT_COMMANDS),
                                              *((DB_COMMANDS, n) for n in DB_COMMANDS)])
def test_registered_help_is_the_commands_own(table, name):  # noqa: ANN001
    entry = table[name]
    command = import_command(entry.target)
    assert command.name == name
    assert entry.help == command.get_short_help_str(limit=300)


def test_help_lists_every_command_without_importing_one(tmp_path):
    env = {**os.environ, "KIBLAT_INSTANCE_PATH": str(tmp_path)}
    modules = loaded_modules(tmp_path, env, "--help")
    assert not [m for m in modules if m.startswith("kiblat.platform.cli.") and m != "kiblat.platform.cli.lazy"]
    assert heavy_among(modules) == []
    assert not {"kiblat.platform.core.app", "flask_babel", "kiblat.modules.pengumuman.cli"} & modules


def test_help_shows_core_and_module_commands():
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in [*COMMANDS, "pengumuman", "sri_deli"]:
        assert f"  {name} " in result.output


def test_db_upgrade_and_tenants_list_load_no_pages(app, make_tenant, tmp_path):  # noqa: ANN001
    tenant = make_tenant()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KIBLAT_")},
           **app.config["KIBLAT_SOURCE_ENV"]}
    listed = loaded_modules(tmp_path, env, "tenants", "list")
    assert heavy_among(listed) == []
    upgraded = loaded_modules(tmp_path, env, "db", "upgrade", "--all-tenants", "--tenant", tenant.slug)
    assert heavy_among(upgraded) == []


# What an upgrade with nothing pending does without: it reads the control plane with SQLAlchemy
# Core and the revision scripts' headers (migrations/fleet_check.py).
NOT_FOR_A_NO_OP = ("alembic", "mako", "flask", "flask_sqlalchemy", "huey", "kiblat.platform.core.app",
                   "kiblat.migrations.runner", "kiblat.tenants.models", "kiblat.platform.cli.db")


def test_db_upgrade_with_nothing_pending_builds_no_app(app, make_tenant, tmp_path):  # noqa: ANN001
    tenant = make_tenant()
    with app.app_context():
        sync_regions()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KIBLAT_")},
           **app.config["KIBLAT_SOURCE_ENV"]}
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, str(out), "db", "upgrade", "--tenant",
                           tenant.slug], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tenants: 0 upgraded, 1 already at head, 0 failed" in done.stdout
    modules = set(json.loads(out.read_text()))
    assert sorted(m for m in modules if m.split(".")[0] in NOT_FOR_A_NO_OP or m in NOT_FOR_A_NO_OP) == []


def test_tenants_list_builds_no_app(app, make_tenant, tmp_path):  # noqa: ANN001
    """The listing is three queries on a plain DB-API connection (tenants/listing.py)."""
    tenant = make_tenant(modules=("pengumuman",))
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KIBLAT_")},
           **app.config["KIBLAT_SOURCE_ENV"]}
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, str(out), "tenants", "list", "--json"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {t["slug"]: t for t in json.loads(done.stdout)}
    assert listed[tenant.slug]["modules"] == ["pengumuman"]
    assert listed[tenant.slug]["host"] == tenant.primary_host
    modules = set(json.loads(out.read_text()))
    assert sorted(m for m in modules if m.split(".")[0] in NOT_FOR_A_NO_OP or m in NOT_FOR_A_NO_OP) == []


def test_tenants_list_on_a_deployment_without_a_database_says_what_to_do(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KIBLAT_")},
           "KIBLAT_INSTANCE_PATH": str(tmp_path), "KIBLAT_ENV": "development"}
    command = [sys.executable, "-c", "from kiblat.platform.cli import main; main()", "tenants", "list"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: this deployment has no database yet: run `kiblat db upgrade` first"
    assert not (tmp_path / "kiblat.sqlite3").exists()  # a listing creates nothing

    sqlite3.connect(tmp_path / "kiblat.sqlite3").close()  # a file, but no control plane in it
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr.strip() == ("Error: cannot read the tenants (no such table: tenants); on a new "
                                   "deployment, run `kiblat db upgrade` first")


def test_the_queue_api_loads_huey_only_when_a_job_is_queued():
    """``tenants create`` imports ``enqueue`` but queues a job only when the invitation cannot be sent."""
    code = ("import sys, kiblat.platform.jobs.queue, kiblat.provisioning.invitations, "
            "kiblat.platform.identity.account_mail; print(sorted({'huey', 'redis'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_command_closes_its_databases_before_the_process_ends(tmp_path):
    """``main`` spares the collector at shutdown, so each command closes its connections itself:
    on SQLite the last connection to close folds the write-ahead log back into the file."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KIBLAT_")},
           "KIBLAT_INSTANCE_PATH": str(tmp_path), "KIBLAT_ENV": "development"}
    for command in (["db", "upgrade"], ["tenants", "list"]):
        done = subprocess.run([sys.executable, "-c", "from kiblat.platform.cli import main; main()", *command],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (tmp_path / "kiblat.sqlite3").is_file()
        assert sorted(p.name for p in tmp_path.glob("kiblat.sqlite3-*")) == []


def test_commands_run_within_a_test_process_leave_its_collector_alone(app):  # noqa: ANN001
    """Only the ``kiblat`` process freezes what its app holds (it ends with its command); a
    long-lived process that invokes commands, like this test run, keeps collecting."""
    import gc

    from click.testing import CliRunner

    before = gc.get_freeze_count()
    result = CliRunner().invoke(cli, ["db", "heads"], env=dict(app.config["KIBLAT_SOURCE_ENV"]))
    assert result.exit_code == 0, result.output
    assert "tenant core: core_" in result.output  # it built the app and read the scripts
    assert gc.get_freeze_count() == before
