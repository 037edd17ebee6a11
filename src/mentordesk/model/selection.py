"""Selecting mentors and forming pairs: questionnaires, interviews, training, preferences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .enums import ConstraintKind, ItemKind, QuestionnairePurpose, db_enum
from .org import Person


class QuestionnaireTemplate(Base):
    __tablename__ = "questionnaire_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[QuestionnairePurpose] = mapped_column(
        db_enum(QuestionnairePurpose, "questionnaire_purpose")
    )
    # "mentor", "mentee" or "both"
    audience: Mapped[str] = mapped_column(String(20), default="both")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)

    items: Mapped[list[QuestionnaireItem]] = relationship(
        back_populates="template", cascade="all, delete-orphan",
        order_by="QuestionnaireItem.position",
    )

    __table_args__ = (
        CheckConstraint("audience IN ('mentor', 'mentee', 'both')", name="audience_known"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
    )


class QuestionnaireItem(Base):
    __tablename__ = "questionnaire_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_templates.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[ItemKind] = mapped_column(db_enum(ItemKind, "item_kind"))
    scale_min: Mapped[int | None] = mapped_column(Integer)
    scale_max: Mapped[int | None] = mapped_column(Integer)
    choices: Mapped[str] = mapped_column(Text, default="")  # one choice a line

    template: Mapped[QuestionnaireTemplate] = relationship(back_populates="items")

    __table_args__ = (
        CheckConstraint(
            "kind <> 'scale' OR (scale_min IS NOT NULL AND scale_max IS NOT NULL "
            "AND scale_min < scale_max)",
            name="scale_bounds",
        ),
    )


class QuestionnaireResponse(Base):
    """One filled-in questionnaire."""

    __tablename__ = "questionnaire_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_templates.id", ondelete="RESTRICT")
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE")
    )
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    filled_on: Mapped[date] = mapped_column(Date)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(Base):
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_responses.id", ondelete="CASCADE")
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_items.id", ondelete="CASCADE"))
    value_number: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[QuestionnaireResponse] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("response_id", "item_id"),)


class Interview(Base):
    """An interview (собеседование) with a mentor candidate."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(
        ForeignKey("mentor_profiles.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    interviewer: Mapped[str] = mapped_column(String(300), default="")
    recommended: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")


class TrainingSession(Base):
    """A training session for mentors, with its date and hours."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500))
    held_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Numeric(5, 1), default=1)
    trainer: Mapped[str] = mapped_column(String(300), default="")

    attendance: Mapped[list[TrainingAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint("hours > 0", name="hours_positive"),)


class TrainingAttendance(Base):
    __tablename__ = "training_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentor_profiles.id", ondelete="CASCADE"))
    attended: Mapped[bool] = mapped_column(Boolean, default=True)

    session: Mapped[TrainingSession] = relationship(back_populates="attendance")

    __table_args__ = (UniqueConstraint("session_id", "mentor_id"),)


class Preference(Base):
    """A choice made after the general meeting: `chooser` names `chosen` at `rank` (1 = first)."""

    __tablename__ = "preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    chooser_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    chosen_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    chooser: Mapped[Person] = relationship(foreign_keys=[chooser_id])
    chosen: Mapped[Person] = relationship(foreign_keys=[chosen_id])

    __table_args__ = (
        UniqueConstraint("programme_id", "chooser_id", "rank"),
        UniqueConstraint("programme_id", "chooser_id", "chosen_id"),
        CheckConstraint("rank >= 1 AND rank <= 10", name="rank_range"),
        CheckConstraint("chooser_id <> chosen_id", name="not_self"),
    )


class MatchConstraint(Base):
    """A pair the curator pinned or forbade, honoured by the matcher."""

    __tablename__ = "match_constraints"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentor_profiles.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentee_profiles.id", ondelete="CASCADE"))
    kind: Mapped[ConstraintKind] = mapped_column(db_enum(ConstraintKind, "constraint_kind"))
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("programme_id", "mentor_id", "mentee_id"),)


class MatchWeight(Base):
    """The curator's weight of one score component of the matcher, per programme."""

    __tablename__ = "match_weights"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    component: Mapped[str] = mapped_column(String(30), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)

    __table_args__ = (CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),)
