"""Desa Terhubung: the connectivity of every desa, surveyed by village operators and verified
by Diskominfo, with targets, funded plans and the operator network."""

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
    key="desa_terhubung",
    name=Localized("Desa Terhubung", "Connected Villages"),
    description=Localized(
        "Status sinyal dan internet setiap desa dari survei operator desa, rencana dan pendanaan "
        "menghapus blankspot, serta jaringan operator desa.",
        "Signal and internet status of every village from village operators' surveys, funded plans "
        "to remove blankspots, and the village operator network.",
    ),
    version="1.0.0",
    url_prefix="/desa-terhubung",
    blueprint="kiblat.modules.desa_terhubung.blueprint:bp",
    models="kiblat.modules.desa_terhubung.models",
    permissions=(
        Permission("desa_terhubung.survey", Localized("Mencatat survei sinyal desa", "Record village signal surveys")),
        Permission("desa_terhubung.verify", Localized("Memverifikasi survei dan mengelola rencana", "Verify surveys and manage plans")),
    ),
    roles=(
        Role("operator_desa_terhubung", Localized("Operator desa (survei sinyal)", "Village operator (signal surveys)"),
             ("account.use", "citizen.assist", "desa_terhubung.survey"), two_factor=True, placement="desa"),
        Role("diskominfo", Localized("Petugas Diskominfo", "Communications agency officer"),
             ("account.use", "desa_terhubung.survey", "desa_terhubung.verify"), two_factor=True),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "photo_max_mb": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5,
                             "description": "Ukuran terbesar foto survei (MB)"},
            "photo_max_megapixels": {"type": "integer", "minimum": 1, "maximum": 100, "default": 40,
                                     "description": "Ukuran terbesar foto survei (megapiksel)"},
            "max_speed_mbps": {"type": "integer", "minimum": 10, "maximum": 10000, "default": 1000,
                               "description": "Kecepatan internet terbesar yang masuk akal (Mbps)"},
        },
    },
    navigation=(NavEntry(Localized("Desa Terhubung", "Connected villages"), "desa_terhubung.index"),),
    landing_pages={"operator_desa_terhubung": "desa_terhubung.survey", "diskominfo": "desa_terhubung.verify_queue"},
    sample_data="kiblat.modules.desa_terhubung.sample:sample_data",
    demo_logins="kiblat.modules.desa_terhubung.sample:demo_logins",
    home_summary="kiblat.modules.desa_terhubung.services.registry:home_summary",
    open_datasets=(OpenDataset(
        "status_sinyal_desa", Localized("Status sinyal dan internet per desa", "Signal and internet status per village"),
        Localized("Status konektivitas terverifikasi setiap desa/kelurahan: teknologi terbaik, kekuatan sinyal "
                  "menurut kategori BPS, internet tetap, tanggal dan sumber data.",
                  "Verified connectivity of every village: best technology, BPS signal category, fixed internet, "
                  "date and source of the data."),
        "kiblat.modules.desa_terhubung.services.open_data:status_per_desa", topic="infrastruktur",
        tags=("blankspot", "sinyal", "internet desa")),),
    # Connectivity and the village operators who serve citizens online: digital inclusion.
    smart_city=("society",),
    indicators=(
        Indicator(
            "share_connected",
            Localized("Desa terhubung internet", "Villages connected to the internet"),
            Localized("% desa", "% of villages"),
            "kiblat.modules.desa_terhubung.indicators:share_connected",
        ),
        Indicator(
            "blankspot_desa",
            Localized("Desa blankspot", "Blankspot villages"),
            Localized("desa", "villages"),
            "kiblat.modules.desa_terhubung.indicators:blankspot_desa",
            higher_is_better=False,
        ),
    ),
    personal_data="kiblat.modules.desa_terhubung.services.privacy:personal_data",
    erase_personal_data="kiblat.modules.desa_terhubung.services.privacy:erase_personal_data",
    retention=(
        RetentionRule(Localized("Operator desa: nama, nomor telepon", "Village operators: name, phone number"),
                      Localized("Selama bertugas; dihapus saat penghapusan",
                                "While serving; erased on deletion"),
                      Localized("Pelaksanaan tugas pemerintahan desa (UU 27/2022)", "Carrying out the village's government tasks (UU 27/2022)"),
                      erased_on_request=True),
        RetentionRule(Localized("Survei sinyal desa", "Village signal surveys"),
                      Localized("Disimpan sebagai data desa, tanpa nama pengirim setelah penghapusan",
                                "Kept as the village's data, without the sender's name after deletion"),
                      Localized("Perencanaan infrastruktur digital daerah", "The regency's digital infrastructure planning"),
                      erased_on_request=False),
    ),
    audit_actions={
        "desa_terhubung.operator.add": Localized("Operator desa ditambahkan", "Village operator added"),
        "desa_terhubung.training.add": Localized("Pelatihan operator dijadwalkan", "Operator training scheduled"),
        "desa_terhubung.training.attend": Localized("Kehadiran pelatihan dicatat", "Training attendance recorded"),
        "desa_terhubung.target.set": Localized("Target desa digital ditetapkan", "Digital village target set"),
        "desa_terhubung.plan.add": Localized("Rencana kegiatan desa ditambahkan", "Village activity plan added"),
        "desa_terhubung.plan.status": Localized("Status rencana kegiatan diubah", "Activity plan status changed"),
        "desa_terhubung.survey.submit": Localized("Survei kesiapan desa dikirim", "Village readiness survey submitted"),
        "desa_terhubung.survey.verify": Localized("Survei kesiapan desa diverifikasi", "Village readiness survey verified"),
        "desa_terhubung.survey.question": Localized("Survei kesiapan desa diminta diperiksa ulang", "Village readiness survey sent back for checking"),
    },
)
