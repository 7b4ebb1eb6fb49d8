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
- *small-number suppression*: counts of people (and means over fewer people than the threshold)
  below ``FitSettings.suppression_threshold`` are not shown; :func:`suppress` adds complementary
  suppression so that a shown total and the shown groups never give a hidden group away.

Limitation: :func:`suppress` protects one table (groups and their total). Two tables that share a
total are each safe, but figures combined across many overlapping tables can still narrow a count
down; reports should publish the groups given here and not ad-hoc differences.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.fit.change import Category, classify
from recoverykit.domain.fit.settings import SUPPRESSION_FLOOR, FitSettings
from recoverykit.domain.periods import Period
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

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
    client: str
    clinician: str
    department: str
    intake: float  # first ORS total
    latest: float  # latest ORS total
    sessions: int
    closed_on: date | None = None  # None: still open
    dropout: bool = False
    age_group: str = "adult"


@dataclass(frozen=True)
class SessionRow:
    client: str
    on: date
    ors_total: float
    srs_total: float | None = None
    srs_alert: bool = False


# --- suppression -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suppressed:
    groups: dict[str, int | None]  # None: suppressed
    total: int | None
    primary: frozenset[str]  # below the threshold
    secondary: frozenset[str]  # hidden so that the primary ones cannot be worked out


def check_threshold(threshold: int) -> None:
    if threshold < SUPPRESSION_FLOOR:
        raise InvalidInput(
            "suppression_threshold",
            t(
                "{v} er for lavt; grensen for små tall kan aldri være under {floor}",
                "{v} is too low; the small-number threshold can never be below {floor}",
                v=threshold,
                floor=SUPPRESSION_FLOOR,
            ),
        )


def _safe(hidden: Mapping[str, int], threshold: int) -> bool:
    """With the total shown, the hidden groups' sum S is known and each hidden group is >= 1
    (zeros are shown). Any single hidden group can then be anything from 1 to S − (k − 1). That
    range must reach the threshold — so nobody can tell which hidden group is the small one — and
    needs k >= 2 to be a range at all."""
    if not hidden:
        return True
    k = len(hidden)
    return k >= 2 and sum(hidden.values()) - (k - 1) >= threshold


def suppress(groups: Mapping[str, int], threshold: int = 5) -> Suppressed:
    """Hide counts from 1 to ``threshold − 1``; then hide the next-smallest groups (or, when none is
    left, the total) until the total and the shown groups cannot reveal a hidden group.

    The total is the sum of ``groups`` (pass an explicit "other" group if some are left out).
    Zeros are shown. A total below the threshold hides everything.
    """
    check_threshold(threshold)
    for name, count in groups.items():
        if count < 0:
            raise InvalidInput(name, t("kan ikke være negativ", "cannot be negative"))
    total = sum(groups.values())
    if 0 < total < threshold:
        return Suppressed(
            {name: None for name in groups},
            None,
            frozenset(n for n, c in groups.items() if c > 0),
            frozenset(),
        )
    primary = {n: c for n, c in groups.items() if 0 < c < threshold}
    hidden = dict(primary)
    shown_total: int | None = total
    while not _safe(hidden, threshold):
        candidates = sorted((c, n) for n, c in groups.items() if c > 0 and n not in hidden)
        if not candidates:
            shown_total = None
            break
        count, name = candidates[0]
        hidden[name] = count
    return Suppressed(
        {n: (None if n in hidden else c) for n, c in groups.items()},
        shown_total,
        frozenset(primary),
        frozenset(hidden) - frozenset(primary),
    )


def small(count: int, threshold: int) -> int | None:
    """A lone count of people: ``None`` if it is from 1 to ``threshold − 1``."""
    return None if 0 < count < threshold else count


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
    sessions: int
    episodes: int | None
    intake_mean: float | None
    closed: int | None
    outcomes: dict[str, int | None]  # OUTCOME_GROUPS → count among closed episodes
    dropouts: int | None
    srs_alerts: int | None
    effect_size: float | None
    effect_size_n: int | None

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
    """Summary figures; with ``suppress_small`` (the default) small counts are hidden."""
    s = settings or FitSettings()
    eps = list(episodes)
    session_rows = list(sessions)
    clients = {e.client for e in eps} | {r.client for r in session_rows}
    closed = [e for e in eps if e.closed_on is not None]
    outcomes = {g: 0 for g in OUTCOME_GROUPS}
    for e in closed:
        outcomes[outcome_group(e, s)] += 1
    dropouts = sum(1 for e in closed if e.dropout)
    measured = [(e.intake, e.latest) for e in closed if e.sessions >= 2]
    alerts = sum(1 for r in session_rows if r.srs_alert)
    intake_mean = round(statistics.fmean(e.intake for e in eps), 1) if eps else None
    counts = SummaryCounts(
        clients=len(clients),
        sessions=len(session_rows),
        episodes=len(eps),
        intake_mean=intake_mean,
        outcomes=outcomes,
        dropouts=dropouts,
        alerts=alerts,
        measured=len(measured),
        effect_size=effect_size(measured),
    )
    return summary_from_counts(counts, s, suppress_small=suppress_small)


@dataclass(frozen=True)
class SummaryCounts:
    """Unsuppressed counts for one group and period, however they were counted (in Python by
    :func:`summarise`, or in SQL by the monthly report)."""

    clients: int
    sessions: int
    episodes: int
    intake_mean: float | None
    outcomes: Mapping[str, int]  # OUTCOME_GROUPS → count among closed episodes
    dropouts: int
    alerts: int
    measured: int = 0  # closed episodes with at least two sessions
    effect_size: float | None = None

    @property
    def closed(self) -> int:
        return sum(self.outcomes.values())


def summary_from_counts(
    c: SummaryCounts, settings: FitSettings | None = None, *, suppress_small: bool = True
) -> Summary:
    """The small-number rules, in one place: every count below the threshold is hidden, with
    complementary suppression so that no total reveals a hidden group. ``fit summary`` and the
    reports both go through here."""
    s = settings or FitSettings()
    threshold = s.suppression_threshold
    if not suppress_small:
        return Summary(
            threshold,
            c.clients,
            c.sessions,
            c.episodes,
            c.intake_mean,
            c.closed,
            dict(c.outcomes),
            c.dropouts,
            c.alerts,
            c.effect_size,
            c.measured,
        )
    out = suppress(dict(c.outcomes), threshold)
    drop = suppress({"dropout": c.dropouts, "completed": c.closed - c.dropouts}, threshold)
    closed = out.total if drop.total is not None else None
    # The effect size's n is the closed episodes minus "one session only", i.e. the sum of the
    # four change groups: shown only when the groups shown already give it away, never when it
    # would let a hidden group be worked out (e.g. closed − n = a hidden "one session only").
    measured_groups = [g for g in OUTCOME_GROUPS if g != ONE_SESSION]
    n_is_public = all(out.groups[g] is not None for g in measured_groups) or (
        closed is not None and out.groups[ONE_SESSION] is not None
    )
    return Summary(
        threshold=threshold,
        clients=small(c.clients, threshold),
        sessions=c.sessions,
        episodes=small(c.episodes, threshold),
        intake_mean=c.intake_mean if c.episodes >= threshold else None,
        closed=closed,
        outcomes=out.groups,
        dropouts=drop.groups["dropout"],
        srs_alerts=small(c.alerts, threshold),
        effect_size=c.effect_size if c.measured >= threshold else None,
        effect_size_n=small(c.measured, threshold) if n_is_public else None,
    )


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
