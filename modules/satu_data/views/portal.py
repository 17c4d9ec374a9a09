"""The public open-data portal: search with facets, dataset pages, table preview, downloads."""

from __future__ import annotations

from flask import abort, render_template, request

from kiblat.modules.satu_data.services import catalogue, metadata, preview, settings
from kiblat.modules.satu_data.views import national
from kiblat.modules.satu_data.views.common import inside_regency, portal_query, without_each
from kiblat.platform.regions.lookup import region_name
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import send_download
from kiblat.tenants.context import get_current_tenant


def portal() -> str:
    if get_current_tenant() is None:
        return national.portal()
    query, chosen, page = portal_query(settings.per_page())
    result = catalogue.run(query, include_private=inside_regency())
    pages = max(1, -(-result.count // query.rows))
    return render_template("satu_data/portal.html", result=result, chosen=chosen, page=page, pages=pages,
                           q=query.text, labels=facet_labels(), without=without_each(chosen))


def facet_labels() -> dict:
    """What people read for facet values: OPD names, topic names."""
    return {"organization": catalogue.organization_titles(), "groups": {k: str(v) for k, v in metadata.TOPICS.items()}}


def _dataset_or_404(name: str):  # noqa: ANN202
    dataset = catalogue.public_dataset(name, include_private=inside_regency())
    if dataset is None:
        abort(404)
    return dataset


def dataset_page(name: str) -> str:
    dataset = _dataset_or_404(name)
    versions = catalogue.published_versions(dataset)
    return render_template("satu_data/dataset.html", dataset=dataset, package=dataset.package,
                           spatial_name=spatial_name(versions[0].meta.get("spatial") or ""),
                           version=versions[0], older=versions[1:], meta=versions[0].meta,
                           licenses=metadata.LICENSES, topics=metadata.TOPICS, frequencies=metadata.FREQUENCIES,
                           types=metadata.TYPES)


def _resource_or_404(name: str, uid: str):  # noqa: ANN202
    dataset = _dataset_or_404(name)
    for version in catalogue.published_versions(dataset):
        for resource in version.resources:
            if resource.resource_uid == uid:
                return dataset, version, resource
    abort(404)


def resource_page(name: str, uid: str) -> str:
    dataset, version, resource = _resource_or_404(name, uid)
    page = max(1, request.args.get("halaman", 1, type=int) or 1)
    table = preview.table_page(resource, page) if resource.storage_key else None
    return render_template("satu_data/resource.html", dataset=dataset, version=version, resource=resource,
                           table=table, chart=preview.chart(resource, version.meta) if table else None)


def download(name: str, uid: str):  # noqa: ANN201
    dataset, version, resource = _resource_or_404(name, uid)
    if not resource.storage_key:
        abort(404)
    extension = "." + resource.format.lower()
    filename = f"{dataset.name}-v{version.number}{extension}"
    return send_download(tenant_storage().open(resource.storage_key), download_name=filename,
                         media_type=resource.media_type)


def spatial_name(code: str) -> str | None:
    """The region a dataset covers, by name: the regency itself, or one of its kecamatan/desa."""
    tenant = get_current_tenant()
    if not code or tenant is None:
        return None
    if code == tenant.region_code:
        return tenant.official_name
    return region_name(code) if code.count(".") >= 2 else None
