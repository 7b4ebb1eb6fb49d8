"""``recoverykit demo``: an example unit in a temporary SQLite database."""

from __future__ import annotations

from pathlib import Path

import typer

from recoverykit.cli.common import STATE, command
from recoverykit.i18n import tr


def register(app: typer.Typer) -> None:
    @command(
        app,
        "demo",
        "Bygg en eksempelenhet i en midlertidig database og vis hele recoverykit.",
        "Build an example unit in a temporary database and walk through all of recoverykit.",
    )
    def demo(
        db: str = typer.Option(
            None,
            "--db",
            metavar="URL",
            help=tr(
                "Database for demoen (standard: en ny midlertidig SQLite-fil).",
                "Database for the demo (default: a new temporary SQLite file).",
            ),
        ),
        out: Path = typer.Option(
            None,
            "--out",
            metavar="MAPPE",
            help=tr(
                "Mappe for demoens utdata (standard: ved siden av databasen).",
                "Folder for the demo's output (default: beside the database).",
            ),
        ),
        seed: int = typer.Option(
            2026,
            "--seed",
            help=tr("Startverdi (seed) for de syntetiske dataene.", "Seed for the synthetic data."),
        ),
    ) -> None:
        from recoverykit.services.demo import start_demo

        start_demo(db or STATE.db, out, seed)
