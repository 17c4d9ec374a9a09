"""Bulk import of officers from a CSV: a row-by-row check that writes nothing, and an import
that creates every row in one transaction only when every row is valid (nothing half-imported).

Each row goes through the same checks as the one-by-one form (``services``, ``placement``,
``accounts.create_user``); invitations are sent only after the one commit."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import get_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiblat.platform.admin import placement, services
from kiblat.platform.core.texts import _
from kiblat.platform.identity.accounts import AccountError, create_user, normalize_email
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.registration import check_name
from kiblat.platform.identity.roles import ADMIN_ROLE
from kiblat.platform.identity.services import issue_invitation
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan

COLUMNS = ("nama", "email", "peran", "opd", "kode_wilayah")
MAX_ROWS = 200
MAX_BYTES = 512 * 1024


@dataclass
class ImportRow:
    number: int  # the line in the file (the header is line 1)
    name: str
    email: str
    role: str
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)  # what create_user gets, for a valid row


@dataclass
class ImportReport:
    rows: list[ImportRow]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]


def template_csv() -> bytes:
    """The file an admin fills in: the header and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(["Siti Aminah", "siti.aminah@contoh.go.id", "officer", "DPMPTSP", ""])
    return out.getvalue().encode("utf-8")


def _roles_by_word() -> dict[str, str]:
    """A role given by its key or its name (either language), lower case → key. Admin accounts
    are created one at a time, never from a file."""
    words = {}
    for key, role in services.staff_roles().items():
        if key == ADMIN_ROLE:
            continue
        words[key.lower()] = key
        for name in (role.name.get("id"), role.name.get("en"), role.name.get(str(get_locale() or "id"))):
            if name:
                words[name.lower()] = key
    return words


def _opds_by_word() -> dict[str, Opd]:
    words = {}
    for opd in tenant_db.session.scalars(select(Opd).where(Opd.active.is_(True))):
        words[opd.name.lower()] = opd
        if opd.short_name:
            words[opd.short_name.lower()] = opd
    return words


def check_rows(header: list[str], rows: list[list[str]]) -> ImportReport:
    """Every row with what is wrong with it; reads the regency's data, writes nothing."""
    columns = [cell.strip().lower() for cell in header]
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        raise services.AdminError(_("Kolom %(columns)s tidak ada. Gunakan templat CSV: %(header)s.",
                                    columns=", ".join(missing), header=",".join(COLUMNS)))
    if not rows:
        raise services.AdminError(_("Berkas tidak berisi baris petugas."))
    if len(rows) > MAX_ROWS:
        raise services.AdminError(_("Paling banyak %(n)s baris dalam satu berkas.", n=MAX_ROWS))
    at = {name: columns.index(name) for name in COLUMNS}
    roles, opds = _roles_by_word(), _opds_by_word()
    session = tenant_db.session
    seen: dict[str, int] = {}
    report = ImportReport([])
    for number, cells in enumerate(rows, start=2):
        value = {name: (cells[i].strip() if i < len(cells) else "") for name, i in at.items()}
        row = ImportRow(number, value["nama"], value["email"], value["peran"])
        report.rows.append(row)
        try:
            name = check_name(value["nama"])
        except AccountError as exc:
            row.errors.append(str(exc))
            name = None
        email = None
        try:
            email = normalize_email(value["email"])
        except AccountError:
            row.errors.append(_("Alamat email %(email)s tidak valid.", email=value["email"] or "—"))
        if email:
            if email in seen:
                row.errors.append(_("Email %(email)s sudah ada di baris %(n)s berkas ini.", email=email, n=seen[email]))
            else:
                seen[email] = number
                if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
                    row.errors.append(_("Email %(email)s sudah terdaftar.", email=email))
        role = roles.get(value["peran"].lower())
        if role is None:
            row.errors.append(_("Peran %(role)s tidak dikenal.", role=value["peran"] or "—"))
        opd = None
        if value["opd"]:
            opd = opds.get(value["opd"].lower())
            if opd is None:
                row.errors.append(_("OPD %(opd)s tidak dikenal di kabupaten/kota ini.", opd=value["opd"]))
        kecamatan_code = desa_code = None
        code = value["kode_wilayah"]
        if code:
            if session.get(Kecamatan, code) is not None:
                kecamatan_code = code
            elif session.get(Desa, code) is not None:
                desa_code = code
            else:
                row.errors.append(_("Kode kecamatan/desa %(code)s tidak dikenal di kabupaten/kota ini.", code=code))
        if role is not None and not row.errors:
            try:
                place = placement.resolve({role}, placement.Placement(opd.id if opd else None, kecamatan_code,
                                                                      desa_code))
            except placement.PlacementError as exc:
                row.errors.append(str(exc))
            else:
                row.values = {"name": name, "email": email, "role": role, "opd_id": place.opd_id,
                              "kecamatan_code": place.kecamatan_code, "desa_code": place.desa_code or desa_code}
    return report


def import_rows(header: list[str], rows: list[list[str]]) -> ImportReport:
    """Create every account of a fully valid file in one commit, then send the invitations.
    With any bad row nothing is written and the report says which rows to fix."""
    report = check_rows(header, rows)
    if not report.valid:
        return report
    invitations = []
    try:
        for row in report.rows:
            user = create_user(**row.values)
            invitations.append((user, issue_invitation(user)))
            record("users.create", "user", user.id, role=user.role_key, opd_id=user.opd_id,
                   kecamatan_code=user.kecamatan_code, desa_code=user.desa_code, via="import")
        record("users.import", "user", None, count=len(invitations))
        tenant_db.session.commit()
    except AccountError as exc:
        tenant_db.session.rollback()
        raise services.AdminError(str(exc)) from None
    except IntegrityError:  # an email registered by someone else between the check and the commit
        tenant_db.session.rollback()
        raise services.AdminError(_("Data pengguna berubah selama impor; tidak ada akun yang dibuat. "
                                    "Tekan \"Periksa\" lagi.")) from None
    except Exception:
        tenant_db.session.rollback()
        raise
    for user, token in invitations:
        services.send_invitation(user, token)
    return report
