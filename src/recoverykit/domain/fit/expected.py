"""The unit's OWN expected treatment response, fitted from its closed episodes (no vendor curves).

Approach, and where it comes from:

- *Expected recovery curves* (Lambert, Whipple, Hawkins, Vermeersch, Nielsen & Smart 2003;
  Lambert et al. 2002, "Enhancing psychotherapy outcomes via providing feedback on client
  progress", *Clin Psychol Psychother* 9:91–103): the change expected at each session depends on
  the intake score and grows roughly with the logarithm of the session number; a client whose
  change falls in the lower tail of what similar clients reached is "not on track" (the OQ-45
  signal-alarm system: Lambert, Harmon, Slade, Whipple & Hawkins 2005, *J Clin Psychol*
  61:165–174; the yellow/red signals correspond to our *below* / *far below*).
- *Tolerance / prediction intervals* (Finch, Lambert & Schaalje 2001, "Psychotherapy quality
  control: the statistical generation of expected recovery curves for integration into an early
  warning system", *Clin Psychol Psychother* 8:231–242): the band is a prediction interval for a
  NEW client, not the spread of the reference sample, so a cell of 10 episodes does not flag
  almost twice the nominal share (an empirical 10th percentile of 10 values does).

The model (everything computed from per-cell sums, so that it is cheap and can leave an episode
out exactly):

1. Data: for each closed episode with at least two ORS ratings in its primary series, the change
   from intake at each session ``k`` (2 … ``expected_max_session``), in intake band ``b``.
   Each cell keeps ``n``, Σchange and Σchange².
2. Unit curve (the pooled prior): ``p(b, k) = ln k · (α + β · (centre_b − x̄))``, weighted least
   squares over the cell means (Lambert's log-session shape, conditional on intake).
3. Borrowing from neighbours: a cell's local mean also uses the cells one session before and
   after (weight ½) and the neighbouring intake bands (weight ¼), each moved by the difference of
   the unit curve between the two cells.
4. Shrinkage: ``μ = (n_loc · local + κ · p) / (n_loc + κ)`` with ``κ = 5`` episodes' worth of prior.
5. Smoothing: within a band, ``μ`` is made non-decreasing in the session number (weighted pool
   adjacent violators) when the unit curve rises, i.e. where the data allow.
6. Spread: the residual variance around ``μ`` per session, pooled over bands and shrunk towards
   the unit's overall residual variance (10 degrees of freedom of prior).
7. Band: the ``q``-quantile of a new client's change is ``μ + t_{df}(q) · σ · √(1 + 1/n_loc)``
   (a prediction interval); *below expected* under ``expected_below_quantile`` (0.25), *far
   below* under ``expected_far_below_quantile`` (0.10).

A cell is used only when at least ``expected_min_episodes`` episodes (never fewer than
``MIN_EPISODES_FLOOR``) reached it themselves; borrowing improves the estimate but never makes
a cell usable. Age groups get their own model when the group has ``GROUP_MIN_FACTOR`` × the
minimum closed episodes; otherwise the pooled model is used, and the reason is stated.

An episode is never judged against data that include itself: a closed episode is compared with
the model refitted without it (its sums subtracted: leave-one-out); a live episode is not in the
data at all (only closed episodes are).

Survivorship: episodes that end early do not contribute to later sessions, so later cells
describe the clients who stayed; ``n`` is shown with every value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from statistics import NormalDist
from typing import Any

from recoverykit.domain.fit._text import msg
from recoverykit.domain.fit.settings import (
    EXPECTED_MIN_EPISODES_FLOOR,
    Band,
    FitSettings,
    validate_bands,
)
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, count, t

TABLE_VERSION = 2
MIN_EPISODES_FLOOR = EXPECTED_MIN_EPISODES_FLOOR  # settings can never go below this
GROUP_MIN_FACTOR = 3  # an age group gets its own model from 3 × the minimum closed episodes
PRIOR_EPISODES = 5.0  # κ: how many episodes' worth the unit curve counts in a cell
PRIOR_DF = 10.0  # degrees of freedom of the pooled residual variance in each session's
AGE_GROUPS = ("adult", "adolescent", "child")
POOLED = "all"

METHOD = t(
    "Båndet er et prediksjonsintervall fra enhetens egne avsluttede forløp (aldri dette "
    "forløpet): endring fra start per startbånd og samtale, trukket mot enhetens samlede kurve "
    "og nabocellene og gjort ikke-synkende (Lambert mfl. 2002; Finch mfl. 2001).",
    "The band is a prediction interval from the unit's own closed episodes (never this one): "
    "change from intake by intake band and session, pulled towards the unit's pooled curve and "
    "the neighbouring cells and made non-decreasing (Lambert et al. 2002; Finch et al. 2001).",
)


class ExpectedStatus(StrEnum):
    ON_TRACK = "on_track"
    BELOW = "below_expected"
    FAR_BELOW = "far_below_expected"
    NOT_ENOUGH_DATA = "not_enough_data"


STATUS_TEXT: dict[ExpectedStatus, Msg] = {
    ExpectedStatus.ON_TRACK: t("Som forventet", "On track"),
    ExpectedStatus.BELOW: t("Under forventet", "Below expected"),
    ExpectedStatus.FAR_BELOW: t("Langt under forventet", "Far below expected"),
    ExpectedStatus.NOT_ENOUGH_DATA: t("For lite data", "Not enough data"),
}


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Hyndman & Fan definition 7 on already sorted values (at least one)."""
    if not sorted_values:
        raise ValueError("quantile of no values")
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def t_quantile(q: float, df: float) -> float:
    """Student's t quantile by the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5);
    within 0.01 of the exact value for df ≥ 3 at the quantiles used here."""
    z = NormalDist().inv_cdf(q)
    if df <= 0 or math.isinf(df):
        return z
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    return z + g1 / df + g2 / df**2 + g3 / df**3


