"""Expired server-side session records are forgotten: on every sign-in for the store written
to, and everywhere by ``kiblat sessions prune``. Before, only the signing-in person's own
expired records were dropped, so the records of everyone who never came back stayed forever."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from sqlalchemy import select

from kiblat.platform.cli import cli
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import UserSession
from kiblat.platform.identity.server_sessions import (
    APPLICANT,
    STAFF,
    PlatformSession,
    staff_sessions,
)
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, sign_in

HOUR = timedelta(hours=1)


def _user_rows(app, tenant, user_id: int, *expiries: datetime) -> list[str]:  # noqa: ANN001
    hashes = [secrets.token_hex(32) for _ in expiries]
    with app.app_context(), tenant_context(tenant):
        tenant_db.session.add_all(UserSession(id_hash=h, user_id=user_id, created_at=e - 12 * HOUR, expires_at=e)
                                  for h, e in zip(hashes, expiries, strict=True))
        tenant_db.session.commit()
    return hashes


def _kept(app, tenant, hashes: list[str]) -> set[str]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return set(tenant_db.session.scalars(select(UserSession.id_hash).where(UserSession.id_hash.in_(hashes))))


def _platform_rows(app, *rows: tuple[str, datetime]) -> list[str]:  # noqa: ANN001
    hashes = [secrets.token_hex(32) for _ in rows]
    with app.app_context():
        db.session.add_all(PlatformSession(id_hash=h, kind=kind, subject_id=999_000 + i, created_at=e - 12 * HOUR,
                                           expires_at=e)
                           for i, (h, (kind, e)) in enumerate(zip(hashes, rows, strict=True)))
        db.session.commit()
    return hashes


def _platform_kept(app, hashes: list[str]) -> set[str]:  # noqa: ANN001
    with app.app_context():
        return set(db.session.scalars(select(PlatformSession.id_hash).where(PlatformSession.id_hash.in_(hashes))))


def test_signing_in_forgets_everyones_expired_sessions_of_that_regency(app, client, make_tenant):
    tenant = make_tenant()
    now = datetime.now(UTC)
    gone_id = add_user(app, tenant, email=f"lama.{tenant.slug}@example.id")
    expired, live = _user_rows(app, tenant, gone_id, now - HOUR, now + HOUR)
    add_user(app, tenant, email=f"warga.{tenant.slug}@example.id")
    assert sign_in(client, tenant, f"warga.{tenant.slug}@example.id").status_code == 302
    assert _kept(app, tenant, [expired, live]) == {live}


def test_the_prune_command_covers_the_control_plane_and_every_regency(app, make_tenant):
    first, second = make_tenant(), make_tenant()
    now = datetime.now(UTC)
    first_rows = _user_rows(app, first, add_user(app, first, email=f"a.{first.slug}@example.id"),
                            now - 2 * HOUR, now + HOUR)
    second_rows = _user_rows(app, second, add_user(app, second, email=f"b.{second.slug}@example.id"),
                             now - 13 * HOUR, now - HOUR)
    platform_rows = _platform_rows(app, (STAFF, now - HOUR), (APPLICANT, now - HOUR), (STAFF, now + HOUR))
    result = CliRunner().invoke(cli, ["sessions", "prune"], env=dict(app.config["KIBLAT_SOURCE_ENV"]))
    assert result.exit_code == 0, result.output
    assert "expired session(s) forgotten" in result.output
    assert _kept(app, first, first_rows) == {first_rows[1]}
    assert _kept(app, second, second_rows) == set()
    assert _platform_kept(app, platform_rows) == {platform_rows[2]}


def test_prune_counts_only_its_own_kind(app):
    now = datetime.now(UTC)
    staff_row, applicant_row = _platform_rows(app, (STAFF, now - HOUR), (APPLICANT, now - HOUR))
    with app.app_context():
        assert staff_sessions.prune(now) >= 1
        db.session.commit()
    assert _platform_kept(app, [staff_row, applicant_row]) == {applicant_row}
