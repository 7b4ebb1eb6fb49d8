"""Aggregate queries over the client-level tables, run the same way on both backends.

Each :class:`Aggregate` is one SQL text (with ``:name`` parameters) that returns counts and sums
only, never a single client's row. On SQLite it runs as it is. On PostgreSQL it runs inside a
``SECURITY DEFINER`` function owned by the table owner (``rk_agg_<name>``, fixed search_path),
so a login without any right on the client-level tables (``reporter``, ``leader``) gets the
aggregate and nothing else, and the owner gets the very same figure by the very same query.
EXECUTE is granted per login by ``access grant`` (:data:`AGGREGATE_ROLES`), never to PUBLIC.

The functions are created by the migration that introduced them (run by the owner, as every
schema change on a server is) from :func:`create_statements`, i.e. from the constants here; a
changed SQL text therefore needs a migration that calls :func:`create_statements` again
(``tests/test_access_aggregates.py`` compares the server's function bodies with the code).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from recoverykit.store.connection import Connection, Row

# The roles whose logins may execute the aggregate functions on PostgreSQL (admins run them as
# members of the owning role).
AGGREGATE_ROLES = frozenset({"leader", "reporter", "clinician"})

_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@dataclass(frozen=True)
class Aggregate:
    name: str
    sql: str
    params: tuple[tuple[str, str], ...]  # (name, PostgreSQL type), in the function's order

    @property
    def function(self) -> str:
        return f"rk_agg_{self.name}"

    @property
    def signature(self) -> str:
        return f"{self.function}({', '.join(t for _, t in self.params)})"

    def body(self) -> str:
        """The function body: the SQL with ``:name`` as ``$n``, each row as one jsonb value."""
        index = {n: i + 1 for i, (n, _) in enumerate(self.params)}

        def number(m: re.Match[str]) -> str:
            return f"${index[m.group(1)]}"

        return f" SELECT to_jsonb(q) FROM ({_PARAM.sub(number, self.sql)}) AS q "

    def create(self) -> str:
        args = ", ".join(t for _, t in self.params)
        return (
            f"CREATE OR REPLACE FUNCTION {self.function}({args}) RETURNS SETOF jsonb "
            "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public "
            f"AS $${self.body()}$$"
        )


def run(conn: Connection, agg: Aggregate, params: Mapping[str, Any]) -> list[Row]:
    """The aggregate's rows: the SQL itself on SQLite, its definer function on PostgreSQL."""
    if conn.is_sqlite:
        return conn.execute(agg.sql, params)
    args = ", ".join(f":{n}" for n, _ in agg.params)
    rows = conn.execute(f"SELECT r FROM {agg.function}({args}) AS r", params)
    return [dict(r["r"]) for r in rows]


def all_aggregates() -> tuple[Aggregate, ...]:
    from recoverykit.store import client_records, departments, fit_figures, meetings, surveys

    return (
        departments.UNIT_SIZE,
        fit_figures.RANGE_SESSIONS,
        fit_figures.RANGE_EPISODES,
        fit_figures.CLOSED_INCLUSIVE,
        fit_figures.CLOSED_EXCLUSIVE,
        client_records.GOAL_COUNTS,
        surveys.SCORE_GROUPS,
        surveys.SCORE_CHANGES,
        surveys.RATER_COUNTS,
        meetings.MONTHLY_PRESENCE,
    )


def create_statements() -> list[str]:
    """Create (or replace) every aggregate function, owned by whoever runs it (the owner), and
    take EXECUTE from PUBLIC; logins get it from :func:`grant_statements`."""
    out: list[str] = []
    for agg in all_aggregates():
        out.append(agg.create())
        out.append(f"REVOKE ALL ON FUNCTION {agg.signature} FROM PUBLIC")
    return out


def grant_statements(who: str, roles: set[str]) -> list[str]:
    """EXECUTE on every aggregate function for ``who`` (a quoted identifier) if one of its roles
    may see aggregates, else revoked."""
    verb = "GRANT" if roles & AGGREGATE_ROLES else "REVOKE"
    prep = "TO" if verb == "GRANT" else "FROM"
    return [f"{verb} EXECUTE ON FUNCTION {a.signature} {prep} {who}" for a in all_aggregates()]


# One query: every login with grants that exists as a server role, with its roles.
GRANTED_LOGINS = (
    "SELECT g.login, g.role FROM access_grant g JOIN pg_roles p ON p.rolname = g.login "
    "ORDER BY g.login, g.role"
)


def granted_logins(rows: Any) -> dict[str, set[str]]:
    """``(login, role)`` rows of :data:`GRANTED_LOGINS` as quoted identifier → roles (for the
    migrations that re-grant EXECUTE to logins granted before them)."""
    out: dict[str, set[str]] = {}
    for login, role in rows:
        who = '"' + str(login).replace('"', '""') + '"'
        out.setdefault(who, set()).add(str(role))
    return out
