"""Single sign-on against a real OpenID provider, through the served app, on both backends."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import func, select

from kiblat.platform.identity.models import User
from kiblat.platform.identity.oidc.models import OidcIdentity
from kiblat.platform.identity.oidc.settings import (
    SsoSettings,
    client_secret,
    get_provider,
    save_settings,
    set_enabled,
)
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.identity.oidc.conftest import SECRETS, Setup, browser, sign_in_at_provider


def configure(sso: Setup, tenant: TenantInfo, key: str, *, issuer: str | None = None, enabled: bool = True,
              role: str = "humas") -> None:
    with sso.app.app_context(), tenant_context(tenant):
        save_settings(SsoSettings(
            issuer=issuer or sso.issuer, client_id=f"kiblat-{key}", client_secret=SECRETS[key],
            display_name="SSO Pemda", scopes="openid email profile phone", default_role=role, enabled=enabled,
        ))


def users_and_links(sso: Setup, tenant: TenantInfo) -> tuple[list[User], list[OidcIdentity]]:
    with sso.app.app_context(), tenant_context(tenant):
        session = tenant_db.session
        users = list(session.scalars(select(User).order_by(User.id)))
        links = list(session.scalars(select(OidcIdentity).order_by(OidcIdentity.id)))
        session.expunge_all()
        return users, links


def start(client, sso: Setup, tenant: TenantInfo, next_path: str = "/"):  # noqa: ANN001, ANN201
    return client.get(f"{sso.origin(tenant)}/masuk/sso", params={"next": next_path}, allow_redirects=False)


def signed_in(client, sso: Setup, tenant: TenantInfo) -> bool:  # noqa: ANN001
    # /masuk sends a signed-in person on to the next page instead of showing the form.
    return client.get(f"{sso.origin(tenant)}/masuk", allow_redirects=False).status_code == 302


def on_host(url: str, host: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=host))


def test_first_login_creates_the_user_and_second_login_links_to_the_same_one(sso: Setup) -> None:
    tenant = sso.tenant_a
    configure(sso, tenant, "a")
    login_page = browser().get(f"{sso.origin(tenant)}/masuk")
    assert "Masuk dengan SSO Pemda" in login_page.text

    client = browser()
    response = start(client, sso, tenant, "/pengumuman")
    assert response.status_code == 302
    authorize = response.headers["Location"]
    assert authorize.startswith(sso.issuer + "/auth?")
    assert "code_challenge_method=S256" in authorize and "nonce=" in authorize
    callback = sign_in_at_provider(client, response, "siti")
    assert urlsplit(callback).netloc == f"{tenant.primary_host}:{sso.port}"
    done = client.get(callback, allow_redirects=False)
    assert done.status_code == 302, done.text
    assert done.headers["Location"] == "/pengumuman"
    assert signed_in(client, sso, tenant)

    users, links = users_and_links(sso, tenant)
    assert len(users) == 1
    user = users[0]
    assert (user.email, user.name, user.phone, user.role_key) == (
        "siti.aminah@contoh.go.id", "Siti Aminah", "+6281234567890", "humas")
    assert user.email_verified_at is not None and user.password_hash is None
    assert [(link.user_id, link.issuer, link.subject) for link in links] == [(user.id, sso.issuer, "siti")]

    # Again, from a fresh browser: the provider asks to sign in again, the link finds the same user.
    again = browser()
    callback = sign_in_at_provider(again, start(again, sso, tenant), "siti")
    assert again.get(callback, allow_redirects=False).status_code == 302
    assert signed_in(again, sso, tenant)
    users_after, links_after = users_and_links(sso, tenant)
    assert [u.id for u in users_after] == [user.id]
    assert len(links_after) == 1 and links_after[0].last_login_at is not None


def test_a_callback_replayed_on_another_regency_fails(sso: Setup) -> None:
    configure(sso, sso.tenant_a, "a")
    configure(sso, sso.tenant_b, "b")
    client = browser()
    callback = sign_in_at_provider(client, start(client, sso, sso.tenant_a), "rina")
    host_b = f"{sso.tenant_b.primary_host}:{sso.port}"

    # Delivered to regency B, with B's own flow running in the same browser.
    start(client, sso, sso.tenant_b)
    replay = client.get(on_host(callback, host_b), allow_redirects=False)
    assert replay.status_code == 400
    assert "tidak dimulai di kabupaten/kota ini" in replay.text

    # Even with regency A's session cookie copied over to B's host.
    thief = browser()
    for cookie in client.cookies:
        if cookie.domain.startswith(sso.tenant_a.primary_host):
            thief.cookies.set(cookie.name, cookie.value, domain=sso.tenant_b.primary_host)
    stolen = thief.get(on_host(callback, host_b), allow_redirects=False)
    assert stolen.status_code == 400
    assert not signed_in(client, sso, sso.tenant_b) and not signed_in(thief, sso, sso.tenant_b)
    assert users_and_links(sso, sso.tenant_b) == ([], [])

    # The code itself was fine: at regency A, where the flow began, it signs Rina in.
    assert client.get(callback, allow_redirects=False).status_code == 302
    assert signed_in(client, sso, sso.tenant_a)
    assert "rina@contoh.go.id" in [u.email for u in users_and_links(sso, sso.tenant_a)[0]]


def test_a_disabled_provider_refuses(sso: Setup) -> None:
    tenant = sso.tenant_a
    configure(sso, tenant, "a")
    client = browser()
    callback = sign_in_at_provider(client, start(client, sso, tenant), "rina")
    with sso.app.app_context(), tenant_context(tenant):
        set_enabled(False)

    refused = client.get(callback, allow_redirects=False)
    assert refused.status_code == 403
    assert "tidak diaktifkan" in refused.text
    assert not signed_in(client, sso, tenant)
    fresh = browser()
    assert start(fresh, sso, tenant).status_code == 403
    assert "Masuk dengan SSO Pemda" not in fresh.get(f"{sso.origin(tenant)}/masuk").text


def test_wrong_issuer_gives_a_clear_error(sso: Setup) -> None:
    tenant = sso.tenant_b
    # Same server, but not the issuer it publishes (its discovery document says 127.0.0.1).
    wrong = sso.issuer.replace("127.0.0.1", "localhost")
    configure(sso, tenant, "b", issuer=wrong)
    response = start(browser(), sso, tenant)
    assert response.status_code == 503
    assert "Issuer salah" in response.text and sso.issuer in response.text

    configure(sso, tenant, "b", issuer="http://127.0.0.1:9")  # nothing listens there
    response = start(browser(), sso, tenant)
    assert response.status_code == 503
    assert "tidak dapat dihubungi" in response.text


def test_an_unverified_email_does_not_take_over_an_existing_account(sso: Setup) -> None:
    tenant = sso.tenant_b
    configure(sso, tenant, "b")
    existing = add_user(sso.app, tenant, email="budi@contoh.go.id")
    client = browser()
    callback = sign_in_at_provider(client, start(client, sso, tenant), "budi")
    refused = client.get(callback, allow_redirects=False)
    assert refused.status_code == 400
    assert "tidak menyatakannya terverifikasi" in refused.text
    users, links = users_and_links(sso, tenant)
    assert [u.id for u in users if u.email == "budi@contoh.go.id"] == [existing]
    assert not [link for link in links if link.subject == "budi"]


def test_a_verified_email_links_the_existing_account(sso: Setup) -> None:
    tenant = sso.tenant_b
    configure(sso, tenant, "b")
    with sso.app.app_context(), tenant_context(tenant):
        count = tenant_db.session.scalar(select(func.count()).select_from(User).where(User.email == "rina@contoh.go.id"))
    existing = add_user(sso.app, tenant, email="rina@contoh.go.id", role="citizen") if not count else None
    client = browser()
    callback = sign_in_at_provider(client, start(client, sso, tenant), "rina")
    assert client.get(callback, allow_redirects=False).status_code == 302
    users, links = users_and_links(sso, tenant)
    rina = next(u for u in users if u.email == "rina@contoh.go.id")
    assert existing is None or rina.id == existing
    assert rina.role_key == "citizen"  # an existing account keeps its role
    assert [link.user_id for link in links if link.subject == "rina"] == [rina.id]


def test_admin_page_tests_discovery_against_the_real_provider(sso: Setup) -> None:
    tenant = sso.tenant_a
    configure(sso, tenant, "a")
    add_user(sso.app, tenant, role="admin", email="admin-sso@contoh.go.id")
    client = sso.app.test_client()
    host = f"http://{tenant.primary_host}"
    assert sign_in(client, tenant, "admin-sso@contoh.go.id").status_code == 302
    admin = client.get("/admin/sso", base_url=host)
    page = admin.get_data(as_text=True)
    assert admin.status_code == 200 and f"{host}/masuk/sso/callback" in page
    form = {"csrf_token": csrf_token(page), "action": "test", "issuer": sso.issuer, "display_name": "SSO Pemda",
            "client_id": "kiblat-a", "client_secret": "", "scopes": "openid email", "email_claim": "email",
            "name_claim": "name", "phone_claim": "", "default_role": "humas", "enabled": "y"}
    ok = client.post("/admin/sso", base_url=host, data=form)
    assert ok.status_code == 200 and "cocok untuk issuer" in ok.get_data(as_text=True)
    wrong = client.post("/admin/sso", base_url=host, data={**form, "issuer": sso.issuer.replace("127.0.0.1", "localhost")})
    text = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "Issuer salah" in text
    assert 'value="SSO Pemda"' in text  # nothing typed is lost

    saved = client.post("/admin/sso", base_url=host, data={**form, "action": "save", "display_name": "SSO Baru"})
    assert saved.status_code == 302
    with sso.app.app_context(), tenant_context(tenant):
        provider = get_provider()
        assert (provider.display_name, provider.scopes, provider.enabled) == ("SSO Baru", "openid email", True)
        assert client_secret(provider) == SECRETS["a"]  # a blank secret keeps the stored one
