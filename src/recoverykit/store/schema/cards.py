"""Tables for: Values exercise and reflection cards.

The values exercise is stored apart from any client data: an exercise has an optional
pseudonymous participant code (never an identity number), an optional department and a date.
Its choices are list values (``value_id`` from ``data/values_no.yaml``, name as shown then) or
the participant's own values (``value_id`` NULL); ``kept`` marks the 5 kept of the 10 picked.
A card draw records which card a group got from which deck on which day, and in which cycle of
the rotation (``recoverykit.domain.cards``).
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from recoverykit.store.schema.base import created_at_field  # (also sets the naming convention)


class ValuesExercise(SQLModel, table=True):
    """One participant's values exercise (verdiøvelse) on a date."""

    __tablename__ = "values_exercise"

    id: int | None = Field(default=None, primary_key=True)
    participant: str | None = Field(default=None, max_length=40)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    done_on: date
    created_at: datetime = created_at_field()


class ValuesChoice(SQLModel, table=True):
    """A value picked in an exercise, in the order picked; ``kept`` for the final five."""

    __tablename__ = "values_choice"
    __table_args__ = (
        UniqueConstraint("exercise_id", "position"),
        CheckConstraint("length(name) BETWEEN 1 AND 80", name="name_length"),
    )

    id: int | None = Field(default=None, primary_key=True)
    exercise_id: int = Field(foreign_key="values_exercise.id", index=True)
    position: int
    value_id: str | None = Field(default=None, max_length=40)
    name: str = Field(max_length=80)
    kept: bool = False


class ValuesReflection(SQLModel, table=True):
    """An answer to one of the exercise's reflection questions (skipped ones are not stored)."""

    __tablename__ = "values_reflection"
    __table_args__ = (UniqueConstraint("exercise_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    exercise_id: int = Field(foreign_key="values_exercise.id", index=True)
    position: int
    question: str
    answer: str


class CardDraw(SQLModel, table=True):
    """A reflection card drawn for a group's meeting; ``group_key`` is the case-folded name."""

    __tablename__ = "card_draw"
    __table_args__ = (
        CheckConstraint("length(group_name) BETWEEN 1 AND 120", name="group_name_length"),
        CheckConstraint("cycle >= 0", name="cycle"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_name: str = Field(max_length=120)
    group_key: str = Field(max_length=120, index=True)
    deck_id: str = Field(max_length=40)
    card_id: str = Field(max_length=40)
    drawn_on: date
    cycle: int
    note: str | None = None
    created_at: datetime = created_at_field()
