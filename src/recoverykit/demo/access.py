"""Demo step: who may see what and who saw it: the access list, one client's access log, and
that client's own copy (an access request)."""

from __future__ import annotations

from recoverykit.demo import DemoContext
from recoverykit.i18n import t


def run(ctx: DemoContext) -> None:
    ctx.heading(
        t(
            "12. Tilgang, tilgangslogg og klientens egen kopi",
            "12. Access, the access log and the client's own copy",
        )
    )
    ctx.say(
        t(
            "Hvem har hvilke roller? (Uten tildelte tilganger er en SQLite-fil i enbrukermodus.)",
            "Who holds which roles? (With no grants, a SQLite file is in single-user mode.)",
        )
    )
    ctx.run(["access", "list"])
    code = _recorded_today(ctx)
    ctx.say(
        t(
            "Hvert oppslag på en klient blir registrert i tilgangsloggen: når, hvem, hva og hvor mange rader.",
            "Every access to a client is logged: when, who, what and how many rows.",
        )
    )
    ctx.run(["audit", "list", "--client", code])
    out = ctx.output(f"innsyn-{code}.html")
    ctx.say(
        t(
            "Klienten ber om innsyn: alt vi har om klienten, med loggen, i én fil.",
            "The client asks for access: everything we hold, with the log, in one file.",
        )
    )
    ctx.run(["client", "export", code, "--out", str(out)])


def _recorded_today(ctx: DemoContext) -> str:
    """The client whose session the FIT step recorded (and showed) today."""
    from recoverykit.services.store import open_store

    db = open_store(ctx.db_url)
    try:
        from recoverykit.store import fit as q

        code = q.demo_client_recorded_on(conn=db.connection(), day=ctx.today)
    finally:
        db.close()
    return str(code)
