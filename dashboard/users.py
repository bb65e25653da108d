"""Team accounts: names, roles and password hashes in the store's ``users`` table.

Roles are ordered: ``viewer`` (explore, export) < ``editor`` (also add and
remove articles) < ``admin`` (also manage users).  Passwords are hashed with
Argon2id (argon2-cffi's defaults); a hash made with older parameters is
re-hashed at the next sign-in.

``python -m dashboard users {add,set-role,passwd,disable,enable,remove,list} [--db URL]``
is :func:`main`; admins do the same in the app (:mod:`dashboard.auth`, /admin/users).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import getpass
import re
import sys
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from extract.errors import ExtractError
from extract.store import Store, default_url, users

ROLES = ("viewer", "editor", "admin")
NAME = re.compile(r"^[A-Za-z0-9._@+-]{1,128}$")
MIN_PASSWORD = 10

_hasher = PasswordHasher()
#: Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class UserError(ValueError):
    """A name, role or password the command or the admin page cannot accept."""


@dataclass(frozen=True, kw_only=True)
class User:
    name: str
    role: str
    disabled: bool = False

    def can(self, role: str) -> bool:
        """Whether this user holds ``role`` or a higher one."""
        return not self.disabled and ROLES.index(self.role) >= ROLES.index(role)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _check(name: str, role: str | None = None, password: str | None = None) -> None:
    if not NAME.match(name or ""):
        raise UserError("A user name is 1 to 128 letters, digits or . _ @ + -")
    if role is not None and role not in ROLES:
        raise UserError(f"Unknown role {role!r}: expected one of {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise UserError(f"A password needs at least {MIN_PASSWORD} characters")


def add(store: Store, name: str, role: str, password: str | None) -> User:
    """A new user; ``password=None`` makes an account that signs in only through single sign-on."""
    _check(name, role, password)
    row = {
        "name": name,
        "role": role,
        "password_hash": _hasher.hash(password) if password else "",
        "created_at": _now(),
        "disabled": False,
    }
    try:
        with store.engine.begin() as conn:
            conn.execute(users.insert(), row)
    except sa.exc.IntegrityError:
        raise UserError(f"There is already a user named {name!r}") from None
    return User(name=name, role=role)


#: Every signed-in request reads its user: one statement, built once.
_BY_NAME = sa.select(users.c.name, users.c.role, users.c.disabled).where(users.c.name == sa.bindparam("name"))


def get(store: Store, name: str) -> User | None:
    # every request: the request's connection, and its generation in the same round trip
    row = store.first_with_generation(_BY_NAME, {"name": name})
    return None if row is None else User(name=row.name, role=row.role, disabled=bool(row.disabled))


def list_all(store: Store) -> list[User]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(users.c.name, users.c.role, users.c.disabled).order_by(users.c.name)).all()
    return [User(name=r.name, role=r.role, disabled=bool(r.disabled)) for r in rows]


def _update(store: Store, name: str, **values) -> None:
    with store.engine.begin() as conn:
        if conn.execute(users.update().where(users.c.name == name).values(**values)).rowcount == 0:
            raise UserError(f"No user named {name!r}")


def set_role(store: Store, name: str, role: str) -> None:
    _check(name, role)
    _update(store, name, role=role)


def set_password(store: Store, name: str, password: str) -> None:
    _check(name, password=password)
    _update(store, name, password_hash=_hasher.hash(password))


def set_disabled(store: Store, name: str, disabled: bool) -> None:
    _update(store, name, disabled=disabled)


def remove(store: Store, name: str) -> None:
    with store.engine.begin() as conn:
        if conn.execute(users.delete().where(users.c.name == name)).rowcount == 0:
            raise UserError(f"No user named {name!r}")


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when the name and password match an enabled account, else ``None``."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == name)).first()
    stored = row.password_hash if row is not None and row.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.password_hash or row.disabled:
        return None
    if _hasher.check_needs_rehash(stored):
        _update(store, name, password_hash=_hasher.hash(password))
    return User(name=row.name, role=row.role)


# -- command line ------------------------------------------------------------------------------


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise UserError("The two passwords differ")
    return first


def main(argv: list[str]) -> int:
    db_help = f"SQLAlchemy URL of the store (default $DATABASE_URL or {default_url()})"
    parser = argparse.ArgumentParser(prog="python -m dashboard users", description="Manage team accounts.")
    parser.add_argument("--db", default=None, help=db_help)
    # --db also after the action (users add NAME ... --db URL), as every other command takes it
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    sub = parser.add_subparsers(dest="action", required=True)
    add_parser = functools.partial(sub.add_parser, parents=[after])
    p = add_parser("add", help="add a user (password from a prompt, or --password-stdin)")
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES, default="viewer")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.add_argument("--sso-only", action="store_true", help="no password: the user signs in through OIDC only")
    p = add_parser("set-role", help="change a user's role")
    p.add_argument("name")
    p.add_argument("role", choices=ROLES)
    p = add_parser("passwd", help="set a user's password")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    for action in ("disable", "enable", "remove"):
        add_parser(action, help=f"{action} a user").add_argument("name")
    add_parser("list", help="list users and roles")
    args = parser.parse_args(argv)

    try:
        store = Store(args.db)
    except ExtractError as exc:  # a store that cannot be opened, or an out-of-date schema
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        if args.action == "add":
            password = None if args.sso_only else _read_password(args)
            add(store, args.name, args.role, password)
            print(f"Added {args.name} ({args.role}).")
        elif args.action == "set-role":
            set_role(store, args.name, args.role)
            print(f"{args.name} is now {args.role}.")
        elif args.action == "passwd":
            set_password(store, args.name, _read_password(args))
            print(f"Password of {args.name} changed.")
        elif args.action in ("disable", "enable"):
            set_disabled(store, args.name, args.action == "disable")
            print(f"{args.name} {args.action}d.")
        elif args.action == "remove":
            remove(store, args.name)
            print(f"Removed {args.name}.")
        else:
            for user in list_all(store):
                print("\t".join([user.name, user.role] + ["disabled"] * user.disabled))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    return 0
