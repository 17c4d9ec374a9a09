"""The regency admin's single sign-on settings: validation, saving, and a discovery check."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from flask import current_app
from sqlalchemy import select

from kiblat.platform.identity.crypto import decrypt, encrypt
from kiblat.platform.identity.oidc.models import OidcProvider
from kiblat.platform.identity.roles import roles_for
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

SECRET_PURPOSE = "oidc-client-secret"
DISCOVERY_PATH = "/.well-known/openid-configuration"
DISCOVERY_TIMEOUT = 8
CLAIM_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
SCOPE_RE = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]{1,80}$")  # RFC 6749 scope-token
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
# Roles whose users must be attached to an agency or a village: an admin assigns those by hand.
ROLES_NEEDING_LINK = {"officer": "OPD", "village_operator": "desa/kelurahan"}


class SsoSettingsError(ValueError):
    """Settings that cannot be saved or used; the message is in Bahasa Indonesia."""


@dataclass(frozen=True)
class SsoSettings:
    """What the admin form submits; an empty ``client_secret`` keeps the stored one."""

    issuer: str
    client_id: str
    client_secret: str
    display_name: str
    scopes: str = "openid email profile"
    email_claim: str = "email"
    name_claim: str = "name"
    phone_claim: str = "phone_number"
    default_role: str = "citizen"
    enabled: bool = False


def get_provider() -> OidcProvider | None:
    return tenant_db.session.scalar(select(OidcProvider).order_by(OidcProvider.id).limit(1))


def enabled_provider() -> OidcProvider | None:
    provider = get_provider()
    return provider if provider is not None and provider.enabled else None


def client_secret(provider: OidcProvider) -> str:
    secret = decrypt(provider.client_secret_cipher, SECRET_PURPOSE)
    if secret is None:
        raise SsoSettingsError("Client secret tidak dapat dibuka (kunci data berubah?); simpan ulang client secret.")
    return secret


def normalize_issuer(raw: str) -> str:
    """The issuer URL as the provider publishes it: https (loopback http outside production)."""
    issuer = (raw or "").strip()
    if issuer.endswith("/"):
        issuer = issuer.rstrip("/")
    parts = urlsplit(issuer)
    if not parts.scheme or not parts.hostname:
        raise SsoSettingsError("Issuer harus berupa URL lengkap, mis. https://sso.contoh.go.id.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise SsoSettingsError("Issuer tidak boleh memuat query, fragmen atau kredensial.")
    if len(issuer) > 255:
        raise SsoSettingsError("Issuer paling banyak 255 karakter.")
    if parts.scheme == "https":
        return issuer
    if parts.scheme == "http" and _is_loopback(parts.hostname):
        if current_app.config["ENV"] == "production":
            raise SsoSettingsError("Di lingkungan produksi issuer harus memakai https.")
        return issuer
    raise SsoSettingsError("Issuer harus memakai https (http hanya untuk 127.0.0.1/localhost saat pengembangan).")


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _clean_scopes(raw: str) -> str:
    scopes = list(dict.fromkeys((raw or "").split()))
    if not all(SCOPE_RE.match(s) for s in scopes):
        raise SsoSettingsError("Scope hanya boleh berisi kata tanpa spasi, dipisahkan spasi.")
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    joined = " ".join(scopes)
    if len(joined) > 255:
        raise SsoSettingsError("Daftar scope terlalu panjang.")
    return joined


def _clean_claim(raw: str, label: str, required: bool) -> str:
    claim = (raw or "").strip()
    if not claim and not required:
        return ""
    if not CLAIM_RE.match(claim):
        raise SsoSettingsError(f"Nama klaim untuk {label} tidak valid (huruf, angka, _ . : -).")
    return claim


def validate(data: SsoSettings, *, has_secret: bool) -> dict[str, object]:
    """Cleaned column values, or SsoSettingsError naming the first problem."""
    display_name = " ".join((data.display_name or "").split())
    if not display_name:
        raise SsoSettingsError("Nama penyedia wajib diisi (ditampilkan di tombol masuk).")
    if len(display_name) > 80:
        raise SsoSettingsError("Nama penyedia paling banyak 80 karakter.")
    client_id = (data.client_id or "").strip()
    if not client_id or len(client_id) > 255:
        raise SsoSettingsError("Client ID wajib diisi (paling banyak 255 karakter).")
    secret = (data.client_secret or "").strip()
    if not secret and not has_secret:
        raise SsoSettingsError("Client secret wajib diisi.")
    if len(secret) > 1000:
        raise SsoSettingsError("Client secret terlalu panjang.")
    roles = roles_for(current_tenant)
    if data.default_role not in roles:
        raise SsoSettingsError(f"Peran {data.default_role!r} tidak dikenal di kabupaten/kota ini.")
    if data.default_role in ROLES_NEEDING_LINK:
        raise SsoSettingsError(
            f"Peran {data.default_role!r} memerlukan {ROLES_NEEDING_LINK[data.default_role]}; "
            "pilih peran lain untuk pengguna baru."
        )
    values: dict[str, object] = {
        "issuer": normalize_issuer(data.issuer),
        "client_id": client_id,
        "display_name": display_name,
        "scopes": _clean_scopes(data.scopes),
        "email_claim": _clean_claim(data.email_claim, "email", required=True),
        "name_claim": _clean_claim(data.name_claim, "nama", required=True),
        "phone_claim": _clean_claim(data.phone_claim, "telepon", required=False),
        "default_role": data.default_role,
        "enabled": bool(data.enabled),
    }
    if secret:
        values["client_secret_cipher"] = encrypt(secret, SECRET_PURPOSE)
    return values


def save_settings(data: SsoSettings) -> OidcProvider:
    """Create or update the regency's provider; commits."""
    session = tenant_db.session
    provider = get_provider()
    values = validate(data, has_secret=provider is not None)
    if provider is None:
        provider = OidcProvider(**values)
        session.add(provider)
    else:
        for key, value in values.items():
            setattr(provider, key, value)
    session.commit()
    return provider


