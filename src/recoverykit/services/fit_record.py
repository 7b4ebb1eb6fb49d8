"""``fit record``: the command a clinician runs right after a session, so it stays small: no
SQLAlchemy, one write transaction, five short indexed queries (client with its latest episode,
settings, the episode's sessions, the stored expected table, the insert).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.dates import parse_date
from recoverykit.domain.fit import alerts as fit_alerts
from recoverykit.domain.fit import expected as fit_expected
from recoverykit.domain.fit.alerts import Alert
from recoverykit.domain.fit.expected import ExpectedResult
from recoverykit.domain.fit.scoring import (
    Rater,
    Rating,
    parse_ors,
    parse_rater,
    parse_srs,
)
from recoverykit.domain.fit.series import (
    Rated,
    ors_scores,
    primary_rater,
    rater_series,
)
from recoverykit.domain.text import match_key
from recoverykit.errors import Conflict, Field, InvalidInput
from recoverykit.i18n import t
from recoverykit.services import access
from recoverykit.services.fit import (
    SRS_CODES,
    default_rater,
    expected_table,
    guard_inputs,
    load_expected,
    load_settings,
    rated,
    refresh_derived,
    require_client,
)
from recoverykit.store import fit as q
from recoverykit.store.connection import Connection, Database, Row, as_date

# --- fit record ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordInput:
    """What the clinician typed, already validated (nothing has touched the database)."""

    ors: Rating | None
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
    guard_inputs((Field("date"), day), (Field("rater"), rater))
    if ors is None and srs is None:
        raise InvalidInput(
            Field("ors"),
            t(
                "mangler; gi fire tall fra 0 til 10, f.eks. --ors 5 6,5 4 5 (og/eller --srs)",
                "missing; give four numbers from 0 to 10, e.g. --ors 5 6.5 4 5 (and/or --srs)",
            ),
        )
    ors_rating = None if ors is None else parse_ors(ors)
    srs_rating = None if srs is None else parse_srs(srs)
    when = today if day is None else parse_date(Field("date"), day)
    if when > today:
        raise InvalidInput(
            Field("date"),
            t(
                "{d} er i fremtiden; registrer samtalen på dagen den var",
                "{d} is in the future; record the session on the day it took place",
                d=when,
            ),
        )
    who = None if rater is None else parse_rater(Field("rater"), rater)
    return RecordInput(ors_rating, srs_rating, when, who)


@dataclass(frozen=True)
class RecordResult:
    client: str
    episode: int
    new_episode: bool
    replaced: bool
    session: int
    day: date
    ors_total: float | None
    intake: float | None
    change: float
    cutoff: float
    age_group: str
    srs_total: float | None
    alerts: tuple[Alert, ...]
    expected: ExpectedResult | None
    rater: str = "client"
    ors_number: int = 1  # this ORS's place in the rater's series (1 = intake)
    earlier_start: date | None = None  # the episode's previous start when this moved it


def _episode_for_record(
    conn: Connection, client: Row, day: date, new_episode: bool
) -> tuple[int, int, date, bool]:
    """(episode id, number, opened on, created) for the session, opening one when due.

    A date inside the latest episode (even a closed one, up to its closing date) goes to that
    episode: a session entered late is accepted and takes its place by date.
    """
    number = client["episode_number"]
    closed = as_date(client["closed_on"])
    if number is not None and closed is None:
        if new_episode:
            raise Conflict(
                Field("new_episode"),
                t(
                    "forløp {n} er fortsatt åpent; avslutt det først med «recoverykit fit close»",
                    "episode {n} is still open; close it first with 'recoverykit fit close'",
                    n=number,
                ),
            )
        return int(client["episode_id"]), int(number), as_date(client["opened_on"]) or day, False
    if number is not None and closed is not None and day <= closed and not new_episode:
        return int(client["episode_id"]), int(number), as_date(client["opened_on"]) or day, False
    if number is not None and not new_episode:
        raise Conflict(
            Field("new_episode"),
            t(
                "forløp {n} ble avsluttet {d}; gi --new-episode for å starte et nytt forløp",
                "episode {n} was closed on {d}; give --new-episode to start a new episode",
                n=number,
                d=closed if closed else "",
            ),
        )
    if closed is not None and day <= closed:
        raise InvalidInput(
            Field("date"),
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


def _move_start(conn: Connection, client: Row, episode_id: int, number: int, day: date) -> None:
    """An earlier intake moves the episode's start, but never into the previous episode."""
    if number > 1:
        previous = as_date(
            q.episode_closed_on(conn=conn, client_id=client["client_id"], number=number - 1)
        )
        if previous is not None and day <= previous:
            raise InvalidInput(
                Field("date"),
                t(
                    "{d} er ikke etter at forrige forløp ble avsluttet ({c})",
                    "{d} is not after the previous episode was closed ({c})",
                    d=day.isoformat(),
                    c=previous.isoformat(),
                ),
            )
    q.set_episode_opened(conn=conn, episode_id=episode_id, opened_on=day)


