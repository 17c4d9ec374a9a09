"""MeSRA in "Data saya": a handler's download says where they serve and how many steps they
took, never which reports or what they hold; deletion unlinks the account from the teams and
leaves every report to MeSRA's own retention. A reporter's report is tied to no account."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.mesra.models import Report, SatgasMember, StageLog, TppkMember
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user
from tests.modules.mesra.helpers import regency, submit
from tests.privacy.helpers import download, erase

SECRET = "Saya dipukul kakak kelas di kantin belakang."


def test_a_handlers_download_and_erasure_reveal_no_report_and_keep_the_counts(app, make_tenant):  # noqa: ANN001
    place = regency(app, make_tenant)
    tenant = place.tenant
    admin = add_user(app, tenant, "admin", email=f"admin@{tenant.slug}.example.id")
    reporter = add_user(app, tenant, "citizen", email=f"pelapor@{tenant.slug}.example.id")
    report_id, _code = submit(app, tenant, place.school_a, SECRET, name="Anak Pelapor")
    with app.app_context(), tenant_context(tenant):
        tenant_db.session.add(StageLog(report_id=report_id, stage="examination", user_id=place.tppk_a))
        tenant_db.session.commit()

        handler = download(place.tppk_a)["mesra"]["data"]
        assert [m["sekolah"] for m in handler["anggota_tppk"]] == ["SD Negeri 1 Contoh"]
        assert handler["penanganan"]["tahap_kasus_dicatat"] == 1
        satgas = download(place.satgas)["mesra"]["data"]
        assert [m["instansi"] for m in satgas["anggota_satgas"]] == ["Dinas Pendidikan"]
        # Neither the handler nor the reporter's own download holds a report or who made it.
        for data in (handler, satgas, download(reporter)["mesra"]["data"]):
            assert SECRET not in str(data) and "Anak Pelapor" not in str(data)
        assert "kode tanda terima" in download(reporter)["mesra"]["data"]["laporan"]

        members = tenant_db.session.scalar(select(func.count(TppkMember.id)))
        report = erase(place.tppk_a, admin)
        assert any("keanggotaan TPPK atau Satgas" in line for line in report["erased"])
        assert any("masa simpannya sendiri" in line for line in report["kept"])
        assert tenant_db.session.scalar(select(func.count(TppkMember.id))) == members
        assert tenant_db.session.scalar(select(TppkMember.id).where(TppkMember.user_id == place.tppk_a)) is None
        assert tenant_db.session.scalar(select(func.count(StageLog.id)).where(StageLog.report_id == report_id)) == 2
        kept = tenant_db.session.get(Report, report_id)
        assert kept.erased_at is None and kept.content_enc and kept.identity_enc

        erase(place.satgas, admin)
        member = tenant_db.session.scalar(select(SatgasMember))
        assert (member.user_id, member.active) == (None, False)
