"""The regency admin's modules page: switch on, switch off (after a stated confirmation), settings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.admin import modules
from kiblat.platform.admin.forms import ConfirmForm, ModuleNameForm, settings_form, settings_values
from kiblat.platform.identity.audit.service import record
from kiblat.platform.web.forms import error_messages
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def module_list() -> str:
    enabled = [row for row in modules.overview() if row.enabled]
    return render_template("admin/module_list.html", rows=modules.overview(),
                           fee=modules.monthly_fee({row.manifest.key for row in enabled}))


def _change(key: str, enabling: bool) -> str | Response | tuple[str, int]:
    manifest = modules.get_manifest(key) or abort(404)
    form = ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            (modules.enable if enabling else modules.disable)(manifest)
        except (modules.ModuleChangeRefused, tenant_services.TenantError) as exc:
            error = str(exc)
        else:
            name = modules.display_name(manifest)
            flash(_("%(name)s diaktifkan.", name=name) if enabling else _("%(name)s dinonaktifkan.", name=name))
            return redirect(url_for("admin.module_list"))
    preview = modules.preview_enable(manifest) if enabling else modules.preview_disable(manifest)
    return render_template("admin/module_change.html", preview=preview, form=form, error=error), \
        422 if error else 200


def module_enable(key: str) -> str | Response | tuple[str, int]:
    return _change(key, enabling=True)


def module_disable(key: str) -> str | Response | tuple[str, int]:
    return _change(key, enabling=False)


def module_settings(key: str) -> str | Response | tuple[str, int]:
    manifest = modules.get_manifest(key) or abort(404)
    if key not in current_tenant.modules:
        abort(404)
    schema = manifest.settings_schema
    form = settings_form(schema, {**manifest.settings_defaults, **current_tenant.settings_for(key)})
    error = None
    if form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        try:
            tenant_services.update_module_settings(current_tenant.slug, key, settings_values(form, schema))
        except tenant_services.TenantError:
            error = _("Pengaturan tidak sesuai batas yang diizinkan modul ini.")
        else:
            flash(_("Pengaturan %(name)s tersimpan.", name=modules.display_name(manifest)))
            return redirect(url_for("admin.module_list"))
    return _settings_page(manifest, form, error)


def _settings_page(manifest, form, error: str | None, name_form: ModuleNameForm | None = None,  # noqa: ANN001
                   name_error: str | None = None) -> tuple[str, int]:
    if name_form is None:
        name_form = ModuleNameForm(formdata=None, display_name=dict(current_tenant.module_names).get(manifest.key, ""))
    return render_template("admin/module_settings.html", manifest=manifest, name=modules.display_name(manifest),
                           form=form, error=error, name_form=name_form, name_error=name_error,
                           default_name=manifest.name.get("id")), 422 if error or name_error else 200


def module_rename(key: str) -> str | Response | tuple[str, int]:
    manifest = modules.get_manifest(key) or abort(404)
    if key not in current_tenant.modules:
        abort(404)
    name_form = ModuleNameForm()
    error = None
    if not name_form.validate_on_submit():
        error = error_messages(name_form)[0] if name_form.errors else _("Formulir kedaluwarsa; coba lagi.")
    else:
        try:
            tenant_services.rename_module(current_tenant.slug, key, name_form.display_name.data)
        except tenant_services.TenantError:
            error = _("Nama tampilan paling banyak 80 karakter.")
        else:
            shown = " ".join((name_form.display_name.data or "").split())
            record("modules.rename", "module", key, display_name=shown)
            tenant_db.session.commit()
            flash(_("Warga kini melihat %(name)s.", name=shown or manifest.name.get("id")))
            return redirect(url_for("admin.module_settings", key=key))
    schema = manifest.settings_schema
    form = settings_form(schema, {**manifest.settings_defaults, **current_tenant.settings_for(key)})
    return _settings_page(manifest, form, None, name_form, error)
