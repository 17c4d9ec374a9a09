"""Flask's signed-cookie sessions, without per-request work for visitors who carry no cookie.

Most requests (citizens reading a regency's pages, crawlers, health checks) have no session
cookie. Flask's own interface builds a signing serializer on every request before it even
looks for the cookie, and prepares every cookie attribute before it finds there is nothing
to save. This one keeps the serializer per secret key, opens an empty session when there is
no cookie, and returns at once when an empty session was not changed. What goes over the
wire is the same: the same cookie, the same ``Vary: Cookie`` whenever the session was read.
"""

from __future__ import annotations

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializer: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # Keyed by the keys themselves: a changed secret (tests, key rotation) gets a new one.
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = self._serializer
        if cached is None or cached[0] != keys:
            cached = self._serializer = (keys, super().get_signing_serializer(app))
        return cached[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if "HTTP_COOKIE" not in request.environ or not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class() if app.secret_key else None
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not session and not session.modified:
            # What Flask does for an untouched empty session, without preparing a cookie.
            if session.accessed:
                if "Vary" in response.headers:
                    response.vary.add("Cookie")
                else:
                    response.headers["Vary"] = "Cookie"  # what vary.add gives on a response without one
            return
        super().save_session(app, session, response)


def init_sessions(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
