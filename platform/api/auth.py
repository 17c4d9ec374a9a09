"""Bearer-token checks for API views. Only the ``Authorization`` header counts: a session
cookie never authenticates an API request."""

from __future__ import annotations

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import MissingAuthorizationError
from authlib.oauth2.rfc6750 import InsufficientScopeError
from flask import current_app, g

from kiblat.platform.api.errors import ApiError
from kiblat.platform.identity.api.models import ApiClient
from kiblat.platform.identity.api.oauth import REALM


def require_scope(scope: str) -> None:
    """Raise :class:`ApiError` (401/403) unless the request bears a valid token holding ``scope``."""
    _server, protector = current_app.extensions["kiblat_oauth"]
    try:
        token = protector.acquire_token([scope])
    except MissingAuthorizationError:
        raise ApiError(401, "unauthorized", "Sertakan token akses: Authorization: Bearer <token>.",
                       {"WWW-Authenticate": f'Bearer realm="{REALM}"'}) from None
    except InsufficientScopeError:
        raise ApiError(403, "insufficient_scope", f"Token ini tidak memiliki cakupan '{scope}'.",
                       {"WWW-Authenticate": f'Bearer realm="{REALM}", error="insufficient_scope", scope="{scope}"'}
                       ) from None
    except OAuth2Error:
        raise ApiError(401, "invalid_token", "Token akses tidak sah, sudah kedaluwarsa atau sudah dicabut.",
                       {"WWW-Authenticate": f'Bearer realm="{REALM}", error="invalid_token"'}) from None
    g.kiblat_api_client = token.record.client


def current_api_client() -> ApiClient | None:
    """The client whose token authorised this request (scoped endpoints only)."""
    return g.get("kiblat_api_client")
