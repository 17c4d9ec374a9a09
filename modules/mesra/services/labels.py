"""Words shown for the module's stored codes."""

from kiblat.platform.web.formatting import N_

LEVELS = {"paud": N_("PAUD"), "sd": N_("SD"), "smp": N_("SMP"), "sma": N_("SMA"), "smk": N_("SMK"), "slb": N_("SLB")}
STATUSES = {"negeri": N_("Negeri"), "swasta": N_("Swasta")}
POSITIONS = {"guru": N_("Guru"), "tendik": N_("Tenaga kependidikan"), "orang_tua": N_("Orang tua/wali"),
             "komite": N_("Komite sekolah")}
FORMS = {"fisik": N_("Kekerasan fisik"), "psikis": N_("Kekerasan psikis"), "perundungan": N_("Perundungan"),
         "seksual": N_("Kekerasan seksual"), "diskriminasi": N_("Diskriminasi dan intoleransi"),
         "kebijakan": N_("Kebijakan yang mengandung kekerasan"), "daring": N_("Kekerasan lewat media daring")}
ACCUSED = {"murid": N_("Murid"), "guru": N_("Guru atau tenaga kependidikan"),
           "kepala_sekolah": N_("Kepala sekolah"), "anggota_tppk": N_("Anggota TPPK"),
           "lainnya": N_("Orang lain / tidak tahu")}
ROUTES = {"tppk": N_("TPPK sekolah"), "satgas": N_("Satgas PPKSP")}
ROUTE_REASONS = {"default": N_("Ditangani TPPK sekolah, dapat dilihat Satgas"),
                 "reporter": N_("Pelapor memilih Satgas saja"),
                 "conflict": N_("Terlapor kepala sekolah/anggota TPPK: hanya Satgas"),
                 "escalated": N_("Dilimpahkan TPPK ke Satgas")}
STAGES = {"received": N_("Laporan diterima"), "examination": N_("Pemeriksaan"),
          "conclusion": N_("Kesimpulan dan rekomendasi"), "follow_up": N_("Tindak lanjut"), "closed": N_("Selesai")}
CHANNELS = {"online": N_("Formulir daring"), "phone": N_("Telepon"), "letter": N_("Surat"), "visit": N_("Datang langsung")}
RECOVERY = {"konseling": N_("Konseling"), "uptd_ppa": N_("Rujukan ke UPTD PPA"), "kesehatan": N_("Rujukan layanan kesehatan"),
            "polisi": N_("Rujukan ke kepolisian"), "tidak_ada": N_("Tidak diperlukan")}
SANCTIONS = {"ringan": N_("Ringan"), "sedang": N_("Sedang"), "berat": N_("Berat"), "tidak_ada": N_("Tidak ada")}
REVEAL_STATUS = {"pending": N_("Menunggu kustodian"), "approved": N_("Disetujui"), "refused": N_("Ditolak")}
