"""Correction commands for plans, measures, goals, sharing and staff (with history; see
``recoverykit history``). Each group's module calls its function here at the end of its
``register``."""

from __future__ import annotations

from typing import Any

import typer

from recoverykit.cli.common import command, echo, store
from recoverykit.i18n import t, tr

KEPT = ("Lagret i historikken.", "Kept in the history.")


def _changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    parts = [f"{k}: {before[k]} → {after[k]}" for k in after if before.get(k) != after[k]]
    return "; ".join(parts) or tr("ingen endring", "no change")


def goals_corrections(goals: typer.Typer) -> None:
    @command(
        goals,
        "edit",
        "Rett et mål: teksten, indikatoren, enheten, utgangspunktet eller målet.",
        "Correct a goal: its text, indicator, unit, baseline or target.",
    )
    def edit(
        goal: str = typer.Argument(..., metavar="ID", help=tr("Målets ID.", "The goal's id.")),
        text: str = typer.Option(None, "--text", help=tr("Ny tekst.", "New text.")),
        indicator: str = typer.Option(
            None, "--indicator", help=tr("Ny indikator.", "New indicator.")
        ),
        unit: str = typer.Option(None, "--unit", help=tr("Ny enhet.", "New unit.")),
        baseline: str = typer.Option(
            None, "--baseline", help=tr("Nytt utgangspunkt.", "New baseline.")
        ),
        target: str = typer.Option(None, "--target", help=tr("Nytt mål.", "New target.")),
    ) -> None:
        from recoverykit.services.record_corrections import edit_goal

        before, after = edit_goal(
            store(), goal, text=text, indicator=indicator, unit=unit, baseline=baseline,
            target=target,
        )  # fmt: skip
        echo(
            t(
                "Rettet mål {i}: {c}. " + KEPT[0],
                "Corrected goal {i}: {c}. " + KEPT[1],
                i=after["id"],
                c=_changes(before, after),
            )
        )

    @command(
        goals,
        "remove",
        "Slett et mål (med målinger og delinger).",
        "Remove a goal (with its readings and sharings).",
    )
    def remove(
        goal: str = typer.Argument(..., metavar="ID", help=tr("Målets ID.", "The goal's id.")),
    ) -> None:
        from recoverykit.services.record_corrections import remove_goal

        before = remove_goal(store(), goal)
        echo(
            t(
                "Slettet mål {i} ({d} {p}, {r} målinger, {s} delinger). " + KEPT[0],
                "Removed goal {i} ({d} {p}, {r} readings, {s} sharings). " + KEPT[1],
                i=before["id"],
                d=before["dept"],
                p=before["period"],
                r=before["readings"],
                s=before["shared"],
            )
        )


def share_corrections(share: typer.Typer) -> None:
    @command(share, "remove", "Slett en registrert deling.", "Remove a recorded sharing.")
    def remove(
        share_id: str = typer.Argument(
            ...,
            metavar="ID",
            help=tr("Delingens ID (se «share list»).", "The sharing's id (see 'share list')."),
        ),
    ) -> None:
        from recoverykit.services.record_corrections import remove_share

        before = remove_share(store(), share_id)
        echo(
            t(
                "Slettet deling {i} ({d}). " + KEPT[0],
                "Removed sharing {i} ({d}). " + KEPT[1],
                i=before["id"],
                d=before["dept_code"],
            )
        )


def staff_corrections(staff: typer.Typer) -> None:
    @command(
        staff,
        "remove",
        "Slett en ansatt som ble lagt inn ved en feil (bruk «staff leave» når noen slutter).",
        "Remove a staff member added by mistake (use 'staff leave' when someone leaves).",
    )
    def remove(
        name: str = typer.Argument(..., help=tr("Den ansattes navn.", "The staff member's name.")),
        with_records: bool = typer.Option(
            False,
            "--with-records",
            help=tr("Slett også lesinger og kurs.", "Also remove the readings and courses."),
        ),
    ) -> None:
        from recoverykit.services.record_corrections import remove_staff

        before = remove_staff(store(), name, with_records=with_records)
        echo(
            t(
                "Slettet {n} ({r} lesinger/kurs). " + KEPT[0],
                "Removed {n} ({r} readings/courses). " + KEPT[1],
                n=before["name"],
                r=before["records"],
            )
        )


