"""Photos for many objects at once, matched by file name to inventory numbers; one bad file
never stops or loses the others, with or without the page's script."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from kiblat.modules.kenang_lemu import api as museum
from kiblat.modules.kenang_lemu.models import Image
from kiblat.modules.kenang_lemu.services import photo_batch
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import csrf_token
from tests.modules.kenang_lemu.helpers import add_object, jpeg_with_exif
from tests.modules.kunjungan.helpers import in_tenant
from tests.modules.kunjungan.test_pages import person, text_of


@pytest.fixture
def regency(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "kenang_lemu"))


def test_file_names_find_their_objects_whatever_the_case_and_numbering(app, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        ulos = add_object("KL-0001", "Ulos Ragidup", published=False)
        ending = add_object("KL-7-1", "Tepak sirih")  # an inventory number that itself ends in -1
        plain = add_object("KL-7", "Keris")
        for name in ("kl-0001.JPG", "KL-0001_2.jpg", "KL-0001 (3).jpeg", "KL-7-1.jpg", "KL-7-2.jpg"):
            photo_batch.add_photo(name, jpeg_with_exif())
        with pytest.raises(museum.KenangLemuError, match="Tidak ada koleksi dengan nomor inventaris “KL-9999”"):
            photo_batch.add_photo("KL-9999.jpg", jpeg_with_exif())
        with pytest.raises(museum.KenangLemuError, match="JPEG atau PNG"):
            photo_batch.add_photo("KL-7.jpg", b"bukan foto")
        counts = {obj.inventory_number: len(obj.images) for obj in (ulos, ending, plain)}
        alts = [image.alt for image in ulos.images]
    assert counts == {"KL-0001": 3, "KL-7-1": 1, "KL-7": 1}
    assert alts == ["Ulos Ragidup"] * 3  # the title stands in until the curator writes one


def test_without_script_one_post_adds_the_good_files_and_lists_the_bad(app, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        add_object("KL-0200", "Gendang")
    curator = person(app, regency, "kurator_museum")
    host = f"http://{regency.primary_host}"
    token = csrf_token(text_of(curator, regency, "/museum/kelola/foto"))
    page = curator.post("/museum/kelola/foto", base_url=host, content_type="multipart/form-data", data={
        "csrf_token": token,
        "photos": [(io.BytesIO(jpeg_with_exif()), "KL-0200.jpg"), (io.BytesIO(jpeg_with_exif()), "salah-nama.jpg"),
                   (io.BytesIO(jpeg_with_exif()), "KL-0200_2.jpg")],
    }).get_data(as_text=True)
    assert "2 dari 3 foto ditambahkan." in page
    assert "salah-nama.jpg" in page and "Tidak ada koleksi dengan nomor inventaris" in page
    with in_tenant(app, regency):
        assert len(tenant_db.session.scalars(select(Image)).all()) == 2
        assert len(tenant_db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "kenang_lemu.image_added")).all()) == 2


def test_the_script_posts_one_file_at_a_time_and_reads_json(app, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        add_object("KL-0300", "Piring")
    curator = person(app, regency, "kurator_museum")
    host = f"http://{regency.primary_host}"
    token = csrf_token(text_of(curator, regency, "/museum/kelola/foto"))

    def send(name: str, data: bytes):  # noqa: ANN202
        return curator.post("/museum/kelola/foto", base_url=host, content_type="multipart/form-data",
                            headers={"Accept": "application/json"},
                            data={"csrf_token": token, "photos": [(io.BytesIO(data), name)]})

    good = send("KL-0300.jpg", jpeg_with_exif())
    assert good.status_code == 200 and good.json["ok"] is True and "KL-0300" in good.json["message"]
    bad = send("KL-0300_2.jpg", b"<svg><script>alert(1)</script></svg>")
    assert bad.status_code == 422 and bad.json["ok"] is False and "JPEG atau PNG" in bad.json["message"]
    citizen = person(app, regency, "citizen")
    assert citizen.get("/museum/kelola/foto", base_url=host).status_code == 403
