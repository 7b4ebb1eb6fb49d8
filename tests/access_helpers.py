"""Acting as several logins in tests: on SQLite through the OS user name (``LOGNAME``), on
PostgreSQL through real, uniquely named database logins that are dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import PG_URL, Cli, Result


class LoginCli(Cli):
    """``recoverykit`` run as ``login``."""

    def __init__(self, db_url: str, login: str) -> None:
        self.login = login
        if PG_URL:
            scheme, _, rest = db_url.partition("://")
            _, _, host = rest.partition("@")
            super().__init__(f"{scheme}://{login}@{host}")
        else:
            super().__init__(db_url)

    def __call__(self, *args: str, input: str | None = None, db: bool = True) -> Result:
        with acting_as(self.login):
            return super().__call__(*args, input=input, db=db)


@contextmanager
def acting_as(login: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("LOGNAME", "USER")}
    os.environ["LOGNAME"] = os.environ["USER"] = login
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _admin(db_url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(
        db_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    )


class Logins:
    """Unique login names; on PostgreSQL each is a real ``LOGIN`` role, dropped at the end."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.tag = uuid.uuid4().hex[:8]
        self.created: list[str] = []

    def new(self, name: str) -> str:
        login = f"rk{self.tag}_{name}"
        if PG_URL:
            with _admin(self.db_url) as conn:
                conn.execute(f'CREATE ROLE "{login}" LOGIN')
        self.created.append(login)
        return login

    def cli(self, login: str) -> LoginCli:
        return LoginCli(self.db_url, login)

    def drop(self) -> None:
        if not PG_URL:
            return
        with _admin(self.db_url) as conn:
            for login in self.created:
                conn.execute(f'DROP OWNED BY "{login}"')
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def make_logins(db_url: str) -> Iterator[Logins]:
    made = Logins(db_url)
    try:
        yield made
    finally:
        made.drop()
