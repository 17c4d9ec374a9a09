"""The regency's limits for Kunjungan (``settings_schema`` in the manifest)."""

from __future__ import annotations

from datetime import timedelta

from kiblat.platform.modular.settings import module_settings


def _get(name: str) -> int:
    return int(module_settings("kunjungan")[name])


def days_ahead() -> int:
    return _get("days_ahead")


def max_tickets_per_booking() -> int:
    return _get("max_tickets_per_booking")


def unpaid_grace() -> timedelta:
    return timedelta(minutes=_get("unpaid_grace_minutes"))


def checkin_early() -> timedelta:
    return timedelta(minutes=_get("checkin_early_minutes"))


def cancel_cutoff() -> timedelta:
    return timedelta(hours=_get("cancel_cutoff_hours"))


def online_hold() -> timedelta:
    return timedelta(minutes=_get("online_hold_minutes"))
