"""The regency's signing certificate: uploaded by its admin as PKCS#12 and stored encrypted
(``cryptography``'s Fernet through the data key); outside production a self-signed one is made
for each regency the first time a document is signed."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiblat.platform.core.times import as_utc
from kiblat.platform.documents.models import SigningCertificate
from kiblat.platform.identity import crypto
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

PURPOSE = "document-signing"
MAX_BYTES = 100 * 1024


class CertificateError(ValueError):
    pass


@dataclass(frozen=True)
class Loaded:
    pkcs12: bytes
    password: bytes
    subject: str
    fingerprint: str


def _subject(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    common = names[0].value if names else cert.subject.rfc4514_string()
    orgs = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return f"{common} ({orgs[0].value})" if orgs and orgs[0].value != common else str(common)


def _store(data: bytes, password: bytes, cert: x509.Certificate, self_signed: bool) -> SigningCertificate:
    session = tenant_db.session
    for old in session.scalars(select(SigningCertificate).where(SigningCertificate.active.is_(True))):
        old.active = False
    row = SigningCertificate(
        pkcs12_encrypted=crypto.encrypt(base64.b64encode(data).decode(), PURPOSE),
        password_encrypted=crypto.encrypt(base64.b64encode(password).decode(), PURPOSE),
        subject=_subject(cert)[:300], fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
        self_signed=self_signed, active=True)
    session.add(row)
    session.flush()
    return row


def upload(data: bytes, password: str, now: datetime | None = None) -> SigningCertificate:
    """Check an uploaded PKCS#12 file (it opens with the password, holds a key and a certificate
    valid now) and make it the active certificate. The caller commits."""
    now = now or datetime.now(UTC)
    if not data or len(data) > MAX_BYTES:
        raise CertificateError(str(_l("Berkas sertifikat kosong atau lebih dari 100 KB")))
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except (ValueError, TypeError):
        raise CertificateError(str(_l("Berkas bukan PKCS#12 (.p12/.pfx) atau kata sandinya salah"))) from None
    if key is None or cert is None:
        raise CertificateError(str(_l("Berkas PKCS#12 harus memuat kunci privat dan sertifikatnya")))
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise CertificateError(str(_l("Sertifikat tidak berlaku saat ini (periksa masa berlakunya)")))
    return _store(data, password.encode(), cert, self_signed=False)


def generate_self_signed(now: datetime | None = None) -> SigningCertificate:
    """A development certificate in the regency's name (RSA 2048, valid three years)."""
    now = now or datetime.now(UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"Pemerintah {current_tenant.official_name}"[:64]),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{current_tenant.official_name} (uji coba)"[:64]),
    ])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .sign(key, hashes.SHA256()))
    password = secrets.token_urlsafe(24).encode()
    data = pkcs12.serialize_key_and_certificates(
        current_tenant.slug.encode(), key, cert, None, serialization.BestAvailableEncryption(password))
    return _store(data, password, cert, self_signed=True)


def active() -> SigningCertificate | None:
    return tenant_db.session.scalar(select(SigningCertificate).where(SigningCertificate.active.is_(True))
                                    .order_by(SigningCertificate.id.desc()).limit(1))


def load(now: datetime | None = None) -> tuple[SigningCertificate, Loaded]:
    """The active certificate, decrypted; a self-signed one is made outside production."""
    now = now or datetime.now(UTC)
    row = active()
    if row is None or as_utc(row.not_after) < now:
        if current_app.config.get("ENV") == "production":
            raise CertificateError(str(_l("Sertifikat tanda tangan elektronik belum diunggah admin "
                                          "atau sudah kedaluwarsa")))
        row = generate_self_signed(now)
    data = crypto.decrypt(row.pkcs12_encrypted, PURPOSE)
    password = crypto.decrypt(row.password_encrypted, PURPOSE)
    if data is None or password is None:
        raise CertificateError(str(_l("Sertifikat tanda tangan tidak dapat dibuka (kunci data berubah?)")))
    return row, Loaded(base64.b64decode(data), base64.b64decode(password), row.subject, row.fingerprint)


def certificate_pem(row: SigningCertificate) -> bytes:
    """The public certificate (PEM) of a stored row, e.g. for a validator's trust roots."""
    data = crypto.decrypt(row.pkcs12_encrypted, PURPOSE)
    password = crypto.decrypt(row.password_encrypted, PURPOSE)
    _key, cert, _extra = pkcs12.load_key_and_certificates(base64.b64decode(data or ""),
                                                          base64.b64decode(password or ""))
    return cert.public_bytes(serialization.Encoding.PEM)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
