"""``recoverykit fit``: ORS and SRS after every session (feedback-informed treatment).

recoverykit stores the numbers a licensed clinician enters; it never shows the forms' wording
(© Miller & Duncan; DESIGN.md §4). Items are named by number only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import typer

from recoverykit import clock
from recoverykit.cli.common import (
    check_format,
    command,
    echo,
    err,
    format_option,
    group,
    stdin_is_terminal,
    store,
)
from recoverykit.cli.localise import Command
from recoverykit.errors import InvalidInput
from recoverykit.i18n import count, t, tr

MARKERS = ("--ors", "--srs")


def today() -> date:
    return clock.today()


def check_groups(args: Sequence[str]) -> None:
    """Before Typer reads ``--ors A B C D`` / ``--srs A B C D`` (four values each): a group
    given twice, or with another number of items than four, is named with the count typed
    (Click would only say that four are needed, or take the next option as an item)."""
    from recoverykit.domain.fit.scoring import ITEM_COUNT, parse_items

    for marker in MARKERS:
        starts = [i for i, a in enumerate(args) if a == marker or a.startswith(marker + "=")]
        if len(starts) > 1:
            raise InvalidInput(marker, t("er gitt to ganger", "is given twice"))
        for i in starts:
            _, eq, first = args[i].partition("=")
            items = [first] if eq else []
            for token in args[i + 1 :]:
                if token.startswith("--"):
                    break
                items.append(token)
            if len(items) != ITEM_COUNT:
                parse_items(marker, items)  # raises: "trenger 4 tall …, fikk N"


class RecordCommand(Command):
    """``fit record``: Typer parses the command; its usage errors keep the command's own words."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from typer._click import exceptions as click_exc

        from recoverykit.cli.common import fail
        from recoverykit.cli.localise import ExtraArguments

        try:
            check_groups(args)
            return super().parse_args(ctx, args)
        except InvalidInput as error:
            raise fail(error) from None
        except click_exc.NoSuchOption as exc:
            unknown = InvalidInput(
                str(exc.option_name),
                t(
                    "ukjent valg; se «recoverykit fit record -h»",
                    "unknown option; see 'recoverykit fit record -h'",
                ),
            )
            raise fail(unknown) from None
        except ExtraArguments as exc:
            words = InvalidInput(
                "CLIENT",
                t(
                    "bare én klientkode, før --ors (fikk {n} ord)",
                    "only one client code, before --ors (got {n} words)",
                    n=len(exc.extra) + 1,
                ),
            )
            raise fail(words) from None


def ask_items(label: str, ask: Callable[[str], str], *, optional: bool = False) -> list[str] | None:
    """Ask for four items one by one; a bad item is explained and asked again."""
    from recoverykit.domain.fit.scoring import item_field, parse_item

    items: list[str] = []
    while len(items) < 4:
        n = len(items) + 1
        hint = tr(" – tom: hopp over", " – empty: skip") if optional and n == 1 else ""
        answer = ask(tr("{l} ledd {n} (0–10){h}", "{l} item {n} (0–10){h}", l=label, n=n, h=hint))
        if optional and n == 1 and not answer.strip():
            return None
        try:
            parse_item(item_field(label, n), answer)
        except InvalidInput as error:
            err(error)
            continue
        items.append(answer.strip())
    return items


def rich_ask(prompt: str) -> str:
    from rich.prompt import Prompt

    return Prompt.ask(prompt, default="", show_default=False)


