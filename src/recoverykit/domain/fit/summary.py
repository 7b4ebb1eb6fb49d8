"""Department summary figures over plain rows, with small-number suppression.

Pure functions; the store hands in rows (or the reports compute the same figures in SQL and use
:func:`suppress` on the counts). Definitions:

- *outcome groups* partition the **closed** episodes: recovered, reliably improved (not recovered),
  no reliable change, reliably deteriorated (Jacobson & Truax 1991, see ``change``), and one session
  only (no change to measure). Shares are of all closed episodes.
- *dropout share*: closed episodes marked as dropout, of all closed episodes.
- *pre–post effect size*: mean change (latest − intake) divided by the sample SD of the intake
  scores of the same episodes — the standardised mean change with the pretest SD as standardiser
  (Becker 1988, Br J Math Stat Psychol 41:257–278). Closed episodes with at least two sessions.
- *small-number suppression*: every count (clients, episodes, sessions, alerts, outcome groups)
  goes through the disclosure gate (:mod:`recoverykit.domain.disclosure`) by
  :func:`gate_figures`, the departments and the unit of one period together, so that neither a
  row's total, nor the unit minus the other departments, gives a hidden count away. Means and the
  effect size over fewer than the threshold (or over a hidden group) are not shown.

The production counts come from SQL (``store.fit_figures``); :func:`summarise` counts the same in
Python and is the test oracle for them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.disclosure import Gate, Key, Relation, is_small, protect
from recoverykit.domain.fit.change import Category, classify
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.periods import Period

ONE_SESSION = "one_session"
OUTCOME_GROUPS = (
    Category.RECOVERED.value,
    Category.RELIABLY_IMPROVED.value,
    Category.NO_RELIABLE_CHANGE.value,
    Category.RELIABLY_DETERIORATED.value,
    ONE_SESSION,
)


@dataclass(frozen=True)
class EpisodeRow:
    """One episode's figures from its primary series (the intake rater's ORS ratings)."""

    client: str
    clinician: str
    department: str
    intake: float  # first ORS total of the primary series
    latest: float  # latest ORS total of the primary series
    sessions: int  # ORS ratings in the primary series
    closed_on: date | None = None  # None: still open
    dropout: bool = False
    age_group: str = "adult"


@dataclass(frozen=True)
class SessionRow:
    """One rater's rating on one date; the raters of one (episode, date) are one session."""

    client: str
    on: date
    ors_total: float | None  # None: an SRS given without an ORS
    srs_total: float | None = None
    srs_alert: bool = False
    episode: str = ""  # with client and date, which meeting the rating belongs to


# --- suppression -------------------------------------------------------------------------------


def small(count: int, threshold: int) -> int | None:
    """A lone count of people: ``None`` if it is from 1 to ``threshold − 1``."""
    return None if is_small(count, threshold) else count


# --- figures ------------------------------------------------------------------------------------


def outcome_group(row: EpisodeRow, settings: FitSettings) -> str:
    if row.sessions < 2:
        return ONE_SESSION
    cutoff = settings.cutoff(row.age_group)
    return classify((row.intake, row.latest), cutoff=cutoff, settings=settings).category.value


