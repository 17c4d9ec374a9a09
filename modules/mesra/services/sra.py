"""Sekolah Ramah Anak (SRA) self-assessment.

The checklist follows the six components of SRA in Permen PPPA 8/2014 (SRA policy; educators
trained in child rights and SRA; child-friendly learning; child-friendly facilities; children's
participation; participation of parents, community, business and alumni), each with the
indicators a school can show evidence for. A school answers each indicator 0 (not yet),
1 (partly) or 2 (done). A component's score is its share of the possible points; the school's
score is the mean of the six, so no component can make up for another's absence.

Status (the four stages the regency reports): **SRA** when every component reaches 75 and
the two conditions the rule names — an SK tim SRA and at least two trained educators — are
fully met; **berkembang** (developing) from a score of 50; **rintisan** (initiated) from 20 or
once the SK tim exists; otherwise **belum**. A school fills and submits; Dinas Pendidikan
verifies or returns it with a note. The public status is that of the latest verified year.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.mesra.models import School, SraAssessment, SraEvidence
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.reports import Upload
from kiblat.platform.core.texts import _
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import DOCUMENT_KINDS, UploadError, check_upload
from kiblat.platform.web.formatting import N_
from kiblat.tenants.database import tenant_db


@dataclass(frozen=True)
class Indicator:
    key: str
    text: str
    evidence: str  # what a school typically uploads


@dataclass(frozen=True)
class Component:
    key: str
    name: str
    indicators: tuple[Indicator, ...]


COMPONENTS: tuple[Component, ...] = (
    Component("kebijakan", N_("Kebijakan SRA"), (
        Indicator("k1", N_("Ada SK Tim Pelaksana SRA dari kepala sekolah"), N_("SK tim SRA")),
        Indicator("k2", N_("Sekolah menyatakan komitmen tertulis menjadi SRA"), N_("Deklarasi/komitmen bertanda tangan")),
        Indicator("k3", N_("Tata tertib melarang kekerasan, perundungan dan diskriminasi"), N_("Tata tertib sekolah")),
        Indicator("k4", N_("Ada TPPK dan alur pengaduan kekerasan yang diketahui murid"), N_("SK TPPK, alur pengaduan")),
    )),
    Component("pendidik", N_("Pendidik dan tenaga kependidikan terlatih hak anak dan SRA"), (
        Indicator("p1", N_("Paling sedikit 2 pendidik/tenaga kependidikan terlatih Konvensi Hak Anak atau SRA"),
                  N_("Sertifikat pelatihan")),
        Indicator("p2", N_("Pendidik terlatih membagikan ilmunya kepada rekan di sekolah"), N_("Daftar hadir, foto")),
    )),
    Component("pembelajaran", N_("Proses belajar yang ramah anak"), (
        Indicator("b1", N_("Disiplin positif: tanpa hukuman fisik atau yang merendahkan"), N_("Pedoman disiplin positif")),
        Indicator("b2", N_("Pembelajaran menghargai perbedaan dan tidak diskriminatif"), N_("RPP/modul ajar, foto")),
        Indicator("b3", N_("Murid berkebutuhan khusus dilayani"), N_("Data dan program layanan")),
    )),
    Component("sarana", N_("Sarana dan prasarana ramah anak"), (
        Indicator("s1", N_("Toilet terpisah untuk murid laki-laki dan perempuan, bersih dan berair"), N_("Foto")),
        Indicator("s2", N_("Ada UKS dan perlengkapan P3K"), N_("Foto")),
        Indicator("s3", N_("Jalur evakuasi dan titik kumpul bertanda; bangunan aman"), N_("Foto denah dan rambu")),
        Indicator("s4", N_("Kantin sehat dan kawasan tanpa rokok"), N_("Foto, surat keputusan KTR")),
        Indicator("s5", N_("Poster alur pengaduan terpasang di tempat yang dilihat murid"), N_("Foto poster")),
    )),
    Component("partisipasi_anak", N_("Partisipasi anak"), (
        Indicator("a1", N_("Murid ikut menyusun tata tertib dan kegiatan SRA"), N_("Notulen, foto")),
        Indicator("a2", N_("Ada wadah suara murid (OSIS, forum anak, kotak saran)"), N_("SK, foto")),
    )),
    Component("partisipasi_ortu", N_("Partisipasi orang tua, masyarakat, dunia usaha dan alumni"), (
        Indicator("o1", N_("Komite sekolah/orang tua terlibat merencanakan dan mengawasi SRA"), N_("Notulen rapat")),
        Indicator("o2", N_("Kerja sama dengan puskesmas, lembaga masyarakat atau dunia usaha"), N_("Perjanjian, foto")),
        Indicator("o3", N_("Alumni atau tokoh masyarakat mendukung kegiatan SRA"), N_("Foto, surat")),
    )),
)
INDICATORS = {i.key: i for c in COMPONENTS for i in c.indicators}
REQUIRED_FOR_SRA = ("k1", "p1")  # SK tim SRA, ≥ 2 trained educators
STATUSES = {"belum": N_("Belum SRA"), "rintisan": N_("Rintisan"), "berkembang": N_("Berkembang"), "sra": N_("SRA")}
STATES = {"draft": N_("Draf"), "submitted": N_("Menunggu verifikasi Dinas"), "verified": N_("Terverifikasi"),
          "returned": N_("Dikembalikan untuk diperbaiki")}
ANSWERS = {0: N_("Belum"), 1: N_("Sebagian"), 2: N_("Sudah")}
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
FIRST_YEAR = 2014  # Permen PPPA 8/2014


@dataclass(frozen=True)
class Result:
    components: dict[str, int]  # component → 0–100
    score: int
    status: str


def evaluate(answers: dict[str, int]) -> Result:
    """Scores and status of a set of answers (missing indicators count as 0)."""
    components = {}
    for component in COMPONENTS:
        points = sum(answers.get(i.key, 0) for i in component.indicators)
        components[component.key] = round(100 * points / (2 * len(component.indicators)))
    score = round(sum(components.values()) / len(components))
    if all(v >= 75 for v in components.values()) and all(answers.get(k) == 2 for k in REQUIRED_FOR_SRA):
        status = "sra"
    elif score >= 50:
        status = "berkembang"
    elif score >= 20 or answers.get("k1", 0) >= 1:
        status = "rintisan"
    else:
        status = "belum"
    return Result(components, score, status)


def answers_of(assessment: SraAssessment) -> dict[str, int]:
    return {k: int(v) for k, v in json.loads(assessment.answers or "{}").items() if k in INDICATORS}


def get(school: School, year: int) -> SraAssessment | None:
    return tenant_db.session.scalar(select(SraAssessment).where(
        SraAssessment.school_id == school.id, SraAssessment.year == year))


def history(school: School) -> list[SraAssessment]:
    """Every year's assessment of the school, newest first."""
    return list(tenant_db.session.scalars(select(SraAssessment).where(SraAssessment.school_id == school.id)
                                          .order_by(SraAssessment.year.desc())))


