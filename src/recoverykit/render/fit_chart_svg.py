"""The SVG chart behind :func:`recoverykit.render.fit_chart.svg_chart` (kept apart for size).

A 720×420 viewBox: title and date range, the ORS panel (0–40; the expected band as a light
polygon with its median dashed, the clinical cutoff dashed and labelled, ORS as a line with circle
markers and value labels) and a smaller SRS panel below (20–40, the 36 line dashed; totals under 20
drawn as ▼ at the floor). Lines are labelled directly in the right margin, so there is no legend
to look up. Self-contained: attributes only, no external fonts, styles or scripts; all user text is
XML-escaped and stripped of control characters; output is byte-for-byte deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

from recoverykit.i18n import tr
from recoverykit.render.fit_chart import (
    ORS_MAX,
    SRS_ALERT,
    ChartData,
    ChartPoint,
    ExpectedBand,
    _clamp,
    _clean,
    _domain,
    _every,
    _heading,
    _label,
    _long,
    _num,
    _runs,
    _short,
    _subtitle,
)

SVG_WIDTH, SVG_HEIGHT = 720, 420
_LEFT, _RIGHT, _PAD = 52.0, 600.0, 16.0  # plot area x; the right margin holds line labels
_ORS_TOP, _ORS_BOTTOM = 62.0, 262.0
_SRS_TOP, _SRS_BOTTOM, _SRS_FLOOR = 318.0, 372.0, 20.0
_HALO = ' stroke="#ffffff" stroke-width="3" paint-order="stroke"'  # labels stay legible on lines
_INK, _ORS_C, _CUT_C, _BAND_C, _MED_C, _SRS_C, _GRID_C, _MUTED = (
    "#222222", "#1f4e79", "#b03a2e", "#dbe8f5", "#5b8cc4", "#6b4c9a", "#e3e3e3", "#666666",
)  # fmt: skip


def _x(text: str) -> str:
    """XML-escaped text for element content and double-quoted attributes."""
    return (
        _clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _f(value: float) -> str:
    return f"{value:.1f}"


def _ors_y(value: float) -> float:
    return _ORS_BOTTOM - _clamp(value, 0.0, ORS_MAX) / ORS_MAX * (_ORS_BOTTOM - _ORS_TOP)


def _srs_y(value: float) -> float:
    share = (_clamp(value, _SRS_FLOOR, ORS_MAX) - _SRS_FLOOR) / (ORS_MAX - _SRS_FLOOR)
    return _SRS_BOTTOM - share * (_SRS_BOTTOM - _SRS_TOP)


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 11,
    anchor: str = "start",
    fill: str = _INK,
    extra: str = "",
) -> str:
    return f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{extra}>{_x(text)}</text>'


def _hline(y: float, color: str, cls: str, dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line class="{cls}" x1="{_f(_LEFT)}" y1="{_f(y)}" x2="{_f(_RIGHT)}" y2="{_f(y)}" stroke="{color}" stroke-width="1.5"{dashed}/>'


def _nudge(wanted: float, taken: Sequence[float], gap: float = 13.0) -> float:
    """A label's y moved down (or up near the bottom) until it clears the labels already placed."""
    y = wanted
    for _ in range(8):
        clash = [t for t in taken if abs(t - y) < gap]
        if not clash:
            break
        y = clash[0] + gap if clash[0] + gap < _SRS_TOP - 20 else clash[0] - gap
    return y


def _description(
    data: ChartData, points: Sequence[ChartPoint], bands: Sequence[ExpectedBand]
) -> str:
    session = tr("Samtale", "Session")
    rows = []
    for p in points:
        values = [f"ORS {_num(p.ors)}" if p.ors is not None else tr("ORS mangler", "ORS missing")]
        values.append(
            f"SRS {_num(p.srs)}" if p.srs is not None else tr("SRS mangler", "SRS missing")
        )
        rows.append(f"{session} {p.session} ({_long(p.day)}): {' / '.join(values)}")
    parts = [_subtitle(points) + "."]
    parts += [
        tr("Klinisk grense for ORS: {v}.", "ORS clinical cutoff: {v}.", v=_label(data.cutoff))
    ]
    parts += [tr("SRS-linje: {v}.", "SRS line: {v}.", v=_label(SRS_ALERT))]
    if bands:
        band = "; ".join(
            f"{b.session}: {_num(b.low)}–{_num(b.high)} (median {_num(b.median)})" for b in bands
        )
        parts.append(
            tr(
                "Forventet bedring (ORS per samtale): {b}.",
                "Expected course (ORS by session): {b}.",
                b=band,
            )
        )
    return " ".join([*parts, "; ".join(rows) + "." if rows else ""]).strip()


