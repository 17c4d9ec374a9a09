"""Configuration from the environment (12-factor), as a class chain chosen by ``KIBLAT_ENV``.

Every problem is reported as one :class:`ConfigError` line, so a misconfigured
deployment fails at start with a message an operator can act on.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from ipaddress import ip_network
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
SUPPORTED_DATABASES = ("sqlite", "postgresql")
# Who may read /metrics without the token: this machine, unless the platform's networks are named.
DEFAULT_METRICS_NETWORKS = "127.0.0.0/8,::1/128"


class ConfigError(RuntimeError):
    """A configuration problem, explained in one line."""


class BaseConfig:
    ENV = "development"
    DEBUG = False
    TESTING = False
    JSON_LOGS = False
    SESSION_COOKIE_SECURE = False
    # Host-only cookies: never shared between regencies on sibling subdomains.
    SESSION_COOKIE_DOMAIN = False
    SESSION_COOKIE_NAME = "kiblat_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # How often a worker checks whether another process changed tenants or domains.
    TENANT_CACHE_CHECK_SECONDS = 2.0
    # A pooled PostgreSQL connection is recycled after serving this many tenant schemas,
    # which bounds the catalog cache a backend accumulates. Measured with 1,000 tenants of
    # 29 tables each: a backend peaked at ~48 MB with 50, ~41 MB with 30, ~34 MB with 20, and
    # the median request was no slower with the lower limits (docs/benchmarks.md, (d)).
    TENANT_SCHEMAS_PER_CONNECTION = 25
    # PostgreSQL: schemas a running worker keeps migrated ahead for each recent kind of regency
    # (same modules), so a creation renames one instead of building it (provisioning/spares.py).
    SPARE_SCHEMAS = 2
    # Dedicated per-file engines kept for migrations and copies (requests share one engine).
    SQLITE_TENANT_ENGINES = 16
    TRUST_PROXY = False
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")
    # Request bodies: multipart forms with files up to MAX_CONTENT_LENGTH; any other body
    # (url-encoded forms, JSON), which is parsed in one go, up to MAX_PLAIN_BODY_SIZE; at most
    # MAX_FORM_PARTS fields, none larger than MAX_FORM_MEMORY_SIZE unless it is a file.
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    MAX_PLAIN_BODY_SIZE = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024
    MAX_FORM_PARTS = 200
    # One uploaded file, and the pixels an image may have (a "decompression bomb" claims more).
    UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    UPLOAD_MAX_PIXELS = 40_000_000
    WTF_CSRF_TIME_LIMIT = None


class DevelopmentConfig(BaseConfig):
    ENV = "development"


class TestConfig(BaseConfig):
    ENV = "test"
    TESTING = True
    TENANT_CACHE_CHECK_SECONDS = 0.0
    SPARE_SCHEMAS = 0  # the tests that need spares ask for them


class ProductionConfig(BaseConfig):
    ENV = "production"
    JSON_LOGS = True
    SESSION_COOKIE_SECURE = True


CONFIG_CLASSES: dict[str, type[BaseConfig]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load_config(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Read ``KIBLAT_*`` variables and return Flask config values, or raise ConfigError."""
    env = os.environ if environ is None else environ
    env_name = env.get("KIBLAT_ENV", "development").strip().lower()
    if env_name not in CONFIG_CLASSES:
        raise ConfigError(
            f"KIBLAT_ENV={env_name!r} is not one of {', '.join(CONFIG_CLASSES)}"
        )
    cls = CONFIG_CLASSES[env_name]
    values = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}

    instance_path = Path(env.get("KIBLAT_INSTANCE_PATH", "instance")).resolve()
    try:
        instance_path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"KIBLAT_INSTANCE_PATH={instance_path} cannot be created: {exc.strerror}") from exc
    if not os.access(instance_path, os.W_OK):
        raise ConfigError(f"KIBLAT_INSTANCE_PATH={instance_path} is not writable")
    values["INSTANCE_PATH"] = str(instance_path)

    values["SQLALCHEMY_DATABASE_URI"] = _database_url(env, instance_path)
    values["BASE_DOMAIN"] = _base_domain(env)
    values["SECRET_KEY"] = _secret_key(env, env_name, instance_path)
    values["PUBLIC_PORT"] = _public_port(env, env_name, instance_path)
    values["TRUST_PROXY"] = _flag(env, "KIBLAT_TRUST_PROXY", cls.TRUST_PROXY)
    values["REDIS_URL"] = env.get("KIBLAT_REDIS_URL") or None
    values["STORAGE_PATH"] = _storage_path(env, instance_path)
    values["METRICS_NETWORKS"] = _networks(env, "KIBLAT_METRICS_NETWORKS", DEFAULT_METRICS_NETWORKS)
    values["METRICS_TOKEN"] = _metrics_token(env)
    for name in ("UPLOAD_MAX_BYTES", "UPLOAD_MAX_PIXELS"):
        if f"KIBLAT_{name}" in env:
            values[name] = int(_number(env, f"KIBLAT_{name}"))
    values["APP_SERVERS"] = _app_servers(env, values)
    if "KIBLAT_TENANT_CACHE_CHECK_SECONDS" in env:
        values["TENANT_CACHE_CHECK_SECONDS"] = _number(env, "KIBLAT_TENANT_CACHE_CHECK_SECONDS")
    if "KIBLAT_TENANT_SCHEMAS_PER_CONNECTION" in env:
        values["TENANT_SCHEMAS_PER_CONNECTION"] = int(_number(env, "KIBLAT_TENANT_SCHEMAS_PER_CONNECTION"))
    if "KIBLAT_SPARE_SCHEMAS" in env:
        values["SPARE_SCHEMAS"] = int(_number(env, "KIBLAT_SPARE_SCHEMAS"))
    return values


