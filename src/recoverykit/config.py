"""Where things are: the database URL and the user's data and config folders.

Database URL: ``--db`` > ``RECOVERYKIT_DB`` > ``database_url`` in the config file > a SQLite file in
the user's data folder. A plain path means SQLite; ``postgresql+psycopg://…`` means PostgreSQL.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoverykit.errors import ConfigError, InvalidInput
from recoverykit.i18n import t

APP = "recoverykit"


def data_dir() -> Path:
    """The user's data folder: ``RECOVERYKIT_HOME``, else the platform's usual place."""
    home = os.environ.get("RECOVERYKIT_HOME")
    if home:
        return Path(home).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP


def config_file() -> Path:
    """``RECOVERYKIT_CONFIG``, else ``config.toml`` in the platform's config folder."""
    explicit = os.environ.get("RECOVERYKIT_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    if sys.platform == "win32" or sys.platform == "darwin":
        return data_dir() / "config.toml"
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / APP / "config.toml"


def load_config() -> dict[str, Any]:
    """The config file as a dict; an empty dict when there is none."""
    path = config_file()
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return {}
    import tomllib  # only when there is a file to read (start-up of every command)

    try:
        with fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            t("{p}: ugyldig TOML: {e}", "{p}: invalid TOML: {e}", p=str(path), e=str(exc))
        ) from None


@dataclass(frozen=True)
class DatabaseURL:
    """A parsed database URL: ``kind`` is ``sqlite`` (with ``path``) or ``postgresql`` (``dsn``)."""

    kind: str
    path: Path | None = None
    dsn: str | None = None
    source: str = "default"

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"

    def sqlalchemy_url(self) -> str:
        if self.is_sqlite:
            return f"sqlite:///{self.path}"
        assert self.dsn is not None
        return "postgresql+psycopg://" + self.dsn.split("://", 1)[1]

    def display(self) -> str:
        """The URL with any password hidden."""
        if self.is_sqlite:
            return str(self.path)
        assert self.dsn is not None
        scheme, rest = self.dsn.split("://", 1)
        if "@" in rest:
            creds, host = rest.rsplit("@", 1)
            user = creds.split(":", 1)[0]
            rest = f"{user}:***@{host}" if ":" in creds else f"{user}@{host}"
        return f"{scheme}://{rest}"


def parse_database_url(value: str, source: str = "--db") -> DatabaseURL:
    text = value.strip()
    if not text:
        raise InvalidInput("--db", t("kan ikke være tom", "must not be empty"))
    lowered = text.lower()
    if lowered.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        return DatabaseURL(
            "postgresql", dsn="postgresql://" + text.split("://", 1)[1], source=source
        )
    if lowered.startswith("sqlite:///"):
        return DatabaseURL(
            "sqlite", path=Path(text[len("sqlite:///") :]).expanduser(), source=source
        )
    if "://" in text:
        raise InvalidInput(
            "--db",
            t(
                "ukjent database-URL; bruk en filsti, sqlite:///STI eller postgresql+psycopg://…",
                "unknown database URL; use a file path, sqlite:///PATH or postgresql+psycopg://…",
            ),
        )
    return DatabaseURL("sqlite", path=Path(text).expanduser(), source=source)


def resolve_database_url(cli_value: str | None = None) -> DatabaseURL:
    """Pick the database URL by precedence: --db, RECOVERYKIT_DB, config file, default file."""
    from recoverykit.domain.idnumber import guard_text

    if cli_value is not None:
        guard_text("--db", cli_value)  # a file name is text like any other
        return parse_database_url(cli_value, "--db")
    env = os.environ.get("RECOVERYKIT_DB")
    if env:
        if any("\ud800" <= ch <= "\udfff" for ch in env):
            raise ConfigError(
                t(
                    "RECOVERYKIT_DB er ikke gyldig tekst (ugyldige UTF-8-byte)",
                    "RECOVERYKIT_DB is not valid text (bytes that are not UTF-8)",
                )
            )
        guard_text("RECOVERYKIT_DB", env)
        return parse_database_url(env, "RECOVERYKIT_DB")
    configured = load_config().get("database_url")
    if configured:
        return parse_database_url(str(configured), str(config_file()))
    return DatabaseURL("sqlite", path=data_dir() / "recoverykit.db", source="default")
