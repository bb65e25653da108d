"""What a team shares around the timeline: saved views, articles, users, health.

Plain Flask pages next to the Dash app (every value escaped, every form
carrying the CSRF token, every write checked for its role server-side)::

    GET  /healthz                   200 "ok" when the store answers, else 503
    GET  /views                     saved views (anyone signed in)
    POST /views                     save the current view: name + state (the URL query)
    POST /views/delete              remove a saved view (editor)
    GET  /articles                  the stored articles; POST /articles/remove (editor)
    GET  /admin/users               users and roles; POST add / role / password / disable (admin)
    GET  /team.js                   the toolbar the dashboard loads: who is signed in, links,
                                    "Save view" (a script, so the Dash layout is unchanged)

:func:`install` wires these and :mod:`dashboard.auth` into a Dash app.
"""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlencode

import sqlalchemy as sa
from dash import Dash
from flask import Response, g, jsonify, redirect, request

from dashboard import auth, users
from dashboard.auth import csrf_token, current_user, need, page
from dashboard.names import shorten, url_host
from extract.store import Store, articles, saved_views

#: Browsers keep /assets/ files this long (Dash's own bundles carry a version and are cached a year).
ASSET_MAX_AGE = 3600

TOOLBAR_JS = r"""
(function () {
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text) { e.textContent = text; }
    return e;
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )_csrf_token=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : (window.TIMELINE_CSRF || '');
  }
  fetch('/team/me', {credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (me) {
    window.TIMELINE_CSRF = me.csrf;
    var bar = el('nav', {id: 'team-bar', 'class': 'team-bar', 'aria-label': 'Team'});
    if (me.user) { bar.appendChild(el('span', {}, me.user + ' (' + me.role + ') · ')); }
    var save = el('button', {type: 'button', id: 'team-save-view'}, 'Save view');
    save.onclick = function () {
      var name = window.prompt('Name of this view');
      if (!name) { return; }
      var body = new URLSearchParams({name: name, state: window.location.search, csrf_token: csrf()});
      fetch('/views', {method: 'POST', body: body, credentials: 'same-origin', headers: {'X-CSRFToken': csrf()}})
        .then(function (r) { save.textContent = r.ok ? 'Saved ✓' : 'Not saved'; });
    };
    bar.appendChild(save);
    // Users exist only when sign-in is on: the local dashboard has no accounts to manage.
    [['/views', 'Saved views'], ['/articles', 'Articles']].concat(me.user && me.role === 'admin' ? [['/admin/users', 'Users']] : [])
      .forEach(function (l) { bar.appendChild(document.createTextNode(' · ')); bar.appendChild(el('a', {href: l[0]}, l[1])); });
    if (me.user) {
      var out = el('form', {method: 'post', action: '/auth/logout', style: 'display:inline'});
      out.appendChild(el('input', {type: 'hidden', name: 'csrf_token', value: me.csrf}));
      out.appendChild(el('button', {type: 'submit'}, 'Sign out'));
      bar.appendChild(document.createTextNode(' · ')); bar.appendChild(out);
    }
    // In the top bar, before the page's own buttons, where it covers nothing (Dash draws the
    // layout after this script runs, so wait for it; without a top bar, float at the bottom).
    var waited = 0;
    var place = setInterval(function () {
      var actions = document.querySelector('.topbar .actions');
      if (actions) {
        actions.parentNode.insertBefore(bar, actions);
      } else if (++waited > 200) {
        bar.classList.add('team-bar-floating');
        document.body.appendChild(bar);
      } else {
        return;
      }
      clearInterval(place);
    }, 50);
    if (me.user && me.role === 'viewer') {
      // The server refuses a viewer's add (403) without a word on the page: say so on the button instead.
      var tries = 0;
      var lock = setInterval(function () {
        var add = document.getElementById('add-open');
        if (add) {
          add.disabled = true;
          add.title = 'Viewers cannot add articles: an admin can give you the editor role';
        }
        if (add || ++tries > 200) { clearInterval(lock); }
      }, 100);
    }
  });
})();
"""


