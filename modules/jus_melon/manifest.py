"""Jus Melon: the micro and small business licence (IUMK) online, checked by the kecamatan."""

from kiblat.platform.modular.manifest import (
    Indicator,
    Localized,
    ModuleManifest,
    NavEntry,
    OpenDataset,
    Permission,
    RetentionRule,
    Role,
)

manifest = ModuleManifest(
    key="jus_melon",
    name=Localized("Jus Melon — IUMK", "Jus Melon — micro business licence"),
    description=Localized(
        "Izin Usaha Mikro dan Kecil (IUMK) secara daring, diperiksa kecamatan dan terbit di hari yang sama.",
        "The micro and small business licence (IUMK) online, checked by the kecamatan and issued the same day.",
    ),
    version="1.0.0",
    url_prefix="/iumk",
    blueprint="kiblat.modules.jus_melon.blueprint:bp",
    models="kiblat.modules.jus_melon.models",
    requires=("sri_deli",),
    permissions=(
        Permission("jus_melon.check", Localized("Memeriksa dan menerbitkan IUMK", "Check and issue IUMK")),
        Permission("jus_melon.manage", Localized("Mengelola daftar kegiatan usaha", "Manage business activities")),
    ),
    roles=(
        Role("petugas_iumk", Localized("Petugas IUMK kecamatan", "Kecamatan IUMK officer"),
             ("account.use", "jus_melon.check"), two_factor=True, placement="kecamatan"),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "photo_max_mb": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5,
                             "description": "Ukuran terbesar foto tempat usaha (MB)"},
            # A phone photo; a header claiming more is refused before decoding.
            "photo_max_megapixels": {"type": "integer", "minimum": 1, "maximum": 100, "default": 40,
                                     "description": "Ukuran terbesar foto tempat usaha (megapiksel)"},
            "registry_size": {"type": "integer", "minimum": 10, "maximum": 200, "default": 50,
                              "description": "Jumlah usaha terbanyak per pencarian di daftar publik"},
            "queue_size": {"type": "integer", "minimum": 10, "maximum": 1000, "default": 200,
                           "description": "Jumlah pendaftaran terbanyak di antrean petugas kecamatan"},
        },
    },
    navigation=(NavEntry(Localized("IUMK", "Micro business licence"), "jus_melon.index"),),
    landing_pages={"petugas_iumk": "jus_melon.queue"},
    seed="kiblat.modules.jus_melon.services.activities:seed",
    sample_data="kiblat.modules.jus_melon.sample:sample_data",
    demo_logins="kiblat.modules.jus_melon.sample:demo_logins",
    configuration_tables=("jus_melon_activity",),
    http_api="kiblat.modules.jus_melon.http_api:api",
    assisted_services="kiblat.modules.jus_melon.services.registry:assisted_counts",
    open_datasets=(OpenDataset(
        "iumk_per_kecamatan", Localized("IUMK terbit per kecamatan", "Micro business permits issued per kecamatan"),
        Localized("Jumlah Izin Usaha Mikro Kecil yang terbit, menurut kecamatan dan skala usaha.",
                  "Micro and small business permits issued, by kecamatan and business scale."),
        "kiblat.modules.jus_melon.services.open_data:iumk_per_kecamatan", topic="ekonomi", frequency="bulanan",
        tags=("umkm", "iumk")),),
    personal_data="kiblat.modules.jus_melon.services.privacy:personal_data",
    erase_personal_data="kiblat.modules.jus_melon.services.privacy:erase_personal_data",
    completed_services="kiblat.modules.jus_melon.services.privacy:completed_services",
    retention=(
        RetentionRule(
            Localized("IUMK yang terbit: nomor, pemilik, usaha, alamat usaha", "Issued IUMK: number, owner, business, address"),
            Localized("Selama usaha terdaftar, lalu menurut jadwal retensi arsip kecamatan",
                      "While the business is registered, then following the kecamatan's archive schedule"),
            Localized("Register izin usaha mikro adalah arsip pemerintahan (UU 43/2009 tentang Kearsipan)",
                      "The micro business register is a government record (UU 43/2009 on archives)"),
            erased_on_request=False),
        RetentionRule(
            Localized("Pendaftaran IUMK yang tidak terbit: nama pemilik, alamat, foto; email; tampilan di direktori",
                      "IUMK registrations not issued: owner's name, address, photo; email; directory listing"),
            Localized("Sampai Anda meminta penghapusan", "Until you ask for deletion"),
            Localized("Riwayat layanan Anda (UU 27/2022)", "Your service history (UU 27/2022)"),
            erased_on_request=True),
    ),
    smart_city=("economy",),
    indicators=(
        Indicator(
            "iumk_issued",
            Localized("IUMK terbit", "IUMK issued"),
            Localized("izin", "permits"),
            "kiblat.modules.jus_melon.indicators:iumk_issued",
            per_capita=100_000,
        ),
    ),
    audit_actions={
        "jus_melon.issue": Localized("IUMK diterbitkan", "IUMK issued"),
        "jus_melon.reject": Localized("Pendaftaran IUMK ditolak", "IUMK registration refused"),
        "jus_melon.activity": Localized("Kegiatan usaha mikro dicatat", "Micro business activity recorded"),
    },
)
