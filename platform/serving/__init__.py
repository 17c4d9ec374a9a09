"""Production serving: gunicorn with threaded workers behind nginx, which buffers requests.

``gunicorn_config`` holds the gunicorn settings (``gunicorn -c python:kiblat.platform.serving.gunicorn_config``,
which ``kiblat serve`` uses too); ``nginx.conf`` is the reverse proxy in front of it. See
``docs/security.md`` ("Serving").
"""

from __future__ import annotations

from pathlib import Path

NGINX_CONFIG = Path(__file__).with_name("nginx.conf")
GUNICORN_CONFIG = "python:kiblat.platform.serving.gunicorn_config"
