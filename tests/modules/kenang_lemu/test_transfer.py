"""CSV import and export of the catalogue on both backends: a spreadsheet in, the same rows
out; one bad row imports nothing; formulas never reach a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from kiblat.modules.kenang_lemu import api as museum
from kiblat.modules.kenang_lemu.services import catalogue, transfer
from tests.conftest import get
from tests.identity.helpers import csrf_token
from tests.modules.kenang_lemu.helpers import add_object
from tests.modules.kunjungan.helpers import in_tenant
from tests.modules.kunjungan.test_pages import person, text_of


@pytest.fixture
def regency(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "kenang_lemu"))


def sheet(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


HEADER = ["inventory_number", "title", "title_en", "material", "culture", "collection", "published"]


def test_a_spreadsheet_of_three_hundred_objects_goes_in_and_comes_back_out(app, client, regency) -> None:  # noqa: ANN001
    rows = [HEADER] + [[f"MDS-{n:04d}", f"Benda {n}", f"Object {n}", "Kayu" if n % 2 else "Kuningan", "Karo",
                        "etnografi", "ya" if n % 3 else "tidak"] for n in range(1, 301)]
    with in_tenant(app, regency):
        add_object("MDS-0001", "Judul lama", published=False)
        result = transfer.import_csv(sheet(rows), "katalog.csv", 5_000_000)
        assert (result.created, result.updated) == (299, 1)
        assert catalogue.by_inventory_number("MDS-0001").title == "Benda 1"
        assert catalogue.count(published_only=True) == 200
        exported = list(csv.reader(io.StringIO(transfer.export_csv().decode("utf-8-sig"))))
    assert exported[0] == list(transfer.COLUMNS) and len(exported) == 301
    by_number = {row[0]: dict(zip(exported[0], row, strict=True)) for row in exported[1:]}
    assert by_number["MDS-0002"]["title_en"] == "Object 2" and by_number["MDS-0003"]["published"] == "tidak"
    page = get(client, regency.primary_host, "/museum/?q=benda&bahan=Kayu").get_data(as_text=True)
    assert "Benda 1<" in page and "Benda 3<" not in page  # MDS-0003 stays a draft


def test_one_bad_row_imports_nothing_and_every_problem_is_named(app, regency) -> None:  # noqa: ANN001
    rows = [HEADER, ["A-1", "Baik", "", "", "", "etnografi", "ya"], ["A-2", "", "", "", "", "etnografi", "ya"],
            ["A-1", "Dua kali", "", "", "", "tidak-ada", "mungkin"]]
    with in_tenant(app, regency):
        with pytest.raises(museum.KenangLemuError) as refused:
            transfer.import_csv(sheet(rows), "katalog.csv", 5_000_000)
        message = str(refused.value)
        assert "Baris 3: judul kosong" in message and "Baris 4: nomor inventaris A-1 muncul dua kali" in message
        assert "koleksi 'tidak-ada' tidak dikenal" in message and "published harus ya atau tidak" in message
        assert catalogue.count() == 0
        with pytest.raises(museum.KenangLemuError, match="formula|rumus|="):
            transfer.import_csv(sheet([HEADER, ["B-1", "=HYPERLINK(\"x\")", "", "", "", "", "ya"]]), "f.csv", 5_000_000)
        with pytest.raises(museum.KenangLemuError, match="Kolom tidak dikenal: warna"):
            transfer.import_csv(sheet([["inventory_number", "title", "warna"], ["C-1", "x", "merah"]]), "c.csv",
                                5_000_000)
        with pytest.raises(museum.KenangLemuError, match="Jenis berkas"):
            transfer.import_csv(b"\x89PNG\r\n\x1a\n" + b"0" * 40, "foto.csv", 5_000_000)
        add_object("D-1", "-2+3 ukuran")
        exported = transfer.export_csv().decode("utf-8-sig")
        assert "'-2+3 ukuran" in exported or "-2+3 ukuran" in exported


def test_curators_import_through_the_page_and_others_cannot(app, regency) -> None:  # noqa: ANN001
    curator = person(app, regency, "kurator_museum")
    host = f"http://{regency.primary_host}"
    token = csrf_token(text_of(curator, regency, "/museum/kelola/impor"))
    response = curator.post("/museum/kelola/impor", base_url=host, content_type="multipart/form-data",
                            data={"csrf_token": token, "table": (io.BytesIO(sheet([HEADER, ["E-1", "Ulos", "", "", "",
                                                                                           "etnografi", "ya"]])),
                                                                 "katalog.csv")})
    assert response.status_code == 302
    assert "1 koleksi baru" in text_of(curator, regency, "/museum/kelola")
    download = curator.get("/museum/kelola/ekspor.csv", base_url=host)
    assert download.status_code == 200 and "E-1" in download.get_data(as_text=True)
    assert "attachment" in download.headers["Content-Disposition"]
    citizen = person(app, regency, "citizen")
    assert citizen.get("/museum/kelola/ekspor.csv", base_url=host).status_code == 403
