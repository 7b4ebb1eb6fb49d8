"""A client's own copy as a plain HTML page, in the current language (Norwegian by default)."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from recoverykit.i18n import decimal_mark, tr

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})([ T]\d{2}:\d{2}(?::\d{2})?)?$")


def _text(value: Any) -> str:
    """A value as text; ISO dates as dd.mm.yyyy in Norwegian (the JSON copy keeps ISO)."""
    text = str(value)
    m = _ISO.match(text)
    if m is None or tr("nb", "en") != "nb":
        return text
    return f"{m.group(3)}.{m.group(2)}.{m.group(1)}" + (m.group(4) or "").replace("T", " ")


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return escape(tr("ja", "yes") if value else tr("nei", "no"))
    if isinstance(value, float):
        return decimal_mark(f"{value:.1f}")
    if isinstance(value, list):
        return " ".join(_cell(v) for v in value)
    return escape(_text(value))


def _table(headers: list[str], rows: list[list[Any]], empty: str) -> str:
    if not rows:
        return f"<p>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _plain(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return tr("ja", "yes") if value else tr("nei", "no")
    if isinstance(value, float):
        return decimal_mark(f"{value:.1f}")
    if isinstance(value, list):
        return " ".join(_plain(v) for v in value)
    return _text(value)


Section = tuple[str, list[str], list[list[Any]], str]  # heading, headers, rows, when empty


def _title(copy: Any) -> str:
    code = copy.client["code"]
    return tr("Dine opplysninger i recoverykit: {c}", "Your data in recoverykit: {c}", c=code)


def _intro() -> str:
    return tr(
        "Dette er alt recoverykit lagrer om deg under koden din, og hvem som har sett "
        "eller endret det. Tallene er skårene fra ORS (hvordan du har hatt det) og SRS "
        "(hvordan du opplevde samtalen), 0–10 per spørsmål; deretter skjemaer du eller "
        "dine nærmeste har fylt ut, nettverket ditt (etter rolle, aldri navn), dine egne "
        "mål og møtene om deg.",
        "This is everything recoverykit stores about you under your code, and who has "
        "seen or changed it. The numbers are your ORS scores (how you have been) and SRS "
        "scores (how you found the session), 0–10 per question; then the forms you or "
        "those close to you filled in, your network (by role, never by name), your own "
        "goals and the meetings about you.",
    )


def _sections(copy: Any) -> list[Section]:
    """The copy's parts, the same in HTML and PDF."""
    c = copy.client
    return [
        (
            tr("Om deg", "About you"),
            [tr("Kode", "Code"), tr("Avdeling", "Department"), tr("Fagperson", "Clinician")],
            [[c["code"], f"{c['department']} ({c['department_name']})", c["clinician"]]],
            "",
        ),
        (
            tr("Forløp", "Episodes"),
            [tr("Nr.", "No."), tr("Startet", "Opened"), tr("Avsluttet", "Closed")],
            [[e["number"], e["opened_on"], e["closed_on"]] for e in copy.episodes],
            tr("Ingen forløp.", "No episodes."),
        ),
        (
            tr("Samtaler", "Sessions"),
            [
                tr("Forløp", "Episode"),
                tr("Samtale", "Session"),
                tr("Dato", "Date"),
                "ORS",
                tr("ORS sum", "ORS total"),
                "SRS",
                tr("SRS sum", "SRS total"),
            ],
            [
                [
                    s["episode"],
                    s["session"],
                    s["date"],
                    s["ors"],
                    s["ors_total"],
                    s["srs"],
                    s["srs_total"],
                ]
                for s in copy.sessions
            ],
            tr("Ingen samtaler.", "No sessions."),
        ),
        (
            tr("Skjemaer", "Forms"),
            [
                tr("Dato", "Date"),
                tr("Skjema", "Form"),
                tr("Fylt ut av", "Filled in by"),
                tr("Del", "Part"),
                tr("Skåre", "Score"),
            ],
            [
                [r["date"], r["instrument_name"], r["rater_label"], r["subscale_name"], r["score"]]
                for r in copy.surveys
            ],
            tr("Ingen skjemaer.", "No forms."),
        ),
        *(
            [
                (
                    tr("Svar med egne ord", "Answers in your own words"),
                    [tr("Dato", "Date"), tr("Skjema", "Form"), tr("Svar", "Answer")],
                    [[r["date"], r["instrument_name"], r["text"]] for r in copy.survey_texts],
                    "",
                )
            ]
            if copy.survey_texts
            else []
        ),
        (
            tr("Nettverk og pårørende", "Network and relatives"),
            [
                tr("Rolle", "Role"),
                tr("Nærmeste pårørende", "Closest relative"),
                tr("Samtykke til deling", "Consent to sharing"),
                tr("Samtykke til tilbakemelding", "Consent to feedback"),
                tr("Under 18", "Under 18"),
                tr("Merknad", "Note"),
            ],
            [
                [
                    m["role"],
                    m["closest_relative"],
                    m["share_consent"],
                    m["feedback_consent"],
                    m["minor"],
                    m["note"],
                ]
                for m in copy.network
            ],
            tr("Ingen registrert.", "Nobody recorded."),
        ),
        (
            tr("Dine egne mål", "Your own goals"),
            [
                tr("Nr.", "No."),
                tr("Mål", "Goal"),
                tr("Satt", "Set"),
                tr("Status", "Status"),
                tr("Vurderinger (0–10)", "Ratings (0–10)"),
            ],
            [
                [
                    g["number"],
                    g["text"],
                    g["set_on"],
                    g["status_label"],
                    " ".join(f"{_text(r['date'])}: {r['value']}" for r in g["ratings"]) or None,
                ]
                for g in copy.own_goals
            ],
            tr("Ingen egne mål.", "No own goals."),
        ),
        (
            tr("Møter om deg", "Meetings about you"),
            [
                tr("Dato", "Date"),
                tr("Type", "Kind"),
                tr("Var du med", "Did you take part"),
                tr("Merknad", "Note"),
            ],
            [[m["date"], m["kind_label"], m["present_label"], m["note"]] for m in copy.meetings],
            tr("Ingen møter.", "No meetings."),
        ),
        (
            tr("Hvem har sett eller endret opplysningene", "Who saw or changed it"),
            [tr("Tidspunkt", "When"), tr("Hvem", "Who"), tr("Hva", "What")],
            [[e["at"], e["staff"] or e["login"], e["action"]] for e in copy.log],
            tr("Ingen oppslag er registrert i tilgangsloggen.", "No access is logged."),
        ),
    ]


