"""A client's own copy (GDPR art. 15), erasure that really removes the bytes, and retention."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from recoverykit.errors import Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services import access
from recoverykit.services.client_records import own_goals_of
from recoverykit.services.fit import client_key
from recoverykit.store import access as q
from recoverykit.store import client_records as records_q
from recoverykit.store import meetings as meetings_q
from recoverykit.store import surveys as surveys_q
from recoverykit.store.connection import Connection, Database, Row, as_date


def _require(conn: Connection, code: str) -> Row:
    row = q.client_row(conn=conn, code_key=client_key(code))
    if row is None:
        raise NotFound(
            "CODE",
            t(
                "ingen klient med kode «{c}»; se «recoverykit fit client list»",
                "no client with code '{c}'; see 'recoverykit fit client list'",
                c=code.strip(),
            ),
        )
    return row


def _department_id(conn: Connection, code: str) -> int:
    from recoverykit.store.departments import id_by_code

    return id_by_code(conn=conn, code=code)


# Labels in plain words for the client's own copy (issue 14's codes as stored).
RATERS = {"client": ("du selv", "you"), "family": ("familie", "family"), "network": ("nettverk", "network"), "staff": ("fagperson", "staff")}  # fmt: skip
GOAL_STATUS = {"active": ("aktivt", "active"), "reached": ("nådd", "reached"), "dropped": ("lagt bort", "dropped")}  # fmt: skip
MEETING_KINDS = {"treatment": ("behandlingsmøte", "treatment meeting"), "coordination": ("samarbeidsmøte", "coordination meeting"), "network": ("nettverksmøte", "network meeting"), "other": ("annet møte", "other meeting")}  # fmt: skip
PRESENCE = {"yes": ("ja", "yes"), "no": ("nei", "no"), "partly": ("delvis", "partly")}  # fmt: skip


def _label(labels: dict[str, tuple[str, str]], code: str) -> str:
    pair = labels.get(code)
    return code if pair is None else str(t(*pair))


@dataclass(frozen=True)
class ClientCopy:
    client: dict[str, Any]
    episodes: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    log: list[dict[str, Any]]
    surveys: list[dict[str, Any]] = field(default_factory=list)
    survey_texts: list[dict[str, Any]] = field(default_factory=list)
    network: list[dict[str, Any]] = field(default_factory=list)
    own_goals: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)


def client_copy(db: Database, code: str, out: str) -> ClientCopy:
    """Everything recoverykit holds about one client, and who accessed it; logged with ``out``."""
    with db.read() as conn:
        row = _require(conn, code)
        access.require_client_access(
            db,
            conn,
            _department_id(conn, row["department"]),
            t("hente ut klientens data", "export a client's data"),
        )
        key = client_key(code)
        episodes = q.client_episodes(conn=conn, client_id=row["id"])
        sessions = q.client_sessions(conn=conn, client_id=row["id"])
        scores = surveys_q.client_scores(conn=conn, client_id=row["id"])
        texts = surveys_q.client_texts(conn=conn, client_id=row["id"])
        members = records_q.list_members(conn=conn, client_id=row["id"])
        goals = own_goals_of(conn, int(row["id"]))
        meetings = meetings_q.client_meetings(conn=conn, client_id=row["id"])
        log = q.client_log(
            conn=conn,
            client_ref=access.client_ref(conn, key),
            restricted=not access.actor(db, conn).unrestricted,
        )
        staff = q.staff_logins(conn=conn)
    access.log_read(
        db,
        "client.export",
        client_key=key,
        department=row["department"],
        rows=1
        + len(episodes)
        + len(sessions)
        + len({r["response_id"] for r in scores} | {r["response_id"] for r in texts})
        + len(members)
        + len(goals)
        + len(meetings),
        path=out,
    )
    from recoverykit.loaders.instrument_registry import load_one

    instruments = {iid: load_one(iid) for iid in {str(r["instrument"]) for r in [*scores, *texts]}}

    def instrument_name(iid: str) -> str:
        inst = instruments.get(iid)
        return iid if inst is None else str(inst.name)

    def subscale_name(iid: str, sub: str) -> str:
        inst = instruments.get(iid)
        found = None if inst is None else next((x for x in inst.subscales if x.id == sub), None)
        return sub if found is None else str(found.name)

    return ClientCopy(
        client={
            "code": row["code"],
            "department": row["department"],
            "department_name": row["department_name"],
            "clinician": row["clinician"],
            "age_group": row["age_group"],
        },
        episodes=[
            {
                "number": e["number"],
                "department": e["department"],
                "opened_on": _iso(e["opened_on"]),
                "closed_on": _iso(e["closed_on"]),
                "close_reason": e["close_reason"],
            }
            for e in episodes
        ],
        sessions=[
            {
                "episode": s["episode"],
                "session": s["session_no"],
                "date": _iso(s["session_date"]),
                "rater": s["rater"],
                "ors": [_num(s[f"ors{i}"]) for i in range(1, 5)],
                "ors_total": _num(s["ors_total"]),
                "srs": None if s["srs1"] is None else [_num(s[f"srs{i}"]) for i in range(1, 5)],
                "srs_total": _num(s["srs_total"]),
            }
            for s in sessions
        ],
        log=[
            {
                "at": str(e["at"])[:19],
                "login": e["login"],
                "staff": staff.get(e["login"]),
                "action": e["action"],
            }
            for e in log
        ],
        surveys=[
            {
                "date": _iso(r["answered_on"]),
                "instrument": r["instrument"],
                "instrument_name": instrument_name(r["instrument"]),
                "rater": r["rater"],
                "rater_label": _label(RATERS, r["rater"]),
                "subscale": r["subscale"],
                "subscale_name": subscale_name(r["instrument"], r["subscale"]),
                "score": _num(r["score"]),
            }
            for r in scores
        ],
        survey_texts=[
            {
                "date": _iso(r["answered_on"]),
                "instrument": r["instrument"],
                "instrument_name": instrument_name(r["instrument"]),
                "text": r["text"],
            }
            for r in texts
        ],
        network=[
            {
                "role": m["role"],
                "closest_relative": bool(m["closest_relative"]),
                "share_consent": bool(m["share_consent"]),
                "feedback_consent": bool(m["feedback_consent"]),
                "minor": bool(m["minor"]),
                "note": m["note"],
            }
            for m in members
        ],
        own_goals=[
            {
                "number": g.number,
                "text": g.text,
                "set_on": g.set_on.isoformat(),
                "status": g.status,
                "status_label": _label(GOAL_STATUS, g.status),
                "closed_on": _iso(g.closed_on),
                "ratings": [{"date": d.isoformat(), "value": v} for d, v in g.ratings],
            }
            for g in goals
        ],
        meetings=[
            {
                "date": _iso(m["held_on"]),
                "kind": m["kind"],
                "kind_label": _label(MEETING_KINDS, m["kind"]),
                "present": m["present"],
                "present_label": _label(PRESENCE, m["present"]),
                "note": m["note"],
            }
            for m in meetings
        ],
    )


def _iso(value: Any) -> str | None:
    d = as_date(value)
    return None if d is None else d.isoformat()


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def copy_json(copy: ClientCopy) -> str:
    return json.dumps(
        {
            "client": copy.client,
            "episodes": copy.episodes,
            "sessions": copy.sessions,
            "surveys": copy.surveys,
            "survey_texts": copy.survey_texts,
            "network": copy.network,
            "own_goals": copy.own_goals,
            "meetings": copy.meetings,
            "access_log": copy.log,
        },
        ensure_ascii=False,
        indent=1,
    )


# --- erasure -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EraseResult:
    code: str
    rows: int
    backend: str


def erase(db: Database, code: str) -> EraseResult:
    """Delete every row about one client in one transaction; the log keeps an entry naming the
    client only by its one-way hash. SQLite: freed pages are zeroed (``secure_delete``) and the WAL
    is checkpointed and truncated; PostgreSQL: the tables are vacuumed."""
    conn0 = db.connection()
    if conn0.is_sqlite:
        q.set_secure_delete(conn=conn0)
    with db.write() as conn:
        row = _require(conn, code)
        access.require_client_access(
            db,
            conn,
            _department_id(conn, row["department"]),
            t("slette klienter", "erase clients"),
        )
        n = q.erase_client(conn=conn, client_id=row["id"])
        access.log(
            db,
            conn,
            "client.erase",
            client_key=client_key(code),
            department=row["department"],
            rows=n,
        )
    if conn0.is_sqlite:
        q.sqlite_scrub(conn=conn0)
    else:
        q.pg_vacuum(conn=conn0)
    return EraseResult(str(row["code"]), n, "sqlite" if conn0.is_sqlite else "postgresql")


# --- retention ---------------------------------------------------------------------------------


def _years(option: Field, years: int | None) -> int | None:
    if years is not None and not 1 <= years <= 100:
        raise InvalidInput(
            option,
            t("må være et helt antall år fra 1 til 100", "must be a whole number of years, 1–100"),
        )
    return years


def set_retention(
    db: Database, years: int | None = None, *, log_years: int | None = None
) -> tuple[int | None, int | None]:
    """Set the retention of closed episodes and/or of the access log (years)."""
    years = _years(Field("closed_episodes_after"), years)
    log_years = _years(Field("access_log_after"), log_years)
    if years is None and log_years is None:
        raise InvalidInput(
            Field("closed_episodes_after"),
            t(
                "oppgi --closed-episodes-after og/eller --access-log-after",
                "give --closed-episodes-after and/or --access-log-after",
            ),
        )
    with db.write() as conn:
        access.require_role(db, t("endre lagringstid", "change retention"), "admin", conn=conn)
        if years is not None:
            q.put_setting(conn=conn, key=q.RETENTION_SETTING, value=str(years))
            access.log(db, conn, "retention.set", detail=str(years))
        if log_years is not None:
            q.put_setting(conn=conn, key=q.LOG_RETENTION_SETTING, value=str(log_years))
            access.log(db, conn, "retention.set", detail=f"access_log {log_years}")
    return years, log_years


@dataclass(frozen=True)
class RetentionResult:
    years: int | None
    before: date | None
    clients: int
    rows: int
    log_years: int | None = None
    log_before: date | None = None
    log_rows: int = 0


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28) + timedelta(days=1)


def run_retention(db: Database, today: date) -> RetentionResult:
    """Erase every client whose episodes all closed more than the set number of years ago, and
    delete access-log entries older than theirs (each step logged in its own transaction)."""
    conn0 = db.connection()
    with db.read() as conn:
        access.require_role(db, t("kjøre sletting", "run retention"), "admin", conn=conn)
        raw = q.get_setting(conn=conn, key=q.RETENTION_SETTING)
        raw_log = q.get_setting(conn=conn, key=q.LOG_RETENTION_SETTING)
    years = None if raw is None else int(raw)
    log_years = None if raw_log is None else int(raw_log)
    before = None if years is None else _years_before(today, years)
    clients = rows = 0
    if years is not None and before is not None:
        if conn0.is_sqlite:
            q.set_secure_delete(conn=conn0)
        with db.write() as conn:
            for c in q.clients_closed_before(conn=conn, before=before):
                n = q.erase_client(conn=conn, client_id=c["id"])
                access.log(
                    db,
                    conn,
                    "retention.erase",
                    client_key=c["code_key"],
                    department=c["department"],
                    rows=n,
                    detail=str(years),
                )
                clients += 1
                rows += n
            access.log(db, conn, "retention.run", rows=rows, detail=f"{years} {before.isoformat()}")
        if clients:
            if conn0.is_sqlite:
                q.sqlite_scrub(conn=conn0)
            else:
                q.pg_vacuum(conn=conn0)
    log_before = None if log_years is None else _years_before(today, log_years)
    log_rows = 0
    if log_years is not None and log_before is not None:
        cut = datetime.combine(log_before, time())
        with db.write() as conn:
            log_rows = q.delete_log_before(conn=conn, before=cut)
            # The deletion itself is logged, in the same transaction: how many, and the cut-off.
            access.log(
                db,
                conn,
                "retention.log",
                rows=log_rows,
                detail=f"{log_years} {log_before.isoformat()}",
            )
    return RetentionResult(years, before, clients, rows, log_years, log_before, log_rows)
