"""Where a person lands after signing in when they were not heading anywhere in particular:
their own work page (a citizen's applications, an officer's queue, the admin's dashboard, a
village operator's assisted filing), not the regency's public home page.

Modules name the page for a role in their manifest (``landing_pages``); the platform names the
admin's. The main role decides first, then the other roles; the first enabled module that
names a page for a role wins.
"""

from __future__ import annotations

from flask import current_app, url_for
from werkzeug.routing import BuildError

from kiblat.platform.identity.models import User
from kiblat.platform.identity.roles import ADMIN_ROLE
from kiblat.tenants.context import current_tenant

CORE_LANDING_PAGES = {ADMIN_ROLE: "admin.index"}
# A ``next=`` of these means "nowhere in particular" (the header's sign-in link on the home page).
UNSPECIFIED_TARGETS = frozenset({"", "/", "/?"})


def _ordered_roles(user: User) -> list[str]:
    return [user.role_key, *sorted(user.role_keys - {user.role_key})]


def landing_page(user: User) -> str | None:
    """The path of ``user``'s work page in the current regency, or None for the home page."""
    manifests = [m for m in current_app.extensions["kiblat_modules"] if m.key in current_tenant.modules]
    for role in _ordered_roles(user):
        candidates = [CORE_LANDING_PAGES[role]] if role in CORE_LANDING_PAGES else []
        candidates += [m.landing_pages[role] for m in manifests if role in m.landing_pages]
        for endpoint in candidates:
            try:
                return url_for(endpoint)
            except BuildError:  # a page this app does not serve (a web-less app, a renamed view)
                continue
    return None


def after_sign_in(user: User | None, requested: str | None, target: str) -> str:
    """``target`` when the person asked for a page, otherwise their landing page."""
    if user is not None and (requested or "").strip() in UNSPECIFIED_TARGETS:
        return landing_page(user) or target
    return target
