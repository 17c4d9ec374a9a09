"""Tables people upload (CSV and XLSX), checked by content like every other upload.

A CSV must be text (UTF-8, or the Windows code page Excel saves in), with a header and rows of
the same width; an XLSX must be a real workbook without macros, formulas or links to other
files. Neither keeps what it came with: the rows are read and written again (UTF-8 CSV with
commas; a fresh workbook of the first sheet's values), so nothing hidden in the original is
stored or served. A cell that starts like a formula (``=``, ``+``, ``@``; ``-`` before a letter)
is refused in both, so a download opened in a spreadsheet runs nothing.

    from kiblat.platform.uploads.tables import TABLE_KINDS, check_table_upload

    table = check_table_upload(data, filename, label=_("Berkas data"))   # or UploadError
    key = tenant_storage().save(io.BytesIO(table.upload.data), table.upload.display_name, "satu_data")
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from kiblat.platform.core.texts import _
from kiblat.platform.uploads import DEFAULT_MAX_BYTES, CheckedUpload, UploadError, _setting
from kiblat.platform.uploads.names import safe_display_name

TABLE_KINDS = frozenset({"csv", "xlsx"})
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 200_000
MAX_COLUMNS = 200
# An XLSX is a zip: refuse one that would unpack to far more than it weighs (a "zip bomb").
MAX_UNPACKED_RATIO = 40
_FORMULA_START = re.compile(r"^(=|\+|@|-[^\d\s.,])")
_OTHER_BINARY = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"\xd0\xcf\x11\xe0", b"MZ", b"\x7fELF")


@dataclass(frozen=True)
class CheckedTable:
    upload: CheckedUpload  # what to store
    header: list[str]
    rows: list[list[str]]  # every cell as text, as it will be read back from the stored file


def _refuse(message: str, reason: str, label: str | None) -> UploadError:
    return UploadError(f"{label}: {message}" if label else message, reason)


def _kinds_text(kinds: frozenset[str]) -> str:
    names = [name for kind, name in (("csv", "CSV"), ("xlsx", "XLSX (Excel)")) if kind in kinds]
    return names[0] if len(names) == 1 else names[0] + _(" atau ") + names[1]


def looks_like_formula(cell: str) -> bool:
    return bool(_FORMULA_START.match(cell.strip()))


def _decode(data: bytes) -> str | None:
    if b"\x00" in data or data.startswith(_OTHER_BINARY):
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(text: str, label: str | None) -> tuple[list[str], list[list[str]]]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    except csv.Error:
        raise _refuse(_("Isi CSV rusak (tanda kutip tidak tertutup). Simpan ulang dari aplikasi lembar kerja."),
                      "corrupt", label) from None
    return _table(rows, label)


def _table(rows: list[list[str]], label: str | None) -> tuple[list[str], list[list[str]]]:
    if not rows:
        raise _refuse(_("Tabel kosong: baris pertama harus berisi nama kolom."), "empty", label)
    if len(rows) - 1 > MAX_ROWS:
        raise _refuse(_("Tabel lebih dari %(rows)s baris. Bagi menjadi beberapa berkas.", rows=f"{MAX_ROWS:,}"),
                      "too_large", label)
    header = [cell.strip() for cell in rows[0]]
    if len(header) > MAX_COLUMNS:
        raise _refuse(_("Tabel lebih dari %(columns)s kolom.", columns=MAX_COLUMNS), "too_large", label)
    if not all(header):
        raise _refuse(_("Setiap kolom pada baris pertama harus bernama."), "corrupt", label)
    body = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            raise _refuse(_("Baris %(row)s berisi lebih banyak kolom daripada baris judul.", row=number),
                          "corrupt", label)
        cells = [cell.strip() for cell in row[: len(header)]] + [""] * (len(header) - len(row))
        body.append(cells)
    for number, row in enumerate([header, *body], start=1):
        for cell in row:
            if looks_like_formula(cell):
                raise _refuse(_("Baris %(row)s berisi rumus (%(cell)s). Simpan nilainya saja, tanpa rumus.",
                                row=number, cell=cell[:30]), "formula", label)
    return header, body


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _check_zip(data: bytes, max_bytes: int, label: str | None) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        raise _refuse(_("Berkas Excel rusak atau tidak lengkap. Simpan ulang lalu unggah lagi."),
                      "corrupt", label) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _refuse(_("Berkas ini bukan lembar kerja Excel (XLSX)."), "type", label)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _refuse(_("Berkas Excel berisi makro. Simpan sebagai \"Excel Workbook (.xlsx)\" tanpa makro."),
                      "active", label)
    if any(name.startswith("xl/externalLinks/") for name in names):
        raise _refuse(_("Berkas Excel berisi tautan ke berkas lain. Salin nilainya saja lalu simpan ulang."),
                      "active", label)
    if sum(info.file_size for info in archive.infolist()) > max(max_bytes, len(data)) * MAX_UNPACKED_RATIO:
        raise _refuse(_("Berkas Excel terlalu besar setelah dibuka. Bagi menjadi beberapa berkas."),
                      "too_large", label)
    for name in names:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            sheet = archive.read(name)
            if b"<f>" in sheet or b"<f " in sheet or b"<f/>" in sheet:
                raise _refuse(_("Berkas Excel berisi rumus. Salin lalu tempel sebagai nilai saja, kemudian "
                                "simpan ulang."), "formula", label)
    return archive


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value)


def _read_xlsx(data: bytes, max_bytes: int, label: str | None) -> tuple[list[str], list[list[str]]]:
    import openpyxl  # only tables need it; slow to import

    _check_zip(data, max_bytes, label)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + 1:
                break
            cells = [_cell_text(value) for value in row[:MAX_COLUMNS + 1]]
            if any(cell.strip() for cell in cells):
                rows.append(cells)
        workbook.close()
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse(_("Berkas Excel rusak atau tidak lengkap. Simpan ulang lalu unggah lagi."),
                      "corrupt", label) from None
    if rows:  # a sheet is as wide as its widest row: drop empty cells right of the header
        width = max((i + 1 for i, cell in enumerate(rows[0]) if cell.strip()), default=0)
        rows = [row if any(cell.strip() for cell in row[width:]) else row[:width] for row in rows]
    return _table(rows, label)


def _xlsx_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def check_table_upload(data: bytes, filename: str | None = None, *, kinds: frozenset[str] = TABLE_KINDS,
                       max_bytes: int | None = None, label: str | None = None) -> CheckedTable:
    """The table as it may be stored, with its rows, or :class:`UploadError` (reasons as for
    other uploads, plus ``formula``)."""
    max_bytes = max_bytes or _setting("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    if not data:
        raise _refuse(_("Berkas kosong. Pilih berkas lain."), "empty", label)
    if len(data) > max_bytes:
        raise _refuse(_("Berkas lebih dari %(mb)s MB. Perkecil berkas lalu unggah lagi.",
                        mb=f"{max_bytes / (1024 * 1024):g}"), "too_large", label)
    if data.startswith(b"PK\x03\x04"):
        if "xlsx" not in kinds:
            raise _refuse(_("Jenis berkas tidak diterima: gunakan %(kinds)s.", kinds=_kinds_text(kinds)), "type", label)
        header, rows = _read_xlsx(data, max_bytes, label)
        stored = _xlsx_bytes(header, rows)
        return CheckedTable(CheckedUpload(stored, XLSX_TYPE, ".xlsx", safe_display_name(filename, ".xlsx", "data")),
                            header, rows)
    text = _decode(data) if "csv" in kinds else None
    if text is None:
        raise _refuse(_("Jenis berkas tidak diterima: gunakan %(kinds)s.", kinds=_kinds_text(kinds)), "type", label)
    if text.lstrip()[:15].lower().startswith(("<!doctype", "<html", "<?xml", "<svg")):
        raise _refuse(_("Jenis berkas tidak diterima: gunakan %(kinds)s.", kinds=_kinds_text(kinds)), "type", label)
    header, rows = _read_csv(text, label)
    return CheckedTable(CheckedUpload(_csv_bytes(header, rows), CSV_TYPE, ".csv",
                                      safe_display_name(filename, ".csv", "data")), header, rows)


def read_stored_table(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a table this module stored (already checked)."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, max(len(data), DEFAULT_MAX_BYTES), None)
    return _read_csv(data.decode("utf-8"), None)
