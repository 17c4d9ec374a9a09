"""A IIIF Presentation 3.0 manifest (https://iiif.io/api/presentation/3.0/) per published
object: one canvas per image painted with its large size, language-map labels (``id``, ``en``
where written, ``none`` for values in no language), the object page as homepage."""

from __future__ import annotations

from collections.abc import Callable

from kiblat.modules.kenang_lemu.models import MuseumObject
from kiblat.modules.kenang_lemu.services import images

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
LABELS = {
    "inventory_number": ("Nomor inventaris", "Inventory number"), "material": ("Bahan", "Material"),
    "dimensions": ("Ukuran", "Dimensions"), "period": ("Periode", "Period"), "origin": ("Asal", "Origin"),
    "culture": ("Budaya", "Culture"),
}


def _language_map(indonesian: str, english: str = "") -> dict[str, list[str]]:
    found = {"id": [indonesian]}
    if english:
        found["en"] = [english]
    return found


def manifest(obj: MuseumObject, manifest_url: str, page_url: str,
             image_url: Callable[[int, str], str]) -> dict:
    """The manifest as a dict; ``image_url(image_id, size)`` gives absolute image URLs."""
    base = manifest_url.rsplit("/", 1)[0]
    canvases = []
    for n, image in enumerate(obj.images, start=1):
        canvas_id = f"{base}/canvas/{n}"
        width, height = images.dimensions(image, "large")
        canvases.append({
            "id": canvas_id, "type": "Canvas", "label": _language_map(image.alt, image.alt_en),
            "width": width, "height": height,
            "items": [{"id": f"{base}/page/{n}", "type": "AnnotationPage", "items": [{
                "id": f"{base}/annotation/{n}", "type": "Annotation", "motivation": "painting",
                "body": {"id": image_url(image.id, "large"), "type": "Image", "format": "image/jpeg",
                         "width": width, "height": height},
                "target": canvas_id}]}],
        })
    document: dict = {
        "@context": CONTEXT, "id": manifest_url, "type": "Manifest",
        "label": _language_map(obj.title, obj.title_en),
        "metadata": [{"label": _language_map(*LABELS[name]), "value": {"none": [getattr(obj, name)]}}
                     for name in LABELS if getattr(obj, name)],
        "homepage": [{"id": page_url, "type": "Text", "label": _language_map(obj.title, obj.title_en),
                      "format": "text/html"}],
        "items": canvases,
    }
    if obj.description:
        document["summary"] = _language_map(obj.description, obj.description_en)
    if obj.rights:
        document["requiredStatement"] = {"label": _language_map("Hak", "Rights"), "value": {"none": [obj.rights]}}
    if obj.images:
        first = obj.images[0]
        width, height = images.dimensions(first, "thumbnail")
        document["thumbnail"] = [{"id": image_url(first.id, "thumbnail"), "type": "Image", "format": "image/jpeg",
                                  "width": width, "height": height}]
    return document
