"""No page shows an internal code: signed in as every role of a regency with every module and
sample data of every kind, follow the links from each landing page (same host, GET, bounded)
and fail on module keys and other snake_case identifiers, audit action codes, ISO timestamps,
``None`` and ``UTC`` in the text a reader sees."""

from __future__ import annotations

import html as html_lib
import re
import time
from collections import deque
from urllib.parse import urljoin, urlsplit

from flask import Flask
from flask_babel import force_locale
from sqlalchemy import select

from kiblat.platform.identity.audit.labels import declared_actions
from kiblat.platform.identity.models import User
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import sign_in
from tests.identity.probe_seed import seed_every_kind

MARK = "Contoh"
PAGES_PER_ROLE = 25
# Links that leave the page's purpose: signing out, switching language, files and feeds.
SKIPPED = re.compile(r"^/(keluar|bahasa/|static/|staff/)|/(unduh|rss\.xml|berkas|foto|pdf|qr|ekspor)\b|\.(pdf|csv|xlsx|json|xml|png|jpg|svg)$")
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')
EMAIL = re.compile(r"\S+@\S+")
URL = re.compile(r"https?://\S+")
CHECKS = {
    "snake_case": re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b"),
    "ISO timestamp": re.compile(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d"),
    "None": re.compile(r"\bNone\b"),
    "UTC": re.compile(r"\bUTC\b"),
}


def visible_text(page: str) -> str:
    """What a reader sees: no scripts, styles, tags or attributes; no addresses (they are data).
    Text set as ``<code>`` is an identifier shown on purpose (an API scope, a CSV column)."""
    page = re.sub(r"<(script|style|textarea|code)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
    return URL.sub(" ", EMAIL.sub(" ", text))


def problems_in(text: str, action_codes: set[str]) -> list[str]:
    # Each finding with the words around it, so a failure says where on the page it is.
    found = sorted({f"{name}: …{' '.join(text[max(0, m.start() - 40):m.end() + 20].split())}…"
                    for name, pattern in CHECKS.items() for m in pattern.finditer(text)})
    found += [f"audit code: {code}" for code in action_codes if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text)]
    return found


def _walk(client, host: str, start: list[str], seen: set[str], action_codes: set[str]) -> dict[str, list[str]]:  # noqa: ANN001
    found: dict[str, list[str]] = {}
    queue, fetched = deque(start), 0
    while queue and fetched < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, base_url=host)
        fetched += 1
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        problems = problems_in(visible_text(page), action_codes)
        if problems:
            found[path] = sorted(problems)
        for href in HREF.findall(page):
            link = urlsplit(urljoin(host + path, html_lib.unescape(href)))
            target = link.path + (f"?{link.query}" if link.query else "")
            if link.netloc == urlsplit(host).netloc and not SKIPPED.search(link.path) and target not in seen:
                queue.append(target)
    return found


def test_no_page_a_role_reaches_shows_an_internal_code(app: Flask, make_tenant) -> None:  # noqa: ANN001
    started = time.monotonic()
    tenant = make_tenant(modules=tuple(m.key for m in app.extensions["kiblat_modules"]))
    secrets = seed_every_kind(app, tenant, MARK, "w")
    with app.app_context(), tenant_context(tenant):
        # The probe's names carry role keys (to find them again); people are called by names.
        for number, user in enumerate(tenant_db.session.scalars(select(User).order_by(User.id)), start=1):
            user.name = f"{MARK} Pengguna {number}"
        tenant_db.session.commit()
    with app.test_request_context("/"), force_locale("id"):
        action_codes = set(declared_actions())
    host = f"http://{tenant.primary_host}"
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    anonymous = app.test_client()
    found.update(_walk(anonymous, host, ["/"], seen, action_codes))
    for role, email in sorted(secrets["users"].items()):
        client = app.test_client()
        response = sign_in(client, tenant, email)
        assert response.status_code == 302, role
        landing = urlsplit(response.headers["Location"]).path or "/"
        # Each role's own pages: its landing page and what it links to that no earlier role reached.
        role_seen = {p for p in seen if p not in (landing, "/", "/akun")}
        found.update({f"{role} {p}": v for p, v in _walk(client, host, [landing, "/", "/akun"], role_seen,
                                                         action_codes).items()})
        seen |= role_seen
    assert not found, "\n".join(f"{page}: {', '.join(problems)}" for page, problems in sorted(found.items()))
    print(f"walked {len(seen)} pages in {time.monotonic() - started:.1f} s")  # noqa: T201
