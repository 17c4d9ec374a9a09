"""``/api/3/action/<name>`` and ``/api/action/<name>``: CKAN's Action API, GET (query string)
or POST (JSON body), answered in CKAN's envelope. On the platform host it serves the national
catalogue. The rules sit at the host's root, where CKAN clients look for them."""

from __future__ import annotations

from flask import Response, jsonify, request, url_for

from kiblat.modules.satu_data.services import ckan
from kiblat.modules.satu_data.services.catalogue import TenantCatalogue
from kiblat.modules.satu_data.services.national import NationalCatalogue
from kiblat.platform.core.extensions import csrf
from kiblat.tenants.context import get_current_tenant


def _params() -> dict:
    if request.method == "POST":
        body = request.get_json(silent=True) if request.data else {}
        if body is None:
            raise ckan.ActionError(400, "Bad request", "Bad request body: could not read the JSON")
        return body
    params: dict = {}
    for key in request.args:
        values = request.args.getlist(key)
        params[key] = values if len(values) > 1 else values[0]
    return params


def _catalogue():  # noqa: ANN202 - one of the two catalogues
    tenant = get_current_tenant()
    if tenant is None:
        return NationalCatalogue(request.host_url)
    return TenantCatalogue(request.host_url, tenant.official_name)


@csrf.exempt
def action(action: str) -> tuple[Response, int]:
    help_url = url_for("satu_data.ckan_action_v3", action="help_show", name=action, _external=True)
    try:
        result = ckan.call(_catalogue(), action, _params())
    except ckan.ActionError as exc:
        return jsonify(help=help_url, success=False, error=exc.error()), exc.status
    response = jsonify(help=help_url, success=True, result=result)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response, 200


def mount(state) -> None:  # noqa: ANN001 - flask.blueprints.BlueprintSetupState
    """Registered by the blueprint: CKAN's paths at the root of the host, with endpoints of this
    blueprint (so the module's guard applies: off where the module is off)."""
    for rule, endpoint in (("/api/3/action/<action>", "satu_data.ckan_action_v3"),
                           ("/api/action/<action>", "satu_data.ckan_action")):
        state.app.add_url_rule(rule, endpoint, action, methods=["GET", "POST"])
