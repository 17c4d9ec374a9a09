"""Kunjungan tests run at a fixed instant (``helpers.NOW``), never at the machine's time."""

from __future__ import annotations

import pytest

from kiblat.modules.kunjungan.services import clock
from tests.modules.kunjungan.helpers import NOW


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def park_tenant(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan",))
