"""Password hashing with Argon2 (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# The test suite creates and signs in thousands of users: with RFC 9106's parameters (64 MiB,
# 4 lanes) hashing is most of its run time on two cores. Only the suite sets this variable;
# the hashes stay Argon2id and every deployment keeps the full parameters.
_hasher = (PasswordHasher.from_parameters(profiles.CHEAPEST)
           if os.environ.get("KIBLAT_TEST_CHEAP_PASSWORD_HASHES") == "1" else PasswordHasher())
MIN_LENGTH = 10
MAX_LENGTH = 256


class PasswordError(ValueError):
    pass


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"Kata sandi paling sedikit {MIN_LENGTH} karakter.")
    if len(password) > MAX_LENGTH:
        raise PasswordError(f"Kata sandi paling banyak {MAX_LENGTH} karakter.")
    if password.isdigit() or len(set(password)) < 4:
        raise PasswordError("Kata sandi terlalu mudah ditebak; gunakan campuran huruf dan angka.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        # Spend the same time as a real check, so response time does not reveal the account.
        _hasher.hash(password)
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)
