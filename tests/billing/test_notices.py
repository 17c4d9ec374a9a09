"""Billing notices write the date the regency reads, in its own time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from kiblat.platform.billing.models import GRACE
from kiblat.platform.billing.notices import standing_notice
from kiblat.tenants.models import Tenant


def test_grace_notice_dates_the_deadline_in_the_regency_time_zone():
    tenant = Tenant(official_name="Pemerintah Kabupaten Contoh", time_zone="Asia/Jayapura")
    # 14 January 20:00 UTC is already 15 January in Jayapura (UTC+9).
    _, body = standing_notice(tenant, GRACE, datetime(2027, 1, 14, 20, 0, tzinfo=UTC))
    assert "sebelum 15 Januari 2027;" in body
    _, naive = standing_notice(tenant, GRACE, datetime(2027, 1, 14, 20, 0))  # SQLite: naive UTC
    assert "sebelum 15 Januari 2027;" in naive
