"""Demo step: a unit moving from Excel imports its workbook (``data/fit_excel_eksempel.xlsx``:
three made-up clients, 2025) with ``fit import``, and importing it again adds nothing twice."""

from __future__ import annotations

from recoverykit.demo import DemoContext
from recoverykit.i18n import t
from recoverykit.resources import resource_path

WORKBOOK = "fit_excel_eksempel.xlsx"


def run(ctx: DemoContext) -> None:
    ctx.heading(t("7. FIT-tall fra Excel", "7. FIT scores from Excel"))
    path = resource_path("data") / WORKBOOK
    ctx.say(
        t(
            "En enhet som har ført ORS og SRS i Excel tar årene med seg. Kolonnene kjennes igjen "
            "fra overskriftene; hver rad sjekkes som i «fit record»; forløp bygges fra radene:",
            "A unit that kept ORS and SRS in Excel brings those years along. The columns are "
            "recognised from their headers; every row is checked as 'fit record' checks it; "
            "episodes are built from the rows:",
        )
    )
    ctx.run(["fit", "import", str(path)])
    ctx.say(
        t(
            "\nSamme fil en gang til legger ikke inn noe to ganger:",
            "\nThe same file once more adds nothing twice:",
        )
    )
    ctx.run(["fit", "import", str(path), "--quiet"])
