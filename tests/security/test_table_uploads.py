"""CSV and XLSX uploads (``kiblat.platform.uploads.tables``): checked by content, written again,
hostile files refused with a clear message."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from kiblat.platform.uploads import UploadError
from kiblat.platform.uploads.tables import check_table_upload, read_stored_table


def _xlsx(rows: list[list], formula: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if formula:
        sheet["D2"] = formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()


def test_a_csv_is_read_and_written_again_as_utf8_with_commas():
    table = check_table_upload("kecamatan;jumlah\r\nLubuk Pakam;1.250\r\nTanjung Morawa;7\r\n".encode("cp1252"),
                               "data final.CSV")
    assert table.header == ["kecamatan", "jumlah"] and table.rows[0] == ["Lubuk Pakam", "1.250"]
    assert table.upload.data == b"kecamatan,jumlah\nLubuk Pakam,1.250\nTanjung Morawa,7\n"
    assert table.upload.display_name == "data final.csv" and table.upload.media_type == "text/csv"


def test_an_xlsx_keeps_only_the_values_of_its_first_sheet():
    table = check_table_upload(_xlsx([["tahun", "jumlah"], [2024, 12.0], [2025, 3.5]]), "data.xlsx")
    assert table.header == ["tahun", "jumlah"] and table.rows == [["2024", "12"], ["2025", "3.5"]]
    assert read_stored_table(table.upload.data) == (table.header, table.rows)


@pytest.mark.parametrize(("data", "reason", "words"), [
    (b"", "empty", "kosong"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "type", "CSV atau XLSX"),
    (b"<!DOCTYPE html><script>alert(1)</script>", "type", "CSV atau XLSX"),
    (b"nama,nilai\nbudi,=HYPERLINK(\"http://x\")\n", "formula", "rumus"),
    (b"nama,nilai\n@SUM(A1),2\n", "formula", "rumus"),
    (b"nama,nilai\nbudi,1,2,3\n", "corrupt", "lebih banyak kolom"),
    (b"nama,\nbudi,1\n", "corrupt", "bernama"),
    (b"PK\x03\x04rusak", "corrupt", "rusak"),
])
def test_hostile_and_broken_tables_are_refused(data, reason, words):
    with pytest.raises(UploadError) as refused:
        check_table_upload(data, "data.csv", label="Berkas tabel")
    assert refused.value.reason == reason and words in str(refused.value)
    assert str(refused.value).startswith("Berkas tabel: ")


def test_negative_numbers_are_not_formulas():
    assert check_table_upload(b"suhu\n-5\n-0.5\n").rows == [["-5"], ["-0.5"]]


def test_xlsx_with_formulas_macros_or_links_is_refused():
    with pytest.raises(UploadError, match="rumus") as formula:
        check_table_upload(_xlsx([["a", "b"], [1, 2]], formula="=SUM(A2:B2)"))
    assert formula.value.reason == "formula"
    plain = _xlsx([["a"], [1]])
    with pytest.raises(UploadError, match="makro"):
        check_table_upload(_with_member(plain, "xl/vbaProject.bin", b"macro"))
    with pytest.raises(UploadError, match="tautan ke berkas lain"):
        check_table_upload(_with_member(plain, "xl/externalLinks/externalLink1.xml", b"<x/>"))
    with pytest.raises(UploadError, match="bukan lembar kerja"):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("word/document.xml", "<w/>")
        check_table_upload(out.getvalue())


def test_size_limit_and_zip_bombs():
    with pytest.raises(UploadError) as large:
        check_table_upload(b"a\n" + b"1\n" * 1000, max_bytes=100)
    assert large.value.reason == "too_large"
    bomb = _with_member(_xlsx([["a"], [1]]), "xl/media/padding.bin", b"\x00" * 5_000_000)
    with pytest.raises(UploadError) as refused:
        check_table_upload(bomb, max_bytes=100_000)
    assert refused.value.reason == "too_large"
