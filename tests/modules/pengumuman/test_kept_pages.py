"""The announcement pages are kept for anonymous visitors and renewed as soon as an announcement
changes: in the process that changed it at once, in every other process at its next check of the
control plane; never for another regency, never for a change that was rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, request
from sqlalchemy import update

from kiblat.modules.pengumuman.models import Announcement
from kiblat.modules.pengumuman.services import announcements, editor
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.accounts import create_user
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import PlatformState
from kiblat.tenants.registry import PAGES_VERSION_KEY
from tests.conftest import build_environ, get


def _second_app(app: Flask, check_seconds: str) -> Flask:
    """Another worker process of the same deployment (the same databases)."""
    return create_app(build_environ(Path(app.instance_path), app.config["SQLALCHEMY_DATABASE_URI"],
                                    KIBLAT_TENANT_CACHE_CHECK_SECONDS=check_seconds))


def _dispose(served: Flask) -> None:
    with served.app_context():
        served.extensions["kiblat_tenant_engines"].dispose()
        db.engine.dispose()


@pytest.fixture
def other_worker(app: Flask) -> Iterator[Flask]:
    """A worker that checks the control plane on every request, as the suite's app does."""
    served = _second_app(app, "0")
    yield served
    _dispose(served)


@pytest.fixture
def fresh_worker(app: Flask) -> Iterator[tuple[Flask, list[str]]]:
    """A worker whose snapshot stays fresh for an hour (so its response cache answers), with a hook
    noting every request the app itself ran."""
    served = _second_app(app, "3600")
    ran: list[str] = []

    @served.before_request
    def note_request() -> None:
        ran.append(request.path)

    yield served, ran
    _dispose(served)


def _retitle_unseen(served: Flask, tenant: TenantInfo, title: str) -> None:
    """Change every announcement's title straight in the tenant's database, past the session's
    events: what a kept page would still not show."""
    engine = served.extensions["kiblat_tenant_engines"].engine_for(tenant)
    with engine.begin() as conn:
        conn.execute(update(Announcement.__table__).values(title=title))


def _publish(served: Flask, tenant: TenantInfo, title: str) -> None:
    with served.app_context(), tenant_context(tenant):
        announcements.publish(title, "Isi pengumuman.")


def test_another_worker_shows_a_new_announcement_at_its_next_check(app, other_worker, make_tenant) -> None:
    tenant = make_tenant()
    client = app.test_client()
    _publish(app, tenant, "Jadwal posyandu")
    assert "Jadwal posyandu" in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    # Kept: a change the page cannot know of is not shown...
    with app.app_context():
        _retitle_unseen(app, tenant, "Judul diam-diam")
    assert "Jadwal posyandu" in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    # ...but an announcement published by another worker is, with the page made again.
    _publish(other_worker, tenant, "Pemadaman listrik Selasa")
    page = get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    assert "Pemadaman listrik Selasa" in page and "Judul diam-diam" in page and "Jadwal posyandu" not in page


def test_the_worker_that_publishes_answers_with_the_new_page_at_once(fresh_worker, make_tenant) -> None:
    served, ran = fresh_worker
    tenant = make_tenant()
    client = served.test_client()
    _publish(served, tenant, "Jadwal posyandu")
    for _ in range(2):
        assert "Jadwal posyandu" in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    assert ran == ["/pengumuman/"]  # the second answer was the kept response
    _publish(served, tenant, "Pemadaman listrik Selasa")
    assert "Pemadaman listrik Selasa" in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    # Withdrawn (a change to a row, not a new one): gone from the list and its own page at once.
    with served.app_context(), tenant_context(tenant):
        first = announcements.published_page(1, 10).items[-1]
        first_id = first.id
        detail = f"/pengumuman/{first_id}"
        assert get(client, tenant.primary_host, detail).status_code == 200
        editor.withdraw(first)
    assert "Jadwal posyandu" not in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    assert get(client, tenant.primary_host, detail).status_code == 404
    assert ran.count("/pengumuman/") == 3


def test_only_a_committed_change_to_public_content_renews_only_that_regency(app, make_tenant) -> None:
    tenant, neighbour = make_tenant(), make_tenant()
    registry = app.extensions["kiblat_tenant_registry"]
    with app.app_context():
        before = registry.page_version(tenant.slug)
        neighbour_before = registry.page_version(neighbour.slug)
        with tenant_context(tenant):
            # Not public content: a new account.
            create_user(email="baru@contoh.id", name="Warga Baru", role="citizen", password="rahasia-sekali-123")
            tenant_db.session.commit()
            assert registry.page_version(tenant.slug) == before
            # Public content, but rolled back.
            tenant_db.session.execute(update(Announcement).values(title="Tidak jadi"))
            tenant_db.session.rollback()
            assert registry.page_version(tenant.slug) == before
            # A bulk statement no flush sees, committed.
            tenant_db.session.execute(update(Announcement).values(author_name="Humas"))
            tenant_db.session.commit()
        after = registry.page_version(tenant.slug)
        assert after[:2] == before[:2] and after[2] > before[2]
        assert registry.page_version(neighbour.slug) == neighbour_before
        # A reload of the snapshot never takes a regency's stamp back to what an older page was kept under.
        registry.clear()
        assert registry.page_version(tenant.slug) == after


def test_counters_gone_back_make_every_page_kept_before_unreachable(app, make_tenant) -> None:
    # A restored backup takes the control plane's counters back: the numbers will be given out
    # again for other content, so a key made before must never match again.
    tenant = make_tenant()
    registry = app.extensions["kiblat_tenant_registry"]
    _publish(app, tenant, "Jadwal posyandu")
    pages_version = PlatformState.key == PAGES_VERSION_KEY
    with app.app_context():
        before = registry.page_version(tenant.slug)
        db.session.execute(update(PlatformState).where(pages_version).values(value=PlatformState.value - 1))
        db.session.commit()
        try:
            after = registry.page_version(tenant.slug)
        finally:
            db.session.execute(update(PlatformState).where(pages_version).values(value=PlatformState.value + 1))
            db.session.commit()
        assert after[0] == before[0] + 1 and after[2] == 0