def _check_year(year: int, this_year: int) -> None:
    if not FIRST_YEAR <= year <= this_year:
        raise MesraError(_("Tahun penilaian harus antara %(first)s dan %(last)s.", first=FIRST_YEAR, last=this_year))


def parse_answers(raw: dict[str, str]) -> dict[str, int]:
    """``{indicator: "0"|"1"|"2"}`` from a form; anything else is refused with the indicator named."""
    answers = {}
    for key, indicator in INDICATORS.items():
        value = (raw.get(key) or "").strip()
        if value not in ("0", "1", "2"):
            raise MesraError(_("Pilih jawaban untuk “%(indicator)s”.", indicator=_(indicator.text)))
        answers[key] = int(value)
    return answers


def save(school: School, year: int, this_year: int, answers: dict[str, int], user_id: int | None,
         submit: bool) -> SraAssessment:
    """Stores the answers (a draft, or submitted for verification); not committed. A verified
    year is closed: a new round is a new year."""
    _check_year(year, this_year)
    unknown = set(answers) - set(INDICATORS)
    if unknown or any(v not in (0, 1, 2) for v in answers.values()):
        raise MesraError(_("Jawaban penilaian tidak sah."))
    assessment = get(school, year)
    if assessment is None:
        assessment = SraAssessment(school_id=school.id, year=year)
        tenant_db.session.add(assessment)
    elif assessment.state == "verified":
        raise MesraError(_("Penilaian tahun %(year)s sudah diverifikasi Dinas dan tidak dapat diubah.", year=year))
    elif assessment.state == "submitted":
        raise MesraError(_("Penilaian tahun %(year)s sedang diverifikasi Dinas.", year=year))
    result = evaluate(answers)
    assessment.answers = json.dumps(answers, sort_keys=True)
    assessment.score, assessment.status = result.score, result.status
    assessment.filled_by = user_id
    assessment.updated_at = datetime.now(UTC)
    if submit:
        assessment.state, assessment.submitted_at = "submitted", assessment.updated_at
    else:
        assessment.state = "draft" if assessment.state != "returned" else "returned"
    tenant_db.session.flush()
    return assessment


