"""Sri Deli (Sistem Perizinan Dengan Aplikasi): permits online, transparent and on time."""

from kiblat.platform.modular.manifest import (
    ApiScope,
    Indicator,
    Localized,
    ModuleManifest,
    NavEntry,
    OpenDataset,
    Permission,
    RetentionRule,
    Role,
    Schedule,
)

manifest = ModuleManifest(
    key="sri_deli",
    name=Localized("Sri Deli — Perizinan", "Sri Deli — Permits"),
    description=Localized(
        "Ajukan dan lacak izin secara daring: katalog, simulasi biaya, SLA hari kerja, izin ber-QR.",
        "Apply for and track permits online: catalogue, fee simulation, working-day SLA, QR-verified permits.",
    ),
    version="1.0.0",
    url_prefix="/perizinan",
    blueprint="kiblat.modules.sri_deli.blueprint:bp",
    models="kiblat.modules.sri_deli.models",
    permissions=(
        Permission("sri_deli.frontoffice", Localized("Memeriksa kelengkapan berkas izin", "Check permit files")),
        Permission("sri_deli.verify", Localized("Memvalidasi permohonan izin", "Validate permit applications")),
        Permission("sri_deli.inspect", Localized("Meninjau lapangan permohonan izin", "Inspect permit sites")),
        Permission("sri_deli.approve", Localized("Menyetujui, menolak dan mencabut izin",
                                                 "Approve, reject and revoke permits")),
        Permission("sri_deli.payment", Localized("Mengonfirmasi pembayaran retribusi izin",
                                                 "Confirm permit retribusi payments")),
        Permission("sri_deli.manage", Localized("Mengelola katalog izin, hari libur dan laporan",
                                                "Manage the permit catalogue, holidays and reports")),
    ),
    roles=(
        Role("petugas_loket", Localized("Petugas loket perizinan", "Permit front office"),
             ("account.use", "opd.work", "sri_deli.frontoffice"), two_factor=True, placement="opd"),
        Role("verifikator_izin", Localized("Verifikator izin", "Permit verifier"),
             ("account.use", "opd.work", "sri_deli.verify", "sri_deli.inspect"), two_factor=True, placement="opd"),
        Role("penandatangan_izin", Localized("Pejabat penandatangan izin", "Permit signing official"),
             ("account.use", "opd.work", "sri_deli.approve"), two_factor=True, placement="opd"),
        Role("bendahara_penerimaan", Localized("Bendahara penerimaan", "Revenue treasurer"),
             ("account.use", "sri_deli.payment"), two_factor=True),
        Role("admin_perizinan", Localized("Admin perizinan", "Permit administrator"),
             ("account.use", "sri_deli.manage"), two_factor=True),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            # The whole request stays under the app's 16 MB limit with a few documents.
            "upload_max_mb": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5,
                              "description": "Ukuran terbesar satu dokumen unggahan (MB)"},
            # A scan or phone photo of a document; a header claiming more is refused before decoding.
            "upload_max_megapixels": {"type": "integer", "minimum": 1, "maximum": 100, "default": 40,
                                      "description": "Ukuran terbesar gambar dokumen unggahan (megapiksel)"},
            "payment_days": {"type": "integer", "minimum": 1, "maximum": 60, "default": 14,
                             "description": "Batas hari membayar retribusi setelah izin disetujui"},
            "payment_instructions": {
                "type": "string", "maxLength": 500,
                "default": "Bayar di teller atau aplikasi bank daerah, atau di loket kas DPMPTSP, dengan menyebut "
                           "kode bayar. Simpan bukti bayar.",
                "description": "Cara membayar retribusi (bank, loket, QRIS) yang dibaca pemohon"},
            "queue_size": {"type": "integer", "minimum": 10, "maximum": 1000, "default": 200,
                           "description": "Jumlah permohonan terbanyak di antrean petugas"},
        },
    },
    navigation=(NavEntry(Localized("Perizinan", "Permits"), "sri_deli.index"),),
    # Each role's work page after signing in; a village operator starts from the permit list to file for a citizen.
    landing_pages={"citizen": "sri_deli.mine", "officer": "sri_deli.queue", "village_operator": "sri_deli.index",
                   "petugas_loket": "sri_deli.queue", "verifikator_izin": "sri_deli.queue",
                   "penandatangan_izin": "sri_deli.queue", "bendahara_penerimaan": "sri_deli.bills",
                   "admin_perizinan": "sri_deli.catalogue"},
    seed="kiblat.modules.sri_deli.services.seed:seed",
    sample_data="kiblat.modules.sri_deli.sample:sample_data",
    assisted_services="kiblat.modules.sri_deli.services.queries:assisted_counts",
    demo_logins="kiblat.modules.sri_deli.sample:demo_logins",
    disable_guard="kiblat.modules.sri_deli.services.guard:disable_check",
    configuration_tables=("sri_deli_permit_type", "sri_deli_holiday"),
    cli="kiblat.modules.sri_deli.cli:cli",
    api_scopes=(ApiScope("sri_deli.read", Localized("Membaca statistik perizinan", "Read permit statistics")),),
    http_api="kiblat.modules.sri_deli.http_api:api",
    jobs={"sri_deli.digest": "kiblat.modules.sri_deli.jobs:digest_job",
          "sri_deli.bills": "kiblat.modules.sri_deli.jobs:bills_job"},
    # Officers read it when they start work.
    schedules=(Schedule("sri_deli.digest", "daily", at="07:00"),
               # Just after midnight: a bill is payable until the end of its last day.
               Schedule("sri_deli.bills", "daily", at="00:15")),
    open_datasets=(OpenDataset(
        "izin_per_bulan", Localized("Izin terbit per bulan menurut jenis dan OPD", "Permits issued per month by type and agency"),
        Localized("Jumlah izin yang diterbitkan lewat Sri Deli setiap bulan, menurut jenis izin dan OPD penerbit.",
                  "Permits issued through Sri Deli each month, by permit type and issuing agency."),
        "kiblat.modules.sri_deli.services.open_data:permits_per_month", topic="perizinan",
        tags=("perizinan", "izin")),),
    personal_data="kiblat.modules.sri_deli.services.privacy:personal_data",
    erase_personal_data="kiblat.modules.sri_deli.services.privacy:erase_personal_data",
    completed_services="kiblat.modules.sri_deli.services.privacy:completed_services",
    retention=(
        RetentionRule(
            Localized("Izin yang terbit: nomor, pemegang, jenis, masa berlaku, berkas permohonan",
                      "Issued permits: number, holder, type, validity, application files"),
            Localized("Selama izin berlaku, lalu menurut jadwal retensi arsip perizinan daerah",
                      "While the permit is valid, then following the regency's permit archive schedule"),
            Localized("Izin adalah arsip pemerintahan (UU 43/2009 tentang Kearsipan)",
                      "A permit is a government record (UU 43/2009 on archives)"),
            erased_on_request=False),
        RetentionRule(
            Localized("Tagihan dan pembayaran retribusi izin", "Permit retribusi bills and payments"),
            Localized("Menurut jadwal retensi arsip keuangan daerah", "Following the regency's financial archive schedule"),
            Localized("Pertanggungjawaban keuangan daerah", "Accountability for regional finances"),
            erased_on_request=False),
        RetentionRule(
            Localized("Permohonan izin yang ditolak: berkas, isian, alamat, NIK", "Refused applications: files, answers, address, NIK"),
            Localized("Sampai Anda meminta penghapusan", "Until you ask for deletion"),
            Localized("Riwayat layanan Anda (UU 27/2022)", "Your service history (UU 27/2022)"),
            erased_on_request=True),
        RetentionRule(
            Localized("Email kontak pada permohonan izin", "Contact email on permit applications"),
            Localized("Sampai Anda meminta penghapusan", "Until you ask for deletion"),
            Localized("Mengabari Anda tentang permohonan (UU 27/2022)", "Telling you about your application (UU 27/2022)"),
            erased_on_request=True),
    ),
    smart_city=("governance", "economy"),
    indicators=(
        Indicator(
            "median_days_to_decision",
            Localized("Median hari kerja sampai keputusan (12 bulan)", "Median working days to a decision (12 months)"),
            Localized("hari kerja", "working days"),
            "kiblat.modules.sri_deli.indicators:median_days_to_decision",
            higher_is_better=False,
        ),
        Indicator(
            "share_within_sla",
            Localized("Keputusan tepat waktu (sesuai SLA, 12 bulan)", "Decisions within the SLA (12 months)"),
            Localized("%", "%"),
            "kiblat.modules.sri_deli.indicators:share_within_sla",
        ),
        Indicator(
            "permits_per_month",
            Localized("Izin terbit per bulan", "Permits issued per month"),
            Localized("izin/bulan", "permits/month"),
            "kiblat.modules.sri_deli.indicators:permits_per_month",
            per_capita=100_000,
        ),
    ),
)
