"""Password reset for citizens without email: at the service counter (a village office, the
permit front office) an officer checks the KTP, types the account's phone number, NIK and name,
and gets a one-time reset code to hand over (and sent by SMS when the regency has a gateway).
When the regency has a gateway, a citizen can also ask for the code by phone number alone
(``send_code_by_phone``, /lupa-sandi/telepon). The citizen types the code with a new password
at /lupa-sandi/kode.

Only citizens' accounts qualify: a staff account is reset by the regency admin. The code is
short enough to read aloud, so it lives 30 minutes, is stored as a hash, and both issuing and
redeeming are throttled and audited.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update

from kiblat.platform.core.texts import _
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity import nik as nik_rules
from kiblat.platform.identity.accounts import AccountError, find_by_identifier
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.credentials import store_new_password
from kiblat.platform.identity.models import AccountToken, User
from kiblat.platform.identity.passwords import PasswordError, check_strength
from kiblat.platform.identity.roles import CITIZEN_ROLE
from kiblat.platform.identity.sms import SMS, SmsError, WebhookSmsSender, channel_label, sms_sender
from kiblat.platform.identity.sms_gateway import self_service_sender, tenant_sender
from kiblat.platform.identity.throttle import EMAIL_RESEND, hit, retry_after
from kiblat.platform.identity.tokens import ASSISTED_RESET, LIFETIMES
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

logger = logging.getLogger("kiblat.identity")

# Read aloud and typed on a phone: no 0/O, 1/I/L.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
CODE_RE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


class AssistError(ValueError):
    """Shown to the officer or the citizen as it is."""


@dataclass(frozen=True)
class IssuedCode:
    user: User
    code: str  # formatted for reading, e.g. "K7PM-Q9XA"
    minutes: int
    sent_by_sms: bool
    sms_error: str | None = None  # why the gateway did not take it, shown to the officer
    channel: str = ""  # "SMS" or "WhatsApp", as the page names it


def _hash(user_id: int, code: str) -> str:
    return hashlib.sha256(f"{user_id}:{code}".encode()).hexdigest()


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def _same_name(a: str, b: str) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def issue(identifier: str, nik: str, name: str) -> IssuedCode:
    """After the officer checked the KTP: a code for the citizen's account. Commits; audited."""
    user = find_by_identifier(identifier)
    mismatch = AssistError(_("Data tidak cocok dengan akun mana pun. Periksa nomor telepon atau email, NIK dan "
                             "nama lengkap pada KTP."))
    if user is None or not user.active or user.role_keys != {CITIZEN_ROLE}:
        raise mismatch
    if not user.nik_hash:
        raise AssistError(_("Akun ini belum mencatat NIK, jadi identitas tidak dapat dicocokkan. "
                            "Minta admin kabupaten/kota mengatur ulang akun ini."))
    if nik_rules.lookup_hash(nik) != user.nik_hash or not _same_name(name, user.name):
        raise mismatch
    shown, minutes = _new_code(user)
    sms_error = None
    try:
        sender = tenant_sender()
    except SmsError as exc:
        sender, sms_error = sms_sender(), str(exc)
    by_sms = bool(sender.delivers and user.phone)
    record("account.assisted_reset.issue", "user", user.id, sms=by_sms)
    tenant_db.session.commit()
    if user.phone:
        # The logging stand-in only writes this to the log; a real gateway delivers it.
        try:
            sender.send(user.phone, _code_message(shown, minutes))
        except SmsError as exc:
            by_sms, sms_error = False, str(exc)
    channel = channel_label(sender.channel if isinstance(sender, WebhookSmsSender) else SMS)
    return IssuedCode(user, shown, minutes, by_sms, sms_error, channel)


def _new_code(user: User) -> tuple[str, int]:
    """A new code for ``user`` (the last one stops working), formatted for reading, and its
    lifetime in minutes. Flushes; the caller commits."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    now = datetime.now(UTC)
    lifetime = LIFETIMES[ASSISTED_RESET]
    session = tenant_db.session
    session.execute(update(AccountToken).where(AccountToken.user_id == user.id,
                                               AccountToken.purpose == ASSISTED_RESET,
                                               AccountToken.used_at.is_(None)).values(used_at=now))
    session.add(AccountToken(user_id=user.id, purpose=ASSISTED_RESET, token_hash=_hash(user.id, code),
                             expires_at=now + lifetime))
    session.flush()
    return f"{code[:4]}-{code[4:]}", int(lifetime.total_seconds() // 60)


def _code_message(shown: str, minutes: int) -> str:
    return _("Kode atur ulang kata sandi %(regency)s: %(code)s. Berlaku %(minutes)s menit. "
             "Jangan berikan kepada siapa pun.", regency=current_tenant.short_name, code=shown, minutes=minutes)


def send_code_by_phone(phone: str) -> None:
    """Self-service reset for a citizen's account with this phone number: a code through the
    regency's gateway (or the deployment's, or the development outbox). Silent when no such account exists or the gateway fails (logged and
    audited), so the answer never tells whether an account exists. The caller throttles."""
    sender = self_service_sender()
    user = find_by_identifier(phone)
    if sender is None or user is None or not user.active or user.role_keys != {CITIZEN_ROLE} or not user.phone:
        return
    subject = f"sms-reset:{user.id}"
    if retry_after(EMAIL_RESEND, subject):
        return
    hit(EMAIL_RESEND, subject)
    shown, minutes = _new_code(user)
    tenant_db.session.commit()
    try:
        sender.send(user.phone, _code_message(shown, minutes))
    except SmsError:
        logger.warning("Reset code for user %s not delivered by the gateway", user.id)
        record("account.sms_reset.issue", "user", user.id, ok=False)
    else:
        record("account.sms_reset.issue", "user", user.id, ok=True)
    tenant_db.session.commit()


def redeem(identifier: str, code: str, password: str) -> User:
    """Set a new password with a counter code (once), signing out every session. Commits; audited."""
    try:
        check_strength(password or "")
    except PasswordError as exc:
        raise AccountError(str(exc)) from None
    invalid = AssistError(_("Kode tidak cocok atau sudah kedaluwarsa. Minta kode baru di kantor layanan."))
    user = find_by_identifier(identifier)
    code = _normalise(code)
    if user is None or not user.active or not CODE_RE.match(code):
        raise invalid
    session = tenant_db.session
    token = session.scalar(select(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.purpose == ASSISTED_RESET,
        AccountToken.token_hash == _hash(user.id, code), AccountToken.used_at.is_(None)))
    if token is None or as_utc(token.expires_at) < datetime.now(UTC):
        raise invalid
    spent = session.execute(update(AccountToken).where(AccountToken.id == token.id, AccountToken.used_at.is_(None))
                            .values(used_at=datetime.now(UTC))).rowcount
    if spent != 1:
        session.rollback()
        raise invalid
    store_new_password(user, password)
    record("account.assisted_reset.use", "user", user.id)
    session.commit()
    return user
