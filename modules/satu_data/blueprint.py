"""URL map of Satu Data. CKAN's Action API sits at the host's root (``/api/3/action/…``),
where CKAN clients and harvesters look for it: ``views.ckan.mount`` adds those two rules."""

from flask import Blueprint

from kiblat.modules.satu_data.views import ckan, dcat, portal, producer, steward

bp = Blueprint("satu_data", __name__, template_folder="templates")
bp.add_url_rule("/", "portal", portal.portal)
bp.add_url_rule("/catalog.jsonld", "catalog_jsonld", dcat.catalog_jsonld)
bp.add_url_rule("/dataset/<name>", "dataset_page", portal.dataset_page)
bp.add_url_rule("/dataset/<name>.jsonld", "dataset_jsonld", dcat.dataset_jsonld)
bp.add_url_rule("/dataset/<name>.ttl", "dataset_ttl", dcat.dataset_ttl)
bp.add_url_rule("/dataset/<name>/sumber/<uid>", "resource_page", portal.resource_page)
bp.add_url_rule("/dataset/<name>/sumber/<uid>/unduh", "download", portal.download)
bp.add_url_rule("/kelola/", "manage", producer.index)
bp.add_url_rule("/kelola/baru", "new", producer.new, methods=["GET", "POST"])
bp.add_url_rule("/kelola/<int:dataset_id>", "edit", producer.edit, methods=["GET", "POST"])
bp.add_url_rule("/kelola/<int:dataset_id>/versi-baru", "new_version", producer.new_version, methods=["POST"])
bp.add_url_rule("/kelola/<int:dataset_id>/hapus-sumber", "remove_resource", producer.remove_resource,
                methods=["POST"])
bp.add_url_rule("/walidata/", "queue", steward.queue)
bp.add_url_rule("/walidata/periksa/<int:version_id>", "examine", steward.examine, methods=["GET", "POST"])
bp.add_url_rule("/walidata/rencana", "plan", steward.plan, methods=["GET", "POST"])
bp.add_url_rule("/walidata/modul", "living_list", steward.living_list, methods=["GET", "POST"])
bp.record(ckan.mount)
