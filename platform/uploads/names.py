"""Display names of uploaded files: what a person sees in a list and what a download is saved as.

The name a browser sent is only a hint: folders, control characters (CR/LF), quotes,
semicolons and invisible direction marks are removed, the extension is the one of the
content actually found, and the length is bounded. Non-Latin letters stay: the download
helper encodes them as RFC 6266/5987 requires.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 120
DEFAULT_STEM = "berkas"
# Characters that mean something in a Content-Disposition header or a file system.
_UNSAFE = set('"\\/;:*?<>|`')
_SPACES = re.compile(r"\s+")


def _printable(ch: str) -> bool:
    # Cc: controls such as CR/LF and NUL; Cf: invisible formatting such as U+202E (right-to-left
    # override, "gpj.exe" shown as "exe.jpg"); Zl/Zp: line and paragraph separators.
    return unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and ch not in _UNSAFE


def safe_display_name(filename: str | None, extension: str, default_stem: str = DEFAULT_STEM) -> str:
    """``filename`` made safe to show and to offer as a download name, ending in ``extension``
    (e.g. ``".pdf"``, the extension of the content that was found)."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[\\/]", name)[-1]  # a path from old browsers: keep the last part
    name = "".join(ch if _printable(ch) else " " for ch in name)
    name = _SPACES.sub(" ", name).strip(" .")
    stem = name.rsplit(".", 1)[0].strip(" .") if "." in name else name
    stem = stem[: MAX_NAME_LENGTH - len(extension)].strip(" .") or default_stem
    return f"{stem}{extension}"
