"""Isolation beyond the database: uploaded files and cache entries are per tenant."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kiblat.platform.cache.tenant_cache import tenant_cache
from kiblat.platform.storage.files import StorageError, tenant_storage
from kiblat.tenants.context import NoTenant, current_tenant, tenant_context


def test_files_of_one_tenant_are_invisible_to_another(app_ctx, make_tenant):
    a, b = make_tenant(), make_tenant()
    with tenant_context(a):
        key = tenant_storage().save(io.BytesIO(b"surat A"), "../../surat tugas.pdf", folder="dokumen")
        assert tenant_storage().open(key).read() == b"surat A"
        assert "/" in key and ".." not in key and " " not in key
    with tenant_context(b):
        assert not tenant_storage().exists(key)
        with pytest.raises(FileNotFoundError):
            tenant_storage().open(key)
        with pytest.raises(StorageError):
            tenant_storage().open(f"../{a.slug}/{key}")


def test_cache_entries_carry_their_tenant(app_ctx, make_tenant):
    a, b = make_tenant(), make_tenant()
    with tenant_context(a):
        tenant_cache().set("statistik", {"pengumuman": 3})
    with tenant_context(b):
        assert tenant_cache().get("statistik") is None
        tenant_cache().set("statistik", {"pengumuman": 9})
    with tenant_context(a):
        assert tenant_cache().get("statistik") == {"pengumuman": 3}


def test_tenant_scoped_code_outside_a_tenant_fails_loudly(app_ctx):
    with pytest.raises(NoTenant):
        _ = current_tenant.slug
    with pytest.raises(NoTenant):
        tenant_storage()


REDIS_URL = __import__("os").environ.get("KIBLAT_TEST_REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="KIBLAT_TEST_REDIS_URL not set (.ci/run sets it)")
def test_redis_cache_is_shared_by_workers_but_not_by_tenants(app, make_tenant, tmp_path):
    from kiblat.platform.core.app import create_app
    from tests.conftest import build_environ

    a, b = make_tenant(), make_tenant()
    environ = build_environ(Path(app.config["INSTANCE_PATH"]), app.config["SQLALCHEMY_DATABASE_URI"], KIBLAT_REDIS_URL=REDIS_URL)
    worker_one, worker_two = create_app(environ), create_app(environ)
    with worker_one.app_context(), tenant_context(a):
        tenant_cache().set("kunci", "nilai A", timeout=60)
    with worker_two.app_context():
        with tenant_context(a):
            assert tenant_cache().get("kunci") == "nilai A"
        with tenant_context(b):
            assert tenant_cache().get("kunci") is None