def client_copy_html(copy: Any) -> str:
    title = _title(copy)
    parts = [
        "<!doctype html>",
        f'<html lang="{escape(tr("nb", "en"))}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}</style>",
        f"</head><body><h1>{escape(title)}</h1>",
        "<p>" + escape(_intro()) + "</p>",
    ]
    for heading, headers, rows, empty in _sections(copy):
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.append(_table(headers, rows, empty))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def client_copy_pdf(copy: Any, *, fonts_dir: Any = None) -> bytes:
    """The same copy as an A4 PDF (fpdf2, the DejaVu Sans shipped for the cards)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    from recoverykit.loaders.decks import data_dir
    from recoverykit.render.cards_pdf import FONT, FONT_FILES

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    fonts = Path(fonts_dir) if fonts_dir is not None else data_dir() / "fonts"
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(fonts / name))
    pdf.set_title(_title(copy))
    pdf.set_lang(tr("nb", "en"))
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, _title(copy), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 5, _intro(), new_x="LMARGIN", new_y="NEXT")
    for heading, headers, rows, empty in _sections(copy):
        pdf.ln(4)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        if not rows:
            pdf.multi_cell(0, 5, empty or "–", new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=5) as table:
            table.row(headers)
            for r in rows:
                table.row([_plain(v) for v in r])
    return bytes(pdf.output())
