"""``recoverykit demo``: an example unit that walks a newcomer through all of recoverykit.

Each feature adds a step module here (``run(ctx)``) and names it in ``STEPS``. Steps run the real
commands in-process and print them as a person would type them, so the demo shows the product as it
is and cannot drift from it.
"""

from __future__ import annotations

import importlib
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from recoverykit.i18n import Msg, tr

STEPS = (
    "recoverykit.demo.departments",
    "recoverykit.demo.plans",
    "recoverykit.demo.fit",
    "recoverykit.demo.fit_import",
    "recoverykit.demo.feedback",  # issue 14
    "recoverykit.demo.cards",
    "recoverykit.demo.reports",
    "recoverykit.demo.safety",
    "recoverykit.demo.access",
)


@dataclass
class DemoContext:
    db_url: str
    out_dir: Path
    today: date
    lang: str
    seed: int = 2026
    commands_run: int = 0
    outputs: list[Path] = field(default_factory=list)

    def heading(self, text: Msg) -> None:
        line = str(text)
        print()
        print(line)
        print("=" * len(line))

    def say(self, text: Msg) -> None:
        print(str(text))

    def run(self, args: Sequence[str]) -> int:
        """Run ``recoverykit ARGS`` in-process against the demo database, showing the command."""
        from recoverykit.cli import make_app
        from recoverykit.cli.common import reset_state

        print(f"\n$ recoverykit {shlex.join(args)}")
        reset_state()
        app = make_app()
        try:
            # Without standalone mode Click returns an Exit's code instead of raising it.
            returned = app(
                args=["--db", self.db_url, *args], prog_name="recoverykit", standalone_mode=False
            )
            code = returned if isinstance(returned, int) else 0
        except SystemExit as exc:  # typer.Exit is turned into SystemExit by Click
            code = int(exc.code or 0)
        except Exception as exc:  # Click's own Exit carries exit_code
            code = int(getattr(exc, "exit_code", 1))
        self.commands_run += 1
        if code != 0:
            raise RuntimeError(f"demo step failed: recoverykit {shlex.join(args)} (exit {code})")
        return code

    def output(self, name: str) -> Path:
        path = self.out_dir / name
        self.outputs.append(path)
        return path


def run_demo(ctx: DemoContext) -> None:
    for name in STEPS:
        importlib.import_module(name).run(ctx)
    ctx.heading(Msg("Ferdig", "Done"))
    print(tr("Demodatabase: {d}", "Demo database: {d}", d=ctx.db_url))
    print(tr("Utdatamappe: {o}", "Output folder: {o}", o=str(ctx.out_dir)))
    for path in ctx.outputs:
        print(f"  - {path}")
    print(
        tr(
            "Prøv selv: recoverykit --db {d} dept list",
            "Try it yourself: recoverykit --db {d} dept list",
            d=ctx.db_url,
        )
    )
