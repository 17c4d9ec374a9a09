"""Rows of every kind MeSRA Bertuah stores, for demos and the cross-tenant probe."""

from __future__ import annotations

import io
import secrets
from datetime import date

from PIL import Image
from sqlalchemy import select

from kiblat.modules.mesra.services import cases, reports, schools
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan


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
    assert member.id


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 80, 80)).save(out, "PNG")
    return out.getvalue()
