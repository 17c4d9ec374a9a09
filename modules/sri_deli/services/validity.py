"""How long an issued permit is valid: the permit type's rule."""

from __future__ import annotations


def validity_field(permit_type) -> dict | None:  # noqa: ANN001
    """The numeric form field whose value is the permit's validity in days (``"validity": "days"``),
    e.g. the number of days a billboard stands."""
    return next((f for f in permit_type.fields if f.get("validity") == "days" and f.get("type") == "number"), None)


def validity_days(permit_type, form_data: dict) -> int | None:  # noqa: ANN001
    """Days the permit is valid: from the applicant's field when the type says so, otherwise the
    type's fixed number of days; ``None`` while nothing changes."""
    field = validity_field(permit_type)
    if field is not None:
        try:
            days = int(float(form_data.get(field["key"], 0)))
        except (TypeError, ValueError):
            days = 0
        return days if days > 0 else None
    return permit_type.validity_days or None
