"""How ``fit expected``, ``fit summary``, ``fit mine``, ``fit export`` and ``fit settings`` print."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from recoverykit.cli.common import echo
from recoverykit.cli.fit_output import number
from recoverykit.domain.fit._text import msg
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


GROUP_TEXT = {
    "adult": t("voksne", "adults"),
    "adolescent": t("ungdom", "adolescents"),
    "child": t("barn", "children"),
    "all": t("alle aldersgrupper samlet", "all age groups pooled"),
}


def print_expected(view: ExpectedView, fmt: str) -> None:
    from recoverykit.render.output import Column, print_rows

    if fmt != "table":
        rows = [
            {
                "model": table.group,
                "band": _band(*table.bands[c.band]),
                "session": c.session,
                "episodes": c.n,
                "episodes_with_neighbours": c.n_local,
                "expected": c.median,
                "p25": c.p25,
                "p75": c.p75,
                "below": c.low,
                "far_below": c.far_low,
                "enough_data": c.sufficient,
            }
            for table in view.tables
            for c in table.cells
        ]
        keys = (
            "model",
            "band",
            "session",
            "episodes",
            "episodes_with_neighbours",
            "expected",
            "p25",
            "p75",
            "below",
            "far_below",
            "enough_data",
        )
        print_rows(rows, [Column(k, k) for k in keys], fmt)
        return
    if not view.tables:
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
    from recoverykit.domain.fit.expected import METHOD

    fitted = (
        view.fitted_at.strftime("%d.%m.%Y kl. %H.%M" if language() == "nb" else "%Y-%m-%d %H:%M")
        if view.fitted_at
        else "–"
    )
    echo(str(METHOD))
    for table in view.tables:
        echo()
        _print_table(table, fitted)


def _print_table(table: Any, fitted: str) -> None:
    from recoverykit.render.output import Column, print_rows

    echo(
        t(
            "{g}: enhetens egen forventede bedring (ingen leverandørkurver), tilpasset {f} fra "
            "{n} med minst to samtaler. Hver celle: forventet endring fra start (antall forløp). "
            "«–» betyr færre enn {m} forløp: for lite data, cellen brukes ikke.",
            "{g}: the unit's own expected response (no vendor curves), fitted {f} from {n} with "
            "at least two sessions. Each cell: expected change from intake (number of episodes). "
            "'–' means fewer than {m} episodes: not enough data, the cell is not used.",
            g=str(GROUP_TEXT[table.group]).capitalize(),
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
                "«recoverykit fit settings --set expected_min_episodes=N» (aldri under {f}).",
                "{u} of {c} cells have enough data. Change the minimum with "
                "'recoverykit fit settings --set expected_min_episodes=N' (never below {f}).",
                u=usable,
                c=len(table.cells),
                f=10,
            )
        )


def print_validation(groups: Sequence[Any], fmt: str) -> None:
    """``fit expected --validate``: per age group, out of sample."""
    from recoverykit.render.output import Column, print_rows

    def share(count: int, total: int) -> float | None:
        return None if total == 0 else count / total

    rows = [
        {
            "group": g.group if fmt != "table" else str(GROUP_TEXT[g.group]),
            "model": g.model if fmt != "table" else str(GROUP_TEXT[g.model]),
            "episodes": g.episodes,
            "validated": g.used,
            "sessions_judged": g.judged,
            "below_or_far": share(g.below + g.far_below, g.judged)
            if fmt != "table"
            else _pct(share(g.below + g.far_below, g.judged)),
            "nominal_below_or_far": g.nominal_below if fmt != "table" else _pct(g.nominal_below),
            "far_below": share(g.far_below, g.judged)
            if fmt != "table"
            else _pct(share(g.far_below, g.judged)),
            "nominal_far_below": g.nominal_far_below
            if fmt != "table"
            else _pct(g.nominal_far_below),
            "early_n": g.tp + g.fn + g.fp + g.tn,
            "sensitivity": g.sensitivity if fmt != "table" else _pct(g.sensitivity),
            "specificity": g.specificity if fmt != "table" else _pct(g.specificity),
        }
        for g in groups
    ]
    if fmt != "table":
        print_rows(rows, [Column(k, k) for k in rows[0]] if rows else [], fmt)
        return
    if not rows:
        echo(
            tr(
                "Ingen avsluttede forløp med minst to samtaler ennå: ingenting å prøve modellen på.",
                "No closed episodes with at least two sessions yet: nothing to test the model on.",
            )
        )
        return
    echo(
        tr(
            "Hvert avsluttede forløp er vurdert mot en modell tilpasset uten det (utenfor "
            "utvalget). Tidlig = samtale 3; dårlig utfall = ingen pålitelig bedring ved siste "
            "samtale.",
            "Each closed episode is judged against a model fitted without it (out of sample). "
            "Early = session 3; poor outcome = no reliable improvement by the last session.",
        )
    )
    columns = [
        Column("group", tr("Aldersgruppe", "Age group")),
        Column("model", tr("Modell", "Model")),
        Column("episodes", tr("Forløp", "Episodes"), justify="right"),
        Column("sessions_judged", tr("Samtaler vurdert", "Sessions judged"), justify="right"),
        Column("below_or_far", tr("Under/langt under", "Below/far below"), justify="right"),
        Column("nominal_below_or_far", tr("Nominelt", "Nominal"), justify="right"),
        Column("far_below", tr("Langt under", "Far below"), justify="right"),
        Column("nominal_far_below", tr("Nominelt", "Nominal"), justify="right"),
        Column("early_n", tr("n tidlig", "n early"), justify="right"),
        Column("sensitivity", tr("Sensitivitet", "Sensitivity"), justify="right"),
        Column("specificity", tr("Spesifisitet", "Specificity"), justify="right"),
    ]
    print_rows(rows, columns, "table")
    sampled = [g for g in groups if g.used < g.episodes]
    for g in sampled:
        echo(
            t(
                "{g}: {u} av {n} forløp prøvd (hvert {k}. forløp).",
                "{g}: {u} of {n} episodes tested (every {k}th episode).",
                g=str(GROUP_TEXT[g.group]).capitalize(),
                u=g.used,
                n=g.episodes,
                k=-(-g.episodes // g.used),
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
    document = None
    if fmt == "json":
        document = {
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
    columns = [
        Column("measure" if fmt == "table" else "key", tr("Mål", "Measure")),
        Column("count", tr("Antall", "Count"), justify="right", render=_count),
        Column("share", tr("Andel av avsluttede", "Share of closed"), justify="right", render=_pct),
    ]
    if fmt != "table":
        print_rows(rows, columns, fmt, document=document)
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


def print_mine(
    who: str, rows: Sequence[HalfYear], fmt: str, unit: dict[str, float | None] | None = None
) -> None:
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
            "unit_improved_share": (unit or {}).get(h.period),
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
            "bare med ditt eget forrige halvår (når det har nok forløp) og med hele enheten, "
            "aldri med andre.",
            "Your own results, {w}: closed episodes by half-year. Each half-year is compared only "
            "with your own previous half-year with enough episodes and with the whole unit, never "
            "with other clinicians.",
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
        Column(
            "unit_improved_share",
            tr("Enheten: andel bedring", "Unit: improved share"),
            justify="right",
            render=_pct,
        ),
    ]
    print_rows(
        data,
        columns,
        "table",
        empty=tr("Ingen avsluttede forløp ennå.", "No closed episodes yet."),
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
