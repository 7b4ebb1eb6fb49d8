"""How ``fit expected``, ``fit summary``, ``fit mine``, ``fit export`` and ``fit settings`` print."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from recoverykit.cli.common import echo
from recoverykit.cli.fit_output import number
from recoverykit.domain.fit._text import msg
from recoverykit.errors import InvalidInput
from recoverykit.i18n import count, language, t, tr

if TYPE_CHECKING:
    from recoverykit.domain.fit.summary import HalfYear
    from recoverykit.services.fit_expected import ExpectedView
    from recoverykit.services.fit_reports import SettingsView, SummaryView


def _pct(value: float | str | None) -> str:
    if isinstance(value, str):
        return value  # "" where a share does not apply
    return "–" if value is None else f"{round(value * 100)} %"


def _band(lo: float, hi: float) -> str:
    return f"{lo:g}–{hi:g}"


# --- fit expected -------------------------------------------------------------------------------


def print_expected(view: ExpectedView, fmt: str) -> None:
    from recoverykit.render.output import Column, print_rows

    table = view.table
    if fmt != "table":
        rows = []
        if table is not None:
            rows = [
                {
                    "band": _band(*table.bands[c.band]),
                    "session": c.session,
                    "episodes": c.n,
                    "median": c.median,
                    "p25": c.p25,
                    "p75": c.p75,
                    "below": c.low,
                    "far_below": c.far_low,
                    "enough_data": c.sufficient,
                }
                for c in table.cells
            ]
        keys = (
            "band",
            "session",
            "episodes",
            "median",
            "p25",
            "p75",
            "below",
            "far_below",
            "enough_data",
        )
        print_rows(rows, [Column(k, k) for k in keys], fmt)
        return
    if table is None:
        echo(
            t(
                "Ingen tabell ennå. Den tilpasses fra enhetens egne avsluttede forløp når et forløp "
                "avsluttes, eller med «recoverykit fit expected --refit». Avsluttede forløp nå: {n}.",
                "No table yet. It is fitted from the unit's own closed episodes when an episode "
                "closes, or with 'recoverykit fit expected --refit'. Closed episodes now: {n}.",
                n=view.closed_episodes,
            )
        )
        return
    fitted = (
        view.fitted_at.strftime("%d.%m.%Y kl. %H.%M" if language() == "nb" else "%Y-%m-%d %H:%M")
        if view.fitted_at
        else "–"
    )
    echo(
        t(
            "Enhetens egen forventede bedring (ingen leverandørkurver), beregnet {f} fra {n} "
            "med minst to samtaler. Hver celle: median endring fra start (antall "
            "forløp). «–» betyr færre enn {m} forløp: for lite data, cellen brukes ikke.",
            "The unit's own expected response (no vendor curves), fitted {f} from {n} "
            "with at least two sessions. Each cell: median change from intake (number of "
            "episodes). '–' means fewer than {m} episodes: not enough data, the cell is not used.",
            f=fitted,
            n=count(
                table.episodes,
                "avsluttet forløp",
                "avsluttede forløp",
                "closed episode",
                "closed episodes",
            ),
            m=table.min_episodes,
        )
    )
    sessions = sorted({c.session for c in table.cells})
    rows = []
    for k in sessions:
        row: dict[str, Any] = {"session": k}
        for b in range(len(table.bands)):
            cell = table.cell(b, k)
            if cell is None:
                row[f"b{b}"] = "– (0)"
            elif cell.sufficient:
                median = f"{cell.median:+.1f}"
                row[f"b{b}"] = (
                    f"{median.replace('.', ',') if language() == 'nb' else median} ({cell.n})"
                )
            else:
                row[f"b{b}"] = f"– ({cell.n})"
        rows.append(row)
    columns = [Column("session", tr("Samtale", "Session"), justify="right")] + [
        Column(f"b{b}", tr("Start {r}", "Intake {r}", r=_band(lo, hi)), justify="right")
        for b, (lo, hi) in enumerate(table.bands)
    ]
    print_rows(rows, columns, "table")
    usable = sum(1 for c in table.cells if c.sufficient)
    if usable == 0:
        echo(
            t(
                "For lite data: ingen celle har minst {m} avsluttede forløp ennå, så «fit record» "
                "og «fit show» sier ikke noe om forventet bedring før det.",
                "Not enough data: no cell has {m} closed episodes yet, so 'fit record' and "
                "'fit show' say nothing about expected response until then.",
                m=table.min_episodes,
            )
        )
    else:
        echo(
            t(
                "{u} av {c} celler har nok data. Minstetallet endres med "
                "«recoverykit fit settings --set expected_min_episodes=N».",
                "{u} of {c} cells have enough data. Change the minimum with "
                "'recoverykit fit settings --set expected_min_episodes=N'.",
                u=usable,
                c=len(table.cells),
            )
        )


# --- fit summary -------------------------------------------------------------------------------


def summary_rows(view: SummaryView) -> list[dict[str, Any]]:
    s = view.summary
    o = s.outcomes

    def row(key: str, label: str, count: Any, share: float | str | None = "") -> dict[str, Any]:
        return {"key": key, "measure": label, "count": count, "share": share}

    improved = (
        None
        if o["recovered"] is None or o["reliably_improved"] is None
        else o["recovered"] + o["reliably_improved"]
    )
    return [
        row("clients", tr("Klienter", "Clients"), s.clients),
        row("sessions", tr("Samtaler", "Sessions"), s.sessions),
        row("episodes", tr("Forløp med samtaler", "Episodes with sessions"), s.episodes),
        row("intake_mean", tr("Startskår ORS, snitt", "Intake ORS, mean"), s.intake_mean),
        row("closed", tr("Avsluttede forløp", "Closed episodes"), s.closed),
        row(
            "improved",
            tr("  pålitelig bedring i alt", "  reliably improved in all"),
            improved,
            s.improved_share,
        ),
        row(
            "recovered",
            tr("  – av dem klinisk signifikant", "  – of them recovered"),
            o["recovered"],
            s.recovered_share,
        ),
        row(
            "reliably_improved",
            tr("  – av dem bare pålitelig bedring", "  – of them reliably improved only"),
            o["reliably_improved"],
            s.share("reliably_improved"),
        ),
        row(
            "no_reliable_change",
            tr("  ingen pålitelig endring", "  no reliable change"),
            o["no_reliable_change"],
            s.share("no_reliable_change"),
        ),
        row(
            "reliably_deteriorated",
            tr("  pålitelig forverring", "  reliably deteriorated"),
            o["reliably_deteriorated"],
            s.deteriorated_share,
        ),
        row(
            "one_session",
            tr("  bare én samtale", "  one session only"),
            o["one_session"],
            s.share("one_session"),
        ),
        row("dropouts", tr("  avbrutt (frafall)", "  dropped out"), s.dropouts, s.dropout_share),
        row(
            "srs_alerts", tr("Samtaler med SRS-varsel", "Sessions with an SRS alert"), s.srs_alerts
        ),
        row(
            "effect_size",
            tr("Effektstørrelse før–etter (n)", "Pre–post effect size (n)"),
            s.effect_size,
        ),
    ]


def print_summary(view: SummaryView, fmt: str) -> None:
    from recoverykit.render.output import Column, print_rows

    s = view.summary
    rows = summary_rows(view)
    where = view.department or tr("hele enheten", "the whole unit")
    if fmt == "json":
        data = {
            "department": view.department,
            "start": view.start.isoformat(),
            "end": view.end.isoformat(),
            "threshold": s.threshold,
            "effect_size_n": s.effect_size_n,
            "figures": {
                r["key"]: {"count": r["count"], "share": r["share"] if r["share"] != "" else None}
                for r in rows
            },
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    columns = [
        Column("measure" if fmt == "table" else "key", tr("Mål", "Measure")),
        Column("count", tr("Antall", "Count"), justify="right", render=_count),
        Column("share", tr("Andel av avsluttede", "Share of closed"), justify="right", render=_pct),
    ]
    if fmt == "csv":
        print_rows(rows, columns, fmt)
        return
    echo(tr("FIT-sammendrag – {w}, {p}", "FIT summary – {w}, {p}", w=where, p=view.label))
    for r in rows:
        if r["key"] == "effect_size" and r["count"] is not None:
            r["count"] = f"{_es(r['count'])} ({_count(s.effect_size_n)})"
    print_rows(rows, columns, "table")
    hidden = [
        r for r in rows if r["count"] is None and r["key"] not in ("intake_mean", "effect_size")
    ]
    if hidden or s.intake_mean is None or s.effect_size is None:
        echo(
            t(
                "– = skjult eller ikke beregnet: grupper under {k} personer vises ikke (grensen for "
                "små tall), og en gruppe kan være skjult for at en liten gruppe ikke skal kunne regnes "
                "ut fra totalen. Snitt og effektstørrelse vises fra {k} forløp.",
                "– = hidden or not computed: groups under {k} people are not shown (the small-number "
                "threshold), and a group may be hidden so that a small group cannot be worked out "
                "from the total. Means and the effect size are shown from {k} episodes.",
                k=s.threshold,
            )
        )
    echo(
        tr(
            "Endring er fra første til siste ORS i forløpet (Jacobson & Truax 1991); effektstørrelsen "
            "er gjennomsnittlig endring delt på standardavviket ved start (Becker 1988).",
            "Change is from the first to the latest ORS of the episode (Jacobson & Truax 1991); the "
            "effect size is the mean change over the SD at intake (Becker 1988).",
        )
    )


def _es(value: float) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if language() == "nb" else text


def _count(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return number(value)
    return str(value)


# --- fit mine ------------------------------------------------------------------------------------


def print_mine(who: str, rows: Sequence[HalfYear], fmt: str) -> None:
    from recoverykit.render.output import Column, print_rows

    data = [
        {
            "period": h.period,
            "closed": h.closed,
            "measured": h.measured,
            "improved": h.improved,
            "deteriorated": h.deteriorated,
            "mean_change": h.mean_change,
            "improved_share": h.improved_share,
            "compared_with": h.compared_with,
            "improved_share_change": h.improved_share_change,
        }
        for h in rows
    ]
    if fmt != "table":
        print_rows(
            data, [Column(k, k) for k in data[0]] if data else [Column("period", "period")], fmt
        )
        return
    echo(
        t(
            "Dine egne resultater, {w}: avsluttede forløp per halvår. Hvert halvår sammenlignes "
            "bare med ditt eget forrige halvår (når det har nok forløp), aldri med andre.",
            "Your own results, {w}: closed episodes by half-year. Each half-year is compared only "
            "with your own previous half-year with enough episodes, never with others.",
            w=who,
        )
    )

    def change(value: Any) -> str:
        if value is None:
            return "–"
        return f"{round(value * 100):+d} " + tr("poeng", "points")

    for d in data:
        d["vs"] = d["compared_with"] or "–"
    columns = [
        Column("period", tr("Halvår", "Half-year")),
        Column("closed", tr("Avsluttet", "Closed"), justify="right"),
        Column("measured", tr("Målt (≥2)", "Measured (≥2)"), justify="right"),
        Column("improved", tr("Bedring", "Improved"), justify="right"),
        Column("deteriorated", tr("Forverring", "Deteriorated"), justify="right"),
        Column(
            "mean_change",
            tr("Snitt endring", "Mean change"),
            justify="right",
            render=lambda v: number(v),
        ),
        Column(
            "improved_share", tr("Andel bedring", "Improved share"), justify="right", render=_pct
        ),
        Column(
            "improved_share_change",
            tr("Mot eget forrige", "Vs own previous"),
            justify="right",
            render=change,
        ),
        Column("vs", tr("Forrige", "Previous")),
    ]
    print_rows(
        data,
        columns,
        "table",
        empty=tr("Ingen avsluttede forløp ennå.", "No closed episodes yet."),
    )


# --- fit export ----------------------------------------------------------------------------------


def write_export(rows: list[dict[str, Any]], fmt: str, out: str | None) -> None:
    from recoverykit.render.output import neutralise_cell
    from recoverykit.services.fit_reports import EXPORT_COLUMNS

    if out is not None:
        from recoverykit.domain.idnumber import guard_text

        guard_text("--out", out)
        path = Path(out)
        if path.is_dir() or not path.parent.is_dir():
            raise InvalidInput(
                "--out",
                t(
                    "{p}: mappen finnes ikke eller stien er en mappe",
                    "{p}: the folder does not exist or the path is a folder",
                    p=out,
                ),
            )

    def write(stream: TextIO) -> None:
        if fmt == "json":
            plain = [
                {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
                for r in rows
            ]
            stream.write(json.dumps(plain, ensure_ascii=False, indent=1) + "\n")
            return
        stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for r in rows:
            writer.writerow([neutralise_cell(r[k]) for k in EXPORT_COLUMNS])

    if out is None:
        write(sys.stdout)
        return
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
    tmp.replace(path)
    echo(
        t(
            "Skrev {n} samtaler til {p}.",
            "Wrote {n} sessions to {p}.",
            n=len(rows),
            p=str(path),
        ),
    )


# --- fit settings --------------------------------------------------------------------------------


def print_settings(view: SettingsView, fmt: str) -> None:
    from recoverykit.domain.fit.settings import FitSettings
    from recoverykit.render.output import Column, print_rows

    now = view.settings.to_mapping()
    defaults = FitSettings().to_mapping()

    def show(value: Any) -> str:
        if isinstance(value, bool):
            return tr("ja", "yes") if value else tr("nei", "no")
        if isinstance(value, list):
            return " ".join(_band(lo, hi) for lo, hi in value)
        return f"{value:g}" if isinstance(value, float) else str(value)

    rows = [
        {
            "key": k,
            "value": now[k] if fmt == "json" else show(now[k]),
            "default": defaults[k] if fmt == "json" else show(defaults[k]),
            "changed": k in view.changed,
        }
        for k in now
    ]
    if fmt == "table":
        for r in rows:
            r["changed"] = "*" if r["changed"] else ""
    columns = [
        Column("key", tr("Nøkkel", "Key")),
        Column("value", tr("Verdi", "Value")),
        Column("default", tr("Standard", "Default")),
        Column("changed", tr("Endret", "Changed")),
    ]
    print_rows(rows, columns, fmt)
    if fmt == "table":
        echo(
            msg(
                "Kilder for standardverdiene: Miller et al. 2003 (voksne 25, pålitelig endring 5), "
                "Duncan et al. 2006 (ungdom 28, barn 32), Duncan et al. 2003 (SRS under 36), "
                "Jacobson & Truax 1991. Endre med --set NØKKEL=VERDI, tilbake med --reset NØKKEL.",
                "Sources of the defaults: Miller et al. 2003 (adults 25, reliable change 5), "
                "Duncan et al. 2006 (adolescents 28, children 32), Duncan et al. 2003 (SRS below "
                "36), Jacobson & Truax 1991. Change with --set KEY=VALUE, back with --reset KEY.",
            )
        )
