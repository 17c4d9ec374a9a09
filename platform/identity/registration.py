"""Citizens (warga) sign themselves up on their regency's host."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.platform.core.texts import _
from kiblat.platform.identity import nik as nik_rules
from kiblat.platform.identity.account_mail import send_verification
from kiblat.platform.identity.accounts import AccountError, clean_name, create_user, normalize_email
from kiblat.platform.identity.models import User
from kiblat.platform.identity.passwords import PasswordError, check_strength
from kiblat.platform.identity.phone import PhoneError, normalize_phone
from kiblat.platform.identity.privacy import notice as privacy_notice
from kiblat.platform.identity.roles import CITIZEN_ROLE
from kiblat.platform.identity.tokens import VERIFY_EMAIL, issue_token
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan

MARKUP_RE = re.compile(r"[<>]")


class RegistrationError(ValueError):
    """One message per form field that is wrong (field name → Bahasa Indonesia text)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class Registration:
    user: User
    warnings: list[str] = field(default_factory=list)
    verification_sent: bool = False


def check_name(raw: str) -> str:
    if MARKUP_RE.search(raw or ""):
        raise AccountError(_("Nama tidak boleh memuat tanda < atau >."))
    return clean_name(raw)


def known_kecamatan() -> set[str]:
    return set(tenant_db.session.scalars(select(Kecamatan.code)))


def check_nik(raw: str) -> tuple[nik_rules.NikCheck, list[str]]:
    """A valid, not yet registered NIK and its warnings; raises AccountError otherwise."""
    try:
        checked = nik_rules.parse_nik(raw, known_kecamatan())
    except nik_rules.NikError as exc:
        raise AccountError(str(exc)) from None
    taken = tenant_db.session.scalar(select(User.id).where(User.nik_hash == nik_rules.lookup_hash(checked.nik)))
    if taken:
        raise AccountError(_(
            "NIK ini sudah terdaftar di %(regency)s. Bila ini NIK Anda, masuk dengan akun yang ada "
            "atau gunakan \u201cLupa kata sandi\u201d.", regency=current_tenant.short_name))
    warnings = [_("Kode wilayah %(prefix)s pada NIK bukan kecamatan di %(regency)s; periksa kembali bila keliru.",
                  prefix=checked.region_prefix, regency=current_tenant.short_name)] if checked.warnings else []
    return checked, warnings


def _validate(name: str, email: str, phone: str, password: str, confirm: str, nik: str) -> dict:
    errors: dict[str, str] = {}
    values: dict = {"warnings": []}
    session = tenant_db.session
    for key, check in (("name", lambda: check_name(name)),
                       ("email", lambda: normalize_email(email) if email.strip() else None)):
        try:
            values[key] = check()
        except AccountError as exc:
            errors[key] = str(exc)
    try:
        values["phone"] = normalize_phone(phone) if phone.strip() else None
    except PhoneError as exc:
        errors["phone"] = str(exc)
    if not errors.get("email") and not errors.get("phone") and not values.get("email") and not values.get("phone"):
        errors["email"] = _("Isi email atau nomor telepon (boleh keduanya).")
    if values.get("email") and session.scalar(select(User.id).where(User.email == values["email"])):
        errors["email"] = _("Email ini sudah terdaftar. Masuk, atau gunakan \u201cLupa kata sandi\u201d.")
    if values.get("phone") and session.scalar(select(User.id).where(User.phone == values["phone"])):
        errors["phone"] = _("Nomor telepon ini sudah terdaftar.")
    try:
        check_strength(password)
    except PasswordError as exc:
        errors["password"] = str(exc)
    if password != confirm:
        errors["confirm"] = _("Kata sandi tidak sama.")
    values["nik"] = None
    if nik.strip():
        try:
            values["nik"], values["warnings"] = check_nik(nik)
        except AccountError as exc:
            errors["nik"] = str(exc)
    if errors:
        raise RegistrationError(errors)
    return values


def _consent_missing() -> str:
    return _("Baca pemberitahuan privasi dan centang persetujuan untuk mendaftar.")


def register_citizen(*, name: str, email: str = "", phone: str = "", password: str, confirm: str | None = None,
                     nik: str = "", consent_version: int | None = None, consent_asked: bool = False) -> Registration:
    """Create a citizen account (commits) and email a verification link when an email is given.

    ``consent_version`` is the privacy notice version the citizen accepted on the form, recorded
    with the account; with ``consent_asked`` (the sign-up page) registration is refused without it.
    """
    confirm = password if confirm is None else confirm
    try:
        values = _validate(name or "", email or "", phone or "", password or "", confirm or "", nik or "")
    except RegistrationError as exc:
        if consent_asked and consent_version is None:
            exc.errors["consent"] = _consent_missing()
        raise RegistrationError(exc.errors) from None
    if consent_asked and consent_version is None:
        raise RegistrationError({"consent": _consent_missing()})
    user = create_user(name=values["name"], role=CITIZEN_ROLE, email=values["email"], phone=values["phone"],
                       password=password)
    if consent_version is not None:
        privacy_notice.record_consent(user, consent_version)
    if values["nik"] is not None:
        user.nik_hash, user.nik_cipher, user.nik_masked = nik_rules.protect(values["nik"].nik)
    token = issue_token(user, VERIFY_EMAIL) if user.email else None
    try:
        tenant_db.session.commit()
    except IntegrityError:  # the same email/phone/NIK registered a moment ago
        tenant_db.session.rollback()
        raise RegistrationError({"email": _("Data ini baru saja didaftarkan. Coba masuk.")}) from None
    if token is not None:
        send_verification(user, token)
    return Registration(user, values["warnings"], token is not None)
