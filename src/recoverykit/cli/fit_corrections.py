"""``fit session edit | remove`` and ``fit client set | remove``: correcting mistakes, with
history (see ``recoverykit history``)."""

from __future__ import annotations

from typing import Any

import typer

from recoverykit.cli.common import command, echo, group, stdin_is_terminal, store
from recoverykit.i18n import t, tr


def _items(flag: str) -> Any:
    return typer.Option(
        None,
        flag,
        metavar="A B C D",
        help=tr(
            f"Nye verdier for {flag[2:].upper()}: fire tall fra 0 til 10.",
            f"New {flag[2:].upper()} values: four numbers from 0 to 10.",
        ),
    )


def _rater() -> Any:
    return typer.Option(
        None,
        "--rater",
        metavar="client|parent|family|network|other",
        help=tr(
            "Hvem som fylte ut (trengs når flere fylte ut samme dag).",
            "Who rated (needed when several rated on the same date).",
        ),
    )


def _describe(values: dict[str, Any] | None) -> str:
    if values is None:
        return "–"
    from recoverykit.i18n import decimal_mark

    parts = [str(values["date"]), str(values["rater"])]
    if values.get("ors_total") is not None:
        parts.append(f"ORS {decimal_mark(format(values['ors_total'], 'g'))}")
    if values.get("srs_total") is not None:
        parts.append(f"SRS {decimal_mark(format(values['srs_total'], 'g'))}")
    return " · ".join(parts)


def register_corrections(fit: typer.Typer, client: typer.Typer) -> None:
    session = group(
        fit,
        "session",
        "Rett eller slett en registrert samtale (med historikk).",
        "Correct or remove a recorded session (with history).",
    )

    @command(
        session,
        "edit",
        "Rett en samtale: skårene, datoen eller hvem som fylte ut. Samtalene nummereres på nytt "
        "etter dato, og varsler regnes ut på nytt.",
        "Correct a session: the scores, the date or who rated. Sessions are renumbered by date "
        "and alerts recomputed.",
    )
    def session_edit(
        code: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        day: str = typer.Option(..., "--date", help=tr("Samtalens dato.", "The session's date.")),
        rater: str = _rater(),
        ors: tuple[str, str, str, str] = _items("--ors"),
        srs: tuple[str, str, str, str] = _items("--srs"),
        no_srs: bool = typer.Option(
            False,
            "--no-srs",
            help=tr("Fjern SRS fra samtalen.", "Remove the SRS from the session."),
        ),
        to_date: str = typer.Option(
            None,
            "--to-date",
            help=tr("Flytt samtalen til denne datoen.", "Move the session to this date."),
        ),
        to_rater: str = typer.Option(
            None,
            "--to-rater",
            metavar="client|parent|family|network|other",
            help=tr("Rett hvem som fylte ut.", "Correct who rated."),
        ),
    ) -> None:
        from recoverykit.cli.fit import today
        from recoverykit.services.fit_corrections import edit_session

        r = edit_session(
            store(), code, day, rater=rater, ors=ors, srs=srs, remove_srs=no_srs,
            new_day=to_date, new_rater=to_rater, today=today(),
        )  # fmt: skip
        echo(
            t(
                "Rettet samtale for {c} (forløp {e}): {b} → {a}. Lagret i historikken.",
                "Corrected a session of {c} (episode {e}): {b} → {a}. Kept in the history.",
                c=r.client,
                e=r.episode,
                b=_describe(r.before),
                a=_describe(r.after),
            )
        )

    @command(
        session,
        "remove",
        "Slett en samtale (f.eks. registrert på feil klient). Samtalene nummereres på nytt.",
        "Remove a session (e.g. recorded for the wrong client). Sessions are renumbered.",
    )
    def session_remove(
        code: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        day: str = typer.Option(..., "--date", help=tr("Samtalens dato.", "The session's date.")),
        rater: str = _rater(),
    ) -> None:
        from recoverykit.cli.fit import today
        from recoverykit.services.fit_corrections import remove_session

        r = remove_session(store(), code, day, rater=rater, today=today())
        echo(
            t(
                "Slettet samtale for {c} (forløp {e}): {b}. Lagret i historikken.",
                "Removed a session of {c} (episode {e}): {b}. Kept in the history.",
                c=r.client,
                e=r.episode,
                b=_describe(r.before),
            )
        )
        if r.episode_removed:
            echo(
                t(
                    "Forløp {e} hadde ingen samtaler igjen og ble fjernet.",
                    "Episode {e} had no sessions left and was removed.",
                    e=r.episode,
                )
            )

    @command(
        client,
        "set",
        "Rett en klients kode, avdeling, fagperson eller aldersgruppe.",
        "Correct a client's code, department, clinician or age group.",
    )
    def client_set(
        code: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        new_code: str = typer.Option(None, "--code", help=tr("Ny kode.", "New code.")),
        dept: str = typer.Option(None, "--dept", help=tr("Ny avdeling.", "New department.")),
        clinician: str = typer.Option(
            None, "--clinician", help=tr("Ny ansvarlig fagperson.", "New responsible clinician.")
        ),
        age_group: str = typer.Option(
            None,
            "--age-group",
            metavar="adult|adolescent|child",
            help=tr("Ny aldersgruppe.", "New age group."),
        ),
    ) -> None:
        from recoverykit.services.fit_corrections import set_client

        r = set_client(
            store(), code, new_code=new_code, department=dept, clinician=clinician,
            age_group=age_group,
        )  # fmt: skip
        changed = ", ".join(
            f"{k}: {r.before[k]} → {r.after[k]}"
            for k in ("code", "department", "clinician", "age_group")
            if r.after is not None and r.before[k] != r.after[k]
        )
        echo(
            t(
                "Rettet klient {c}: {ch}. Lagret i historikken.",
                "Corrected client {c}: {ch}. Kept in the history.",
                c=r.code,
                ch=changed or tr("ingen endring", "no change"),
            )
        )

    @command(
        client,
        "remove",
        "Slett en klient. Nektes mens klienten har samtaler, med mindre --with-sessions "
        "(som spør først i en terminal).",
        "Remove a client. Refused while the client has sessions unless --with-sessions "
        "(which asks first at a terminal).",
    )
    def client_remove(
        code: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        with_sessions: bool = typer.Option(
            False,
            "--with-sessions",
            help=tr(
                "Slett også klientens forløp og samtaler.",
                "Also remove the client's episodes and sessions.",
            ),
        ),
    ) -> None:
        from recoverykit.services.fit_corrections import remove_client

        def ask(count: int) -> bool:
            if not stdin_is_terminal():
                return True
            return typer.confirm(
                tr(
                    "Slette {c} med {n} samtaler?",
                    "Remove {c} with {n} sessions?",
                    c=code,
                    n=count,
                ),
                default=False,
            )

        r = remove_client(store(), code, with_sessions=with_sessions, confirm=ask)
        echo(
            t(
                "Slettet klient {c} ({n} samtaler). Lagret i historikken.",
                "Removed client {c} ({n} sessions). Kept in the history.",
                c=r.code,
                n=r.sessions,
            )
        )
