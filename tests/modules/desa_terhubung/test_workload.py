"""An operator's workload comes from other modules through the ``assisted_services`` hook:
a village operator asks Jumpa Madu for a pickup for a neighbour or files an IUMK in Jus Melon for a citizen, Diskominfo's
roster counts it."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from kiblat.modules.desa_terhubung.services import operators, surveys
from kiblat.modules.jus_melon.models import Business
from kiblat.modules.jus_melon.services.registry import assisted_counts as jus_melon_assisted
from kiblat.platform.identity.models import User
from kiblat.platform.modular.manifest import AssistedCount
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.identity.helpers import csrf_token
from tests.modules.desa_terhubung.helpers import desa_codes, in_tenant, person, post, text_of
from tests.modules.jus_melon.helpers import registration_form


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


def _file_iumk(client, tenant, form: dict, *, for_citizen: bool):  # noqa: ANN001, ANN202
    base = f"http://{tenant.primary_host}"
    page = client.get("/iumk/ajukan", base_url=base).get_data(as_text=True)
    key = re.search(r'name="kunci" value="([^"]+)"', page).group(1)
    data = {**form, "csrf_token": csrf_token(page), "kunci": key, "langkah": "kirim"}
    if for_citizen:
        data["atas_nama"] = "1"
    return client.post("/iumk/ajukan", base_url=base, data=data), page


def test_iumk_filed_for_a_citizen_counts_for_the_operator_but_own_filing_does_not(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("sri_deli", "jus_melon", "desa_terhubung"))
    other = make_tenant(modules=("sri_deli", "jus_melon", "desa_terhubung"))
    with in_tenant(app, tenant):
        code = desa_codes(1)[0]
        home = tenant_db.session.get(Desa, code)
        form = registration_form(home, email="")
        own_form = registration_form(home, nama_usaha="Warung Sendiri")
    operator, operator_id = person(app, tenant, "operator_desa_terhubung", desa_code=code)
    citizen, _citizen_id = person(app, tenant, "citizen")
    diskominfo, _ = person(app, tenant, "diskominfo")
    with in_tenant(app, tenant):
        email = tenant_db.session.get(User, operator_id).email
        operators.add(code, "Operator Uji", "0812-0000-1111", None, email=email)
        assert operators.workload()[operator_id] == 0

    filed, page = _file_iumk(operator, tenant, form, for_citizen=True)
    assert "atas nama warga" in page
    assert filed.status_code == 200, filed.get_data(as_text=True)[:800]
    # A citizen filing their own, and the citizen page offers no on-behalf box.
    own, citizen_page = _file_iumk(citizen, tenant, own_form, for_citizen=True)
    assert own.status_code == 200 and 'name="atas_nama"' not in citizen_page

    with in_tenant(app, tenant):
        filed_for = tenant_db.session.scalar(select(Business).where(Business.filed_by_user_id == operator_id))
        assert filed_for.user_id is None and filed_for.owner_name == "Rina Sembiring"
        assert filed_for.email is None  # the operator's own address is not put on the citizen's registration
        assert tenant_db.session.scalar(select(func.count()).select_from(Business)) == 2
        assert jus_melon_assisted() == [AssistedCount(operator_id, code, 1)]
        assert operators.workload()[operator_id] == 1
    # The operator follows what they filed.
    assert "Warung Melon Segar" in text_of(operator, tenant, "/iumk/saya")
    desk = text_of(diskominfo, tenant, "/desa-terhubung/kelola")
    assert re.search(r"Operator Uji.*?<td>1</td></tr>", desk, re.S)
    with in_tenant(app, other):
        assert jus_melon_assisted() == []
