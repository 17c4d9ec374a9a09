"""A citizen with a service received to the end: a research permit issued by Sri Deli."""

from __future__ import annotations

import secrets

from kiblat.modules.sri_deli.models import APPROVED, Application
from kiblat.modules.sri_deli.services import workflow
from kiblat.modules.sri_deli.services.submit import submit
from kiblat.platform.identity.models import User
from tests.modules.sri_deli.helpers import PDF, PNG, applicant, officer, perms

ALL_NINE = {f"u{n}": str(score) for n, score in zip(range(1, 10), (4, 3, 3, 4, 3, 4, 4, 2, 3), strict=True)}
RESEARCH = {"judul": "Ketahanan pangan desa", "lokasi": "Lubuk Pakam", "mulai": "2026-12-01", "selesai": "2027-02-01"}


def research_application(user: User, **overrides) -> Application:
    files = {"ktp": ("ktp.pdf", PDF), "surat_pengantar": ("pengantar.pdf", PDF), "proposal": ("proposal.png", PNG)}
    return submit("penelitian", applicant(**overrides), RESEARCH, files, secrets.token_urlsafe(24),
                  user=user).application


def issued_permit(user: User, **overrides) -> Application:
    """Submitted for ``user`` and accepted at every stage by one officer of the permit's OPD."""
    application = research_application(user, **overrides)
    staff = officer(application.opd_short_name)
    while application.status != APPROVED:
        workflow.accept_stage(application, staff, perms(staff), application.stage["key"])
    return application
