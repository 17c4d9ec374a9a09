"""Where a ``next=`` parameter may send a visitor: a path on this same host, never elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_TARGET_LENGTH = 2000


def _has_control_characters(text: str) -> bool:
    # CR/LF would split the Location header; other controls are never part of a real path.
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def safe_local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this host; ``default`` for anything else (open redirects,
    header injection, absurdly long values)."""
    target = target or default
    if len(target) > MAX_TARGET_LENGTH or _has_control_characters(target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
