"""FIT figures across clients: department summary, a clinician's own half-years, export, settings.

Summaries read per-episode first/latest ORS and session counts in SQL (index seeks on
``(episode_id, session_no)``) and count sessions and SRS alerts in SQL; the small-number rules are
the domain's (:mod:`recoverykit.domain.fit.summary`). Nothing here lists or ranks clinicians.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from recoverykit.domain.fit.scoring import CloseReason
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.fit.summary import (
    EpisodeRow,
    HalfYear,
    Summary,
    gate_figures,
    mine_by_halfyear,
)
from recoverykit.domain.periods import (
    Month,
    Period,
    last_completed_month,
    parse_month,
    parse_period,
)
from recoverykit.domain.text import match_key
from recoverykit.errors import Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services import access
from recoverykit.services.departments import require_department
from recoverykit.services.fit import clean_clinician, guard_inputs, load_settings
from recoverykit.store import fit as q
from recoverykit.store.connection import Database, Row, as_date
from recoverykit.store.fit_figures import FitCounts, period_figures

# --- fit summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryView:
    department: str | None  # None: the whole unit
    label: str  # e.g. "mars 2026" or "1. halvår 2026"
    start: date
    end: date
    summary: Summary


def choose_span(month: str | None, period: str | None, today: date) -> tuple[str, date, date]:
    guard_inputs((Field("month"), month), (Field("period"), period))
    if month is not None and period is not None:
        raise InvalidInput(
            Field("period"),
            t("kan ikke brukes sammen med --month", "cannot be combined with --month"),
        )
    if period is not None:
        p: Period = parse_period(Field("period"), period)
        return p.label(), p.start, p.end
    m: Month = (
        parse_month(Field("month"), month) if month is not None else last_completed_month(today)
    )
    return m.label(), m.first_day, m.last_day


def _episode_rows(rows: Iterable[Row], start: date, end: date) -> list[EpisodeRow]:
    out = []
    for r in rows:
        if r["intake"] is None:
            continue
        closed = as_date(r["closed_on"])
        out.append(
            EpisodeRow(
                client=r["client"],
                clinician=r["clinician"],
                department=r["department"],
                intake=float(r["intake"]),
                latest=float(r["latest"]),
                sessions=int(r["sessions"]),
                closed_on=closed if closed is not None and start <= closed <= end else None,
                dropout=r["close_reason"] == CloseReason.DROPPED_OUT,
                age_group=r["age_group"],
            )
        )
    return out


def department_summary(
    db: Database,
    department: str | None,
    month: str | None,
    period: str | None,
    today: date,
) -> SummaryView:
    guard_inputs((Field("dept"), department))
    label, start, end = choose_span(month, period, today)
    with db.read() as conn:
        dept = None if department is None else require_department(conn, department, Field("dept"))
        settings = load_settings(conn)
        figures = period_figures(conn, start, end, settings)
    # One output: the unit and every department gated together, whichever one is asked for, so
    # that the unit's summary minus the departments' never gives a hidden count away.
    by_dept, unit, _ = gate_figures(
        {code: c.counts() for code, c in figures.departments.items()},
        figures.unit.counts(),
        settings,
    )
    if dept is None:
        assert unit is not None
        chosen = unit
    elif dept.code in by_dept:
        chosen = by_dept[dept.code]
    else:  # no FIT data in the department: all zeros
        chosen = gate_figures({dept.code: FitCounts().counts()}, None, settings)[0][dept.code]
    code = None if dept is None else dept.code
    access.log_read(db, "fit.summary", department=code, detail=label)  # an aggregate: no client
    return SummaryView(code, label, start, end, chosen)


# --- fit mine --------------------------------------------------------------------------------------


def clinician_halfyears(db: Database, clinician: str) -> tuple[str, tuple[HalfYear, ...]]:
    who = clean_clinician(clinician)
    key = match_key(who)
    with db.read() as conn:
        acting = access.actor(db, conn)
        if not acting.unrestricted and acting.staff_key != key:
            raise access.AccessDenied(
                t(
                    "ingen tilgang: «fit mine» viser bare dine egne resultater ({l} er ikke {c})",
                    "access denied: 'fit mine' shows only your own results ({l} is not {c})",
                    l=acting.login,
                    c=who,
                )
            )
        settings = load_settings(conn)
        rows = q.clinician_closed_episodes(conn=conn, clinician_key=key)
        known = rows or q.clinician_has_clients(conn=conn, clinician_key=key)
    if not known:
        raise NotFound(
            Field("clinician"),
            t(
                "ingen klienter er registrert på «{c}»",
                "no clients are registered to '{c}'",
                c=who,
            ),
        )
    access.log_read(db, "fit.mine", rows=len(rows))
    episodes = _episode_rows(rows, date.min, date.max)
    return who, mine_by_halfyear(episodes, key, settings)


def unit_improved_shares(db: Database, periods: Iterable[str]) -> dict[str, float | None]:
    """The whole unit's share of reliably improved (recovered included) among its measured
    closed episodes, per half-year: what ``fit mine`` sets a clinician's own figures beside.
    Never another clinician's. ``None`` when the unit's figures for it are hidden by the gate."""
    out: dict[str, float | None] = {}
    with db.read() as conn:
        settings = load_settings(conn)
        for code in periods:
            p = parse_period("period", code)
            figures = period_figures(conn, p.start, p.end, settings, ranged=False)
            _, unit, _ = gate_figures(
                {k: c.counts() for k, c in figures.departments.items()},
                figures.unit.counts(),
                settings,
            )
            assert unit is not None
            improved = unit.outcomes["recovered"], unit.outcomes["reliably_improved"]
            n = unit.effect_size_n
            out[code] = (
                round((improved[0] + improved[1]) / n, 3)
                if n and improved[0] is not None and improved[1] is not None
                else None
            )
    return out


# --- fit export ------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "client",
    "department",
    "episode",
    "session",
    "date",
    "rater",
    "ors1",
    "ors2",
    "ors3",
    "ors4",
    "ors_total",
    "srs1",
    "srs2",
    "srs3",
    "srs4",
    "srs_total",
    "clinician",
    "age_group",
    "episode_end",
    "end_reason",
)


def export_rows(
    db: Database, department: str | None, path: str | None = None
) -> list[dict[str, Any]]:
    guard_inputs((Field("dept"), department))
    with db.read() as conn:
        dept = None if department is None else require_department(conn, department, Field("dept"))
        what = t("eksportere klientenes skårer", "export client scores")
        if dept is not None:
            access.require_client_access(db, conn, dept.id, what)
        else:
            access.require_role(db, what, "clinician", conn=conn)
        rows = q.export_sessions(conn=conn, department_id=None if dept is None else dept.id)
        allowed = access.client_departments(access.actor(db, conn))
        if allowed is not None:
            codes = q.department_codes(conn=conn, ids=allowed)
            rows = [r for r in rows if r["department"] in codes]
    access.log_read(
        db,
        "fit.export",
        department=None if dept is None else dept.code,
        rows=len(rows),
        path=path,
        detail=str(len({r["client"] for r in rows})),
    )
    for i, r in enumerate(rows):
        r["date"] = as_date(r["date"])
        r["srs_total"] = None if r["srs_total"] is None else float(r["srs_total"])
        closed = as_date(r.pop("closed_on"))
        reason = r.pop("close_reason")
        following = rows[i + 1] if i + 1 < len(rows) else None
        last = following is None or (following["client"], following["episode"]) != (
            r["client"],
            r["episode"],
        )
        # An episode's ending goes on its last session's row (what ``fit import`` reads back).
        r["episode_end"] = closed if last else None
        r["end_reason"] = reason if last else None
    return rows


# --- fit settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsView:
    settings: FitSettings
    changed: frozenset[str]
    refitted: bool = False


def _stored_overrides(db: Database) -> dict[str, Any]:
    with db.read() as conn:
        load_settings(conn)  # refuses broken JSON with a clear message
        raw = q.get_settings_json(conn=conn)
    return {} if raw is None else dict(json.loads(raw))


def show_settings(db: Database) -> SettingsView:
    overrides = _stored_overrides(db)
    return SettingsView(FitSettings.from_mapping(overrides), frozenset(overrides))


def _parse_assignment(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise InvalidInput(
            Field("set"),
            t(
                "«{v}» er ikke på formen NØKKEL=VERDI",
                "'{v}' is not of the form KEY=VALUE",
                v=text,
            ),
        )
    value = value.strip()
    if key == "expected_intake_bands":
        if value.startswith("["):
            try:
                return key, json.loads(value)
            except ValueError:
                pass
        return key, [part for part in value.replace(";", " ").split() if part]
    return key, value


def change_settings(
    db: Database, assignments: Sequence[str], resets: Sequence[str]
) -> SettingsView:
    """Apply ``--set KEY=VALUE`` and ``--reset KEY`` (or ``all``); validated as a whole."""
    from recoverykit.services.fit_expected import refit

    guard_inputs(*((Field("set"), a) for a in assignments), *((Field("reset"), r) for r in resets))
    known = {f.name for f in dataclasses.fields(FitSettings)}
    overrides = _stored_overrides(db)
    before = FitSettings.from_mapping(overrides)
    for key in resets:
        if key == "all":
            overrides.clear()
        elif key not in known:
            raise InvalidInput(
                Field("reset"),
                t(
                    "«{k}» er ingen FIT-innstilling; kjente er: {all}",
                    "'{k}' is not a FIT setting; known settings are: {all}",
                    k=key,
                    all=", ".join(sorted(known)),
                ),
            )
        else:
            overrides.pop(key, None)
    raw = dict(_parse_assignment(a) for a in assignments)
    settings = FitSettings.from_mapping(raw, base=FitSettings.from_mapping(overrides))
    plain = settings.to_mapping()
    defaults = FitSettings().to_mapping()
    stored = {k: plain[k] for k in sorted(known) if plain[k] != defaults[k]}
    with db.write() as conn:
        q.put_settings_json(
            conn=conn, value=json.dumps(stored, ensure_ascii=False) if stored else None
        )
    affects_table = any(
        getattr(before, k) != getattr(settings, k) for k in known if k.startswith("expected_")
    )
    refitted = False
    if affects_table:
        refit(db)
        refitted = True
    return SettingsView(settings, frozenset(stored), refitted)
