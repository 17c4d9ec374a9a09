"""Officers taking applications through their stages; permissions, OPD and order enforced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kiblat.modules.sri_deli.models import APPROVED, IN_PROCESS, REJECTED, REVISION, PermitType
from kiblat.modules.sri_deli.services import certificate, queries, workflow
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.sri_deli.helpers import officer, perms, submit_research


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def test_full_flow_with_revision_pause_and_certificate(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        monday = datetime(2026, 11, 2, 2, tzinfo=UTC)  # 09:00 WIB
        application = submit_research(now=monday).application
        loket = officer(roles=("petugas_loket",))
        pejabat = officer(roles=("penandatangan_izin",))
        # the signing official cannot act on the front-office stage
        with pytest.raises(workflow.WorkflowError, match="tidak berwenang"):
            workflow.accept_stage(application, pejabat, perms(pejabat), "kelengkapan")
        assert [a.id for a in queries.officer_queue(loket, perms(loket))] == [application.id]
        assert queries.officer_queue(pejabat, perms(pejabat)) == []
        workflow.send_back(application, loket, perms(loket), "KTP buram, unggah ulang",
                           now=monday + timedelta(days=2))
        assert application.status == REVISION and application.paused_at is not None
        with pytest.raises(workflow.WorkflowError, match="status"):
            workflow.accept_stage(application, loket, perms(loket), "kelengkapan")
        assert queries.officer_queue(loket, perms(loket)) == []
        workflow.resubmit(application, "KTP baru", now=monday + timedelta(days=7))  # the next Monday
        assert application.status == IN_PROCESS and len(application.pauses) == 1
        state = queries.sla_status(application, now=monday + timedelta(days=8))
        # 3 working days paused (Thu, Fri, Mon): due 5 Nov + 3 → 10 Nov
        assert state.due.isoformat() == "2026-11-10"
        workflow.accept_stage(application, loket, perms(loket), "kelengkapan")
        with pytest.raises(workflow.WorkflowError, match="Tahap sudah berubah"):
            workflow.accept_stage(application, pejabat, perms(pejabat), "kelengkapan")
        workflow.accept_stage(application, pejabat, perms(pejabat), "penetapan", "Disetujui")
        assert application.status == APPROVED and application.verify_token
        actions = [e.action for e in application.events]
        assert actions == ["submitted", "revision", "resubmitted", "accepted", "approved"]
        assert all(e.at is not None for e in application.events)
        assert application.events[1].actor_user_id == loket.id and application.events[1].note
        audit = list(tenant_db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_id == str(application.id))))
        assert {"sri_deli.revision", "sri_deli.accepted", "sri_deli.approved"} <= set(audit)
        pdf = certificate.certificate_pdf(application)
        assert pdf.startswith(b"%PDF") and len(pdf) > 1500
        assert queries.certificate_state(application) == "valid"
        workflow.revoke(application, pejabat, perms(pejabat), "Data tidak benar")
        assert queries.certificate_state(application) == "revoked"
        assert queries.certificate_state(application.__class__(valid_until=datetime.now(UTC) - timedelta(days=1))) \
            == "expired"


def test_other_opd_and_missing_reason_are_refused(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        application = submit_research().application
        other = officer("DINKES")
        assert queries.officer_queue(other, perms(other)) == []
        assert queries.get_for_officer(application.id, other) is None
        for action in (lambda: workflow.accept_stage(application, other, perms(other), "kelengkapan"),
                       lambda: workflow.reject(application, other, perms(other), "x"),
                       lambda: workflow.survey_note(application, other, perms(other), "x")):
            with pytest.raises(workflow.WorkflowError, match="OPD lain"):
                action()
        mine = officer()
        with pytest.raises(workflow.WorkflowError, match="Alasan wajib"):
            workflow.reject(application, mine, perms(mine), "  ")
        with pytest.raises(workflow.WorkflowError, match="tidak sedang menunggu perbaikan"):
            workflow.resubmit(application)
        workflow.survey_note(application, mine, perms(mine), "Lokasi sesuai")
        assert application.events[-1].public is False
        assert all(e.action != "survey" for e in queries.public_events(application))
        workflow.reject(application, mine, perms(mine), "Bukan wilayah kabupaten")
        assert application.status == REJECTED
        with pytest.raises(workflow.WorkflowError):
            workflow.accept_stage(application, mine, perms(mine), "kelengkapan")
        with pytest.raises(workflow.WorkflowError, match="berlaku"):
            workflow.revoke(application, mine, perms(mine), "x")


def test_officers_of_another_regency_see_nothing(app_ctx, make_tenant):
    deli, binjai = make_tenant(modules=("sri_deli",)), make_tenant(modules=("sri_deli",))
    with app_ctx.test_request_context(base_url=f"http://{binjai.primary_host}"), tenant_context(binjai):
        submitted = submit_research().application
        number, application_id = submitted.number, submitted.id
    with app_ctx.test_request_context(base_url=f"http://{deli.primary_host}"), tenant_context(deli):
        deli_officer = officer()
        assert queries.officer_queue(deli_officer, perms(deli_officer)) == []
        assert queries.get_for_officer(application_id, deli_officer) is None
        assert tenant_db.session.scalar(select(queries.Application).where(
            queries.Application.number == number)) is None


def test_revision_replaces_documents_and_bad_replacement_keeps_the_old(app_ctx, tenant):
    from tests.files import bomb_png
    from tests.modules.sri_deli.helpers import PDF

    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        application = submit_research().application
        staff = officer()
        workflow.send_back(application, staff, perms(staff), "Proposal harus PDF")
        with pytest.raises(workflow.WorkflowError, match="Gambar terlalu besar"):
            workflow.resubmit(application, files={"proposal": ("proposal.png", bomb_png())})
        tenant_db.session.rollback()
        assert application.status == REVISION
        assert next(d for d in application.documents if d.doc_key == "proposal").content_type == "image/png"
        workflow.resubmit(application, "Sudah PDF", files={"proposal": ("proposal.pdf", PDF)})
        assert application.status == IN_PROCESS
        proposal = next(d for d in application.documents if d.doc_key == "proposal")
        assert proposal.content_type == "application/pdf" and proposal.filename == "proposal.pdf"


def test_village_operator_files_on_behalf_of_a_citizen(app_ctx, tenant):
    from kiblat.modules.sri_deli.services.submit import submit
    from kiblat.platform.identity.accounts import create_user
    from tests.modules.sri_deli.helpers import PDF, applicant, first_desa

    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        operator = create_user(name="Operator Desa Sei Rotan", role="village_operator",
                               email="operator@example.id", desa_code=first_desa())
        tenant_db.session.commit()
        files = {"ktp": ("ktp.pdf", PDF), "surat_pengantar": ("s.pdf", PDF), "proposal": ("p.pdf", PDF)}
        fields = {"judul": "J", "lokasi": "L", "mulai": "2026-12-01", "selesai": "2026-12-31"}
        application = submit("penelitian", applicant(name="Pak Tua"), fields, files, "o" * 20,
                             filed_by=operator).application
        assert application.filed_by_user_id == operator.id and application.user_id is None
        first = application.events[0]
        assert first.actor_user_id == operator.id and "atas nama Pak Tua" in first.note
        assert [a.id for a in queries.citizen_applications(operator)] == [application.id]


def test_a_stage_with_its_own_opd_is_worked_by_that_opd(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        permit_type = tenant_db.session.scalar(select(PermitType).where(PermitType.key == "penelitian"))
        front, approve = permit_type.stages
        permit_type.stages = [front, {**approve, "opd": "DLH"}]
        tenant_db.session.commit()
        application = submit_research().application
        loket = officer(roles=("petugas_loket",))
        kesbang_pejabat = officer(roles=("penandatangan_izin",))
        dlh_pejabat = officer("DLH", roles=("penandatangan_izin",))
        assert queries.officer_queue(dlh_pejabat, perms(dlh_pejabat)) == []
        workflow.accept_stage(application, loket, perms(loket), "kelengkapan")
        assert queries.officer_queue(kesbang_pejabat, perms(kesbang_pejabat)) == []
        assert [a.id for a in queries.officer_queue(dlh_pejabat, perms(dlh_pejabat))] == [application.id]
        with pytest.raises(workflow.WorkflowError, match="OPD lain"):
            workflow.accept_stage(application, kesbang_pejabat, perms(kesbang_pejabat), "penetapan")
        assert queries.get_for_officer(application.id, dlh_pejabat) is not None
        workflow.accept_stage(application, dlh_pejabat, perms(dlh_pejabat), "penetapan", "Disetujui")
        assert application.status == APPROVED
        stranger = officer("DINKES", roles=("penandatangan_izin",))
        assert queries.get_for_officer(application.id, stranger) is None
