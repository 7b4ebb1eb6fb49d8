"""``fit expected | summary | mine | export | settings``: figures across clients."""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_choice, check_format, command, echo, format_option, store
from recoverykit.i18n import tr


def register_reports(fit: typer.Typer) -> None:
    @command(
        fit,
        "expected",
        "Enhetens egen tabell for forventet bedring: median endring per startintervall og "
        "samtale, og hvor mange avsluttede forløp som står bak hver celle.",
        "The unit's own expected-response table: median change by intake band and session, "
        "and how many closed episodes stand behind each cell.",
    )
    def expected(
        do_refit: bool = typer.Option(
            False,
            "--refit",
            help=tr(
                "Tilpass tabellen på nytt fra alle avsluttede forløp først.",
                "Refit the table from all closed episodes first.",
            ),
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.fit_report_output import print_expected
        from recoverykit.services.fit_expected import show_expected

        check_format(fmt)
        print_expected(show_expected(store(), do_refit=do_refit), fmt)

    @command(
        fit,
        "summary",
        "Sammendrag for en avdeling (eller hele enheten) for en måned eller et halvår; små "
        "grupper skjules. Viser ikke tall for enkeltfagpersoner og rangerer verken fagpersoner "
        "eller avdelinger.",
        "Summary for a department (or the whole unit) for a month or a half-year; small groups "
        "are hidden. Shows no figures for individual clinicians and ranks neither clinicians nor "
        "departments.",
    )
    def summary(
        dept: str = typer.Option(
            None,
            "--dept",
            help=tr(
                "Avdelingens kode (standard: hele enheten).",
                "The department's code (default: the whole unit).",
            ),
        ),
        month: str = typer.Option(
            None,
            "--month",
            metavar="YYYY-MM",
            help=tr(
                "Måned (standard: forrige hele måned).", "Month (default: the last full month)."
            ),
        ),
        period: str = typer.Option(
            None,
            "--period",
            metavar="2026H1",
            help=tr("Halvår i stedet for måned.", "Half-year instead of a month."),
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.fit import today
        from recoverykit.cli.fit_report_output import print_summary
        from recoverykit.services.fit_reports import department_summary

        check_format(fmt)
        print_summary(department_summary(store(), dept, month, period, today()), fmt)

    @command(
        fit,
        "mine",
        "En fagpersons egne resultater per halvår, sammenlignet bare med egne tidligere halvår.",
        "A clinician's own results by half-year, compared only with their own earlier half-years.",
    )
    def mine(
        clinician: str = typer.Option(
            ..., "--clinician", help=tr("Fagpersonens navn.", "The clinician's name.")
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.fit_report_output import print_mine
        from recoverykit.services.fit_reports import clinician_halfyears

        check_format(fmt)
        who, rows = clinician_halfyears(store(), clinician)
        print_mine(who, rows, fmt)

    @command(
        fit,
        "export",
        "Eksporter én rad per samtale (CSV med BOM for regneark, eller JSON).",
        "Export one row per session (CSV with a BOM for spreadsheets, or JSON).",
    )
    def export(
        dept: str = typer.Option(
            None, "--dept", help=tr("Bare denne avdelingen.", "Only this department.")
        ),
        fmt: str = typer.Option(
            "csv",
            "--format",
            metavar="csv|json",
            help=tr("Format: csv eller json.", "Format: csv or json."),
        ),
        out: str = typer.Option(
            None,
            "--out",
            metavar="FILE",
            help=tr(
                "Skriv til filen i stedet for skjermen.", "Write to the file instead of the screen."
            ),
        ),
    ) -> None:
        from recoverykit.cli.fit_report_output import write_export
        from recoverykit.services.fit_reports import export_rows

        check_choice("--format", fmt, ("csv", "json"))
        write_export(export_rows(store(), dept), fmt, out)

    @command(
        fit,
        "settings",
        "Vis eller endre enhetens FIT-tall (kliniske grenser, pålitelig endring, SRS-regler, "
        "grensen for små tall, forventet bedring).",
        "Show or change the unit's FIT figures (clinical cutoffs, reliable change, SRS rules, "
        "the small-number threshold, expected response).",
    )
    def settings(
        assignments: list[str] = typer.Option(
            None,
            "--set",
            metavar="KEY=VALUE",
            help=tr("Endre en innstilling (kan gjentas).", "Change a setting (may be repeated)."),
        ),
        resets: list[str] = typer.Option(
            None,
            "--reset",
            metavar="KEY|all",
            help=tr(
                "Tilbake til standardverdien (kan gjentas).",
                "Back to the default value (may be repeated).",
            ),
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.fit_report_output import print_settings
        from recoverykit.services.fit_reports import change_settings, show_settings

        check_format(fmt)
        db = store()
        if assignments or resets:
            view = change_settings(db, assignments or [], resets or [])
            if fmt == "table":
                echo(tr("Lagret.", "Saved."))
                if view.refitted:
                    echo(
                        tr(
                            "Tabellen for forventet bedring er tilpasset på nytt med de nye tallene.",
                            "The expected-response table was refitted with the new figures.",
                        )
                    )
        else:
            view = show_settings(db)
        print_settings(view, fmt)
