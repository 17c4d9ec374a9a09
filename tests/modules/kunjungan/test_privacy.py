"""Kunjungan and Taman Buah in a citizen's "Data saya": bookings, harvest notices and fruit
bought with a booking are in the download; deletion erases who booked and keeps the sales."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.kunjungan.models import Booking
from kiblat.modules.kunjungan.services import booking as bookings
from kiblat.modules.taman_buah.models import Commodity, Sale, Subscription
from kiblat.modules.taman_buah.services import harvest
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user
from tests.modules.kunjungan.helpers import SATURDAY, in_tenant, make_park, slot_at
from tests.privacy.helpers import download, erase


def test_bookings_fruit_and_notices_are_downloaded_and_erased_keeping_the_sales(app, make_tenant):  # noqa: ANN001
    tenant = make_tenant(modules=("kunjungan", "taman_buah"))
    rina = add_user(app, tenant, "citizen", email="rina@contoh.id")
    tono = add_user(app, tenant, "citizen", email="tono@contoh.id")
    admin = add_user(app, tenant, "admin", email="admin@contoh.id")
    with in_tenant(app, tenant):
        park = make_park()
        slot = slot_at(park, SATURDAY)
        mine = bookings.book(bookings.Order(slot, {park.adult: 2}, "Rina Sembiring", "rina@contoh.id", rina), "kunci-rina")
        bookings.book(bookings.Order(slot, {park.adult: 1}, "Tono Lain", "tono@contoh.id", tono), "kunci-tono")
        fruit = tenant_db.session.scalar(select(Commodity).order_by(Commodity.id).limit(1))
        harvest.subscribe(fruit.key, "Rina@Contoh.id")
        tenant_db.session.add(Sale(request_key="jual-1", booking_code=mine.code, visitor_name="Rina Sembiring",
                                   total=50_000, total_grams=2_000, sold_at=mine.created_at))
        tenant_db.session.commit()

        data = download(rina)
        booked = data["kunjungan"]["data"]["pemesanan"]
        assert [(b["kode"], b["atas_nama"], b["jumlah_tiket"]) for b in booked] == [(mine.code, "Rina Sembiring", 2)]
        park_data = data["taman_buah"]["data"]
        assert [s["email"] for s in park_data["kabar_panen"]] == ["rina@contoh.id"]
        assert [(s["kode_tiket"], s["atas_nama"], s["total"]) for s in park_data["pembelian_buah"]] == [
            (mine.code, "Rina Sembiring", 50_000)]
        assert "Tono" not in str(data)

        bookings_before = tenant_db.session.scalar(select(func.count(Booking.id)))
        report = erase(rina, admin)
        assert any("Kunjungan: nama dan email pada 1 pemesanan" in line for line in report["erased"])
        assert any("Taman Buah: 1 langganan kabar panen" in line for line in report["erased"])
        assert any("catatan kas pos timbang" in line for line in report["kept"])
        assert tenant_db.session.scalar(select(func.count(Booking.id))) == bookings_before
        kept = tenant_db.session.get(Booking, mine.id)
        assert (kept.name, kept.email, kept.seats, kept.total) == ("(dihapus)", "", 2, mine.total)
        assert tenant_db.session.scalar(select(func.count(Subscription.id))) == 0
        sale = tenant_db.session.scalar(select(Sale))
        assert (sale.visitor_name, sale.total) == ("(dihapus)", 50_000)
        assert tenant_db.session.scalar(select(Booking.name).where(Booking.user_id == tono)) == "Tono Lain"
        assert "Rina" not in str(download(rina))
