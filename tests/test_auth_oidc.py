"""Single sign-on through OIDC (authlib), against a fake provider on loopback."""

import threading
import time
import warnings
from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("authlib")
with warnings.catch_warnings():  # authlib.jose is deprecated for joserfc, still fine for a fake provider
    warnings.simplefilter("ignore")
    from authlib.jose import JsonWebKey, jwt
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from dashboard import team, users
from dashboard.app import create_app
from extract.store import Store

CLIENT_ID = "timeline"


@pytest.fixture
def provider():
    """A minimal OpenID provider: discovery, keys, and a token endpoint that signs an ID token."""
    key = JsonWebKey.generate_key("RSA", 2048, is_private=True)
    public = key.as_dict(is_private=False)
    public.update(kid="k1", use="sig", alg="RS256")
    app = Flask("fake-provider")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    issuer = f"http://127.0.0.1:{server.server_port}"
    issued = {}

    @app.route("/.well-known/openid-configuration")
    def discovery():
        return jsonify(
            issuer=issuer, authorization_endpoint=f"{issuer}/authorize", token_endpoint=f"{issuer}/token",
            jwks_uri=f"{issuer}/jwks", userinfo_endpoint=f"{issuer}/userinfo", response_types_supported=["code"],
            subject_types_supported=["public"], id_token_signing_alg_values_supported=["RS256"],
        )  # fmt: skip

    @app.route("/jwks")
    def jwks():
        return jsonify(keys=[public])

    @app.route("/token", methods=["POST"])
    def token():
        assert request.form["code"] == "the-code"
        now = int(time.time())
        claims = {"iss": issuer, "sub": "u-1", "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": issued["nonce"], "preferred_username": issued["user"]}  # fmt: skip
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key).decode()
        return jsonify(access_token="at", token_type="Bearer", expires_in=300, id_token=id_token)

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield issuer, issued
    server.shutdown()


@pytest.fixture
def client(provider, tmp_path, monkeypatch):
    issuer, _ = provider
    monkeypatch.setenv("TIMELINE_OIDC_ISSUER", issuer)
    monkeypatch.setenv("TIMELINE_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("TIMELINE_OIDC_CLIENT_SECRET", "secret")
    store = Store(f"sqlite:///{tmp_path / 'sso.db'}")
    users.add(store, "olga", "editor", None)
    app = create_app(store)
    team.install(app, store, enabled=True, secret_key="k")
    yield app.server.test_client()
    store.close()


def single_sign_on(client, provider, user):
    issuer, issued = provider
    start = client.get("/auth/oidc/login?next=/views")
    assert start.status_code == 302 and start.headers["Location"].startswith(f"{issuer}/authorize")
    query = parse_qs(urlparse(start.headers["Location"]).query)
    issued.update(nonce=query["nonce"][0], user=user)
    return client.get(f"/auth/oidc/callback?code=the-code&state={query['state'][0]}")


def test_a_known_user_signs_in_through_the_provider_with_their_role(client, provider):
    done = single_sign_on(client, provider, "olga")
    assert done.status_code == 302 and done.headers["Location"] == "/views"
    assert client.get("/team/me").get_json()["role"] == "editor"


def test_a_user_the_dashboard_does_not_know_is_refused(client, provider):
    assert single_sign_on(client, provider, "mallory").status_code == 403
    assert client.get("/team/me").status_code == 401


def test_the_sign_in_page_offers_single_sign_on(client):
    assert "Sign in with single sign-on" in client.get("/auth/login").get_data(as_text=True)
