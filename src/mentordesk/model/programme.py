"""The programme, its reference data (forms, role models, request kinds) and its roadmap."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped
from .enums import PersonKind, PlanTitle, db_enum
from .org import Organisation, Person


class MentoringForm(Base):
    """A form of mentoring, named after who mentors whom («ученик – ученик»)."""

    __tablename__ = "mentoring_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Which kinds of person may mentor and be mentored in this form (PersonKind values).
    mentor_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentee_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    role_models: Mapped[list[RoleModel]] = relationship(
        back_populates="form", cascade="all, delete-orphan", order_by="RoleModel.position"
    )

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)

    def allows(self, mentor: PersonKind, mentee: PersonKind) -> bool:
        return mentor.value in self.mentor_kinds and mentee.value in self.mentee_kinds


class RoleModel(Base):
    """A role model inside a form («успевающий – неуспевающий»).

    `same_age_allowed` says whether mentor and mentee may be of the same age or class
    («равный – равному»); otherwise a pupil mentor must be older than the mentee.
    """

    __tablename__ = "role_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("mentoring_forms.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    same_age_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    younger_mentor_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    form: Mapped[MentoringForm] = relationship(back_populates="role_models")

    __table_args__ = (
        UniqueConstraint("form_id", "name"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )


class RequestKind(Base):
    """A kind of key request (низкая мотивация, адаптация, ОВЗ…); `sensitive` needs written consent."""

    __tablename__ = "request_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)


class RequestCompetence(Base):
    """The editable map the matcher reads: a mentor competence that answers a kind of request
    («Подготовка к олимпиаде» ↔ «подготовка к олимпиадам»)."""

    __tablename__ = "request_competences"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_kind_id: Mapped[int] = mapped_column(
        ForeignKey("request_kinds.id", ondelete="CASCADE"), index=True
    )
    competence: Mapped[str] = mapped_column(String(300))

    __table_args__ = (
        UniqueConstraint("request_kind_id", "competence"),
        CheckConstraint("length(competence) > 0", name="competence_not_empty"),
    )


programme_forms = Table(
    "programme_forms",
    Base.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("form_id", ForeignKey("mentoring_forms.id", ondelete="RESTRICT"), primary_key=True),
)


class Programme(Timestamped, Base):
    """A mentoring programme for a period, usually an academic year (1 Sept – 31 Aug)."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(500))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    curator_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    current_stage: Mapped[int] = mapped_column(Integer, default=1)
    plan_title: Mapped[PlanTitle] = mapped_column(
        db_enum(PlanTitle, "plan_title"), default=PlanTitle.IPR
    )
    # Whether mentors must be trained (stage 4) before they can be paired.
    training_required: Mapped[bool] = mapped_column(Boolean, default=True)
    curator_order_number: Mapped[str] = mapped_column(String(50), default="")
    curator_order_date: Mapped[date | None] = mapped_column(Date)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    organisation: Mapped[Organisation | None] = relationship()
    curator: Mapped[Person | None] = relationship()
    forms: Mapped[list[MentoringForm]] = relationship(secondary=programme_forms)
    roadmap: Mapped[list[RoadmapTask]] = relationship(
        back_populates="programme",
        cascade="all, delete-orphan",
        order_by="(RoadmapTask.stage, RoadmapTask.position)",
    )

    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("ends_on >= starts_on", name="period_order"),
        CheckConstraint("current_stage >= 1 AND current_stage <= 7", name="stage_range"),
    )

    @property
    def academic_years(self) -> str:
        """«2026/2027» or «2021–2024»."""
        if self.ends_on.year - self.starts_on.year <= 1:
            return f"{self.starts_on.year}/{self.ends_on.year}"
        return f"{self.starts_on.year}–{self.ends_on.year}"


class ProgrammeCurator(Base):
    """A further curator of mentoring with an area (a college's отделение or a form)."""

    __tablename__ = "programme_curators"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(300), default="")

    person: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("programme_id", "person_id", "area"),)


class RoadmapTask(Base):
    """One task (мероприятие) of the roadmap, under one of the seven stages."""

    __tablename__ = "roadmap_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    # A deadline or a range («Октябрь 2022 – май 2023»); the text is what prints.
    due_from: Mapped[date | None] = mapped_column(Date)
    due_to: Mapped[date | None] = mapped_column(Date)
    due_text: Mapped[str] = mapped_column(String(200), default="")
    responsible: Mapped[str] = mapped_column(String(500), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[date | None] = mapped_column(Date)

    programme: Mapped[Programme] = relationship(back_populates="roadmap")

    __table_args__ = (
        CheckConstraint("stage >= 1 AND stage <= 7", name="stage_range"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("due_to IS NULL OR due_from IS NULL OR due_to >= due_from", name="due_order"),
    )
