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
        do_validate: bool = typer.Option(
            False,
            "--validate",
            help=tr(
                "Prøv modellen utenfor utvalget på enhetens egne avsluttede forløp: andel "
                "flagget per nivå mot nominell andel, og hvor godt tidlig «under forventet» "
                "forutsier utfallet.",
                "Test the model out of sample on the unit's own closed episodes: the share "
                "flagged at each level against its nominal rate, and how well an early "
                "'below expected' predicts the outcome.",
            ),
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.fit_report_output import print_expected, print_validation
        from recoverykit.services.fit_expected import show_expected, validate

        check_format(fmt)
        if do_validate:
            db = store()
            if do_refit:
                show_expected(db, do_refit=True)
            print_validation(validate(db), fmt)
            return
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
        from recoverykit.services.fit_reports import clinician_halfyears, unit_improved_shares

        check_format(fmt)
        who, rows = clinician_halfyears(store(), clinician)
        unit = unit_improved_shares(store(), [h.period for h in rows])
        print_mine(who, rows, fmt, unit)

    @command(
        fit,
        "export",
        "Eksporter én rad per samtale: CSV (excel-nb: slik norsk Excel åpner den; plain for "
        "skript), JSON, eller en .xlsx-arbeidsbok. Eksporten kan importeres igjen med "
        "«fit import».",
        "Export one row per session: CSV (excel-nb: as Norwegian Excel opens it; plain for "
        "scripts), JSON, or an .xlsx workbook. The export imports back with 'fit import'.",
    )
    def export(
        dept: str = typer.Option(
            None, "--dept", help=tr("Bare denne avdelingen.", "Only this department.")
        ),
        fmt: str = typer.Option(
            "csv",
            "--format",
            metavar="csv|json|xlsx",
            help=tr(
                "Format: csv, json eller xlsx (xlsx krever --out).",
                "Format: csv, json or xlsx (xlsx needs --out).",
            ),
        ),
        dialect: str = typer.Option(
            None,
            "--dialect",
            metavar="excel-nb|plain",
            help=tr(
                "CSV-variant: excel-nb (; desimalkomma, dd.mm.åååå, norske overskrifter; "
                "standard på norsk) eller plain (, punktum, ISO-datoer; standard på engelsk).",
                "CSV dialect: excel-nb (; decimal comma, dd.mm.yyyy, Norwegian headers; the "
                "default in Norwegian) or plain (, point, ISO dates; the default in English).",
            ),
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
        from recoverykit.cli.fit_export import write_export
        from recoverykit.render.csv_dialect import DIALECTS, current_dialect
        from recoverykit.services.fit_reports import export_rows

        check_choice("--format", fmt, ("csv", "json", "xlsx"))
        chosen = (
            current_dialect() if dialect is None else check_choice("--dialect", dialect, DIALECTS)
        )
        write_export(export_rows(store(), dept, out), fmt, chosen, out)

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
