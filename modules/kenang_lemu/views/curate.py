"""The curators' pages: the catalogue with drafts, object forms, images, exhibitions."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from kiblat.modules.kenang_lemu.forms import (
    ConfirmForm,
    ExhibitionForm,
    ExhibitionItemForm,
    ImageForm,
    ImportForm,
    MoveForm,
    ObjectForm,
    PhotoBatchForm,
    ProfileForm,
)
from kiblat.modules.kenang_lemu.models import MuseumObject
from kiblat.modules.kenang_lemu.services import (
    catalogue,
    exhibitions,
    images,
    museum,
    settings,
    transfer,
)
from kiblat.modules.kenang_lemu.services import labels as label_sheet
from kiblat.modules.kenang_lemu.services import photo_batch as photo_batch_service
from kiblat.modules.kenang_lemu.services.errors import KenangLemuError
from kiblat.modules.kenang_lemu.views.common import checked, render
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.regions.lookup import UnknownRegion, desa_of, kecamatan_of
from kiblat.platform.uploads import send_download
from kiblat.platform.web.forms import error_messages, read_upload
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

CURATE = "kenang_lemu.curate"


def _object_form(obj: MuseumObject | None = None, **kwargs) -> ObjectForm:  # noqa: ANN003
    form = ObjectForm(obj=obj, **kwargs)
    form.collection.choices = [("", _("— tanpa koleksi —"))] + [(c.key, c.name) for c in museum.collections()]
    if obj is not None and not form.is_submitted():
        form.collection.data = obj.collection.key if obj.collection else ""
        code = obj.origin_code or ""
        form.origin_kecamatan.data = ".".join(code.split(".")[:3]) if code else ""
        form.origin_desa.data = code if code.count(".") == 3 else ""
        if code:
            form.origin.data = ""  # the name comes from the code; free text is for elsewhere
    kecamatan = form.origin_kecamatan.data or ""
    form.origin_kecamatan.choices = [("", _("— di luar daerah ini / tidak diketahui —"))] + [
        (r.code, r.name) for r in kecamatan_of(current_tenant.region_code)]
    try:
        desa = desa_of(kecamatan) if kecamatan else []
    except UnknownRegion:
        desa = []  # not of this regency: saving says so, nothing typed is lost
    form.origin_desa.choices = [("", _("— seluruh kecamatan —"))] + [(r.code, r.name) for r in desa]
    if form.origin_desa.data and form.origin_desa.data not in {r.code for r in desa}:
        form.origin_desa.data = ""  # a desa of another kecamatan (the kecamatan was changed)
    return form


def _found(object_id: int) -> MuseumObject:
    obj = catalogue.get(object_id)
    if obj is None:
        abort(404)
    return obj


@permission_required(CURATE)
def catalogue_list() -> str:
    return render("manage.html", objects=catalogue.all_objects(), museum=museum.museum(),
                  thumbnails=catalogue.first_images([o.id for o in catalogue.all_objects()]))


@permission_required(CURATE)
def new_object() -> Response | str:
    form = _object_form()
    error = None
    if form.only_choosing_area:
        pass
    elif form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        try:
            obj = catalogue.save(form.values(), form.collection.data or "")
        except KenangLemuError as exc:
            error = str(exc)
        else:
            record("kenang_lemu.object_created", "kenang_lemu_object", obj.id, inventory_number=obj.inventory_number)
            tenant_db.session.commit()
            flash(_("Koleksi %(number)s disimpan sebagai draf. Tambahkan foto lalu terbitkan.",
                    number=obj.inventory_number))
            return redirect(url_for("kenang_lemu.edit_object", object_id=obj.id))
    return render("object_form.html", form=form, obj=None, error=error)


def _edit_page(obj: MuseumObject, form: ObjectForm, error: str | None = None) -> str:
    return render("object_form.html", form=form, obj=obj, error=error, image_form=ImageForm(formdata=None),
                  confirm=ConfirmForm(formdata=None))


@permission_required(CURATE)
def edit_object(object_id: int) -> Response | str:
    obj = _found(object_id)
    form = _object_form(obj)
    error = None
    if form.only_choosing_area:
        pass
    elif form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        try:
            catalogue.save(form.values(), form.collection.data or "", object_id=obj.id)
        except KenangLemuError as exc:
            error = str(exc)
        else:
            record("kenang_lemu.object_updated", "kenang_lemu_object", obj.id)
            tenant_db.session.commit()
            flash(_("Perubahan disimpan."))
            return redirect(url_for("kenang_lemu.edit_object", object_id=obj.id))
    return _edit_page(obj, form, error)


@permission_required(CURATE)
def add_image(object_id: int) -> Response:
    obj = _found(object_id)
    form = ImageForm()
    if checked(form):
        upload = read_upload(form.image.data, settings.image_max_bytes())
        if upload is None:
            flash(_("Pilih foto yang akan diunggah."), "error")
        else:
            try:
                added = images.add(obj, upload[1], upload[0], form.alt.data or "", form.alt_en.data or "")
            except KenangLemuError as exc:
                flash(str(exc), "error")
            else:
                record("kenang_lemu.image_added", "kenang_lemu_image", added.id, museum_object=obj.id)
                tenant_db.session.commit()
                flash(_("Foto ditambahkan."))
    return redirect(url_for("kenang_lemu.edit_object", object_id=obj.id) + "#foto")


@permission_required(CURATE)
def remove_image(object_id: int, image_id: int) -> Response:
    obj = _found(object_id)
    found = images.get(image_id)
    if found is None or found.object_id != obj.id:
        abort(404)
    if checked(ConfirmForm()):
        images.remove(found)
        record("kenang_lemu.image_removed", "kenang_lemu_image", image_id, museum_object=obj.id)
        tenant_db.session.commit()
        flash(_("Foto dihapus."))
    return redirect(url_for("kenang_lemu.edit_object", object_id=obj.id) + "#foto")


@permission_required(CURATE)
def publish_object(object_id: int, published: bool) -> Response:
    obj = _found(object_id)
    if checked(ConfirmForm()):
        catalogue.set_published(obj, published)
        record("kenang_lemu.object_published" if published else "kenang_lemu.object_withdrawn",
               "kenang_lemu_object", obj.id)
        tenant_db.session.commit()
        flash(_("Koleksi diterbitkan.") if published else _("Koleksi ditarik dari situs publik."))
    return redirect(url_for("kenang_lemu.edit_object", object_id=obj.id))


def publish(object_id: int) -> Response:
    return publish_object(object_id, True)


def withdraw(object_id: int) -> Response:
    return publish_object(object_id, False)


# Exhibitions ----------------------------------------------------------------------------------


def _save_exhibition(form: ExhibitionForm, found: object | None = None):  # noqa: ANN202
    return exhibitions.save(form.title.data, form.intro.data or "", form.kind.data, form.starts_on.data,
                            form.ends_on.data, form.title_en.data or "", form.intro_en.data or "", found)


@permission_required(CURATE)
def exhibition_list() -> Response | str:
    form = ExhibitionForm()
    error = None
    if form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        try:
            made = _save_exhibition(form)
        except KenangLemuError as exc:
            error = str(exc)
        else:
            record("kenang_lemu.exhibition_created", "kenang_lemu_exhibition", made.id)
            tenant_db.session.commit()
            return redirect(url_for("kenang_lemu.edit_exhibition", exhibition_id=made.id))
    return render("manage_exhibitions.html", shown=exhibitions.all_exhibitions(published_only=False), form=form,
                  error=error)


def _exhibition(exhibition_id: int):  # noqa: ANN202
    found = exhibitions.get(exhibition_id)
    if found is None:
        abort(404)
    return found


@permission_required(CURATE)
def edit_exhibition(exhibition_id: int) -> Response | str:
    found = _exhibition(exhibition_id)
    form = ExhibitionForm(obj=found)
    error = None
    if form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        try:
            _save_exhibition(form, found)
        except KenangLemuError as exc:
            error = str(exc)
        else:
            record("kenang_lemu.exhibition_updated", "kenang_lemu_exhibition", found.id)
            tenant_db.session.commit()
            flash(_("Perubahan disimpan."))
            return redirect(url_for("kenang_lemu.edit_exhibition", exhibition_id=found.id))
    return render("exhibition_form.html", exhibition=found, form=form, error=error,
                  item_form=ExhibitionItemForm(formdata=None), move_form=MoveForm(formdata=None),
                  confirm=ConfirmForm(formdata=None))


@permission_required(CURATE)
def exhibition_add(exhibition_id: int) -> Response:
    found = _exhibition(exhibition_id)
    form = ExhibitionItemForm()
    if checked(form):
        try:
            exhibitions.add_object(found, form.inventory_number.data)
        except KenangLemuError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Koleksi ditambahkan ke pameran."))
    return redirect(url_for("kenang_lemu.edit_exhibition", exhibition_id=found.id))


@permission_required(CURATE)
def exhibition_order(exhibition_id: int) -> Response:
    found = _exhibition(exhibition_id)
    form = MoveForm()
    if checked(form):
        try:
            if form.step.data == 0:
                exhibitions.remove_item(found, form.item.data)
            else:
                exhibitions.move(found, form.item.data, form.step.data)
        except KenangLemuError as exc:
            flash(str(exc), "error")
    return redirect(url_for("kenang_lemu.edit_exhibition", exhibition_id=found.id))


@permission_required(CURATE)
def exhibition_publish(exhibition_id: int) -> Response:
    found = _exhibition(exhibition_id)
    if checked(ConfirmForm()):
        exhibitions.set_published(found, not found.published)
        record("kenang_lemu.exhibition_published" if found.published else "kenang_lemu.exhibition_withdrawn",
               "kenang_lemu_exhibition", found.id)
        tenant_db.session.commit()
        flash(_("Pameran diterbitkan.") if found.published else _("Pameran ditarik dari situs publik."))
    return redirect(url_for("kenang_lemu.edit_exhibition", exhibition_id=found.id))


@permission_required(CURATE)
def labels() -> Response:
    """The label sheet of an exhibition's published objects (``?pameran=<id>``) or of them all."""
    exhibition_id = request.args.get("pameran", type=int)
    if exhibition_id:
        found = _exhibition(exhibition_id)
        objects = exhibitions.public_objects(found)
        name = f"label-{found.slug}.pdf"
    else:
        objects = [o for o in catalogue.all_objects() if o.published]
        name = "label-koleksi.pdf"
    content = label_sheet.pdf(objects, lambda obj: url_for("kenang_lemu.detail", object_id=obj.id, _external=True))
    return send_download(content, download_name=name, media_type="application/pdf", inline=True)


