"""How ``fit record``, ``fit show`` and ``fit client list`` print. Numbers are written the
Norwegian way (``7,5``) in bokmål and ``7.5`` in English."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recoverykit.cli.common import echo as _echo
from recoverykit.cli.common import stdout_is_terminal
from recoverykit.domain.dates import format_date
from recoverykit.domain.fit._text import msg
from recoverykit.errors import InvalidInput
from recoverykit.i18n import count, decimal_mark, language, t, tr

if TYPE_CHECKING:
    from recoverykit.services.client_records import OwnGoal
    from recoverykit.services.fit_record import RecordResult
    from recoverykit.services.fit_show import ShowView
    from recoverykit.store.connection import Row


def echo(message: object = "") -> None:
    """A line for the screen: long summary lines wrap at word boundaries on a terminal (never
    mid-word), continuation lines indented; piped output is left as it is."""
    import sys

    from recoverykit.render.fitting import wrap_lines

    _echo(wrap_lines(str(message), sys.stdout, indent="  "))


AGE_GROUP_TEXT = {
    "adult": t("voksen", "adult"),
    "adolescent": t("ungdom 13–17", "adolescent 13–17"),
    "child": t("barn 6–12", "child 6–12"),
}


def number(value: float | None) -> str:
    """``7,5`` / ``7.5``; ``–`` for nothing."""
    if value is None:
        return "–"
    return decimal_mark(f"{value:.1f}")


def day_text(value: Any) -> str:
    from recoverykit.store.connection import as_date

    d = as_date(value)
    return "–" if d is None else format_date(d, language())


RATER_TEXT = {
    "client": t("klienten", "the client"),
    "parent": t("forelder", "parent"),
    "family": t("familien", "family"),
    "network": t("nettverket", "the network"),
    "other": t("annen utfyller", "another rater"),
}


def print_record(r: RecordResult) -> None:
    head = (
        t(
            "Erstattet samtale {s} for {c} (forløp {e}, {d}).",
            "Replaced session {s} of {c} (episode {e}, {d}).",
            s=r.session,
            c=r.client,
            e=r.episode,
            d=day_text(r.day),
        )
        if r.replaced
        else t(
            "Registrerte samtale {s} for {c} (forløp {e}{n}, {d}).",
            "Recorded session {s} of {c} (episode {e}{ne}, {d}).",
            s=r.session,
            c=r.client,
            e=r.episode,
            n=", nytt" if r.new_episode else "",
            ne=", new" if r.new_episode else "",
            d=day_text(r.day),
        )
    )
    echo(head)
    if r.rater != "client":
        echo(t("Utfylt av: {r}.", "Rated by: {r}.", r=RATER_TEXT[r.rater]))
    if r.earlier_start is not None:
        echo(
            t(
                "Samtalen er før forløpets start ({o}); forløpet starter nå {d}, og samtalene er "
                "nummerert etter dato.",
                "The session is before the episode's start ({o}); the episode now starts on {d}, "
                "and the sessions are numbered by date.",
                o=day_text(r.earlier_start),
                d=day_text(r.day),
            )
        )
    if r.ors_total is None:
        echo(tr("Ingen ORS denne gangen (bare SRS).", "No ORS this time (SRS only)."))
    elif r.ors_number == 1 or r.intake is None:
        echo(
            msg(
                "ORS {v:.1f}: startskåren i forløpet. Klinisk grense {k:g} ({a}).",
                "ORS {v:.1f}: the episode's intake score. Clinical cutoff {k:g} ({a}).",
                v=r.ors_total,
                k=r.cutoff,
                a=AGE_GROUP_TEXT[r.age_group],
            )
        )
    else:
        echo(
            msg(
                "ORS {v:.1f}: endring {c:+.1f} siden start ({a:.1f}). Klinisk grense {k:g} ({g}).",
                "ORS {v:.1f}: change {c:+.1f} since intake ({a:.1f}). Clinical cutoff {k:g} ({g}).",
                v=r.ors_total,
                c=r.change,
                a=r.intake,
                k=r.cutoff,
                g=AGE_GROUP_TEXT[r.age_group],
            )
        )
    if r.srs_total is not None:
        echo(msg("SRS {v:.1f}.", "SRS {v:.1f}.", v=r.srs_total))
    if r.alerts:
        echo(tr("Varsler:", "Alerts:"))
        for alert in r.alerts:
            echo(f"  ! {alert.message}")
    else:
        echo(tr("Ingen varsler.", "No alerts."))
    from recoverykit.domain.fit.alerts import AlertCode

    below = {AlertCode.BELOW_EXPECTED, AlertCode.FAR_BELOW_EXPECTED}
    if (
        r.ors_total is not None and r.ors_number >= 2 and not any(a.code in below for a in r.alerts)
    ):  # else told just above
        echo(tr("Forventet bedring: ", "Expected response: ") + expected_text(r.expected))


def expected_text(result: Any) -> str:
    if result is None:
        return tr(
            "ingen tabell ennå; den tilpasses fra enhetens egne avsluttede forløp "
            "(«recoverykit fit expected --refit»).",
            "no table yet; it is fitted from the unit's own closed episodes "
            "('recoverykit fit expected --refit').",
        )
    return str(result.explain())


def chart_width() -> int:
    if not stdout_is_terminal():
        return 80
    return max(80, min(100, shutil.get_terminal_size((80, 24)).columns))


def print_show(view: ShowView) -> None:
    from recoverykit.render.fit_chart import terminal_chart

    if not view.sessions:
        echo(
            t(
                "{c} har ingen registrerte samtaler ennå. Registrer med «recoverykit fit record {c} --ors A B C D».",
                "{c} has no recorded sessions yet. Record one with 'recoverykit fit record {c} --ors A B C D'.",
                c=view.client,
            )
        )
        return
    color = stdout_is_terminal() and not os.environ.get("NO_COLOR")
    _echo(terminal_chart(view.chart(), width=chart_width(), color=color).rstrip("\n"))
    echo()
    state = (
        t("åpent", "open")
        if view.closed_on is None
        else t("avsluttet {d}", "closed on {d}", d=day_text(view.closed_on))
    )
    echo(
        t(
            "{c} · {d} · {a} · forløp {e} fra {o} ({s}) · {n}",
            "{c} · {d} · {a} · episode {e} from {o} ({s}) · {n}",
            c=view.client,
            d=view.department,
            a=AGE_GROUP_TEXT[view.age_group],
            e=view.episode,
            o=day_text(view.opened_on),
            s=state,
            n=count(len(view.sessions), "samtale", "samtaler", "session", "sessions"),
        )
    )
    if view.change is None:
        echo(tr("Endring: ingen ORS registrert ennå.", "Change: no ORS recorded yet."))
        flags: Any = ()
    else:
        echo(tr("Endring: ", "Change: ") + str(view.change.explain()))
        flags = view.change.flag_texts()
    if flags:
        echo(tr("Gyldighet:", "Validity:"))
        for flag in flags:
            echo(f"  ! {flag}")
    else:
        echo(tr("Gyldighet: ingen merknader.", "Validity: no remarks."))
    if len(view.scores) >= 2:
        echo(tr("Forventet bedring: ", "Expected response: ") + expected_text(view.expected))
        if view.expected is not None:
            from recoverykit.domain.fit.expected import METHOD

            echo(str(METHOD))
    srs = [s for s in view.sessions if s.srs_total is not None]
    if srs:
        low = view.settings.srs_total_below
        alerts = sum(1 for s in view.sessions if s.srs_alert)
        echo(
            msg(
                "SRS: siste {v:.1f}; {n} av {m} samtaler med SRS ga varsel om samarbeidet "
                "(summen under {k:g}, fall siden forrige eller et ledd under {i:g}).",
                "SRS: latest {v:.1f}; {n} of {m} sessions with SRS raised an alliance alert "
                "(total below {k:g}, a drop since the last one or an item below {i:g}).",
                v=srs[-1].srs_total,
                n=alerts,
                m=len(srs),
                k=low,
                i=view.settings.srs_item_below,
            )
        )
    echo()
    if view.others:
        echo(t("Utfylt av {r}:", "Rated by {r}:", r=RATER_TEXT[view.rater]))
    print_sessions(view)
    print_other_raters(view)


def print_sessions(view: ShowView, sessions: Any = None) -> None:
    from recoverykit.render.output import Column, print_rows

    chosen = view.sessions if sessions is None else sessions
    first = next((s for s in chosen if s.ors_total is not None), None)
    intake = None if first is None else first.ors_total
    rows = [
        {
            "no": s.number,
            "date": day_text(s.day),
            "items": "–" if s.ors is None else " ".join(number(x) for x in s.ors),
            "ors": number(s.ors_total),
            "change": "–"
            if s.ors_total is None or intake is None or s is first
            else _signed(s.ors_total - intake),
            "srs": number(s.srs_total),
            "alert": "!" if s.srs_alert else "",
        }
        for s in chosen
    ]
    columns = [
        Column("no", tr("Nr.", "No."), justify="right"),
        Column("date", tr("Dato", "Date")),
        Column("items", tr("ORS-ledd 1–4", "ORS items 1–4")),
        Column("ors", "ORS", justify="right"),
        Column("change", tr("Endring", "Change"), justify="right"),
        Column("srs", "SRS", justify="right"),
        Column("alert", tr("SRS-varsel", "SRS alert")),
    ]
    print_rows(rows, columns, "table")


def print_other_raters(view: ShowView) -> None:
    """Each other rater's own series and change (a parent's ratings are not the child's)."""
    for other in view.others:
        echo()
        echo(
            t(
                "Utfylt av {r} ({n}):",
                "Rated by {r} ({n}):",
                r=RATER_TEXT[other.rater],
                n=count(len(other.sessions), "samtale", "samtaler", "session", "sessions"),
            )
        )
        if other.change is not None:
            echo(tr("Endring: ", "Change: ") + str(other.change.explain()))
        print_sessions(view, other.sessions)


