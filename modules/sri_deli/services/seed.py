"""Reference data a regency gets when it enables Sri Deli (the manifest's ``seed``)."""

from __future__ import annotations

from datetime import date

from kiblat.modules.sri_deli.services import catalogue, holidays


def seed() -> None:
    """The starting permit catalogue and the national holidays of last, this and next year
    (idempotent: only what is missing is added)."""
    catalogue.seed()
    year = date.today().year
    holidays.seed_national([year - 1, year, year + 1])
