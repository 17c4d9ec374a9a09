"""The regency admin's page for API clients (``/admin/api``)."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from kiblat.platform.identity.api import services
from kiblat.platform.identity.api.forms import ApiClientForm, RevokeForm
from kiblat.platform.identity.api.scopes import available_scopes
from kiblat.platform.identity.sessions import get_current_user
from kiblat.tenants.context import current_tenant


def _form() -> ApiClientForm:
    form = ApiClientForm()
    locale = str(get_locale() or "id")
    # The description for people; the scope's key (what a client asks for) as code beside it.
    form.scopes.choices = [(key, Markup("{} <code>{}</code>").format(scope.description.get(locale), key))
                           for key, scope in sorted(available_scopes(current_tenant).items())]
    return form


def index():  # noqa: ANN201
    form = _form()
    if form.validate_on_submit():
        user = get_current_user()
        try:
            client, secret = services.create_client(form.name.data, form.scopes.data or [],
                                                    created_by_id=user.id if user else None)
        except services.ApiClientError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            # The secret is shown on this response only; it is never stored in clear.
            response = make_response(render_template("api_clients/created.html", client=client, secret=secret,
                                                     token_url=url_for("api_v1.token", _external=True)))
            response.headers["Cache-Control"] = "no-store"
            return response
    return render_template("api_clients/index.html", form=form, clients=services.list_clients(),
                           revoke_form=RevokeForm(), openapi_url=url_for("api_v1.openapi", _external=True))


def revoke(client_pk: int):  # noqa: ANN201
    if not RevokeForm().validate_on_submit():
        abort(400)
    try:
        client = services.revoke_client(client_pk)
    except services.ApiClientError:
        abort(404)
    flash(_("Klien %(name)s dicabut; tokennya tidak berlaku lagi.", name=client.name))
    return redirect(url_for("api_clients.index"))
