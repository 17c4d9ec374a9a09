"""The console's queue page: queue depth and failed jobs with their error (both backends)."""

from __future__ import annotations

from kiblat.platform.jobs import failures
from kiblat.platform.jobs.queue import enqueue, job_queue, run_due
from kiblat.platform.jobs.registry import job_handler
from tests.console.helpers import BASE, signed_in_staff
from tests.jobs import LATER


@job_handler("test.console_broken")
def _broken(payload: dict) -> None:
    raise ValueError("server surel tidak menjawab")


def test_staff_see_queue_depth_and_failures(app, client, make_tenant) -> None:
    tenant = make_tenant()
    staff = signed_in_staff(app)
    with app.app_context():
        run_due(LATER)  # what other tests left queued
        huey = job_queue().huey
        for failed in failures.all_failed(huey):
            failures.forget(huey, failed.id)
        failed_id = enqueue("test.console_broken", {}, tenant_slug=tenant.slug, max_attempts=2)
        run_due(LATER)
        enqueue("test.console_broken", {}, delay=3600)  # waits for its time
        enqueue("test.console_broken", {})  # ready
    assert client.get("/staff/konsol/antrean", base_url=BASE).status_code == 302  # staff only
    html = staff.get("/staff/konsol/antrean", base_url=BASE).get_data(as_text=True)
    for state in ("queued", "waiting", "failed"):
        assert f'<tr data-state="{state}"><td>' in html
        row = html.split(f'<tr data-state="{state}">', 1)[1].split("</tr>", 1)[0]
        assert row.endswith(">1</td>"), row
    failed_row = html.split(f'data-job="{failed_id}"', 1)[1].split("</tr>", 1)[0]
    assert tenant.slug in failed_row and "2 / 2" in failed_row
    assert "ValueError: server surel tidak menjawab" in failed_row
    assert "T" not in failed_row.split("<td>", 2)[1].split("</td>")[0]  # a date in words, not ISO
    with app.app_context():
        run_due(LATER)
        for failed in failures.all_failed(job_queue().huey):
            failures.forget(job_queue().huey, failed.id)
