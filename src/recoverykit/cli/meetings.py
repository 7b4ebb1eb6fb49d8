"""``recoverykit meeting``: meetings about a person and whether they took part
("ingen møter om meg, uten meg")."""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.i18n import t, tr

PRESENT = {"yes": ("til stede", "present"), "no": ("ikke til stede", "not present"), "partly": ("delvis til stede", "partly present")}  # fmt: skip


def register(app: typer.Typer) -> None:
    meeting = group(
        app,
        "meeting",
        "Møter om en person, og om personen var med («ingen møter om meg, uten meg»).",
        "Meetings about a person, and whether they took part ('no meeting about me without me').",
    )

    @command(meeting, "add", "Registrer et møte om en klient.", "Record a meeting about a client.")
    def add(
        code: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        day: str = typer.Option(
            ..., "--date", metavar="DATE", help=tr("Møtets dato.", "The meeting's date.")
        ),
        kind: str = typer.Option(
            ...,
            "--kind",
            metavar="treatment|coordination|network|other",
            help=tr(
                "Behandling, samarbeid, nettverk eller annet.",
                "Treatment, coordination, network or other.",
            ),
        ),
        present: str = typer.Option(
            ...,
            "--present",
            metavar="yes|no|partly",
            help=tr("Var personen med?", "Did the person take part?"),
        ),
        note: str = typer.Option(None, "--note", help=tr("Kort merknad.", "Short note.")),
    ) -> None:
        from recoverykit.services.meetings import add_meeting

        m = add_meeting(store(), code, day=day, kind=kind, present=present, note=note)
        echo(
            t(
                "Registrerte møte om {c} {d} ({k}, {p}).",
                "Recorded a meeting about {c} on {d} ({k}, {p}).",
                c=m.client,
                d=m.held_on.isoformat(),
                k=m.kind,
                p=tr(*PRESENT[m.present]),
            )
        )

    @command(meeting, "list", "Vis møtene om en klient.", "List the meetings about a client.")
    def list_(
        code: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.meetings import client_meetings

        check_format(fmt)
        c, rows = client_meetings(store(), code)
        out = [
            {**r, "present": r["present"] if fmt != "table" else tr(*PRESENT[r["present"]])}
            for r in rows
        ]
        columns = [
            Column("held_on", tr("Dato", "Date")),
            Column("kind", tr("Type", "Kind")),
            Column("present", tr("Personen", "The person")),
            Column("note", tr("Merknad", "Note")),
        ]
        print_rows(
            out,
            columns,
            fmt,
            empty=tr("Ingen møter registrert om {c}.", "No meetings recorded about {c}.", c=c),
        )
