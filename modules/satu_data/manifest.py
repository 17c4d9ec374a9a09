"""Satu Data: Diskominfo as walidata publishes the OPDs' data (Perpres 39/2019) as open data."""

from kiblat.platform.modular.manifest import (
    Localized,
    ModuleManifest,
    NavEntry,
    Permission,
    RetentionRule,
    Role,
    Schedule,
)

manifest = ModuleManifest(
    key="satu_data",
    name=Localized("Satu Data", "One Data"),
    description=Localized(
        "Portal data terbuka: OPD menyerahkan data bermetadata, walidata memeriksa dan menerbitkannya.",
        "Open-data portal: agencies deliver data with metadata, the data steward checks and publishes it.",
    ),
    version="1.0.0",
    url_prefix="/data",
    blueprint="kiblat.modules.satu_data.blueprint:bp",
    models="kiblat.modules.satu_data.models",
    permissions=(
        Permission("satu_data.produce", Localized("Menyerahkan dataset OPD sendiri (produsen data)",
                                                  "Deliver one's agency's datasets (data producer)")),
        Permission("satu_data.walidata", Localized("Memeriksa, menerbitkan dan merencanakan data (walidata)",
                                                   "Review, publish and plan data (data steward)")),
    ),
    roles=(
        Role("produsen_data", Localized("Produsen data (OPD)", "Data producer (agency)"),
             ("account.use", "satu_data.produce"), placement="opd"),
        Role("walidata", Localized("Walidata (Diskominfo)", "Data steward (communications office)"),
             ("account.use", "satu_data.produce", "satu_data.walidata"), placement="opd"),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            # The request stays under the app's 16 MB limit.
            "upload_max_mb": {"type": "integer", "minimum": 1, "maximum": 15, "default": 10,
                              "description": "Ukuran terbesar satu tabel unggahan (MB)"},
            "datasets_per_page": {"type": "integer", "minimum": 5, "maximum": 100, "default": 20,
                                  "description": "Jumlah dataset per halaman portal"},
        },
    },
    navigation=(NavEntry(Localized("Data terbuka", "Open data"), "satu_data.portal"),),
    sample_data="kiblat.modules.satu_data.sample:sample_data",
    demo_logins="kiblat.modules.satu_data.sample:demo_logins",
    cli="kiblat.modules.satu_data.cli:cli",
    jobs={"satu_data.refresh": "kiblat.modules.satu_data.jobs:refresh_job"},
    # Living datasets are regenerated at night, after the day's work is in.
    schedules=(Schedule("satu_data.refresh", "daily", at="01:30"),),
    platform_endpoints=("satu_data.portal", "satu_data.ckan_action", "satu_data.ckan_action_v3"),
    monthly_price=1_000_000,
    smart_city=("governance",),
    personal_data="kiblat.modules.satu_data.services.privacy:personal_data",
    erase_personal_data="kiblat.modules.satu_data.services.privacy:erase_personal_data",
    retention=(
        RetentionRule(Localized("Nama petugas pada riwayat data", "Officers' names in a dataset's history"),
                      Localized("Selama data disimpan; dihapus saat penghapusan, langkah riwayat tetap",
                                "While the dataset is kept; erased on deletion, the steps stay"),
                      Localized("Perpres 39/2019 tentang Satu Data Indonesia", "Perpres 39/2019 on One Data Indonesia"),
                      erased_on_request=True),
    ),
    audit_actions={
        "satu_data.terbit": Localized("Data diterbitkan", "Dataset published"),
        "satu_data.dikembalikan": Localized("Data dikembalikan ke produsen untuk diperbaiki", "Dataset returned to its producer for changes"),
        "satu_data.ditolak": Localized("Data ditolak", "Dataset refused"),
    },
)
