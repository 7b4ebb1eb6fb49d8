"""Chart geometry for the HTML reports: pure functions from numbers to coordinates.

The templates draw the SVG (``reports/_charts.html.j2``); this module only decides where things go,
so it is tested without a database or a renderer. Coordinates are rounded to one decimal so that the
same data always gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


def _r(value: float) -> float:
    return round(value + 0.0, 1)


# --- stacked bar: plan progress ------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    key: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class StackedBar:
    width: float
    height: float
    total: int
    segments: tuple[Segment, ...]


def stacked_bar(
    parts: Sequence[tuple[str, int]], *, width: float = 480.0, height: float = 22.0
) -> StackedBar:
    """One bar split into ``parts`` (key, count) in order; empty parts get no segment."""
    total = sum(max(0, c) for _, c in parts)
    segments = []
    x = 0.0
    for key, count in parts:
        if count <= 0 or total == 0:
            continue
        w = width * count / total
        segments.append(Segment(key, count, _r(x), _r(w)))
        x += w
    return StackedBar(width, height, total, tuple(segments))


# --- line chart: a goal's indicator over time ----------------------------------------------------


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    on: date
    value: float


@dataclass(frozen=True)
class Tick:
    pos: float
    value: float


LABEL_HEIGHT = 9.0  # the charts' font size (px): a label's ascent fits in this
LABEL_GAP = 3.0


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    left: float  # plot area
    right: float
    top: float
    bottom: float
    points: tuple[Point, ...]
    baseline_y: float | None
    target_y: float | None
    y_ticks: tuple[Tick, ...]
    start: date
    end: date

    @property
    def target_label_y(self) -> float | None:
        """Baseline of the target's label: above the target line, or below it when the line is
        so near the top that the label would be cut off at the chart's edge."""
        if self.target_y is None:
            return None
        above = self.target_y - LABEL_GAP
        return _r(above if above - LABEL_HEIGHT >= 0 else self.target_y + LABEL_HEIGHT + LABEL_GAP)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.points)


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) giving about four intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / 4
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def line_chart(
    readings: Sequence[tuple[date, float]],
    start: date,
    end: date,
    *,
    baseline: float | None = None,
    target: float | None = None,
    width: float = 320.0,
    height: float = 140.0,
) -> LineChart:
    """Readings placed by date between ``start`` and ``end``; the y scale covers the readings,
    the baseline and the target, padded to round ticks."""
    left, right, top, bottom = 36.0, width - 8.0, 8.0, height - 20.0
    values = [v for _, v in readings] + [v for v in (baseline, target) if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    step = _nice_step(hi - lo)
    lo = step * (lo // step)
    hi = step * -(-hi // step)
    days = max(1, (end - start).days)

    def y_of(v: float) -> float:
        return _r(bottom - (v - lo) / (hi - lo) * (bottom - top))

    def x_of(d: date) -> float:
        share = min(max((d - start).days / days, 0.0), 1.0)
        return _r(left + share * (right - left))

    points = tuple(Point(x_of(d), y_of(v), d, v) for d, v in readings)
    ticks = []
    v = lo
    while v <= hi + step / 1000:
        ticks.append(Tick(y_of(v), round(v, 6)))
        v += step
    return LineChart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        points,
        None if baseline is None else y_of(baseline),
        None if target is None else y_of(target),
        tuple(ticks),
        start,
        end,
    )


# --- horizontal bars: one value per department (e.g. mean ORS change, coverage) ------------------


@dataclass(frozen=True)
class HBar:
    label: str
    value: float | None  # None: not shown (suppressed or no data)
    y: float
    x: float
    width: float


@dataclass(frozen=True)
class HBarChart:
    width: float
    height: float
    left: float
    right: float
    zero_x: float
    bar_height: float
    lo: float
    hi: float
    bars: tuple[HBar, ...]


def hbar_chart(
    items: Sequence[tuple[str, float | None]],
    *,
    lo: float | None = None,
    hi: float | None = None,
    width: float = 480.0,
    bar_height: float = 18.0,
    gap: float = 6.0,
    label_width: float = 120.0,
) -> HBarChart:
    """One bar per item from zero to its value (negative values go left of zero)."""
    known = [v for _, v in items if v is not None]
    low = min([0.0, *known]) if lo is None else lo
    high = max([0.0, *known]) if hi is None else hi
    if high == low:
        high = low + 1
    left, right = label_width, width - 48.0

    def x_of(v: float) -> float:
        return _r(left + (min(max(v, low), high) - low) / (high - low) * (right - left))

    zero = x_of(0.0)
    bars = []
    for i, (label, value) in enumerate(items):
        y = _r(i * (bar_height + gap))
        if value is None:
            bars.append(HBar(label, None, y, zero, 0.0))
            continue
        end = x_of(value)
        bars.append(HBar(label, value, y, min(zero, end), _r(abs(end - zero))))
    height = _r(max(1, len(items)) * (bar_height + gap))
    return HBarChart(width, height, left, right, zero, bar_height, low, high, tuple(bars))
