"""Thin handlers of the staff console; the logic is in ``overview``, ``detail``, ``actions``,
``fleet`` and ``activity``, which the tests call directly too."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.console import actions, activity, fleet
from kiblat.platform.console import smart_city as smart_city_table
from kiblat.platform.console.database_servers import server_overview
from kiblat.platform.console.detail import tenant_detail
from kiblat.platform.console.forms import ActionForm, DeleteForm, ReasonForm, SettingsForm
from kiblat.platform.console.overview import STATUSES, Filters, page_of, provinces, tenant_rows
from kiblat.platform.console.usage import usage_for
from kiblat.platform.identity.staff.sessions import get_current_staff, staff_required
from kiblat.platform.jobs.queue import enqueue, failed_jobs, stats
from kiblat.platform.site.charts import column_chart
from kiblat.platform.smartcity.jobs import JOB_KIND as SNAPSHOT_JOB
from kiblat.platform.uploads import send_download
from kiblat.tenants.portability.exports import archive_path


def _modules() -> list:
    return list(current_app.extensions["kiblat_modules"])


@staff_required
def index() -> str:
    filters = Filters.from_args(request.args)
    rows = tenant_rows(filters)
    shown, page, pages = page_of(rows, request.args.get("halaman", 1, type=int) or 1)
    usage = usage_for([r.slug for r in shown])
    return render_template("console/index.html", rows=shown, total=len(rows), page=page, pages=pages,
                           usage=usage, filters=filters, statuses=STATUSES, provinces=provinces(),
                           modules=_modules())


def _render_tenant(slug: str, error: str | None = None, section: str | None = None,
                   status: int = 200) -> tuple[str, int]:
    detail = tenant_detail(slug)
    if detail is None:
        abort(404)
    forms = {
        "suspend": ReasonForm(prefix="suspend"), "archive": ReasonForm(prefix="archive"),
        "delete": DeleteForm(prefix="delete"), "action": ActionForm(),
    }
    settings_forms = {m.key: SettingsForm(prefix=f"m-{m.key}") for m in detail.modules}
    for state in detail.modules:
        form = settings_forms[state.key]
        if form.settings.data is None or request.method == "GET" or section != state.key:
            form.settings.data = state.settings_json if state.enabled else "{}"
    return render_template("console/tenant.html", d=detail, forms=forms, settings_forms=settings_forms,
                           error=error, section=section, port=request.host.partition(":")[2]), status


@staff_required
def database_servers() -> str:
    return render_template("console/servers.html", overview=server_overview())


@staff_required
def tenant(slug: str) -> tuple[str, int]:
    return _render_tenant(slug)


def _act(slug: str, section: str, form, call, done: str) -> Response | tuple[str, int]:  # noqa: ANN001
    if not form.validate_on_submit():
        return _render_tenant(slug, _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), section, 400)
    try:
        call()
    except actions.ConsoleError as exc:
        return _render_tenant(slug, str(exc), section, 400)
    flash(done)
    return redirect(url_for("console.tenant", slug=slug))


@staff_required
def suspend(slug: str) -> Response | tuple[str, int]:
    form = ReasonForm(prefix="suspend")
    return _act(slug, "suspend", form, lambda: actions.suspend(get_current_staff(), slug, form.reason.data),
                _("Layanan dihentikan sementara. Warga melihat pemberitahuan penghentian."))


@staff_required
def resume(slug: str) -> Response | tuple[str, int]:
    return _act(slug, "resume", ActionForm(), lambda: actions.resume(get_current_staff(), slug),
                _("Layanan diaktifkan kembali."))


@staff_required
def archive(slug: str) -> Response | tuple[str, int]:
    form = ReasonForm(prefix="archive")
    return _act(slug, "archive", form, lambda: actions.archive(get_current_staff(), slug, form.reason.data),
                _("Kabupaten/kota diarsipkan: hanya-baca dan tersembunyi dari warga."))


@staff_required
def delete(slug: str) -> Response | tuple[str, int]:
    form = DeleteForm(prefix="delete")
    if not form.validate_on_submit():
        return _render_tenant(slug, _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), "delete", 400)
    try:
        actions.delete(get_current_staff(), slug, form.confirm.data)
    except actions.ConsoleError as exc:
        return _render_tenant(slug, str(exc), "delete", 400)
    flash(_("Kabupaten/kota %(slug)s dihapus beserta seluruh datanya.", slug=slug))
    return redirect(url_for("console.index"))


@staff_required
def export(slug: str) -> Response | tuple[str, int]:
    return _act(slug, "export", ActionForm(), lambda: actions.request_export(get_current_staff(), slug),
                _("Ekspor sedang dibuat. Muat ulang halaman ini untuk melihat kapan siap diunduh."))


@staff_required
def export_download(slug: str, export_id: str) -> Response:
    path = archive_path(slug, export_id)
    if path is None:
        abort(404)
    return send_download(open(path, "rb"), media_type="application/zip",  # noqa: SIM115 - closed with the response
                         download_name=f"kiblat-{slug}-{export_id[:8]}.zip")


@staff_required
def module_enable(slug: str, key: str) -> Response | tuple[str, int]:
    form = SettingsForm(prefix=f"m-{key}")
    return _act(slug, key, form,
                lambda: actions.enable_module(get_current_staff(), slug, key, form.settings.data),
                _("Modul %(key)s diaktifkan.", key=key))


@staff_required
def module_disable(slug: str, key: str) -> Response | tuple[str, int]:
    return _act(slug, key, ActionForm(), lambda: actions.disable_module(get_current_staff(), slug, key),
                _("Modul %(key)s dinonaktifkan; datanya tetap tersimpan.", key=key))


@staff_required
def module_settings(slug: str, key: str) -> Response | tuple[str, int]:
    form = SettingsForm(prefix=f"m-{key}")
    return _act(slug, key, form,
                lambda: actions.update_module_settings(get_current_staff(), slug, key, form.settings.data),
                _("Pengaturan modul %(key)s disimpan.", key=key))


@staff_required
def migrations() -> str | Response | tuple[str, int]:
    form = ActionForm()
    error, status = None, 200
    if request.method == "POST":
        if not form.validate_on_submit():
            error, status = _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), 400
        else:
            slugs = None if request.form.get("scope") == "semua" else request.form.getlist("tenant")
            try:
                run_id = fleet.start_upgrade(get_current_staff(), slugs)
            except actions.ConsoleError as exc:
                error, status = str(exc), 400
            else:
                flash(_("Peningkatan migrasi diantrekan."))
                return redirect(url_for("console.upgrade_run", run_id=run_id))
    rows, branches = fleet.fleet_status()
    chosen = set(request.form.getlist("tenant")) if request.method == "POST" else set()
    return render_template("console/migrations.html", rows=rows, branches=branches, form=form, error=error,
                           chosen=chosen, runs=fleet.recent_runs()), status


@staff_required
def upgrade_run(run_id: str) -> str:
    run = fleet.read_run(run_id)
    if run is None:
        abort(404)
    return render_template("console/upgrade_run.html", run=run)


@staff_required
def queue() -> str:
    return render_template("console/queue.html", counts=stats(), failed=failed_jobs(100))


@staff_required
def charts() -> str:
    months = activity.months_until()
    created = activity.tenants_created(months)
    events, users = activity.fleet_activity(months)
    return render_template(
        "console/charts.html",
        created=column_chart(_("Kabupaten/kota bergabung per bulan"), [(m[2:], n) for m, n in created]),
        events=column_chart(_("Kejadian log audit per bulan"), [(m[2:], n) for m, n in events]),
        users=column_chart(_("Pengguna aktif per bulan"), [(m[2:], n) for m, n in users]),
        series=list(zip(months, [n for _m, n in created], [n for _m, n in events], [n for _m, n in users],
                        strict=True)),
    )


def _smart_city_table() -> smart_city_table.Table:
    return smart_city_table.table(current_app.extensions["kiblat_modules"], request.args.get("urut", ""),
                                  request.args.get("arah", "turun") != "naik")


@staff_required
def smart_city() -> str:
    return render_template("console/smart_city.html", table=_smart_city_table(), form=ActionForm())


@staff_required
def smart_city_compute() -> Response:
    if ActionForm().validate_on_submit():
        enqueue(SNAPSHOT_JOB, {}, max_attempts=1)
        flash(_("Perhitungan indikator semua daerah dijadwalkan; hasilnya tampil setelah selesai."))
    return redirect(url_for("console.smart_city"))


@staff_required
def smart_city_csv() -> Response:
    return send_download(smart_city_table.to_csv(_smart_city_table()), media_type="text/csv",
                         download_name="kiblat-smart-city.csv")
