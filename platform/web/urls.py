"""Where a ``next=`` parameter may send a visitor: a path on this same host, never elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this host; ``default`` for anything else (open redirects)."""
    target = target or default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
