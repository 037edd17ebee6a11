"""Completion and record: results, diagnostics, awards, participation, indicators, audit."""

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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .enums import (
    AgreementKind,
    AuditAction,
    AwardKind,
    EventLevel,
    EventResult,
    IndicatorKind,
    db_enum,
)
from .org import Person


class MenteeResult(Base):
    """The result of one mentee at the end of their pair's work."""

    __tablename__ = "mentee_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_profiles.id", ondelete="CASCADE"), index=True
    )
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("pairs.id", ondelete="SET NULL"))
    recorded_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    goal_reached: Mapped[bool | None] = mapped_column(Boolean)
    wants_to_mentor: Mapped[bool | None] = mapped_column(Boolean)


class Assessment(Base):
    """A diagnostic measure of a mentee «по заданным параметрам» at a checkpoint."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_profiles.id", ondelete="CASCADE"), index=True
    )
    checkpoint: Mapped[str] = mapped_column(String(100))  # «входная», «1 четверть», «итоговая»
    taken_on: Mapped[date] = mapped_column(Date)
    parameter: Mapped[str] = mapped_column(String(300))
    value: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(Text, default="")


class Award(Base):
    """The awards register: грамоты, благодарности, сертификаты, to a person or to a pair."""

    __tablename__ = "awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="SET NULL")
    )
    kind: Mapped[AwardKind] = mapped_column(db_enum(AwardKind, "award_kind"))
    number: Mapped[str] = mapped_column(String(50))
    issued_on: Mapped[date] = mapped_column(Date)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("pairs.id", ondelete="SET NULL"))
    wording: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person | None] = relationship()

    __table_args__ = (
        UniqueConstraint("kind", "number"),
        CheckConstraint("person_id IS NOT NULL OR pair_id IS NOT NULL", name="has_recipient"),
        CheckConstraint("length(number) > 0", name="number_not_empty"),
    )


class ParticipationRecord(Base):
    """The participation log: olympiads, contests, projects, professional trials…"""

    __tablename__ = "participation_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    event_kind: Mapped[str] = mapped_column(String(100))  # олимпиада, конкурс, НПК, профпроба…
    title: Mapped[str] = mapped_column(String(500), default="")
    level: Mapped[EventLevel] = mapped_column(db_enum(EventLevel, "event_level"))
    result: Mapped[EventResult] = mapped_column(
        db_enum(EventResult, "event_result"), default=EventResult.PARTICIPANT
    )
    held_on: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(200), default="")


class ProgrammeEvent(Base):
    """A programme event: the general meeting, a педсовет, a parents' meeting, the final festival."""

    __tablename__ = "programme_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(100))  # "general_meeting", "pedsovet", …
    title: Mapped[str] = mapped_column(String(500))
    held_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    attendance: Mapped[list[EventAttendance]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )


class EventAttendance(Base):
    __tablename__ = "event_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("programme_events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    event: Mapped[ProgrammeEvent] = relationship(back_populates="attendance")

    __table_args__ = (UniqueConstraint("event_id", "person_id"),)


class Partner(Base):
    """A partner organisation or employer."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(100), default="")
    contacts: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)


class EmployerAgreement(Base):
    """A college's agreement with an employer (целевое, дуальное, практическая подготовка)."""

    __tablename__ = "employer_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    kind: Mapped[AgreementKind] = mapped_column(db_enum(AgreementKind, "agreement_kind"))
    number: Mapped[str] = mapped_column(String(100), default="")
    signed_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))

    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until >= signed_on", name="valid_order"),
    )


class BestPractice(Base):
    """A best practice or a story for the school website, published only with consent."""

    __tablename__ = "best_practices"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("pairs.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    publish_consent: Mapped[bool] = mapped_column(Boolean, default=False)


class Indicator(Base):
    """A monitoring indicator: a share, a count, a change or a hand-entered value, with a target."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[IndicatorKind] = mapped_column(db_enum(IndicatorKind, "indicator_kind"))
    unit: Mapped[str] = mapped_column(String(20), default="")
    target_min: Mapped[float | None] = mapped_column(Float)
    target_max: Mapped[float | None] = mapped_column(Float)
    # "rise", "fall" or "" for a target given as a range or a minimum
    direction: Mapped[str] = mapped_column(String(10), default="")
    analytical: Mapped[bool] = mapped_column(Boolean, default=False)  # «аналитический» vs «основной»
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint("direction IN ('', 'rise', 'fall')", name="direction_known"),
        CheckConstraint(
            "target_min IS NULL OR target_max IS NULL OR target_min <= target_max",
            name="target_order",
        ),
    )


class IndicatorValue(Base):
    __tablename__ = "indicator_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        UniqueConstraint("indicator_id", "period_start", "period_end"),
        CheckConstraint("period_end >= period_start", name="period_order"),
        CheckConstraint("denominator IS NULL OR denominator > 0", name="denominator_positive"),
    )


class ContingentCount(Base):
    """A denominator the curator enters: how many pupils 10–18, young teachers… in a year."""

    __tablename__ = "contingent_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    academic_year: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(300))
    count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("organisation_id", "academic_year", "category"),
        CheckConstraint("count >= 0", name="count_not_negative"),
    )


class AuditEntry(Base):
    """One change to personal data: who, when, which record, which field, from what to what."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[AuditAction] = mapped_column(db_enum(AuditAction, "audit_action"))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: survives deletion
    field: Mapped[str] = mapped_column(String(100), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


class AppMeta(Base):
    """Key–value facts about the database itself (change counter, reference data seeded)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
