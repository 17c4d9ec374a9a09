"""What an error page says: a heading and a sentence in the person's language, never a bare
status code or Werkzeug's English description."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, default_exceptions


def _headings() -> dict[int, str]:
    return {
        400: _("Permintaan tidak dapat diproses"),
        403: _("Anda tidak berhak membuka halaman ini"),
        405: _("Permintaan tidak dapat diproses"),
        410: _("Halaman ini sudah tidak berlaku"),
        413: _("Kiriman terlalu besar"),
        415: _("Jenis kiriman tidak diterima"),
        429: _("Mohon tunggu sebentar"),
    }


def _sentences() -> dict[int, str]:
    return {
        400: _("Isi formulir atau alamat yang dikirim tidak dapat dibaca. Kembali, periksa isinya, lalu coba lagi."),
        403: _("Masuk dengan akun yang memiliki akses, atau hubungi admin kabupaten/kota Anda."),
        405: _("Cara membuka halaman ini tidak didukung. Kembali lalu gunakan tombol pada halaman."),
        410: _("Tautan ini sudah dipakai atau kedaluwarsa."),
        413: _("Berkas atau formulir yang dikirim melebihi batas. Perkecil berkas lalu coba lagi."),
        415: _("Kirim formulir dari halaman ini, atau berkas PDF, JPEG atau PNG."),
        429: _("Terlalu banyak percobaan dari alamat Anda dalam waktu singkat. Coba lagi beberapa menit lagi."),
    }


def error_texts(error: HTTPException) -> tuple[str, str]:
    """``(heading, sentence)`` for an error page. A description given on purpose (a throttle
    saying how many minutes to wait) is kept; Werkzeug's default English text is replaced."""
    if isinstance(error, CSRFError):  # its descriptions are Flask-WTF's English
        return (_("Formulir sudah kedaluwarsa"),
                _("Demi keamanan, kiriman ini tidak diterima karena sesi Anda berakhir atau halamannya "
                  "dibuka terlalu lama. Buka formulirnya lagi, lalu kirim ulang."))
    code = error.code or 500
    default = default_exceptions.get(code)
    own = error.description and (default is None or error.description != default.description)
    heading = _headings().get(code, _("Permintaan tidak dapat diproses"))
    sentence = _sentences().get(code, _("Kembali ke halaman sebelumnya lalu coba lagi."))
    return heading, (str(error.description) if own else sentence)
