"""Demo step: the values exercise in a department, a card for the leader meeting, cards to print."""

from __future__ import annotations

from recoverykit.demo import DemoContext
from recoverykit.i18n import t

# Six staff in BOLIG did the exercise (list numbers or names; typos are forgiven: "arlighet").
EXERCISES = (
    (
        "B01",
        "1,2,9,23,arlighet,Humor,Trygghet,Respekt,Hjelpe andre,Frihet",
        "arlighet,2,23,Respekt,Humor",
    ),
    (
        "B02",
        "Ærlighet,Respekt,Trygghet,Humor,Håp,Familie,Frihet,Sinnsro,Musikk,Naturen",
        "Ærlighet,Respekt,Håp,Trygghet,Familie",
    ),
    (
        "B03",
        "Ærlighet,Respekt,Hjelpe andre,Humor,Håp,Familie,Frihet,Mot,Balanse,Naturen",
        "Ærlighet,Hjelpe andre,Håp,Mot,Familie",
    ),
    (
        "B04",
        "Respekt,Trygghet,Humor,Håp,Frihet,Mot,Balanse,Sinnsro,Musikk,Hjelpe andre",
        "Respekt,Trygghet,Humor,Håp,Balanse",
    ),
    (
        "B05",
        "Ærlighet,Respekt,Trygghet,Humor,Håp,Familie,Frihet,Hjelpe andre,Sinnsro,Mot",
        "Ærlighet,Respekt,Håp,Frihet,Hjelpe andre",
    ),
)


def run(ctx: DemoContext) -> None:
    ctx.heading(
        t("9. Verdiøvelsen og refleksjonskortene", "9. The values exercise and reflection cards")
    )
    ctx.say(
        t(
            "Hver ansatt velger 10 verdier fra listen, beholder de 5 viktigste og reflekterer. "
            "I terminalen spør «values exercise» steg for steg; her brukes --pick og --keep.",
            "Each member of staff chooses 10 values from the list, keeps the 5 most important "
            "and reflects. In a terminal 'values exercise' asks step by step; here --pick and "
            "--keep are used.",
        )
    )
    ctx.run(["values", "list"])
    for code, pick, keep in EXERCISES:
        ctx.run(
            [
                "values",
                "exercise",
                "--participant",
                code,
                "--dept",
                "BOLIG",
                "--pick",
                pick,
                "--keep",
                keep,
            ]
        )
    ctx.run(
        [
            "values",
            "exercise",
            "--participant",
            "B06",
            "--dept",
            "BOLIG",
            "--pick",
            "Ærlighet,Respekt,Trygghet,Humor,Håp,Familie,Frihet,Hjelpe andre,Sinnsro",
            "--own",
            "Å bli sett",
            "--keep",
            "Ærlighet,Å bli sett,Håp,Humor,Respekt",
        ]
    )
    ctx.say(
        t(
            "Sammendraget er anonymt: ingen koder vises, og under 5 deltakere vises ingenting.",
            "The summary is anonymous: no codes are shown, and below 5 participants nothing is.",
        )
    )
    ctx.run(["values", "summary", "--dept", "BOLIG"])
    ctx.say(
        t(
            "Recovery-hjørnet på ledermøtet: ett kort, 15 minutter. Ingen kort kommer igjen før "
            "gruppa har sett hele kortstokken.",
            "The recovery corner at the leader meeting: one card, 15 minutes. No card comes back "
            "before the group has seen the whole deck.",
        )
    )
    day = ctx.today.isoformat()
    ctx.run(
        ["cards", "draw", "--deck", "recovery-hjornet", "--group", "ledergruppa", "--date", day]
    )
    ctx.run(["cards", "note", "1", "Vi avtalte å spørre ansatte hva de har prøvd siden sist."])
    ctx.run(["cards", "history", "--group", "ledergruppa"])
    pdf = ctx.output("refleksjonskort.pdf")
    ctx.run(["cards", "print", "--all", "--cover", "--per-page", "6", "--out", str(pdf)])
