"""Status from surveys: the latest verified survey wins, every survey is kept, bad input refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiblat.modules.desa_terhubung import api as desa
from kiblat.modules.desa_terhubung.services import surveys
from kiblat.platform.maps import centroids
from tests.modules.desa_terhubung.helpers import (
    NO_SIGNAL,
    STRONG_4G,
    desa_codes,
    in_tenant,
    survey,
    token,
)


def test_latest_verified_survey_sets_the_status_and_history_is_kept(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        code = desa_codes(1)[0]
        today = surveys.today()
        assert desa.one(code).status == "unknown"
        old = survey(code, NO_SIGNAL, observed_on=today - timedelta(days=30))
        desa.verify(old.id, None)
        assert desa.one(code).status == "blankspot"
        new = survey(code, STRONG_4G, observed_on=today - timedelta(days=1))
        assert desa.one(code).status == "blankspot"  # not verified yet
        desa.verify(new.id, None)
        assert desa.one(code).status == "connected"
        # A survey of an earlier day verified later does not overrule the newer one.
        earlier = survey(code, (desa.Signal("xl", "2g", "weak"),), observed_on=today - timedelta(days=10))
        desa.verify(earlier.id, None)
        assert desa.one(code).status == "connected"
        questioned = survey(code, NO_SIGNAL, observed_on=today)
        desa.question(questioned.id, None, "Foto tidak menunjukkan uji sinyal")
        assert desa.one(code).status == "connected"
        assert [s.id for s in surveys.history(code)] == [questioned.id, new.id, earlier.id, old.id]
        assert desa.counts()["connected"] == 1


@pytest.mark.parametrize(("signals", "fixed", "status"), [
    ((desa.Signal("telkomsel", "4g", "very_strong"),), "none", "connected"),
    ((desa.Signal("telkomsel", "4g", "weak"),), "none", "limited"),
    ((desa.Signal("xl", "3g", "strong"),), "none", "limited"),
    ((desa.Signal("xl", "none", "none"),), "satellite", "limited"),
    ((desa.Signal("xl", "none", "none"),), "fibre", "connected"),
    ((desa.Signal("xl", "none", "none"),), "none", "blankspot"),
])
def test_status_from_one_survey(app, make_tenant, signals, fixed, status) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        assert desa.status_of(survey(desa_codes(1)[0], signals, fixed_internet=fixed)) == status


def test_same_form_twice_is_one_survey(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        code, once = desa_codes(1)[0], token()
        first, new = desa.submit(desa.SurveyInput(code, STRONG_4G), once, user_id=None)
        again, new_again = desa.submit(desa.SurveyInput(code, NO_SIGNAL), once, user_id=None)
        assert new and not new_again and again.id == first.id
        assert len(surveys.history(code)) == 1


def test_bad_input_is_refused_with_a_clear_message(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    other = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, other):
        foreign = desa_codes(1)[0]
    with in_tenant(app, tenant):
        code = desa_codes(1)[0]
        cases = {
            "tidak ditemukan": desa.SurveyInput(foreign, STRONG_4G),
            "antara 0 dan": desa.SurveyInput(code, STRONG_4G, download_mbps=25_000),
            "tanpa sinyal": desa.SurveyInput(code, (desa.Signal("xl", "4g", "none"),)),
            "setidaknya satu": desa.SurveyInput(code, ()),
            "masa depan": desa.SurveyInput(code, STRONG_4G, observed_on=surveys.today() + timedelta(days=2)),
            "garis bujur": desa.SurveyInput(code, STRONG_4G, latitude=3.5),
        }
        for words, data in cases.items():
            with pytest.raises(desa.DesaError, match=words):
                desa.submit(data, token(), user_id=None)
        assert surveys.history(code) == []
        outside = survey(code, latitude=-6.2, longitude=160.0)
        assert outside.location_outside and outside.status == "submitted"
        lat, lng = centroids([tenant.region_code])[tenant.region_code]
        assert not survey(code, latitude=lat, longitude=lng).location_outside
        elsewhere = survey(code, latitude=-8.65, longitude=115.22) if not tenant.region_code.startswith("51") else \
            survey(code, latitude=3.59, longitude=98.67)
        assert elsewhere.location_outside  # inside Indonesia, outside this regency: kept, flagged
        assert surveys.get(elsewhere.id).status == "submitted"
