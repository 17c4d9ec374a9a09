"""One Authlib OAuth client per tenant, registered on first use and keyed by tenant slug.

The client is rebuilt when the regency changes its settings, so a new issuer, client id or
secret takes effect on the next sign-in in every worker.
"""

from __future__ import annotations

import threading

from authlib.integrations.flask_client import FlaskOAuth2App, OAuth
from flask import Flask, current_app

from kiblat.platform.identity.oidc.models import OidcProvider
from kiblat.platform.identity.oidc.settings import DISCOVERY_PATH, client_secret

HTTP_TIMEOUT = 10
EXTENSION_KEY = "kiblat_oidc"


class TenantOAuth(OAuth):
    """Authlib's Flask registry, plus replacing a client whose settings changed."""

    def __init__(self, app: Flask | None = None) -> None:
        super().__init__(app)
        self._lock = threading.Lock()
        self._fingerprints: dict[str, tuple] = {}

    def client_for(self, name: str, *, issuer: str, client_id: str, secret: str, scopes: str,
                   version: object = None) -> FlaskOAuth2App:
        """The client called ``name``, rebuilt when any of its settings (or ``version``) changed."""
        fingerprint = (issuer, client_id, secret, scopes, version)
        with self._lock:
            if self._fingerprints.get(name) != fingerprint:
                self._clients.pop(name, None)
                self.register(
                    name,
                    client_id=client_id,
                    client_secret=secret,
                    server_metadata_url=issuer + DISCOVERY_PATH,
                    client_kwargs={"scope": scopes, "code_challenge_method": "S256", "default_timeout": HTTP_TIMEOUT},
                )
                self._fingerprints[name] = fingerprint
            return self.create_client(name)


def init_clients(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = TenantOAuth(app)


def registry() -> TenantOAuth:
    return current_app.extensions[EXTENSION_KEY]


def tenant_client(slug: str, provider: OidcProvider) -> FlaskOAuth2App:
    """The regency's client, keyed by its slug (slugs never start with ``_``)."""
    return registry().client_for(slug, issuer=provider.issuer, client_id=provider.client_id,
                                 secret=client_secret(provider), scopes=provider.scopes, version=provider.id)
