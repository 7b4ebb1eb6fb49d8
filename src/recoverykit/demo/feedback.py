"""Demo step (issue 14): INSPIRE, the client's network and consent, feedback from a relative, the
person's own recovery goals, and meetings with the person present, for a few synthetic clients in
OPPF; then the department goal "ingen møter om meg, uten meg" that reads itself from the meetings.
"""

from __future__ import annotations

from datetime import timedelta

from recoverykit.demo import DemoContext
from recoverykit.i18n import t

DEPT = "OPPF"
CLIENTS = 8


def _clients(ctx: DemoContext) -> list[str]:
    from recoverykit.services.store import open_store

    db = open_store(ctx.db_url)
    try:
        from recoverykit.store import fit as q

        return q.demo_department_clients(conn=db.connection(), department_code=DEPT, limit=CLIENTS)
    finally:
        db.close()


def _quietly(ctx: DemoContext, codes: list[str]) -> None:
    """The other clients' forms, goals and meetings, recorded through the same services."""
    from recoverykit.services import client_records, meetings, surveys
    from recoverykit.services.store import open_store

    db = open_store(ctx.db_url)
    try:
        for i, code in enumerate(codes):
            first = ctx.today - timedelta(days=70 + i)
            later = ctx.today - timedelta(days=10 + i)
            low = str(1 + i % 2)
            high = str(2 + i % 3)
            surveys.record_survey(db, code, "brief-inspire", [low, "2", low, "2", "1"], day=first.isoformat(), today=ctx.today)  # fmt: skip
            surveys.record_survey(db, code, "brief-inspire", [high, "3", high, "3", "2"], day=later.isoformat(), today=ctx.today)  # fmt: skip
            client_records.add_goal(db, code, "Komme meg ut av leiligheten hver dag", first.isoformat(), ctx.today)  # fmt: skip
            client_records.rate_goal(db, code, "1", str(3 + i % 4), later.isoformat(), ctx.today)
            if i % 3 == 0:
                client_records.close_goal(db, code, "1", "reached", later.isoformat(), ctx.today)
            for k in range(3):
                present = ("yes", "yes", "partly", "no")[(i + k) % 4]
                day = (ctx.today - timedelta(days=5 + 9 * k + i)).isoformat()
                meetings.add_meeting(db, code, day=day, kind="treatment", present=present, today=ctx.today)  # fmt: skip
    finally:
        db.close()


def run(ctx: DemoContext) -> None:
    ctx.heading(
        t(
            "8. INSPIRE, pårørende, egne mål og møter",
            "8. INSPIRE, relatives, own goals and meetings",
        )
    )
    codes = _clients(ctx)
    if len(codes) < 2:
        return
    code, others = codes[0], codes[1:]
    ctx.say(
        t(
            "Instrumentregisteret: skjemaene er data (YAML), med kilde, lisens og skåringsregel.",
            "The instrument registry: the forms are data (YAML), with source, licence and scoring.",
        )
    )
    ctx.run(["instrument", "list"])
    ctx.say(
        t(
            "\nBrief INSPIRE: klientens syn på hvordan hjelperen støtter recovery (0–4 per ledd):",
            "\nBrief INSPIRE: the client's view of how the worker supports recovery (0–4 per item):",
        )
    )
    earlier = (ctx.today - timedelta(days=60)).isoformat()
    ctx.run(["survey", "record", code, "brief-inspire", "2", "2", "1", "2", "1", "--date", earlier])
    ctx.run(["survey", "record", code, "brief-inspire", "3", "3", "2", "3", "2"])
    ctx.say(
        t(
            "\nNettverket etter rolle, aldri navn; tilbakemelding fra familie krever samtykke:",
            "\nThe network by role, never by name; feedback from family needs consent:",
        )
    )
    ctx.run(["client", "network", "add", code, "mor", "--closest", "--share", "yes", "--feedback", "yes"])  # fmt: skip
    ctx.run(["client", "network", "add", code, "datter", "--minor"])
    ctx.run(["survey", "record", code, "family-feedback", "7", "6", "na", "8", "7", "Mer kontakt før jul", "--rater", "family", "--relative", "mor"])  # fmt: skip
    ctx.say(t("\nPersonens egne recoverymål:", "\nThe person's own recovery goals:"))
    ctx.run(["client", "goal", "add", code, "Begynne å spille gitar igjen", "--date", earlier])
    ctx.run(["client", "goal", "rate", code, "1", "3", "--date", earlier])
    ctx.run(["client", "goal", "rate", code, "1", "6"])
    ctx.run(["meeting", "add", code, "--date", ctx.today.isoformat(), "--kind", "coordination", "--present", "yes"])  # fmt: skip
    _quietly(ctx, others)
    ctx.run(["survey", "show", code, "--svg", str(ctx.output(f"survey-{code}.svg"))])
    ctx.run(["fit", "show", code, "--svg", str(ctx.output(f"fit-goals-{code}.svg"))])
    half = f"{ctx.today.year}H{1 if ctx.today.month <= 6 else 2}"
    ctx.say(
        t(
            "\n«Ingen møter om meg, uten meg» som avdelingsmål: målingene regnes fra møtene.",
            "\n“No meeting about me without me” as a department goal: readings come from the "
            "meetings.",
        )
    )
    ctx.run(["goals", "add", DEPT, half, "Ingen møter om meg, uten meg", "--indicator", "meetings-present", "--baseline", "50", "--target", "90", "--force"])  # fmt: skip
    ctx.run(["goals", "list", "--dept", DEPT, "--period", half])
    ctx.run(["survey", "summary", "--dept", DEPT, "--period", half])
