"""FIT use cases for one client: register, record a session, close an episode.

``record_session`` is the command a clinician runs right after a session, so it stays small: no
SQLAlchemy, one write transaction, five short indexed queries (client with its latest episode,
settings, the episode's sessions, the stored expected table, the insert).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.dates import parse_date
from recoverykit.domain.departments import clean_person_name
from recoverykit.domain.fit import alerts as fit_alerts
from recoverykit.domain.fit import expected as fit_expected
from recoverykit.domain.fit.alerts import Alert, AlertCode
from recoverykit.domain.fit.expected import ExpectedResult, ExpectedTable
from recoverykit.domain.fit.scoring import (
    AgeGroup,
    Rater,
    Rating,
    parse_age_group,
    parse_ors,
    parse_rater,
    parse_srs,
)
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.idnumber import guard_text
from recoverykit.domain.text import clean_text, match_key
from recoverykit.errors import ConfigError, Conflict, InvalidInput, NotFound
from recoverykit.i18n import Msg, t
from recoverykit.services.departments import require_department
from recoverykit.store import fit as q
from recoverykit.store.connection import Connection, Database, Row, as_date

CODE_MAX = 32
_CODE = re.compile(r"^[\wæøåÆØÅ][\wæøåÆØÅ.-]*$")
CLOSE_REASONS = ("planned", "dropped-out", "moved", "other")
SRS_CODES = (AlertCode.SRS_TOTAL_LOW, AlertCode.SRS_DROP, AlertCode.SRS_ITEM_LOW)


# --- codes, settings, lookups ---------------------------------------------------------------------


def clean_client_code(value: str | None, field: str = "CODE") -> str:
    """A pseudonymous client code; an identity number anywhere in it is refused, never echoed."""
    guard_text(field, value or "")
    code = clean_text(field, value, max_length=CODE_MAX)
    if not _CODE.match(code):
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke en gyldig klientkode; bruk 1–32 bokstaver, tall, ., - eller _ "
                "uten mellomrom (f.eks. K-0001)",
                "'{v}' is not a valid client code; use 1–32 letters, digits, ., - or _ without "
                "spaces (e.g. K-0001)",
                v=code,
            ),
        )
    return code


def client_key(value: str | None, field: str = "CLIENT") -> str:
    """The lookup key of a client code the user typed (guarded before anything echoes it)."""
    guard_text(field, value or "")
    return match_key(clean_text(field, value, max_length=CODE_MAX))


def clean_clinician(value: str | None, field: str = "--clinician") -> str:
    guard_text(field, value or "")
    return clean_person_name(value, field)


def guard_inputs(*fields: tuple[str, str | None]) -> None:
    """Refuse an identity number in any typed value, given as ``(field, value)``, before a
    message could echo it (department codes, dates, periods, paths and choices are repeated in
    their own error messages)."""
    for field, value in fields:
        if value is not None:
            guard_text(field, value)


def load_settings(conn: Connection) -> FitSettings:
    """The unit's FIT settings: the defaults with the overrides stored under ``setting.fit``."""
    raw = q.get_settings_json(conn=conn)
    if raw is None:
        return FitSettings()
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ConfigError(
            t(
                "FIT-innstillingene i databasen er ødelagt; tilbakestill med "
                "«recoverykit fit settings --reset all»",
                "the FIT settings in the database are broken; reset them with "
                "'recoverykit fit settings --reset all'",
            )
        )
    return FitSettings.from_mapping(data)


def load_expected(conn: Connection) -> ExpectedTable | None:
    row = q.get_expected(conn=conn)
    return None if row is None else ExpectedTable.from_mapping(json.loads(row["table_json"]))


def require_client(conn: Connection, code: str, field: str = "CLIENT") -> Row:
    row = q.client_with_latest_episode(conn=conn, code_key=client_key(code, field))
    if row is None:
        raise NotFound(
            field,
            t(
                "ingen klient med kode «{c}»; se «recoverykit fit client list»",
                "no client with code '{c}'; see 'recoverykit fit client list'",
                c=code.strip(),
            ),
        )
    return row


# --- fit client add ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientView:
    code: str
    department: str
    clinician: str
    age_group: str


def add_client(
    db: Database, code: str, department: str, clinician: str, age_group: str = "adult"
) -> ClientView:
    guard_inputs(("--dept", department), ("--age-group", age_group))
    clean = clean_client_code(code)
    who = clean_clinician(clinician)
    group = parse_age_group("--age-group", age_group)
    with db.write() as conn:
        dept = require_department(conn, department, "--dept")
        if q.client_exists(conn=conn, code_key=match_key(clean)):
            raise Conflict(
                "CODE",
                t("klienten «{c}» finnes allerede", "client '{c}' already exists", c=clean),
            )
        q.insert_client(
            conn=conn,
            code=clean,
            code_key=match_key(clean),
            department_id=dept.id,
            clinician=who,
            clinician_key=match_key(who),
            age_group=group.value,
        )
    return ClientView(clean, dept.code, who, group.value)


