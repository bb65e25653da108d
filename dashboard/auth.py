"""Sign-in, roles and CSRF for a hosted dashboard, as Flask hooks around the Dash app.

When sign-in is required (:func:`required`): every request but ``/healthz``,
``/auth/*`` and static files needs a signed-in user; pages redirect to the
sign-in form, anything else gets 401.

Design of the checks, all server-side in one ``before_request`` hook:

- **Session**: Flask's cookie session, signed with ``TIMELINE_SECRET_KEY``
  (shared by every worker), ``HttpOnly``, ``SameSite=Lax``, ``Secure`` unless
  ``TIMELINE_SECURE_COOKIES=0``.  It holds the user's name and a CSRF token;
  the role is read from the store on each request, so a change of role or a
  disabled account takes effect at once.  Signing in clears the old session.
- **CSRF**: every POST/PUT/PATCH/DELETE must carry the session's token, in the
  ``X-CSRFToken`` header or a ``csrf_token`` form field.  dash-renderer already
  sends ``X-CSRFToken`` copied from a ``_csrf_token`` cookie on each callback
  request, so the hook sets that (readable, SameSite=Strict) cookie and Dash
  needs no change.  A forged cross-site post has no way to read the token.
- **Roles on callbacks**: a Dash callback that writes or is fired by a
  component in :data:`EDITOR_COMPONENTS` (adding articles) needs ``editor``;
  the hook reads the component ids from the callback request and answers 403
  before Dash runs anything.  Flask pages declare their role with :func:`need`.
- **Rate limit**: failed sign-ins are rows in ``sign_in_attempts`` (shared by
  workers): 5 per name or 20 per client address in 15 minutes, then 429.

Single sign-on (OIDC, authlib) is on when ``TIMELINE_OIDC_ISSUER``,
``TIMELINE_OIDC_CLIENT_ID`` and ``TIMELINE_OIDC_CLIENT_SECRET`` are set: the
sign-in page offers it, and a user whose ``preferred_username`` (or email) is
an enabled account signs in with that account's role
(``TIMELINE_OIDC_DEFAULT_ROLE`` creates unknown users with that role instead).
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import html
import os
import secrets
import time
from urllib.parse import urlparse

import sqlalchemy as sa
from flask import Flask, abort, current_app, g, jsonify, redirect, request, session

from dashboard import ids, users
from extract.store import Store, sign_in_attempts

#: Components whose callbacks change the store: adding articles (and its background job).
EDITOR_COMPONENTS = frozenset(
    getattr(ids, name) for name in ("ADD_SUBMIT", "ADD_MESSAGE", "ADD_JOB", "ADD_POLL") if hasattr(ids, name)
)
PUBLIC_PREFIXES = ("/healthz", "/auth/", "/assets/", "/_dash-component-suites/", "/favicon.ico")
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WINDOW = 15 * 60
MAX_PER_NAME = 5
MAX_PER_ADDRESS = 20
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def required(host: str | None = None) -> bool:
    """Whether sign-in is needed: ``TIMELINE_AUTH=1``/``0`` decides; unset, it is
    needed unless the server listens on loopback only (``host``; ``None`` = gunicorn, needed)."""
    flag = os.environ.get("TIMELINE_AUTH", "").strip().lower()
    if flag in ("1", "true", "yes", "on"):
        return True
    if flag in ("0", "false", "no", "off"):
        return False
    return host not in LOOPBACK


def secure_cookies() -> bool:
    """``TIMELINE_SECURE_COOKIES``: cookies only over HTTPS unless it is ``0`` (a plain-HTTP trial)."""
    return os.environ.get("TIMELINE_SECURE_COOKIES", "1").strip() != "0"


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def current_user() -> users.User | None:
    return g.get("user")


def need(role: str):
    """Decorator for a Flask view: 403 unless the signed-in user holds ``role``
    (always allowed when sign-in is off: the local single-user mode)."""

    def wrap(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if g.get("auth_on") and not (current_user() and current_user().can(role)):
                abort(403)
            return view(*args, **kwargs)

        return checked

    return wrap


def install(
    server: Flask, store: Store, *, enabled: bool, secret_key: str | None = None, secure_cookies: bool = True
) -> None:
    """Add sessions, CSRF, roles and the sign-in pages to the Dash app's Flask server."""
    if enabled and not secret_key:
        server.logger.warning("TIMELINE_SECRET_KEY is not set: sessions end when this server stops")
    server.secret_key = secret_key or secrets.token_urlsafe(32)  # one process: a random key is enough
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies and enabled,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        # 12 hours from signing in, not renewed by every request: no cookie re-signed and re-sent
        # with each answer, and a stolen cookie does not live on while it is used
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    oidc = _oidc_client(server) if enabled else None

    @server.before_request
    def _check():
        g.auth_on = enabled
        g.user = None
        if not enabled:
            if request.method in UNSAFE and not request.path.startswith("/_dash"):
                _require_csrf()  # local mode: still no cross-site posts to the team pages
            return None
        name = session.get("user")
        if name:
            user = users.get(store, name)
            g.user = user if user is not None and not user.disabled else None
            if g.user is None:
                session.clear()
        if request.path.startswith(PUBLIC_PREFIXES):
            if request.method in UNSAFE and request.path != "/auth/oidc/callback":
                _require_csrf()
            return None
        if g.user is None:
            if request.method == "GET" and "text/html" in request.headers.get("Accept", ""):
                return redirect(f"/auth/login?next={_safe_next(request.full_path)}")
            return jsonify(error="sign in first"), 401
        if request.method in UNSAFE:
            _require_csrf()
            changes_store = request.path.startswith("/_dash-update-component") and _touches(
                request.get_json(silent=True) or {}, EDITOR_COMPONENTS
            )
            if changes_store and not g.user.can("editor"):
                return jsonify(error=f"{g.user.role}s cannot add or remove articles"), 403
        return None

    @server.after_request
    def _csrf_cookie(response):
        # sent when the browser lacks it (or holds another one), not again on every response
        if enabled and g.get("user") is not None and request.cookies.get("_csrf_token") != csrf_token():
            response.set_cookie(
                "_csrf_token",
                csrf_token(),
                samesite="Strict",
                secure=server.config["SESSION_COOKIE_SECURE"],
                httponly=False,
            )
        return response

    @server.route("/auth/login", methods=["GET", "POST"])
    def login():
        next_url = _safe_next(request.values.get("next", "/"))
        if not enabled:
            return redirect(next_url)
        if request.method == "GET":
            return _login_page(next_url, "", oidc is not None)
        name = request.form.get("name", "").strip()
        wait = _blocked(store, name, _address())
        if wait:
            return _login_page(
                next_url, f"Too many failed attempts: try again in {wait // 60 + 1} minutes.", oidc is not None
            ), 429
        user = users.authenticate(store, name, request.form.get("password", ""))
        if user is None:
            _record_failure(store, name, _address())
            return _login_page(next_url, "Wrong name or password.", oidc is not None), 401
        _sign_in(user)
        return redirect(next_url)

    @server.route("/auth/logout", methods=["POST"])
    def logout():
        session.clear()
        return redirect("/auth/login")

    if oidc is not None:

        @server.route("/auth/oidc/login")
        def oidc_login():
            session["oidc_next"] = _safe_next(request.args.get("next", "/"))
            return oidc.authorize_redirect(
                os.environ.get("TIMELINE_OIDC_REDIRECT_URI") or request.url_root.rstrip("/") + "/auth/oidc/callback"
            )

        @server.route("/auth/oidc/callback")
        def oidc_callback():
            token = oidc.authorize_access_token()
            claims = token.get("userinfo") or oidc.userinfo()
            name = claims.get("preferred_username") or claims.get("email") or ""
            user = users.get(store, name)
            default_role = os.environ.get("TIMELINE_OIDC_DEFAULT_ROLE")
            if user is None and default_role in users.ROLES:
                user = users.add(store, name, default_role, None)
            if user is None or user.disabled:
                return _login_page(
                    "/", f"{name or 'This account'} has no access to this dashboard: ask an admin.", True
                ), 403
            next_url = session.pop("oidc_next", "/")
            _sign_in(user)
            return redirect(next_url)