def install(
    app: Dash, store: Store, *, enabled: bool, secret_key: str | None = None, secure_cookies: bool = True
) -> Dash:
    """Sign-in (when ``enabled``), the team pages, the health check and asset caching."""
    server = app.server
    auth.install(server, store, enabled=enabled, secret_key=secret_key, secure_cookies=secure_cookies)
    server.config["SEND_FILE_MAX_AGE_DEFAULT"] = ASSET_MAX_AGE
    app.config.external_scripts.append("/team.js")

    @server.route("/healthz")
    def healthz():
        try:
            store.ping()
        except sa.exc.SQLAlchemyError as exc:
            return jsonify(status="error", database=type(exc).__name__), 503
        return jsonify(status="ok")

    @server.route("/team.js")
    def team_js():
        return Response(
            TOOLBAR_JS, mimetype="application/javascript", headers={"Cache-Control": f"public, max-age={ASSET_MAX_AGE}"}
        )

    @server.route("/team/me")
    def me():
        user = current_user()
        return jsonify(user=user.name if user else None, role=user.role if user else "admin", csrf=csrf_token())

    @server.route("/views", methods=["GET", "POST"])
    @need("viewer")
    def views():
        if request.method == "POST":
            name = request.form.get("name", "").strip()[:200]
            state = request.form.get("state", "").strip()
            if not name:
                return jsonify(error="a saved view needs a name"), 400
            save_view(store, name, state, current_user().name if current_user() else "")
            return jsonify(saved=name)
        may_remove = _may("editor")
        rows = "".join(
            f'<tr><td><a href="/{html.escape(v["state"])}">{html.escape(v["name"])}</a></td>'
            f"<td>{html.escape(v['saved_by'])}</td><td>{html.escape(v['saved_at'])}</td>"
            f"<td>{_button('/views/delete', 'Remove', name=v['name']) if may_remove else ''}</td></tr>"
            for v in list_views(store)
        )
        return page(
            "Saved views",
            f'<h1>Saved views</h1><p><a href="/">Back to the timeline</a></p>'
            f"<table><tr><th>View</th><th>Saved by</th><th>When (UTC)</th><th></th></tr>{rows}</table>"
            "<p>Save the view you are looking at with the <b>Save view</b> button on the timeline.</p>",
        )

    @server.route("/views/delete", methods=["POST"])
    @need("editor")
    def views_delete():
        with store.engine.begin() as conn:
            conn.execute(saved_views.delete().where(saved_views.c.name == request.form.get("name", "")))
        return redirect("/views")

    @server.route("/articles")
    @need("viewer")
    def article_list():
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    articles.c.id, articles.c.title, articles.c.url, articles.c.source, articles.c.published,
                    articles.c.published_inferred, sa.func.substr(articles.c.text, 1, EXCERPT_READ).label("opening"),
                )
                .order_by(articles.c.added_at.desc())
                .limit(500)
            ).all()  # fmt: skip
        may_remove = _may("editor")
        body = "".join(
            f"<tr><td>{_article_cell(r)}</td><td>{_outlet_cell(r)}</td><td>{_published_cell(r)}</td>"
            f"<td>{_button('/articles/remove', 'Remove', article_id=r.id) if may_remove else ''}</td></tr>"
            for r in rows
        )
        return page(
            "Articles",
            f'<h1>Articles</h1><p><a href="/">Back to the timeline</a> (the newest 500)</p>'
            f"<table><tr><th>Article</th><th>Source</th><th>Published</th><th></th></tr>{body}</table>",
        )

    @server.route("/articles/remove", methods=["POST"])
    @need("editor")
    def article_remove():
        removed = store.remove_article(request.form.get("article_id", ""))
        if not removed.articles_removed:
            return page("Articles", '<p>No such article.</p><p><a href="/articles">Back</a></p>'), 404
        return redirect("/articles")

    @server.route("/admin/users", methods=["GET", "POST"])
    @need("admin")
    def admin_users():
        message = ""
        if request.method == "POST":
            form = request.form
            try:
                action = form.get("action")
                if action == "add":
                    users.add(
                        store, form.get("name", "").strip(), form.get("role", "viewer"), form.get("password") or None
                    )
                elif action == "role":
                    users.set_role(store, form.get("name", ""), form.get("role", ""))
                elif action == "password":
                    users.set_password(store, form.get("name", ""), form.get("password", ""))
                elif action in ("disable", "enable"):
                    if current_user() and form.get("name") == current_user().name:
                        raise users.UserError("You cannot disable yourself")
                    users.set_disabled(store, form.get("name", ""), action == "disable")
                message = "Done."
            except users.UserError as exc:
                message = str(exc)
        return page("Users", _users_page(store, message))

    return app


#: Characters of an article's text read for the list of articles, and the words shown of an untitled one.
EXCERPT_READ = 400
EXCERPT_WORDS = 14
EXCERPT_CHARS = 90
MUTED_STYLE = "color:#59636e"


def first_words(text: str, *, words: int = EXCERPT_WORDS, chars: int = EXCERPT_CHARS) -> str:
    """The opening of an untitled article: its first line that has words (often a headline), at most
    ``words`` words and ``chars`` characters, with "…" when cut; plain text, for the caller to escape."""
    line = next((" ".join(ln.split()) for ln in (text or "").splitlines() if ln.strip()), "")
    kept = " ".join(line.split(" ")[:words]) if line else ""
    short = shorten(kept, chars)
    return short if short != kept or kept == line else kept.rstrip(" ,;:.-–—") + "…"