def list_clients(db: Database, department: str | None = None) -> list[Row]:
    guard_inputs(("--dept", department))
    with db.read() as conn:
        dept_id = None if department is None else require_department(conn, department, "--dept").id
        return q.list_clients(conn=conn, department_id=dept_id)


# --- fit record ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordInput:
    """What the clinician typed, already validated (nothing has touched the database)."""

    ors: Rating
    srs: Rating | None
    day: date
    rater: Rater | None


def parse_record_input(
    ors: Sequence[str] | None,
    srs: Sequence[str] | None,
    day: str | None,
    rater: str | None,
    today: date,
) -> RecordInput:
    guard_inputs(("--date", day), ("--rater", rater))
    if ors is None:
        raise InvalidInput(
            "--ors",
            t(
                "mangler; gi fire tall fra 0 til 10, f.eks. --ors 5 6,5 4 5",
                "missing; give four numbers from 0 to 10, e.g. --ors 5 6.5 4 5",
            ),
        )
    ors_rating = parse_ors(ors)
    srs_rating = None if srs is None else parse_srs(srs)
    when = today if day is None else parse_date("--date", day)
    if when > today:
        raise InvalidInput(
            "--date",
            t(
                "{d} er i fremtiden; registrer samtalen på dagen den var",
                "{d} is in the future; record the session on the day it took place",
                d=when,
            ),
        )
    who = None if rater is None else parse_rater("--rater", rater)
    return RecordInput(ors_rating, srs_rating, when, who)


@dataclass(frozen=True)
class RecordResult:
    client: str
    episode: int
    new_episode: bool
    replaced: bool
    session: int
    day: date
    ors_total: float
    intake: float
    change: float
    cutoff: float
    age_group: str
    srs_total: float | None
    alerts: tuple[Alert, ...]
    expected: ExpectedResult | None


def _episode_for_record(
    conn: Connection, client: Row, day: date, new_episode: bool
) -> tuple[int, int, date, bool]:
    """(episode id, number, opened on, created) for the session, opening one when due."""
    number = client["episode_number"]
    closed = as_date(client["closed_on"])
    if number is not None and closed is None:
        if new_episode:
            raise Conflict(
                "--new-episode",
                t(
                    "forløp {n} er fortsatt åpent; avslutt det først med «recoverykit fit close»",
                    "episode {n} is still open; close it first with 'recoverykit fit close'",
                    n=number,
                ),
            )
        return int(client["episode_id"]), int(number), as_date(client["opened_on"]) or day, False
    if number is not None and not new_episode:
        raise Conflict(
            "--new-episode",
            t(
                "forløp {n} ble avsluttet {d}; gi --new-episode for å starte et nytt forløp",
                "episode {n} was closed on {d}; give --new-episode to start a new episode",
                n=number,
                d=closed if closed else "",
            ),
        )
    if closed is not None and day <= closed:
        raise InvalidInput(
            "--date",
            t(
                "{d} er ikke etter at forrige forløp ble avsluttet ({c})",
                "{d} is not after the previous episode was closed ({c})",
                d=day,
                c=closed,
            ),
        )
    new_number = 1 if number is None else int(number) + 1
    episode_id = q.insert_episode(
        conn=conn,
        client_id=client["client_id"],
        number=new_number,
        department_id=client["department_id"],
        opened_on=day,
    )
    return episode_id, new_number, day, True


