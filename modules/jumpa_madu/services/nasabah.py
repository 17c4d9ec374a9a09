"""Nasabah registration: a regency account plus a savings book at the bank serving its desa."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import Nasabah
from kiblat.modules.jumpa_madu.services import config, ledger
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.platform.identity.accounts import AccountError, create_user
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User
from kiblat.platform.identity.nik import NikError, parse_nik, protect
from kiblat.platform.identity.phone import PhoneError, normalize_phone
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa


def _account_no(bank_code: str) -> str:
    return f"{bank_code[:8]}-{secrets.randbelow(10**8):08d}"


def _location(latitude: float | None, longitude: float | None) -> tuple[float | None, float | None]:
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None:
        raise JumpaMaduError("Isi garis lintang dan garis bujur sekaligus, atau kosongkan keduanya.")
    if not (-11.5 <= latitude <= 6.5 and 94.5 <= longitude <= 141.5):
        raise JumpaMaduError("Titik peta di luar wilayah Indonesia.")
    return round(latitude, 6), round(longitude, 6)


def register(user: User, *, phone: str, desa_code: str, address: str, nik: str | None = None,
             latitude: float | None = None, longitude: float | None = None,
             registered_by: User | None = None) -> Nasabah:
    """Open a savings book for ``user`` (commits). Refused outside the banks' service area."""
    session = tenant_db.session
    if session.scalar(select(Nasabah.id).where(Nasabah.user_id == user.id)):
        raise JumpaMaduError("Akun ini sudah terdaftar sebagai nasabah.")
    try:
        phone = normalize_phone(phone)
    except PhoneError as exc:
        raise JumpaMaduError(str(exc)) from None
    if session.scalar(select(User.id).where(User.phone == phone, User.id != user.id)):
        raise JumpaMaduError("Nomor telepon ini sudah dipakai akun lain.")
    address = (address or "").strip()
    if not 5 <= len(address) <= 300:
        raise JumpaMaduError("Alamat lengkap wajib diisi (5–300 karakter).")
    if session.get(Desa, desa_code or "") is None:
        raise JumpaMaduError("Desa/kelurahan tidak ditemukan di kabupaten/kota ini.")
    if registered_by is not None and registered_by.desa_code and registered_by.desa_code != desa_code:
        raise JumpaMaduError("Operator desa hanya dapat mendaftarkan warga desanya sendiri.")
    latitude, longitude = _location(latitude, longitude)
    if nik:
        try:
            checked = parse_nik(nik)
        except NikError as exc:
            raise JumpaMaduError(str(exc)) from None
        nik_hash, cipher, masked = protect(checked.nik)
        if user.nik_hash not in (None, nik_hash):
            raise JumpaMaduError("NIK berbeda dengan yang sudah tercatat pada akun ini.")
        if session.scalar(select(User.id).where(User.nik_hash == nik_hash, User.id != user.id)):
            raise JumpaMaduError("NIK ini sudah terdaftar pada akun lain.")
        user.nik_hash, user.nik_cipher, user.nik_masked = nik_hash, cipher, masked
    bank = config.bank_for_desa(desa_code)
    user.phone = phone
    nasabah = Nasabah(user_id=user.id, account_no=_account_no(bank.code), bank_id=bank.id, desa_code=desa_code,
                      address=address, latitude=latitude, longitude=longitude,
                      registered_by_user_id=registered_by.id if registered_by else None)
    session.add(nasabah)
    session.flush()
    ledger.open_account(session, nasabah.id)
    record("jumpa_madu.nasabah.register", "jumpa_madu_nasabah", nasabah.id, bank=bank.code, desa=desa_code)
    session.commit()
    return nasabah


def register_for_citizen(operator: User, *, name: str, phone: str, desa_code: str, address: str,
                         nik: str | None = None, email: str | None = None) -> Nasabah:
    """A village operator registers a neighbour: a regency account (no password yet) and a book."""
    if operator.desa_code is None:
        raise JumpaMaduError("Akun operator belum terhubung ke sebuah desa/kelurahan.")
    if operator.desa_code != desa_code:
        raise JumpaMaduError("Operator desa hanya dapat mendaftarkan warga desanya sendiri.")
    try:
        user = create_user(name=name.strip()[:120], role="citizen", phone=phone, email=email or None,
                           desa_code=desa_code)
    except AccountError as exc:
        tenant_db.session.rollback()
        raise JumpaMaduError(str(exc)) from None
    try:
        return register(user, phone=phone, desa_code=desa_code, address=address, nik=nik, registered_by=operator)
    except JumpaMaduError:
        tenant_db.session.rollback()
        raise


def desa_options() -> list[Desa]:
    """The regency's desa/kelurahan by name, for choosing one's own."""
    return list(tenant_db.session.scalars(select(Desa).order_by(Desa.name)))


def of_user(user_id: int) -> Nasabah | None:
    return tenant_db.session.scalar(select(Nasabah).where(Nasabah.user_id == user_id))


def get(nasabah_id: int) -> Nasabah | None:
    return tenant_db.session.get(Nasabah, nasabah_id)


def by_account_no(account_no: str) -> Nasabah | None:
    return tenant_db.session.scalar(select(Nasabah).where(Nasabah.account_no == account_no.strip()))
