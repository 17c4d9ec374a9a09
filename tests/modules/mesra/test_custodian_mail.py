"""The custodian hears of an identity-reveal request by email through a real SMTP server — that a
request waits, with a link — and the mail carries nothing of the case."""

from __future__ import annotations

from kiblat.platform.jobs.queue import run_due
from tests.identity.helpers import add_user
from tests.identity.test_account_email import Inbox, mail_app, smtp  # noqa: F401 (fixtures)
from tests.modules.mesra.helpers import post_form, regency, signed_in, submit

REASON = "Korban perlu dihubungi langsung untuk jadwal pemeriksaan dan pendampingan."
STORY = "Cerita rahasia tentang kejadian di ruang kelas"


def test_the_custodian_gets_a_mail_without_case_content(app, mail_app, smtp, make_tenant) -> None:  # noqa: ANN001, F811
    _controller, inbox = smtp
    r = regency(app, make_tenant)
    custodian = f"kustodian@{r.tenant.slug}.example.id"
    add_user(app, r.tenant, "kustodian_mesra", email=custodian)
    add_user(app, r.tenant, "admin", email=f"admin@{r.tenant.slug}.example.id")
    case, _code = submit(app, r.tenant, r.school_a, what=STORY, name="Rina Pelapor", contact="081299990000")
    page = f"/mesra/kasus/{case}/identitas"
    tppk = signed_in(mail_app, r.tenant, "tppk-a")
    post_form(tppk, r.tenant, page, page, {"reason": REASON})
    with mail_app.app_context():
        run_due()  # what the background worker does

    received = inbox.for_address(custodian)
    assert len(received) == 1
    message = received[0]
    body = message.get_payload(decode=True).decode()
    assert "menunggu" in message["Subject"] and f"http://{r.tenant.primary_host}/mesra/kustodian" in body
    mail = f"{message['Subject']}\n{body}"
    for secret in (STORY, "Rina Pelapor", "081299990000", REASON, "SD Negeri 1 Contoh", f"#{case}",
                   f"/kasus/{case}", "fisik"):
        assert secret not in mail
    # Nobody else is told: not the regency admin (no custodian by its blanket grant), not the asker.
    for other in (f"admin@{r.tenant.slug}.example.id", f"tppk-a@{r.tenant.slug}.example.id"):
        assert not [m for m in inbox.for_address(other) if "identitas" in m["Subject"]]


def test_nobody_is_mailed_when_the_regency_has_no_custodian(app, mail_app, smtp, make_tenant) -> None:  # noqa: ANN001, F811
    _controller, inbox = smtp
    r = regency(app, make_tenant)
    case, _code = submit(app, r.tenant, r.school_a, name="Rina Pelapor")
    page = f"/mesra/kasus/{case}/identitas"
    before = len(inbox.messages)
    post_form(signed_in(mail_app, r.tenant, "tppk-a"), r.tenant, page, page, {"reason": REASON})
    with mail_app.app_context():
        run_due()
    assert not [m for m in inbox.messages[before:] if "identitas" in (m["Subject"] or "")]