def effect_size(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Pre–post effect size over (intake, latest) pairs: mean change / sample SD of intakes
    (Becker 1988). ``None`` with fewer than two pairs or no spread at intake."""
    data = list(pairs)
    if len(data) < 2:
        return None
    intakes = [a for a, _ in data]
    sd = statistics.stdev(intakes)
    if sd == 0:
        return None
    return round(statistics.fmean(b - a for a, b in data) / sd, 2)


@dataclass(frozen=True)
class Summary:
    """Figures for one department and period; ``None`` means suppressed (or not computable)."""

    threshold: int
    clients: int | None
    sessions: int | None
    episodes: int | None
    intake_mean: float | None
    closed: int | None
    outcomes: dict[str, int | None]  # OUTCOME_GROUPS → count among closed episodes
    dropouts: int | None
    srs_alerts: int | None
    effect_size: float | None
    effect_size_n: int | None
    mean_change: float | None = None  # mean ORS change over the measured closed episodes
    hid_any: bool = False  # the output this summary belongs to hides something

    def share(self, *groups: str) -> float | None:
        """Share of closed episodes in ``groups`` (e.g. recovered + reliably_improved)."""
        counts = [self.outcomes[g] for g in groups]
        if self.closed in (None, 0) or any(c is None for c in counts):
            return None
        assert self.closed is not None
        return round(sum(c for c in counts if c is not None) / self.closed, 3)

    @property
    def improved_share(self) -> float | None:
        """Reliably improved, recovered included."""
        return self.share(Category.RECOVERED.value, Category.RELIABLY_IMPROVED.value)

    @property
    def recovered_share(self) -> float | None:
        return self.share(Category.RECOVERED.value)

    @property
    def deteriorated_share(self) -> float | None:
        return self.share(Category.RELIABLY_DETERIORATED.value)

    @property
    def dropout_share(self) -> float | None:
        if self.dropouts is None or self.closed in (None, 0):
            return None
        assert self.closed is not None
        return round(self.dropouts / self.closed, 3)


def summarise(
    episodes: Iterable[EpisodeRow],
    sessions: Iterable[SessionRow],
    settings: FitSettings | None = None,
    *,
    suppress_small: bool = True,
) -> Summary:
    """Summary figures of one group on its own; with ``suppress_small`` small counts are hidden."""
    s = settings or FitSettings()
    return summary_from_counts(
        count_figures(episodes, sessions, s), s, suppress_small=suppress_small
    )


def count_figures(
    episodes: Iterable[EpisodeRow], sessions: Iterable[SessionRow], settings: FitSettings
) -> SummaryCounts:
    """The counts in Python, over ``change.classify``: the test oracle of ``store.fit_figures``."""
    s = settings
    eps = list(episodes)
    session_rows = list(sessions)
    clients = {e.client for e in eps} | {r.client for r in session_rows}
    closed = [e for e in eps if e.closed_on is not None]
    outcomes = {g: 0 for g in OUTCOME_GROUPS}
    for e in closed:
        outcomes[outcome_group(e, s)] += 1
    dropouts = sum(1 for e in closed if e.dropout)
    measured = [(e.intake, e.latest) for e in closed if e.sessions >= 2]
    mean_change = round(statistics.fmean(b - a for a, b in measured), 1) if measured else None
    alerts = sum(1 for r in session_rows if r.srs_alert)
    # the mean of the intake scores (each stored to one decimal) from whole tenths, rounded as
    # the store rounds it, so a mean of exactly x.x5 rounds the same way in both
    intake_mean = round(sum(round(e.intake * 10) for e in eps) / 10 / len(eps), 1) if eps else None
    return SummaryCounts(
        clients=len(clients),
        sessions=len({(r.client, r.episode, r.on) for r in session_rows}),
        episodes=len(eps),
        intake_mean=intake_mean,
        outcomes=outcomes,
        dropouts=dropouts,
        alerts=alerts,
        measured=len(measured),
        effect_size=effect_size(measured),
        mean_change=mean_change,
    )


@dataclass(frozen=True)
class SummaryCounts:
    """Unsuppressed counts for one group and period, however they were counted (in SQL by
    ``store.fit_figures``, or in Python by :func:`summarise`, the test oracle)."""

    clients: int
    sessions: int
    episodes: int
    intake_mean: float | None
    outcomes: Mapping[str, int]  # OUTCOME_GROUPS → count among closed episodes
    dropouts: int
    alerts: int
    measured: int = 0  # closed episodes with at least two sessions
    effect_size: float | None = None
    mean_change: float | None = None  # mean (latest − intake) over ``measured``

    @property
    def closed(self) -> int:
        return sum(self.outcomes.values())


UNIT = "*"  # the row key of the whole unit in a gated output
_CHANGE_GROUPS = tuple(g for g in OUTCOME_GROUPS if g != ONE_SESSION)
_FOLLOW_CLIENTS = ("episodes", "sessions", "srs_alerts")  # hidden with a hidden client count


def _cells(c: SummaryCounts) -> dict[str, int]:
    o = c.outcomes
    return {
        "clients": c.clients,
        "episodes": c.episodes,
        "sessions": c.sessions,
        "srs_alerts": c.alerts,
        **{g: o[g] for g in OUTCOME_GROUPS},
        "improved": o[Category.RECOVERED.value] + o[Category.RELIABLY_IMPROVED.value],
        "measured": sum(o[g] for g in _CHANGE_GROUPS),
        "closed": c.closed,
        "dropouts": c.dropouts,
        "completed": c.closed - c.dropouts,
    }


def _row_relations(row: str) -> list[Relation]:
    def k(m: str) -> tuple[str, str]:
        return (row, m)

    return [
        Relation(k("improved"), (k(Category.RECOVERED.value), k(Category.RELIABLY_IMPROVED.value))),
        Relation(
            k("measured"),
            (
                k("improved"),
                k(Category.NO_RELIABLE_CHANGE.value),
                k(Category.RELIABLY_DETERIORATED.value),
            ),
        ),
        Relation(k("closed"), (k("measured"), k(ONE_SESSION))),
        Relation(k("closed"), (k("dropouts"), k("completed"))),
    ]


def gate_figures(
    groups: Mapping[str, SummaryCounts],
    unit: SummaryCounts | None,
    settings: FitSettings | None = None,
    *,
    suppress_small: bool = True,
) -> tuple[dict[str, Summary], Summary | None, Gate]:
    """One output: the departments' figures (``groups``, by code) and the unit's, gated together
    so that no hidden count can be worked out from another row, the unit total minus the other
    departments, or the groups of a row (see :mod:`recoverykit.domain.disclosure`)."""
    s = settings or FitSettings()
    threshold = s.suppression_threshold
    rows: dict[str, SummaryCounts] = dict(groups)
    if unit is not None:
        rows[UNIT] = unit
    values: dict[Key, int] = {}
    relations: list[Relation] = []
    follows: dict[Key, list[Key]] = {}
    for name, c in rows.items():
        values.update({(name, m): v for m, v in _cells(c).items()})
        relations += _row_relations(name)
        follows[(name, "clients")] = [(name, m) for m in _FOLLOW_CLIENTS]
    if unit is not None and groups:
        for m in _cells(unit):
            relations.append(Relation((UNIT, m), tuple((g, m) for g in groups)))
    unpublished = [(name, "completed") for name in rows]
    if suppress_small:
        gate = protect(values, relations, threshold, follows=follows, unpublished=unpublished)
    else:
        gate = Gate(threshold, values, frozenset(), frozenset(), frozenset(unpublished))
    out = {name: _summary(name, c, gate, threshold, suppress_small) for name, c in rows.items()}
    unit_summary = out.pop(UNIT) if unit is not None else None
    return out, unit_summary, gate


def _summary(
    name: str, c: SummaryCounts, gate: Gate, threshold: int, suppress_small: bool
) -> Summary:
    def shown(m: str) -> int | None:
        return gate.shown((name, m))

    def enough(m: str) -> bool:
        return not suppress_small or (shown(m) is not None and gate.values[(name, m)] >= threshold)

    return Summary(
        threshold=threshold,
        clients=shown("clients"),
        sessions=shown("sessions"),
        episodes=shown("episodes"),
        intake_mean=c.intake_mean if enough("episodes") else None,
        closed=shown("closed"),
        outcomes={g: shown(g) for g in OUTCOME_GROUPS},
        dropouts=shown("dropouts"),
        srs_alerts=shown("srs_alerts"),
        effect_size=c.effect_size if enough("measured") else None,
        effect_size_n=shown("measured"),
        mean_change=c.mean_change if enough("measured") else None,
        hid_any=gate.hid_any,
    )


def summary_from_counts(
    c: SummaryCounts, settings: FitSettings | None = None, *, suppress_small: bool = True
) -> Summary:
    """One group on its own, as an output of one row (see :func:`gate_figures`)."""
    _, unit, _ = gate_figures({}, c, settings, suppress_small=suppress_small)
    assert unit is not None
    return unit


# --- "mine": a clinician's own results by half-year ------------------------------------------


@dataclass(frozen=True)
class HalfYear:
    """One clinician's closed episodes in one half-year, and the change from their own earlier
    half-year with data. Never compared with other clinicians."""

    period: str  # e.g. 2026H1
    closed: int
    measured: int  # closed with at least two sessions
    improved: int  # reliably improved or recovered
    deteriorated: int
    mean_change: float | None
    improved_share: float | None  # of measured
    compared_with: str | None  # own earlier period, when both have enough episodes
    improved_share_change: float | None  # percentage points × 0.01 (e.g. 0.1 = 10 points)


def mine_by_halfyear(
    episodes: Iterable[EpisodeRow], clinician: str, settings: FitSettings | None = None
) -> tuple[HalfYear, ...]:
    """The clinician's own closed episodes by half-year of closing, each compared only with the
    same clinician's most recent earlier half-year that has enough data: both must have at least
    ``suppression_threshold`` measured episodes to be compared (fewer are too few to say much)."""
    s = settings or FitSettings()
    by_period: dict[Period, list[EpisodeRow]] = {}
    for e in episodes:
        if e.clinician == clinician and e.closed_on is not None:
            by_period.setdefault(Period.containing(e.closed_on), []).append(e)
    results: list[HalfYear] = []
    previous: HalfYear | None = None
    for period in sorted(by_period):
        rows = by_period[period]
        measured = [e for e in rows if e.sessions >= 2]
        groups = [outcome_group(e, s) for e in measured]
        improved = sum(
            1 for g in groups if g in (Category.RECOVERED.value, Category.RELIABLY_IMPROVED.value)
        )
        share = round(improved / len(measured), 3) if measured else None
        enough = len(measured) >= s.suppression_threshold
        comparable = enough and previous is not None
        current = HalfYear(
            period=period.code,
            closed=len(rows),
            measured=len(measured),
            improved=improved,
            deteriorated=groups.count(Category.RELIABLY_DETERIORATED.value),
            mean_change=(
                round(statistics.fmean(e.latest - e.intake for e in measured), 1)
                if measured
                else None
            ),
            improved_share=share,
            compared_with=previous.period if comparable and previous else None,
            improved_share_change=(
                round(share - previous.improved_share, 3)
                if comparable
                and previous
                and share is not None
                and previous.improved_share is not None
                else None
            ),
        )
        results.append(current)
        if enough:
            previous = current
    return tuple(results)
