"""Demo step: FIT with a few hundred synthetic clients over two years, one session recorded with
the real ``fit record``, the graph for that client, and a department summary."""

from __future__ import annotations

from datetime import timedelta

from recoverykit.demo import DemoContext
from recoverykit.i18n import t, whole

# The synthetic generator's departments A01…A05 become the demo unit's departments.
DEPARTMENTS = {"A01": "BOLIG", "A02": "OPPF", "A03": "RUS", "A04": "AKT", "A05": "LAVT"}
CLIENTS = 300


def _load(ctx: DemoContext) -> tuple[int, int, int]:
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.services.store import open_store
    from recoverykit.store.fit import bulk_insert_synthetic

    unit = generate(
        seed=ctx.seed,
        clients=CLIENTS,
        start=ctx.today - timedelta(days=730),
        end=ctx.today - timedelta(days=1),
        departments=len(DEPARTMENTS),
    )
    db = open_store(ctx.db_url)
    try:
        with db.write() as conn:
            counts = bulk_insert_synthetic(conn=conn, unit=unit, departments=DEPARTMENTS)
    finally:
        db.close()
    return counts.clients, counts.episodes, counts.sessions


def _open_client(ctx: DemoContext) -> str:
    """A synthetic client in OPPF with an open episode of a few sessions, last seen a week ago."""
    from recoverykit.services.store import open_store

    db = open_store(ctx.db_url)
    try:
        from recoverykit.store.fit import demo_open_client

        code = demo_open_client(conn=db.connection(), department_code="OPPF", before=ctx.today)
    finally:
        db.close()
    return str(code)


def run(ctx: DemoContext) -> None:
    ctx.heading(
        t(
            "6. FIT: ORS ved start og SRS ved slutt av hver samtale",
            "6. FIT: ORS at the start and SRS at the end of every session",
        )
    )
    ctx.say(
        t(
            "recoverykit lagrer tallene en lisensiert fagperson taster inn, og viser aldri "
            "skjemaenes ordlyd (ORS/SRS © Miller & Duncan). Klienter har pseudonyme koder; et "
            "fødselsnummer blir avvist uten å bli gjentatt.",
            "recoverykit stores the numbers a licensed clinician enters and never shows the "
            "forms' wording (ORS/SRS © Miller & Duncan). Clients have pseudonymous codes; an "
            "identity number is refused without being repeated.",
        )
    )
    clients, episodes, sessions = _load(ctx)
    ctx.say(
        t(
            "\nLa inn {c} syntetiske klienter med {e} forløp og {s} samtaler over to år "
            "(generert med fast startverdi; ingen virkelige personer).",
            "\nLoaded {c} synthetic clients with {e} episodes and {s} sessions over two years "
            "(seeded generator, no real people).",
            c=whole(clients),
            e=whole(episodes),
            s=whole(sessions),
        )
    )
    ctx.say(
        t(
            "\nForventet bedring tilpasses fra enhetens egne avsluttede forløp, ikke fra "
            "leverandørenes kurver:",
            "\nExpected response is fitted from the unit's own closed episodes, not from the "
            "vendors' curves:",
        )
    )
    ctx.run(["fit", "expected", "--refit"])
    ctx.say(
        t(
            "\nEr modellen til å stole på? Hvert avsluttede forløp vurderes mot en modell uten "
            "seg selv, og andelen som flagges sammenlignes med den nominelle:",
            "\nCan the model be trusted? Each closed episode is judged by a model without "
            "itself, and the share flagged is compared with the nominal rate:",
        )
    )
    ctx.run(["fit", "expected", "--validate"])
    code = _open_client(ctx)
    ctx.say(
        t(
            "\nEtter samtalen legger fagpersonen inn ORS- og SRS-svarene og får tilbakemelding "
            "med en gang:",
            "\nRight after a session the clinician records ORS and SRS and gets the answer at once:",
        )
    )
    ctx.run(
        ["fit", "record", code, "--ors", "6", "5,5", "6", "6,5", "--srs", "9,5", "9", "8,5", "9,5"]
    )
    ctx.say(
        t(
            "\nEn tastefeil? Rett den; historikken tar vare på hva det var før og etter, hvem "
            "og når:",
            "\nA typo? Correct it; the history keeps what it was before and after, who and when:",
        )
    )
    ctx.run(
        ["fit", "session", "edit", code, "--date", ctx.today.isoformat(),
         "--ors", "6", "5,5", "6", "7"]
    )  # fmt: skip
    ctx.run(["history", "--kind", "fit_session"])
    ctx.say(t("\nGrafen de ser på sammen:", "\nThe graph they look at together:"))
    ctx.run(["fit", "show", code, "--svg", str(ctx.output(f"fit-{code}.svg"))])
    half = ctx.today.year if ctx.today.month > 6 else ctx.today.year - 1
    period = f"{half}H1" if ctx.today.month > 6 else f"{half}H2"
    ctx.say(
        t(
            "\nSammendrag for en avdeling for forrige halvår; små grupper skjules. Sammendraget "
            "viser ikke tall for enkeltfagpersoner og rangerer verken fagpersoner eller "
            "avdelinger:",
            "\nSummary for a department for the last half-year; small groups are hidden and no "
            "clinicians are listed or ranked:",
        )
    )
    ctx.run(["fit", "summary", "--dept", "RUS", "--period", period])