def _web_url(url: str) -> str:
    return url if (url or "").strip().lower().startswith(("http://", "https://")) else ""


def _article_cell(r) -> str:
    """The title (linked to the article when it has a web address), else the first words of its text
    in quotes; under it the article's id, small, which Remove uses. Everything escaped."""
    url = _web_url(r.url or "")
    if (r.title or "").strip():
        name = html.escape(" ".join(r.title.split()))
    else:
        opening = first_words(r.opening or "")
        quoted = f"“{html.escape(opening)}”" if opening else "(no text)"
        name = f'<i title="No title: the opening of its text">{quoted}</i>'
    if url:
        name = f'<a href="{html.escape(url)}" rel="noopener noreferrer">{name}</a>'
    return f'{name}<br><small style="{MUTED_STYLE}" title="Article id">{html.escape(r.id)}</small>'


def _outlet_cell(r) -> str:
    """The outlet, else the web site's host (muted), else nothing."""
    if (r.source or "").strip():
        return html.escape(r.source.strip())
    host = url_host(r.url or "")
    return f'<span style="{MUTED_STYLE}">{html.escape(host)}</span>' if host else ""


def _published_cell(r) -> str:
    """The publication date (ISO, the date only), marked when it was inferred from the text."""
    date = html.escape((r.published or "")[:10])
    if date and r.published_inferred:
        date += f' <small style="{MUTED_STYLE}" title="Inferred from the text">(inferred)</small>'
    return date


def save_view(store: Store, name: str, state: str, saved_by: str) -> None:
    """Save (or replace) a named view; ``state`` is the URL query (``?cat=talks&q=...``)."""
    state = state if not state or state.startswith("?") else "?" + state
    row = {
        "name": name, "state": state, "saved_by": saved_by, "saved_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    }
    with store.engine.begin() as conn:
        if conn.execute(saved_views.update().where(saved_views.c.name == name).values(**row)).rowcount == 0:
            conn.execute(saved_views.insert(), row)


def list_views(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(saved_views).order_by(saved_views.c.name))]


def _may(role: str) -> bool:
    """Whether a page offers an action that needs ``role``: the server checks it again on the post;
    without sign-in (the local single-user mode) everything is offered."""
    user = current_user()
    return not g.get("auth_on") or (user is not None and user.can(role))


def _button(action: str, label: str, **fields) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(str(v))}">' for k, v in fields.items()
    )
    return (
        f'<form method="post" action="{html.escape(action)}" style="display:inline">'
        f'<input type="hidden" name="csrf_token" value="{html.escape(csrf_token())}">{hidden}'
        f'<button type="submit">{html.escape(label)}</button></form>'
    )


def _users_page(store: Store, message: str) -> str:
    token = html.escape(csrf_token())
    roles = "".join(f"<option>{r}</option>" for r in users.ROLES)
    rows = []
    for u in users.list_all(store):
        options = "".join(f"<option{' selected' * (r == u.role)}>{r}</option>" for r in users.ROLES)
        name = html.escape(u.name)
        toggle = "enable" if u.disabled else "disable"
        rows.append(
            f'<tr><td>{name}</td><td><form method=post style=display:inline><input type=hidden name=csrf_token value="{token}">'
            f'<input type=hidden name=action value=role><input type=hidden name=name value="{name}"><select name=role>{options}</select>'
            f"<button>Set role</button></form></td><td>{'disabled' if u.disabled else 'active'} "
            f'<form method=post style=display:inline><input type=hidden name=csrf_token value="{token}"><input type=hidden name=action value={toggle}>'
            f'<input type=hidden name=name value="{name}"><button>{toggle.title()}</button></form></td></tr>'
        )
    note = f'<p role="status">{html.escape(message)}</p>' if message else ""
    return f"""<h1>Users</h1><p><a href="/">Back to the timeline</a></p>{note}
<table><tr><th>Name</th><th>Role</th><th>State</th></tr>{"".join(rows)}</table>
<h2>Add a user</h2><form method="post"><input type="hidden" name="csrf_token" value="{token}"><input type="hidden" name="action" value="add">
<input name="name" placeholder="name" required> <select name="role">{roles}</select>
<input name="password" type="password" placeholder="password (10+ characters; empty = single sign-on only)" size="40">
<button>Add</button></form>
<h2>Set a password</h2><form method="post"><input type="hidden" name="csrf_token" value="{token}"><input type="hidden" name="action" value="password">
<input name="name" placeholder="name" required> <input name="password" type="password" placeholder="new password" required> <button>Set</button></form>
<p>Roles: viewer (explore, export), editor (also add and remove articles), admin (also manage users).</p>"""


def query_string(**params) -> str:
    return "?" + urlencode(params)
