"""Importable WSGI app for servers started from anywhere (``kiblat serve``)."""

import sys

from kiblat.platform.core.app import create_app
from kiblat.platform.core.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    print(f"kiblat: configuration error: {exc}", file=sys.stderr)
    sys.exit(4)  # gunicorn's "app failed to load" code: the arbiter stops instead of respawning
