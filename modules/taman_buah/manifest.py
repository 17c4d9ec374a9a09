"""Taman Buah: the regency's fruit park. Entry tickets come from Kunjungan."""

from kiblat.platform.modular.manifest import (
    Localized,
    ModuleManifest,
    NavEntry,
    Permission,
    Role,
)

manifest = ModuleManifest(
    key="taman_buah",
    name=Localized("Taman Buah", "Fruit park"),
    description=Localized(
        "Agrowisata: kalender panen, tiket masuk, dan buah petik sendiri yang dijual per timbangan.",
        "Agro-tourism: harvest calendar, entry tickets and pick-your-own fruit sold by weight.",
    ),
    version="1.0.0",
    url_prefix="/taman-buah",
    blueprint="kiblat.modules.taman_buah.blueprint:bp",
    models="kiblat.modules.taman_buah.models",
    requires=("kunjungan",),
    permissions=(
        Permission("taman_buah.weigh", Localized("Menimbang dan menjual buah petik", "Weigh and sell picked fruit")),
        Permission("taman_buah.manage", Localized("Mengelola taman buah, harga dan status panen",
                                                  "Manage the park, prices and harvest status")),
    ),
    roles=(
        Role("petugas_timbang", Localized("Petugas timbang buah", "Fruit weighing staff"),
             ("account.use", "taman_buah.weigh", "kunjungan.gate")),
        Role("pengelola_taman_buah", Localized("Pengelola taman buah", "Fruit park manager"),
             ("account.use", "taman_buah.weigh", "taman_buah.manage", "kunjungan.gate", "kunjungan.manage"),
             two_factor=True),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "max_weighing_kg": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50,
                                "description": "Berat terbesar satu jenis buah per penjualan (kg)"},
            "photo_max_mb": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5,
                             "description": "Ukuran terbesar foto galeri (MB)"},
        },
    },
    navigation=(NavEntry(Localized("Taman Buah", "Fruit park"), "taman_buah.index"),),
    seed="kiblat.modules.taman_buah.services.park:seed",
    sample_data="kiblat.modules.taman_buah.sample:sample_data",
    demo_logins="kiblat.modules.taman_buah.sample:demo_logins",
    home_summary="kiblat.modules.taman_buah.services.harvest:home_summary",
    configuration_tables=("taman_buah_park", "taman_buah_feature", "taman_buah_commodity", "taman_buah_price"),
    smart_city=("branding", "living"),
    audit_actions={
        "taman_buah.status": Localized("Status panen buah diubah", "Harvest status changed"),
        "taman_buah.price": Localized("Harga buah diubah", "Fruit price changed"),
    },
)
