"""Who may do what: the walidata acts on every dataset, a producer on those of their own OPD."""

from __future__ import annotations

from kiblat.modules.satu_data.models import Dataset
from kiblat.platform.identity.models import User
from kiblat.platform.identity.texts import _

WALIDATA = "satu_data.walidata"
PRODUCE = "satu_data.produce"


class AccessError(PermissionError):
    """Refused; ``str()`` is the message to show."""


def require_producer(user: User, permissions: frozenset[str]) -> int:
    """The OPD the user produces data for, or AccessError."""
    if PRODUCE not in permissions and WALIDATA not in permissions:
        raise AccessError(_("Anda tidak berwenang mengelola dataset."))
    if user.opd_id is None:
        raise AccessError(_("Akun Anda belum terhubung dengan OPD. Minta admin menghubungkannya."))
    return user.opd_id


def can_edit(dataset: Dataset, user: User, permissions: frozenset[str]) -> bool:
    if WALIDATA in permissions:
        return True
    return PRODUCE in permissions and user.opd_id is not None and dataset.opd_id == user.opd_id


def require_edit(dataset: Dataset, user: User, permissions: frozenset[str]) -> None:
    if not can_edit(dataset, user, permissions):
        raise AccessError(_("Dataset ini milik OPD lain; Anda tidak dapat mengubahnya."))


def require_walidata(permissions: frozenset[str]) -> None:
    if WALIDATA not in permissions:
        raise AccessError(_("Hanya walidata yang dapat memeriksa dan menerbitkan dataset."))
