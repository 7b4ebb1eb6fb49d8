"""Every FIT figure in one place, each with its default and where the default comes from.

A unit may override any figure (``FitSettings.from_mapping``); unknown keys and bad values are
refused with :class:`~recoverykit.errors.InvalidInput` naming the key. ``to_mapping`` gives a plain,
JSON-able dict that round-trips through ``from_mapping``.

Sources cited below:

- Miller & Duncan (2000), *The Outcome Rating Scale*; Miller, Duncan, Brown, Sparks & Claud (2003),
  "The Outcome Rating Scale", *Journal of Brief Therapy* 2(2):91–100 — adult clinical cutoff 25 and
  a reliable change of 5 points (read as "5 points or more"; the strict "> 5" is a setting).
- Duncan, Sparks, Miller, Bohanske & Claud (2006), "Giving youth a voice", *Journal of Brief
  Therapy* 5(2):71–88 — cutoffs 28 for adolescents (13–17, ORS) and 32 for children (6–12, CORS).
- Duncan, Miller, Sparks, Claud, Reynolds, Brown & Johnson (2003), "The Session Rating Scale",
  *Journal of Brief Therapy* 3(1):3–12 — alliance scores below 36 are a concern.
- Jacobson & Truax (1991), "Clinical significance", *J Consult Clin Psychol* 59(1):12–19 —
  reliable change and clinically significant change ("recovered").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from recoverykit.domain.dates import parse_decimal
from recoverykit.domain.disclosure import FLOOR
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t

SCORE_MIN = 0.0
SCORE_MAX = 40.0
ITEM_MAX = 10.0
SUPPRESSION_FLOOR = FLOOR  # the disclosure gate's floor

Band = tuple[float, float]

# Intake bands for the expected-response table: [lower, upper) except the last, which includes 40.
# recoverykit's own choice (DESIGN.md §4: "median change by session number within intake bands");
# five-point bands below the adult cutoff, one band above it where few clients start.
DEFAULT_INTAKE_BANDS: tuple[Band, ...] = (
    (0.0, 10.0),
    (10.0, 15.0),
    (15.0, 20.0),
    (20.0, 25.0),
    (25.0, 40.0),
)


# A cell of fewer closed episodes says nothing about a new client; no setting goes below this.
EXPECTED_MIN_EPISODES_FLOOR = 10


@dataclass(frozen=True)
class FitSettings:
    """The figures FIT uses. Construct with keywords; invalid values raise ``InvalidInput``."""

    # --- ORS clinical cutoffs (a total at or below is in the clinical range) ---
    # Adults: 25 (Miller et al. 2003).
    ors_cutoff_adult: float = 25.0
    # Adolescents 13–17: 28 (Duncan et al. 2006).
    ors_cutoff_adolescent: float = 28.0
    # Children 6–12 (CORS): 32, following Duncan et al. 2006. Some services use 28 for children as
    # well; set ors_cutoff_child to 28 to do so.
    ors_cutoff_child: float = 32.0

    # --- Reliable change (Jacobson & Truax 1991; ORS figure from Miller et al. 2003) ---
    # Miller: "> 5 points from start to finish". Some systems use 6.
    reliable_change: float = 5.0
    # True (default): a change of exactly reliable_change counts as reliable ("5 points or
    # more", the usual reading of Miller & Duncan's 5-point RCI, DESIGN.md §4).
    # False: the change must EXCEED reliable_change (the stricter wording, "> 5").
    reliable_change_inclusive: bool = True

    # --- Validity flags (DESIGN.md §4) ---
    # An intake above this leaves little room to improve (ORS ceiling); flagged, not excluded.
    intake_validity_max: float = 32.0
    # Saw-tooth: scores that swing up and down by large amounts from session to session. The ICCE
    # FIT manuals (Bertolino & Miller 2012) name the pattern as a sign that the scores may not
    # reflect the client's experience; this operationalisation is recoverykit's own (see
    # change.sawtooth): at least `sawtooth_min_reversals` changes of direction between successive
    # session-to-session moves of at least `sawtooth_min_swing` points each.
    sawtooth_min_swing: float = 5.0
    sawtooth_min_reversals: int = 2

    # --- SRS alliance alerts (Duncan et al. 2003; DESIGN.md §4); each rule can be switched off ---
    srs_total_alert: bool = True
    srs_total_below: float = 36.0
    # A drop from the previous session's total. 0.1 means any drop at the instrument's resolution
    # (one decimal); Miller and Duncan treat any decline in the alliance as worth discussing.
    srs_drop_alert: bool = True
    srs_drop_min: float = 0.1
    srs_item_alert: bool = True
    srs_item_below: float = 9.0

    # --- Small-number suppression in summaries ---
    # 5 is common practice in Norwegian published health statistics; a unit may raise it, never
    # go below 3 (the smallest threshold commonly accepted for person statistics).
    suppression_threshold: int = 5

    # --- The unit's own expected-response table (DESIGN.md §4; no vendor curves) ---
    # Cells backed by fewer closed episodes than this are marked insufficient (never below
    # EXPECTED_MIN_EPISODES_FLOOR).
    expected_min_episodes: int = 10
    expected_intake_bands: tuple[Band, ...] = field(default=DEFAULT_INTAKE_BANDS)
    # Sessions beyond this number are compared with this session's cell.
    expected_max_session: int = 20
    # Below expected: change under this quantile of the unit's own episodes at that session.
    expected_below_quantile: float = 0.25
    # Far below expected: change under this (lower) quantile.
    expected_far_below_quantile: float = 0.10

    def __post_init__(self) -> None:
        _validate(self)

    def cutoff(self, age_group: str) -> float:
        """The ORS clinical cutoff for ``adult``, ``adolescent`` or ``child``."""
        cutoffs = {
            "adult": self.ors_cutoff_adult,
            "adolescent": self.ors_cutoff_adolescent,
            "child": self.ors_cutoff_child,
        }
        if age_group not in cutoffs:
            raise InvalidInput(
                "age_group",
                t(
                    "«{v}» er ingen aldersgruppe; bruk adult, adolescent eller child",
                    "'{v}' is not an age group; use adult, adolescent or child",
                    v=age_group,
                ),
            )
        return cutoffs[age_group]

    def is_reliable(self, change: float) -> bool:
        """Whether ``abs(change)`` is a reliable change under these settings."""
        size = round(abs(change), 1)
        if self.reliable_change_inclusive:
            return size >= self.reliable_change
        return size > self.reliable_change

    def to_mapping(self) -> dict[str, Any]:
        """A plain, JSON-able dict of every setting."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "expected_intake_bands":
                value = [[lo, hi] for lo, hi in value]
            out[f.name] = value
        return out

    @classmethod
    def from_mapping(
        cls, overrides: Mapping[str, Any], *, base: FitSettings | None = None
    ) -> FitSettings:
        """Defaults (or ``base``) with a unit's ``overrides``; refuse unknown keys, bad values."""
        start = base if base is not None else cls()
        known = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, raw in overrides.items():
            if key not in known:
                raise InvalidInput(
                    str(key),
                    t(
                        "ukjent FIT-innstilling; kjente er: {k}",
                        "unknown FIT setting; known settings are: {k}",
                        k=", ".join(sorted(known)),
                    ),
                )
            values[key] = _coerce(key, getattr(start, key), raw)
        return dataclasses.replace(start, **values)


