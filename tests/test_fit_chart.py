"""The FIT charts: the SVG parses and puts each ORS total where it belongs, user text is escaped,
and the terminal chart fits its width, carries its meaning without colour and matches a golden
rendering (regenerate with RECOVERYKIT_REGENERATE_GOLDEN=1, then review the diff)."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from recoverykit.i18n import set_language
from recoverykit.render.fit_chart import (
    ChartData,
    ChartPoint,
    ExpectedBand,
    svg_chart,
    terminal_chart,
)

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("RECOVERYKIT_REGENERATE_GOLDEN") == "1"
NS = {"s": "http://www.w3.org/2000/svg"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
ORS = [14.2, 17.0, 19.5, 18.0, 23.4, 26.1, 29.0, 31.5, 0.0, 40.0]
SRS: list[float | None] = [34.0, 37.5, None, 38.2, 39.0, 28.0, 40.0, 39.5, 36.0, 35.9]


def example(
    sessions: int = 8, code: str = "K-0042", srs: bool = True, cutoff: float = 25.0
) -> ChartData:
    points = tuple(
        ChartPoint(
            i + 1,
            date(2026, 1, 5) + timedelta(days=7 * i),
            ORS[i % 10],
            SRS[i % 10] if srs else None,
        )
        for i in range(sessions)
    )
    bands = tuple(
        ExpectedBand(s, 10.2 + (s - 1) * 0.8, 14.2 + (s - 1) * 1.2, 17.2 + (s - 1) * 1.6)
        for s in range(2, 13)
    )
    return ChartData(code, points, cutoff, bands, "FIT-forløp")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{{{NS['s']}}}{tag}") if cls in e.get("class", "").split()]


# --- SVG -------------------------------------------------------------------------------------


def test_svg_has_one_marker_per_ors_point_at_its_relative_height() -> None:
    data = example(10)
    root = parse(svg_chart(data))
    assert root.get("viewBox") == "0 0 720 420"
    markers = by_class(root, "circle", "ors-point")
    assert len(markers) == 10
    ys = [float(m.get("cy", "nan")) for m in markers]
    # 0 and 40 are in the data (sessions 9 and 10): they fix the scale, the rest must lie on it.
    y0, y40 = ys[8], ys[9]
    assert y0 > y40
    for point, y in zip(data.points, ys, strict=True):
        assert point.ors is not None
        assert (y0 - y) / (y0 - y40) == pytest.approx(point.ors / 40, abs=0.002)
    xs = [float(m.get("cx", "nan")) for m in markers]
    assert xs == sorted(xs)
    # The cutoff line sits at 25/40 of the same scale and is dashed; the band is a polygon.
    (cutoff,) = by_class(root, "line", "cutoff")
    assert cutoff.get("stroke-dasharray")
    assert (y0 - float(cutoff.get("y1", "nan"))) / (y0 - y40) == pytest.approx(25 / 40, abs=0.002)
    (band,) = by_class(root, "polygon", "expected-band")
    assert len(band.get("points", "").split()) == 2 * len(data.expected)
    (median,) = by_class(root, "polyline", "expected-median")
    assert median.get("stroke-dasharray")
    assert by_class(root, "line", "srs-alert")
    assert len(by_class(root, "circle", "srs-point")) == sum(p.srs is not None for p in data.points)


def test_svg_is_self_contained_accessible_and_deterministic() -> None:
    svg = svg_chart(example())
    root = parse(svg)
    assert root.find("s:title", NS) is not None and root.find("s:desc", NS) is not None
    assert "K-0042" in (root.find("s:title", NS).text or "")  # type: ignore[union-attr]
    desc = root.find("s:desc", NS).text or ""  # type: ignore[union-attr]
    assert "ORS 14,2" in desc  # decimal comma in Norwegian and "Klinisk grense" in desc
    for forbidden in ("<script", "href", "@import", "url(", "<style"):
        assert forbidden not in svg
    texts = "".join(t.text or "" for t in root.iter(f"{{{NS['s']}}}text"))
    assert "Klinisk grense 25" in texts and "Forventet bedring" in texts and "Samtale" in texts
    assert svg == svg_chart(example())


@pytest.mark.parametrize(
    "code", ["<K&1>", "K\"1'<script>alert(1)</script>", "K\x00\x1b[31m1\u202e"]
)
def test_svg_escapes_a_nasty_client_code(code: str) -> None:
    root = parse(svg_chart(example(code=code)))  # parsing at all proves the escaping
    title = root.find("s:title", NS).text or ""  # type: ignore[union-attr]
    if code == "<K&1>":
        assert "<K&1>" in title
    assert not by_class(root, "script", "")
    assert all(ord(ch) >= 32 for ch in title)


def test_svg_handles_one_session_missing_srs_and_many_sessions() -> None:
    one = parse(
        svg_chart(ChartData("K1", (ChartPoint(1, date(2026, 3, 1), 12.0, None),), 25.0, (), ""))
    )
    assert len(by_class(one, "circle", "ors-point")) == 1
    assert not by_class(one, "circle", "srs-point") and not by_class(
        one, "polygon", "expected-band"
    )
    many = parse(svg_chart(example(60, srs=False)))
    assert len(by_class(many, "circle", "ors-point")) == 60
    assert len(by_class(many, "text", "ors-value")) < 60  # labels thinned where they would overlap


def test_svg_in_english() -> None:
    set_language("en")
    svg = svg_chart(example())
    assert "Clinical cutoff 25" in svg and "Expected course" in svg and "Session" in svg


# --- terminal ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sessions", [1, 8, 60])
@pytest.mark.parametrize("width", [40, 52, 80, 132])
def test_terminal_chart_never_exceeds_its_width(sessions: int, width: int) -> None:
    for lang in ("nb", "en"):
        set_language(lang)
        text = terminal_chart(example(sessions), width=width, color=False)
        assert max(len(line) for line in text.splitlines()) <= width
        plain = ANSI.sub("", terminal_chart(example(sessions), width=width, color=True))
        assert plain == text


def test_terminal_chart_carries_its_meaning_without_colour() -> None:
    text = terminal_chart(example(10), width=80, color=False)
    assert "\x1b" not in text
    lines = text.splitlines()
    legend = "\n".join(lines[-3:])
    for mark in ("● ORS", "─ Klinisk grense 25", "░ Forventet bedring", "■ SRS", "▼ SRS under 30"):
        assert mark in legend
    cutoff_rows = [line for line in lines if line.strip().startswith("25 ┼")]
    assert len(cutoff_rows) == 1 and cutoff_rows[0].count("─") > 40
    assert any(line.strip().startswith("36 ┼╌") for line in lines)
    assert "ORS (sum 0–40)" in text and "SRS (sum 0–40)" in text
    assert lines[0] == "FIT-forløp · K-0042"
    assert text.count("●") == 10 + 1  # ten points and the legend


def test_terminal_chart_puts_totals_on_the_right_side_of_the_cutoff() -> None:
    points = (
        ChartPoint(1, date(2026, 1, 1), 25.0, None),  # at the cutoff: clinical, below the line
        ChartPoint(2, date(2026, 1, 8), 25.1, None),  # above
        ChartPoint(3, date(2026, 1, 15), 28.0, None),
        ChartPoint(4, date(2026, 1, 22), 28.1, None),
    )
    for cutoff, below in ((25.0, {1}), (28.0, {1, 2, 3})):
        lines = terminal_chart(
            ChartData("K", points, cutoff, (), ""), width=60, color=False
        ).splitlines()
        line_at = next(i for i, line in enumerate(lines) if "┼─" in line)
        start = lines[line_at].index("┼") + 1
        marks = sorted(
            (c, i)
            for i, line in enumerate(lines)
            for c, ch in enumerate(line)
            if ch == "●" and c >= start
        )
        assert len(marks) == 4
        for session, (_, row) in enumerate(marks, start=1):
            assert (row > line_at) == (session in below), (cutoff, session)


def test_terminal_chart_handles_missing_srs_and_extremes() -> None:
    text = terminal_chart(example(10, srs=False), width=80, color=False)
    assert "Ingen SRS registrert" in text and "■" not in text
    lines = text.splitlines()
    top = next(line for line in lines if line.strip().startswith("40 ┤"))
    bottom = next(line for line in lines if line.strip().startswith("0 ┤"))
    assert "●" in top and "●" in bottom  # 40.0 and 0.0 drawn on the edge rows


def test_terminal_chart_narrow_request_is_drawn_at_forty() -> None:
    text = terminal_chart(example(), width=20, color=False)
    assert max(len(line) for line in text.splitlines()) <= 40


def test_terminal_chart_sanitises_the_title() -> None:
    text = terminal_chart(example(code="K\x1b[2J1"), width=80, color=False)
    assert "\x1b" not in text


@pytest.mark.parametrize(
    ("name", "lang", "sessions", "width"), [("nb_80", "nb", 10, 80), ("en_40", "en", 14, 40)]
)
def test_terminal_chart_golden(name: str, lang: str, sessions: int, width: int) -> None:
    set_language(lang)
    text = terminal_chart(example(sessions), width=width, color=False)
    path = GOLDEN / f"fit_chart_{name}.txt"
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), "no golden text: run with RECOVERYKIT_REGENERATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")
