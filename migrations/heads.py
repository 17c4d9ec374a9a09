"""Where the revision scripts are, and their heads read from the scripts' headers alone.

Alembic learns a revision's place in the graph by importing its script, and importing Alembic
and every script costs more than all the work a fleet upgrade with nothing pending does. The
four names that place a revision (``revision``, ``down_revision``, ``branch_labels``,
``depends_on``) are plain literals at the top of every script, so the heads can be read from the
text. A script whose header is anything else makes :func:`read_heads` answer None, and the
caller asks Alembic instead (``tests/migrations/test_heads.py`` checks both agree).
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable
from pathlib import Path

from kiblat.platform.modular.registry import ModuleRegistry

MIGRATIONS_DIR = Path(__file__).parent
CORE_BRANCH = "core"
CONTROL_VERSIONS = MIGRATIONS_DIR / "control" / "versions"
TENANT_CORE_VERSIONS = MIGRATIONS_DIR / "tenant" / "versions"

HEADER_NAMES = ("revision", "down_revision", "branch_labels", "depends_on")
# ``name = <literal>`` or ``name: <annotation> = <literal>`` at the start of a line.
_HEADER = re.compile(r"^(revision|down_revision|branch_labels|depends_on)\s*(?::[^=\n]*)?=\s*(.+?)\s*$",
                     re.MULTILINE)
# The file names Alembic reads as revision scripts (``script/base.py``: not ``__init__`` or an
# editor's lock file).
_SCRIPT_NAME = re.compile(r"(?!\.\#|__init__)(.*\.py)$")


def tenant_version_locations(registry: ModuleRegistry) -> list[Path]:
    """The tenant revision folders: the core branch, then each module's that has one."""
    locations = [TENANT_CORE_VERSIONS]
    locations += [m.migrations_path for m in registry if m.migrations_path is not None]
    return locations


def join_locations(locations: Iterable[Path | str]) -> str:
    """Alembic's ``version_locations`` option (``path_separator = os``)."""
    return os.pathsep.join(str(location) for location in locations)


def split_locations(option: str) -> list[Path]:
    return [Path(part) for part in option.split(os.pathsep) if part]


def _as_tuple(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (tuple, list)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _read_header(path: Path) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """(revision, down revisions, branch labels) of one script, or None unless every header
    name is assigned exactly once a plain literal."""
    found: dict[str, object] = {}
    for name, text in _HEADER.findall(path.read_text(encoding="utf-8")):
        if name in found:
            return None
        try:
            found[name] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return None
    if set(found) != set(HEADER_NAMES) or not isinstance(found["revision"], str):
        return None
    down, labels = _as_tuple(found["down_revision"]), _as_tuple(found["branch_labels"])
    if down is None or labels is None or _as_tuple(found["depends_on"]) is None:
        return None
    return found["revision"], down, labels


def read_heads(locations: Iterable[Path]) -> tuple[frozenset[str], dict[str, str]] | None:
    """The heads of the revisions in ``locations`` and the head of each branch label
    (``label@head`` in Alembic's terms), or None when a script's header cannot be read as
    literals or a label's branch does not end in exactly one head."""
    down: dict[str, tuple[str, ...]] = {}
    labels: dict[str, tuple[str, ...]] = {}
    for location in locations:
        if not location.is_dir():
            continue
        for path in sorted(location.iterdir()):
            if not path.is_file() or not _SCRIPT_NAME.match(path.name):
                continue
            header = _read_header(path)
            if header is None or header[0] in down:
                return None
            revision, down[revision], labels[revision] = header
    children: dict[str, list[str]] = {revision: [] for revision in down}
    for revision, parents in down.items():
        for parent in parents:
            if parent not in children:
                return None  # revises a revision that is not there: Alembic's error to report
            children[parent].append(revision)
    heads = frozenset(revision for revision, below in children.items() if not below)

    def heads_above(revision: str) -> set[str]:
        found, stack, seen = set(), [revision], set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if not children[current]:
                found.add(current)
            stack.extend(children[current])
        return found

    branch_heads: dict[str, str] = {}
    for revision, names in labels.items():
        for label in names:
            above = heads_above(revision)
            if len(above) != 1 or label in branch_heads:
                return None
            branch_heads[label] = above.pop()
    return heads, branch_heads
