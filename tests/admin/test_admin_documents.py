"""The regency admin uploads the signing certificate (PKCS#12, stored encrypted) and sets the
signing officials; documents are then signed with that certificate in that official's name."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from kiblat.platform.documents import certificates, signers
from kiblat.platform.documents.models import DocumentSigner, SigningCertificate
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import Opd
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import add_user, sign_in

PAGE = "/admin/dokumen"


def _p12(password: bytes, days: int = 365, name: str = "Bupati Uji") -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pemerintah Kabupaten Uji")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=2))
            .not_valid_after(now + timedelta(days=days)).sign(key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"uji", key, cert, None,
                                                 serialization.BestAvailableEncryption(password))


def _admin(app, tenant):  # noqa: ANN001, ANN202
    add_user(app, tenant, role="admin", email=f"admin@{tenant.slug}.example.id")
    client = app.test_client()
    assert sign_in(client, tenant, f"admin@{tenant.slug}.example.id").status_code == 302
    return client


def test_admin_uploads_certificate_and_sets_officials(app, make_tenant):
    tenant, other = make_tenant(), make_tenant()
    host = f"http://{tenant.primary_host}"
    admin = _admin(app, tenant)
    with app.app_context(), tenant_context(tenant):
        tenant_db.session.add(Opd(name="Dinas Penanaman Modal dan PTSP", short_name="DPMPTSP"))
        tenant_db.session.commit()
    assert "Belum ada sertifikat" in admin.get(PAGE, base_url=host).text

    good = _p12(b"rahasia-daerah")
    wrong = post_form(admin, tenant, "/admin/dokumen/sertifikat",
                      {"berkas": (io.BytesIO(good), "ttd.p12"), "sandi": "salah"}, page=PAGE)
    assert wrong.status_code == 422 and "kata sandinya salah" in wrong.text
    expired = post_form(admin, tenant, "/admin/dokumen/sertifikat",
                        {"berkas": (io.BytesIO(_p12(b"x", days=-1)), "lama.p12"), "sandi": "x"}, page=PAGE)
    assert expired.status_code == 422 and "tidak berlaku saat ini" in expired.text
    done = post_form(admin, tenant, "/admin/dokumen/sertifikat",
                     {"berkas": (io.BytesIO(good), "ttd.p12"), "sandi": "rahasia-daerah"}, page=PAGE)
    assert done.status_code == 302
    assert "Bupati Uji" in admin.get(PAGE, base_url=host).text

    bad_nip = post_form(admin, tenant, "/admin/dokumen/pejabat", {
        "lingkup": "opd:DPMPTSP", "nama": "Ir. Rahmat", "nip": "123", "jabatan": "Kepala Dinas"}, page=PAGE)
    assert bad_nip.status_code == 422 and "18 angka" in bad_nip.text
    saved = post_form(admin, tenant, "/admin/dokumen/pejabat", {
        "lingkup": "opd:DPMPTSP", "unit": "Dinas PMPTSP", "alamat": "Jl. Negara 1", "nama": "Ir. Rahmat",
        "nip": "19700312 199503 1 002", "jabatan": "Kepala Dinas"}, page=PAGE)
    assert saved.status_code == 302
    page = admin.get(PAGE, base_url=host).text
    assert "Ir. Rahmat" in page and "197003121995031002" in page and "Dinas Penanaman Modal dan PTSP" in page

    with app.app_context(), tenant_context(tenant):
        row = certificates.active()
        assert row.subject.startswith("Bupati Uji") and not row.self_signed
        # Stored encrypted: neither the file nor its password appears in the row.
        assert b"rahasia-daerah" not in row.password_encrypted.encode()
        assert good not in row.pkcs12_encrypted.encode()
        _row, loaded = certificates.load()
        assert loaded.pkcs12 == good and loaded.password == b"rahasia-daerah"
        signer = tenant_db.session.scalar(select(DocumentSigner))
        assert (signer.scope, signer.signer_nip) == ("opd:DPMPTSP", "197003121995031002")
        actions = set(tenant_db.session.scalars(select(AuditEntry.action)))
        assert {"documents.certificate_uploaded", "documents.signer_saved"} <= actions
        assert [label for _scope, label in signers.scope_choices()][1:] == ["Dinas Penanaman Modal dan PTSP"]
    with app.app_context(), tenant_context(other):
        assert tenant_db.session.scalar(select(SigningCertificate)) is None
        assert tenant_db.session.scalar(select(DocumentSigner)) is None


def test_citizen_cannot_open_the_documents_page(app, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    citizen = app.test_client()
    sign_in(citizen, tenant, "warga@contoh.id")
    assert citizen.get(PAGE, base_url=f"http://{tenant.primary_host}").status_code == 403
