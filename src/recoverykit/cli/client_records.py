"""``recoverykit client network|goal``: the people around a client (by role, never by name) and
the client's own recovery goals.

Registered as the group ``client``. Issue 10 adds ``client export|erase`` to a group of the same
name: :func:`register_client_records` adds this module's sub-groups to whichever ``client`` app
the merge keeps.
"""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.i18n import t, tr


def _client() -> str:
    return typer.Argument(..., metavar="CLIENT", help=tr("Klientkoden.", "The client code."))  # type: ignore[no-any-return]


def _date() -> str:
    return typer.Option(  # type: ignore[no-any-return]
        None, "--date", metavar="DATE", help=tr("Dato (standard i dag).", "Date (default today).")
    )


def _goal() -> str:
    return typer.Argument(  # type: ignore[no-any-return]
        ...,
        metavar="GOAL",
        help=tr(
            "Målets nummer (se «client goal list»).", "The goal's number (see 'client goal list')."
        ),
    )


def register_client_records(client_app: typer.Typer) -> None:
    network = group(
        client_app,
        "network",
        "Pårørende og nettverk etter rolle (aldri navn), samtykke og barn under 18.",
        "Relatives and network by role (never by name), consent and children under 18.",
    )
    goal = group(
        client_app,
        "goal",
        "Klientens egne recoverymål med egne ord, vurdert 0–10 over tid.",
        "The client's own recovery goals in their own words, rated 0–10 over time.",
    )

    @command(
        network,
        "add",
        "Legg til en person i klientens nettverk etter rolle (mor, partner, venn, nabo …).",
        "Add a person to the client's network by role (mor, partner, venn, nabo …).",
    )
    def network_add(
        code: str = _client(),
        role: str = typer.Argument(
            ...,
            metavar="ROLE",
            help=tr(
                "Rollen, f.eks. mor, partner, venn, nabo, barn.",
                "The role in Norwegian, e.g. mor, partner, venn, nabo, barn.",
            ),
        ),
        closest: bool = typer.Option(
            False,
            "--closest",
            help=tr(
                "Nærmeste pårørende (pasient- og brukerrettighetsloven § 1-3 b).",
                "Closest relative (nærmeste pårørende).",
            ),
        ),
        share: str = typer.Option(
            None,
            "--share",
            metavar="yes|no",
            help=tr(
                "Samtykker klienten til at informasjon deles med personen?",
                "Does the client consent to sharing information with the person?",
            ),
        ),
        feedback: str = typer.Option(
            None,
            "--feedback",
            metavar="yes|no",
            help=tr(
                "Samtykker klienten til at personen gir tilbakemelding?",
                "Does the client consent to the person giving feedback?",
            ),
        ),
        minor: bool = typer.Option(
            False,
            "--minor",
            help=tr(
                "Barn under 18 (barn som pårørende, helsepersonelloven § 10 a).",
                "A child under 18 (children as relatives, helsepersonelloven § 10 a).",
            ),
        ),
        note: str = typer.Option(
            None, "--note", help=tr("Kort merknad (ingen navn).", "Short note (no names).")
        ),
    ) -> None:
        from recoverykit.services.client_records import add_member

        c, m = add_member(
            store(),
            code,
            role,
            closest=closest,
            share=share,
            feedback=feedback,
            minor=minor,
            note=note,
        )
        echo(
            t(
                "La til {r} i nettverket til {c} (ID {i}).",
                "Added {r} to {c}'s network (id {i}).",
                r=m.role,
                c=c,
                i=m.id,
            )
        )
        if m.minor:
            echo(
                tr(
                    "Barn under 18: kartlegg og følg opp barnets behov for informasjon og "
                    "oppfølging (helsepersonelloven § 10 a).",
                    "Child under 18: find out and follow up the child's need for information "
                    "and support (helsepersonelloven § 10 a).",
                )
            )

    @command(network, "list", "Vis klientens nettverk.", "List the client's network.")
    def network_list(code: str = _client(), fmt: str = format_option()) -> None:
        from recoverykit.cli.client_records_output import print_network
        from recoverykit.services.client_records import network as load

        check_format(fmt)
        print_network(load(store(), code), fmt)

    @command(
        network,
        "remove",
        "Fjern en person fra nettverket (ID fra «list»).",
        "Remove a person from the network (id from 'list').",
    )
    def network_remove(
        code: str = _client(),
        member: str = typer.Argument(
            ...,
            metavar="ID",
            help=tr("Personens ID i nettverket.", "The person's id in the network."),
        ),
    ) -> None:
        from recoverykit.services.client_records import remove_member

        c, m = remove_member(store(), code, member)
        echo(
            t(
                "Fjernet {r} (ID {i}) fra nettverket til {c}.",
                "Removed {r} (id {i}) from {c}'s network.",
                r=m.role,
                i=m.id,
                c=c,
            )
        )

    @command(
        goal,
        "add",
        "Legg til et eget recoverymål med klientens egne ord.",
        "Add an own recovery goal in the client's own words.",
    )
    def goal_add(
        code: str = _client(),
        text: str = typer.Argument(
            ...,
            metavar="TEXT",
            help=tr("Målet, med klientens egne ord.", "The goal, in the client's own words."),
        ),
        day: str = _date(),
    ) -> None:
        from recoverykit.services.client_records import add_goal

        c, g = add_goal(store(), code, text, day)
        echo(t("La til mål {n} for {c}.", "Added goal {n} for {c}.", n=g.number, c=c))

    @command(
        goal,
        "rate",
        "Vurder et mål 0–10 (hvor nær er du?), ved en samtale.",
        "Rate a goal 0–10 (how close are you?), at a session.",
    )
    def goal_rate(
        code: str = _client(),
        number: str = _goal(),
        value: str = typer.Argument(
            ..., metavar="0-10", help=tr("Vurderingen, 0–10.", "The rating, 0–10.")
        ),
        day: str = _date(),
    ) -> None:
        from recoverykit.services.client_records import rate_goal

        c, n, v, d = rate_goal(store(), code, number, value, day)
        echo(
            t(
                "Mål {n} for {c}: {v}/10 {d}.",
                "Goal {n} of {c}: {v}/10 on {d}.",
                n=n,
                c=c,
                v=v,
                d=d.isoformat(),
            )
        )

    @command(goal, "reached", "Marker et mål som nådd.", "Mark a goal as reached.")
    def goal_reached(code: str = _client(), number: str = _goal(), day: str = _date()) -> None:
        from recoverykit.services.client_records import close_goal

        c, n, d = close_goal(store(), code, number, "reached", day)
        echo(
            t(
                "Mål {n} for {c} er nådd {d}.",
                "Goal {n} of {c} reached on {d}.",
                n=n,
                c=c,
                d=d.isoformat(),
            )
        )

    @command(
        goal,
        "drop",
        "Legg et mål bort (klienten vil ikke lenger ha det).",
        "Drop a goal (the client no longer wants it).",
    )
    def goal_drop(code: str = _client(), number: str = _goal(), day: str = _date()) -> None:
        from recoverykit.services.client_records import close_goal

        c, n, d = close_goal(store(), code, number, "dropped", day)
        echo(
            t(
                "Mål {n} for {c} er lagt bort {d}.",
                "Goal {n} of {c} dropped on {d}.",
                n=n,
                c=c,
                d=d.isoformat(),
            )
        )

    @command(
        goal,
        "list",
        "Vis klientens egne mål og vurderingene.",
        "List the client's own goals and ratings.",
    )
    def goal_list(code: str = _client(), fmt: str = format_option()) -> None:
        from recoverykit.cli.client_records_output import print_goals
        from recoverykit.services.client_records import own_goals

        check_format(fmt)
        c, goals = own_goals(store(), code)
        print_goals(c, goals, fmt)
