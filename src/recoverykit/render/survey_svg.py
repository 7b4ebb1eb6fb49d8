"""A client's questionnaire scores over time as a self-contained SVG: one panel per subscale, the
score line with value labels, the cutoff dashed, and the reliable-change band (first score ± the
instrument's reliable-change value) shaded where the instrument has one. All text is XML-escaped;
the output is deterministic."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from recoverykit.domain.instruments import _num
from recoverykit.i18n import tr

if TYPE_CHECKING:
    from recoverykit.services.surveys import ClientSurveys, SubscaleHistory

WIDTH = 720
PANEL = 170
LEFT, RIGHT = 52.0, 690.0


def _text(
    x: float, y: float, s: str, size: int = 12, anchor: str = "start", fill: str = "#222"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="sans-serif" font-size="{size}" '
        f'text-anchor="{anchor}" fill="{fill}">{escape(s)}</text>'
    )


def _panel(h: SubscaleHistory, top: float) -> list[str]:
    sub = h.sub
    lo, hi = sub.low, sub.high
    y0, y1 = top + 130.0, top + 30.0

    def y(v: float) -> float:
        return y0 - (min(max(v, lo), hi) - lo) / (hi - lo) * (y0 - y1)

    pts = h.scored
    n = len(pts)

    def x(i: int) -> float:
        return LEFT + (RIGHT - LEFT) * (0.5 if n == 1 else i / (n - 1))

    out = [_text(LEFT, top + 18, f"{h.instrument.name}: {sub.name}", 14)]
    out.append(f'<line x1="{LEFT}" y1="{y0:.1f}" x2="{RIGHT}" y2="{y0:.1f}" stroke="#999"/>')
    out.append(_text(LEFT - 6, y0 + 4, _num(lo), 10, "end", "#666"))
    out.append(_text(LEFT - 6, y1 + 4, _num(hi), 10, "end", "#666"))
    if sub.reliable_change is not None and pts and pts[0].score is not None:
        rc = sub.reliable_change.value
        a, b = y(pts[0].score + rc), y(pts[0].score - rc)
        out.append(
            f'<rect x="{LEFT}" y="{a:.1f}" width="{RIGHT - LEFT:.1f}" height="{b - a:.1f}" '
            'fill="#e8eef7"/>'
        )
        out.append(
            _text(
                RIGHT,
                a - 3,
                tr("pålitelig endring ±{r}", "reliable change ±{r}", r=_num(rc)),
                10,
                "end",
                "#556",
            )
        )
    if sub.cutoff is not None:
        c = y(sub.cutoff.value)
        out.append(
            f'<line x1="{LEFT}" y1="{c:.1f}" x2="{RIGHT}" y2="{c:.1f}" stroke="#b55" '
            'stroke-dasharray="5,4"/>'
        )
        out.append(
            _text(
                LEFT + 4,
                c - 3,
                tr("grense {v}", "cutoff {v}", v=_num(sub.cutoff.value)),
                10,
                fill="#b55",
            )
        )
    coords = [(x(i), y(p.score or 0.0)) for i, p in enumerate(pts)]
    if len(coords) > 1:
        path = " ".join(f"{a:.1f},{b:.1f}" for a, b in coords)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    for (a, b), p in zip(coords, pts, strict=True):
        out.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="4" fill="#1f5fa8"/>')
        out.append(_text(a, b - 8, f"{p.score:.1f}", 11, "middle"))
        out.append(_text(a, y0 + 16, p.day.isoformat(), 10, "middle", "#666"))
    return out


def survey_svg(view: ClientSurveys) -> str:
    panels = [h for h in view.histories if h.scored]
    height = 40 + PANEL * len(panels)
    body = [_text(LEFT, 24, tr("Skjema for {c}", "Forms for {c}", c=view.client), 16)]
    for i, h in enumerate(panels):
        body.extend(_panel(h, 30.0 + PANEL * i))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img">\n' + "\n".join(body) + "\n</svg>\n"
    )
