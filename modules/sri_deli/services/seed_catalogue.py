"""The starting catalogue of a regency (Kabupaten Deli Serdang's own practice)."""

from __future__ import annotations

FRONT = {"key": "kelengkapan", "label": "Pemeriksaan kelengkapan berkas", "permission": "sri_deli.frontoffice"}
VERIFY = {"key": "validasi", "label": "Validasi dan verifikasi teknis", "permission": "sri_deli.verify"}
SURVEY = {"key": "peninjauan", "label": "Peninjauan lapangan", "permission": "sri_deli.inspect"}
PAYMENT = {"key": "pembayaran", "label": "Pembayaran retribusi", "permission": "sri_deli.verify"}
APPROVE = {"key": "penetapan", "label": "Persetujuan dan penerbitan", "permission": "sri_deli.approve"}


def _doc(key: str, label: str, required: bool = True) -> dict:
    return {"key": key, "label": label, "required": required}


def _field(key: str, label: str, type_: str = "text", required: bool = True, options: list | None = None) -> dict:
    field = {"key": key, "label": label, "type": type_, "required": required}
    if options:
        field["options"] = options
    return field


KTP = _doc("ktp", "KTP pemohon")
CATALOGUE = (
    {
        "key": "pbg", "name": "Persetujuan Bangunan Gedung (PBG)", "opd_short_name": "DPMPTSP",
        "description": "Persetujuan untuk membangun baru, mengubah, memperluas atau merawat bangunan gedung.",
        "legal_basis": "UU No. 28 Tahun 2002 jo. UU No. 6 Tahun 2023; PP No. 16 Tahun 2021 tentang "
                       "Peraturan Pelaksanaan UU Bangunan Gedung; Perda kabupaten/kota tentang Pajak "
                       "Daerah dan Retribusi Daerah.",
        "documents": [KTP, _doc("sertifikat_tanah", "Bukti kepemilikan/penguasaan tanah"),
                      _doc("gambar_teknis", "Gambar arsitektur dan struktur"),
                      _doc("pbb", "Bukti lunas PBB tahun berjalan", False)],
        "fields": [_field("luas_bangunan", "Luas bangunan (m²)", "number"),
                   _field("jumlah_lantai", "Jumlah lantai", "number"),
                   _field("fungsi", "Fungsi bangunan", "select",
                          options=["Hunian", "Usaha", "Sosial dan budaya", "Keagamaan"])],
        "fee_kind": "formula",
        # Retribusi PBG (PP 16/2021): luas × indeks lokalitas (0,5%) × SHST × indeks lantai.
        "fee_formula": "luas_bangunan * 0.005 * 4200000 * (1 + 0.09 * (max(jumlah_lantai, 1) - 1))",
        "sla_days": 28, "validity_days": None, "stages": [FRONT, VERIFY, SURVEY, PAYMENT, APPROVE],
    },
    {
        "key": "reklame", "name": "Izin Penyelenggaraan Reklame", "opd_short_name": "DPMPTSP",
        "description": "Izin memasang reklame papan, baliho, spanduk atau megatron.",
        "legal_basis": "UU No. 1 Tahun 2022 tentang Hubungan Keuangan Pusat dan Daerah; Perda "
                       "kabupaten/kota tentang Pajak Daerah dan Retribusi Daerah; Perkada tentang Penyelenggaraan Reklame.",
        "documents": [KTP, _doc("desain", "Desain/gambar reklame"), _doc("denah", "Denah lokasi pemasangan"),
                      _doc("izin_pemilik", "Surat izin pemilik lahan/bangunan")],
        "fields": [_field("luas_reklame", "Luas bidang reklame (m²)", "number"),
                   {**_field("lama_hari", "Lama pemasangan (hari)", "number"), "validity": "days"},
                   _field("lokasi", "Lokasi pemasangan")],
        "fee_kind": "formula", "fee_formula": "luas_reklame * lama_hari * 2500",
        # Valid for as long as the billboard stands (the applicant's "lama pemasangan").
        "sla_days": 5, "validity_days": None, "stages": [FRONT, SURVEY, APPROVE],
    },
    {
        "key": "sip_nakes", "name": "Surat Izin Praktik Tenaga Kesehatan (SIP)", "opd_short_name": "DINKES",
        "description": "Izin praktik bagi dokter, bidan, perawat dan tenaga kesehatan lain.",
        "legal_basis": "UU No. 17 Tahun 2023 tentang Kesehatan; PP No. 28 Tahun 2024; Permenkes tentang "
                       "perizinan praktik tenaga kesehatan.",
        "documents": [KTP, _doc("str", "Surat Tanda Registrasi (STR)"),
                      _doc("rekomendasi", "Rekomendasi organisasi profesi"),
                      _doc("surat_fasyankes", "Surat keterangan dari fasilitas pelayanan kesehatan"),
                      _doc("pas_foto", "Pas foto 4x6")],
        "fields": [_field("profesi", "Profesi", "select", options=["Dokter", "Dokter gigi", "Bidan", "Perawat",
                                                                   "Apoteker", "Fisioterapis"]),
                   _field("tempat_praktik", "Nama tempat praktik"),
                   _field("nomor_str", "Nomor STR")],
        "fee_kind": "fixed", "fee_amount": 0, "sla_days": 5, "validity_days": 1825,
        "stages": [FRONT, VERIFY, APPROVE],
    },
    {
        "key": "penelitian", "name": "Surat Keterangan Penelitian", "opd_short_name": "KESBANGPOL",
        "description": "Rekomendasi melakukan penelitian/riset di wilayah kabupaten.",
        "legal_basis": "Permendagri No. 3 Tahun 2018 tentang Penerbitan Surat Keterangan Penelitian.",
        "documents": [KTP, _doc("surat_pengantar", "Surat pengantar perguruan tinggi/lembaga"),
                      _doc("proposal", "Proposal penelitian")],
        "fields": [_field("judul", "Judul penelitian"), _field("lokasi", "Lokasi penelitian"),
                   _field("mulai", "Tanggal mulai", "date"), _field("selesai", "Tanggal selesai", "date")],
        "fee_kind": "fixed", "fee_amount": 0, "sla_days": 3, "validity_days": 180,
        "stages": [FRONT, APPROVE],
    },
    {
        "key": "keramaian", "name": "Rekomendasi Izin Keramaian", "opd_short_name": "KESBANGPOL",
        "description": "Rekomendasi untuk acara yang mengumpulkan massa (pesta, konser, pertandingan).",
        "legal_basis": "UU No. 2 Tahun 2002 tentang Kepolisian; Perkap No. 7 Tahun 2012; Perkada "
                       "tentang Ketenteraman dan Ketertiban Umum.",
        "documents": [KTP, _doc("susunan_acara", "Susunan acara"),
                      _doc("izin_tempat", "Izin pemilik/pengelola tempat")],
        "fields": [_field("nama_acara", "Nama acara"), _field("tanggal_acara", "Tanggal acara", "date"),
                   _field("jumlah_peserta", "Perkiraan jumlah peserta", "number")],
        "fee_kind": "fixed", "fee_amount": 0, "sla_days": 3, "validity_days": 30,
        "stages": [FRONT, SURVEY, APPROVE],
    },
)