def plan_corrections(plan: typer.Typer) -> None:
    @command(
        plan,
        "remove",
        "Slett en plan med tiltak og logg (f.eks. en prøveimport).",
        "Remove a plan with its measures and log (e.g. a test import).",
    )
    def remove(
        plan_id: str = typer.Argument(
            ..., metavar="PLAN", help=tr("Planens ID.", "The plan's id.")
        ),
    ) -> None:
        from recoverykit.services.record_corrections import remove_plan

        before = remove_plan(store(), plan_id)
        echo(
            t(
                "Slettet plan {i} «{ti}» ({m} tiltak). " + KEPT[0],
                "Removed plan {i} '{ti}' ({m} measures). " + KEPT[1],
                i=before["id"],
                ti=before["title"],
                m=before["measures"],
            )
        )


def measure_corrections(measure: typer.Typer) -> None:
    plan_arg = typer.Argument(..., metavar="PLAN", help=tr("Planens ID.", "The plan's id."))
    number_arg = typer.Argument(
        ...,
        metavar="NUMBER",
        help=tr("Tiltaksnummer, f.eks. 4 eller 2a.", "Measure number, e.g. 4 or 2a."),
    )

    @command(
        measure,
        "edit",
        "Rett et tiltak: teksten, ansvarlig, frist eller fokusområde.",
        "Correct a measure: its text, responsible, due date or focus area.",
    )
    def edit(
        plan: str = plan_arg,
        number: str = number_arg,
        text: str = typer.Option(None, "--text", help=tr("Ny tekst.", "New text.")),
        responsible: str = typer.Option(
            None, "--responsible", help=tr("Ny ansvarlig.", "New responsible.")
        ),
        due: str = typer.Option(None, "--due", help=tr("Ny frist.", "New due date.")),
        no_due: bool = typer.Option(
            False, "--no-due", help=tr("Fjern fristen.", "Remove the due date.")
        ),
        focus: str = typer.Option(None, "--focus", help=tr("Nytt fokusområde.", "New focus area.")),
    ) -> None:
        from recoverykit.services.record_corrections import edit_measure

        before, after = edit_measure(
            store(), plan, number, text=text, responsible=responsible, due=due, no_due=no_due,
            focus=focus,
        )  # fmt: skip
        echo(
            t(
                "Rettet tiltak {n}: {c}. " + KEPT[0],
                "Corrected measure {n}: {c}. " + KEPT[1],
                n=after["number"],
                c=_changes(before, after),
            )
        )

    @command(measure, "remove", "Slett et tiltak med logg.", "Remove a measure with its log.")
    def remove(plan: str = plan_arg, number: str = number_arg) -> None:
        from recoverykit.services.record_corrections import remove_measure

        before = remove_measure(store(), plan, number)
        echo(
            t(
                "Slettet tiltak {n} ({e} logglinjer). " + KEPT[0],
                "Removed measure {n} ({e} log entries). " + KEPT[1],
                n=before["number"],
                e=before["log_entries"],
            )
        )


def print_plan_update(plan: Any, changes: list[tuple[str, str, str]]) -> None:
    """``plan import --update``: one line per difference, then a count."""
    texts = {
        "added": ("Tiltak {n} lagt til: {d}", "Measure {n} added: {d}"),
        "changed": ("Tiltak {n} endret: {d}", "Measure {n} changed: {d}"),
        "kept": (
            "Tiltak {n} finnes ikke i filen og er beholdt: {d}",
            "Measure {n} is not in the file and was kept: {d}",
        ),
        "focus": ("Fokusområde {n} lagt til: {d}", "Focus area {n} added: {d}"),
    }
    for number, what, detail in changes:
        nb, en = texts[what]
        echo(t(nb, en, n=number, d=detail))
    changed = sum(1 for c in changes if c[1] in ("added", "changed", "focus"))
    echo(
        t(
            "Oppdaterte plan {i}: {ti} ({c} endringer). " + KEPT[0],
            "Updated plan {i}: {ti} ({c} changes). " + KEPT[1],
            i=plan.id,
            ti=plan.title,
            c=changed,
        )
        if changed
        else t(
            "Plan {i}: {ti} er allerede lik filen.",
            "Plan {i}: {ti} already matches the file.",
            i=plan.id,
            ti=plan.title,
        )
    )