@permission_required(CURATE)
def export_csv() -> Response:
    return send_download(transfer.export_csv(), download_name="katalog-museum.csv", media_type="text/csv")


@permission_required(CURATE)
def import_csv() -> Response | str:
    form = ImportForm()
    error = None
    if checked(form):
        upload = read_upload(form.table.data, settings.image_max_bytes())
        if upload is None:
            error = _("Pilih berkas CSV yang akan diimpor.")
        else:
            try:
                result = transfer.import_csv(upload[1], upload[0], settings.image_max_bytes())
            except KenangLemuError as exc:
                error = str(exc)
            else:
                record("kenang_lemu.imported", "kenang_lemu_object", None, created=result.created,
                       updated=result.updated)
                tenant_db.session.commit()
                flash(_("Impor selesai: %(created)s koleksi baru, %(updated)s diperbarui.", created=result.created,
                        updated=result.updated))
                return redirect(url_for("kenang_lemu.manage"))
    return render("import.html", form=form, error=error, columns=transfer.COLUMNS)


@permission_required(CURATE)
def photo_batch() -> Response | str:
    """Many photos at once. Without script the form posts what fits in one request; with it
    (static/photo_batch.js) each file is posted alone and answered in JSON."""
    form = PhotoBatchForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    results: list[tuple[str, str, bool]] = []  # file name, what happened, added
    if form.is_submitted():
        if not form.validate():
            if wants_json:
                return jsonify(ok=False, message=error_messages(form)[0]), 400
            flash(error_messages(form)[0], "error")
        else:
            for upload in form.photos.data or []:
                results.append(_one_photo(upload))
            if not results:
                flash(_("Pilih foto yang akan diunggah."), "error")
            elif wants_json:
                name, message, added = results[0]
                return jsonify(ok=added, file=name, message=message), 200 if added else 422
    return render("photo_batch.html", form=form, results=results,
                  added=sum(1 for r in results if r[2]), max_mb=settings.image_max_bytes() // (1024 * 1024))


def _one_photo(upload) -> tuple[str, str, bool]:  # noqa: ANN001
    read = read_upload(upload, settings.image_max_bytes())
    if read is None:
        return "", _("Berkas kosong."), False
    filename, data = read
    try:
        obj, image = photo_batch_service.add_photo(filename, data)
    except KenangLemuError as exc:
        tenant_db.session.rollback()
        return filename, str(exc), False
    record("kenang_lemu.image_added", "kenang_lemu_image", image.id, museum_object=obj.id, file=filename[:120])
    tenant_db.session.commit()
    return filename, _("Ditambahkan ke %(number)s — %(title)s", number=obj.inventory_number, title=obj.title), True


@permission_required(CURATE)
def profile() -> Response | str:
    found = museum.museum()
    form = ProfileForm(obj=found)
    error = None
    if form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        try:
            museum.update_profile({f.name: f.data or "" for f in form if f.name != "csrf_token"})
        except KenangLemuError as exc:
            error = str(exc)
        else:
            record("kenang_lemu.profile", "kenang_lemu_museum", found.id)
            tenant_db.session.commit()
            flash(_("Perubahan disimpan."))
            return redirect(url_for("kenang_lemu.about"))
    return render("profile_form.html", form=form, error=error)
