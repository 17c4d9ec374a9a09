"""MeSRA Bertuah: child-friendly schools — the school registry with its TPPK and the regency's
Satgas PPKSP, and a confidential violence-reporting channel with case handling."""

from kiblat.platform.modular.manifest import (
    Localized,
    ModuleManifest,
    NavEntry,
    Permission,
    Role,
    Schedule,
)

_DAYS = {"type": "integer", "minimum": 1, "maximum": 365}

manifest = ModuleManifest(
    key="mesra",
    name=Localized("MeSRA Bertuah", "MeSRA Bertuah"),
    description=Localized(
        "Sekolah ramah anak: daftar sekolah, TPPK dan Satgas PPKSP, serta kanal pelaporan kekerasan yang rahasia.",
        "Child-friendly schools: the school registry, TPPK and Satgas PPKSP, and a confidential violence-reporting channel.",
    ),
    version="1.0.0",
    url_prefix="/mesra",
    blueprint="kiblat.modules.mesra.blueprint:bp",
    models="kiblat.modules.mesra.models",
    permissions=(
        Permission("mesra.manage", Localized("Mengelola data sekolah, TPPK dan Satgas", "Manage schools, TPPK and Satgas")),
        Permission("mesra.handle", Localized("Menangani laporan kekerasan (anggota TPPK/Satgas)", "Handle violence reports (TPPK/Satgas member)")),
        Permission("mesra.custody", Localized("Menyetujui pembukaan identitas pelapor", "Approve revealing a reporter's identity")),
        Permission("mesra.review", Localized("Meninjau sekolah ramah anak dan statistik", "Review child-friendly schools and statistics")),
    ),
    roles=(
        Role("tppk", Localized("Anggota TPPK sekolah", "School TPPK member"), ("account.use", "mesra.handle"),
             two_factor=True),
        Role("satgas_ppksp", Localized("Anggota Satgas PPKSP", "Satgas PPKSP member"), ("account.use", "mesra.handle"),
             two_factor=True),
        Role("kustodian_mesra", Localized("Kustodian identitas pelapor", "Reporter-identity custodian"),
             ("account.use", "mesra.custody"), two_factor=True),
        Role("peninjau_disdik", Localized("Peninjau Dinas Pendidikan", "Education office reviewer"),
             ("account.use", "mesra.review", "mesra.manage"), two_factor=True),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "days_received": {**_DAYS, "default": 3, "description": "Batas hari tahap laporan diterima"},
            "days_examination": {**_DAYS, "default": 30, "description": "Batas hari tahap pemeriksaan"},
            "days_conclusion": {**_DAYS, "default": 5, "description": "Batas hari tahap kesimpulan dan rekomendasi"},
            "days_follow_up": {**_DAYS, "default": 30, "description": "Batas hari tahap tindak lanjut"},
            "working_days": {"type": "boolean", "default": False,
                             "description": "Batas tahap dihitung dalam hari kerja (tanpa Sabtu, Minggu, libur nasional)"},
            "retention_days": {"type": "integer", "minimum": 30, "maximum": 3650, "default": 365,
                               "description": "Isi laporan dihapus sekian hari setelah kasus ditutup"},
            "file_max_mb": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5,
                            "description": "Ukuran terbesar berkas bukti (MB)"},
        },
    },
    navigation=(NavEntry(Localized("Sekolah Ramah Anak", "Child-friendly schools"), "mesra.index"),),
    sample_data="kiblat.modules.mesra.sample:sample_data",
    demo_logins="kiblat.modules.mesra.sample:demo_logins",
    cli="kiblat.modules.mesra.cli:cli",
    jobs={"mesra.retention": "kiblat.modules.mesra.jobs:retention_job",
          "mesra.reminders": "kiblat.modules.mesra.jobs:reminder_job",
          "mesra.reencrypt": "kiblat.modules.mesra.jobs:reencrypt_job"},
    schedules=(Schedule("mesra.retention", "daily", at="02:30", per_tenant=True),
               Schedule("mesra.reminders", "daily", at="07:00", per_tenant=True)),
    monthly_price=1_000_000,
    audit_actions={
        "mesra.case_opened": Localized("Berkas laporan dibuka", "Report case opened"),
        "mesra.case_refused": Localized("Akses ke berkas laporan ditolak", "Access to a report case refused"),
        "mesra.case_message": Localized("Pesan pada laporan dikirim", "Message on a report sent"),
        "mesra.case_stage": Localized("Tahap penanganan laporan diubah", "Report handling stage changed"),
        "mesra.case_escalated": Localized("Laporan diteruskan", "Report escalated"),
        "mesra.case_closed": Localized("Penanganan laporan selesai", "Report closed"),
        "mesra.identity_requested": Localized("Pembukaan identitas pelapor diminta", "Disclosure of the reporter's identity requested"),
        "mesra.identity_approved": Localized("Pembukaan identitas pelapor disetujui", "Disclosure of the reporter's identity approved"),
        "mesra.identity_refused": Localized("Pembukaan identitas pelapor ditolak", "Disclosure of the reporter's identity refused"),
        "mesra.identity_viewed": Localized("Identitas pelapor dilihat", "Reporter's identity viewed"),
    },
)
