"""Demo step: the implementation plans, the departments' goals, sharing and competence."""

from __future__ import annotations

from datetime import timedelta

from recoverykit.demo import DemoContext
from recoverykit.domain.periods import Period
from recoverykit.i18n import t
from recoverykit.resources import resource_path

BOOKLET = "RECOVERY – en veileder for alle ansatte"
STAFF = (
    ("Kari Nordmann", "BOLIG", "sykepleier", False),
    ("Jonas Lund", "BOLIG", "miljøterapeut", False),
    ("Mona Eide", "BOLIG", "erfaringskonsulent", True),
    ("Ola Hansen", "OPPF", "sosionom", False),
    ("Sara Nilsen", "OPPF", "vernepleier", False),
    ("Aisha Berg", "RUS", "psykolog", False),
    ("Per Ødegård", "AKT", "aktivitør", False),
)


def run(ctx: DemoContext) -> None:
    plans = resource_path("data") / "plans"
    period = Period.containing(ctx.today)

    def day(n: int) -> str:
        return min(period.start + timedelta(days=n), ctx.today).isoformat()

    ctx.heading(t("2. Implementeringsplanen", "2. The implementation plan"))
    ctx.say(
        t(
            "Ledergruppa vedtar en plan med nummererte tiltak. Her er Sandnes' to planer fra "
            "2015 og 2016; status oppdateres etter hvert, og hver endring logges med dato.",
            "The leadership group adopts a plan of numbered measures. Here are Sandnes' two "
            "plans from 2015 and 2016; statuses are updated as work goes on, each change logged "
            "with its date.",
        )
    )
    ctx.run(["plan", "import", str(plans / "sandnes-2015-host.yaml")])
    ctx.run(["plan", "import", str(plans / "sandnes-2016.yaml")])
    ctx.run(["plan", "list"])
    ctx.run(["plan", "measure", "set", "1", "1", "--status", "done", "--date", "2015-11-02",
             "--note", "Heftet delt ut på personalmøtene"])  # fmt: skip
    ctx.run(["plan", "measure", "set", "1", "3", "--status", "done", "--date", "2015-12-01"])
    ctx.run(["plan", "measure", "set", "1", "5", "--status", "ongoing", "--date", "2016-01-13",
             "--note", "Onsdagsundervisningen er nå fast"])  # fmt: skip
    ctx.run(["plan", "measure", "set", "1", "6", "--status", "dropped", "--date", "2016-02-01",
             "--note", "Erstattet av Pulsen-sidene i plan 2"])  # fmt: skip
    ctx.run(["plan", "measure", "set", "2", "3", "--status", "in-progress", "--date", "2016-11-09",
             "--note", "Første deling på Pulsen i november"])  # fmt: skip
    ctx.run(["plan", "measure", "set", "2", "4", "--status", "done", "--date", "2016-12-14",
             "--evaluation", "Alle avdelinger laget mål; to av fem delte resultatet."])  # fmt: skip
    # The 2015 plan was evaluated and closed when the 2016 plan was adopted (its measure 7).
    ctx.run(["plan", "measure", "set", "1", "2", "--status", "done", "--date", "2016-03-01"])
    ctx.run(["plan", "measure", "set", "1", "4", "--status", "done", "--date", "2016-03-01",
             "--note", "Rapporten ligger på Pulsen"])  # fmt: skip
    ctx.run(["plan", "measure", "set", "1", "7", "--status", "done", "--date", "2016-09-29",
             "--evaluation", "Evaluert med erfaringskonsulenter; videreført i planen av 29.09.16."])  # fmt: skip
    # This year's work on the 2016 plan: one measure with a due date that has passed, one started.
    ctx.run(
        ["plan", "measure", "set", "2", "2", "--due", (ctx.today - timedelta(days=40)).isoformat()]
    )
    ctx.run(["plan", "measure", "set", "2", "2a", "--status", "in-progress",
             "--date", ctx.today.isoformat(), "--note", "Kartleggingssamtalen prøves ut i BOLIG"])  # fmt: skip
    ctx.say(
        t(
            "\nDet lederne ser på i recovery-hjørnet (på en smal skjerm står tiltaksteksten under "
            "raden, og --wide viser alt på én linje):",
            "\nWhat leaders look at in the recovery corner (on a narrow screen the measure's "
            "text goes under its row, and --wide shows everything on one line):",
        )
    )
    ctx.run(["plan", "status"])

    ctx.heading(t("3. Målbare mål", "3. Measurable goals"))
    ctx.say(
        t(
            "Hver avdeling lager ett eller to målbare mål for halvåret, måler underveis, "
            "skriver hvordan det gikk og deler det.",
            "Each department makes one or two measurable goals for the half-year, measures as "
            "it goes, writes how it went and shares it.",
        )
    )
    code = period.code
    ctx.run(["goals", "add", "BOLIG", code, "Flere beboere har en plan de selv har skrevet",
             "--indicator", "andel beboere med egen plan", "--unit", "%",
             "--baseline", "40", "--target", "80"])  # fmt: skip
    ctx.run(["goals", "add", "RUS", code, "Færre avbrutte samtaler",
             "--indicator", "avbrutte samtaler per måned", "--baseline", "12", "--target", "6"])  # fmt: skip
    for value, n in (("45", 20), ("55", 60), ("65", 100)):
        ctx.run(["goals", "reading", "1", value, "--date", day(n)])
    for value, n in (("11", 30), ("9", 90)):
        ctx.run(["goals", "reading", "2", value, "--date", day(n)])
    ctx.run(["goals", "shared", "1", "--where", "Onsdagsundervisningen", "--date", day(100)])
    ctx.run(["goals", "list", "--period", code])

    ctx.heading(t("4. Delekultur", "4. Sharing culture"))
    ctx.run(["share", "add", "OPPF", "Dette er vi gode til: «ingen møter om meg, uten meg»",
             "--where", "Pulsen", "--date", day(40)])  # fmt: skip
    ctx.run(["share", "add", "BOLIG", "Beboermøtet planlegger selv aktivitetene",
             "--where", "Internrevisjonen", "--date", day(70)])  # fmt: skip
    ctx.run(["share", "list"])

    ctx.heading(t("5. Minste felles kunnskapsgrunnlag", "5. Required reading and courses"))
    for name, dept, role, peer in STAFF:
        ctx.run(["staff", "add", name, "--dept", dept, "--role", role,
                 *(["--peer-worker"] if peer else [])])  # fmt: skip
    for name in ("Kari Nordmann", "Mona Eide", "Ola Hansen", "Aisha Berg"):
        ctx.run(["staff", "read", name, BOOKLET, "--date", day(10)])
    ctx.run(["staff", "require", "--course", "MI"])
    for name in ("Kari Nordmann", "Sara Nilsen"):
        ctx.run(["staff", "train", name, "MI", "--date", day(50)])
    ctx.run(["staff", "leave", "Jonas Lund", "--date", day(80)])
    ctx.run(["staff", "coverage"])