def render(data: ChartData) -> str:
    """The chart as a self-contained SVG document (UTF-8 text, no XML declaration needed)."""
    points = sorted(data.points, key=lambda p: p.session)
    bands = sorted(data.expected, key=lambda b: b.session)
    smin, smax = _domain(points, bands)
    span = smax - smin
    dx = (_RIGHT - _LEFT - 2 * _PAD) / span if span else 0.0

    def x(session: float) -> float:
        return _LEFT + _PAD + (session - smin) * dx if span else (_LEFT + _RIGHT) / 2

    heading = _heading(data)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_WIDTH} {SVG_HEIGHT}" '
        f'width="{SVG_WIDTH}" height="{SVG_HEIGHT}" role="img" aria-labelledby="fit-chart-title fit-chart-desc" '
        'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">',
        f'<title id="fit-chart-title">{_x(heading)}</title>',
        f'<desc id="fit-chart-desc">{_x(_description(data, points, bands))}</desc>',
        f'<rect x="0" y="0" width="{SVG_WIDTH}" height="{SVG_HEIGHT}" fill="#ffffff"/>',
        _text(_LEFT, 22, heading, size=15, extra=' font-weight="bold"'),
        _text(_LEFT, 38, _subtitle(points), fill=_MUTED),
        _text(_LEFT, 54, tr("ORS (sum 0–40)", "ORS (sum 0–40)"), extra=' font-weight="bold"'),
        _text(
            _LEFT,
            _SRS_TOP - 10,
            tr("SRS (sum 0–40)", "SRS (sum 0–40)"),
            extra=' font-weight="bold"',
        ),
    ]
    for tick in (0, 10, 20, 30, 40):
        out.append(_hline(_ors_y(tick), _GRID_C, "grid"))
        out.append(
            _text(_LEFT - 8, _ors_y(tick) + 4, str(tick), size=10, anchor="end", fill=_MUTED)
        )
    for tick in (20, 30, 40):
        out.append(_hline(_srs_y(tick), _GRID_C, "grid"))
        out.append(
            _text(_LEFT - 8, _srs_y(tick) + 4, str(tick), size=10, anchor="end", fill=_MUTED)
        )
    taken: list[float] = []
    if bands:
        upper = [(x(b.session), _ors_y(b.high)) for b in bands]
        lower = [(x(b.session), _ors_y(b.low)) for b in reversed(bands)]
        if len(bands) == 1:  # one band: a narrow bar
            (bx, hy), (_, ly) = upper[0], lower[0]
            upper, lower = [(bx - 4, hy), (bx + 4, hy)], [(bx + 4, ly), (bx - 4, ly)]
        polygon = " ".join(f"{_f(a)},{_f(b)}" for a, b in upper + lower)
        out.append(
            f'<polygon class="expected-band" points="{polygon}" fill="{_BAND_C}" stroke="none"/>'
        )
        median = " ".join(f"{_f(x(b.session))},{_f(_ors_y(b.median))}" for b in bands)
        out.append(
            f'<polyline class="expected-median" points="{median}" fill="none" stroke="{_MED_C}" '
            'stroke-width="1.5" stroke-dasharray="3 3"/>'
        )
        taken.append(_ors_y(bands[-1].median) + 4)
        out.append(
            _text(
                _RIGHT + 6,
                taken[-1],
                tr("Forventet bedring", "Expected improvement"),
                size=10,
                fill=_MED_C,
            )
        )
    cut_y = _ors_y(data.cutoff)
    out.append(_hline(cut_y, _CUT_C, "cutoff", "6 4"))
    label = tr("Klinisk grense {v}", "Clinical cutoff {v}", v=_label(data.cutoff))
    out.append(_text(_RIGHT + 6, _nudge(cut_y + 4, taken), label, size=10, fill=_CUT_C))
    alert_y = _srs_y(SRS_ALERT)
    out.append(_hline(alert_y, _CUT_C, "srs-alert", "6 4"))
    out.append(_text(_RIGHT + 6, alert_y + 4, f"SRS {_label(SRS_ALERT)}", size=10, fill=_CUT_C))
    for run in _runs(points, lambda p: p.ors):
        line = " ".join(f"{_f(x(s))},{_f(_ors_y(v))}" for s, v in run)
        out.append(
            f'<polyline class="ors-line" points="{line}" fill="none" stroke="{_ORS_C}" stroke-width="2"/>'
        )
    for run in _runs(points, lambda p: p.srs):
        line = " ".join(f"{_f(x(s))},{_f(_srs_y(v))}" for s, v in run)
        out.append(
            f'<polyline class="srs-line" points="{line}" fill="none" stroke="{_SRS_C}" stroke-width="1.5"/>'
        )
    label_every = span == 0 or dx >= 26
    ors_points = [p for p in points if p.ors is not None]
    marked = {id(p) for p in ors_points[:1] + ors_points[-1:]}
    session_t = tr("Samtale", "Session")
    labels = []
    for p in ors_points:
        v, px = p.ors or 0.0, x(p.session)
        tip = f"{session_t} {p.session} ({_long(p.day)}): ORS {_num(v)}"
        out.append(
            f'<circle class="ors-point" cx="{_f(px)}" cy="{_f(_ors_y(v))}" r="4" fill="{_ORS_C}" '
            f'stroke="#ffffff" stroke-width="1"><title>{_x(tip)}</title></circle>'
        )
        if label_every or id(p) in marked:
            ly = _ors_y(v) + (16 if v > 36 else -8)
            labels.append(
                _text(
                    px,
                    ly,
                    _num(v),
                    size=10,
                    anchor="middle",
                    fill=_ORS_C,
                    extra=' class="ors-value"' + _HALO,
                )
            )
    out += labels
    for p in points:
        if p.srs is None:
            continue
        v, px, py = p.srs, x(p.session), _srs_y(p.srs)
        tip = f"<title>{_x(f'{session_t} {p.session} ({_long(p.day)}): SRS {_num(v)}')}</title>"
        if v < _SRS_FLOOR:
            tri = f"{_f(px - 4)},{_f(py - 4)} {_f(px + 4)},{_f(py - 4)} {_f(px)},{_f(py + 3)}"
            out.append(
                f'<polygon class="srs-point srs-below" points="{tri}" fill="{_CUT_C}">{tip}</polygon>'
            )
        else:
            out.append(
                f'<circle class="srs-point" cx="{_f(px)}" cy="{_f(py)}" r="3" fill="{_SRS_C}">{tip}</circle>'
            )
        if v < _SRS_FLOOR or (v < SRS_ALERT and label_every):
            out.append(
                _text(
                    px + 5,
                    py + 12,
                    _num(v),
                    size=9,
                    fill=_CUT_C,
                    extra=' class="srs-value"' + _HALO,
                )
            )
    for bottom in (_ORS_BOTTOM, _SRS_BOTTOM):
        out.append(
            f'<line class="axis" x1="{_f(_LEFT)}" y1="{_f(bottom)}" x2="{_f(_RIGHT)}" y2="{_f(bottom)}" stroke="{_INK}"/>'
        )
    every = _every(dx, 20.0) if span else 1
    for s in range(smin, smax + 1):
        if s in (smin, smax) or s % every == 0:
            if s != smax and s != smin and abs(x(smax) - x(s)) < 20:
                continue
            out.append(
                _text(
                    x(s),
                    _ORS_BOTTOM + 15,
                    str(s),
                    size=10,
                    anchor="middle",
                    extra=' class="session"',
                )
            )
            out.append(_text(x(s), _SRS_BOTTOM + 14, str(s), size=10, anchor="middle"))
    out.append(_text(_RIGHT + 6, _ORS_BOTTOM + 15, session_t, size=10, fill=_MUTED))
    out.append(_text(_RIGHT + 6, _SRS_BOTTOM + 14, session_t, size=10, fill=_MUTED))
    every = _every(dx, 40.0) if span else 1
    dated = [p for p in points if p is points[0] or p is points[-1] or p.session % every == 0]
    for p in dated:
        if (
            p is not points[0]
            and p is not points[-1]
            and abs(x(points[-1].session) - x(p.session)) < 40
        ):
            continue
        out.append(
            _text(
                x(p.session), _SRS_BOTTOM + 28, _short(p.day), size=9, anchor="middle", fill=_MUTED
            )
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