def _signed(value: float) -> str:
    text = f"{round(value, 1):+.1f}"
    return text.replace(".", ",") if language() == "nb" else text


def check_svg(view: ShowView, target: str) -> Path:
    """Where the SVG goes; refused before anything is printed (and never echoing an identity
    number typed into the path)."""
    from recoverykit.domain.idnumber import guard_text

    guard_text("--svg", target)
    path = Path(target)
    if not view.sessions:
        raise InvalidInput("--svg", t("ingen samtaler å tegne", "no sessions to draw"))
    if path.is_dir() or not path.parent.is_dir():
        raise InvalidInput(
            "--svg",
            t(
                "{p}: mappen finnes ikke eller stien er en mappe",
                "{p}: the folder does not exist or the path is a folder",
                p=target,
            ),
        )
    from recoverykit.files import check_target

    return check_target(path, field="--svg")


def write_svg(view: ShowView, target: str, goals: Sequence[OwnGoal] = ()) -> None:
    from recoverykit.files import write_text
    from recoverykit.render.fit_chart import svg_chart
    from recoverykit.render.own_goals import with_own_goals

    path = check_svg(view, target)
    # client-level: 0600
    write_text(path, with_own_goals(svg_chart(view.chart()), goals), private=True, field="--svg")
    echo(t("Skrev grafen til {p}.", "Wrote the graph to {p}.", p=str(path)))


