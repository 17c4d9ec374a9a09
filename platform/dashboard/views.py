"""Thin handlers: data from ``kiblat.platform.smartcity``; the admin sees everything and chooses
what the public sees."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.dashboard.forms import ComputeForm, PublishForm
from kiblat.platform.identity.sessions import has_permission
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.smartcity import services
from kiblat.platform.smartcity.charts import trend_svg
from kiblat.platform.smartcity.dimensions import DIMENSIONS
from kiblat.platform.smartcity.snapshots import run_snapshots
from kiblat.tenants.context import current_tenant
from kiblat.tenants.registry import tenant_registry


def _modules() -> ModuleRegistry:
    return current_app.extensions["kiblat_modules"]


def index() -> str:
    admin = has_permission("tenant.settings") and request.args.get("tampilan") != "publik"
    dimensions = services.overview(_modules(), current_tenant, public=not admin)
    return render_template(
        "dashboard/index.html", dimensions=dimensions, labels=DIMENSIONS, admin=admin,
        can_admin=has_permission("tenant.settings"), trend_svg=trend_svg,
        publish_form=PublishForm(), compute_form=ComputeForm(), platform_url=_platform_url(),
    )


def _platform_url() -> str:
    port = request.host.partition(":")[2]
    return f"//{current_app.config['BASE_DOMAIN']}{':' + port if port else ''}"


def publish() -> Response:
    form = PublishForm()
    if form.validate_on_submit():
        tenant = tenant_registry().by_slug(current_tenant.slug)
        try:
            services.set_published(_modules(), tenant, form.indicator.data, form.publish.data)
        except services.IndicatorError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Indikator ditampilkan untuk umum.") if form.publish.data else _("Indikator disembunyikan dari umum."))
    else:
        flash(_("Permintaan tidak sah; muat ulang halaman lalu coba lagi."), "error")
    return redirect(url_for("smart_city.index"))


def compute() -> Response:
    if ComputeForm().validate_on_submit():
        app = current_app._get_current_object()  # noqa: SLF001 — the indicator threads need the app
        report = run_snapshots(app, _modules(), [current_tenant.slug])
        flash(_("%(n)s indikator dihitung, %(failed)s gagal.", n=report.computed, failed=len(report.failures)))
    return redirect(url_for("smart_city.index"))
