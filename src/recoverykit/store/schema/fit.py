"""Tables for: Feedback-informed treatment: clients, episodes, sessions, expected response.

Clients are pseudonymous codes (``K-0001``), never names or identity numbers. A client has one or
more episodes ("forløp"); an episode has numbered sessions, one per date. Items are stored as the
numbers the clinician entered (0.0–10.0, one decimal); the forms' wording is never stored
(DESIGN.md §4, licence).

``fit_episode.department_id`` and ``fit_session.department_id`` repeat the client's department at
the time, so that department summaries read one index range ((department_id, session_date) and
(department_id, closed_on)) without joins. ``fit_session.srs_alert`` records whether the session
raised an alliance alert under the settings of the day, so summaries count alerts in SQL.

``fit_expected`` holds the unit's own expected-response table (``ExpectedTable.to_mapping`` as
JSON), refitted when episodes close; one row, replaced on every refit.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from recoverykit.domain.fit.scoring import AgeGroup, CloseReason, Rater, sql_values
from recoverykit.store.schema.base import created_at_field  # (also sets the naming convention)

AGE_GROUPS = sql_values(AgeGroup)
CLOSE_REASONS = sql_values(CloseReason)
RATERS = sql_values(Rater)
ORS_ITEMS = ("ors1", "ors2", "ors3", "ors4")
SRS_ITEMS = ("srs1", "srs2", "srs3", "srs4")


class FitClient(SQLModel, table=True):
    """A client under a pseudonymous code; ``code_key`` is the case-folded code (unique)."""

    __tablename__ = "fit_client"
    __table_args__ = (
        CheckConstraint("length(code) BETWEEN 1 AND 32", name="code_length"),
        CheckConstraint(f"age_group IN {AGE_GROUPS}", name="age_group"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32)
    code_key: str = Field(max_length=32, unique=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    clinician: str = Field(max_length=120)
    clinician_key: str = Field(max_length=120, index=True)
    age_group: str = Field(max_length=16)
    created_at: datetime = created_at_field()


class FitEpisode(SQLModel, table=True):
    """A course of treatment ("forløp"), numbered per client; closed with a date and a reason."""

    __tablename__ = "fit_episode"
    __table_args__ = (
        UniqueConstraint("client_id", "number"),
        CheckConstraint("number >= 1", name="number"),
        CheckConstraint(
            f"close_reason IS NULL OR close_reason IN {CLOSE_REASONS}", name="close_reason"
        ),
        CheckConstraint("(closed_on IS NULL) = (close_reason IS NULL)", name="closed"),
        Index("ix_fit_episode_department_id_closed_on", "department_id", "closed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="fit_client.id")
    number: int
    department_id: int = Field(foreign_key="department.id")
    opened_on: date
    closed_on: date | None = None
    close_reason: str | None = Field(default=None, max_length=16)
    created_at: datetime = created_at_field()


def _item_checks(
    prefix: str, items: tuple[str, ...], nullable: bool
) -> tuple[CheckConstraint, ...]:
    checks = []
    for name in items:
        rule = f"{name} BETWEEN 0 AND 10"
        checks.append(CheckConstraint(f"{name} IS NULL OR {rule}" if nullable else rule, name=name))
    total = f"{prefix}_total BETWEEN 0 AND 40"
    checks.append(
        CheckConstraint(
            f"{prefix}_total IS NULL OR {total}" if nullable else total, name=f"{prefix}_total"
        )
    )
    return tuple(checks)


class FitSession(SQLModel, table=True):
    """One rater's ORS and SRS for one session date (each all four items or none; at least one).

    Several raters (the client, a parent, another collateral rater) can rate the same date; they
    share its ``session_no`` (sessions are numbered by date within the episode).
    """

    __tablename__ = "fit_session"
    __table_args__ = (
        UniqueConstraint("episode_id", "session_date", "rater"),
        Index("ix_fit_session_episode_id_session_no", "episode_id", "session_no"),
        Index("ix_fit_session_department_id_session_date", "department_id", "session_date"),
        CheckConstraint("session_no >= 1", name="session_no"),
        CheckConstraint(f"rater IN {RATERS}", name="rater"),
        *_item_checks("ors", ORS_ITEMS, nullable=False),
        CheckConstraint(
            "(ors1 IS NULL AND ors2 IS NULL AND ors3 IS NULL AND ors4 IS NULL AND ors_total IS NULL) "
            "OR (ors1 IS NOT NULL AND ors2 IS NOT NULL AND ors3 IS NOT NULL AND ors4 IS NOT NULL "
            "AND ors_total IS NOT NULL)",
            name="ors_complete",
        ),
        CheckConstraint("ors_total IS NOT NULL OR srs_total IS NOT NULL", name="some_rating"),
        *_item_checks("srs", SRS_ITEMS, nullable=True),
        CheckConstraint(
            "(srs1 IS NULL AND srs2 IS NULL AND srs3 IS NULL AND srs4 IS NULL "
            "AND srs_total IS NULL) OR (srs1 IS NOT NULL AND srs2 IS NOT NULL "
            "AND srs3 IS NOT NULL AND srs4 IS NOT NULL AND srs_total IS NOT NULL)",
            name="srs_complete",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int = Field(foreign_key="fit_episode.id")
    department_id: int = Field(foreign_key="department.id")
    session_no: int
    session_date: date
    rater: str = Field(max_length=8)
    ors1: float | None = None
    ors2: float | None = None
    ors3: float | None = None
    ors4: float | None = None
    ors_total: float | None = None
    srs1: float | None = None
    srs2: float | None = None
    srs3: float | None = None
    srs4: float | None = None
    srs_total: float | None = None
    srs_alert: bool = False
    created_at: datetime = created_at_field()


class FitExpected(SQLModel, table=True):
    """The unit's own expected-response table as JSON; one row, replaced on every refit."""

    __tablename__ = "fit_expected"

    id: int | None = Field(default=None, primary_key=True)
    table_json: str
    episodes: int
    fitted_at: datetime = Field(sa_type=DateTime())


class Correction(SQLModel, table=True):
    """A correction's history: what was changed or removed, before and after, who and when."""

    __tablename__ = "correction"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, index=True)  # "fit_session", "plan", "goal_result", ...
    action: str = Field(max_length=16)  # "edit", "remove", "undo", "replace", "update"
    target: str = Field(max_length=200)  # what it was, in words a user can search for
    before_json: str | None = None
    after_json: str | None = None
    actor: str = Field(max_length=120)
    at: datetime = created_at_field()
