"""Sekolah Ramah Anak self-assessment: scoring and status from the six components, a school
fills and submits with evidence, Dinas Pendidikan verifies or returns it, a history per year
and the regency's overview; only the school's own TPPK (or the registry desk) may fill."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from kiblat.modules.mesra.services import schools, sra
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.reports import Upload
from kiblat.tenants.context import tenant_context
from tests.identity.helpers import add_user
from tests.modules.mesra.helpers import first_kecamatan, post_form, regency, signed_in

ALL = dict.fromkeys(sra.INDICATORS, 2)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(("answers", "score", "status"), [
    ({}, 0, "belum"),
    ({"k1": 1}, 2, "rintisan"),  # the SK tim is on its way: initiated
    ({**dict.fromkeys(sra.INDICATORS, 1)}, 50, "berkembang"),
    (ALL, 100, "sra"),
    ({**ALL, "p1": 1}, 96, "berkembang"),  # fewer than 2 trained educators: never SRA
    ({**ALL, "a1": 0, "a2": 1}, 88, "berkembang"),  # one component under 75 holds the status back
    ({**ALL, "s1": 1}, 98, "sra"),  # sarana still at 90
])
def test_scores_and_status_follow_the_six_components(answers, score: int, status: str) -> None:  # noqa: ANN001
    result = sra.evaluate(answers)
    assert (result.score, result.status) == (score, status)
    assert set(result.components) == {c.key for c in sra.COMPONENTS} and len(sra.COMPONENTS) == 6


def test_fill_submit_verify_history_and_overview(app, make_tenant) -> None:  # noqa: ANN001
    r = regency(app, make_tenant)
    with app.test_request_context(), tenant_context(r.tenant):
        school = schools.get_school(r.school_a)
        other = schools.get_school(r.school_b)
        with pytest.raises(MesraError, match="antara 2014 dan 2026"):
            sra.save(school, 2027, 2026, {}, r.tppk_a, False)
        with pytest.raises(MesraError, match="Pilih jawaban"):
            sra.parse_answers({"k1": "2"})
        first = sra.save(school, 2025, 2026, {**dict.fromkeys(sra.INDICATORS, 1)}, r.tppk_a, True)
        assert (first.state, first.status) == ("submitted", "berkembang")
        with pytest.raises(MesraError, match="sedang diverifikasi"):
            sra.save(school, 2025, 2026, ALL, r.tppk_a, False)
        with pytest.raises(MesraError, match="perlu diperbaiki"):
            sra.review(first, r.satgas, False, "")
        sra.review(first, r.satgas, True, "")
        assert sra.public_status(school).year == 2025

        draft = sra.save(school, 2026, 2026, ALL, r.tppk_a, False)
        evidence = sra.add_evidence(draft, "k1", Upload("sk-tim-sra.png", _png()))
        assert sra.evidence_content(draft, evidence.id)[1] == _png()
        with pytest.raises(MesraError):
            sra.add_evidence(draft, "k1", Upload("skrip.svg", b"<svg onload='alert(1)'/>"))
        with pytest.raises(MesraError, match="indikator"):
            sra.add_evidence(draft, "zz", Upload("a.png", _png()))
        submitted = sra.save(school, 2026, 2026, ALL, r.tppk_a, True)
        returned = sra.review(submitted, r.satgas, False, "Lampirkan sertifikat pelatihan.")
        assert returned.state == "returned" and sra.public_status(school).year == 2025  # still last year's
        assert [a.year for a in sra.history(school)] == [2026, 2025]

        view = sra.overview(2026)
        assert view.counts == {"belum": 2, "rintisan": 0, "berkembang": 0, "sra": 0}  # nothing verified in 2026
        assert [s.id for s, a in view.rows if a is None] == [other.id]
        resubmitted = sra.save(school, 2026, 2026, ALL, r.tppk_a, True)
        assert [s.id for s, _ in sra.overview(2026).waiting] == [school.id]
        sra.review(resubmitted, r.satgas, True, "")
        assert sra.overview(2026).counts == {"belum": 1, "rintisan": 0, "berkembang": 0, "sra": 1}
        assert sra.overview(2025).counts["berkembang"] == 1
        with pytest.raises(MesraError, match="sudah diverifikasi"):
            sra.save(school, 2026, 2026, {}, r.tppk_a, False)


def test_a_school_fills_through_the_page_and_dinas_verifies(app, make_tenant) -> None:  # noqa: ANN001
    r = regency(app, make_tenant)
    add_user(app, r.tenant, "peninjau_disdik", email=f"disdik@{r.tenant.slug}.example.id")
    host = f"http://{r.tenant.primary_host}"
    page = f"/mesra/sekolah/{r.school_a}/sra"
    with app.app_context(), tenant_context(r.tenant):
        public = f"/mesra/sekolah-ramah-anak?kecamatan={first_kecamatan()}"
    tppk = signed_in(app, r.tenant, "tppk-a")
    # Another school's TPPK may neither see nor fill this school's assessment.
    assert signed_in(app, r.tenant, "tppk-b").get(page, base_url=host).status_code == 403
    missing = post_form(tppk, r.tenant, page, page, {"k1": "2", "p1": "2"})
    assert missing.status_code == 400 and "Pilih jawaban" in missing.get_data(as_text=True)
    assert re.search(r'name="k1" value="2" checked', missing.get_data(as_text=True))  # nothing chosen is lost
    answers = {key: "2" for key in sra.INDICATORS}
    saved = post_form(tppk, r.tenant, page, page, {**answers, "submit": "y"}, follow_redirects=True)
    text = saved.get_data(as_text=True)
    assert "Menunggu verifikasi Dinas" in text and 'id="sra-status">SRA<' in text
    parents = app.test_client()  # the public sees only what Dinas verified, never a school's own claim
    assert "<strong>SRA</strong>" not in parents.get(public, base_url=host).get_data(as_text=True)
    disdik = signed_in(app, r.tenant, "disdik")
    overview = disdik.get("/mesra/sra", base_url=host).get_data(as_text=True)
    assert "SD Negeri 1 Contoh" in overview.split("Menunggu verifikasi", 1)[1]
    year = re.search(r"<option value=\"(\d{4})\" selected>", overview).group(1)
    review = f"/mesra/sekolah/{r.school_a}/sra/{year}/tinjau"
    assert post_form(tppk, r.tenant, page, review, {"decision": "verify"}).status_code == 403  # not its own judge
    post_form(disdik, r.tenant, page, review, {"decision": "verify", "note": ""})
    counts = disdik.get(f"/mesra/sra?tahun={year}", base_url=host).get_data(as_text=True)
    cells = re.findall(r"<td>(\d+)</td>", counts.split('id="sra-counts"', 1)[1].split("</table>", 1)[0])
    assert cells == ["1", "0", "0", "1"]  # belum (the other school), rintisan, berkembang, SRA
    shown = parents.get(public, base_url=host).get_data(as_text=True)
    assert f"SD Negeri 1 Contoh — <strong>SRA</strong> ({year})" in shown
    assert "SMP Swasta Harapan — belum diverifikasi" in shown and "/mesra/lapor" in shown
