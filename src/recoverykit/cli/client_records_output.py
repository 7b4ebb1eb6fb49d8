"""How ``client network list`` and ``client goal list`` print."""

from __future__ import annotations

from recoverykit.cli.common import echo
from recoverykit.i18n import t, tr
from recoverykit.render.output import Column, print_rows
from recoverykit.services.client_records import Network, OwnGoal

STATUS = {
    "active": ("aktivt", "active"),
    "reached": ("nådd", "reached"),
    "dropped": ("lagt bort", "dropped"),
}


def _yes(v: object) -> str:
    return tr("ja", "yes") if v else tr("nei", "no")


def print_network(n: Network, fmt: str) -> None:
    rows = [
        {
            "id": m.id,
            "role": m.role,
            "closest_relative": m.closest_relative,
            "share_consent": m.share_consent,
            "feedback_consent": m.feedback_consent,
            "minor": m.minor,
            "note": m.note,
        }
        for m in n.members
    ]
    columns = [
        Column("id", "ID", justify="right"),
        Column("role", tr("Rolle", "Role")),
        Column("closest_relative", tr("Nærmeste pårørende", "Closest relative"), render=_yes),
        Column("share_consent", tr("Deling", "Sharing"), render=_yes),
        Column("feedback_consent", tr("Tilbakemelding", "Feedback"), render=_yes),
        Column("minor", tr("Under 18", "Under 18"), render=_yes),
        Column("note", tr("Merknad", "Note")),
    ]
    print_rows(
        rows,
        columns,
        fmt,
        empty=tr(
            "Ingen registrert i nettverket til {c}.",
            "Nobody recorded in {c}'s network.",
            c=n.client,
        ),
    )
    if fmt != "table":
        return
    if n.minors:
        echo(
            t(
                "Barn under 18: {k} (helsepersonelloven § 10 a: følg opp barnas behov).",
                "Children under 18: {k} (helsepersonelloven § 10 a: follow up the children's needs).",
                k=n.minors,
            )
        )
    else:
        echo(
            tr(
                "Ingen barn under 18 registrert. Er det avklart? (helsepersonelloven § 10 a)",
                "No children under 18 recorded. Has it been asked? (helsepersonelloven § 10 a)",
            )
        )


def print_goals(client: str, goals: list[OwnGoal], fmt: str) -> None:
    rows = [
        {
            "number": g.number,
            "text": g.text,
            "set_on": g.set_on,
            "status": g.status if fmt != "table" else tr(*STATUS[g.status]),
            "latest": g.latest,
            "ratings": " ".join(str(v) for _, v in g.ratings),
        }
        for g in goals
    ]
    columns = [
        Column("number", "#", justify="right"),
        Column("text", tr("Mål", "Goal")),
        Column("set_on", tr("Satt", "Set")),
        Column("status", tr("Status", "Status")),
        Column(
            "latest",
            tr("Siste (0–10)", "Latest (0–10)"),
            justify="right",
            render=lambda v: "–" if v is None else str(v),
        ),
        Column("ratings", tr("Vurderinger", "Ratings")),
    ]
    print_rows(
        rows,
        columns,
        fmt,
        empty=tr("{c} har ingen egne mål ennå.", "{c} has no own goals yet.", c=client),
    )
