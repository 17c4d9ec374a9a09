"""Public interface of Taman Buah for other modules, provisioning and tests."""

from kiblat.modules.taman_buah.services.errors import TamanBuahError
from kiblat.modules.taman_buah.services.harvest import commodities, set_price, set_status, subscribe
from kiblat.modules.taman_buah.services.sales import Weighing, record_sale

__all__ = ["TamanBuahError", "Weighing", "commodities", "record_sale", "set_price", "set_status", "subscribe"]
