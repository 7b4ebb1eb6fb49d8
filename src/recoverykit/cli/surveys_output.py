"""How ``survey record``, ``survey show`` and ``survey summary`` print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recoverykit.cli.common import echo
from recoverykit.domain.instruments import _num
from recoverykit.errors import InvalidInput
from recoverykit.i18n import decimal_mark, format_date, t, tr
from recoverykit.render.output import Column, print_rows
from recoverykit.services.surveys import ClientSurveys, RecordedSurvey, SurveySummary

VERDICT = {
    "improved": ("pålitelig bedring", "reliable improvement"),
    "deteriorated": ("pålitelig forverring", "reliable deterioration"),
    "no-change": ("ingen pålitelig endring", "no reliable change"),
}


RATER_WORDS = {
    "client": ("klienten", "the client"),
    "family": ("familie", "family"),
    "network": ("nettverk", "network"),
    "staff": ("ansatt", "staff"),
}


def verdict_text(v: str | None) -> str:
    return "" if v is None else tr(*VERDICT[v])


def print_recorded(r: RecordedSurvey) -> None:
    echo(
        t(
            "Registrerte {i} for {c} {d} (utfylt av {w}).",
            "Recorded {i} for {c} on {d} (rated by {w}).",
            i=str(r.instrument.name),
            c=r.client,
            d=format_date(r.day),
            w=tr(*RATER_WORDS.get(r.rater, (r.rater, r.rater))),
        )
    )
    for s in r.scores.subscales:
        sub = next(x for x in r.instrument.subscales if x.id == s.subscale)
        value = decimal_mark(f"{s.score:.1f}") if s.score is not None else str(s.reason)
        echo(f"  {sub.name}: {value} ({_num(sub.low)}–{_num(sub.high)})")
    if not r.instrument.validated:
        echo(tr("  Merk: ikke et validert instrument.", "  Note: not a validated instrument."))
    if r.instrument.unconfirmed:
        echo(
            tr(
                "  Merk: noen skåringsregler er ikke bekreftet; se «recoverykit instrument show {i}».",
                "  Note: some scoring rules are not confirmed; see 'recoverykit instrument show {i}'.",
                i=r.instrument.id,
            )
        )


def print_show(view: ClientSurveys) -> None:
    if not view.histories:
        echo(
            t(
                "Ingen skjema registrert for {c} ennå.",
                "No forms recorded for {c} yet.",
                c=view.client,
            )
        )
        return
    for h in view.histories:
        sub = h.sub
        echo(f"{h.instrument.name}: {sub.name} ({_num(sub.low)}–{_num(sub.high)})")
        for p in h.points:
            value = (
                decimal_mark(f"{p.score:5.1f}")
                if p.score is not None
                else tr("holdt tilbake", "withheld")
            )
            echo(f"  {p.day.isoformat()}  {value}  ({p.rater})")
        if h.change is not None:
            c = decimal_mark(f"{h.change:+.1f}")
            line = tr("  Endring første → siste: {c}", "  Change first → latest: {c}", c=c)
            if sub.reliable_change is not None:
                line += tr(
                    " – {v} (grense ±{r}, {s})",
                    " – {v} (threshold ±{r}, {s})",
                    v=verdict_text(h.verdict),
                    r=_num(sub.reliable_change.value),
                    s=sub.reliable_change.source,
                )
            echo(line)
        if sub.cutoff is not None:
            echo(
                tr(
                    "  Grense: {v} ({s})",
                    "  Cutoff: {v} ({s})",
                    v=_num(sub.cutoff.value),
                    s=sub.cutoff.source,
                )
            )
        if h.instrument.unconfirmed:
            echo(
                tr(
                    "  Merk: skåringsregler ikke bekreftet, se «recoverykit instrument show {i}».",
                    "  Note: scoring rules not confirmed, see 'recoverykit instrument show {i}'.",
                    i=h.instrument.id,
                )
            )
    for day, iid, text in view.texts:
        echo(f"{day.isoformat()} {iid}: {text}")


def check_svg_target(view: ClientSurveys, target: str) -> Path:
    from recoverykit.domain.idnumber import guard_text

    guard_text("--svg", target)
    path = Path(target)
    if not any(h.scored for h in view.histories):
        raise InvalidInput("--svg", t("ingen skårer å tegne", "no scores to draw"))
    if path.is_dir() or not path.parent.is_dir():
        raise InvalidInput(
            "--svg",
            t(
                "{p}: mappen finnes ikke eller stien er en mappe",
                "{p}: the folder does not exist or the path is a folder",
                p=target,
            ),
        )
    return path


def write_survey_svg(view: ClientSurveys, target: str) -> None:
    from recoverykit.render.survey_svg import survey_svg

    path = check_svg_target(view, target)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(survey_svg(view), encoding="utf-8")
    tmp.replace(path)
    echo(t("Skrev grafen til {p}.", "Wrote the graph to {p}.", p=str(path)))


def print_summary(s: SurveySummary, fmt: str) -> None:
    rows: list[dict[str, Any]] = [
        {
            "instrument": x.instrument,
            "subscale": x.subscale,
            "responses": x.responses,
            "clients": x.clients,
            "mean": x.mean,
            "change_n": x.change_n,
            "mean_change": x.mean_change,
        }
        for x in s.lines
    ]
    hidden = tr("<{k}", "<{k}", k=s.threshold)

    def count(v: Any) -> str:
        return hidden if v is None else str(v)

    def mean(v: Any) -> str:
        return "–" if v is None else decimal_mark(f"{v:.1f}")

    columns = [
        Column("instrument", "Instrument"),
        Column("subscale", tr("Delskala", "Subscale")),
        Column("responses", tr("Svar", "Responses"), justify="right", render=count),
        Column("clients", tr("Klienter", "Clients"), justify="right", render=count),
        Column("mean", tr("Snitt", "Mean"), justify="right", render=mean),
        Column("change_n", tr("Med endring", "With change"), justify="right", render=count),
        Column("mean_change", tr("Snittendring", "Mean change"), justify="right", render=mean),
    ]
    title = tr(
        "Skjema {l}{d}", "Forms {l}{d}", l=s.label, d=f", {s.department}" if s.department else ""
    )
    if fmt == "table":
        echo(title)
    print_rows(
        rows,
        columns,
        fmt,
        empty=tr("Ingen skjema registrert i perioden.", "No forms recorded in the period."),
    )
    if fmt == "table" and rows:
        echo(
            tr(
                "Tall under {k} vises ikke (små grupper); snitt bare over minst {k} svar.",
                "Numbers below {k} are not shown (small groups); means only over at least {k} responses.",
                k=s.threshold,
            )
        )
