"""The produsen data's pages: their OPD's datasets, writing a version, tables with their
problems row by row, and submitting to the walidata."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from kiblat.modules.satu_data.forms import DatasetForm, NewVersionForm, RemoveResourceForm
from kiblat.modules.satu_data.models import Dataset
from kiblat.modules.satu_data.services import access, datasets, metadata, plans, settings
from kiblat.modules.satu_data.services.access import PRODUCE, WALIDATA
from kiblat.platform.identity.sessions import (
    current_permissions,
    get_current_user,
    permission_required,
)
from kiblat.platform.uploads import UploadError
from kiblat.platform.web.forms import error_messages, read_upload
from kiblat.tenants.database import tenant_db


def meta_from(form: DatasetForm) -> dict:
    """The version's metadata as typed (MetadataError for unreadable variables)."""
    return {"title": form.judul.data or "", "notes": form.deskripsi.data or "", "topic": form.topik.data,
            "tags": metadata.parse_tags(form.kata_kunci.data or ""), "license_id": form.lisensi.data,
            "frequency": form.frekuensi.data, "temporal_start": form.tahun_awal.data,
            "temporal_end": form.tahun_akhir.data, "spatial": form.wilayah.data or "", "contact": form.kontak.data or "",
            "variables": [v.as_dict() for v in metadata.parse_variables(form.variabel.data or "")]}


def form_data(meta: dict, private: bool) -> dict:
    return {"judul": meta.get("title"), "deskripsi": meta.get("notes"), "topik": meta.get("topic"),
            "kata_kunci": ", ".join(meta.get("tags", [])), "lisensi": meta.get("license_id"),
            "frekuensi": meta.get("frequency"), "tahun_awal": meta.get("temporal_start"),
            "tahun_akhir": meta.get("temporal_end"), "wilayah": meta.get("spatial"), "kontak": meta.get("contact"),
            "variabel": metadata.variables_text(meta.get("variables", [])), "internal": private}


def _attach(form: DatasetForm, version, user, permissions) -> None:  # noqa: ANN001
    upload = read_upload(form.berkas.data if isinstance(form.berkas.data, FileStorage) else None,
                         settings.upload_max_bytes())
    if upload is not None:
        datasets.add_table(version, user, permissions, upload[0], upload[1], form.nama_sumber.data or "")
    elif form.tautan.data:
        datasets.add_link(version, user, permissions, form.tautan.data, form.nama_sumber.data or "",
                          form.format_tautan.data or "CSV")


REFUSALS = (datasets.DatasetError, metadata.MetadataError, access.AccessError, UploadError)


@permission_required(PRODUCE)
def index() -> str:
    user, permissions = get_current_user(), current_permissions()
    if WALIDATA in permissions:
        items = list(tenant_db.session.scalars(select(Dataset).order_by(Dataset.id)))
    else:
        items = datasets.datasets_of_opd(user.opd_id) if user.opd_id else []
    return render_template("satu_data/manage.html", items=items, opd=user.opd,
                           pending=datasets.pending_version)


@permission_required(PRODUCE)
def new() -> Response | tuple[str, int]:
    user, permissions = get_current_user(), current_permissions()
    form = DatasetForm()
    form.rencana.choices = [(0, _("Tidak ada"))] + [(p.id, p.title) for p in plans.plans_of_opd(user.opd_id)]
    error = None
    if form.is_submitted() and not form.validate():
        error = "; ".join(error_messages(form))
    elif form.is_submitted():
        try:
            dataset = datasets.create_dataset(user, permissions, meta_from(form), name=form.nama.data or None,
                                              private=form.internal.data, plan_id=form.rencana.data or None)
            _attach(form, dataset.versions[0], user, permissions)
            tenant_db.session.commit()
            flash(_("Dataset tersimpan sebagai draf. Periksa tabelnya lalu ajukan ke walidata."))
            return redirect(url_for("satu_data.edit", dataset_id=dataset.id))
        except REFUSALS as exc:
            tenant_db.session.rollback()
            error = str(exc)
    elif user.opd_id is None:
        error = _("Akun Anda belum terhubung dengan OPD. Minta admin menghubungkannya.")
    return render_template("satu_data/edit.html", form=form, error=error, dataset=None, version=None,
                           types=metadata.TYPES), (400 if error else 200)


def _own_dataset(dataset_id: int) -> Dataset:
    dataset = tenant_db.session.get(Dataset, dataset_id)
    if dataset is None or not access.can_edit(dataset, get_current_user(), current_permissions()):
        abort(404)  # another OPD's dataset does not exist for this producer
    return dataset


@permission_required(PRODUCE)
def edit(dataset_id: int) -> Response | tuple[str, int]:
    user, permissions = get_current_user(), current_permissions()
    dataset = _own_dataset(dataset_id)
    version = datasets.editable_version(dataset)
    form = DatasetForm() if version is not None else None
    error = None
    if form is not None and form.is_submitted():
        if not form.validate():
            error = "; ".join(error_messages(form))
        else:
            try:
                message = _act(form, version, user, permissions)
                tenant_db.session.commit()
                flash(message)
                return redirect(url_for("satu_data.edit", dataset_id=dataset.id))
            except REFUSALS as exc:
                tenant_db.session.rollback()
                error = str(exc)
                version = datasets.editable_version(dataset)
    elif form is not None:
        form.process(data=form_data(version.meta, dataset.private))
    return render_template("satu_data/edit.html", form=form, error=error, dataset=dataset, version=version,
                           pending=datasets.pending_version(dataset), types=metadata.TYPES,
                           new_version_form=NewVersionForm(), remove_form=RemoveResourceForm()), \
        (400 if error else 200)


def _act(form: DatasetForm, version, user, permissions) -> str:  # noqa: ANN001
    datasets.update_meta(version, user, permissions, meta_from(form), private=form.internal.data)
    _attach(form, version, user, permissions)
    if form.aksi.data == "ajukan":
        datasets.submit(version, user, permissions, form.catatan.data or "")
        return _("Dataset diajukan ke walidata.")
    if any(resource.problems for resource in version.resources):
        return _("Tersimpan. Tabel masih berisi kesalahan: lihat daftar di bawah.")
    return _("Tersimpan.")


@permission_required(PRODUCE)
def new_version(dataset_id: int) -> Response:
    dataset = _own_dataset(dataset_id)
    form = NewVersionForm()
    if form.validate_on_submit():
        try:
            datasets.open_new_version(dataset, get_current_user(), current_permissions())
            tenant_db.session.commit()
        except REFUSALS as exc:
            tenant_db.session.rollback()
            flash(str(exc))
    return redirect(url_for("satu_data.edit", dataset_id=dataset.id))


@permission_required(PRODUCE)
def remove_resource(dataset_id: int) -> Response:
    dataset = _own_dataset(dataset_id)
    version = datasets.editable_version(dataset)
    form = RemoveResourceForm()
    if version is not None and form.validate_on_submit():
        try:
            datasets.remove_resource(version, get_current_user(), current_permissions(), form.sumber.data)
            tenant_db.session.commit()
            flash(_("Sumber data dihapus."))
        except REFUSALS as exc:
            tenant_db.session.rollback()
            flash(str(exc))
    return redirect(url_for("satu_data.edit", dataset_id=dataset.id))
