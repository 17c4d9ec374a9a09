"""The platform calendar: Indonesia's national holidays from the ``holidays`` package, kept in the
instance folder per package version so workers and commands do not rebuild them each time."""

from __future__ import annotations

import json
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

import holidays as holiday_data
import pytest
from flask import Flask

from kiblat.platform import calendar
from kiblat.platform.calendar import national_days

KEPT_NAME = f"holidays-id-{metadata.version('holidays')}.json"


def package_calendar(years: list[int]) -> list[tuple[date, str]]:
    return sorted(holiday_data.Indonesia(years=years, language="id").items())


def test_the_calendar_is_the_packages_and_is_kept_under_its_version(tmp_path: Path) -> None:
    found = national_days([2025, 2026], tmp_path)

    assert found == package_calendar([2025, 2026])
    assert any(day == date(2026, 8, 17) and "Kemerdekaan" in name for day, name in found)
    assert [path.name for path in tmp_path.iterdir()] == [KEPT_NAME]


def test_kept_years_are_answered_without_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = national_days([2026], tmp_path)
    monkeypatch.setitem(sys.modules, "holidays", None)  # importing the package now fails

    assert national_days([2026], tmp_path) == expected
    with pytest.raises(ImportError):
        national_days([2031], tmp_path)  # a year not kept yet needs the package


def test_a_new_year_is_added_to_the_kept_ones(tmp_path: Path) -> None:
    national_days([2026], tmp_path)
    national_days([2027], tmp_path)

    kept = json.loads((tmp_path / KEPT_NAME).read_text(encoding="utf-8"))
    assert sorted(kept) == ["2026", "2027"]
    assert national_days([2026, 2027], tmp_path) == package_calendar([2026, 2027])


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", ""])
def test_an_unreadable_kept_file_is_built_again(tmp_path: Path, content: str) -> None:
    (tmp_path / KEPT_NAME).write_text(content, encoding="utf-8")

    assert national_days([2026], tmp_path) == package_calendar([2026])
    assert "2026" in json.loads((tmp_path / KEPT_NAME).read_text(encoding="utf-8"))


def test_without_a_folder_nothing_is_kept() -> None:
    assert national_days([2026], None) == package_calendar([2026])


def test_the_apps_calendar_keeps_its_years_in_the_instance_folder(app: Flask) -> None:
    calendar._national.cache_clear()
    with app.app_context():
        found = calendar.national_holidays(date(2029, 8, 1), date(2029, 8, 31))

    assert found == {date(2029, 8, 17): dict(package_calendar([2029]))[date(2029, 8, 17)]}
    kept = json.loads((Path(app.instance_path) / calendar.CACHE_FOLDER / KEPT_NAME).read_text(encoding="utf-8"))
    assert "2029" in kept
