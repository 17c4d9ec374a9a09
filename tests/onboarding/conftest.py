from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.staff.accounts import create_staff
from kiblat.platform.identity.staff.models import StaffUser
from kiblat.platform.onboarding.models import OnboardingSetting


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An app context with auto-approval at its default (on)."""
    with app.app_context():
        setting = db.session.get(OnboardingSetting, "auto_approve")
        if setting is not None:
            db.session.delete(setting)
            db.session.commit()
        yield app
        db.session.rollback()


@pytest.fixture
def staff(ctx: Flask) -> StaffUser:
    import uuid

    member = create_staff(email=f"staf-{uuid.uuid4().hex[:6]}@kiblat.example.id", name="Staf Peninjau",
                          password="kata-sandi-staf-123")
    db.session.commit()
    return member