def register(app: typer.Typer) -> None:
    fit = group(
        app,
        "fit",
        "FIT: registrer ORS (ved start) og SRS (ved slutt) for hver samtale; grafen, forventet "
        "bedring og sammendrag.",
        "FIT: ORS and SRS after every session, the graph, expected response and summaries.",
    )
    client = group(
        fit, "client", "Klienter under pseudonyme koder.", "Clients under pseudonymous codes."
    )

    @command(
        client,
        "add",
        "Registrer en klient under en pseudonym kode (aldri fødselsnummer).",
        "Register a client under a pseudonymous code (never an identity number).",
    )
    def client_add(
        code: str = typer.Argument(
            ..., help=tr("Pseudonym kode, f.eks. K-0001.", "Pseudonymous code, e.g. K-0001.")
        ),
        dept: str = typer.Option(
            ..., "--dept", help=tr("Avdelingens kode.", "The department's code.")
        ),
        clinician: str = typer.Option(
            ..., "--clinician", help=tr("Ansvarlig fagperson.", "The responsible clinician.")
        ),
        age_group: str = typer.Option(
            "adult",
            "--age-group",
            metavar="adult|adolescent|child",
            help=tr(
                "Aldersgruppe: adult, adolescent (13–17) eller child (6–12; CORS).",
                "Age group: adult, adolescent (13–17) or child (6–12; CORS).",
            ),
        ),
    ) -> None:
        from recoverykit.cli.fit_output import AGE_GROUP_TEXT
        from recoverykit.services.fit import add_client

        c = add_client(store(), code, dept, clinician, age_group)
        if c.new_staff:
            err(
                t(
                    "{f} er registrert som ansatt i {d} (se «recoverykit staff list»).",
                    "{f} was registered as a staff member in {d} (see 'recoverykit staff list').",
                    f=c.clinician,
                    d=c.department,
                )
            )
        echo(
            t(
                "La til klient {c} i {d} (fagperson {f}, {a}).",
                "Added client {c} in {d} (clinician {f}, {a}).",
                c=c.code,
                d=c.department,
                f=c.clinician,
                a=AGE_GROUP_TEXT[c.age_group],
            )
        )

    @command(
        client,
        "list",
        "Vis klientene og deres siste forløp.",
        "List clients and their latest episode.",
    )
    def client_list(
        dept: str = typer.Option(
            None, "--dept", help=tr("Bare denne avdelingen.", "Only this department.")
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.fit_output import print_clients
        from recoverykit.services.fit import list_clients

        check_format(fmt)
        print_clients(list_clients(store(), dept), fmt)

    @command(
        fit,
        "record",
        "Registrer ORS (fra starten av samtalen) og SRS (fra slutten) etter samtalen: "
        "KLIENT --ors A B C D [--srs A B C D]. "
        "Hvert ledd 0–10 med høyst én desimal (desimalkomma eller -punktum). Uten --ors i en terminal spør kommandoen om "
        "leddene ett for ett.",
        "Record ORS (and SRS) right after a session: CLIENT --ors A B C D [--srs A B C D]. "
        "Items 0–10 with one decimal, . or ,. Without --ors at a terminal the command asks "
        "for the items one by one.",
        cls=RecordCommand,
    )
    def record(
        code: str = typer.Argument(
            None, metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        ors: tuple[str, str, str, str] = typer.Option(
            (None, None, None, None),
            "--ors",
            metavar="A B C D",
            help=tr(
                "ORS: fire tall fra 0 til 10 (desimalkomma eller -punktum), f.eks. 5 6,5 4 5.",
                "ORS: four numbers from 0 to 10 (. or , as decimal mark), e.g. 5 6.5 4 5.",
            ),
        ),
        srs: tuple[str, str, str, str] = typer.Option(
            (None, None, None, None),
            "--srs",
            metavar="A B C D",
            help=tr(
                "SRS: fire tall fra 0 til 10 (valgfritt).",
                "SRS: four numbers from 0 to 10 (optional).",
            ),
        ),
        day: str = typer.Option(
            None,
            "--date",
            help=tr(
                "Samtalens dato (2026-11-20 eller 20.11.2026; standard i dag).",
                "The session's date (2026-11-20 or 20.11.2026; default today).",
            ),
        ),
        rater: str = typer.Option(
            None,
            "--rater",
            metavar="client|parent|family|network|other",
            help=tr(
                "Hvem som fylte ut: client (klient, standard), parent (forelder, standard for barn), family (familie), network (nettverk) eller other (annen).",
                "Who filled in: client (default), parent (default for children), family, network or other.",
            ),
        ),
        replace: bool = typer.Option(
            False,
            "--replace",
            help=tr(
                "Erstatt samtalen som er registrert samme dato.",
                "Replace the session recorded on the same date.",
            ),
        ),
        new_episode: bool = typer.Option(
            False,
            "--new-episode",
            help=tr(
                "Start et nytt forløp (klienten har et avsluttet forløp).",
                "Start a new episode (the client's episode is closed).",
            ),
        ),
    ) -> None:
        from recoverykit.cli.fit_output import print_record
        from recoverykit.services.fit_record import parse_record_input, record_session

        if code is None:
            raise InvalidInput(
                "CLIENT", t("mangler; gi klientkoden først", "missing; give the client code first")
            )
        ors_items = None if ors[0] is None else list(ors)
        srs_items = None if srs[0] is None else list(srs)
        if ors_items is None and srs_items is None and stdin_is_terminal():
            ors_items = ask_items("ORS", rich_ask)
            srs_items = ask_items("SRS", rich_ask, optional=True)
        given = parse_record_input(ors_items, srs_items, day, rater, today())
        print_record(record_session(store(), code, given, replace=replace, new_episode=new_episode))

    @command(
        fit,
        "close",
        "Avslutt klientens åpne forløp.",
        "Close the client's open episode.",
    )
    def close(
        code: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        reason: str = typer.Option(
            None,
            "--reason",
            metavar="planned|dropped-out|moved|other",
            help=tr(
                "Hvorfor: planned (planlagt), dropped-out (avbrutt), moved (flyttet) eller other (annet).",
                "Why: planned, dropped-out, moved or other.",
            ),
        ),
        day: str = typer.Option(
            None,
            "--date",
            help=tr("Avslutningsdato (standard i dag).", "Closing date (default today)."),
        ),
        undo: bool = typer.Option(
            False,
            "--undo",
            help=tr(
                "Gjenåpne klientens sist avsluttede forløp (en avslutning ved en feil).",
                "Reopen the client's last closed episode (a closing made by mistake).",
            ),
        ),
    ) -> None:
        from recoverykit.services.fit_close import close_episode, close_reason_text

        if undo:
            from recoverykit.services.fit_corrections import undo_close

            if reason is not None or day is not None:
                raise InvalidInput(
                    "--undo",
                    t(
                        "--undo tar ikke --reason eller --date",
                        "--undo takes no --reason or --date",
                    ),
                )
            client_code, episode, before = undo_close(store(), code)
            echo(
                t(
                    "Gjenåpnet forløp {e} for {c} (var avsluttet {d}, {r}). Lagret i historikken.",
                    "Reopened episode {e} of {c} (was closed on {d}, {r}). Kept in the history.",
                    e=episode,
                    c=client_code,
                    d=before["closed_on"].isoformat(),
                    r=close_reason_text(before["close_reason"]),
                )
            )
            return
        if reason is None:
            raise InvalidInput(
                "--reason",
                t(
                    "mangler; velg planned | dropped-out | moved | other",
                    "missing; choose planned | dropped-out | moved | other",
                ),
            )
        r = close_episode(store(), code, reason, day, today())
        echo(
            t(
                "Avsluttet forløp {e} for {c} {d} ({r}, {n}).",
                "Closed episode {e} of {c} on {d} ({r}, {n}).",
                e=r.episode,
                c=r.client,
                d=r.closed_on,
                r=close_reason_text(r.reason),
                n=count(r.sessions, "samtale", "samtaler", "session", "sessions"),
            )
        )
        if r.refitted:
            echo(
                t(
                    "Tabellen for forventet bedring er tilpasset på nytt (se «recoverykit fit expected»).",
                    "The expected-response table was refitted (see 'recoverykit fit expected').",
                )
            )

    @command(
        fit,
        "show",
        "Grafen å se på sammen med klienten: ORS per samtale med klinisk grense og forventet "
        "bedring, SRS under, og tallene bak hver vurdering.",
        "The graph to look at with the client: ORS by session with the clinical cutoff and the "
        "expected response, SRS below, and the numbers behind every statement.",
    )
    def show(
        code: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        svg: str = typer.Option(
            None,
            "--svg",
            metavar="FILE",
            help=tr("Skriv grafen som SVG hit.", "Write the graph as SVG here."),
        ),
    ) -> None:
        from recoverykit.cli.fit_output import check_svg, print_show, write_svg
        from recoverykit.render.own_goals import goal_lines
        from recoverykit.services.fit_show import show_client

        view = show_client(store(), code)
        goals = list(view.own_goals)  # issue 14: the person's own goals beside the graph
        if svg is not None:
            check_svg(view, svg)  # a bad path is refused before the graph is printed
        print_show(view)
        for line in goal_lines(goals):
            echo(line)
        if svg is not None:
            write_svg(view, svg, goals)

    from recoverykit.cli.fit_corrections import register_corrections
    from recoverykit.cli.fit_reports import register_reports

    register_corrections(fit, client)
    register_reports(fit)

    from recoverykit.cli.fit_import import register_import

    register_import(fit)
