"""Statuses and ledger kinds are shown as words in the reader's language, never as codes."""

from __future__ import annotations

from datetime import date

import pytest
from flask import render_template_string

from kiblat.modules.jumpa_madu.services.pickups import STATUS_LABELS
from kiblat.modules.jumpa_madu.views.common import ENTRY_LABELS, WITHDRAWAL_LABELS

ENGLISH = {"picked_up": "Picked up", "scheduled": "Scheduled", "assigned": "Assigned", "paid": "Paid",
           "deposit": "Waste deposit", "withdrawal_release": "Withdrawal cancelled"}
BADGE = "{{ _(labels[code]) }}"


@pytest.mark.parametrize("labels", [STATUS_LABELS, WITHDRAWAL_LABELS, ENTRY_LABELS])
def test_every_code_has_an_indonesian_label_and_an_english_entry(app, labels):
    for code, label in labels.items():
        with app.test_request_context("/"):
            indonesian = render_template_string(BADGE, labels=labels, code=code)
        with app.test_request_context("/", headers={"Cookie": "lang=en"}):
            english = render_template_string(BADGE, labels=labels, code=code)
        assert indonesian == label and code not in (indonesian, english)
        assert english != indonesian, f"{label!r} has no English catalog entry"
        assert english == ENGLISH.get(code, english)


def test_pickup_dates_on_pages_use_the_one_page_style(app):
    template = app.jinja_env.get_template("jumpa_madu/route.html")
    assert "strftime" not in (app.jinja_env.loader.get_source(app.jinja_env, template.name)[0])
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert render_template_string("{{ day|date }}", day=date(2026, 12, 9)) == "9 Dec 2026"
