"""Kunjungan: tickets and visits shared by every place a regency runs (parks, museums)."""

from kiblat.platform.modular.manifest import (
    Localized,
    ModuleManifest,
    NavEntry,
    Permission,
    Role,
    Schedule,
)

manifest = ModuleManifest(
    key="kunjungan",
    name=Localized("Kunjungan", "Visits and tickets"),
    description=Localized(
        "Tiket kunjungan dengan kuota per sesi, tiket QR, dan pemeriksaan di gerbang yang tetap jalan tanpa sinyal.",
        "Visit tickets with per-slot quotas, QR tickets and a gate check-in that keeps working offline.",
    ),
    version="1.0.0",
    url_prefix="/kunjungan",
    blueprint="kiblat.modules.kunjungan.blueprint:bp",
    models="kiblat.modules.kunjungan.models",
    permissions=(
        Permission("kunjungan.gate", Localized("Memeriksa tiket dan melayani loket", "Check tickets and serve the counter")),
        Permission("kunjungan.manage", Localized("Mengelola kunjungan, pembatalan dan laporan",
                                                 "Manage visits, cancellations and reports")),
    ),
    roles=(
        Role("petugas_gerbang", Localized("Petugas gerbang dan loket", "Gate and counter staff"),
             ("account.use", "kunjungan.gate")),
        Role("pengelola_kunjungan", Localized("Pengelola kunjungan", "Visits manager"),
             ("account.use", "kunjungan.gate", "kunjungan.manage"), two_factor=True),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "days_ahead": {"type": "integer", "minimum": 1, "maximum": 365, "default": 60,
                           "description": "Sesi dapat dipesan paling lambat sekian hari ke depan"},
            "max_tickets_per_booking": {"type": "integer", "minimum": 1, "maximum": 500, "default": 60,
                                        "description": "Jumlah tiket terbanyak dalam satu pemesanan (rombongan)"},
            "unpaid_grace_minutes": {"type": "integer", "minimum": 0, "maximum": 720, "default": 30,
                                     "description": "Pesanan yang belum dibayar di loket batal sekian menit setelah sesinya mulai"},
            "checkin_early_minutes": {"type": "integer", "minimum": 0, "maximum": 240, "default": 60,
                                      "description": "Tiket dapat dipakai masuk sekian menit sebelum sesinya mulai"},
            "online_hold_minutes": {"type": "integer", "minimum": 30, "maximum": 1440, "default": 30,
                                    "description": "Pesanan yang dibayar online batal bila pembayaran belum diterima sekian menit setelah memesan"},
            "cancel_cutoff_hours": {"type": "integer", "minimum": 0, "maximum": 240, "default": 24,
                                    "description": "Pengunjung dapat membatalkan sendiri paling lambat sekian jam sebelum sesi"},
        },
    },
    navigation=(NavEntry(Localized("Tiket saya", "My tickets"), "kunjungan.my_tickets"),),
    sample_data="kiblat.modules.kunjungan.sample:sample_data",
    configuration_tables=("kunjungan_place", "kunjungan_ticket_type", "kunjungan_slot_rule", "kunjungan_closure"),
    jobs={"kunjungan.expire": "kiblat.modules.kunjungan.jobs:expire_job"},
    schedules=(Schedule("kunjungan.expire", "daily", at="00:15"),),
    smart_city=("branding", "economy"),
    audit_actions={
        "kunjungan.walk_in": Localized("Tiket dijual di loket", "Ticket sold at the counter"),
        "kunjungan.paid": Localized("Pembayaran tiket dicatat", "Ticket payment recorded"),
        "kunjungan.place_edit": Localized("Keterangan tempat wisata diubah", "Place details changed"),
        "kunjungan.ticket_type": Localized("Jenis tiket disimpan", "Ticket type saved"),
        "kunjungan.rule_add": Localized("Aturan jadwal kunjungan ditambahkan", "Visit slot rule added"),
        "kunjungan.rule_edit": Localized("Aturan jadwal kunjungan diubah", "Visit slot rule changed"),
        "kunjungan.closure_add": Localized("Hari tutup ditambahkan", "Closed day added"),
        "kunjungan.closure_remove": Localized("Hari tutup dihapus", "Closed day removed"),
    },
)
