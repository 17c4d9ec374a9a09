"""Kenang Lemu: the regency museum online. Visits are booked through Kunjungan."""

from kiblat.platform.modular.manifest import (
    Localized,
    ModuleManifest,
    NavEntry,
    OpenDataset,
    Permission,
    Role,
)

manifest = ModuleManifest(
    key="kenang_lemu",
    name=Localized("Kenang Lemu (Museum)", "Kenang Lemu (Museum)"),
    description=Localized(
        "Museum daerah daring: katalog koleksi bergambar, pameran, label QR di galeri, dan pemesanan kunjungan.",
        "The regency museum online: an illustrated collection catalogue, exhibitions, QR labels and visit booking.",
    ),
    version="1.0.0",
    url_prefix="/museum",
    blueprint="kiblat.modules.kenang_lemu.blueprint:bp",
    models="kiblat.modules.kenang_lemu.models",
    requires=("kunjungan",),
    permissions=(
        Permission("kenang_lemu.curate", Localized("Mengelola katalog koleksi dan pameran museum",
                                                   "Manage the museum's catalogue and exhibitions")),
    ),
    roles=(
        Role("kurator_museum", Localized("Kurator museum", "Museum curator"),
             ("account.use", "kenang_lemu.curate", "kunjungan.gate")),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "image_max_mb": {"type": "integer", "minimum": 1, "maximum": 20, "default": 10,
                             "description": "Ukuran terbesar foto koleksi yang diunggah (MB)"},
            "objects_per_page": {"type": "integer", "minimum": 6, "maximum": 60, "default": 24,
                                 "description": "Jumlah koleksi per halaman jelajah"},
            "oai_page_size": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100,
                              "description": "Jumlah rekaman per halaman OAI-PMH (sebelum token lanjutan)"},
        },
    },
    navigation=(NavEntry(Localized("Museum", "Museum"), "kenang_lemu.index"),),
    seed="kiblat.modules.kenang_lemu.services.museum:seed",
    sample_data="kiblat.modules.kenang_lemu.sample:sample_data",
    demo_logins="kiblat.modules.kenang_lemu.sample:demo_logins",
    configuration_tables=("kenang_lemu_museum", "kenang_lemu_collection"),
    open_datasets=(OpenDataset(
        "statistik_museum", Localized("Statistik museum daerah", "Regency museum statistics"),
        Localized("Pengunjung museum per bulan dan jumlah koleksi yang tercatat di katalog.",
                  "Museum visitors per month and the number of objects catalogued."),
        "kiblat.modules.kenang_lemu.services.open_data:yearly_figures", topic="pendidikan",
        tags=("museum", "budaya", "kunjungan")),),
    audit_actions={
        "kenang_lemu.profile": Localized("Profil museum diubah", "Museum profile changed"),
        "kenang_lemu.object_created": Localized("Koleksi ditambahkan", "Collection object added"),
        "kenang_lemu.object_updated": Localized("Koleksi diubah", "Collection object changed"),
        "kenang_lemu.object_published": Localized("Koleksi ditampilkan untuk umum", "Collection object published"),
        "kenang_lemu.object_withdrawn": Localized("Koleksi ditarik dari tampilan umum", "Collection object withdrawn"),
        "kenang_lemu.image_added": Localized("Foto koleksi ditambahkan", "Collection photo added"),
        "kenang_lemu.image_removed": Localized("Foto koleksi dihapus", "Collection photo removed"),
        "kenang_lemu.exhibition_created": Localized("Pameran ditambahkan", "Exhibition added"),
        "kenang_lemu.exhibition_updated": Localized("Pameran diubah", "Exhibition changed"),
        "kenang_lemu.exhibition_published": Localized("Pameran ditampilkan untuk umum", "Exhibition published"),
        "kenang_lemu.exhibition_withdrawn": Localized("Pameran ditarik dari tampilan umum", "Exhibition withdrawn"),
        "kenang_lemu.imported": Localized("Koleksi diimpor dari berkas", "Collection imported from a file"),
    },
)
