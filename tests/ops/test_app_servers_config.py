"""Several app servers start only on state they all share; one server may keep its own."""

from __future__ import annotations

import pytest

from kiblat.platform.core.config import ConfigError, load_config
from tests.conftest import build_environ

SHARED = {
    "KIBLAT_DATABASE_URL": "postgresql+psycopg://kiblat@db.internal/kiblat",
    "KIBLAT_REDIS_URL": "redis://redis.internal:6379/0",
    "KIBLAT_SECRET_KEY": "k" * 40,
}


def test_one_server_keeps_the_defaults(tmp_path):
    values = load_config(build_environ(tmp_path))
    assert values["APP_SERVERS"] == 1 and values["STORAGE_PATH"] == str(tmp_path.resolve())


def test_several_servers_with_shared_state_start(tmp_path):
    storage = tmp_path / "shared-files"
    values = load_config(build_environ(tmp_path / "instance", KIBLAT_APP_SERVERS="2",
                                       KIBLAT_STORAGE_PATH=str(storage), **SHARED))
    assert values["APP_SERVERS"] == 2 and values["STORAGE_PATH"] == str(storage.resolve()) and storage.is_dir()


@pytest.mark.parametrize("left_out", ["KIBLAT_DATABASE_URL", "KIBLAT_REDIS_URL", "KIBLAT_STORAGE_PATH",
                                      "KIBLAT_SECRET_KEY"])
def test_several_servers_refuse_state_kept_per_server(tmp_path, left_out):
    environ = build_environ(tmp_path / "instance", KIBLAT_APP_SERVERS="3",
                            KIBLAT_STORAGE_PATH=str(tmp_path / "shared"), **SHARED)
    del environ[left_out]
    with pytest.raises(ConfigError) as info:
        load_config(environ)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("KIBLAT_APP_SERVERS=3 needs state every server shares; set ")
    assert left_out in message and message.count("KIBLAT_") == 2


@pytest.mark.parametrize("raw", ["0", "dua", "-1"])
def test_app_servers_must_be_a_count(tmp_path, raw):
    with pytest.raises(ConfigError, match="KIBLAT_APP_SERVERS=.* must be a whole number, 1 or more"):
        load_config(build_environ(tmp_path, KIBLAT_APP_SERVERS=raw))
