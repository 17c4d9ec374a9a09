from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiblat.platform.core.config import ConfigError, keep_public_port, load_config


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"KIBLAT_INSTANCE_PATH": str(tmp_path), **extra}


def test_defaults_use_sqlite_in_the_instance_folder(tmp_path):
    values = load_config(env(tmp_path))
    assert values["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'kiblat.sqlite3'}"
    assert values["BASE_DOMAIN"] == "localhost"
    assert values["ENV"] == "development"


def test_development_secret_is_generated_once_and_kept(tmp_path):
    first = load_config(env(tmp_path))["SECRET_KEY"]
    second = load_config(env(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_plain_postgresql_url_gets_the_psycopg_driver(tmp_path):
    values = load_config(env(tmp_path, KIBLAT_DATABASE_URL="postgresql://u@db/kiblat"))
    assert values["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://u@db/kiblat")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"KIBLAT_ENV": "staging"}, "KIBLAT_ENV='staging' is not one of"),
        ({"KIBLAT_ENV": "production"}, "KIBLAT_SECRET_KEY is required when KIBLAT_ENV=production"),
        ({"KIBLAT_SECRET_KEY": "short"}, "shorter than 32"),
        ({"KIBLAT_DATABASE_URL": "mysql://x@y/z"}, "uses 'mysql'"),
        ({"KIBLAT_DATABASE_URL": "::not a url::"}, "is not a database URL"),
        ({"KIBLAT_BASE_DOMAIN": "bad domain"}, "is not a host name"),
        ({"KIBLAT_TRUST_PROXY": "maybe"}, "must be true or false"),
    ],
)
def test_misconfiguration_is_one_clear_line(tmp_path, extra, message):
    with pytest.raises(ConfigError) as info:
        load_config(env(tmp_path, **extra))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_production_with_secret_is_secure(tmp_path):
    values = load_config(env(tmp_path, KIBLAT_ENV="production", KIBLAT_SECRET_KEY="x" * 40))
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["JSON_LOGS"] is True
    assert values["SESSION_COOKIE_DOMAIN"] is False  # host-only cookies


def test_cli_reports_misconfiguration_in_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from kiblat.platform.cli import main; main()", "tenants", "list"],
        capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "KIBLAT_INSTANCE_PATH": str(tmp_path), "KIBLAT_ENV": "production"},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "kiblat: configuration error: KIBLAT_SECRET_KEY is required when KIBLAT_ENV=production"
    )


def test_development_links_use_the_port_demo_setup_kept(tmp_path):
    assert load_config(env(tmp_path))["PUBLIC_PORT"] is None
    keep_public_port(tmp_path, 5000)  # what `kiblat demo setup --port 5000` does
    assert load_config(env(tmp_path))["PUBLIC_PORT"] == 5000
    assert load_config(env(tmp_path, KIBLAT_PUBLIC_PORT="8080"))["PUBLIC_PORT"] == 8080
    production = env(tmp_path, KIBLAT_ENV="production", KIBLAT_SECRET_KEY="x" * 40)
    assert load_config(production)["PUBLIC_PORT"] is None  # a stray file never changes production links


@pytest.mark.parametrize("kept", ["http", "0", "70000"])
def test_a_kept_port_that_is_not_a_port_is_one_clear_line(tmp_path, kept):
    (tmp_path / "public_port").write_text(kept)
    with pytest.raises(ConfigError) as info:
        load_config(env(tmp_path))
    assert "is not a port number" in str(info.value) and "\n" not in str(info.value)