# --- validation -----------------------------------------------------------------------------


def _bad(key: str, msg: Msg) -> InvalidInput:
    return InvalidInput(key, msg)


def _range(key: str, value: float, lo: float, hi: float, *, lo_open: bool = False) -> None:
    ok = (lo < value if lo_open else lo <= value) and value <= hi
    if not ok:
        raise _bad(
            key,
            t(
                "{v} er utenfor det tillatte området {lo}–{hi}",
                "{v} is outside the allowed range {lo}–{hi}",
                v=value,
                lo=lo,
                hi=hi,
            ),
        )


def _validate(s: FitSettings) -> None:
    for key in ("ors_cutoff_adult", "ors_cutoff_adolescent", "ors_cutoff_child"):
        _range(key, getattr(s, key), SCORE_MIN, SCORE_MAX)
    _range("reliable_change", s.reliable_change, 0.0, SCORE_MAX, lo_open=True)
    _range("intake_validity_max", s.intake_validity_max, SCORE_MIN, SCORE_MAX)
    _range("sawtooth_min_swing", s.sawtooth_min_swing, 0.0, SCORE_MAX, lo_open=True)
    _range("sawtooth_min_reversals", s.sawtooth_min_reversals, 1, 100)
    _range("srs_total_below", s.srs_total_below, SCORE_MIN, SCORE_MAX)
    _range("srs_drop_min", s.srs_drop_min, 0.0, SCORE_MAX, lo_open=True)
    _range("srs_item_below", s.srs_item_below, SCORE_MIN, ITEM_MAX)
    if s.suppression_threshold < SUPPRESSION_FLOOR:
        raise _bad(
            "suppression_threshold",
            t(
                "{v} er for lavt; grensen for små tall kan aldri være under {floor}",
                "{v} is too low; the small-number threshold can never be below {floor}",
                v=s.suppression_threshold,
                floor=SUPPRESSION_FLOOR,
            ),
        )
    _range("suppression_threshold", s.suppression_threshold, SUPPRESSION_FLOOR, 1000)
    _range("expected_min_episodes", s.expected_min_episodes, EXPECTED_MIN_EPISODES_FLOOR, 100_000)
    _range("expected_max_session", s.expected_max_session, 2, 200)
    _range("expected_below_quantile", s.expected_below_quantile, 0.0, 0.5, lo_open=True)
    _range("expected_far_below_quantile", s.expected_far_below_quantile, 0.0, 0.5, lo_open=True)
    if s.expected_far_below_quantile >= s.expected_below_quantile:
        raise _bad(
            "expected_far_below_quantile",
            t(
                "må være lavere enn expected_below_quantile ({q})",
                "must be lower than expected_below_quantile ({q})",
                q=s.expected_below_quantile,
            ),
        )
    validate_bands("expected_intake_bands", s.expected_intake_bands)


