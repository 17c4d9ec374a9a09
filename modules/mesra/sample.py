"""Rows of every kind MeSRA Bertuah stores, for demos and the cross-tenant probe."""

from __future__ import annotations

import io
import secrets
from datetime import date

from PIL import Image
from sqlalchemy import select

from kiblat.modules.mesra.models import School
from kiblat.modules.mesra.services import cases, reports, reveal, schools, sra
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan

# (NPSN suffix, name, level, status) of the demo schools, in the regency's first kecamatan.
DEMO_SCHOOLS = (("01", "SD Negeri 1", "sd", "negeri"), ("02", "SMP Negeri 1", "smp", "negeri"),
                ("03", "SMA Swasta Budi Mulia", "sma", "swasta"))


def sample_data(marker: str) -> None:
    kecamatan = tenant_db.session.scalar(select(Kecamatan.code).order_by(Kecamatan.code).limit(1))
    npsn = f"{secrets.randbelow(10**8):08d}"
    school = schools.add_school(npsn, f"{marker} SD Negeri 1", "sd", "negeri", kecamatan)
    schools.set_team(school, f"{marker} 421/001/2026", date(2026, 1, 5), date(2028, 1, 5))
    for index, position in enumerate(("guru", "guru", "orang_tua")):
        schools.add_member(school, f"{marker} anggota {index + 1}", position, coordinator=index == 0)
    member = schools.add_satgas(f"{marker} satgas", f"{marker} Dinas Pendidikan")
    tenant_db.session.commit()
    report, _code = reports.submit(reports.NewReport(
        school.id, "perundungan", f"{marker} laporan perundungan di kelas", when=f"{marker} Senin",
        who=f"{marker} teman sekelas", name=f"{marker} pelapor", contact="0812000000"),
        reports.Upload("bukti.png", _png()))
    reports.reporter_reply(report, f"{marker} pesan pelapor")
    handler = cases.Handler(user_id=0, satgas=True, school_ids=frozenset())
    cases.ask(handler, report, f"{marker} pertanyaan petugas")
    reveal.request_identity(handler, report, f"{marker} perlu menghubungi pelapor untuk pemeriksaan lanjutan")
    assessment = sra.save(school, 2026, 2026, dict.fromkeys(sra.INDICATORS, 1), None, False)
    sra.add_evidence(assessment, "k1", reports.Upload("sk-tim-sra.png", _png()))
    tenant_db.session.commit()
    assert member.id


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 80, 80)).save(out, "PNG")
    return out.getvalue()


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """Demo schools with a full TPPK, a Satgas, and a login for each role of the journey:
    the first school's TPPK coordinator, a Satgas member, the custodian and the Dinas reviewer."""
    kecamatan = tenant_db.session.scalar(select(Kecamatan).order_by(Kecamatan.code).limit(1))
    prefix = "".join(ch for ch in tenant.region_code if ch.isdigit())[:4] + "90"
    domain = f"{tenant.slug}.example.id"
    people = {
        "tppk": ensure_demo_account(f"tppk@{domain}", f"Koordinator TPPK {tenant.short_name}", "tppk", OFFICER_PASSWORD),
        "satgas": ensure_demo_account(f"satgas@{domain}", f"Satgas PPKSP {tenant.short_name}", "satgas_ppksp",
                                      OFFICER_PASSWORD),
        "kustodian": ensure_demo_account(f"kustodian@{domain}", f"Kustodian {tenant.short_name}", "kustodian_mesra",
                                         OFFICER_PASSWORD),
        "disdik": ensure_demo_account(f"disdik@{domain}", f"Dinas Pendidikan {tenant.short_name}", "peninjau_disdik",
                                      OFFICER_PASSWORD),
    }
    tenant_db.session.flush()
    for suffix, name, level, status in DEMO_SCHOOLS:
        npsn = prefix + suffix
        school = tenant_db.session.scalar(select(School).where(School.npsn == npsn))
        if school is None:
            school = schools.add_school(npsn, f"{name} {kecamatan.name}", level, status, kecamatan.code)
            schools.set_team(school, f"421/{suffix}/TPPK/2026", date(2026, 1, 5), date(2028, 1, 5))
            coordinator = people["tppk"] if suffix == "01" else None
            schools.add_member(school, f"Koordinator TPPK {name}", "guru", True,
                               coordinator.email if coordinator else "")
            schools.add_member(school, "Guru Bimbingan Konseling", "guru")
            schools.add_member(school, "Perwakilan Komite Sekolah", "komite")
    if not any(m.user_id == people["satgas"].id for m in schools.satgas_roster()):
        schools.add_satgas(people["satgas"].name, "Dinas Pendidikan", people["satgas"].email)
    tenant_db.session.commit()
    return [DemoLogin("TPPK sekolah", people["tppk"].email, OFFICER_PASSWORD, "/mesra/kasus"),
            DemoLogin("Satgas PPKSP", people["satgas"].email, OFFICER_PASSWORD, "/mesra/kasus"),
            DemoLogin("kustodian", people["kustodian"].email, OFFICER_PASSWORD, "/mesra/"),
            DemoLogin("Dinas Pendidikan", people["disdik"].email, OFFICER_PASSWORD, "/mesra/sekolah")]
