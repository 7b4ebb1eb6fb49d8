"""Department goals ("målbare mål"): the two-goals rule, outcomes, progress, bars and sparklines.

Source: the implementation plan adopted by Sandnes' leadership group 29.09.16, point 4 – «Hver
avdeling lager ett eller to målbare mål som viser noe de vil forbedre i sin praksis neste halvår.
Beskrive hva og hvordan det gikk – og finne en måte å dele dette på.»
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from enum import StrEnum

from recoverykit.domain.periods import Period
from recoverykit.domain.text import match_key
from recoverykit.errors import Conflict, InvalidInput
from recoverykit.i18n import language, t

# «ett eller to målbare mål» per department per half-year (plan of 29.09.16, point 4).
MAX_GOALS_PER_PERIOD = 2


def check_goal_limit(
    department: str, period: Period, existing: int, *, force: bool = False
) -> None:
    """Refuse a third goal for ``department`` in ``period`` unless ``force``; say why."""
    if force or existing < MAX_GOALS_PER_PERIOD:
        return
    raise Conflict(
        "period",
        t(
            "{d} har allerede {n} målbare mål for {p}. Planen vedtatt av ledergruppa 29.09.16 sier "
            "«Hver avdeling lager ett eller to målbare mål»: få mål blir faktisk fulgt opp, målt "
            "og delt. Avslutt eller flytt et mål, eller bruk --force om dere likevel vil ha flere.",
            "{d} already has {n} measurable goals for {pe}. The plan adopted by the leadership "
            "group on 29.09.16 says each department makes one or two measurable goals: few "
            "goals are the ones that get followed up, measured and shared. Close or move a "
            "goal, or use --force if you still want more.",
            d=department,
            n=existing,
            p=period.label("nb"),
            pe=period.label("en"),
        ),
    )


def departments_without_goal(
    departments: Iterable[str], goals: Iterable[tuple[str, Period]], period: Period
) -> list[str]:
    """Departments (in the order given) with no goal for ``period``; names match ignoring case."""
    with_goal = {match_key(dept) for dept, goal_period in goals if goal_period == period}
    return [dept for dept in departments if match_key(dept) not in with_goal]


class Outcome(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not-met"


_OUTCOME_LABELS = {
    Outcome.MET: ("nådd", "met"),
    Outcome.PARTLY: ("delvis nådd", "partly met"),
    Outcome.NOT_MET: ("ikke nådd", "not met"),
}
_OUTCOME_ALIASES = {
    **{o.value: o for o in Outcome},
    "nådd": Outcome.MET,
    "nadd": Outcome.MET,
    "ja": Outcome.MET,
    "yes": Outcome.MET,
    "delvis": Outcome.PARTLY,
    "delvis-nådd": Outcome.PARTLY,
    "delvis-nadd": Outcome.PARTLY,
    "partly-met": Outcome.PARTLY,
    "partial": Outcome.PARTLY,
    "ikke-nådd": Outcome.NOT_MET,
    "ikke-nadd": Outcome.NOT_MET,
    "nei": Outcome.NOT_MET,
    "no": Outcome.NOT_MET,
    "not-met": Outcome.NOT_MET,
}


def outcome_label(outcome: Outcome, lang: str | None = None) -> str:
    nb, en = _OUTCOME_LABELS[outcome]
    return en if (lang or language()) == "en" else nb


def parse_outcome(field: str, value: str | Outcome) -> Outcome:
    """``met|partly|not-met`` or ``nådd``, ``delvis nådd``, ``ikke nådd``."""
    if isinstance(value, Outcome):
        return value
    key = re.sub(r"[\s_]+", "-", unicodedata.normalize("NFC", value or "").strip().casefold())
    outcome = _OUTCOME_ALIASES.get(key)
    if outcome is None:
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke et resultat; bruk nådd (met), delvis nådd (partly) eller "
                "ikke nådd (not-met)",
                "'{v}' is not an outcome; use met, partly or not-met",
                v=(value or "").strip(),
            ),
        )
    return outcome


def check_goal_numbers(baseline: float | None, target: float | None) -> None:
    """Baseline and target come together and differ (otherwise no direction can be measured)."""
    if (baseline is None) != (target is None):
        raise InvalidInput(
            "target" if target is None else "baseline",
            t(
                "oppgi både utgangspunkt (--baseline) og mål (--target), eller ingen av dem",
                "give both a baseline (--baseline) and a target (--target), or neither",
            ),
        )
    for name, value in (("baseline", baseline), ("target", target)):
        if value is not None and not math.isfinite(value):
            raise InvalidInput(name, t("må være et endelig tall", "must be a finite number"))
    if baseline is not None and baseline == target:
        raise InvalidInput(
            "target",
            t(
                "målet må være ulikt utgangspunktet ({b}); ellers er det ingenting å forbedre",
                "the target must differ from the baseline ({b}); otherwise nothing improves",
                b=_number(baseline),
            ),
        )


def goal_progress(
    baseline: float | None, target: float | None, latest: float | None
) -> float | None:
    """How far ``latest`` has come from ``baseline`` toward ``target``, in per cent, 0–100.

    Works both ways: a goal to reduce something (target below baseline) progresses as the
    readings fall. ``None`` when a number is missing or baseline equals target.
    """
    if baseline is None or target is None or latest is None or baseline == target:
        return None
    share = (latest - baseline) / (target - baseline)
    if math.isnan(share):
        return None
    return max(0.0, min(100.0, 100.0 * share))


def goal_reached(baseline: float, target: float, latest: float) -> bool:
    """The latest reading is at or beyond the target, in the goal's direction."""
    return latest >= target if target > baseline else latest <= target


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def progress_bar(percent: float | None, *, width: int = 10, ascii: bool = False) -> str:
    """``██████░░░░ 60 %``; ``######---- 60 %`` with ``ascii``; no percent: empty bar and ``–``."""
    full, empty = ("#", "-") if ascii else ("█", "░")
    if percent is None:
        return f"{empty * width} {'-' if ascii else '–'}"
    clamped = max(0.0, min(100.0, percent))
    filled = int(clamped * width / 100 + 0.5)
    return f"{full * filled}{empty * (width - filled)} {int(clamped + 0.5)} %"


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_ASCII = "_.-:=+*#"


def sparkline(
    values: Sequence[float],
    *,
    ascii: bool = False,
    lo: float | None = None,
    hi: float | None = None,
) -> str:
    """One character per reading, lowest ``▁`` to highest ``█`` (ASCII ``_`` to ``#``).

    The scale runs from ``lo`` to ``hi`` (default: the readings' own min and max; pass baseline
    and target to draw against the goal). All readings equal: a flat middle line.
    """
    ramp = SPARK_ASCII if ascii else SPARK_BLOCKS
    if not values:
        return ""
    bottom = min(values) if lo is None else lo
    top = max(values) if hi is None else hi
    if bottom > top:
        bottom, top = top, bottom
    if top == bottom:
        return ramp[len(ramp) // 2 - 1] * len(values)
    steps = len(ramp) - 1
    chars = []
    for value in values:
        share = (min(max(value, bottom), top) - bottom) / (top - bottom)
        chars.append(ramp[int(share * steps + 0.5)])
    return "".join(chars)


# A goal whose readings recoverykit computes from the meeting records ("ingen møter om meg, uten
# meg"): the share of meetings about a person with that person present, per month.
MEETINGS_INDICATOR = "meetings-present"


def is_meetings_indicator(indicator: str) -> bool:
    return indicator.strip().casefold() == MEETINGS_INDICATOR
