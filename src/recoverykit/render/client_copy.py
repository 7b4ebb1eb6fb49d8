"""A client's own copy as a plain HTML page, in the current language (Norwegian by default)."""

from __future__ import annotations

from html import escape
from typing import Any

from recoverykit.i18n import decimal_mark, tr


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return escape(tr("ja", "yes") if value else tr("nei", "no"))
    if isinstance(value, float):
        return decimal_mark(f"{value:.1f}")
    if isinstance(value, list):
        return " ".join(_cell(v) for v in value)
    return escape(str(value))


def _table(headers: list[str], rows: list[list[Any]], empty: str) -> str:
    if not rows:
        return f"<p>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def client_copy_html(copy: Any) -> str:
    c = copy.client
    title = tr("Dine opplysninger i recoverykit: {c}", "Your data in recoverykit: {c}", c=c["code"])
    parts = [
        "<!doctype html>",
        f'<html lang="{escape(tr("nb", "en"))}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}</style>",
        f"</head><body><h1>{escape(title)}</h1>",
        "<p>"
        + escape(
            tr(
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
        )
        + "</p>",
        f"<h2>{escape(tr('Om deg', 'About you'))}</h2>",
        _table(
            [tr("Kode", "Code"), tr("Avdeling", "Department"), tr("Fagperson", "Clinician")],
            [[c["code"], f"{c['department']} ({c['department_name']})", c["clinician"]]],
            "",
        ),
        f"<h2>{escape(tr('Forløp', 'Episodes'))}</h2>",
        _table(
            [tr("Nr.", "No."), tr("Startet", "Opened"), tr("Avsluttet", "Closed")],
            [[e["number"], e["opened_on"], e["closed_on"]] for e in copy.episodes],
            tr("Ingen forløp.", "No episodes."),
        ),
        f"<h2>{escape(tr('Samtaler', 'Sessions'))}</h2>",
        _table(
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
        f"<h2>{escape(tr('Skjemaer', 'Forms'))}</h2>",
        _table(
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
                f"<h3>{escape(tr('Svar med egne ord', 'Answers in your own words'))}</h3>",
                _table(
                    [tr("Dato", "Date"), tr("Skjema", "Form"), tr("Svar", "Answer")],
                    [[r["date"], r["instrument_name"], r["text"]] for r in copy.survey_texts],
                    "",
                ),
            ]
            if copy.survey_texts
            else []
        ),
        f"<h2>{escape(tr('Nettverk og pårørende', 'Network and relatives'))}</h2>",
        _table(
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
        f"<h2>{escape(tr('Dine egne mål', 'Your own goals'))}</h2>",
        _table(
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
                    " ".join(f"{r['date']}: {r['value']}" for r in g["ratings"]) or None,
                ]
                for g in copy.own_goals
            ],
            tr("Ingen egne mål.", "No own goals."),
        ),
        f"<h2>{escape(tr('Møter om deg', 'Meetings about you'))}</h2>",
        _table(
            [
                tr("Dato", "Date"),
                tr("Type", "Kind"),
                tr("Var du med", "Did you take part"),
                tr("Merknad", "Note"),
            ],
            [[m["date"], m["kind_label"], m["present_label"], m["note"]] for m in copy.meetings],
            tr("Ingen møter.", "No meetings."),
        ),
        f"<h2>{escape(tr('Hvem har sett eller endret opplysningene', 'Who saw or changed it'))}</h2>",
        _table(
            [tr("Tidspunkt", "When"), tr("Hvem", "Who"), tr("Hva", "What")],
            [[e["at"], e["staff"] or e["login"], e["action"]] for e in copy.log],
            tr("Ingen oppslag er registrert i tilgangsloggen.", "No access is logged."),
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
