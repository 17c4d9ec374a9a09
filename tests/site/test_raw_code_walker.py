"""No page shows an internal code: signed in as every role of a regency with every module and
sample data of every kind, follow the links from each landing page (same host, GET, bounded)
and fail on module keys and other snake_case identifiers, audit action codes, ISO timestamps,
``None`` and ``UTC`` in the text a reader sees."""

from __future__ import annotations

import html as html_lib
import re
import time
from collections import deque
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from flask import Flask
from flask_babel import force_locale
from sqlalchemy import select

from kiblat.platform.identity.audit.labels import declared_actions
from kiblat.platform.identity.models import User
from kiblat.tenants.context import TenantInfo, tenant_context
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


def problems_in(text: str, action_codes: set[str], checks: dict[str, re.Pattern] = CHECKS) -> list[str]:
    # Each finding with the words around it, so a failure says where on the page it is.
    found = sorted({f"{name}: …{' '.join(text[max(0, m.start() - 40):m.end() + 20].split())}…"
                    for name, pattern in checks.items() for m in pattern.finditer(text)})
    found += [f"audit code: {code}" for code in action_codes if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text)]
    return found


def walk(client, host: str, start: list[str], seen: set[str],  # noqa: ANN001
         check: Callable[[str], list[str]], limit: int = PAGES_PER_ROLE) -> dict[str, list[str]]:
    """Follow same-host links from ``start`` (at most ``limit`` pages not in ``seen``) and
    return, per page, what ``check`` found in its HTML."""
    found: dict[str, list[str]] = {}
    queue, fetched = deque(start), 0
    while queue and fetched < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, base_url=host)
        fetched += 1
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        problems = check(page)
        if problems:
            found[path] = sorted(problems)
        for href in HREF.findall(page):
            link = urlsplit(urljoin(host + path, html_lib.unescape(href)))
            target = link.path + (f"?{link.query}" if link.query else "")
            if link.netloc == urlsplit(host).netloc and not SKIPPED.search(link.path) and target not in seen:
                queue.append(target)
    return found


def name_people(app: Flask, tenant: TenantInfo) -> None:
    """The probe's names carry role keys (to find them again); people are called by names."""
    with app.app_context(), tenant_context(tenant):
        for number, user in enumerate(tenant_db.session.scalars(select(User).order_by(User.id)), start=1):
            user.name = f"{MARK} Pengguna {number}"
        tenant_db.session.commit()


def code_check(app: Flask, english: bool = False) -> Callable[[str], list[str]]:
    """What a page shows of internal codes. In English, "None" and an audit code that is a plain
    word ("deleted") are words of the language, so only the codes that cannot be words count."""
    with app.test_request_context("/"), force_locale("id"):
        action_codes = set(declared_actions())
    checks = CHECKS
    if english:
        action_codes = {code for code in action_codes if re.search(r"[._]", code)}
        checks = {name: pattern for name, pattern in CHECKS.items() if name != "None"}
    return lambda page: problems_in(visible_text(page), action_codes, checks)


def test_no_page_a_role_reaches_shows_an_internal_code(app: Flask, make_tenant) -> None:  # noqa: ANN001
    started = time.monotonic()
    tenant = make_tenant(modules=tuple(m.key for m in app.extensions["kiblat_modules"]))
    secrets = seed_every_kind(app, tenant, MARK, "w")
    name_people(app, tenant)
    check = code_check(app)
    host = f"http://{tenant.primary_host}"
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    anonymous = app.test_client()
    found.update(walk(anonymous, host, ["/"], seen, check))
    for role, email in sorted(secrets["users"].items()):
        client = app.test_client()
        response = sign_in(client, tenant, email)
        assert response.status_code == 302, role
        landing = urlsplit(response.headers["Location"]).path or "/"
        # Each role's own pages: its landing page and what it links to that no earlier role reached.
        role_seen = {p for p in seen if p not in (landing, "/", "/akun")}
        found.update({f"{role} {p}": v for p, v in walk(client, host, [landing, "/", "/akun"], role_seen,
                                                        check).items()})
        seen |= role_seen
    assert not found, "\n".join(f"{page}: {', '.join(problems)}" for page, problems in sorted(found.items()))
    print(f"walked {len(seen)} pages in {time.monotonic() - started:.1f} s")  # noqa: T201