def band_index(bands: Sequence[Band], intake: float) -> int:
    """The band holding ``intake``: ``[lower, upper)``, the last band also holds its upper end."""
    for i, (lo, hi) in enumerate(bands):
        if lo <= intake < hi or (i == len(bands) - 1 and intake == hi):
            return i
    raise InvalidInput("intake", t("{v} er utenfor 0–40", "{v} is outside 0–40", v=intake))


def min_episodes(settings: FitSettings) -> int:
    """The minimum per cell: the setting, never below ``MIN_EPISODES_FLOOR``."""
    return max(MIN_EPISODES_FLOOR, settings.expected_min_episodes)


# --- the stored sums ----------------------------------------------------------------------------

Sums = dict[tuple[int, int], list[float]]  # (band, session) -> [n, Σchange, Σchange²]


@dataclass
class ExpectedStats:
    """Per age group and cell: the count and sums of change from intake. Stored as JSON."""

    bands: tuple[Band, ...]
    max_session: int
    groups: dict[str, Sums] = field(default_factory=dict)
    episodes: dict[str, int] = field(default_factory=dict)

    def add(self, group: str, scores: Sequence[float], sign: float = 1.0) -> None:
        """Add (or with ``sign=-1`` take out) one episode's primary ORS series."""
        if len(scores) < 2:
            return
        sums = self.groups.setdefault(group, {})
        self.episodes[group] = self.episodes.get(group, 0) + int(sign)
        intake = scores[0]
        band = band_index(self.bands, intake)
        for session, score in enumerate(scores[1 : self.max_session], start=2):
            change = round(score - intake, 1)
            cell = sums.setdefault((band, session), [0.0, 0.0, 0.0])
            cell[0] += sign
            cell[1] += sign * change
            cell[2] += sign * change * change

    def without(self, group: str, scores: Sequence[float]) -> ExpectedStats:
        """A copy with one episode left out (leave-one-out)."""
        copy = ExpectedStats(
            self.bands,
            self.max_session,
            {g: {k: list(v) for k, v in s.items()} for g, s in self.groups.items()},
            dict(self.episodes),
        )
        copy.add(group, scores, -1.0)
        return copy

    def pooled(self) -> Sums:
        out: Sums = {}
        for sums in self.groups.values():
            for key, (n, s1, s2) in sums.items():
                cell = out.setdefault(key, [0.0, 0.0, 0.0])
                cell[0] += n
                cell[1] += s1
                cell[2] += s2
        return out

    def to_mapping(self) -> dict[str, Any]:
        return {
            "version": TABLE_VERSION,
            "bands": [[lo, hi] for lo, hi in self.bands],
            "max_session": self.max_session,
            "episodes": dict(self.episodes),
            "groups": {
                g: [
                    [b, k, round(n), round(s1, 4), round(s2, 4)]
                    for (b, k), (n, s1, s2) in sorted(s.items())
                ]
                for g, s in sorted(self.groups.items())
            },
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ExpectedStats:
        """Rebuild stored sums; refuse a malformed or other version."""
        try:
            if data["version"] != TABLE_VERSION:
                raise ValueError("version")
            bands = tuple((float(lo), float(hi)) for lo, hi in data["bands"])
            validate_bands("expected_table", bands)
            groups = {
                str(g): {
                    (int(b), int(k)): [float(n), float(s1), float(s2)] for b, k, n, s1, s2 in cells
                }
                for g, cells in data["groups"].items()
            }
            episodes = {str(g): int(n) for g, n in data["episodes"].items()}
            return cls(bands, int(data["max_session"]), groups, episodes)
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(
                "expected_table",
                t(
                    "den lagrede tabellen for forventet bedring er ødelagt eller fra en annen "
                    "versjon; tilpass den på nytt (fit expected --refit)",
                    "the stored expected-response table is broken or from another version; "
                    "refit it (fit expected --refit)",
                ),
            ) from None


def collect(
    episodes: Iterable[tuple[str, Sequence[float]]], settings: FitSettings | None = None
) -> ExpectedStats:
    """The sums from closed episodes, each ``(age group, primary ORS series in session order)``."""
    s = settings or FitSettings()
    stats = ExpectedStats(s.expected_intake_bands, s.expected_max_session)
    for group, scores in episodes:
        stats.add(group, scores)
    return stats


# --- the model ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedCell:
    band: int  # index into ExpectedTable.bands
    session: int  # session number, 2 = the first session after intake
    n: int  # closed episodes that reached this cell themselves
    median: float  # expected change (μ)
    p25: float
    p75: float
    low: float  # change at expected_below_quantile (prediction interval)
    far_low: float  # change at expected_far_below_quantile
    sufficient: bool  # n >= the table's min_episodes
    n_local: float = 0.0  # episodes' worth behind μ after borrowing from neighbours


@dataclass(frozen=True)
class ExpectedTable:
    bands: tuple[Band, ...]
    min_episodes: int
    max_session: int
    below_quantile: float
    far_below_quantile: float
    episodes: int  # closed episodes with at least two sessions behind this model
    cells: tuple[ExpectedCell, ...]  # sorted by (band, session); only cells with n >= 1
    group: str = POOLED  # the age group modelled, or "all"
    pooled_reason: Msg | None = None  # why an age group uses the pooled model

    def cell(self, band: int, session: int) -> ExpectedCell | None:
        for c in self.cells:
            if c.band == band and c.session == session:
                return c
        return None


def _pava(values: list[float], weights: list[float]) -> list[float]:
    """Weighted pool-adjacent-violators: the closest non-decreasing sequence."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for v, w in zip(values, weights, strict=True):
        blocks.append([v, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            b = blocks.pop()
            a = blocks[-1]
            total = a[1] + b[1]
            a[0] = (a[0] * a[1] + b[0] * b[1]) / total
            a[1] = total
            a[2] += b[2]
    out: list[float] = []
    for mean, _w, size in blocks:
        out.extend([mean] * int(size))
    return out


def _curve(sums: Sums, bands: Sequence[Band]) -> tuple[float, float, float]:
    """(α, β, x̄) of the unit curve ``ln k · (α + β (centre − x̄))`` by weighted least squares."""
    centres = [(lo + hi) / 2 for lo, hi in bands]
    total = sum(n for (_b, _k), (n, _s1, _s2) in sums.items())
    if total <= 0:
        return 0.0, 0.0, 0.0
    xbar = sum(n * centres[b] for (b, _k), (n, _s1, _s2) in sums.items()) / total
    saa = sab = sbb = sya = syb = 0.0
    for (b, k), (n, s1, _s2) in sums.items():
        if n <= 0:
            continue
        lk = math.log(k)
        a, bb = lk, lk * (centres[b] - xbar)
        mean = s1 / n
        saa += n * a * a
        sab += n * a * bb
        sbb += n * bb * bb
        sya += n * mean * a
        syb += n * mean * bb
    det = saa * sbb - sab * sab
    if saa <= 0:
        return 0.0, 0.0, xbar
    if abs(det) < 1e-9 * max(1.0, saa * sbb):
        return sya / saa, 0.0, xbar
    return (sya * sbb - syb * sab) / det, (syb * saa - sya * sab) / det, xbar


_NEIGHBOURS = ((0, -1, 0.5), (0, 1, 0.5), (-1, 0, 0.25), (1, 0, 0.25))


def build(
    stats: ExpectedStats,
    age_group: str,
    settings: FitSettings | None = None,
    *,
    leave_out: Sequence[float] | None = None,
) -> ExpectedTable:
    """The model for ``age_group`` (or the pooled one, with the reason), optionally without one
    closed episode's series (``leave_out``: that episode is never judged against itself)."""
    s = settings or FitSettings()
    if leave_out is not None:
        stats = stats.without(age_group, leave_out)
    minimum = min_episodes(s)
    own = stats.episodes.get(age_group, 0)
    reason: Msg | None = None
    if age_group in stats.groups and own >= GROUP_MIN_FACTOR * minimum and len(stats.groups) > 1:
        sums, group, count = stats.groups[age_group], age_group, own
    else:
        sums, group, count = stats.pooled(), POOLED, sum(stats.episodes.values())
        if (
            len([g for g, n in stats.episodes.items() if n > 0]) > 1
            or age_group not in stats.groups
        ):
            reason = t(
                "alle aldersgrupper samlet: {n} avsluttede forløp i gruppen, egen modell fra {m}",
                "all age groups pooled: {n} closed episodes in the group, its own model from {m}",
                n=max(own, 0),
                m=GROUP_MIN_FACTOR * minimum,
            )
    bands = stats.bands
    alpha, beta, xbar = _curve(sums, bands)
    centres = [(lo + hi) / 2 for lo, hi in bands]

    def prior(b: int, k: int) -> float:
        return math.log(k) * (alpha + beta * (centres[b] - xbar))

    live = {key: v for key, v in sums.items() if v[0] > 0.5}
    mu: dict[tuple[int, int], float] = {}
    n_loc: dict[tuple[int, int], float] = {}
    for (b, k), (n, s1, _s2) in live.items():
        weight, total = n, s1
        for db, dk, w in _NEIGHBOURS:
            other = live.get((b + db, k + dk))
            if other is None:
                continue
            shift = prior(b, k) - prior(b + db, k + dk)
            weight += w * other[0]
            total += w * (other[1] + other[0] * shift)
        n_loc[(b, k)] = weight
        mu[(b, k)] = (total + PRIOR_EPISODES * prior(b, k)) / (weight + PRIOR_EPISODES)
    if alpha >= 0:  # the unit improves on the whole: keep each band's curve non-decreasing
        for b in range(len(bands)):
            keys = sorted(k for (bb, k) in mu if bb == b)
            smooth = _pava(
                [mu[(b, k)] for k in keys], [n_loc[(b, k)] + PRIOR_EPISODES for k in keys]
            )
            for k, value in zip(keys, smooth, strict=True):
                mu[(b, k)] = value
    # Residual variance around μ: per session, pooled over bands, shrunk to the overall one.
    ss_k: dict[int, float] = {}
    n_k: dict[int, float] = {}
    for (b, k), (n, s1, s2) in live.items():
        m = mu[(b, k)]
        ss_k[k] = ss_k.get(k, 0.0) + max(0.0, s2 - 2 * m * s1 + n * m * m)
        n_k[k] = n_k.get(k, 0.0) + n
    total_n = sum(n_k.values())
    overall = sum(ss_k.values()) / max(1.0, total_n - 1) if total_n > 1 else 25.0
    overall = max(overall, 0.25)
    cells = []
    for b, k in sorted(live):
        n = live[(b, k)][0]
        df_k = max(0.0, n_k[k] - 1)
        var = (ss_k[k] + PRIOR_DF * overall) / (df_k + PRIOR_DF)
        spread = math.sqrt(var) * math.sqrt(1 + 1 / (n_loc[(b, k)] + PRIOR_EPISODES))
        df = df_k + PRIOR_DF

        def at(q: float, m: float = mu[(b, k)], sd: float = spread, d: float = df) -> float:
            return round(m + t_quantile(q, d) * sd, 2)

        cells.append(
            ExpectedCell(
                band=b,
                session=k,
                n=round(n),
                median=round(mu[(b, k)], 2),
                p25=at(0.25),
                p75=at(0.75),
                low=at(s.expected_below_quantile),
                far_low=at(s.expected_far_below_quantile),
                sufficient=round(n) >= minimum,
                n_local=round(n_loc[(b, k)], 1),
            )
        )
    return ExpectedTable(
        bands=bands,
        min_episodes=minimum,
        max_session=stats.max_session,
        below_quantile=s.expected_below_quantile,
        far_below_quantile=s.expected_far_below_quantile,
        episodes=count,
        cells=tuple(cells),
        group=group,
        pooled_reason=reason,
    )


def fit(
    episodes: Iterable[Sequence[float]],
    settings: FitSettings | None = None,
    age_group: str = "adult",
) -> ExpectedTable:
    """The model from closed episodes of one age group, each its ORS totals in session order."""
    s = settings or FitSettings()
    return build(collect(((age_group, e) for e in episodes), s), age_group, s)


# --- classifying a client ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedResult:
    """A client's change compared with the unit's own episodes, with the numbers behind it."""

    status: ExpectedStatus
    intake: float
    current: float
    change: float
    session: int  # the client's session number (1 = intake)
    compared_session: int  # the table session used (capped at max_session)
    band: Band
    cell: ExpectedCell | None  # None: no episodes at all in that cell
    min_episodes: int
    pooled_reason: Msg | None = None

    def explain(self) -> Msg:
        lo, hi = self.band
        if self.session < 2:
            return t(
                "Første samtale: forventet bedring måles fra samtale 2.",
                "First session: expected response is measured from session 2.",
            )
        n = self.cell.n if self.cell else 0
        if self.status is ExpectedStatus.NOT_ENOUGH_DATA:
            return msg(
                "For lite data: {n} med start {lo}–{hi} nådde samtale {k} (trenger minst {m}).",
                "Not enough data: {n} starting at {lo}–{hi} reached session {k} "
                "(at least {m} needed).",
                n=count(
                    n,
                    "annet avsluttet forløp",
                    "andre avsluttede forløp",
                    "other closed episode",
                    "other closed episodes",
                ),
                lo=lo,
                hi=hi,
                k=self.compared_session,
                m=self.min_episodes,
            )
        assert self.cell is not None
        c = self.cell
        text = msg(
            "{status}: endring {ch:+.1f} ved samtale {s}; forventet {med:+g} (50 %-intervall "
            "{p25:+g} til {p75:+g}; under forventet < {low:+g}, langt under < {far:+g}) fra {n} "
            "andre avsluttede forløp med start {lo}–{hi} ved samtale {k}.",
            "{status}: change {ch:+.1f} at session {s}; expected {med:+g} (50% interval {p25:+g} "
            "to {p75:+g}; below expected < {low:+g}, far below < {far:+g}) from {n} other closed "
            "episodes starting at {lo}–{hi} by session {k}.",
            status=STATUS_TEXT[self.status],
            ch=self.change,
            s=self.session,
            n=c.n,
            lo=lo,
            hi=hi,
            med=c.median,
            p25=c.p25,
            p75=c.p75,
            low=c.low,
            far=c.far_low,
            k=self.compared_session,
        )
        if self.pooled_reason is None:
            return text
        return Msg(f"{text.nb} ({self.pooled_reason.nb}.)", f"{text.en} ({self.pooled_reason.en}.)")


def classify(table: ExpectedTable, intake: float, current: float, session: int) -> ExpectedResult:
    """Compare a client's change at ``session`` (1 = intake) with the model."""
    band = band_index(table.bands, intake)
    compared = min(max(session, 1), table.max_session)
    change = round(current - intake, 1)
    cell = table.cell(band, compared) if session >= 2 else None
    if cell is None or not cell.sufficient:
        status = ExpectedStatus.NOT_ENOUGH_DATA
    elif change < cell.far_low:
        status = ExpectedStatus.FAR_BELOW
    elif change < cell.low:
        status = ExpectedStatus.BELOW
    else:
        status = ExpectedStatus.ON_TRACK
    return ExpectedResult(
        status=status,
        intake=intake,
        current=current,
        change=change,
        session=session,
        compared_session=compared,
        band=table.bands[band],
        cell=cell,
        min_episodes=table.min_episodes,
        pooled_reason=table.pooled_reason,
    )
