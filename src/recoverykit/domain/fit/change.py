"""Change from the first to the latest ORS of an episode (Jacobson & Truax 1991).

Jacobson, N. S. & Truax, P. (1991). Clinical significance: a statistical approach to defining
meaningful change in psychotherapy research. *J Consult Clin Psychol* 59(1):12–19.

- *reliable change*: the change is larger than the measure's error allows (for the ORS, Miller et
  al. 2003; by default a change of 5 points or more, ``FitSettings.reliable_change`` and
  ``reliable_change_inclusive``);
- *recovered* (clinically significant change): reliably improved AND the intake was at or below
  the clinical cutoff AND the latest score is above it;
- *reliably improved*, *no reliable change*, *reliably deteriorated* otherwise.

Categories are exclusive: an episode that is *recovered* is not also reported as *reliably
improved*; ``ChangeResult.improved`` is true for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from recoverykit.domain.fit._text import msg
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t


class Category(StrEnum):
    RECOVERED = "recovered"
    RELIABLY_IMPROVED = "reliably_improved"
    NO_RELIABLE_CHANGE = "no_reliable_change"
    RELIABLY_DETERIORATED = "reliably_deteriorated"


class Flag(StrEnum):
    INTAKE_ABOVE_MAX = "intake_above_max"
    ONLY_ONE_SESSION = "only_one_session"
    SAWTOOTH = "sawtooth"


CATEGORY_TEXT: dict[Category, Msg] = {
    Category.RECOVERED: t("klinisk signifikant bedring", "recovered"),
    Category.RELIABLY_IMPROVED: t("pålitelig bedring", "reliably improved"),
    Category.NO_RELIABLE_CHANGE: t("ingen pålitelig endring", "no reliable change"),
    Category.RELIABLY_DETERIORATED: t("pålitelig forverring", "reliably deteriorated"),
}


@dataclass(frozen=True)
class ChangeResult:
    """The classification and every number behind it."""

    category: Category
    intake: float
    latest: float
    change: float  # latest − intake, one decimal
    threshold: float  # reliable change in points
    threshold_inclusive: bool  # True: change >= threshold counts; False: change > threshold
    cutoff: float  # clinical cutoff for the age group
    sessions: int
    flags: tuple[Flag, ...]
    reversals: int  # large direction changes found by the saw-tooth rule
    intake_max: float  # an intake above this is flagged

    @property
    def improved(self) -> bool:
        return self.category in (Category.RECOVERED, Category.RELIABLY_IMPROVED)

    @property
    def deteriorated(self) -> bool:
        return self.category is Category.RELIABLY_DETERIORATED

    def explain(self) -> Msg:
        """One sentence with the numbers, e.g. for ``fit show``."""
        return msg(
            "Fra {a} til {b} ({c:+.1f} poeng; pålitelig endring {op} {r}; klinisk grense {k}): "
            "{cat}.",
            "From {a} to {b} ({c:+.1f} points; reliable change {op} {r}; clinical cutoff {k}): "
            "{cat}.",
            a=self.intake,
            b=self.latest,
            c=self.change,
            op="≥" if self.threshold_inclusive else ">",
            r=self.threshold,
            k=self.cutoff,
            cat=CATEGORY_TEXT[self.category],
        )

    def flag_texts(self) -> tuple[Msg, ...]:
        return tuple(_flag_text(self, f) for f in self.flags)


def _flag_text(r: ChangeResult, flag: Flag) -> Msg:
    if flag is Flag.INTAKE_ABOVE_MAX:
        return msg(
            "Startskåren {a} er over {m}: lite rom for bedring, tolk endringen varsomt.",
            "The intake score {a} is above {m}: little room to improve, read the change with care.",
            a=r.intake,
            m=r.intake_max,
        )
    if flag is Flag.ONLY_ONE_SESSION:
        return t(
            "Bare én samtale: ingen endring å måle ennå.",
            "Only one session: no change to measure yet.",
        )
    return t(
        "Sagtannmønster: skårene har skiftet retning {n} ganger med store sprang; "
        "snakk med klienten om hvordan skjemaet fylles ut.",
        "Saw-tooth pattern: the scores changed direction {n} times in large swings; "
        "talk with the client about how the form is filled in.",
        n=r.reversals,
    )


def sawtooth_reversals(scores: Sequence[float], min_swing: float) -> int:
    """Count reversals among large session-to-session moves.

    Definition (recoverykit's operationalisation of the "saw-tooth" pattern named in the ICCE FIT
    manuals, Bertolino & Miller 2012): take the moves ``scores[i+1] - scores[i]``; keep only those
    whose size is at least ``min_swing`` points (default the reliable change, 5); count how often
    a kept move goes the opposite way of the kept move before it. Small moves in between do not
    break the pattern. Example: 10 → 20 → 11 → 21 has moves +10, −9, +10: two reversals.
    """
    signs = [
        1 if d > 0 else -1
        for d in (round(b - a, 1) for a, b in pairwise(scores))
        if abs(d) >= min_swing
    ]
    return sum(1 for a, b in pairwise(signs) if a != b)


def classify(
    scores: Sequence[float], *, cutoff: float, settings: FitSettings | None = None
) -> ChangeResult:
    """Classify an episode's ORS totals (in session order) from the first to the latest."""
    s = settings or FitSettings()
    if not scores:
        raise InvalidInput(
            "scores", t("forløpet har ingen ORS-skårer", "the episode has no ORS scores")
        )
    intake, latest = float(scores[0]), float(scores[-1])
    change = round(latest - intake, 1)
    if s.is_reliable(change) and change > 0:
        recovered = intake <= cutoff < latest
        category = Category.RECOVERED if recovered else Category.RELIABLY_IMPROVED
    elif s.is_reliable(change) and change < 0:
        category = Category.RELIABLY_DETERIORATED
    else:
        category = Category.NO_RELIABLE_CHANGE
    flags: list[Flag] = []
    if intake > s.intake_validity_max:
        flags.append(Flag.INTAKE_ABOVE_MAX)
    if len(scores) == 1:
        flags.append(Flag.ONLY_ONE_SESSION)
    reversals = sawtooth_reversals(scores, s.sawtooth_min_swing)
    if reversals >= s.sawtooth_min_reversals:
        flags.append(Flag.SAWTOOTH)
    return ChangeResult(
        category=category,
        intake=intake,
        latest=latest,
        change=change,
        threshold=s.reliable_change,
        threshold_inclusive=s.reliable_change_inclusive,
        cutoff=cutoff,
        sessions=len(scores),
        flags=tuple(flags),
        reversals=reversals,
        intake_max=s.intake_validity_max,
    )
