"""The announcement pages are kept for anonymous visitors and renewed as soon as an announcement
changes: in the process that changed it at once, in every other process at its next check of the
control plane; never for another regency, never for a change that was rolled back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask, request
from sqlalchemy import update

from kiblat.modules.pengumuman.models import Announcement
from kiblat.modules.pengumuman.services import announcements, editor
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.web import page_cache
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


def _kept_for(served: Flask, tenant: TenantInfo, path: str) -> float:
    """Seconds from now until the page the worker keeps of ``path`` for ``tenant`` expires."""
    [expires_at] = [entry[0] for key, entry in served.extensions["kiblat_page_cache"].items()
                    if key[0] == tenant.slug and key[3] == path]
    return expires_at - time.monotonic()


def test_a_scheduled_announcement_comes_out_on_a_kept_page_at_its_time(fresh_worker, make_tenant,
                                                                        monkeypatch) -> None:
    served, ran = fresh_worker
    tenant = make_tenant()
    client = served.test_client()
    _publish(served, tenant, "Jadwal posyandu")
    with served.app_context(), tenant_context(tenant):
        announcements.publish("Libur nasional", "Kantor tutup.", published_at=datetime.now(UTC) + timedelta(minutes=2))
    assert "Libur nasional" not in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    # Kept no longer than until the publication (a little less: expiries are spread).
    assert (1 - page_cache.SPREAD) * 115 < _kept_for(served, tenant, "/pengumuman/") <= 120
    assert "Libur nasional" not in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    assert ran == ["/pengumuman/"]  # the kept response, while the time has not come
    # The time comes: the clock moves on (the announcement's own time moved back by as much,
    # straight in the database, so that nothing but the clock tells the worker).
    with served.app_context():
        engine = served.extensions["kiblat_tenant_engines"].engine_for(tenant)
        with engine.begin() as conn:
            conn.execute(update(Announcement.__table__).where(Announcement.title == "Libur nasional")
                         .values(published_at=datetime.now(UTC) - timedelta(seconds=1)))
    later = time.monotonic() + 121
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert "Libur nasional" in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    assert ran == ["/pengumuman/", "/pengumuman/"]


def test_pages_with_nothing_due_are_kept_longest_and_home_figures_the_default(fresh_worker, make_tenant) -> None:
    served, _ran = fresh_worker
    quiet, with_figures = make_tenant(), make_tenant(modules=("pengumuman", "jumpa_madu"))
    client = served.test_client()
    _publish(served, quiet, "Jadwal posyandu")
    for tenant in (quiet, with_figures):
        for path in ("/", "/pengumuman/"):
            assert get(client, tenant.primary_host, path).status_code == 200
    longest, default = page_cache.LONGEST_AGE, page_cache.MAX_AGE
    for tenant, path in ((quiet, "/"), (quiet, "/pengumuman/"), (with_figures, "/pengumuman/")):
        assert (1 - page_cache.SPREAD) * (longest - 5) < _kept_for(served, tenant, path) <= longest
    # Jumpa Madu's figures on the home page (kg recycled this year) do not say when they change.
    assert (1 - page_cache.SPREAD) * (default - 5) < _kept_for(served, with_figures, "/") <= default
