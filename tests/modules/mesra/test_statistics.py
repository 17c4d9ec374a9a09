"""Statistics with small-count suppression: every public cell under 5 shows "< 5"."""

from __future__ import annotations

from kiblat.modules.mesra.services.statistics import suppress, suppress_table
from tests.modules.mesra.helpers import regency, submit


def test_small_cells_are_suppressed():
    table = {"fisik": 0, "psikis": 1, "perundungan": 4, "seksual": 5, "daring": 12}
    assert suppress_table(table) == {"fisik": "< 5", "psikis": "< 5", "perundungan": "< 5", "seksual": "5",
                                     "daring": "12"}
    assert suppress(4) == "< 5" and suppress(5) == "5"


def test_public_statistics_page_suppresses_and_shows_no_content(app, make_tenant):
    r = regency(app, make_tenant)
    for _ in range(6):
        submit(app, r.tenant, r.school_a, violence_form="perundungan", what="Isi rahasia untuk statistik")
    for _ in range(2):
        submit(app, r.tenant, r.school_b, violence_form="seksual")
    page = app.test_client().get("/mesra/statistik", base_url=f"http://{r.tenant.primary_host}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and len(page.get_data()) < 50_000
    assert 'id="total">8<' in html
    assert "<td>Perundungan</td><td>6</td>" in html
    assert "<td>Kekerasan seksual</td><td>&lt; 5</td>" in html
    assert "<td>SMP</td><td>&lt; 5</td>" in html and "<td>SD</td><td>6</td>" in html
    assert "Isi rahasia" not in html and "SMP Swasta Harapan" not in html.split("<svg")[0]


def test_the_sra_map_shows_each_school_by_its_verified_status(app, make_tenant):
    from markupsafe import escape

    from kiblat.modules.mesra.services import schools, sra
    from kiblat.tenants.context import tenant_context
    from kiblat.tenants.database import tenant_db

    r = regency(app, make_tenant)
    with app.test_request_context(), tenant_context(r.tenant):
        school = schools.get_school(r.school_a)
        sra.review(sra.save(school, 2025, 2026, dict.fromkeys(sra.INDICATORS, 2), r.tppk_a, True), r.satgas, True, "")
        school_b = schools.get_school(r.school_b)
        sra.save(school_b, 2025, 2026, dict.fromkeys(sra.INDICATORS, 2), r.tppk_a, True)  # claimed, not verified
        names = (school.name, school_b.name)
        tenant_db.session.commit()
    html = app.test_client().get("/mesra/statistik", base_url=f"http://{r.tenant.primary_host}").get_data(as_text=True)
    sra_map = html.split("Status Sekolah Ramah Anak</h2>")[1].split("</svg>")[0]
    # Verified SRA in green; the school that only claimed it stays grey ("not yet verified").
    assert f'fill="#1a9850"><title>{escape(names[0])}' in sra_map
    assert f'fill="#999999"><title>{escape(names[1])}' in sra_map
