"""Questionnaires as data: the instrument model and pure scoring (no I/O).

An :class:`Instrument` is read from YAML by :mod:`recoverykit.loaders.instruments` (shipped files in
``data/instruments/``, a unit's own in ``<data folder>/instruments/``). Scoring follows the rule in
the file, per subscale:

- ``sum``: the sum of the scored items. When items may be missing (``max_missing`` > 0) the sum is
  prorated to all scorable items (mean × number of scorable items), so a missing item does not
  lower the score.
- ``mean-scaled``: the mean of the scored items × ``factor`` (e.g. a 0–4 item mean × 25 gives
  0–100; Williams et al. 2015 score INSPIRE and Brief INSPIRE this way).
- ``only_important``: items carry an "is this important to me?" gate; only items marked important
  are scored, and an item the person did not mark either way counts as missing.

An answer is a number on the item's scale, *missing* (left blank), *not applicable* (only where the
scale allows it) or *not important* (only on gated items). Reversed items are scored
``low + high − value``. Not-applicable items are left out of the mean unless the file says they
count as missing. More than ``max_missing`` missing items withholds the score (``None`` with the
reason), as does a subscale with no scored item.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from recoverykit.domain.dates import parse_decimal
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t

RATERS = ("client", "family", "network", "staff")


class ScaleKind(StrEnum):
    RANGE = "range"  # a number from low to high (step 1 or 0.1)
    YES_NO = "yes-no"  # 1 yes, 0 no
    TEXT = "text"  # free text, never scored


class Rule(StrEnum):
    SUM = "sum"
    MEAN_SCALED = "mean-scaled"


class AnswerState(StrEnum):
    ANSWERED = "answered"
    MISSING = "missing"
    NOT_APPLICABLE = "not-applicable"
    NOT_IMPORTANT = "not-important"


@dataclass(frozen=True)
class ResponseScale:
    id: str
    kind: ScaleKind
    low: float = 0
    high: float = 0
    step: float = 1  # 1 (whole numbers) or 0.1 (one decimal, as ORS/SRS)
    not_applicable: bool = False  # "ikke aktuelt" is a possible answer

    def describe(self) -> str:
        if self.kind is ScaleKind.YES_NO:
            base = str(t("ja/nei", "yes/no"))
        elif self.kind is ScaleKind.TEXT:
            base = str(t("fritekst", "free text"))
        else:
            base = f"{_num(self.low)}–{_num(self.high)}"
            if self.step != 1:
                base += str(t(" (én desimal)", " (one decimal)"))
        if self.not_applicable:
            base += str(t(", ikke aktuelt", ", not applicable"))
        return base


@dataclass(frozen=True)
class Figure:
    """A cutoff or reliable-change value with where it comes from."""

    value: float
    source: str


@dataclass(frozen=True)
class Item:
    number: int
    label: Msg  # a short label written by recoverykit (never the authors' wording unless allowed)
    scale: ResponseScale
    reversed: bool = False
    gated: bool = False  # asks "is this important to my recovery?" first
    wording: Msg | None = None  # the authors' wording, only where the licence allows showing it


@dataclass(frozen=True)
class Subscale:
    id: str
    name: Msg
    items: tuple[int, ...]
    rule: Rule
    factor: float = 1.0
    only_important: bool = False
    max_missing: int = 0
    not_applicable_counts_as_missing: bool = False
    low: float = 0
    high: float = 100
    cutoff: Figure | None = None
    reliable_change: Figure | None = None


@dataclass(frozen=True)
class Instrument:
    id: str
    name: Msg
    version: str
    source: str
    citation: str
    licence: str
    wording_shown: bool
    validated: bool
    raters: tuple[str, ...]
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...]
    recorded_with: str | None = None  # "fit": ORS/SRS keep their own commands
    unconfirmed: tuple[str, ...] = ()  # rules not confirmed from the published sources
    origin: str = "shipped"  # or the path of a unit's own file

    def item(self, number: int) -> Item:
        for it in self.items:
            if it.number == number:
                return it
        raise KeyError(number)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.scale.kind is not ScaleKind.TEXT)


@dataclass(frozen=True)
class Answer:
    state: AnswerState
    value: float | None = None
    text: str | None = None

    @classmethod
    def missing(cls) -> Answer:
        return cls(AnswerState.MISSING)


@dataclass(frozen=True)
class SubscaleScore:
    subscale: str
    score: float | None  # None: withheld (see ``reason``)
    scored: int  # items that went into the score
    missing: int
    not_applicable: int
    not_important: int
    reason: Msg | None = None


@dataclass(frozen=True)
class Scores:
    instrument: str
    version: str
    subscales: tuple[SubscaleScore, ...] = field(default_factory=tuple)

    def get(self, subscale: str) -> SubscaleScore | None:
        return next((s for s in self.subscales if s.subscale == subscale), None)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --- parsing one answer -----------------------------------------------------------------------------

MISSING_WORDS = ("?", "")
NA_WORDS = ("na", "ia", "ikke-aktuelt", "ikke aktuelt", "not-applicable", "n/a")
NOT_IMPORTANT_WORDS = ("-", "x", "ikke-viktig", "ikke viktig", "not-important")
YES_WORDS = ("ja", "j", "yes", "y", "1")
NO_WORDS = ("nei", "n", "no", "0")


def parse_answer(field: str, item: Item, raw: str) -> Answer:
    """One typed answer: a value on the item's scale, ``?`` missing, ``na`` not applicable, ``-``
    not important (gated items only). Free-text items take the text as typed (guarded by the
    caller)."""
    text = raw.strip()
    word = text.casefold()
    scale = item.scale
    if scale.kind is ScaleKind.TEXT:
        return Answer(AnswerState.ANSWERED, None, text) if text else Answer.missing()
    if word in MISSING_WORDS:
        return Answer.missing()
    if word in NA_WORDS:
        if not scale.not_applicable:
            raise InvalidInput(
                field,
                t("«ikke aktuelt» er ikke et svar her", "'not applicable' is not an answer here"),
            )
        return Answer(AnswerState.NOT_APPLICABLE)
    if word in NOT_IMPORTANT_WORDS:
        if not item.gated:
            raise InvalidInput(
                field,
                t(
                    "«ikke viktig» (-) gjelder bare ledd med viktighetsspørsmål",
                    "'not important' (-) only applies to items with an importance question",
                ),
            )
        return Answer(AnswerState.NOT_IMPORTANT)
    if scale.kind is ScaleKind.YES_NO:
        if word in YES_WORDS:
            return Answer(AnswerState.ANSWERED, 1.0)
        if word in NO_WORDS:
            return Answer(AnswerState.ANSWERED, 0.0)
        raise InvalidInput(field, t("«{v}»: svar ja eller nei", "'{v}': answer yes or no", v=text))
    value = parse_decimal(field, text)
    on_step = math.isclose(round(value / scale.step) * scale.step, value, abs_tol=1e-9)
    if not (scale.low <= value <= scale.high) or not on_step:
        whole = scale.step == 1
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke på skalaen {lo}–{hi}{w}; ? = mangler{na}{ni}",
                "'{v}' is not on the scale {lo}–{hi}{w}; ? = missing{na}{ni}",
                v=text,
                lo=_num(scale.low),
                hi=_num(scale.high),
                w=str(t(" (hele tall)", " (whole numbers)")) if whole else "",
                na=", na = " + str(t("ikke aktuelt", "not applicable"))
                if scale.not_applicable
                else "",
                ni=", - = " + str(t("ikke viktig", "not important")) if item.gated else "",
            ),
        )
    return Answer(AnswerState.ANSWERED, round(value, 1))


# --- scoring ---------------------------------------------------------------------------------------


def score_subscale(
    instrument: Instrument, sub: Subscale, answers: Mapping[int, Answer]
) -> SubscaleScore:
    values: list[float] = []
    missing = na = not_important = 0
    eligible = 0  # items that would be scored if answered
    for number in sub.items:
        item = instrument.item(number)
        answer = answers.get(number, Answer.missing())
        state = answer.state
        if state is AnswerState.NOT_IMPORTANT:
            if sub.only_important:
                not_important += 1
                continue
            state = AnswerState.MISSING  # not a valid answer to an ungated subscale
        if state is AnswerState.NOT_APPLICABLE:
            na += 1
            if sub.not_applicable_counts_as_missing:
                missing += 1
                eligible += 1
            continue
        eligible += 1
        if state is AnswerState.MISSING or answer.value is None:
            missing += 1
            continue
        value = answer.value
        if item.reversed:
            value = item.scale.low + item.scale.high - value
        values.append(value)
    counts = (len(values), missing, na, not_important)
    if missing > sub.max_missing:
        reason = t(
            "holdt tilbake: {m} ledd mangler, høyst {k} kan mangle",
            "withheld: {m} items missing, at most {k} may be missing",
            m=missing,
            k=sub.max_missing,
        )
        return SubscaleScore(sub.id, None, *counts, reason=reason)
    if not values:
        reason = (
            t("holdt tilbake: ingen ledd er merket viktig", "withheld: no item is marked important")
            if sub.only_important and not_important
            else t("holdt tilbake: ingen ledd å regne med", "withheld: no item to score")
        )
        return SubscaleScore(sub.id, None, *counts, reason=reason)
    mean = sum(values) / len(values)
    score = mean * eligible if sub.rule is Rule.SUM else mean * sub.factor
    return SubscaleScore(sub.id, round(score + 0.0, 1), *counts)


def score(instrument: Instrument, answers: Mapping[int, Answer]) -> Scores:
    """Every subscale of ``instrument`` for one set of answers (item number → answer)."""
    return Scores(
        instrument.id,
        instrument.version,
        tuple(score_subscale(instrument, s, answers) for s in instrument.subscales),
    )


def reliable_change(sub: Subscale, first: float | None, latest: float | None) -> str | None:
    """``improved`` / ``deteriorated`` / ``no-change`` against the subscale's reliable-change
    value, or None when it has none or a score is withheld."""
    if sub.reliable_change is None or first is None or latest is None:
        return None
    diff = latest - first
    if diff >= sub.reliable_change.value:
        return "improved"
    if diff <= -sub.reliable_change.value:
        return "deteriorated"
    return "no-change"


def parse_rater(field: str, value: str | None, allowed: tuple[str, ...] = RATERS) -> str:
    word = (value or "client").strip().casefold()
    if word not in allowed:
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke tillatt her; velg {a}",
                "'{v}' is not allowed here; choose {a}",
                v=(value or "").strip(),
                a=" | ".join(allowed),
            ),
        )
    return word
