"""The regency admin's permit catalogue editor: services directly, then the pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kiblat.modules.sri_deli.models import PermitType
from kiblat.modules.sri_deli.services import catalogue, editor
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import Opd
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.sri_deli.helpers import officer, submit_research


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def _opds(*short_names: str) -> None:
    for short in short_names:
        tenant_db.session.add(Opd(name=f"Dinas {short}", short_name=short))
    tenant_db.session.commit()


def _draft(**overrides) -> editor.Draft:
    data = dict(
        key="izin_reklame_kecil", name="Izin Reklame Kecil", legal_basis="Perda No. 1 Tahun 2024",
        description="Spanduk dan baliho kecil.", sla_days=3, fee_kind="formula",
        fee_formula="luas * lama_pemasangan * 2500", validity_rule="field", validity_field="lama_pemasangan",
        documents=[{"label": "KTP pemohon", "required": True, "kinds": "pdf", "max_mb": 2},
                   {"label": "", "required": True, "kinds": "pdf_gambar", "max_mb": 5}],
        fields=[{"key": "", "label": "Luas", "type": "number", "required": True, "options": ""},
                {"key": "", "label": "Lama pemasangan", "type": "number", "required": True, "options": ""}],
        stages=[{"label": "Pemeriksaan berkas", "permission": "sri_deli.frontoffice", "opd": "DPMPTSP"},
                {"label": "Persetujuan", "permission": "sri_deli.approve", "opd": "DLH"}])
    data.update(overrides)
    return editor.Draft(**data)


def test_a_valid_type_is_saved_as_a_draft_and_published_only_when_staffed(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        _opds("DPMPTSP", "DLH")
        saved = editor.save(_draft())
        assert not saved.active and saved.opd_short_name == "DPMPTSP"
        assert saved.documents == [{"key": "ktp_pemohon", "label": "KTP pemohon", "required": True,
                                    "kinds": ["pdf"], "max_mb": 2}]
        assert [f["key"] for f in saved.fields] == ["luas", "lama_pemasangan"]
        assert saved.fields[1]["validity"] == "days"
        assert [s["opd"] for s in saved.stages] == ["DPMPTSP", "DLH"]
        with pytest.raises(editor.EditorError) as refused:
            editor.publish(saved)
        assert refused.value.errors[0].startswith("Izin belum dapat diterbitkan: Tahap “Pemeriksaan berkas”")
        assert "Tahap “Persetujuan” belum memiliki petugas aktif" in " ".join(refused.value.errors)
        assert not saved.active
        officer("DPMPTSP", roles=("petugas_loket",))
        with pytest.raises(editor.EditorError, match="Persetujuan"):
            editor.publish(saved)
        officer("DLH", roles=("penandatangan_izin",))
        editor.publish(saved)
        assert saved.active and "izin_reklame_kecil" in [t.key for t in catalogue.offered_types()]
        editor.unpublish(saved)
        assert "izin_reklame_kecil" not in [t.key for t in catalogue.offered_types()]
        actions = set(tenant_db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_type == "sri_deli_permit_type", AuditEntry.object_id == str(saved.id))))
        assert actions == {"sri_deli.catalogue_save", "sri_deli.catalogue_publish", "sri_deli.catalogue_unpublish"}


@pytest.mark.parametrize(("overrides", "message"), [
    ({"fee_formula": "luas * (2"}, "Rumus biaya tidak dapat dibaca"),
    ({"fee_formula": "luas * tinggi"}, "Rumus biaya memakai isian 'tinggi' yang tidak ada atau bukan angka"),
    ({"fee_formula": "__import__('os')"}, "Rumus biaya hanya boleh memuat"),
    ({"stages": [{"label": "Persetujuan", "permission": "sri_deli.approve", "opd": ""}]},
     "Tahap “Persetujuan” belum memiliki OPD"),
    ({"stages": [{"label": "Persetujuan", "permission": "sri_deli.approve", "opd": "KESBANGPOL"}]},
     "OPD KESBANGPOL pada tahap “Persetujuan” tidak ada atau nonaktif"),
    ({"stages": []}, "Tambahkan paling sedikit satu tahap"),
    ({"sla_days": 0}, "SLA harus antara 1 dan 365 hari kerja"),
    ({"key": "Izin Reklame"}, "Kode izin 2–40 huruf kecil"),
    ({"validity_field": "tidak_ada"}, "Masa berlaku diambil dari isian angka"),
    ({"documents": [{"label": "KTP", "required": True, "kinds": "pdf", "max_mb": 50}]},
     "Ukuran dokumen KTP harus antara 1 dan 10 MB"),
])
def test_bad_input_is_explained_and_nothing_is_saved(app_ctx, tenant, overrides, message):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        _opds("DPMPTSP", "DLH")
        with pytest.raises(editor.EditorError) as refused:
            editor.save(_draft(**overrides))
        assert any(error.startswith(message) for error in refused.value.errors), refused.value.errors
        tenant_db.session.rollback()
        assert editor.find("izin_reklame_kecil") is None and editor.find("Izin Reklame") is None


def test_calculator_uses_the_safe_parser(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        assert editor.try_formula(_draft(), {"contoh_luas": "4", "contoh_lama_pemasangan": "30"}) == (300000, None)
        assert editor.try_formula(_draft(fee_formula="luas / 0"), {"contoh_luas": "4"})[1] == \
            "Rumus biaya membagi dengan nol"
        assert editor.try_formula(_draft(), {"contoh_luas": "empat"})[1] == "Nilai contoh luas harus berupa angka"


def test_a_validity_field_decides_how_long_the_permit_is_valid(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        _opds("DPMPTSP", "DLH")
        saved = editor.save(_draft())
        again = editor.draft_of(saved)
        assert again.validity_rule == "field" and again.validity_field == "lama_pemasangan"
        assert again.stages[1] == {"key": "persetujuan", "label": "Persetujuan", "permission": "sri_deli.approve",
                                   "opd": "DLH"}
        assert again.documents[0]["kinds"] == "pdf"


def _editor_form(html: str) -> dict:
    return {"csrf_token": csrf_token(html), "aksi": "simpan", "kode": "izin_reklame_kecil",
            "nama": "Izin Reklame Kecil", "dasar_hukum": "Perda No. 1 Tahun 2024", "deskripsi": "Spanduk",
            "sla": "3", "jenis_biaya": "formula", "rumus": "luas * lama_pemasangan * 2500", "biaya_tetap": "0",
            "masa_berlaku": "field", "masa_berlaku_isian": "lama_pemasangan",
            "dokumen-0-label": "KTP pemohon", "dokumen-0-kinds": "pdf", "dokumen-0-max_mb": "2",
            "dokumen-0-required": "y",
            "isian-0-label": "Luas", "isian-0-type": "number", "isian-0-required": "y",
            "isian-1-label": "Lama pemasangan", "isian-1-type": "number", "isian-1-required": "y",
            "tahap-0-label": "Pemeriksaan berkas", "tahap-0-permission": "sri_deli.frontoffice",
            "tahap-0-opd": "DPMPTSP",
            "tahap-1-label": "Persetujuan", "tahap-1-permission": "sri_deli.approve", "tahap-1-opd": "DLH"}


def test_admin_pages_save_publish_and_refuse(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    with app.app_context(), tenant_context(tenant):
        _opds("DPMPTSP", "DLH")
    add_user(app, tenant, role="admin", email="admin@contoh.id")
    sign_in(client, tenant, "admin@contoh.id")
    page = client.get("/perizinan/kelola/katalog/baru", base_url=base)
    assert page.status_code == 200 and "DLH — Dinas DLH" in page.text
    bad = client.post("/perizinan/kelola/katalog/baru", base_url=base,
                      data={**_editor_form(page.text), "rumus": "luas * tinggi", "tahap-1-opd": "", "sla": "tiga"})
    assert bad.status_code == 400
    assert "SLA (hari kerja) harus berupa angka bulat" in bad.text
    # Everything typed stays on the page.
    assert 'value="Izin Reklame Kecil"' in bad.text and "luas * tinggi" in bad.text
    bad = client.post("/perizinan/kelola/katalog/baru", base_url=base,
                      data={**_editor_form(page.text), "rumus": "luas * tinggi", "tahap-1-opd": ""})
    assert "yang tidak ada atau bukan angka" in bad.text and "Tahap “Persetujuan” belum memiliki OPD" in bad.text
    tried = client.post("/perizinan/kelola/katalog/baru", base_url=base,
                        data={**_editor_form(page.text), "aksi": "hitung", "contoh-0": "4", "contoh-1": "30"})
    assert "Rp300.000" in tried.text
    live = client.get("/perizinan/kelola/katalog/hitung?rumus=luas*2&isian=luas&contoh_luas=3", base_url=base)
    assert live.get_json() == {"fee": 6, "error": None}
    saved = client.post("/perizinan/kelola/katalog/baru", base_url=base, data=_editor_form(page.text))
    assert saved.status_code == 302
    listing = client.get("/perizinan/kelola/katalog", base_url=base).text
    assert "Izin Reklame Kecil" in listing and "Draf" in listing
    token = csrf_token(listing)
    refused = client.post("/perizinan/kelola/katalog/izin_reklame_kecil/terbit", base_url=base,
                          data={"csrf_token": token, "aksi": "terbitkan"}, follow_redirects=True)
    assert "Izin belum dapat diterbitkan" in refused.text
    with app.app_context(), tenant_context(tenant):
        officer("DPMPTSP", roles=("petugas_loket",))
        officer("DLH", roles=("penandatangan_izin",))
    published = client.post("/perizinan/kelola/katalog/izin_reklame_kecil/terbit", base_url=base,
                            data={"csrf_token": token, "aksi": "terbitkan"}, follow_redirects=True)
    assert "Izin Reklame Kecil diterbitkan" in published.text
    assert "Izin Reklame Kecil" in app.test_client().get("/perizinan/", base_url=base).text
    edit = client.get("/perizinan/kelola/katalog/izin_reklame_kecil", base_url=base).text
    assert re.search(r'name="tahap-1-label"[^>]*value="Persetujuan"', edit)


def test_citizens_and_other_regencies_cannot_use_the_editor(app, client, tenant, make_tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, role="citizen", email="warga@contoh.id")
    sign_in(client, tenant, "warga@contoh.id")
    assert client.get("/perizinan/kelola/katalog", base_url=base).status_code in (302, 403)
    assert client.get("/perizinan/kelola/katalog/hitung?rumus=1", base_url=base).status_code in (302, 403)
    other = make_tenant(modules=("sri_deli",))
    with app.app_context(), tenant_context(tenant):
        _opds("DPMPTSP", "DLH")
        editor.save(_draft())
    with app.app_context(), tenant_context(other):
        assert tenant_db.session.scalar(select(PermitType).where(PermitType.key == "izin_reklame_kecil")) is None


def test_stages_stay_while_applications_are_open(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        _opds("KESBANGPOL")
        submit_research()
        permit_type = editor.find("penelitian")
        draft = editor.draft_of(permit_type)
        draft.stages = draft.stages[:1]
        with pytest.raises(editor.EditorError, match="Tahapan tidak dapat diubah selama 1 permohonan"):
            editor.save(draft, permit_type)
        tenant_db.session.rollback()
        draft = editor.draft_of(editor.find("penelitian"))
        draft.name = "Surat Keterangan Penelitian (baru)"  # the rest may change; keys stay
        draft.stages[0]["label"] = "Pemeriksaan berkas"
        saved = editor.save(draft, editor.find("penelitian"))
        assert saved.name == "Surat Keterangan Penelitian (baru)"
        assert [s["key"] for s in saved.stages] == ["kelengkapan", "penetapan"]
        assert saved.documents[0]["key"] == "ktp"