def validate_bands(key: str, bands: tuple[Band, ...]) -> None:
    """Bands must be ascending, touching, and together cover 0–40."""
    problem: Msg | None = None
    if not bands:
        problem = t("trenger minst ett intervall", "needs at least one band")
    elif bands[0][0] != SCORE_MIN or bands[-1][1] != SCORE_MAX:
        problem = t("må starte på 0 og slutte på 40", "must start at 0 and end at 40")
    else:
        for i, (lo, hi) in enumerate(bands):
            if not lo < hi:
                problem = t(
                    "intervall {n} ({lo}–{hi}) er tomt",
                    "band {n} ({lo}–{hi}) is empty",
                    n=i + 1,
                    lo=lo,
                    hi=hi,
                )
                break
            if i and bands[i - 1][1] != lo:
                problem = t(
                    "intervall {n} må starte der intervall {p} slutter ({e})",
                    "band {n} must start where band {p} ends ({e})",
                    n=i + 1,
                    p=i,
                    e=bands[i - 1][1],
                )
                break
    if problem is not None:
        raise _bad(key, problem)


# --- coercion of a unit's overrides -----------------------------------------------------------

_TRUE = {"true", "yes", "ja", "on", "1"}
_FALSE = {"false", "no", "nei", "off", "0"}


def _coerce(key: str, current: Any, raw: Any) -> Any:
    if isinstance(current, bool):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise _bad(key, t("«{v}» er ikke ja/nei", "'{v}' is not true/false", v=raw))
    if isinstance(current, int):
        if isinstance(raw, bool):
            raise _bad(key, t("må være et heltall", "must be a whole number"))
        number = parse_decimal(key, raw) if not isinstance(raw, int) else float(raw)
        if number != int(number):
            raise _bad(key, t("«{v}» er ikke et heltall", "'{v}' is not a whole number", v=raw))
        return int(number)
    if isinstance(current, float):
        if isinstance(raw, bool):
            raise _bad(key, t("må være et tall", "must be a number"))
        return parse_decimal(key, raw)
    if key == "expected_intake_bands":
        return _coerce_bands(key, raw)
    raise _bad(key, t("kan ikke settes", "cannot be set"))  # pragma: no cover - no such field


def _coerce_bands(key: str, raw: Any) -> tuple[Band, ...]:
    """Accept ``[[0, 10], [10, 15], …]`` or ``["0-10", "10-15", …]``."""
    if isinstance(raw, str | bytes) or not hasattr(raw, "__iter__"):
        raise _bad(
            key,
            t(
                "må være en liste av intervaller, f.eks. [[0, 10], [10, 40]]",
                "must be a list of bands, e.g. [[0, 10], [10, 40]]",
            ),
        )
    bands: list[Band] = []
    for item in raw:
        if isinstance(item, str):
            parts: list[Any] = item.replace("–", "-").split("-")
        else:
            parts = list(item) if hasattr(item, "__iter__") else [item]
        if len(parts) != 2:
            raise _bad(
                key,
                t(
                    "«{v}» er ikke et intervall (nedre, øvre)",
                    "'{v}' is not a band (lower, upper)",
                    v=item,
                ),
            )
        bands.append((parse_decimal(key, parts[0]), parse_decimal(key, parts[1])))
    return tuple(bands)
