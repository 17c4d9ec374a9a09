"""What a manifest declares and the loader does with it: dotted hooks, jobs, schedules, signals."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from kiblat.platform.core import signals
from kiblat.platform.core.app import create_app
from kiblat.platform.jobs.registry import handler_for
from kiblat.platform.modular.loader import deferred
from kiblat.platform.modular.manifest import (
    Localized,
    ModuleManifest,
    Schedule,
    SignalReceiver,
)
from kiblat.platform.modular.registry import ModuleError
from tests.conftest import build_environ

PLUGIN = "kiblat_plugin_probe"


def _manifest(**fields) -> ModuleManifest:  # noqa: ANN003
    base = dict(key="pasar", name=Localized("Pasar", "Market"), description=Localized("", ""), version="1",
                url_prefix="/pasar", blueprint="kiblat_pasar.blueprint:bp", models="kiblat_pasar.models")
    return ModuleManifest(**{**base, **fields})


@pytest.mark.parametrize(("field", "value"), [
    ("seed", "kiblat_pasar.services.seed"),          # no attribute
    ("sample_data", "kiblat_pasar.sample:"),
    ("home_summary", lambda: "x"),                   # a function, not a dotted string
    ("cli", "kiblat pasar:cli"),
    ("http_api", "kiblat_pasar/http_api.py:api"),
    ("blueprint", ""),
])
def test_every_hook_is_a_dotted_string(field, value):
    with pytest.raises(ValueError, match=f"{field} must be 'package.module:attribute'"):
        _manifest(**{field: value})


def test_models_is_a_module_path():
    with pytest.raises(ValueError, match="models must be a dotted module path"):
        _manifest(models="kiblat_pasar.models:Base")


@pytest.mark.parametrize(("jobs", "message"), [
    ({"digest": "kiblat_pasar.jobs:digest"}, "must start with 'pasar.'"),
    ({"pasar.": "kiblat_pasar.jobs:digest"}, "must start with 'pasar.'"),
    ({"sri_deli.digest": "kiblat_pasar.jobs:digest"}, "must start with 'pasar.'"),
    ({"pasar.digest": "digest"}, "must be 'package.module:function'"),
])
def test_job_kinds_carry_the_module_key(jobs, message):
    with pytest.raises(ValueError, match=message):
        _manifest(jobs=jobs)


@pytest.mark.parametrize(("schedule", "message"), [
    (dict(job="pasar.digest", cadence="hourly"), "cadence must be one of"),
    (dict(job="pasar.digest", cadence="daily", at="7:00"), "HH:MM"),
    (dict(job="pasar.digest", cadence="daily", at="24:00"), "HH:MM"),
    (dict(job="pasar.digest", cadence="daily", day=3), "takes no day"),
    (dict(job="pasar.digest", cadence="weekly"), "day 1 \\(Monday\\) to 7"),
    (dict(job="pasar.digest", cadence="monthly", day=31), "day 1 to 28"),
])
def test_schedules_are_validated_when_declared(schedule, message):
    with pytest.raises(ValueError, match=message):
        Schedule(**schedule)


def test_a_schedule_names_a_job_of_its_module():
    jobs = {"pasar.digest": "kiblat_pasar.jobs:digest"}
    _manifest(jobs=jobs, schedules=(Schedule("pasar.digest", "monthly", "06:30", day=1),))
    with pytest.raises(ValueError, match="'pasar.report', which is not in jobs"):
        _manifest(jobs=jobs, schedules=(Schedule("pasar.report", "daily"),))


def test_signal_receivers_are_dotted():
    with pytest.raises(ValueError, match="'package.module:function'"):
        SignalReceiver("module-enabled", "kiblat_pasar.receivers")


def test_deferred_hook_imports_on_first_call_and_is_one_object_per_name():
    name = "kiblat.modules.pengumuman.sample:sample_data"
    assert deferred(name) is deferred(name)
    assert deferred("json:dumps")({"a": 1}) == '{"a": 1}'


def _write_plugin(root: Path, signal: str) -> None:
    """An external module package registered through the ``kiblat.modules`` entry point."""
    package = root / PLUGIN
    package.mkdir()
    files = {
        "__init__.py": "",
        "models.py": "",
        "manifest.py": f"""
            from kiblat.platform.modular.manifest import Localized, ModuleManifest, Schedule, SignalReceiver
            manifest = ModuleManifest(
                key="plugin_probe", name=Localized("Uji", "Probe"), description=Localized("d", "d"),
                version="0.1", url_prefix="/uji", blueprint="{PLUGIN}.blueprint:bp", models="{PLUGIN}.models",
                jobs={{"plugin_probe.count": "{PLUGIN}.jobs:count"}},
                schedules=(Schedule("plugin_probe.count", "daily", "07:00"),),
                signals=(SignalReceiver("{signal}", "{PLUGIN}.receivers:remember"),),
            )
        """,
        "jobs.py": """
            COUNTED = []
            def count(payload):
                COUNTED.append(payload["n"])
                return len(COUNTED)
        """,
        "receivers.py": """
            HEARD = []
            def remember(sender, **kwargs):
                HEARD.append((sender, kwargs.get("key")))
        """,
    }
    for name, text in files.items():
        (package / name).write_text(textwrap.dedent(text))
    dist = root / f"{PLUGIN}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {PLUGIN}\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[kiblat.modules]\nplugin_probe = {PLUGIN}.manifest:manifest\n")


@pytest.fixture
def plugin_path(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    (tmp_path / "site").mkdir()
    yield tmp_path / "site"
    for name in [m for m in sys.modules if m.startswith(PLUGIN)]:
        del sys.modules[name]


def test_loader_registers_jobs_connects_receivers_and_exposes_schedules(app, make_tenant, plugin_path, tmp_path):
    _write_plugin(plugin_path, "module-enabled")
    receiver = deferred(f"{PLUGIN}.receivers:remember")
    tenant = make_tenant(modules=())
    try:
        plugin_app = create_app(build_environ(tmp_path / "instance"), web=False)
        create_app(build_environ(tmp_path / "instance"), web=False)  # a second app connects nothing new
        registry = plugin_app.extensions["kiblat_modules"]
        assert ("plugin_probe", Schedule("plugin_probe.count", "daily", "07:00")) in registry.schedules()
        assert registry.jobs()["plugin_probe.count"] == f"{PLUGIN}.jobs:count"
        assert registry.jobs()["sri_deli.digest"] == "kiblat.modules.sri_deli.jobs:digest_job"
        assert f"{PLUGIN}.jobs" not in sys.modules  # nothing imported before it is needed

        assert handler_for("plugin_probe.count")({"n": 7}) == 1
        assert sys.modules[f"{PLUGIN}.jobs"].COUNTED == [7]

        with app.app_context():  # the platform's own receivers (the audit log) listen too
            signals.module_enabled.send(tenant.slug, key="plugin_probe", settings={})
        heard = sys.modules[f"{PLUGIN}.receivers"].HEARD
        assert heard == [(tenant.slug, "plugin_probe")]
    finally:
        signals.module_enabled.disconnect(receiver)


def test_loader_refuses_a_receiver_of_an_unknown_signal(plugin_path, tmp_path):
    _write_plugin(plugin_path, "tenant-exploded")
    with pytest.raises(ModuleError, match="unknown signal 'tenant-exploded'"):
        create_app(build_environ(tmp_path / "instance"), web=False)
