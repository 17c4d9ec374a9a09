"""URL map of Kunjungan."""

from flask import Blueprint

from kiblat.modules.kunjungan.views import visitor

bp = Blueprint("kunjungan", __name__, template_folder="templates")

bp.add_url_rule("/tiket", "my_tickets", visitor.my_tickets)
