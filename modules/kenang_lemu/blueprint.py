"""URL map of Kenang Lemu."""

from flask import Blueprint

from kiblat.modules.kenang_lemu.views import curate, public

bp = Blueprint("kenang_lemu", __name__, template_folder="templates", static_folder="static")
POST, BOTH = ["POST"], ["GET", "POST"]

bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/objek/<int:object_id>", "detail", public.detail)
bp.add_url_rule("/gambar/<int:image_id>/<size>.jpg", "image", public.image)
bp.add_url_rule("/pameran", "exhibitions", public.exhibition_list)
bp.add_url_rule("/pameran/<slug>", "exhibition", public.exhibition)
bp.add_url_rule("/tentang", "about", public.about)
bp.add_url_rule("/oai", "oai", public.oai)
bp.add_url_rule("/sitemap.xml", "sitemap", public.sitemap)
bp.add_url_rule("/iiif/<int:object_id>/manifest.json", "iiif_manifest", public.iiif_manifest)

bp.add_url_rule("/kelola", "manage", curate.catalogue_list)
bp.add_url_rule("/kelola/objek/baru", "new_object", curate.new_object, methods=BOTH)
bp.add_url_rule("/kelola/objek/<int:object_id>", "edit_object", curate.edit_object, methods=BOTH)
bp.add_url_rule("/kelola/objek/<int:object_id>/foto", "add_image", curate.add_image, methods=POST)
bp.add_url_rule("/kelola/objek/<int:object_id>/foto/<int:image_id>/hapus", "remove_image", curate.remove_image,
                methods=POST)
bp.add_url_rule("/kelola/objek/<int:object_id>/terbitkan", "publish", curate.publish, methods=POST)
bp.add_url_rule("/kelola/objek/<int:object_id>/tarik", "withdraw", curate.withdraw, methods=POST)
bp.add_url_rule("/kelola/profil", "profile", curate.profile, methods=BOTH)
bp.add_url_rule("/kelola/label.pdf", "labels", curate.labels)
bp.add_url_rule("/kelola/ekspor.csv", "export_csv", curate.export_csv)
bp.add_url_rule("/kelola/impor", "import_csv", curate.import_csv, methods=BOTH)
bp.add_url_rule("/kelola/foto", "photo_batch", curate.photo_batch, methods=BOTH)
bp.add_url_rule("/kelola/pameran", "manage_exhibitions", curate.exhibition_list, methods=BOTH)
bp.add_url_rule("/kelola/pameran/<int:exhibition_id>", "edit_exhibition", curate.edit_exhibition, methods=BOTH)
bp.add_url_rule("/kelola/pameran/<int:exhibition_id>/koleksi", "exhibition_add", curate.exhibition_add, methods=POST)
bp.add_url_rule("/kelola/pameran/<int:exhibition_id>/urutan", "exhibition_order", curate.exhibition_order,
                methods=POST)
bp.add_url_rule("/kelola/pameran/<int:exhibition_id>/terbitkan", "exhibition_publish", curate.exhibition_publish,
                methods=POST)