def _sign_in(user: users.User) -> None:
    session.clear()  # no session fixation: a fresh session and token
    session.permanent = True
    session["user"] = user.name
    session["csrf"] = secrets.token_urlsafe(32)


#: Why a sign-in fails when the browser dropped the session cookie: it was marked Secure and the page came over HTTP.
SECURE_COOKIE_OVER_HTTP = (
    "Your browser sent no session cookie. This server marks its cookies Secure (TIMELINE_SECURE_COOKIES=1), "
    "and browsers send those back only over HTTPS: open the site through HTTPS, or, for a plain-HTTP trial, "
    "start the server with TIMELINE_SECURE_COOKIES=0."
)


def _require_csrf() -> None:
    sent = request.headers.get("X-CSRFToken") or request.form.get("csrf_token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description=_csrf_problem(expected))


def _csrf_problem(expected: str) -> str:
    """What to tell the user: "reload" helps only when the browser kept the session cookie."""
    cookie_dropped = (
        not expected
        and not request.is_secure
        and current_app.config.get("SESSION_COOKIE_SECURE")
        and current_app.config.get("SESSION_COOKIE_NAME", "session") not in request.cookies
    )
    return SECURE_COOKIE_OVER_HTTP if cookie_dropped else "missing or wrong CSRF token: reload the page"


def _touches(body: dict, component_ids: frozenset) -> bool:
    """Whether a Dash callback request writes or is fired by one of the components."""
    found = set()
    outputs = body.get("outputs")
    for item in outputs if isinstance(outputs, list) else [outputs]:
        if isinstance(item, dict):
            found.add(str(item.get("id")))
    for item in body.get("inputs") or ():
        if isinstance(item, dict):
            found.add(str(item.get("id")))
    for prop in body.get("changedPropIds") or ():
        found.add(str(prop).rsplit(".", 1)[0])
    output = body.get("output")
    if isinstance(output, str):
        found.update(part.rsplit(".", 1)[0] for part in output.strip(".").split("..") if part)
    return bool(found & component_ids)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no open redirect)."""
    parsed = urlparse(target or "/")
    if parsed.scheme or parsed.netloc or not (target or "/").startswith("/") or (target or "").startswith("//"):
        return "/"
    return target.rstrip("?") or "/"


def _address() -> str:
    return request.remote_addr or "unknown"


def _blocked(store: Store, name: str, address: str) -> int:
    """Seconds to wait before another attempt, 0 when allowed."""
    since = time.time() - WINDOW
    with store.engine.begin() as conn:
        conn.execute(sign_in_attempts.delete().where(sign_in_attempts.c.at < since))
        waits = []
        for key, limit in ((f"name:{name.casefold()}", MAX_PER_NAME), (f"addr:{address}", MAX_PER_ADDRESS)):
            query = sa.select(sa.func.count(), sa.func.min(sign_in_attempts.c.at)).where(
                sign_in_attempts.c.key == key, sign_in_attempts.c.at >= since
            )
            n, first = conn.execute(query).one()
            if n >= limit:
                waits.append(int(first + WINDOW - time.time()) + 1)
    return max(waits, default=0)


def _record_failure(store: Store, name: str, address: str) -> None:
    now = time.time()
    with store.engine.begin() as conn:
        conn.execute(
            sign_in_attempts.insert(),
            [{"key": f"name:{name.casefold()}"[:300], "at": now}, {"key": f"addr:{address}"[:300], "at": now}],
        )


def _oidc_client(server: Flask):
    issuer = os.environ.get("TIMELINE_OIDC_ISSUER")
    if not issuer:
        return None
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(server)
    return oauth.register(
        name="oidc",
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_id=os.environ["TIMELINE_OIDC_CLIENT_ID"],
        client_secret=os.environ["TIMELINE_OIDC_CLIENT_SECRET"],
        client_kwargs={"scope": "openid email profile"},
    )


def page(title: str, body: str) -> str:
    """A minimal HTML page around ``body`` (already escaped by the caller)."""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}}
input,select,button{{font:inherit;padding:.3rem .5rem;margin:.2rem 0}} .error{{color:#b00020}}
table{{border-collapse:collapse}} td,th{{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}}</style>
</head><body>{body}</body></html>"""


def _login_page(next_url: str, message: str, sso: bool) -> str:
    token = html.escape(csrf_token())
    sso_link = (
        f'<p><a href="/auth/oidc/login?next={html.escape(next_url)}">Sign in with single sign-on</a></p>' if sso else ""
    )
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    return page(
        "Sign in",
        f"""<h1>News event timeline</h1>{error}
<form method="post" action="/auth/login">
<input type="hidden" name="csrf_token" value="{token}"><input type="hidden" name="next" value="{html.escape(next_url)}">
<p><label>Name<br><input name="name" autocomplete="username" required autofocus></label></p>
<p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p></form>{sso_link}""",
    )
