"""Demo step: the unit and its departments, each with a recovery contact."""

from __future__ import annotations

from recoverykit.demo import DemoContext
from recoverykit.i18n import t

# A fictional unit shaped like the seeds' services (Mestringsenheten has seven departments).
DEPARTMENTS = (
    ("BOLIG", "Bofellesskap og boligoppfølging", "Kari Nordmann"),
    ("OPPF", "Oppfølgingstjenesten", "Ola Hansen"),
    ("RUS", "Rusteamet", "Aisha Berg"),
    ("AKT", "Aktivitet og arbeid", "Per Ødegård"),
    ("LAVT", "Lavterskeltilbudet «Huset»", "Åse Lie"),
)


def run(ctx: DemoContext) -> None:
    ctx.heading(t("1. Enheten og avdelingene", "1. The unit and its departments"))
    ctx.say(
        t(
            "Én database er én enhet. Hver avdeling har en recoverykontakt som driver arbeidet der.",
            "One database is one unit. Each department has a recovery contact who drives the work there.",
        )
    )
    ctx.run(["init"])
    for code, name, contact in DEPARTMENTS:
        ctx.run(["dept", "add", code, name, "--recovery-contact", contact])
    ctx.run(["dept", "list"])
    ctx.run(["db", "check"])
