"""Humas's editor: list, write, preview, publish now or later, withdraw."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiblat.modules.pengumuman.forms import AnnouncementForm, WithdrawForm
from kiblat.modules.pengumuman.services import editor, media
from kiblat.modules.pengumuman.services.announcements import AnnouncementError
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.platform.web.forms import error_messages, read_upload
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

PERMISSION = "pengumuman.publish"
ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _zone() -> ZoneInfo:
    return ZoneInfo(current_tenant.time_zone)


@permission_required(PERMISSION)
def manage_list() -> str:
    items = editor.recent()
    return render_template("pengumuman/manage_list.html", items=items, state=editor.state, is_pinned=media.is_pinned)


def _form(announcement) -> AnnouncementForm:  # noqa: ANN001
    if request.method == "GET" and announcement is not None:
        local = as_utc(announcement.published_at).astimezone(_zone()).replace(tzinfo=None)
        scheduled = editor.state(announcement) == editor.SCHEDULED
        pinned = None
        if media.is_pinned(announcement):
            # Stored as the end of the chosen day (the next midnight in the regency's zone).
            pinned = (as_utc(announcement.pinned_until).astimezone(_zone()) - timedelta(seconds=1)).date()
        form = AnnouncementForm(data={"title": announcement.title, "body": announcement.body,
                                      "category": announcement.category.key if announcement.category else "",
                                      "publish_at": local if scheduled else None, "pinned_until": pinned,
                                      "cover_alt": announcement.cover_alt})
    else:
        form = AnnouncementForm()
    form.category.choices = [(c.key, c.name) for c in editor.categories()]
    return form


def _uploads(form: AnnouncementForm) -> tuple[media.Upload | None, list[media.Upload]]:
    cover = read_upload(form.cover.data, media.COVER_MAX_BYTES)
    attachments = [read_upload(f, media.ATTACHMENT_MAX_BYTES) for f in (form.attachments.data or [])]
    return (media.Upload(cover[1], cover[0]) if cover else None,
            [media.Upload(data, name) for name, data in filter(None, attachments)])


def _pin_end(form: AnnouncementForm) -> datetime | None:
    """The pin lasts through the chosen day in the regency's zone."""
    if not form.pinned_until.data:
        return None
    return datetime.combine(form.pinned_until.data + timedelta(days=1), time(0), tzinfo=_zone()).astimezone(UTC)


def _removed_attachments(announcement, form: AnnouncementForm) -> frozenset[int]:  # noqa: ANN001
    own = {a.id for a in announcement.attachments} if announcement else set()
    return frozenset(int(v) for v in form.removed_attachments.data or () if v.isdigit() and int(v) in own)


def _edit(announcement) -> str | Response | tuple[str, int]:  # noqa: ANN001
    form = _form(announcement)
    error = None
    preview = False
    if form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        publish_at = form.publish_at.data.replace(tzinfo=_zone()).astimezone(UTC) if form.publish_at.data else None
        cover, attachments = _uploads(form)
        remove_cover = bool(form.remove_cover.data) and cover is None
        if form.preview.data:
            try:
                editor.check(form.title.data, form.body.data or "", form.category.data)
                media.check_files(announcement, cover, form.cover_alt.data or "", attachments, remove_cover)
                preview = True
            except AnnouncementError as exc:
                error = str(exc)
        else:
            try:
                # Every file is checked before anything is saved: one refused file keeps the whole form.
                files = media.check_files(announcement, cover, form.cover_alt.data or "", attachments, remove_cover)
                saved = editor.save(announcement, title=form.title.data, body=form.body.data or "",
                                    category_key=form.category.data, author_name=get_current_user().name,
                                    publish=bool(form.publish.data), publish_at=publish_at,
                                    pinned_until=_pin_end(form), files=files, remove_cover=remove_cover,
                                    remove_attachments=_removed_attachments(announcement, form))
            except AnnouncementError as exc:
                tenant_db.session.rollback()
                error = str(exc)
            else:
                flash({editor.DRAFT: _("Draf tersimpan."), editor.SCHEDULED: _("Pengumuman dijadwalkan terbit."),
                       editor.PUBLISHED: _("Pengumuman diterbitkan.")}[editor.state(saved)])
                return redirect(url_for("pengumuman.manage_list"))
    return render_template("pengumuman/manage_edit.html", form=form, announcement=announcement, error=error,
                           preview=preview, withdraw_form=WithdrawForm(), media=media,
                           zone_label=ZONE_LABELS.get(current_tenant.time_zone, current_tenant.time_zone),
                           state=editor.state(announcement) if announcement else None), 422 if error else 200


@permission_required(PERMISSION)
def manage_new() -> str | Response | tuple[str, int]:
    return _edit(None)


@permission_required(PERMISSION)
def manage_edit(announcement_id: int) -> str | Response | tuple[str, int]:
    announcement = editor.get(announcement_id) or abort(404)
    return _edit(announcement)


@permission_required(PERMISSION)
def manage_withdraw(announcement_id: int) -> Response:
    announcement = editor.get(announcement_id) or abort(404)
    if not WithdrawForm().validate_on_submit():
        abort(400)
    editor.withdraw(announcement)
    flash(_("Pengumuman ditarik dari situs dan disimpan sebagai draf."))
    return redirect(url_for("pengumuman.manage_list"))