def print_clients(rows: list[Row], fmt: str) -> None:
    from recoverykit.render.output import Column, print_rows

    def status(r: Row) -> str:
        if r["episode_number"] is None:
            return tr("ingen samtaler", "no sessions")
        if r["closed_on"] is None:
            return tr("åpent", "open")
        return tr("avsluttet", "closed")

    out = [
        {
            "code": r["code"],
            "department": r["department"],
            "clinician": r["clinician"],
            "age_group": str(AGE_GROUP_TEXT[r["age_group"]]) if fmt == "table" else r["age_group"],
            "episode": r["episode_number"],
            "status": status(r)
            if fmt == "table"
            else ("closed" if r["closed_on"] else "open" if r["episode_number"] else "none"),
            "sessions": r["sessions"] or 0,
            "last_session": day_text(r["last_session"]) if fmt == "table" else r["last_session"],
        }
        for r in rows
    ]
    columns = [
        Column("code", tr("Kode", "Code"), style="bold"),
        Column("department", tr("Avdeling", "Department")),
        Column("clinician", tr("Fagperson", "Clinician")),
        Column("age_group", tr("Alder", "Age group")),
        Column("episode", tr("Forløp", "Episode"), justify="right"),
        Column("status", tr("Status", "Status")),
        Column("sessions", tr("Samtaler", "Sessions"), justify="right"),
        Column("last_session", tr("Siste samtale", "Last session")),
    ]
    print_rows(
        out,
        columns,
        fmt,
        empty=tr(
            "Ingen klienter ennå. Legg til med «recoverykit fit client add KODE --dept D --clinician C».",
            "No clients yet. Add one with 'recoverykit fit client add CODE --dept D --clinician C'.",
        ),
    )