def add_evidence(assessment: SraAssessment, indicator: str, upload: Upload) -> SraEvidence:
    if indicator not in INDICATORS:
        raise MesraError(_("Pilih indikator yang dibuktikan berkas ini."))
    if assessment.state in ("submitted", "verified"):
        raise MesraError(_("Bukti tidak dapat ditambah setelah penilaian dikirim."))
    try:
        checked = check_upload(upload.data, upload.filename, kinds=DOCUMENT_KINDS, max_bytes=EVIDENCE_MAX_BYTES,
                               label=_("Berkas bukti"))
    except UploadError as exc:
        raise MesraError(str(exc)) from None
    key = tenant_storage().save(io.BytesIO(checked.data), "bukti-sra.bin", folder="mesra-sra")
    item = SraEvidence(assessment_id=assessment.id, indicator=indicator, storage_key=key,
                       media_type=checked.media_type, filename=checked.display_name[:200], size=len(checked.data))
    assessment.evidence.append(item)
    tenant_db.session.flush()
    return item


def evidence_content(assessment: SraAssessment, evidence_id: int) -> tuple[SraEvidence, bytes] | None:
    found = next((e for e in assessment.evidence if e.id == evidence_id), None)
    if found is None:
        return None
    with tenant_storage().open(found.storage_key) as handle:
        return found, handle.read()


def review(assessment: SraAssessment, user_id: int, approve: bool, note: str) -> SraAssessment:
    """Dinas Pendidikan verifies a submitted assessment or returns it with a note; not committed."""
    if assessment.state != "submitted":
        raise MesraError(_("Hanya penilaian yang sudah dikirim sekolah yang dapat diverifikasi."))
    note = (note or "").strip()
    if not approve and not note:
        raise MesraError(_("Tulis apa yang perlu diperbaiki sekolah."))
    if len(note) > 2000:
        raise MesraError(_("Catatan paling banyak 2000 huruf."))
    assessment.state = "verified" if approve else "returned"
    assessment.review_note = note
    assessment.verified_by = user_id if approve else None
    assessment.verified_at = datetime.now(UTC) if approve else None
    tenant_db.session.flush()
    return assessment


def public_status(school: School) -> SraAssessment | None:
    """The latest verified assessment: what parents and the community see."""
    return tenant_db.session.scalar(select(SraAssessment).where(
        SraAssessment.school_id == school.id, SraAssessment.state == "verified")
        .order_by(SraAssessment.year.desc()).limit(1))


@dataclass(frozen=True)
class Overview:
    year: int
    counts: dict[str, int]  # verified status → schools (not assessed and unverified ones in "belum")
    waiting: list[tuple[School, SraAssessment]]  # submitted, to verify
    rows: list[tuple[School, SraAssessment | None]]  # every school with its assessment of the year


def overview(year: int) -> Overview:
    """The regency's picture for one year: schools per verified status and what waits."""
    schools = list(tenant_db.session.scalars(select(School).order_by(School.name)))
    found = {a.school_id: a for a in tenant_db.session.scalars(select(SraAssessment).where(SraAssessment.year == year))}
    counts = dict.fromkeys(STATUSES, 0)
    for school in schools:
        assessment = found.get(school.id)
        counts[assessment.status if assessment is not None and assessment.state == "verified" else "belum"] += 1
    waiting = [(s, found[s.id]) for s in schools if s.id in found and found[s.id].state == "submitted"]
    return Overview(year, counts, waiting, [(s, found.get(s.id)) for s in schools])


def public_profiles(kecamatan_code: str | None = None) -> list[tuple[School, SraAssessment | None]]:
    """Every school (of one kecamatan, if given) with its latest verified assessment, for parents
    and the community: only verified results, nothing a school has merely claimed."""
    statement = select(School).order_by(School.name)
    if kecamatan_code:
        statement = statement.where(School.kecamatan_code == kecamatan_code)
    schools = list(tenant_db.session.scalars(statement))
    latest: dict[int, SraAssessment] = {}
    for assessment in tenant_db.session.scalars(select(SraAssessment).where(SraAssessment.state == "verified")
                                                .order_by(SraAssessment.year)):
        latest[assessment.school_id] = assessment
    return [(school, latest.get(school.id)) for school in schools]
