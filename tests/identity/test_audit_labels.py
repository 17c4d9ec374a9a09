"""Audit actions read as words: every code the code base can write has a label declared where it
is written (the platform's in the platform, a module's in its manifest), and the log pages show
labels, never the codes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from flask import Flask
from flask_babel import force_locale

from kiblat.platform.identity.audit.labels import PLATFORM_ACTIONS, action_label, declared_actions
from kiblat.platform.identity.audit.service import record
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, sign_in

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Functions that write an audit entry, or pass their argument on to one that does.
WRITERS = {"record", "record_for_tenant", "audit", "log_staff_action", "StaffActionLog",
           "_finish", "_saved", "note_event"}


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def written_codes() -> dict[str, str]:
    """Every action code passed to an audit writer in the source: code → where."""
    found: dict[str, str] = {}
    for folder in ("platform", "modules", "tenants", "provisioning"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and _name(node) in WRITERS):
                    continue
                arguments = [*node.args, *(k.value for k in node.keywords if k.arg in ("action", "audit_action"))]
                for argument in arguments:
                    assert not isinstance(argument, ast.JoinedStr), (
                        f"{path.relative_to(ROOT)}:{node.lineno}: write the audit action as a literal code "
                        "so its label can be checked")
                    for part in ast.walk(argument):
                        if isinstance(part, ast.Constant) and isinstance(part.value, str) and CODE.match(part.value):
                            found.setdefault(part.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_action_the_code_writes_has_a_label_declared_where_it_is_written(app: Flask) -> None:
    written = written_codes()
    # The scan finds the calls of both layers (a sanity check that it still sees them).
    assert {"users.invite", "tenant.branding", "sri_deli.paid", "mesra.identity_viewed"} <= set(written)
    with app.test_request_context("/"):
        declared = declared_actions()
        missing = {code: where for code, where in written.items() if code not in declared}
        assert not missing, f"audit actions without a label: {missing}"
        for manifest in app.extensions["kiblat_modules"]:
            assert not [code for code in PLATFORM_ACTIONS if code.startswith(manifest.key + ".")]
        # A code nobody declared still reads as words, and names its module when it has one.
        assert action_label("sri_deli.dulu_ada") == "Perubahan lain di Sri Deli — Perizinan"
        assert action_label("entah.apa") == "Perubahan lain"
    with app.test_request_context("/"), force_locale("en"):
        assert action_label("users.invite") == "Invitation sent again"
        assert action_label("sri_deli.paid") == "Retribution payment confirmed"


def test_the_audit_page_shows_labels_objects_and_details_in_words(app: Flask, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant()
    add_user(app, tenant, role="admin", email="admin@audit.contoh.id")
    user_id = add_user(app, tenant, role="citizen", email="siti@audit.contoh.id")
    codes = ["users.invite", "opd.create", "tenant.branding", "module.enable", "sri_deli.paid", "privacy.erasure_done",
             "sri_deli.lama_sekali"]
    with app.app_context(), tenant_context(tenant):
        record("users.invite", "user", user_id)
        record("opd.create", "opd", 1, name="Dinas Kominfo")
        record("tenant.branding", "tenant", tenant.slug, changes={"primary_color": "#123456"})
        record("module.enable", "module", "sri_deli", settings={"upload_max_mb": 5})
        record("sri_deli.paid", "sri_deli_bill", 4, code="KB-0001", amount=150000, reference="TRX-9")
        record("privacy.erasure_done", "user", user_id, request=3)
        record("sri_deli.lama_sekali", "sri_deli_application", 9)
        tenant_db.session.commit()
    client = app.test_client()
    assert sign_in(client, tenant, "admin@audit.contoh.id").status_code == 302
    page = client.get("/admin/audit", base_url=f"http://{tenant.primary_host}").get_data(as_text=True)
    text = _visible_text(page)
    for label in ("Undangan dikirim ulang", "OPD ditambahkan", "Tampilan situs diubah", "Modul diaktifkan",
                  "Pembayaran retribusi dikonfirmasi", "Data warga dihapus atas permintaannya",
                  "Perubahan lain di Sri Deli — Perizinan", "Modul Sri Deli — Perizinan", "Sri Deli — Perizinan #4",
                  "Pengguna Pengguna citizen", "Kode: KB-0001", "Jumlah: 150.000", "Referensi: TRX-9", "OPD", "Nama: Dinas Kominfo"):
        assert label in text, label
    for code in codes + ["sri_deli_bill", "primary_color", "upload_max_mb", "{&#34;", '{"']:
        assert code not in text, code
    # The action filter offers the labels; the codes are only the values it sends.
    assert '<option value="users.invite">Undangan dikirim ulang</option>' in page


def _visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)
