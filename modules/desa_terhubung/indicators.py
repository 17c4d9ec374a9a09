"""Desa Terhubung's smart-city indicators (the manifest's ``indicators``): counts of desa by their
verified connectivity status, never a person."""

from __future__ import annotations

from kiblat.modules.desa_terhubung.services import registry


def _counts() -> dict[str, int] | None:
    """Desa per status, or None while no desa has a verified survey (nothing measured yet)."""
    counts = registry.counts()
    return None if counts["unknown"] == sum(counts.values()) else counts


def share_connected() -> float | None:
    """Percent of all the regency's desa that are connected (4G strong/very strong or fibre) by
    their latest verified survey; desa not yet surveyed count as not connected."""
    counts = _counts()
    if counts is None:
        return None
    return round(100 * counts["connected"] / sum(counts.values()), 1)


def blankspot_desa() -> int | None:
    """Desa whose latest verified survey found no signal from any operator and no fixed internet."""
    counts = _counts()
    return None if counts is None else counts["blankspot"]
