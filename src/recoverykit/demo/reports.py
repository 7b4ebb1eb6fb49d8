"""Demo step: the unit's monthly report in Markdown and HTML, as cron would write it."""

from __future__ import annotations

from recoverykit.demo import DemoContext
from recoverykit.domain.periods import Month
from recoverykit.i18n import t


def run(ctx: DemoContext) -> None:
    ctx.heading(t("10. Månedsrapporten", "10. The monthly report"))
    ctx.say(
        t(
            "Serveren lager månedsrapporten fra cron: Markdown til intranettet og én HTML-fil "
            "med figurer som kan skrives ut på A4. Her for denne måneden, der demoen har data; "
            "fra cron utelates --month, og rapporten gjelder måneden som nettopp er slutt.",
            "The server makes the monthly report from cron: Markdown for the intranet and one "
            "HTML file with charts that prints on A4. Here for this month, where the demo has "
            "data; from cron --month is left out and the report covers the month that just "
            "ended.",
        )
    )
    month = Month.containing(ctx.today)
    ctx.run(["report", "monthly", "--month", month.code, "--out", str(ctx.out_dir)])
    for ext in ("md", "html"):
        ctx.output(f"monthly-{month.code}.{ext}")
