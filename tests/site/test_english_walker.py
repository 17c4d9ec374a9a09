"""In English, no page a role reaches shows Bahasa Indonesia: signed in as every role of a regency
with every module and sample data of every kind (the raw-code walker's seeding and link-following),
with the language switched to English, fail on common Indonesian interface words — status badges,
month and day names, pickup windows, flash messages, buttons — in the text a reader sees; and the
same for the error pages. Names are not words to translate: the modules' names (Sri Deli, Jumpa
Madu…), places, units, ``retribusi`` or ``NIK`` are not on the list, and what the seeding typed
(every text carries the marker) is left out."""

from __future__ import annotations

import html as html_lib
import re
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

from flask import Flask, render_template
from sqlalchemy import JSON, String, Text, select
from werkzeug.exceptions import InternalServerError, TooManyRequests

from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db, tenant_metadata
from tests.identity.helpers import sign_in
from tests.identity.probe_seed import seed_every_kind
from tests.site.test_raw_code_walker import MARK, code_check, name_people, walk

# Common interface words, chosen to be neither English words nor parts of names a regency keeps
# in Bahasa Indonesia (module names, OPDs, kecamatan and desa, "Kabupaten"). Matched as whole
# words, case-sensitively for the short ones that could start a name.
WORDS = (
    # joining words of sentences
    "dan", "atau", "yang", "untuk", "tidak", "dengan", "dari", "pada", "ini", "itu", "belum", "sudah",
    "akan", "oleh", "Anda", "bisa", "dapat", "harus", "telah", "masih", "sebagai", "juga", "karena",
    # buttons and links
    "Simpan", "Kirim", "Batal", "Batalkan", "Masuk", "Keluar", "Tambah", "Ubah", "Hapus", "Cari", "Kembali",
    "Lanjutkan", "Lihat", "Unduh", "Tampilkan", "Setujui", "Tolak", "Kembalikan", "Terbitkan", "Konfirmasi",
    # statuses and badges
    "diajukan", "disetujui", "ditolak", "perbaikan", "Sudah", "Belum", "Menunggu", "menunggu", "Selesai",
    "selesai", "dibatalkan", "Dibatalkan", "diterbitkan", "Diterbitkan", "dijemput", "Aktif", "Nonaktif",
    "Lunas", "lunas", "kedaluwarsa", "Draf", "terverifikasi", "Terverifikasi", "berhasil", "Berhasil", "gagal",
    # page furniture
    "Halaman", "Beranda", "Pengumuman", "Daftar", "Akun", "Pengaturan", "Tanggal", "Keterangan", "Semua",
    "Sebelumnya", "Berikutnya", "Tidak", "Terima", "kasih", "Petugas", "Warga", "Permohonan", "Berkas",
    "Pilih", "Nomor", "Jumlah", "Alamat", "Jenis", "Tahun", "Bulan", "Minggu", "Hari", "Jam",
    # months (full and Babel's short forms that differ from English) and days
    "Januari", "Februari", "Maret", "Mei", "Juni", "Juli", "Agustus", "Oktober", "Desember", "Agu", "Okt", "Des",
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu",
    # pickup windows and times of day
    "Pagi", "Siang", "Sore", "Malam", "pagi", "siang", "sore",
)
PAGES_PER_ROLE = 40  # more than the raw-code walker's 25: the text of a page is cheap to check
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)) + r")(?![\w-])")
EMAIL = re.compile(r"\S+@\S+")
URL = re.compile(r"https?://\S+")


