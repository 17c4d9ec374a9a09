"""OAuth2 client credentials with Authlib: the token endpoint's server and the resource protector.

Both look clients and tokens up through ``services`` in the *current tenant's* schema, so a
client or token of regency A does not exist on regency B's host.
"""

from __future__ import annotations

from datetime import UTC, datetime

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.integrations.flask_oauth2.requests import FlaskOAuth2Payload, FlaskOAuth2Request
from authlib.oauth2.rfc6749 import ClientMixin, InvalidScopeError, OAuth2Request, TokenMixin
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6749.util import scope_to_list
from authlib.oauth2.rfc6750 import BearerTokenValidator
from flask import Flask, Request, Response, json, request

from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.api import services
from kiblat.platform.identity.api.models import ApiClient, ApiToken

AUTH_METHODS = ("client_secret_basic", "client_secret_post")
REALM = "Kiblat API"

TOKEN_ERROR_MESSAGES = {
    "invalid_client": "Klien API tidak dikenal di daerah ini atau rahasianya salah.",
    "unsupported_grant_type": "Hanya grant_type=client_credentials yang didukung.",
    "invalid_scope": "Cakupan yang diminta tidak diizinkan untuk klien ini.",
    "invalid_request": "Permintaan token tidak lengkap atau tidak sah.",
    "unauthorized_client": "Klien ini tidak boleh memakai jenis grant tersebut.",
}


class Client(ClientMixin):
    """Authlib's view of an :class:`ApiClient`."""

    def __init__(self, record: ApiClient) -> None:
        self.record = record

    def get_client_id(self) -> str:
        return self.record.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = services.grantable_scopes(self.record)
        if not scope:  # nothing asked: every scope the client holds
            return " ".join(allowed)
        return " ".join(s for s in scope_to_list(scope) if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return services.secret_matches(self.record, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class Token(TokenMixin):
    """Authlib's view of an :class:`ApiToken`."""

    def __init__(self, record: ApiToken) -> None:
        self.record = record

    def check_client(self, client: Client) -> bool:
        return client.record.id == self.record.client_id

    def get_scope(self) -> str:
        return self.record.scopes

    def get_expires_in(self) -> int:
        return max(0, int((as_utc(self.record.expires_at) - datetime.now(UTC)).total_seconds()))

    def is_expired(self) -> bool:
        return as_utc(self.record.expires_at) <= datetime.now(UTC)

    def is_revoked(self) -> bool:
        return self.record.revoked_at is not None or not self.record.client.active

    def get_user(self) -> None:
        return None

    def get_client(self) -> Client:
        return Client(self.record.client)


class _ClientCredentials(ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)

    def validate_requested_scope(self) -> None:
        requested = set(scope_to_list(self.request.payload.scope) or [])
        if requested - set(services.grantable_scopes(self.request.client.record)):
            raise InvalidScopeError()


class _FormPayload(FlaskOAuth2Payload):
    @property
    def data(self):  # noqa: ANN202 - the body only: credentials in a URL end up in logs
        return self._request.form


class _OAuth2Request(FlaskOAuth2Request):
    def __init__(self, flask_request: Request) -> None:
        # Plain HTTP is refused in production by the token view; Authlib's own check would
        # refuse every non-loopback development host, so it sees the https form of the URL.
        scheme, _, rest = flask_request.url.partition("://")
        OAuth2Request.__init__(self, flask_request.method, "https://" + rest, headers=flask_request.headers)
        self._request = flask_request
        self.payload = _FormPayload(flask_request)


class TenantAuthorizationServer(AuthorizationServer):
    """Issues tokens of the current tenant and answers errors as ``{"error", "message"}``."""

    def create_oauth2_request(self, req) -> _OAuth2Request:  # noqa: ANN001
        return _OAuth2Request(request)

    def handle_response(self, status_code: int, payload, headers) -> Response:  # noqa: ANN001
        headers = [(k, v) for k, v in headers if k.lower() != "www-authenticate"]
        if isinstance(payload, dict) and "error" in payload:
            code = payload["error"]
            payload = {"error": code, "message": TOKEN_ERROR_MESSAGES.get(code, "Permintaan token ditolak.")}
            if code == "invalid_client":
                status_code = 401
                headers.append(("WWW-Authenticate", f'Basic realm="{REALM}"'))
        return Response(json.dumps(payload), status=status_code, headers=headers)


class TenantTokenValidator(BearerTokenValidator):
    def authenticate_token(self, token_string: str) -> Token | None:
        record = services.find_token(token_string)
        return Token(record) if record is not None else None


def _query_client(client_id: str) -> Client | None:
    record = services.find_client(client_id)
    return Client(record) if record is not None else None


def _save_token(token: dict, oauth_request) -> None:  # noqa: ANN001
    services.store_token(oauth_request.client.record, token["access_token"], token.get("scope", ""),
                         int(token["expires_in"]))


def init_oauth(app: Flask) -> tuple[TenantAuthorizationServer, ResourceProtector]:
    app.config.setdefault("OAUTH2_TOKEN_EXPIRES_IN", {"client_credentials": int(services.TOKEN_LIFETIME.total_seconds())})
    server = TenantAuthorizationServer()
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(_ClientCredentials)
    protector = ResourceProtector()
    protector.register_token_validator(TenantTokenValidator(realm=REALM))
    app.extensions["kiblat_oauth"] = (server, protector)
    return server, protector
