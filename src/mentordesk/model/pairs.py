"""Pairs and groups, their development plans and meetings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, utcnow
from .bases import MenteeProfile, MentorProfile
from .enums import MeetingKind, PairStatus, PlanTitle, db_enum
from .programme import MentoringForm, Programme, RoleModel


class Pair(Timestamped, Base):
    """A mentoring pair, or a group when the mentor has several mentees."""

    __tablename__ = "pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    mentor_id: Mapped[int] = mapped_column(
        ForeignKey("mentor_profiles.id", ondelete="RESTRICT"), index=True
    )
    form_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_forms.id", ondelete="RESTRICT"))
    role_model_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_models.id", ondelete="RESTRICT")
    )
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[PairStatus] = mapped_column(
        db_enum(PairStatus, "pair_status"), default=PairStatus.DRAFT
    )
    order_number: Mapped[str] = mapped_column(String(50), default="")
    order_date: Mapped[date | None] = mapped_column(Date)
    closure_reason: Mapped[str] = mapped_column(Text, default="")
    venue: Mapped[str] = mapped_column(String(300), default="")  # место реализации

    programme: Mapped[Programme] = relationship()
    mentor: Mapped[MentorProfile] = relationship()
    form: Mapped[MentoringForm | None] = relationship()
    role_model: Mapped[RoleModel | None] = relationship()
    members: Mapped[list[PairMember]] = relationship(
        back_populates="pair", cascade="all, delete-orphan"
    )
    history: Mapped[list[PairStatusChange]] = relationship(
        back_populates="pair", cascade="all, delete-orphan", order_by="PairStatusChange.at"
    )

    __table_args__ = (
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="period_order"
        ),
        CheckConstraint(
            "status NOT IN ('approved', 'active') OR length(order_number) > 0",
            name="approved_has_order",
        ),
    )

    @property
    def is_group(self) -> bool:
        return sum(1 for m in self.members if m.left_on is None) > 1


class PairMember(Base):
    """A mentee in a pair or group; `left_on` is set when the composition changes."""

    __tablename__ = "pair_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_profiles.id", ondelete="RESTRICT"), index=True
    )
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    pair: Mapped[Pair] = relationship(back_populates="members")
    mentee: Mapped[MenteeProfile] = relationship()

    __table_args__ = (
        UniqueConstraint("pair_id", "mentee_id"),
        CheckConstraint(
            "left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on", name="left_after_join"
        ),
    )


class PairStatusChange(Base):
    """The history of a pair: every status change and change of composition, with its reason."""

    __tablename__ = "pair_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    from_status: Mapped[PairStatus | None] = mapped_column(db_enum(PairStatus, "pair_status_from"))
    to_status: Mapped[PairStatus] = mapped_column(db_enum(PairStatus, "pair_status_to"))
    reason: Mapped[str] = mapped_column(Text, default="")

    pair: Mapped[Pair] = relationship(back_populates="history")


class DevelopmentPlan(Timestamped, Base):
    """An individual development plan (ИПР) or route (ИОМ) for one mentee in a pair."""

    __tablename__ = "development_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentee_profiles.id", ondelete="CASCADE"))
    title: Mapped[PlanTitle] = mapped_column(db_enum(PlanTitle, "plan_title"), default=PlanTitle.IPR)
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    results: Mapped[str] = mapped_column(Text, default="")
    reflection: Mapped[str] = mapped_column(Text, default="")
    approved_on: Mapped[date | None] = mapped_column(Date)

    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanItem.position"
    )

    __table_args__ = (UniqueConstraint("pair_id", "mentee_id"),)


class PlanItem(Base):
    """№ · мероприятие · срок · ожидаемый результат / форма отчётности · отметка о выполнении."""

    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("development_plans.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    activity: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    due_text: Mapped[str] = mapped_column(String(200), default="")
    expected_result: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_note: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[DevelopmentPlan] = relationship(back_populates="items")

    __table_args__ = (CheckConstraint("length(activity) > 0", name="activity_not_empty"),)


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(db_enum(MeetingKind, "meeting_kind"))
    held_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)

    attendance: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="duration_positive"),
    )


class MeetingAttendance(Base):
    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")

    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
