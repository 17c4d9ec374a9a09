"""An operator's workload comes from other modules through the ``assisted_services`` hook:
a village operator asks Jumpa Madu for a pickup for a neighbour, Diskominfo's roster counts it."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from kiblat.modules.desa_terhubung.services import operators, surveys
from kiblat.platform.identity.models import User
from kiblat.tenants.database import tenant_db
from tests.modules.desa_terhubung.helpers import desa_codes, in_tenant, person, post, text_of


def test_assisted_filing_in_another_module_counts_for_the_operator(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("jumpa_madu", "desa_terhubung"))
    with in_tenant(app, tenant):
        code = desa_codes(1)[0]
    operator, operator_id = person(app, tenant, "operator_desa_terhubung", desa_code=code)
    diskominfo, _ = person(app, tenant, "diskominfo")
    with in_tenant(app, tenant):
        email = tenant_db.session.get(User, operator_id).email
        operators.add(code, "Operator Uji", "0812-0000-1111", None, email=email)
        assert operators.workload()[operator_id] == 0
        tomorrow = (surveys.today() + timedelta(days=1)).isoformat()

    registered = post(operator, tenant, "/jumpa-madu/operator/daftar",
                      {"name": "Tetangga Uji", "phone": f"0812{secrets.randbelow(10**8):08d}",
                       "address": "Jl. Melati No. 3"})
    assert registered.status_code == 302, registered.get_data(as_text=True)[:500]
    page_path = registered.headers["Location"]
    form = text_of(operator, tenant, page_path)
    window = re.search(r'name="window"><option value="(\d+)"', form).group(1)
    done = post(operator, tenant, page_path, {"date": tomorrow, "window": window, "kg_kardus": "3"})
    assert done.status_code == 302, done.get_data(as_text=True)[:500]

    with in_tenant(app, tenant):
        assert operators.workload()[operator_id] == 1
    desk = text_of(diskominfo, tenant, "/desa-terhubung/kelola")
    assert re.search(r"Operator Uji.*?<td>1</td></tr>", desk, re.S)