def _database_url(env: Mapping[str, str], instance_path: Path) -> str:
    raw = env.get("KIBLAT_DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{instance_path / 'kiblat.sqlite3'}"
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise ConfigError(f"KIBLAT_DATABASE_URL is not a database URL: {raw!r}") from exc
    if url.get_backend_name() not in SUPPORTED_DATABASES:
        raise ConfigError(
            f"KIBLAT_DATABASE_URL uses {url.get_backend_name()!r}; "
            "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        )
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        raw = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return raw


def _app_servers(env: Mapping[str, str], values: Mapping[str, object]) -> int:
    """How many app servers serve this deployment; more than one only with shared state.

    One server may keep state of its own (an in-process cache, files in its instance folder,
    a generated secret, an SQLite file); several would each keep a different copy, so a
    configuration that would do that is refused.
    """
    raw = env.get("KIBLAT_APP_SERVERS", "1").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"KIBLAT_APP_SERVERS={raw!r} must be a whole number, 1 or more")
    servers = int(raw)
    if servers == 1:
        return servers
    missing = []
    if not str(values["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        missing.append("KIBLAT_DATABASE_URL (PostgreSQL; SQLite files stay on one server)")
    if not values["REDIS_URL"]:
        missing.append("KIBLAT_REDIS_URL (cache, throttling and jobs shared by every server)")
    if not env.get("KIBLAT_STORAGE_PATH", "").strip():
        missing.append("KIBLAT_STORAGE_PATH (uploaded files on storage every server mounts)")
    if not env.get("KIBLAT_SECRET_KEY"):
        missing.append("KIBLAT_SECRET_KEY (the same on every server, or sessions fail on the others)")
    if missing:
        raise ConfigError(f"KIBLAT_APP_SERVERS={servers} needs state every server shares; set " + "; ".join(missing))
    return servers


def _storage_path(env: Mapping[str, str], instance_path: Path) -> str:
    raw = env.get("KIBLAT_STORAGE_PATH", "").strip()
    if not raw:
        return str(instance_path)
    path = Path(raw).resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"KIBLAT_STORAGE_PATH={path} cannot be created: {exc.strerror}") from exc
    if not os.access(path, os.W_OK):
        raise ConfigError(f"KIBLAT_STORAGE_PATH={path} is not writable")
    return str(path)


def _networks(env: Mapping[str, str], name: str, default: str) -> tuple:
    raw = env.get(name, default)
    networks = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            networks.append(ip_network(part, strict=False))
        except ValueError as exc:
            raise ConfigError(f"{name}: {part!r} is not an address or network (e.g. 10.0.0.0/8)") from exc
    return tuple(networks)


def _metrics_token(env: Mapping[str, str]) -> str | None:
    token = env.get("KIBLAT_METRICS_TOKEN", "").strip()
    if token and len(token) < 16:
        raise ConfigError("KIBLAT_METRICS_TOKEN is shorter than 16 characters")
    return token or None


def _base_domain(env: Mapping[str, str]) -> str:
    domain = env.get("KIBLAT_BASE_DOMAIN", "localhost").strip().lower().rstrip(".")
    if not HOSTNAME_RE.match(domain):
        raise ConfigError(f"KIBLAT_BASE_DOMAIN={domain!r} is not a host name (e.g. kiblat.go.id)")
    return domain


def _secret_key(env: Mapping[str, str], env_name: str, instance_path: Path) -> str:
    key = env.get("KIBLAT_SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise ConfigError("KIBLAT_SECRET_KEY is shorter than 32 characters")
        return key
    if env_name == "production":
        raise ConfigError("KIBLAT_SECRET_KEY is required when KIBLAT_ENV=production")
    # Development and tests: generated once and kept, so sessions survive restarts.
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


PUBLIC_PORT_FILE = "public_port"


def _public_port(env: Mapping[str, str], env_name: str, instance_path: Path) -> int | None:
    """The port written into links (emails, the CLI's output): ``KIBLAT_PUBLIC_PORT``, or in
    development the port ``kiblat demo setup --port`` kept in the instance folder, so a command
    run from another shell links to the server ``make run`` started. None: the scheme's port."""
    raw = env.get("KIBLAT_PUBLIC_PORT", "").strip()
    source = "KIBLAT_PUBLIC_PORT"
    kept = instance_path / PUBLIC_PORT_FILE
    if not raw and env_name == "development" and kept.is_file():
        raw, source = kept.read_text().strip(), str(kept)
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"{source}={raw!r} is not a port number (1-65535)")
    return int(raw)


def keep_public_port(instance_path: str | Path, port: int) -> None:
    """Development: remember the port the demo server listens on (see :func:`_public_port`)."""
    (Path(instance_path) / PUBLIC_PORT_FILE).write_text(f"{port}\n")


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name}={raw!r} must be true or false")


def _number(env: Mapping[str, str], name: str) -> float:
    try:
        value = float(env[name])
    except ValueError as exc:
        raise ConfigError(f"{name}={env[name]!r} is not a number") from exc
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return value


def public_url(config: Mapping[str, object], host: str, path: str) -> str:
    """An absolute link as people reach this deployment: https in production, and in development
    the port ``kiblat serve`` listens on (:data:`PUBLIC_PORT`)."""
    scheme = "https" if config["ENV"] == "production" else "http"
    port = config["PUBLIC_PORT"]
    return f"{scheme}://{host}{f':{port}' if port else ''}{path}"
