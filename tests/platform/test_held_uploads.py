"""Files held while a form is corrected: only the owner's ticket names them, in its own regency,
and the daily pruning removes what nobody came back for."""

from __future__ import annotations

import os
import time

from kiblat.platform.uploads import held
from kiblat.platform.uploads.jobs import prune_everywhere
from kiblat.tenants.context import tenant_context


def test_ticket_is_bound_to_owner_and_regency_and_old_files_are_pruned(app_ctx, make_tenant):
    one, two = make_tenant(), make_tenant()
    with tenant_context(one):
        ticket = held.hold({"ktp": ("ktp.pdf", b"%PDF-1.4 a"), "empty": ("x.pdf", b"")}, None, "user:1")
        assert held.names(ticket, "user:1") == {"ktp": "ktp.pdf"}
        assert held.names(ticket, "user:2") == {} and held.names("tampered" + ticket, "user:1") == {}
        # A newer choice replaces the held file; others stay.
        ticket = held.hold({"foto": ("a.jpg", b"jpeg")}, ticket, "user:1")
        ticket = held.hold({"ktp": ("ktp-baru.pdf", b"%PDF-1.4 b")}, ticket, "user:1")
        assert held.load(ticket, "user:1") == {"ktp": ("ktp-baru.pdf", b"%PDF-1.4 b"), "foto": ("a.jpg", b"jpeg")}
    with tenant_context(two):
        assert held.names(ticket, "user:1") == {}  # another regency's ticket holds nothing here
    with tenant_context(one):
        folder = held.tenant_storage().root / held.FOLDER
        assert len(list(folder.iterdir())) == 2  # the replaced file was deleted
        old = time.time() - held.MAX_AGE_SECONDS - 60
        for path in folder.iterdir():
            os.utime(path, (old, old))
    assert prune_everywhere() >= 2
    with tenant_context(one):
        assert held.names(ticket, "user:1") == {}
