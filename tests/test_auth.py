"""Sign-in, roles, CSRF and cookies of a hosted dashboard, through Flask's test client."""

import io
import re

import pytest

from dashboard import auth, ids, team, users
from dashboard.app import create_app
from extract.store import Store

PASSWORD = "a long enough password"


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'team.db'}")
    for name, role in (("vera", "viewer"), ("eddie", "editor"), ("ada", "admin")):
        users.add(s, name, role, PASSWORD)
    yield s
    s.close()


@pytest.fixture
def client(store):
    app = create_app(store)
    team.install(app, store, enabled=True, secret_key="test-secret")
    return app.server.test_client()


def csrf_of(client) -> str:
    page = client.get("/auth/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, name, password=PASSWORD):
    return client.post(
        "/auth/login", data={"name": name, "password": password, "csrf_token": csrf_of(client), "next": "/"}
    )


def token(client) -> str:
    return client.get("/team/me").get_json()["csrf"]


def add_article_request(text="Putin and Scholz held talks yesterday in Moscow."):
    """The body dash-renderer posts when "Add" is clicked (the parts the role check reads)."""
    return {
        "output": f"..{ids.ADD_MESSAGE}.children..",
        "outputs": [{"id": ids.ADD_MESSAGE, "property": "children"}],
        "inputs": [{"id": ids.ADD_SUBMIT, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{ids.ADD_SUBMIT}.n_clicks"],
        "state": [{"id": ids.ADD_TEXT, "property": "value", "value": text}],
    }


def test_anonymous_visitors_are_sent_to_sign_in_and_callbacks_refused(client):
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 302 and page.headers["Location"].startswith("/auth/login")
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_the_session_cookie_is_signed_http_only_same_site_and_secure(client):
    response = sign_in(client, "vera")
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert re.match(r"session=[^.;]+\.[^.;]+\.[^.;]+;", cookie), "a signed (itsdangerous) value"


def test_a_session_lasts_twelve_hours_from_sign_in_and_is_not_resent_on_every_response(client):
    import email.utils
    import time

    response = sign_in(client, "vera")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    expires = email.utils.parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1)).timestamp()
    assert abs(expires - (time.time() + 12 * 3600)) < 120
    client.get("/team/me")  # the page's CSRF token may join the session once
    for path in ("/team/me", "/healthz", "/team/me"):
        assert not [c for c in client.get(path).headers.getlist("Set-Cookie") if c.startswith("session=")], path
    assert client.get("/team/me").status_code == 200  # still signed in


def test_the_csrf_cookie_is_sent_when_the_browser_lacks_it_and_not_on_every_response(client):
    sign_in(client, "vera")
    first = [c for c in client.get("/team/me").headers.getlist("Set-Cookie") if c.startswith("_csrf_token=")]
    assert len(first) == 1 and "SameSite=Strict" in first[0] and "HttpOnly" not in first[0]
    assert first[0].split(";")[0] == f"_csrf_token={token(client)}"  # what the page echoes back
    again = client.get("/team/me")  # the test client sends the cookie it was given
    assert not [c for c in again.headers.getlist("Set-Cookie") if c.startswith("_csrf_token=")]
    client.delete_cookie("_csrf_token")
    lost = client.get("/team/me")
    assert [c for c in lost.headers.getlist("Set-Cookie") if c.startswith("_csrf_token=")]


def test_a_wrong_password_fails_and_the_sixth_try_is_rate_limited(client):
    for _ in range(5):
        assert sign_in(client, "vera", "wrong password!").status_code == 401
    assert sign_in(client, "vera").status_code == 429


def test_a_post_without_the_csrf_token_is_refused(client):
    sign_in(client, "eddie")
    assert client.post("/_dash-update-component", json=add_article_request()).status_code == 400
    assert client.post("/views", data={"name": "x", "state": "?q=a"}).status_code == 400
    assert client.post("/auth/login", data={"name": "eddie", "password": PASSWORD}).status_code == 400


def test_a_sign_in_whose_secure_cookie_was_dropped_over_plain_http_says_why(store):
    """A browser on http://HOST drops the Secure session cookie: the 400 names the cause, not "reload"."""
    for secure, base, expected in (
        (True, "http://timeline.test", "TIMELINE_SECURE_COOKIES=0"),
        (False, "http://timeline.test", "reload the page"),
        (True, "https://timeline.test", "reload the page"),
    ):
        app = create_app(store)
        team.install(app, store, enabled=True, secret_key="k", secure_cookies=secure)
        client = app.server.test_client()
        page = client.get("/auth/login", base_url=base).get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.delete_cookie("session", domain="timeline.test")
        form = {"name": "vera", "password": PASSWORD, "csrf_token": token}
        response = client.post("/auth/login", base_url=base, data=form)
        assert response.status_code == 400
        assert expected in response.get_data(as_text=True), (secure, base)


def test_a_viewer_cannot_add_an_article_and_nothing_changes(client, store):
    sign_in(client, "vera")
    before = store.counts()
    response = client.post(
        "/_dash-update-component", json=add_article_request(), headers={"X-CSRFToken": token(client)}
    )
    assert response.status_code == 403
    assert store.counts() == before


def test_an_editor_passes_the_role_check_for_adding(client):
    sign_in(client, "eddie")
    response = client.post(
        "/_dash-update-component", json=add_article_request(), headers={"X-CSRFToken": token(client)}
    )
    assert response.status_code not in (400, 401, 403)


def test_only_editors_remove_articles_and_only_admins_manage_users(client, store):
    store.add([{"id": "a1", "title": "T", "text": "x", "published": "2022-02-16"}], [])
    sign_in(client, "vera")
    assert client.post("/articles/remove", data={"article_id": "a1", "csrf_token": token(client)}).status_code == 403
    assert client.get("/admin/users").status_code == 403
    sign_in(client, "eddie")
    assert client.post("/articles/remove", data={"article_id": "a1", "csrf_token": token(client)}).status_code == 302
    assert store.counts()["articles"] == 0
    sign_in(client, "ada")
    response = client.post(
        "/admin/users",
        data={"action": "add", "name": "newbie", "role": "editor", "password": PASSWORD, "csrf_token": token(client)},
    )
    assert response.status_code == 200 and users.get(store, "newbie").role == "editor"


def test_remove_buttons_are_offered_only_to_editors(client, store):
    """A viewer sees the articles and saved views but no Remove, which would only answer 403."""
    store.add([{"id": "a1", "title": "Talks in Moscow", "text": "x", "published": "2022-02-16"}], [])
    team.save_view(store, "talks", "?cat=talks", "ada")
    for name, offered in (("vera", False), ("eddie", True), ("ada", True)):
        sign_in(client, name)
        for path in ("/articles", "/views"):
            listing = client.get(path).get_data(as_text=True)
            assert "Talks in Moscow" in listing or "talks" in listing
            assert (">Remove</button>" in listing) is offered, (name, path)


def test_a_disabled_user_is_signed_out_at_the_next_request(client, store):
    sign_in(client, "eddie")
    users.set_disabled(store, "eddie", True)
    assert client.get("/team/me").status_code == 401


def test_passwords_are_stored_as_argon2id_hashes(store):
    with store.engine.connect() as conn:
        stored = conn.execute(users.users.select().where(users.users.c.name == "vera")).first().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_saved_views_are_listed_for_the_team_with_names_escaped(client):
    sign_in(client, "vera")
    response = client.post("/views", data={"name": "<b>talks</b>", "state": "?cat=talks", "csrf_token": token(client)})
    assert response.status_code == 200
    sign_in(client, "eddie")
    listing = client.get("/views").get_data(as_text=True)
    assert "&lt;b&gt;talks&lt;/b&gt;" in listing and 'href="/?cat=talks"' in listing


def test_sign_in_only_returns_to_a_path_on_this_site():
    assert auth._safe_next("https://evil.example/") == "/"
    assert auth._safe_next("//evil.example/") == "/"
    assert auth._safe_next("/?cat=talks") == "/?cat=talks"


def test_the_local_default_needs_no_sign_in(store, monkeypatch):
    monkeypatch.delenv("TIMELINE_AUTH", raising=False)
    assert auth.required("127.0.0.1") is False
    assert auth.required("0.0.0.0") is True
    assert auth.required(None) is True
    monkeypatch.setenv("TIMELINE_AUTH", "1")
    assert auth.required("127.0.0.1") is True
    app = create_app(store)
    team.install(app, store, enabled=False)
    assert app.server.test_client().get("/", headers={"Accept": "text/html"}).status_code == 200


def test_the_users_command_adds_a_user_with_the_password_from_stdin(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert users.main(["--db", url, "add", "sam", "--role", "editor", "--password-stdin"]) == 0
    store = Store(url)
    assert users.authenticate(store, "sam", PASSWORD).role == "editor"
    assert users.authenticate(store, "sam", "not it at all") is None
    store.close()


@pytest.mark.parametrize(("flag", "secure"), [(None, True), ("1", True), ("0", False)])
def test_python_m_dashboard_reads_timeline_secure_cookies_as_gunicorn_does(tmp_path, monkeypatch, flag, secure):
    """``python -m dashboard --host 0.0.0.0`` signs in too, so a plain-HTTP trial needs the same switch."""
    from dash import Dash

    from dashboard.__main__ import main

    served = []
    monkeypatch.setattr(Dash, "run", lambda self, **kwargs: served.append(self))
    monkeypatch.delenv("TIMELINE_AUTH", raising=False)
    monkeypatch.setenv("TIMELINE_SECRET_KEY", "k")
    if flag is None:
        monkeypatch.delenv("TIMELINE_SECURE_COOKIES", raising=False)
    else:
        monkeypatch.setenv("TIMELINE_SECURE_COOKIES", flag)
    assert main(["--host", "0.0.0.0", "--no-sample", "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 0
    assert served[0].server.config["SESSION_COOKIE_SECURE"] is secure


def test_the_users_command_takes_db_before_or_after_the_action(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # a forgotten --db would make timeline.db here
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert users.main(["add", "sam", "--role", "editor", "--password-stdin", "--db", url]) == 0
    assert users.main(["list", "--db", url]) == 0
    assert users.main(["--db", url, "list"]) == 0
    assert capsys.readouterr().out.count("sam\teditor") == 2
    assert not (tmp_path / "timeline.db").exists()
