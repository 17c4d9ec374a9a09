"""The museum's profile and its visits through Kunjungan (both backends): opening hours and a
booking link for individuals and school groups, a school group booked through Kunjungan's api
counted in the year's figures, the profile edited by a curator."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiblat.modules.kenang_lemu.services import catalogue
from kiblat.modules.kunjungan import api as kunjungan
from kiblat.platform.identity.accounts import authenticate
from kiblat.tenants.context import tenant_context
from tests.conftest import get
from tests.modules.kenang_lemu.helpers import add_object
from tests.modules.kunjungan.helpers import in_tenant
from tests.modules.kunjungan.test_pages import person, post, text_of


@pytest.fixture
def regency(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "kenang_lemu"))


def test_a_school_group_booked_through_kunjungan_counts_in_the_museums_figures(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        place = kunjungan.place_by_key("museum")
        assert place is not None and {t.key for t in kunjungan.ticket_types(place.id)} >= {"umum", "pelajar"}
        types = {t.key: t.id for t in kunjungan.ticket_types(place.id)}
        today = datetime.now(ZoneInfo(regency.time_zone)).date()
        slot = None
        for offset in range(1, 9):  # the next day the museum is open (closed on Mondays)
            free = [s for s in kunjungan.availability(place.id, today + timedelta(days=offset)) if s.left >= 32]
            if free:
                slot = free[0]
                break
        assert slot is not None
        order = kunjungan.Order(slot.id, {types["pelajar"]: 30, types["umum"]: 2},
                                "SD Negeri 101 Lubuk Pakam - Ibu Rina (guru)", "rina@example.id", None, place.id)
        booking = kunjungan.book(order, "rombongan-uji-1", walk_in=True, paid_method="cash")
        assert len(booking.tickets) == 32
        year = (today + timedelta(days=offset)).year
    page = get(client, regency.primary_host, "/museum/tentang").get_data(as_text=True)
    assert "/kunjungan/museum/pesan" in page and "Rombongan sekolah" in page and 'id="opening-hours"' in page
    if year == today.year:  # a visit booked into next year is counted there
        rows = page.split('id="visitors"')[1]
        assert rows.count("<td>32</td>") == 1 and "32 pengunjung tahun ini" in page


def test_a_curator_edits_the_museum_profile(app, regency) -> None:  # noqa: ANN001
    curator = person(app, regency, "kurator_museum")
    response = post(curator, regency, "/museum/kelola/profil", {
        "name": "Museum Daerah Deli Serdang", "registration_number": "12.07.K.01.0001", "museum_type": "C",
        "address": "Lubuk Pakam", "contact": "0812-0000-0000", "opening_hours": "Selasa–Minggu 09.00–15.00",
        "about": "Museum kabupaten.", "about_en": "The regency museum."})
    assert response.status_code == 302
    page = text_of(curator, regency, "/museum/tentang")
    assert "Museum Daerah Deli Serdang" in page and "12.07.K.01.0001" in page
    bad = post(curator, regency, "/museum/kelola/profil", {"name": "Museum", "museum_type": "Z"}).get_data(as_text=True)
    assert 'value="Museum"' in bad  # refused, nothing typed lost
    visitor = person(app, regency, "citizen")
    assert visitor.get("/museum/kelola/profil", base_url=f"http://{regency.primary_host}").status_code == 403


def test_the_museum_offers_its_figures_as_a_living_dataset(app, regency) -> None:  # noqa: ANN001
    [dataset] = app.extensions["kiblat_modules"].get("kenang_lemu").open_datasets
    module, _, name = dataset.builder.partition(":")
    builder = getattr(importlib.import_module(module), name)
    with in_tenant(app, regency):
        add_object("KL-1", "Ulos")
        add_object("KL-2", "Draf", published=False)
        table = builder()
    assert [v["name"] for v in table["variables"]] == ["bulan", "pengunjung", "koleksi_tercatat"]
    assert len(table["rows"]) == 12 and table["rows"][-1][2] == "2"


def test_the_demo_adds_sample_objects_and_a_curator_once(app, regency) -> None:  # noqa: ANN001
    hook = app.extensions["kiblat_modules"].get("kenang_lemu").hook("demo_logins")
    with app.test_request_context(base_url=f"http://{regency.primary_host}"), tenant_context(regency):
        first = hook(regency)
        assert hook(regency) == first
        assert [login.label for login in first] == ["kurator museum"]
        assert authenticate(first[0].identifier, first[0].password) is not None
        assert catalogue.count(published_only=True) == 3 and catalogue.count() == 5  # + a draft, a withdrawn one
