"""Correcting FIT mistakes, with history: ``fit session edit | remove``, ``fit client set |
remove``, ``fit close --undo``.

Each correction checks every input before anything is written (bad input: ``InvalidInput``, exit
2), changes the rows in one write transaction, recomputes what is derived from them (session
numbers by date, the raters' SRS alert flags, the episode's start) and writes the before/after
to the ``correction`` table in the same transaction. A change in a closed episode refits the
expected-response sums, so the model never rests on data that are no longer there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from recoverykit.domain.dates import parse_date
from recoverykit.domain.fit.scoring import parse_age_group, parse_ors, parse_rater, parse_srs
from recoverykit.errors import Conflict, Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services import corrections
from recoverykit.services.departments import require_department
from recoverykit.services.fit import (
    clean_client_code,
    clean_clinician,
    guard_inputs,
    load_settings,
    refresh_derived,
    require_client,
)
from recoverykit.store import fit as q
from recoverykit.store.connection import Connection, Database, Row, as_date

ITEMS = ("ors1", "ors2", "ors3", "ors4", "ors_total", "srs1", "srs2", "srs3", "srs4", "srs_total")


def _day(field: str, value: str, today: date) -> date:
    guard_inputs((field, value))
    when = parse_date(field, value)
    if when > today:
        raise InvalidInput(
            field, t("{d} er i fremtiden", "{d} is in the future", d=when.isoformat())
        )
    return when


def _find_session(conn: Connection, client: Row, day: date, rater: str | None) -> Row:
    rows = q.client_sessions_on(conn=conn, client_id=client["client_id"], day=day)
    if rater is not None:
        rows = [r for r in rows if r["rater"] == rater]
    if not rows:
        raise NotFound(
            Field("date"),
            t(
                "{c} har ingen samtale den {d}{r}",
                "{c} has no session on {d}{r}",
                c=client["code"],
                d=day.isoformat(),
                r="" if rater is None else f" ({rater})",
            ),
        )
    if len(rows) > 1:
        raise InvalidInput(
            Field("rater"),
            t(
                "flere utfyllere den {d} ({r}); velg én med --rater",
                "several raters on {d} ({r}); choose one with --rater",
                d=day.isoformat(),
                r=", ".join(str(r["rater"]) for r in rows),
            ),
        )
    return rows[0]


def _snapshot(row: Row) -> dict[str, Any]:
    return {
        "date": as_date(row["session_date"]),
        "rater": row["rater"],
        "session": row["session_no"],
        **{k: row[k] for k in ITEMS},
    }


def _after_change(db: Database, conn: Connection, episode_id: int, closed: bool) -> None:
    """Renumber, recompute the alert flags of every rater, move the start to the first date."""
    rows = q.episode_sessions(conn=conn, episode_id=episode_id)
    refresh_derived(conn, rows, load_settings(conn))
    if rows:
        first = min(d for r in rows if (d := as_date(r["session_date"])) is not None)
        q.set_episode_opened(conn=conn, episode_id=episode_id, opened_on=first)


@dataclass(frozen=True)
class SessionChange:
    client: str
    episode: int
    before: dict[str, Any]
    after: dict[str, Any] | None  # None: removed
    episode_removed: bool = False


def edit_session(
    db: Database,
    code: str,
    day: str,
    *,
    rater: str | None = None,
    ors: Sequence[str] | None = None,
    srs: Sequence[str] | None = None,
    remove_srs: bool = False,
    new_day: str | None = None,
    new_rater: str | None = None,
    today: date,
) -> SessionChange:
    when = _day(Field("date"), day, today)
    who = None if rater is None else parse_rater(Field("rater"), rater).value
    ors_rating = None if ors is None else parse_ors(ors)
    srs_rating = None if srs is None else parse_srs(srs)
    moved = None if new_day is None else _day(Field("to_date"), new_day, today)
    to_rater = None if new_rater is None else parse_rater(Field("to_rater"), new_rater).value
    if srs_rating is not None and remove_srs:
        raise InvalidInput(
            Field("no_srs"), t("bruk enten --srs eller --no-srs", "use either --srs or --no-srs")
        )
    if (
        ors_rating is None
        and srs_rating is None
        and not remove_srs
        and moved is None
        and (to_rater is None)
    ):
        raise InvalidInput(
            Field("ors"),
            t(
                "ingenting å endre; gi --ors, --srs, --no-srs, --to-date eller --to-rater",
                "nothing to change; give --ors, --srs, --no-srs, --to-date or --to-rater",
            ),
        )
    with db.write() as conn:
        client = require_client(conn, code)
        row = _find_session(conn, client, when, who)
        before = _snapshot(row)
        values: dict[str, Any] = {}
        if ors_rating is not None:
            values |= dict(zip(ITEMS[:4], ors_rating.items, strict=True))
            values["ors_total"] = ors_rating.total
        if srs_rating is not None:
            values |= dict(zip(ITEMS[5:9], srs_rating.items, strict=True))
            values["srs_total"] = srs_rating.total
        if remove_srs:
            values |= dict.fromkeys(ITEMS[5:], None)
            if row["ors_total"] is None and ors_rating is None:
                raise InvalidInput(
                    Field("no_srs"),
                    t(
                        "samtalen har ingen ORS; fjern hele samtalen med «fit session remove»",
                        "the session has no ORS; remove the whole session with "
                        "'fit session remove'",
                    ),
                )
        target_day = moved or when
        target_rater = to_rater or row["rater"]
        if (target_day, target_rater) != (when, row["rater"]):
            clash = [
                r
                for r in q.episode_sessions(conn=conn, episode_id=row["episode_id"])
                if as_date(r["session_date"]) == target_day and r["rater"] == target_rater
            ]
            if clash:
                raise Conflict(
                    Field("to_date"),
                    t(
                        "det finnes allerede en samtale den {d} ({r})",
                        "there is already a session on {d} ({r})",
                        d=target_day.isoformat(),
                        r=target_rater,
                    ),
                )
            closed = as_date(row["closed_on"])
            if closed is not None and target_day > closed:
                raise InvalidInput(
                    Field("to_date"),
                    t(
                        "{d} er etter at forløpet ble avsluttet ({c})",
                        "{d} is after the episode was closed ({c})",
                        d=target_day.isoformat(),
                        c=closed.isoformat(),
                    ),
                )
            values["session_date"] = target_day
            values["rater"] = target_rater
        q.update_session(conn=conn, session_id=row["id"], values=values)
        _after_change(db, conn, row["episode_id"], row["closed_on"] is not None)
        after_row = next(
            r
            for r in q.episode_sessions(conn=conn, episode_id=row["episode_id"])
            if r["id"] == row["id"]
        )
        after = _snapshot(after_row)
        corrections.log(
            conn,
            "fit_session",
            "edit",
            f"{client['code']} {when.isoformat()} {row['rater']}",
            before,
            after,
        )
    if row["closed_on"] is not None:
        _refit(db)
    return SessionChange(client["code"], int(row["episode_number"]), before, after)


def remove_session(
    db: Database, code: str, day: str, *, rater: str | None = None, today: date
) -> SessionChange:
    when = _day(Field("date"), day, today)
    who = None if rater is None else parse_rater(Field("rater"), rater).value
    with db.write() as conn:
        client = require_client(conn, code)
        row = _find_session(conn, client, when, who)
        before = _snapshot(row)
        q.delete_session(conn=conn, session_id=row["id"])
        left = q.episode_sessions(conn=conn, episode_id=row["episode_id"])
        episode_removed = False
        if left:
            _after_change(db, conn, row["episode_id"], row["closed_on"] is not None)
        elif int(row["episode_number"]) == int(client["episode_number"]):
            q.delete_episode(conn=conn, episode_id=row["episode_id"])  # an empty latest episode
            episode_removed = True
        corrections.log(
            conn,
            "fit_session",
            "remove",
            f"{client['code']} {when.isoformat()} {row['rater']}",
            before,
            None,
        )
    if row["closed_on"] is not None:
        _refit(db)
    return SessionChange(client["code"], int(row["episode_number"]), before, None, episode_removed)


def _refit(db: Database) -> None:
    from recoverykit.services.fit_expected import refit

    refit(db)


# --- fit client set | remove ----------------------------------------------------------------------


@dataclass(frozen=True)
class ClientChange:
    code: str
    before: dict[str, Any]
    after: dict[str, Any] | None
    sessions: int = 0


def set_client(
    db: Database,
    code: str,
    *,
    new_code: str | None = None,
    department: str | None = None,
    clinician: str | None = None,
    age_group: str | None = None,
) -> ClientChange:
    from recoverykit.domain.text import match_key

    guard_inputs((Field("dept"), department), (Field("age_group"), age_group))
    clean = None if new_code is None else clean_client_code(new_code, Field("code"))
    who = None if clinician is None else clean_clinician(clinician)
    group = None if age_group is None else parse_age_group(Field("age_group"), age_group).value
    if clean is None and department is None and who is None and group is None:
        raise InvalidInput(
            Field("code"),
            t(
                "ingenting å endre; gi --code, --dept, --clinician eller --age-group",
                "nothing to change; give --code, --dept, --clinician or --age-group",
            ),
        )
    with db.write() as conn:
        client = require_client(conn, code)
        before = dict(q.client_row(conn=conn, client_id=client["client_id"]) or {})
        values: dict[str, Any] = {}
        if (
            clean is not None
            and match_key(clean) != match_key(client["code"])
            and q.client_exists(conn=conn, code_key=match_key(clean))
        ):
            raise Conflict(
                Field("code"),
                t("klienten «{c}» finnes allerede", "client '{c}' already exists", c=clean),
            )
        if clean is not None:
            values |= {"code": clean, "code_key": match_key(clean)}
        if who is not None:
            values |= {"clinician": who, "clinician_key": match_key(who)}
        if group is not None:
            values["age_group"] = group
        if department is not None:
            dept = require_department(conn, department, Field("dept"))
            values["department_id"] = dept.id
            q.move_client_department(
                conn=conn, client_id=client["client_id"], department_id=dept.id
            )
        q.update_client(conn=conn, client_id=client["client_id"], values=values)
        after = dict(q.client_row(conn=conn, client_id=client["client_id"]) or {})
        corrections.log(conn, "fit_client", "edit", str(before["code"]), before, after)
    return ClientChange(str(after["code"]), before, after)


def remove_client(
    db: Database,
    code: str,
    *,
    with_sessions: bool = False,
    confirm: Callable[[int], bool] | None = None,
) -> ClientChange:
    """Remove a client; refused while sessions exist unless ``with_sessions`` (and ``confirm``,
    when given, says yes: the CLI asks on a terminal)."""
    with db.write() as conn:
        client = require_client(conn, code)
        count = q.count_client_sessions(conn=conn, client_id=client["client_id"])
        if count and not with_sessions:
            raise Conflict(
                "CLIENT",
                t(
                    "{c} har {n} registrerte samtaler; gi --with-sessions for å slette dem også",
                    "{c} has {n} recorded sessions; give --with-sessions to remove them too",
                    c=client["code"],
                    n=count,
                ),
            )
        if count and confirm is not None and not confirm(count):
            raise InvalidInput(
                Field("with_sessions"),
                t("avbrutt; ingenting slettet", "cancelled; nothing removed"),
            )
        before = dict(q.client_row(conn=conn, client_id=client["client_id"]) or {})
        before["sessions"] = count
        had_closed = client["closed_on"] is not None or (client["episode_number"] or 0) > 1
        q.delete_client(conn=conn, client_id=client["client_id"])
        corrections.log(conn, "fit_client", "remove", str(before["code"]), before, None)
    if count and had_closed:
        _refit(db)
    return ClientChange(str(before["code"]), before, None, count)


# --- fit close --undo -----------------------------------------------------------------------------


def undo_close(db: Database, code: str) -> tuple[str, int, dict[str, Any]]:
    with db.write() as conn:
        client = require_client(conn, code)
        if client["episode_number"] is None or client["closed_on"] is None:
            raise Conflict(
                "CLIENT",
                t(
                    "klienten «{c}» har ikke noe avsluttet forløp å gjenåpne",
                    "client '{c}' has no closed episode to reopen",
                    c=client["code"],
                ),
            )
        before = {
            "episode": client["episode_number"],
            "closed_on": as_date(client["closed_on"]),
            "close_reason": client["close_reason"],
        }
        q.reopen_episode(conn=conn, episode_id=client["episode_id"])
        corrections.log(
            conn,
            "fit_episode",
            "undo",
            f"{client['code']} {client['episode_number']}",
            before,
            {"episode": client["episode_number"], "closed_on": None, "close_reason": None},
        )
    _refit(db)
    return str(client["code"]), int(client["episode_number"]), before