def set_enabled(enabled: bool) -> OidcProvider:
    provider = get_provider()
    if provider is None:
        raise SsoSettingsError("Penyedia SSO belum dikonfigurasi.")
    provider.enabled = enabled
    tenant_db.session.commit()
    return provider


def fetch_discovery(issuer: str) -> dict:
    """The provider's discovery document, checked to be for exactly this issuer."""
    issuer = normalize_issuer(issuer)
    url = issuer + DISCOVERY_PATH
    try:
        response = requests.get(url, timeout=DISCOVERY_TIMEOUT, headers={"Accept": "application/json"})
    except requests.RequestException:
        raise SsoSettingsError(f"Tidak dapat menghubungi {url}; periksa alamat issuer.") from None
    if response.status_code != 200:
        raise SsoSettingsError(f"{url} menjawab HTTP {response.status_code}, bukan dokumen discovery.")
    try:
        document = response.json()
    except ValueError:
        raise SsoSettingsError(f"{url} tidak mengembalikan JSON.") from None
    if not isinstance(document, dict):
        raise SsoSettingsError(f"{url} tidak mengembalikan dokumen discovery.")
    check_discovery(issuer, document)
    return document


def check_discovery(issuer: str, document: dict) -> None:
    published = str(document.get("issuer", "")).rstrip("/")
    if published != issuer:
        raise SsoSettingsError(
            f"Issuer salah: penyedia menyatakan issuer {document.get('issuer')!r}, "
            f"sedangkan yang dikonfigurasi {issuer!r}."
        )
    missing = [k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not document.get(k)]
    if missing:
        raise SsoSettingsError(f"Dokumen discovery tidak memuat {', '.join(missing)}.")
    methods = document.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        raise SsoSettingsError("Penyedia tidak mendukung PKCE S256.")
