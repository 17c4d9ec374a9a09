"""Large pages travel gzip-compressed to browsers that accept it; small ones and files as they are."""

from __future__ import annotations

import gzip


def test_a_large_page_is_compressed_only_for_a_browser_that_accepts_gzip(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    client = app.test_client()
    base = f"http://{tenant.primary_host}"
    plain = client.get("/desa-terhubung/", base_url=base)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    packed = client.get("/desa-terhubung/", base_url=base, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(packed.get_data()).decode()
    assert "Desa Terhubung" in page and "<svg" in page
    assert len(packed.get_data()) * 3 < len(page.encode())
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())


def test_small_pages_and_files_are_left_alone(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant()
    client = app.test_client()
    base = f"http://{tenant.primary_host}"
    asked = {"Accept-Encoding": "gzip"}
    health = client.get("/healthz", base_url=base, headers=asked)
    assert "Content-Encoding" not in health.headers
    css = client.get("/static/kiblat.css", base_url=base, headers=asked)
    assert css.status_code == 200 and "Content-Encoding" not in css.headers
    css.close()
