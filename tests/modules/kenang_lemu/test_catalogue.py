"""Kenang Lemu's catalogue on both backends: objects, images, search and facets, exhibitions;
nothing unpublished leaks, nothing crosses regencies."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from kiblat.modules.kenang_lemu import api as museum
from kiblat.modules.kenang_lemu.services import catalogue, exhibitions, images
from tests.conftest import get
from tests.modules.kenang_lemu.helpers import add_object, jpeg_with_exif, png_bomb
from tests.modules.kunjungan.helpers import in_tenant
from tests.modules.kunjungan.test_pages import person, post, text_of


@pytest.fixture
def regency(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "kenang_lemu"))


def test_inventory_numbers_are_unique_per_museum(app, regency, make_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        add_object("KL-0001", "Ulos Ragidup")
        with pytest.raises(museum.KenangLemuError, match="KL-0001 sudah dipakai"):
            add_object(" KL-0001 ", "Ulos lain")
    other = make_tenant(modules=("kunjungan", "kenang_lemu"))
    with in_tenant(app, other):
        assert add_object("KL-0001", "Tepak sirih").id  # another regency's museum has its own numbers


def test_images_come_in_three_sizes_without_exif_and_bombs_are_refused(app, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        obj = add_object("KL-0002", "Keris", published=False)
        image = images.add(obj, jpeg_with_exif((2400, 1800)), "keris.jpg", "Keris bersarung kayu")
        for size, longest in images.SIZES.items():
            data = images.content(image, size)
            with Image.open(io.BytesIO(data)) as opened:
                assert opened.format == "JPEG" and max(opened.size) == longest
                assert opened.size == images.dimensions(image, size)
                assert not opened.getexif() and "exif" not in opened.info
            assert b"KameraRahasia" not in data
        with pytest.raises(museum.KenangLemuError, match="megapiksel"):
            images.add(obj, png_bomb(), "bom.png", "Bom")
        with pytest.raises(museum.KenangLemuError, match="JPEG atau PNG"):
            images.add(obj, b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg", "x")
        with pytest.raises(museum.KenangLemuError, match="Teks alternatif"):
            images.add(obj, jpeg_with_exif(), "tanpa-alt.jpg", "  ")
        assert len(obj.images) == 1


def test_search_and_facets_show_only_published_objects(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        ulos = add_object("KL-0010", "Ulos Ragidup", material="Kapas", culture="Karo", period="Abad ke-20",
                          description="Kain tenun upacara adat")
        add_object("KL-0011", "Tepak sirih", material="Kuningan", culture="Melayu Deli", collection="etnografi")
        secret = add_object("KL-0012", "Ulos rahasia", published=False, material="Kapas", culture="Karo")
        images.add(secret, jpeg_with_exif(), "r.jpg", "Rahasia")
        secret_image = secret.images[0].id
        ulos_id, secret_id = ulos.id, secret.id
    host = regency.primary_host
    page = get(client, host, "/museum/").get_data(as_text=True)
    assert "Ulos Ragidup" in page and "Tepak sirih" in page and "rahasia" not in page.lower()
    found = get(client, host, "/museum/?q=tenun+upacara").get_data(as_text=True)
    assert "Ulos Ragidup" in found and "Tepak sirih" not in found
    assert "Ulos Ragidup" in get(client, host, "/museum/?q=ULOS").get_data(as_text=True)
    faceted = get(client, host, "/museum/?bahan=Kapas").get_data(as_text=True)
    assert "Ulos Ragidup" in faceted and "Tepak sirih" not in faceted and "rahasia" not in faceted.lower()
    assert re.search(r"Karo</a> <span class=\"muted\">\(1\)", page)  # the draft is not counted
    assert "Ulos rahasia" not in get(client, host, "/museum/?q=rahasia").get_data(as_text=True)
    assert get(client, host, f"/museum/objek/{ulos_id}").status_code == 200
    assert get(client, host, f"/museum/objek/{secret_id}").status_code == 404
    assert get(client, host, f"/museum/gambar/{secret_image}/display.jpg").status_code == 404
    assert get(client, host, "/museum/?q=%25%27%22%3B--").status_code == 200  # hostile text is just text


def test_object_page_is_light_with_lazy_responsive_images_and_long_cache(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        obj = add_object("KL-0020", "Gendang Karo", title_en="Karo drum", description="Gendang **adat**.")
        for n in range(3):
            images.add(obj, jpeg_with_exif((1600, 1200), (n * 60, 90, 90)), f"g{n}.jpg", f"Gendang sisi {n}",
                       f"Drum side {n}")
        object_id, image_id = obj.id, obj.images[0].id
    response = get(client, regency.primary_host, f"/museum/objek/{object_id}")
    page = response.get_data()
    assert len(page) < 50_000
    text = page.decode()
    assert text.count('loading="lazy"') == 2 and "srcset=" in text and 'alt="Gendang sisi 1"' in text
    assert len(get(client, regency.primary_host, "/museum/").get_data()) < 50_000
    picture = get(client, regency.primary_host, f"/museum/gambar/{image_id}/thumbnail.jpg")
    assert picture.status_code == 200 and picture.mimetype == "image/jpeg"
    assert "max-age=31536000" in picture.headers["Cache-Control"] and "public" in picture.headers["Cache-Control"]
    assert picture.headers["X-Content-Type-Options"] == "nosniff"
    assert get(client, regency.primary_host, f"/museum/gambar/{image_id}/huge.jpg").status_code == 404
    english = get(client, regency.primary_host, f"/museum/objek/{object_id}", headers={"Accept-Language": "en"})
    assert "Karo drum" in english.get_data(as_text=True) or "Gendang Karo" in english.get_data(as_text=True)


def test_exhibitions_keep_their_order_and_hide_drafts(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        first = add_object("KL-0030", "Pertama")
        second = add_object("KL-0031", "Kedua")
        add_object("KL-0032", "Draf pameran", published=False)
        shown = exhibitions.save("Warisan Deli", "Pengantar pameran.")
        for number in ("KL-0030", "KL-0031", "KL-0032"):
            exhibitions.add_object(shown, number)
        with pytest.raises(museum.KenangLemuError, match="sudah ada"):
            exhibitions.add_object(shown, "KL-0030")
        exhibitions.move(shown, shown.items[1].id, -1)
        assert [o.id for o in exhibitions.public_objects(shown)] == [second.id, first.id]
        with pytest.raises(museum.KenangLemuError, match="tanggal mulai"):
            exhibitions.save("Sementara", kind="temporary")
        slug = shown.slug
    assert get(client, regency.primary_host, f"/museum/pameran/{slug}").status_code == 404  # not yet published
    with in_tenant(app, regency):
        exhibitions.set_published(exhibitions.by_slug(slug, published_only=False), True)
    page = get(client, regency.primary_host, f"/museum/pameran/{slug}").get_data(as_text=True)
    assert page.index("Kedua") < page.index("Pertama") and "Draf pameran" not in page
    assert "Warisan Deli" in get(client, regency.primary_host, "/museum/pameran").get_data(as_text=True)


def test_a_curator_catalogues_uploads_and_publishes_through_the_pages(app, regency) -> None:  # noqa: ANN001
    curator = person(app, regency, "kurator_museum")
    fields = {"inventory_number": "KL-0100", "title": "Ulos Sadum", "collection": "etnografi", "material": "Kapas",
              "culture": "Karo"}
    created = post(curator, regency, "/museum/kelola/objek/baru", fields)
    assert created.status_code == 302
    edit = created.headers["Location"]
    twice = post(curator, regency, "/museum/kelola/objek/baru", {**fields, "title": "Ulos kembar"}).get_data(as_text=True)
    assert "KL-0100 sudah dipakai" in twice and 'value="Ulos kembar"' in twice  # nothing typed is lost
    from tests.identity.helpers import csrf_token

    host = f"http://{regency.primary_host}"
    token = csrf_token(text_of(curator, regency, edit))
    for n in range(2):
        uploaded = curator.post(f"{edit}/foto", base_url=host, content_type="multipart/form-data",
                                data={"csrf_token": token, "alt": f"Ulos sisi {n}",
                                      "image": (io.BytesIO(jpeg_with_exif()), f"ulos{n}.jpg")})
        assert uploaded.status_code == 302
    bomb = curator.post(f"{edit}/foto", base_url=host, content_type="multipart/form-data", follow_redirects=True,
                        data={"csrf_token": token, "alt": "bom", "image": (io.BytesIO(png_bomb()), "bom.png")})
    assert "megapiksel" in bomb.get_data(as_text=True)
    object_id = int(edit.rsplit("/", 1)[1])
    visitor = app.test_client()
    assert visitor.get(f"/museum/objek/{object_id}", base_url=host).status_code == 404
    assert post(curator, regency, f"{edit}/terbitkan", {}, page=edit).status_code == 302
    page = visitor.get(f"/museum/objek/{object_id}", base_url=host).get_data(as_text=True)
    assert "Ulos Sadum" in page and 'alt="Ulos sisi 1"' in page
    citizen = person(app, regency, "citizen")
    assert citizen.get("/museum/kelola", base_url=host).status_code == 403


def test_another_regency_sees_nothing_of_this_museum(app, client, regency, make_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        obj = add_object("KL-0200", "Keramik Kota Cina")
        images.add(obj, jpeg_with_exif(), "k.jpg", "Keramik")
        object_id, image_id = obj.id, obj.images[0].id
        shown = exhibitions.save("Pameran Deli")
        exhibitions.add_object(shown, "KL-0200")
        exhibitions.set_published(shown, True)
        slug = shown.slug
    other = make_tenant(modules=("kunjungan", "kenang_lemu"))
    assert get(client, other.primary_host, f"/museum/objek/{object_id}").status_code == 404
    assert get(client, other.primary_host, f"/museum/gambar/{image_id}/display.jpg").status_code == 404
    assert get(client, other.primary_host, f"/museum/pameran/{slug}").status_code == 404
    assert "Keramik Kota Cina" not in get(client, other.primary_host, "/museum/?q=keramik").get_data(as_text=True)
    with in_tenant(app, other):
        assert catalogue.count() == 0
