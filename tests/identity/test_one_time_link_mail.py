"""One-time-link emails say how long the link works, read from where the lifetime is defined."""

from __future__ import annotations

from datetime import timedelta

from kiblat.platform.identity.account_mail import lifetime_text, one_time_link_body


def test_lifetime_is_written_in_its_largest_whole_unit():
    assert lifetime_text(timedelta(days=7)) == "7 hari"
    assert lifetime_text(timedelta(hours=1)) == "1 jam"
    assert lifetime_text(timedelta(hours=36)) == "36 jam"
    assert lifetime_text(timedelta(minutes=2)) == "2 menit"


def test_every_one_time_link_email_reads_alike():
    body = one_time_link_body(name="Sari", why="Anda diundang.", action="Atur kata sandi Anda",
                              link="https://binjai.example/undangan/abc", lifetime=timedelta(days=2),
                              not_you="Abaikan email ini.")
    assert body == ("Yth. Sari,\n\nAnda diundang.\n"
                    "Atur kata sandi Anda melalui tautan berikut (sekali pakai, berlaku 2 hari):\n\n"
                    "https://binjai.example/undangan/abc\n\nAbaikan email ini.\n")