def record_session(
    db: Database,
    code: str,
    given: RecordInput,
    *,
    replace: bool = False,
    new_episode: bool = False,
) -> RecordResult:
    """Store one session and return what to tell the clinician right away."""
    with db.write() as conn:
        client = require_client(conn, code)
        settings = load_settings(conn)
        episode_id, number, opened_on, created = _episode_for_record(
            conn, client, given.day, new_episode
        )
        if given.day < opened_on:
            raise InvalidInput(
                "--date",
                t(
                    "{d} er før forløpet startet ({o})",
                    "{d} is before the episode started ({o})",
                    d=given.day,
                    o=opened_on,
                ),
            )
        sessions = [] if created else q.episode_sessions(conn=conn, episode_id=episode_id)
        same_day = next((s for s in sessions if as_date(s["session_date"]) == given.day), None)
        if same_day is not None and not replace:
            raise Conflict(
                "--date",
                t(
                    "samtale {n} den {d} er allerede registrert; bruk --replace for å erstatte den",
                    "session {n} on {d} is already recorded; use --replace to replace it",
                    n=same_day["session_no"],
                    d=given.day,
                ),
            )
        if same_day is None and replace:
            raise Conflict(
                "--replace",
                t(
                    "det finnes ingen samtale den {d} å erstatte",
                    "there is no session on {d} to replace",
                    d=given.day,
                ),
            )
        before = [s for s in sessions if as_date(s["session_date"]) < given.day]  # type: ignore[operator]
        session_no = len(before) + 1
        ors_totals = [float(s["ors_total"]) for s in before] + [given.ors.total]
        previous_srs = next(
            (float(s["srs_total"]) for s in reversed(before) if s["srs_total"] is not None), None
        )
        cutoff = settings.cutoff(client["age_group"])
        table = load_expected(conn) if session_no >= 2 else None
        expected = (
            fit_expected.classify(table, ors_totals[0], ors_totals[-1], session_no)
            if table is not None
            else None
        )
        alerts = fit_alerts.session_alerts(
            ors_totals=ors_totals,
            srs_items=None if given.srs is None else given.srs.items,
            previous_srs_total=previous_srs,
            expected=expected,
            settings=settings,
        )
        rater = given.rater or (
            Rater.PARENT if client["age_group"] == AgeGroup.CHILD else Rater.CLIENT
        )
        srs_items = given.srs.items if given.srs else (None, None, None, None)
        values = {
            "session_date": given.day,
            "rater": rater.value if given.rater or not same_day else same_day["rater"],
            "ors1": given.ors.items[0],
            "ors2": given.ors.items[1],
            "ors3": given.ors.items[2],
            "ors4": given.ors.items[3],
            "ors_total": given.ors.total,
            "srs1": srs_items[0],
            "srs2": srs_items[1],
            "srs3": srs_items[2],
            "srs4": srs_items[3],
            "srs_total": given.srs.total if given.srs else None,
            "srs_alert": any(a.code in SRS_CODES for a in alerts),
        }
        if same_day is not None:
            q.update_session(conn=conn, session_id=same_day["id"], values=values)
        else:
            if len(before) < len(sessions):
                q.shift_later_sessions(conn=conn, episode_id=episode_id, after=given.day)
            q.insert_session(
                conn=conn,
                values={
                    "episode_id": episode_id,
                    "department_id": client["department_id"],
                    "session_no": session_no,
                    **values,
                },
            )
    return RecordResult(
        client=client["code"],
        episode=number,
        new_episode=created and number > 1,
        replaced=same_day is not None,
        session=session_no,
        day=given.day,
        ors_total=given.ors.total,
        intake=ors_totals[0],
        change=round(ors_totals[-1] - ors_totals[0], 1),
        cutoff=cutoff,
        age_group=client["age_group"],
        srs_total=given.srs.total if given.srs else None,
        alerts=alerts,
        expected=expected,
    )


# --- fit close ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CloseResult:
    client: str
    episode: int
    closed_on: date
    reason: str
    sessions: int
    refitted: bool


def close_episode(
    db: Database, code: str, reason: str, day: str | None, today: date
) -> CloseResult:
    guard_inputs(("--reason", reason), ("--date", day))
    if reason not in CLOSE_REASONS:
        raise InvalidInput(
            "--reason",
            t(
                "«{v}» er ikke tillatt; velg {a}",
                "'{v}' is not allowed; choose {a}",
                v=reason,
                a=" | ".join(CLOSE_REASONS),
            ),
        )
    when = today if day is None else parse_date("--date", day)
    if when > today:
        raise InvalidInput(
            "--date",
            t("{d} er i fremtiden", "{d} is in the future", d=when),
        )
    with db.write() as conn:
        client = require_client(conn, code)
        if client["episode_number"] is None or client["closed_on"] is not None:
            raise Conflict(
                "CLIENT",
                t(
                    "klienten «{c}» har ikke noe åpent forløp",
                    "client '{c}' has no open episode",
                    c=client["code"],
                ),
            )
        sessions = q.episode_sessions(conn=conn, episode_id=client["episode_id"])
        last = max(
            (d for s in sessions if (d := as_date(s["session_date"])) is not None), default=None
        )
        first_day = last or as_date(client["opened_on"])
        if first_day is not None and when < first_day:
            raise InvalidInput(
                "--date",
                t(
                    "{d} er før siste samtale i forløpet ({l})",
                    "{d} is before the episode's last session ({l})",
                    d=when,
                    l=first_day,
                ),
            )
        q.close_episode(conn=conn, episode_id=client["episode_id"], closed_on=when, reason=reason)
    from recoverykit.services.fit_expected import refit_after_close

    refitted = refit_after_close(db, today)
    return CloseResult(
        client["code"], int(client["episode_number"]), when, reason, len(sessions), refitted
    )


def close_reason_text(reason: str) -> Msg:
    return {
        "planned": t("planlagt avslutning", "planned ending"),
        "dropped-out": t("avbrutt", "dropped out"),
        "moved": t("flyttet", "moved"),
        "other": t("annet", "other"),
    }[reason]
