"""Tables for: questionnaires (surveys), the client's network, own recovery goals, meetings.

All of it is client-level data under a pseudonymous client code (``fit_client``): the network is
kept by role, never by name; free text is guarded for identity numbers before it is stored.

- ``survey_response``: one filled-in questionnaire (instrument id and version from the registry,
  who rated, the date); ``department_id`` repeats the client's department at the time so that
  department summaries read one index range. ``network_id`` names the relative who answered a
  family/network form (by role).
- ``survey_answer``: each item as given: a value, missing, not applicable or not important, and the
  text of a free-text item.
- ``survey_score``: the scores computed when the response was recorded (per subscale; NULL when
  withheld), so summaries aggregate in SQL with the rule of the day.
- ``client_network``: people around the client by role, nærmeste pårørende, consent to share
  information and to give feedback, and children under 18 (helsepersonelloven § 10 a).
- ``client_goal`` / ``client_goal_rating``: the person's own recovery goals in their own words,
  numbered per client, rated 0–10 over time, reached or dropped.
- ``meeting``: meetings about a person and whether they took part ("ingen møter om meg, uten meg").
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from recoverykit.store.schema.base import created_at_field

SURVEY_RATERS = "('client', 'family', 'network', 'staff')"
ANSWER_STATES = "('answered', 'missing', 'not-applicable', 'not-important')"
GOAL_STATUSES = "('active', 'reached', 'dropped')"
MEETING_KINDS = "('treatment', 'coordination', 'network', 'other')"
PRESENCE = "('yes', 'no', 'partly')"


class ClientNetwork(SQLModel, table=True):
    __tablename__ = "client_network"
    __table_args__ = (CheckConstraint("length(role) BETWEEN 1 AND 40", name="role_length"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="fit_client.id", index=True)
    role: str = Field(max_length=40)
    role_key: str = Field(max_length=40)
    closest_relative: bool = False
    share_consent: bool = False
    feedback_consent: bool = False
    minor: bool = False
    note: str | None = None
    created_at: datetime = created_at_field()


class SurveyResponse(SQLModel, table=True):
    __tablename__ = "survey_response"
    __table_args__ = (
        CheckConstraint(f"rater IN {SURVEY_RATERS}", name="rater"),
        Index("ix_survey_response_department_id_answered_on", "department_id", "answered_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="fit_client.id", index=True)
    department_id: int = Field(foreign_key="department.id")
    instrument: str = Field(max_length=40)
    version: str = Field(max_length=20)
    rater: str = Field(max_length=8)
    network_id: int | None = Field(default=None, foreign_key="client_network.id")
    answered_on: date
    created_at: datetime = created_at_field()


class SurveyAnswer(SQLModel, table=True):
    __tablename__ = "survey_answer"
    __table_args__ = (
        UniqueConstraint("response_id", "item"),
        CheckConstraint(f"state IN {ANSWER_STATES}", name="state"),
        CheckConstraint("item >= 1", name="item"),
    )

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="survey_response.id")
    item: int
    state: str = Field(max_length=16)
    value: float | None = None
    text: str | None = None


class SurveyScore(SQLModel, table=True):
    __tablename__ = "survey_score"
    __table_args__ = (UniqueConstraint("response_id", "subscale"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="survey_response.id")
    subscale: str = Field(max_length=40)
    score: float | None = None
    scored: int
    missing: int


class ClientGoal(SQLModel, table=True):
    __tablename__ = "client_goal"
    __table_args__ = (
        UniqueConstraint("client_id", "number"),
        CheckConstraint(f"status IN {GOAL_STATUSES}", name="status"),
        CheckConstraint("number >= 1", name="number"),
        CheckConstraint("(status = 'active') = (closed_on IS NULL)", name="closed"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="fit_client.id")
    number: int
    text: str
    set_on: date
    status: str = Field(max_length=8)
    closed_on: date | None = None
    created_at: datetime = created_at_field()


class ClientGoalRating(SQLModel, table=True):
    __tablename__ = "client_goal_rating"
    __table_args__ = (
        UniqueConstraint("goal_id", "rated_on"),
        CheckConstraint("value BETWEEN 0 AND 10", name="value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="client_goal.id")
    rated_on: date
    value: int


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint(f"kind IN {MEETING_KINDS}", name="kind"),
        CheckConstraint(f"present IN {PRESENCE}", name="present"),
        Index("ix_meeting_department_id_held_on", "department_id", "held_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="fit_client.id", index=True)
    department_id: int = Field(foreign_key="department.id")
    held_on: date
    kind: str = Field(max_length=16)
    present: str = Field(max_length=8)
    note: str | None = None
    created_at: datetime = created_at_field()
