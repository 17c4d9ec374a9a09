"""The heads read from the revision scripts' headers are Alembic's; a header that is not plain
literals, or a branch with two heads, makes the reader give up (the caller then asks Alembic)."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from kiblat.migrations import runner
from kiblat.migrations.heads import CONTROL_VERSIONS, read_heads, tenant_version_locations

HEADER = 'revision = {rev!r}\ndown_revision = {down!r}\nbranch_labels = {labels!r}\ndepends_on = None\n'


def write(folder: Path, rev: str, down: str | None, labels: tuple[str, ...] | None = None) -> None:
    (folder / f"{rev}.py").write_text(f'"""{rev}"""\n\nfrom alembic import op\n\n'
                                      + HEADER.format(rev=rev, down=down, labels=labels))


def test_control_and_tenant_heads_are_alembics(app, app_ctx):  # noqa: ANN001
    control = read_heads([CONTROL_VERSIONS])
    assert control is not None
    assert control[0] == frozenset(ScriptDirectory.from_config(runner.control_config()).get_heads())
    tenant = read_heads(tenant_version_locations(app.extensions["kiblat_modules"]))
    assert tenant is not None
    assert tenant[1] == runner.tenant_heads()
    assert tenant[0] == frozenset(ScriptDirectory.from_config(runner.tenant_config()).get_heads())


def test_branch_heads_follow_down_revisions_not_dependencies(tmp_path):
    write(tmp_path, "a_0001", None, ("a",))
    write(tmp_path, "a_0002", "a_0001")
    (tmp_path / "b_0001.py").write_text(
        'revision: str = "b_0001"\ndown_revision: str | None = None\n'
        'branch_labels = ("b",)\ndepends_on = "a_0002"\n')
    write(tmp_path, "b_0002", "b_0001")
    (tmp_path / "__init__.py").write_text("")
    assert read_heads([tmp_path]) == (frozenset({"a_0002", "b_0002"}), {"a": "a_0002", "b": "b_0002"})


def test_a_header_that_is_not_a_literal_gives_up(tmp_path):
    write(tmp_path, "a_0001", None, ("a",))
    (tmp_path / "a_0002.py").write_text(
        'revision = "a_" + "0002"\ndown_revision = "a_0001"\nbranch_labels = None\ndepends_on = None\n')
    assert read_heads([tmp_path]) is None


def test_a_missing_header_name_or_a_forked_branch_gives_up(tmp_path):
    write(tmp_path, "a_0001", None, ("a",))
    (tmp_path / "a_0002.py").write_text('revision = "a_0002"\ndown_revision = "a_0001"\n')
    assert read_heads([tmp_path]) is None
    write(tmp_path, "a_0002", "a_0001")
    write(tmp_path, "a_0003", "a_0001")  # two heads on branch "a"
    assert read_heads([tmp_path]) is None
