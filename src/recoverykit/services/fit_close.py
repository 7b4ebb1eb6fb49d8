"""``fit close``: an episode ends, with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recoverykit.domain.dates import parse_date
from recoverykit.domain.text import match_key
from recoverykit.errors import Conflict, Field, InvalidInput
from recoverykit.i18n import Msg, t
from recoverykit.services import access
from recoverykit.services.fit import CLOSE_REASONS, guard_inputs, require_client
from recoverykit.store import fit as q
from recoverykit.store.connection import Database, as_date

# --- fit close ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CloseResult:
    client: str
    episode: int
    closed_on: date
    reason: str
    sessions: int
    refitted: bool


def close_episode(
    db: Database, code: str, reason: str, day: str | None, today: date
) -> CloseResult:
    guard_inputs((Field("reason"), reason), (Field("date"), day))
    if reason not in CLOSE_REASONS:
        raise InvalidInput(
            Field("reason"),
            t(
                "«{v}» er ikke tillatt; velg {a}",
                "'{v}' is not allowed; choose {a}",
                v=reason,
                a=" | ".join(CLOSE_REASONS),
            ),
        )
    when = today if day is None else parse_date(Field("date"), day)
    if when > today:
        raise InvalidInput(
            Field("date"),
            t("{d} er i fremtiden", "{d} is in the future", d=when),
        )
    with db.write() as conn:
        client = require_client(conn, code)
        access.require_client_access(
            db, conn, client["department_id"], t("avslutte forløp", "close episodes")
        )
        if client["episode_number"] is None or client["closed_on"] is not None:
            raise Conflict(
                "CLIENT",
                t(
                    "klienten «{c}» har ikke noe åpent forløp",
                    "client '{c}' has no open episode",
                    c=client["code"],
                ),
            )
        sessions = q.episode_sessions(conn=conn, episode_id=client["episode_id"])
        last = max(
            (d for s in sessions if (d := as_date(s["session_date"])) is not None), default=None
        )
        first_day = last or as_date(client["opened_on"])
        if first_day is not None and when < first_day:
            raise InvalidInput(
                Field("date"),
                t(
                    "{d} er før siste samtale i forløpet ({l})",
                    "{d} is before the episode's last session ({l})",
                    d=when,
                    l=first_day,
                ),
            )
        q.close_episode(conn=conn, episode_id=client["episode_id"], closed_on=when, reason=reason)
        access.log(
            db,
            conn,
            "fit.close",
            client_key=match_key(client["code"]),
            department=client["department"],
            rows=1,
        )
    from recoverykit.services.fit_expected import refit_after_close

    refitted = refit_after_close(db, today)
    return CloseResult(
        client["code"], int(client["episode_number"]), when, reason, len(sessions), refitted
    )


def close_reason_text(reason: str) -> Msg:
    return {
        "planned": t("planlagt avslutning", "planned ending"),
        "dropped-out": t("avbrutt", "dropped out"),
        "moved": t("flyttet", "moved"),
        "other": t("annet", "other"),
    }[reason]
