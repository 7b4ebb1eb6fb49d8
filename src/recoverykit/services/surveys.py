"""Survey use cases: record a questionnaire for a client, show a client's scores over time, and
the department summary (through the disclosure gate in :mod:`recoverykit.domain.feedback_gate`).

Scores are computed when a response is recorded (pure scoring in :mod:`recoverykit.domain.
instruments`) and stored per subscale, so summaries aggregate in SQL with the rule of the day.
Family and network feedback needs the client's recorded consent (``client network add
--feedback yes``) before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from recoverykit import clock
from recoverykit.domain.idnumber import guard_text
from recoverykit.domain.instruments import (
    Answer,
    Instrument,
    ScaleKind,
    Scores,
    Subscale,
    parse_answer,
    parse_rater,
    reliable_change,
    score,
)
from recoverykit.domain.text import TEXT_MAX, clean_text, match_key
from recoverykit.errors import Conflict, Field, InvalidInput
from recoverykit.i18n import t
from recoverykit.services import access
from recoverykit.services.ids import event_date
from recoverykit.services.instruments import require_instrument
from recoverykit.store import client_records as cq
from recoverykit.store import surveys as q
from recoverykit.store.connection import Connection, Database, Row, as_date

if TYPE_CHECKING:
    from recoverykit.domain.feedback_figures import SummaryLine

FAMILY_RATERS = ("family", "network")


def check_recordable(inst: Instrument) -> None:
    if inst.recorded_with == "fit":
        raise InvalidInput(
            "INSTRUMENT",
            t(
                "{i} registreres med «recoverykit fit record»",
                "{i} is recorded with 'recoverykit fit record'",
                i=inst.id,
            ),
        )


def item_field(inst: Instrument, number: int) -> str:
    return str(t("ledd {n}", "item {n}", n=number))


def parse_items(inst: Instrument, tokens: Sequence[str]) -> dict[int, Answer]:
    """The answers as typed, item 1 first; free-text items at the end may be left out."""
    items = inst.items
    needed = len(items)
    while needed and items[needed - 1].scale.kind is ScaleKind.TEXT:
        needed -= 1
    if not needed <= len(tokens) <= len(items):
        count = f"{needed}–{len(items)}" if needed != len(items) else str(needed)
        raise InvalidInput(
            "ITEM",
            t(
                "{i} har {n} svar; fikk {g} (bruk ? for et ledd som mangler)",
                "{i} takes {n} answers; got {g} (use ? for a missing item)",
                i=inst.id,
                n=count,
                g=len(tokens),
            ),
        )
    out: dict[int, Answer] = {}
    for item, raw in zip(items, tokens, strict=False):
        where = item_field(inst, item.number)
        guard_text(where, raw)
        answer = parse_answer(where, item, raw)
        if answer.text is not None:
            answer = Answer(answer.state, None, clean_text(where, answer.text, max_length=TEXT_MAX))
        out[item.number] = answer
    for item in items[len(tokens) :]:
        out[item.number] = Answer.missing()
    return out


@dataclass(frozen=True)
class RecordedSurvey:
    client: str
    instrument: Instrument
    day: date
    rater: str
    scores: Scores


def _relative(conn: Connection, client: Row, relative: str | None) -> int | None:
    """The network member who answers a family/network form; consent is required."""
    members = cq.list_members(conn=conn, client_id=client["client_id"])
    consenting = [m for m in members if m["feedback_consent"]]
    if relative is not None:
        key = match_key(clean_text(Field("relative"), relative, max_length=40))
        found = [m for m in members if m["role_key"] == key]
        if not found:
            raise InvalidInput(
                Field("relative"),
                t(
                    "ingen «{r}» i nettverket til {c}; se «recoverykit client network list {c}»",
                    "no '{r}' in {c}'s network; see 'recoverykit client network list {c}'",
                    r=relative.strip(),
                    c=client["code"],
                ),
            )
        consenting = [m for m in found if m["feedback_consent"]]
    if not consenting:
        raise Conflict(
            Field("rater"),
            t(
                "{c} har ikke samtykket til tilbakemelding fra familie/nettverk; registrer "
                "samtykket først med «recoverykit client network add {c} ROLLE --feedback yes»",
                "{c} has not consented to feedback from family/network; record the consent "
                "first with 'recoverykit client network add {c} ROLE --feedback yes'",
                c=client["code"],
            ),
        )
    return int(consenting[0]["id"]) if relative is not None else None


def record_survey(
    db: Database,
    code: str,
    instrument: str,
    tokens: Sequence[str],
    *,
    day: str | None = None,
    rater: str | None = None,
    relative: str | None = None,
    today: date | None = None,
) -> RecordedSurvey:
    """Validate everything, then write the response, its answers and scores in one transaction."""
    from recoverykit.services.client_records import checked_client, log_write
    from recoverykit.services.fit import client_key

    client_key(code)
    for where, value in (
        (Field("date"), day),
        (Field("rater"), rater),
        (Field("relative"), relative),
    ):
        if value is not None:
            guard_text(where, value)
    inst = require_instrument(instrument)
    check_recordable(inst)
    who = parse_rater(Field("rater"), rater or inst.raters[0])
    if who not in inst.raters:
        raise InvalidInput(
            Field("rater"),
            t(
                "{i} fylles ut av {a}, ikke {v}",
                "{i} is filled in by {a}, not {v}",
                i=inst.id,
                a=" | ".join(inst.raters),
                v=who,
            ),
        )
    if relative is not None and who not in FAMILY_RATERS:
        raise InvalidInput(
            Field("relative"),
            t("gjelder bare --rater family|network", "only applies to --rater family|network"),
        )
    when = event_date(Field("date"), day, today=today)
    answers = parse_items(inst, tokens)
    scores = score(inst, answers)
    with db.write() as conn:
        client = checked_client(db, conn, code, t("registrere skjemaer", "record surveys"))
        member = _relative(conn, client, relative) if who in FAMILY_RATERS else None
        rid = q.insert_response(
            conn=conn,
            client_id=client["client_id"],
            department_id=client["department_id"],
            instrument=inst.id,
            version=inst.version,
            rater=who,
            network_id=member,
            answered_on=when,
        )
        q.insert_answers(
            conn=conn,
            response_id=rid,
            answers=[
                {"item": n, "state": a.state.value, "value": a.value, "text": a.text}
                for n, a in sorted(answers.items())
            ],
        )
        q.insert_scores(
            conn=conn,
            response_id=rid,
            scores=[
                {"subscale": s.subscale, "score": s.score, "scored": s.scored, "missing": s.missing}
                for s in scores.subscales
            ],
        )
        log_write(db, conn, client, "survey.record")
    return RecordedSurvey(client["code"], inst, when, who, scores)


# --- survey show ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorePoint:
    day: date
    rater: str
    score: float | None


@dataclass(frozen=True)
class SubscaleHistory:
    instrument: Instrument
    subscale: str
    points: list[ScorePoint]

    @property
    def sub(self) -> Subscale:
        return next(s for s in self.instrument.subscales if s.id == self.subscale)

    @property
    def scored(self) -> list[ScorePoint]:
        return [p for p in self.points if p.score is not None]

    @property
    def change(self) -> float | None:
        s = self.scored
        return None if len(s) < 2 else round((s[-1].score or 0) - (s[0].score or 0), 1)

    @property
    def verdict(self) -> str | None:
        s = self.scored
        if len(s) < 2:
            return None
        return reliable_change(self.sub, s[0].score, s[-1].score)


@dataclass(frozen=True)
class ClientSurveys:
    client: str
    histories: list[SubscaleHistory]
    texts: list[tuple[date, str, str]] = field(default_factory=list)  # (day, instrument, text)


def client_surveys(db: Database, code: str, instrument: str | None = None) -> ClientSurveys:
    from recoverykit.services.client_records import checked_client, log_client_read
    from recoverykit.services.fit import client_key

    client_key(code)
    inst_filter = (
        None if instrument is None else require_instrument(instrument, Field("instrument"))
    )
    with db.read() as conn:
        client = checked_client(
            db, conn, code, t("se klientens skjemaer", "see a client's surveys")
        )
        rows = q.client_scores(
            conn=conn,
            client_id=client["client_id"],
            instrument=None if inst_filter is None else inst_filter.id,
        )
        texts = q.client_texts(
            conn=conn,
            client_id=client["client_id"],
            instrument=None if inst_filter is None else inst_filter.id,
        )
    log_client_read(db, client, "survey.show", len(rows) + len(texts))
    groups: dict[tuple[str, str], list[ScorePoint]] = {}
    for r in rows:
        day = as_date(r["answered_on"]) or date.min
        point = ScorePoint(day, r["rater"], None if r["score"] is None else float(r["score"]))
        groups.setdefault((r["instrument"], r["subscale"]), []).append(point)
    from recoverykit.loaders.instrument_registry import load_one

    known = {iid: load_one(iid) for iid in {iid for iid, _ in groups}}
    histories = []
    for (iid, sub), points in groups.items():
        inst = known.get(iid)
        if inst is None or not any(s.id == sub for s in inst.subscales):
            continue  # an instrument file was removed: its scores stay stored, not shown
        histories.append(SubscaleHistory(inst, sub, points))
    text_rows = [(as_date(r["answered_on"]) or date.min, r["instrument"], r["text"]) for r in texts]
    return ClientSurveys(client["code"], histories, text_rows)


# --- survey summary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveySummary:
    label: str
    department: str | None
    threshold: int
    lines: list[SummaryLine]
    raters: dict[str, dict[str, int | None]]  # instrument → rater → responses (gated)


def summary_figures(
    conn: Connection, start: date, end: date, department_id: int | None, threshold: int
) -> tuple[list[SummaryLine], dict[str, dict[str, int | None]]]:
    """The survey figures of one span, gated: used by ``survey summary`` and the reports."""
    from recoverykit.domain.feedback_figures import rater_groups, survey_lines

    d = department_id
    groups = q.score_groups(conn=conn, start=start, end=end, department_id=d)
    changes = q.score_changes(conn=conn, start=start, end=end, department_id=d)
    raters = q.rater_counts(conn=conn, start=start, end=end, department_id=d)
    return survey_lines(groups, changes, threshold), rater_groups(raters, threshold)


def survey_summary(
    db: Database,
    dept: str | None = None,
    month: str | None = None,
    period: str | None = None,
    today: date | None = None,
) -> SurveySummary:
    from recoverykit.services.departments import require_department
    from recoverykit.services.fit import guard_inputs, load_settings
    from recoverykit.services.fit_reports import choose_span

    guard_inputs((Field("dept"), dept))
    label, start, end = choose_span(month, period, today or clock.today())
    with db.read() as conn:
        d = None if dept is None else require_department(conn, dept, Field("dept"))
        threshold = load_settings(conn).suppression_threshold
        lines, raters = summary_figures(conn, start, end, None if d is None else d.id, threshold)
    code = None if d is None else d.code
    access.log_read(db, "survey.summary", department=code, detail=label)  # an aggregate
    return SurveySummary(label, code, threshold, lines, raters)
