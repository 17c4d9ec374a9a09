"""The regency admin's page for official documents: the signing certificate and the officials."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from kiblat.platform.admin.forms import DocumentSignerForm, SigningCertificateForm
from kiblat.platform.documents import certificates, signers
from kiblat.platform.identity.audit.service import record
from kiblat.platform.uploads import UploadError, read_upload
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.database import tenant_db


def _page(cert_form: SigningCertificateForm, signer_form: DocumentSignerForm, error: str | None = None,
          status: int = 200) -> tuple[str, int]:
    rows = [(row, signers.scope_label(row.scope)) for row in signers.all_signers()]
    return render_template("admin/documents.html", certificate=certificates.active(), cert_form=cert_form,
                           signer_form=signer_form, signers=rows, error=error), status


def _signer_form() -> DocumentSignerForm:
    form = DocumentSignerForm()
    form.lingkup.choices = signers.scope_choices()
    return form


def index() -> tuple[str, int]:
    return _page(SigningCertificateForm(), _signer_form())


def upload_certificate() -> Response | tuple[str, int]:
    form = SigningCertificateForm()
    if not form.validate_on_submit():
        return _page(form, _signer_form(), "; ".join(error_messages(form)) or _("Kirim ulang formulir"), 400)
    try:
        data = read_upload(form.berkas.data, certificates.MAX_BYTES)
        row = certificates.upload(data, form.sandi.data or "")
    except (UploadError, certificates.CertificateError) as exc:
        tenant_db.session.rollback()
        return _page(form, _signer_form(), str(exc), 422)
    record("documents.certificate_uploaded", "document_certificate", row.id, subject=row.subject)
    tenant_db.session.commit()
    flash(_("Sertifikat tanda tangan elektronik terpasang; dokumen berikutnya ditandatangani dengannya."))
    return redirect(url_for("admin.documents"))


def save_signer() -> Response | tuple[str, int]:
    form = _signer_form()
    if not form.validate_on_submit():
        return _page(SigningCertificateForm(), form, "; ".join(error_messages(form)), 422)
    try:
        signers.save(form.lingkup.data or "", unit_name=form.unit.data or "", unit_address=form.alamat.data or "",
                     signer_name=form.nama.data or "", signer_nip=form.nip.data or "",
                     signer_position=form.jabatan.data or "")
    except signers.SignerError as exc:
        tenant_db.session.rollback()
        return _page(SigningCertificateForm(), form, str(exc), 422)
    flash(_("Pejabat penandatangan tersimpan."))
    return redirect(url_for("admin.documents"))


def delete_signer(signer_id: int) -> Response:
    if FlaskForm().validate_on_submit():  # the CSRF token only
        signers.delete(signer_id)
        flash(_("Pejabat penandatangan dihapus."))
    return redirect(url_for("admin.documents"))
