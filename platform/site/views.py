"""Thin handlers of the public platform pages; data comes from ``adoption`` and manifests."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _

from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.site.adoption import adoption as build_adoption
from kiblat.platform.site.charts import row_chart
from kiblat.platform.web.page_cache import cached_for_anonymous


def _modules() -> ModuleRegistry:
    return current_app.extensions["kiblat_modules"]


@cached_for_anonymous
def about() -> str:
    return render_template("site/about.html", modules=list(_modules()))


@cached_for_anonymous
def catalogue() -> str:
    return render_template("site/catalogue.html", modules=list(_modules()))


@cached_for_anonymous
def adoption() -> str:
    """Built only from the regions and the tenant registry, so the page cache keys it fully."""
    modules = list(_modules())
    data = build_adoption([m.key for m in modules])
    chart = row_chart(_("Kabupaten/kota pengguna per provinsi"),
                      [(p.name, p.adopting) for p in data.provinces])
    return render_template("site/adoption.html", data=data, modules=modules, chart=chart)
