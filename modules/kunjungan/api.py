"""Public interface of Kunjungan. Modules that sell visits (Taman Buah, a museum) register
their place, ticket types and slot rules here and send visitors to the booking pages;
they import nothing else from this package."""

from kiblat.modules.kunjungan.services.booking import (
    Order,
    book,
    booking_codes_of,
    by_code,
    cancel,
    mark_paid,
)
from kiblat.modules.kunjungan.services.errors import KunjunganError, SoldOut
from kiblat.modules.kunjungan.services.places import (
    add_slot_rule,
    close_day,
    ensure_place,
    ensure_ticket_type,
    place_by_key,
    rules,
    ticket_types,
)
from kiblat.modules.kunjungan.services.reports import visitors_per_day
from kiblat.modules.kunjungan.services.slots import SlotView, availability

__all__ = [
    "KunjunganError",
    "Order",
    "SlotView",
    "SoldOut",
    "add_slot_rule",
    "availability",
    "book",
    "booking_codes_of",
    "by_code",
    "cancel",
    "close_day",
    "ensure_place",
    "ensure_ticket_type",
    "mark_paid",
    "place_by_key",
    "rules",
    "ticket_types",
    "visitors_per_day",
]
