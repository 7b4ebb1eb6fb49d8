"""How ``instrument list`` and ``instrument show`` print."""

from __future__ import annotations

from typing import Any

from recoverykit.domain.instruments import Instrument, Rule, Subscale, _num
from recoverykit.i18n import tr
from recoverykit.render.output import Column, print_rows


def _row(i: Instrument) -> dict[str, Any]:
    return {
        "id": i.id,
        "name": str(i.name),
        "version": i.version,
        "items": len(i.items),
        "subscales": ", ".join(s.id for s in i.subscales),
        "validated": i.validated,
        "wording_shown": i.wording_shown,
        "recorded_with": i.recorded_with or "survey",
        "origin": i.origin,
    }


def print_list(items: list[Instrument], fmt: str) -> None:
    yes_no = {True: tr("ja", "yes"), False: tr("nei", "no")}
    columns = [
        Column("id", "ID"),
        Column("name", tr("Navn", "Name")),
        Column("version", tr("Versjon", "Version")),
        Column("items", tr("Ledd", "Items"), justify="right"),
        Column("subscales", tr("Delskalaer", "Subscales")),
        Column("validated", tr("Validert", "Validated"), render=lambda v: yes_no[bool(v)]),
        Column(
            "wording_shown", tr("Ordlyd vises", "Wording shown"), render=lambda v: yes_no[bool(v)]
        ),
        Column("recorded_with", tr("Registreres med", "Recorded with")),
    ]
    rows = [_row(i) for i in sorted(items, key=lambda x: x.id)]
    if fmt != "table":
        columns.append(Column("origin", "origin"))
    print_rows(rows, columns, fmt)


def rule_text(s: Subscale) -> str:
    gate = (
        tr(", bare ledd merket viktig", ", only items marked important") if s.only_important else ""
    )
    if s.rule is Rule.SUM:
        base = tr("sum av leddene", "sum of the items")
    else:
        base = tr("gjennomsnitt × {f}", "mean × {f}", f=_num(s.factor))
    na = (
        tr("ikke aktuelt teller som manglende", "not applicable counts as missing")
        if s.not_applicable_counts_as_missing
        else tr("ikke aktuelt holdes utenfor", "not applicable is left out")
    )
    missing = tr(
        "høyst {k} manglende ledd, ellers holdes skåren tilbake",
        "at most {k} missing items, else the score is withheld",
        k=s.max_missing,
    )
    return f"{base}{gate}; {na}; {missing}"


def show_lines(i: Instrument) -> list[str]:
    out = [
        f"{i.name} ({i.id}, {tr('versjon', 'version')} {i.version})",
        f"{tr('Kilde', 'Source')}: {i.source}",
        f"{tr('Lisens', 'Licence')}: {i.licence}",
        tr("Ordlyd vises: ja", "Wording shown: yes")
        if i.wording_shown
        else tr(
            "Ordlyd vises: nei (bare nummer og korte merkelapper skrevet av recoverykit)",
            "Wording shown: no (numbers and short labels written by recoverykit only)",
        ),
    ]
    if not i.validated:
        out.append(
            tr(
                "IKKE et validert instrument (recoverykits eget skjema).",
                "NOT a validated instrument (recoverykit's own form).",
            )
        )
    out.append(f"{tr('Utfyllere', 'Raters')}: {', '.join(i.raters)}")
    if i.recorded_with == "fit":
        out.append(
            tr(
                "Registreres med «recoverykit fit record».",
                "Recorded with 'recoverykit fit record'.",
            )
        )
    if i.origin != "shipped":
        out.append(f"{tr('Enhetens egen fil', 'The unit’s own file')}: {i.origin}")
    out.append("")
    out.append(tr("Ledd:", "Items:"))
    for it in i.items:
        flags = []
        if it.reversed:
            flags.append(tr("snudd", "reversed"))
        if it.gated:
            flags.append(tr("viktig?", "important?"))
        extra = f" [{', '.join(flags)}]" if flags else ""
        out.append(f"  {it.number:>2}. {it.label} ({it.scale.describe()}){extra}")
        if i.wording_shown and it.wording is not None:
            out.append(f"      {it.wording}")
    out.append("")
    out.append(tr("Delskalaer:", "Subscales:"))
    for s in i.subscales:
        first, last = s.items[0], s.items[-1]
        consecutive = list(s.items) == list(range(first, last + 1))
        span = f"{first}–{last}" if consecutive and last > first else ", ".join(map(str, s.items))
        out.append(
            f"  {s.id}: {s.name}, {tr('ledd', 'items')} {span}, {_num(s.low)}–{_num(s.high)}"
        )
        out.append(f"    {tr('Regel', 'Rule')}: {rule_text(s)}")
        if s.cutoff:
            out.append(f"    {tr('Grense', 'Cutoff')}: {_num(s.cutoff.value)} ({s.cutoff.source})")
        if s.reliable_change:
            rc = s.reliable_change
            out.append(
                f"    {tr('Pålitelig endring', 'Reliable change')}: {_num(rc.value)} ({rc.source})"
            )
    if i.unconfirmed:
        out.append("")
        out.append(
            tr("Ikke bekreftet fra publiserte kilder:", "Not confirmed from the published sources:")
        )
        out.extend(f"  - {u}" for u in i.unconfirmed)
    return out
