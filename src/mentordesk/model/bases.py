"""The two bases: mentee profiles and mentor profiles."""

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
from .enums import InfoSource, MenteeStatus, MentorStatus, db_enum
from .org import Person
from .programme import MentoringForm, Programme, RequestKind, RoleModel
from .text import search_key


class MenteeProfile(Timestamped, Base):
    """A person in a programme's mentee base, with their key request."""

    __tablename__ = "mentee_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    request_kind_id: Mapped[int | None] = mapped_column(
        ForeignKey("request_kinds.id", ondelete="RESTRICT")
    )
    request_text: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    has_disability: Mapped[bool] = mapped_column(Boolean, default=False)  # ОВЗ
    info_source: Mapped[InfoSource | None] = mapped_column(db_enum(InfoSource, "info_source"))
    entered_on: Mapped[date] = mapped_column(Date)
    status: Mapped[MenteeStatus] = mapped_column(
        db_enum(MenteeStatus, "mentee_status"), default=MenteeStatus.NEW
    )
    form_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_forms.id", ondelete="SET NULL"))
    role_model_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_models.id", ondelete="SET NULL")
    )
    meeting_times: Mapped[list[str]] = mapped_column(JSON, default=list)
    results: Mapped[str] = mapped_column(Text, default="")
    case_link: Mapped[str] = mapped_column(String(500), default="")
    search_key: Mapped[str] = mapped_column(String(2000), default="", index=True)

    person: Mapped[Person] = relationship()
    programme: Mapped[Programme] = relationship()
    request_kind: Mapped[RequestKind | None] = relationship()
    form: Mapped[MentoringForm | None] = relationship()
    role_model: Mapped[RoleModel | None] = relationship()

    __table_args__ = (UniqueConstraint("person_id", "programme_id"),)

    @property
    def needs_special_consent(self) -> bool:
        """ОВЗ, ЗПР, «группа риска»: a special category of personal data."""
        return self.has_disability or bool(self.request_kind and self.request_kind.sensitive)

    def refresh_search_key(self) -> None:
        self.search_key = search_key(
            self.request_kind.name if self.request_kind else "",
            self.request_text, *(self.interests or ()), *(self.subjects or ()),
        )


mentor_forms = Table(
    "mentor_forms",
    Base.metadata,
    Column("mentor_id", ForeignKey("mentor_profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("form_id", ForeignKey("mentoring_forms.id", ondelete="CASCADE"), primary_key=True),
)


class MentorProfile(Timestamped, Base):
    """A person in the mentor base. The base outlives a programme: `programme_id` is the
    programme the mentor is currently selected for, or empty for the long-term reserve."""

    __tablename__ = "mentor_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="SET NULL"), index=True
    )
    competences: Mapped[list[str]] = mapped_column(JSON, default=list)
    achievements: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentee_age_min: Mapped[int | None] = mapped_column(Integer)
    mentee_age_max: Mapped[int | None] = mapped_column(Integer)
    meeting_times: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[MentorStatus] = mapped_column(
        db_enum(MentorStatus, "mentor_status"), default=MentorStatus.CANDIDATE
    )
    entered_on: Mapped[date] = mapped_column(Date)
    share_with_district: Mapped[bool] = mapped_column(Boolean, default=False)
    results: Mapped[str] = mapped_column(Text, default="")
    case_link: Mapped[str] = mapped_column(String(500), default="")
    search_key: Mapped[str] = mapped_column(String(2000), default="", index=True)

    person: Mapped[Person] = relationship()
    programme: Mapped[Programme | None] = relationship()
    forms: Mapped[list[MentoringForm]] = relationship(secondary=mentor_forms)

    __table_args__ = (
        UniqueConstraint("person_id", "programme_id"),
        CheckConstraint("capacity >= 1 AND capacity <= 50", name="capacity_range"),
        CheckConstraint(
            "mentee_age_min IS NULL OR mentee_age_max IS NULL OR mentee_age_min <= mentee_age_max",
            name="age_range_order",
        ),
        CheckConstraint(
            "mentee_age_min IS NULL OR (mentee_age_min >= 5 AND mentee_age_min <= 99)",
            name="age_min_range",
        ),
    )

    def refresh_search_key(self) -> None:
        self.search_key = search_key(
            *(self.competences or ()), self.achievements, *(self.interests or ()),
            *(self.subjects or ()),
        )
