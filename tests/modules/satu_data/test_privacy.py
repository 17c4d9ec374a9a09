"""Satu Data in "Data saya": an officer's steps in a dataset's history are in their download;
deletion takes their name out of the history and keeps every step."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.satu_data.models import DatasetEvent
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.satu_data.helpers import person, published_dataset
from tests.privacy.helpers import download, erase


def test_an_officers_history_steps_are_downloaded_and_erased_keeping_the_steps(app, make_tenant):  # noqa: ANN001
    tenant = make_tenant(modules=("satu_data",))
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        producer, walidata, admin = person("produsen_data"), person("walidata", "BAPPEDA"), person("admin")
        published_dataset(producer, walidata, "Jumlah puskesmas per kecamatan", name="puskesmas")
        producer_id, producer_name = producer.id, producer.name

        steps = download(producer_id)["satu_data"]["data"]["riwayat_data"]
        assert {s["data"] for s in steps} == {"puskesmas"} and {s["nama"] for s in steps} == {producer_name}
        assert walidata.name not in str(steps)

        before = tenant_db.session.scalar(select(func.count(DatasetEvent.id)))
        report = erase(producer_id, admin.id)
        assert any("Satu Data: nama Anda pada" in line for line in report["erased"])
        assert tenant_db.session.scalar(select(func.count(DatasetEvent.id))) == before
        names = set(tenant_db.session.scalars(select(DatasetEvent.actor_name)
                                              .where(DatasetEvent.actor_user_id == producer_id)))
        assert names == {"(dihapus)"}
        assert walidata.name in set(tenant_db.session.scalars(select(DatasetEvent.actor_name)))
