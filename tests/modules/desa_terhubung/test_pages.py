"""Surveys through the pages: an operator records one from the form (photo included),
Diskominfo verifies it, the public page and the CSV show the new status."""

from __future__ import annotations

import io
import re

from kiblat.modules.desa_terhubung import api as desa
from kiblat.modules.desa_terhubung.services import surveys
from tests.conftest import get
from tests.files import SCRIPT, real_png
from tests.modules.desa_terhubung.helpers import desa_codes, in_tenant, person, post, text_of

PNG = real_png((40, 30))


def form_data(code: str, token: str, **extra) -> dict:  # noqa: ANN003
    return {"token": token, "desa": code, "tech_telkomsel": "4g", "strength_telkomsel": "strong",
            "tech_xl": "3g", "strength_xl": "weak", "download": "12,5", "upload": "3", "fixed_internet": "none",
            "electricity": "pln", "latitude": "3,59", "longitude": "98,67", "notes": "Di depan kantor desa",
            **extra}


def survey_token(client, tenant) -> str:  # noqa: ANN001
    return re.search(r'name="token" type="hidden" value="([^"]+)"', text_of(client, tenant, "/desa-terhubung/survei")).group(1)


def test_operator_survey_with_photo_verified_by_diskominfo(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        code, other_code = desa_codes(2)
    operator, operator_id = person(app, tenant, "operator_desa_terhubung", desa_code=code)
    diskominfo, _ = person(app, tenant, "diskominfo")
    once = survey_token(operator, tenant)

    refused = post(operator, tenant, "/desa-terhubung/survei",
                   form_data(code, once, photo=(io.BytesIO(SCRIPT), "foto.jpg")))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Di depan kantor desa" in page and "12,5" in page  # nothing lost
    assert "gambar" in page.lower() or "jpeg" in page.lower()
    elsewhere = post(operator, tenant, "/desa-terhubung/survei", form_data(other_code, once))
    assert "desanya sendiri" in elsewhere.get_data(as_text=True)

    done = post(operator, tenant, "/desa-terhubung/survei", form_data(code, once, photo=(io.BytesIO(PNG), "sinyal.png")))
    assert done.status_code == 302
    again = post(operator, tenant, "/desa-terhubung/survei", form_data(code, once, photo=(io.BytesIO(PNG), "sinyal.png")))
    assert again.headers["Location"] == done.headers["Location"]  # a double tap is one survey
    detail = done.headers["Location"]
    survey_id = int(detail.rsplit("/", 1)[1])
    assert "Menunggu verifikasi" in text_of(operator, tenant, detail)
    photo = operator.get(f"/desa-terhubung/survei/{survey_id}/foto", base_url=f"http://{tenant.primary_host}")
    assert photo.status_code == 200 and photo.mimetype == "image/png"

    assert operator.get("/desa-terhubung/verifikasi", base_url=f"http://{tenant.primary_host}").status_code == 403
    queue = text_of(diskominfo, tenant, "/desa-terhubung/verifikasi")
    assert f"#{survey_id}" in queue
    assert post(diskominfo, tenant, f"/desa-terhubung/survei/{survey_id}/verifikasi", {"note": ""},
                page="/desa-terhubung/verifikasi").status_code == 302
    with in_tenant(app, tenant):
        assert desa.one(code).status == "connected"
        assert surveys.get(survey_id).download_mbps == 12.5
    public = get(app.test_client(), tenant.primary_host, f"/desa-terhubung/desa/{code}").get_data(as_text=True)
    assert "Terhubung 4G" in public and "12,5 Mbps" in public
    csv = get(app.test_client(), tenant.primary_host, "/desa-terhubung/status.csv").get_data(as_text=True)
    assert f"{code}," in csv and ",terhubung,4g,strong," in csv


def test_questioning_needs_a_reason_and_others_cannot_see_a_survey(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        code, other_code = desa_codes(2)
    operator, _ = person(app, tenant, "operator_desa_terhubung", desa_code=code)
    neighbour, _ = person(app, tenant, "operator_desa_terhubung", desa_code=other_code)
    diskominfo, _ = person(app, tenant, "diskominfo")
    done = post(operator, tenant, "/desa-terhubung/survei", form_data(code, survey_token(operator, tenant)))
    detail = done.headers["Location"]
    survey_id = int(detail.rsplit("/", 1)[1])
    assert neighbour.get(detail, base_url=f"http://{tenant.primary_host}").status_code == 404
    post(diskominfo, tenant, f"/desa-terhubung/survei/{survey_id}/tanyakan", {"note": ""}, page=detail)
    with in_tenant(app, tenant):
        assert surveys.get(survey_id).status == "submitted"
    post(diskominfo, tenant, f"/desa-terhubung/survei/{survey_id}/tanyakan", {"note": "Ulangi uji kecepatan"},
         page=detail)
    page = text_of(operator, tenant, detail)
    assert "Dipertanyakan" in page and "Ulangi uji kecepatan" in page


def test_a_desa_of_another_regency_is_refused(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    other = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, other):
        foreign = desa_codes(1)[0]
    diskominfo, _ = person(app, tenant, "diskominfo")
    response = post(diskominfo, tenant, "/desa-terhubung/survei", form_data(foreign, survey_token(diskominfo, tenant)))
    assert response.status_code == 200 and "tidak ditemukan di kabupaten/kota ini" in response.get_data(as_text=True)
    assert get(app.test_client(), tenant.primary_host, f"/desa-terhubung/desa/{foreign}").status_code == 404
    with in_tenant(app, tenant):
        assert desa.counts()["unknown"] == len(desa.all_desa())
    with in_tenant(app, other):
        assert surveys.history(foreign) == []


def test_public_page_counts_by_kecamatan(app, make_tenant, client) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        rows = desa.all_desa()
    page = get(client, tenant.primary_host, "/desa-terhubung/").get_data(as_text=True)
    assert f"0 dari {len(rows)} desa/kelurahan terhubung 4G" in page
    listing = get(client, tenant.primary_host, f"/desa-terhubung/?kecamatan={rows[0].kecamatan_code}")
    assert rows[0].name in listing.get_data(as_text=True)