def _strings(value: object) -> Iterator[str]:
    """The strings in a row, including those inside JSON (a permit type's stages and documents)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from _strings(list(value.values()))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def stored_texts(app: Flask, tenant: TenantInfo) -> list[str]:
    """Every text of several words the regency's database holds: its content (the catalogue of
    permits, waste kinds, the museum's and the park's descriptions, public holidays), which the
    regency writes in its own language. Single words are left out: a status code is one word."""
    texts: set[str] = set()
    with app.app_context(), tenant_context(tenant):
        connection = tenant_db.session.connection()
        for table in tenant_metadata.tables.values():
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            if columns:
                for row in connection.execute(select(*columns)):
                    texts.update(v.strip() for v in _strings(list(row)) if " " in v.strip() and len(v) < 2000)
        tenant_db.session.rollback()
    return sorted(texts, key=len, reverse=True)


def visible_chunks(page: str, data: list[str]) -> list[str]:
    """The text nodes a reader sees, without scripts, styles, code and form contents, and without
    what the seeding typed or the regency stored (a text node carrying the marker, a stored text)."""
    page = re.sub(r"<(script|style|textarea|code|select)\b.*?</\1>", " ", page, flags=re.S | re.I)
    chunks = [html_lib.unescape(chunk) for chunk in re.split(r"<[^>]+>", page)]
    kept = []
    for chunk in chunks:
        if not chunk.strip() or MARK in chunk:
            continue
        for text in data:
            if text in chunk:
                chunk = chunk.replace(text, " ")
        kept.append(URL.sub(" ", EMAIL.sub(" ", chunk)))
    return kept


def indonesian_in(page: str, data: list[str] | None = None) -> list[str]:
    found = set()
    for chunk in visible_chunks(page, data or []):
        for match in PATTERN.finditer(chunk):
            around = " ".join(chunk[max(0, match.start() - 30):match.end() + 30].split())
            found.add(f"{match.group(1)!r} in …{around}…")
    return sorted(found)


def _english_client(app: Flask, host: str):  # noqa: ANN202
    client = app.test_client()
    client.get("/bahasa/en", base_url=host)
    return client


def test_in_english_no_page_a_role_reaches_shows_indonesian(app: Flask, make_tenant) -> None:  # noqa: ANN001
    started = time.monotonic()
    tenant = make_tenant(modules=tuple(m.key for m in app.extensions["kiblat_modules"]))
    secrets = seed_every_kind(app, tenant, MARK, "e")
    name_people(app, tenant)
    data = stored_texts(app, tenant)
    codes = code_check(app, english=True)

    def check(page: str) -> list[str]:
        # Indonesian words, and (as the raw-code walker does in Indonesian) internal codes.
        return indonesian_in(page, data) + codes(page)

    host = f"http://{tenant.primary_host}"
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    found.update(walk(_english_client(app, host), host, ["/"], seen, check, PAGES_PER_ROLE))
    for role, email in sorted(secrets["users"].items()):
        client = _english_client(app, host)
        response = sign_in(client, tenant, email)
        assert response.status_code == 302, role
        landing = urlsplit(response.headers["Location"]).path or "/"
        role_seen = {p for p in seen if p not in (landing, "/", "/akun")}
        found.update({f"{role} {p}": v for p, v in walk(client, host, [landing, "/", "/akun"], role_seen,
                                                        check, PAGES_PER_ROLE).items()})
        seen |= role_seen
    assert not found, "\n".join(f"{page}: {'; '.join(problems)}" for page, problems in sorted(found.items()))
    print(f"walked {len(seen)} pages in English in {time.monotonic() - started:.1f} s")  # noqa: T201


def test_error_pages_in_english_show_no_indonesian(app: Flask, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("pengumuman",))
    secrets = seed_every_kind(app, tenant, MARK, "x")
    host = f"http://{tenant.primary_host}"
    client = _english_client(app, host)
    pages = {
        400: client.post("/masuk", base_url=host, data={"identifier": "a", "password": "b"}),
        404: client.get("/tidak-ada-halaman-ini", base_url=host),
        405: client.get("/keluar", base_url=host),
        413: client.post("/masuk", base_url=host, data={"isi": "x" * (2 * 1024 * 1024)}),
    }
    assert sign_in(client, tenant, secrets["users"]["citizen"]).status_code == 302
    pages[403] = client.get("/admin/", base_url=host)
    found = {}
    for code, response in pages.items():
        assert response.status_code == code, (code, response.status_code)
        found[code] = indonesian_in(response.get_data(as_text=True))
    # 429 and 500 come from throttling and failures that a request cannot cause on purpose here.
    for code, error in ((429, TooManyRequests()), (500, InternalServerError())):
        with app.test_request_context("/", base_url=host, headers={"Cookie": "lang=en"}), tenant_context(tenant):
            template = "errors/500.html" if code == 500 else "errors/generic.html"
            found[code] = indonesian_in(render_template(template, error=error))
    found = {code: words for code, words in found.items() if words}
    assert not found, found
