"""Jumpa Madu ("Jemput Sampah Terima Duit"): waste-bank pickups paid into a savings book."""

from kiblat.platform.modular.manifest import (
    ApiScope,
    Indicator,
    Localized,
    ModuleManifest,
    NavEntry,
    OpenDataset,
    Permission,
    Role,
)

manifest = ModuleManifest(
    key="jumpa_madu",
    name=Localized("Jumpa Madu", "Jumpa Madu"),
    description=Localized(
        "Jemput Sampah Terima Duit: sampah terpilah dijemput, ditimbang, dan nilainya masuk buku tabungan bank sampah.",
        "Sorted waste picked up, weighed and paid into a waste-bank savings book.",
    ),
    version="1.0.0",
    url_prefix="/jumpa-madu",
    blueprint="kiblat.modules.jumpa_madu.blueprint:bp",
    models="kiblat.modules.jumpa_madu.models",
    permissions=(
        Permission("jumpa_madu.collect", Localized("Menjemput dan menimbang sampah", "Collect and weigh waste")),
        Permission("jumpa_madu.manage", Localized("Mengelola bank sampah dan penarikan", "Run the waste bank and withdrawals")),
        Permission("jumpa_madu.report", Localized("Melihat laporan bank sampah", "View waste-bank reports")),
    ),
    roles=(
        Role("pengumpul_sampah", Localized("Petugas penjemput sampah", "Waste collector"), ("account.use", "jumpa_madu.collect")),
        Role("petugas_bank_sampah", Localized("Petugas bank sampah", "Waste-bank officer"),
             ("account.use", "jumpa_madu.manage", "jumpa_madu.collect", "jumpa_madu.report"),
             two_factor=True),
        Role("analis_dlh", Localized("Analis DLH", "Environment agency analyst"), ("account.use", "jumpa_madu.report")),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "pickup_days_ahead": {"type": "integer", "minimum": 1, "maximum": 365, "default": 60,
                                  "description": "Penjemputan dapat diminta paling lambat sekian hari ke depan"},
            "max_estimate_kg": {"type": "integer", "minimum": 1, "maximum": 50000, "default": 5000,
                                "description": "Perkiraan berat terbesar satu jenis sampah per penjemputan (kg)"},
            "max_weighing_kg": {"type": "integer", "minimum": 1, "maximum": 50000, "default": 5000,
                                "description": "Berat terbesar satu jenis sampah per penimbangan, meski dikonfirmasi (kg)"},
            "photo_max_mb": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5,
                             "description": "Ukuran terbesar foto sampah (MB)"},
            # A phone photo; a header claiming more is refused before decoding.
            "photo_max_megapixels": {"type": "integer", "minimum": 1, "maximum": 100, "default": 40,
                                     "description": "Ukuran terbesar foto sampah (megapiksel)"},
            "statement_per_page": {"type": "integer", "minimum": 10, "maximum": 200, "default": 50,
                                   "description": "Jumlah entri per halaman buku tabungan"},
        },
    },
    navigation=(NavEntry(Localized("Bank Sampah", "Waste bank"), "jumpa_madu.index"),),
    seed="kiblat.modules.jumpa_madu.services.config:seed_regency",
    sample_data="kiblat.modules.jumpa_madu.sample:sample_data",
    demo_logins="kiblat.modules.jumpa_madu.sample:demo_logins",
    home_summary="kiblat.modules.jumpa_madu.services.reports:home_summary",
    assisted_services="kiblat.modules.jumpa_madu.services.reports:assisted_counts",
    disable_guard="kiblat.modules.jumpa_madu.services.guard:disable_check",
    configuration_tables=(
        "jumpa_madu_bank", "jumpa_madu_bank_area", "jumpa_madu_category", "jumpa_madu_price",
        "jumpa_madu_window", "jumpa_madu_policy",
    ),
    cli="kiblat.modules.jumpa_madu.cli:cli",
    api_scopes=(
        ApiScope("jumpa_madu.read", Localized("Membaca saldo, riwayat dan rute bank sampah", "Read waste-bank balances, statements and routes")),
        ApiScope("jumpa_madu.write", Localized("Mengajukan penjemputan sampah", "Request waste pickups")),
    ),
    http_api="kiblat.modules.jumpa_madu.http_api:api",
    open_datasets=(OpenDataset(
        "sampah_per_kecamatan", Localized("Sampah terkumpul per kategori dan kecamatan", "Waste collected by category and kecamatan"),
        Localized("Berat sampah (kg) yang ditimbang bank sampah setiap bulan, menurut kategori dan kecamatan.",
                  "Kilograms of waste weighed by the waste banks each month, by category and kecamatan."),
        "kiblat.modules.jumpa_madu.services.open_data:kg_per_category_per_kecamatan", topic="lingkungan",
        tags=("sampah", "bank sampah")),),
    smart_city=("environment", "economy"),
    indicators=(
        Indicator(
            "kg_recycled",
            Localized("Sampah didaur ulang (12 bulan)", "Waste recycled (12 months)"),
            Localized("kg", "kg"),
            "kiblat.modules.jumpa_madu.indicators:kg_recycled",
            per_capita=1_000,
        ),
        Indicator(
            "citizens_paid",
            Localized("Warga menerima pembayaran tabungan (12 bulan)", "Citizens paid out their savings (12 months)"),
            Localized("warga", "citizens"),
            "kiblat.modules.jumpa_madu.indicators:citizens_paid",
            per_capita=100_000,
            dimension="economy",
        ),
    ),
)
