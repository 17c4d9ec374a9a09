"""Bulk import of officers from CSV: "Periksa" reports row by row and writes nothing; "Impor"
creates every row in one transaction only when all are valid, and sends the invitations."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from kiblat.platform.admin import services
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import Invitation, User
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan
from tests.identity.helpers import add_user, csrf_token, sign_in

PAGE = "/admin/pengguna/impor"


def _setup(app, tenant):  # noqa: ANN001, ANN202
    add_user(app, tenant, role="admin", email=f"admin@{tenant.slug}.example.id")
    client = app.test_client()
    assert sign_in(client, tenant, f"admin@{tenant.slug}.example.id").status_code == 302
    with app.app_context(), tenant_context(tenant):
        services.create_opd("Dinas Penanaman Modal dan PTSP", "DPMPTSP")
        kecamatan = tenant_db.session.scalar(select(Kecamatan.code).order_by(Kecamatan.code))
        desa = tenant_db.session.scalar(select(Desa.code).order_by(Desa.code))
    return client, kecamatan, desa


def _post(client, tenant, csv_text: str | None, button: str, checked: str = ""):  # noqa: ANN001, ANN202
    host = f"http://{tenant.primary_host}"
    token = csrf_token(client.get(PAGE, base_url=host).get_data(as_text=True))
    data = {"csrf_token": token, button: "1", "checked_csv": checked}
    if csv_text is not None:
        data["berkas"] = (io.BytesIO(csv_text.encode("utf-8")), "petugas.csv")
    return client.post(PAGE, base_url=host, data=data, content_type="multipart/form-data")


def _counts(app, tenant) -> tuple[int, int, int]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        session = tenant_db.session
        users = session.scalar(select(func.count()).select_from(User))
        invitations = session.scalar(select(func.count()).select_from(Invitation))
    with app.app_context():  # invitations wait in the control plane's outbox
        mails = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.tenant_slug == tenant.slug))
    return users, invitations, mails


def _valid(kecamatan: str, desa: str) -> str:
    return ("nama,email,peran,opd,kode_wilayah\n"
            "Siti Aminah,siti@contoh.id,officer,dpmptsp,\n"
            f"Camat Satu,camat@contoh.id,Petugas IUMK kecamatan,,{kecamatan}\n"
            f"Operator Desa,operator@contoh.id,village_operator,,{desa}\n")


def test_template_download_and_form(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman", "sri_deli", "jus_melon"))
    client, _k, _d = _setup(app, tenant)
    host = f"http://{tenant.primary_host}"
    assert "Impor dari CSV" in client.get("/admin/pengguna", base_url=host).text
    page = client.get(PAGE, base_url=host)
    assert page.status_code == 200 and "Unduh templat CSV" in page.text
    template = client.get(f"{PAGE}/templat.csv", base_url=host)
    assert template.status_code == 200 and "attachment" in template.headers["Content-Disposition"]
    assert template.data.decode().startswith("nama,email,peran,opd,kode_wilayah")


def test_dry_run_writes_nothing_then_import_creates_all_with_invitations(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman", "sri_deli", "jus_melon"))
    client, kecamatan, desa = _setup(app, tenant)
    before = _counts(app, tenant)
    checked = _post(client, tenant, _valid(kecamatan, desa), "check")
    assert checked.status_code == 200, checked.text
    assert "Semua 3 baris benar" in checked.text
    assert _counts(app, tenant) == before
    # "Impor" without choosing the file again: the checked file rides in the form and is checked again.
    hidden = checked.text.split('name="checked_csv" type="hidden" value="', 1)[1].split('"', 1)[0]
    assert "siti@contoh.id" in hidden
    imported = _post(client, tenant, None, "run", checked=_valid(kecamatan, desa))
    assert imported.status_code == 302 and imported.headers["Location"].endswith("/admin/pengguna")
    users, invitations, mails = _counts(app, tenant)
    assert (users, invitations, mails) == (before[0] + 3, before[1] + 3, before[2] + 3)
    with app.app_context(), tenant_context(tenant):
        camat = tenant_db.session.scalar(select(User).where(User.email == "camat@contoh.id"))
        assert (camat.role_key, camat.kecamatan_code, camat.password_hash) == ("petugas_iumk", kecamatan, None)
        siti = tenant_db.session.scalar(select(User).where(User.email == "siti@contoh.id"))
        assert siti.opd is not None and siti.opd.short_name == "DPMPTSP"
        operator = tenant_db.session.scalar(select(User).where(User.email == "operator@contoh.id"))
        assert operator.desa_code == desa
        actions = [a for (a,) in tenant_db.session.execute(select(AuditEntry.action))]
        assert actions.count("users.import") == 1 and actions.count("users.create") >= 3
    # The same file again: every email is now taken, nothing more is created.
    again = _post(client, tenant, _valid(kecamatan, desa), "run")
    assert again.status_code == 422 and "Email siti@contoh.id sudah terdaftar." in again.text
    assert _counts(app, tenant)[0] == users


def test_bad_rows_are_reported_with_row_numbers_and_a_mixed_file_imports_nothing(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman", "sri_deli", "jus_melon"))
    client, kecamatan, desa = _setup(app, tenant)
    add_user(app, tenant, role="citizen", email="ada@contoh.id")
    before = _counts(app, tenant)
    mixed = ("nama,email,peran,opd,kode_wilayah\n"
             "Baik Sekali,baik@contoh.id,officer,DPMPTSP,\n"          # row 2: valid
             "Peran Aneh,aneh@contoh.id,juru_sulap,DPMPTSP,\n"        # row 3: unknown role
             "OPD Aneh,opd@contoh.id,officer,DINKES,\n"               # row 4: unknown OPD
             "Wilayah Aneh,wil@contoh.id,petugas_iumk,,99.99.99\n"    # row 5: unknown kecamatan
             "Kembar,BAIK@contoh.id,officer,DPMPTSP,\n"               # row 6: duplicate in file
             "Sudah Ada,ada@contoh.id,officer,DPMPTSP,\n"             # row 7: already registered
             "Email Rusak,bukan-email,officer,DPMPTSP,\n"             # row 8: bad email
             "Tanpa Kecamatan,camat@contoh.id,petugas_iumk,,\n")      # row 9: kecamatan required
    for button in ("check", "run"):
        response = _post(client, tenant, mixed, button)
        assert response.status_code == 422
        text = response.text
        assert "7 dari 8 baris perlu diperbaiki; tidak ada akun yang dibuat." in text
        for fragment in ("Baris 3", "Peran juru_sulap tidak dikenal.", "Baris 4",
                         "OPD DINKES tidak dikenal di kabupaten/kota ini.", "Baris 5",
                         "Kode kecamatan/desa 99.99.99 tidak dikenal di kabupaten/kota ini.",
                         "Email baik@contoh.id sudah ada di baris 2 berkas ini.",
                         "Email ada@contoh.id sudah terdaftar.", "Alamat email bukan-email tidak valid.",
                         "Pilih kecamatan tempat Petugas IUMK kecamatan bertugas."):
            assert fragment in text, fragment
        assert 'name="checked_csv" type="hidden" value=""' in text
        assert _counts(app, tenant) == before, button


def test_wrong_file_and_missing_columns_are_refused(app, make_tenant):
    tenant = make_tenant()
    client, _k, _d = _setup(app, tenant)
    before = _counts(app, tenant)
    missing = _post(client, tenant, "nama,email\nA,a@contoh.id\n", "check")
    assert missing.status_code == 422 and "Kolom peran, opd, kode_wilayah tidak ada." in missing.text
    formula = _post(client, tenant, "nama,email,peran,opd,kode_wilayah\n=HYPERLINK(1),a@contoh.id,officer,,\n", "run")
    assert formula.status_code == 422
    empty = _post(client, tenant, None, "run")
    assert empty.status_code == 422 and "Berkas kosong" in empty.text
    admin_row = _post(client, tenant, "nama,email,peran,opd,kode_wilayah\nBos,bos@contoh.id,admin,,\n", "run")
    assert admin_row.status_code == 422 and "Peran admin tidak dikenal." in admin_row.text
    assert _counts(app, tenant) == before


def test_opd_and_kecamatan_of_another_regency_are_unknown(app, make_tenant):
    a, b = make_tenant(), make_tenant()
    client, _k, _d = _setup(app, a)
    with app.app_context(), tenant_context(b):
        services.create_opd("Dinas Kesehatan", "DINKES")
        other_kecamatan = tenant_db.session.scalar(select(Kecamatan.code).order_by(Kecamatan.code))
    before_a, before_b = _counts(app, a), _counts(app, b)
    rows = ("nama,email,peran,opd,kode_wilayah\n"
            "Petugas Lain,lain@contoh.id,officer,DINKES,\n"
            f"Desa Lain,desa@contoh.id,village_operator,,{other_kecamatan}\n")
    response = _post(client, a, rows, "run")
    assert response.status_code == 422
    assert "OPD DINKES tidak dikenal di kabupaten/kota ini." in response.text
    assert f"Kode kecamatan/desa {other_kecamatan} tidak dikenal di kabupaten/kota ini." in response.text
    assert (_counts(app, a), _counts(app, b)) == (before_a, before_b)
    # A citizen of the regency cannot reach the page at all.
    add_user(app, a, role="citizen", email="warga@contoh.id")
    citizen = app.test_client()
    sign_in(citizen, a, "warga@contoh.id")
    assert citizen.get(PAGE, base_url=f"http://{a.primary_host}").status_code == 403
    assert citizen.get(f"{PAGE}/templat.csv", base_url=f"http://{a.primary_host}").status_code == 403


def test_a_full_file_report_stays_light(app, make_tenant):
    tenant = make_tenant()
    client, _k, _d = _setup(app, tenant)
    rows = "".join(f"Petugas Nomor {n},petugas.nomor{n}@contoh.id,officer,DPMPTSP,\n" for n in range(200))
    checked = _post(client, tenant, "nama,email,peran,opd,kode_wilayah\n" + rows, "check")
    assert checked.status_code == 200 and "Semua 200 baris benar" in checked.text
    assert len(checked.data) < 50 * 1024


def test_an_account_registered_between_check_and_import_leaves_nothing_half_imported(app, make_tenant, monkeypatch):
    from kiblat.platform.admin import imports
    from kiblat.platform.identity.accounts import create_user

    tenant = make_tenant()
    _client, _k, _d = _setup(app, tenant)
    header = ["nama", "email", "peran", "opd", "kode_wilayah"]
    rows = [["Pertama", "pertama@contoh.id", "officer", "DPMPTSP", ""],
            ["Kedua", "kedua@contoh.id", "officer", "DPMPTSP", ""]]
    real_check = imports.check_rows

    def check_then_someone_registers(*args):  # noqa: ANN002, ANN202
        report = real_check(*args)
        create_user(name="Cepat", role="citizen", email="kedua@contoh.id")  # lands after the check
        tenant_db.session.commit()
        return report

    monkeypatch.setattr(imports, "check_rows", check_then_someone_registers)
    before = _counts(app, tenant)
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        try:
            imports.import_rows(header, rows)
        except services.AdminError as exc:
            assert "sudah terdaftar" in str(exc) or "berubah selama impor" in str(exc)
        else:
            raise AssertionError("the import went through")
    users, invitations, mails = _counts(app, tenant)
    assert (users, invitations, mails) == (before[0] + 1, before[1], before[2])  # only the racing account
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(User.id).where(User.email == "pertama@contoh.id")) is None