def _primary_scores(sessions: Sequence[Row], fallback: str) -> list[float]:
    """The episode's primary ORS series as stored (what the fitted sums hold for it)."""
    ratings = [rated(x) for x in sessions]
    return ors_scores(rater_series(ratings, primary_rater(ratings) or fallback))


def record_session(
    db: Database,
    code: str,
    given: RecordInput,
    *,
    replace: bool = False,
    new_episode: bool = False,
) -> RecordResult:
    """Store one rater's session and return what to tell the clinician right away.

    A late entry (a date between recorded sessions, or before the first) takes its place by
    date: sessions are renumbered, an earlier intake moves the episode's start, and the rater's
    derived alert flags are recomputed.
    """
    with db.write() as conn:
        client = require_client(conn, code)
        access.require_client_access(
            db, conn, client["department_id"], t("registrere samtaler", "record sessions")
        )
        settings = load_settings(conn)
        episode_id, number, opened_on, created = _episode_for_record(
            conn, client, given.day, new_episode
        )
        rater = given.rater or default_rater(client["age_group"])
        sessions = [] if created else q.episode_sessions(conn=conn, episode_id=episode_id)
        same_day = next(
            (
                s
                for s in sessions
                if as_date(s["session_date"]) == given.day and s["rater"] == rater.value
            ),
            None,
        )
        if same_day is not None and not replace:
            raise Conflict(
                Field("date"),
                t(
                    "samtale {n} den {d} er allerede registrert; bruk --replace for å erstatte den",
                    "session {n} on {d} is already recorded; use --replace to replace it",
                    n=same_day["session_no"],
                    d=given.day,
                ),
            )
        if same_day is None and replace:
            raise Conflict(
                Field("replace"),
                t(
                    "det finnes ingen samtale den {d} å erstatte",
                    "there is no session on {d} to replace",
                    d=given.day,
                ),
            )
        if given.day < opened_on:
            _move_start(conn, client, episode_id, number, given.day)
        days = {as_date(s["session_date"]) for s in sessions}
        session_no = sum(1 for d in days if d is not None and d < given.day) + 1
        this = Rated(
            given.day,
            rater.value,
            given.ors.items if given.ors else None,
            given.srs.items if given.srs else None,
        )
        series = [
            r for r in (rated(s) for s in sessions) if r.rater == rater.value and r.day != given.day
        ]
        series = sorted([*series, this], key=lambda r: r.day)
        ors_totals = ors_scores(series, until=given.day)
        previous_srs = next(
            (r.srs_total for r in reversed(series) if r.day < given.day and r.srs is not None),
            None,
        )
        cutoff = settings.cutoff(client["age_group"])
        table = (
            expected_table(
                load_expected(conn),
                client["age_group"],
                settings,
                closed=client["closed_on"] is not None and not created,
                scores=_primary_scores(sessions, rater.value),
            )
            if len(ors_totals) >= 2 and given.ors
            else None
        )
        expected = (
            fit_expected.classify(table, ors_totals[0], ors_totals[-1], len(ors_totals))
            if table is not None
            else None
        )
        alerts = fit_alerts.session_alerts(
            ors_totals=ors_totals if given.ors else [],
            srs_items=None if given.srs is None else given.srs.items,
            previous_srs_total=previous_srs,
            expected=expected,
            settings=settings,
        )
        ors_items = given.ors.items if given.ors else (None, None, None, None)
        srs_items = given.srs.items if given.srs else (None, None, None, None)
        values = {
            "session_date": given.day,
            "rater": rater.value,
            "ors1": ors_items[0],
            "ors2": ors_items[1],
            "ors3": ors_items[2],
            "ors4": ors_items[3],
            "ors_total": given.ors.total if given.ors else None,
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
            if given.day not in days and any(d is not None and d > given.day for d in days):
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
        if any(r.day > given.day for r in series):  # a late entry: later flags may change
            refresh_derived(
                conn, q.episode_sessions(conn=conn, episode_id=episode_id), settings, {rater.value}
            )
        access.log(
            db,
            conn,
            "fit.replace" if same_day is not None else "fit.record",
            client_key=match_key(client["code"]),
            department=client["department"],
            rows=1,
        )
    if client["closed_on"] is not None and not created:  # a late entry into a closed episode
        from recoverykit.services.fit_expected import refit

        refit(db)
    return RecordResult(
        client=client["code"],
        episode=number,
        new_episode=created and number > 1,
        replaced=same_day is not None,
        session=session_no,
        day=given.day,
        ors_total=given.ors.total if given.ors else None,
        intake=ors_totals[0] if ors_totals else None,
        change=round(ors_totals[-1] - ors_totals[0], 1) if len(ors_totals) >= 2 else 0.0,
        cutoff=cutoff,
        age_group=client["age_group"],
        srs_total=given.srs.total if given.srs else None,
        alerts=alerts,
        expected=expected,
        rater=rater.value,
        ors_number=len(ors_totals),
        earlier_start=opened_on if given.day < opened_on else None,
    )
