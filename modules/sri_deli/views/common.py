"""What every Sri Deli page may show: statuses, history events and bill states in words."""

from __future__ import annotations

from kiblat.modules.sri_deli.models import (
    BILL_LABELS,
    EVENT_LABELS,
    HOLIDAY_KIND_LABELS,
    STATUS_LABELS,
)


def labels() -> dict:
    """Template context: the labels are declared with their codes in models/."""
    return {"status_labels": STATUS_LABELS, "event_labels": EVENT_LABELS, "bill_labels": BILL_LABELS,
            "holiday_kind_labels": HOLIDAY_KIND_LABELS}
