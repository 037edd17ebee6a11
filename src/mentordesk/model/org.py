"""Organisations, people, guardians and consent to personal-data processing."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped
from .enums import ConsentSigner, OrgKind, PersonKind, PersonStatus, Sex, db_enum
from .text import full_name, search_key


class Organisation(Timestamped, Base):
    """A school, a college or a district centre; a district centre is the parent of its schools."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[OrgKind] = mapped_column(db_enum(OrgKind, "org_kind"), default=OrgKind.SCHOOL)
    director_name: Mapped[str] = mapped_column(String(200), default="")
    director_position: Mapped[str] = mapped_column(String(200), default="Директор")
    address: Mapped[str] = mapped_column(String(500), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)


class Person(Timestamped, Base):
    """Anyone the programme knows: pupils, students, teachers, employers, parents, graduates.

    `group_name` holds a school class («7А») or a college group («ТМ-21»); `grade` is the
    parallel of a school class (7 for «7А») and stays empty for colleges.
    """

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    sex: Mapped[Sex | None] = mapped_column(db_enum(Sex, "sex"))
    birth_date: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[PersonKind] = mapped_column(db_enum(PersonKind, "person_kind"))
    status: Mapped[PersonStatus] = mapped_column(
        db_enum(PersonStatus, "person_status"), default=PersonStatus.ACTIVE
    )
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    # School class or college group, and the school parallel when there is one.
    group_name: Mapped[str] = mapped_column(String(50), default="")
    grade: Mapped[int | None] = mapped_column(Integer)
    # Colleges: курс, специальность, отделение, форма обучения.
    course: Mapped[int | None] = mapped_column(Integer)
    specialty: Mapped[str] = mapped_column(String(300), default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    study_form: Mapped[str] = mapped_column(String(50), default="")
    # Work or study elsewhere, and the post held.
    place: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    # Teachers: hire date, стаж, категория, attestation.
    hire_date: Mapped[date | None] = mapped_column(Date)
    experience_years: Mapped[int | None] = mapped_column(Integer)
    qualification: Mapped[str] = mapped_column(String(100), default="")
    attestation_date: Mapped[date | None] = mapped_column(Date)
    # Curator's overrides of inflected name forms: {"dative": "Сороке Анне Ивановне", ...}
    name_forms: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(1000), default="", index=True)

    organisation: Mapped[Organisation | None] = relationship()
    consents: Mapped[list[Consent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", foreign_keys="Consent.person_id"
    )

    __table_args__ = (
        CheckConstraint("length(last_name) > 0", name="last_name_not_empty"),
        CheckConstraint("length(first_name) > 0", name="first_name_not_empty"),
        CheckConstraint("grade IS NULL OR (grade >= 1 AND grade <= 11)", name="grade_range"),
        CheckConstraint("course IS NULL OR (course >= 1 AND course <= 6)", name="course_range"),
        CheckConstraint(
            "experience_years IS NULL OR experience_years >= 0", name="experience_not_negative"
        ),
        Index("ix_persons_name_birth", "last_name", "first_name", "birth_date"),
    )

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.patronymic)

    @property
    def short_name(self) -> str:
        """«Иванов И. И.»"""
        initials = " ".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def refresh_search_key(self) -> None:
        self.search_key = search_key(
            self.last_name, self.first_name, self.patronymic, self.group_name, self.place,
            self.position, self.specialty,
        )


class Guardianship(Base):
    """A guardian (законный представитель) of a minor."""

    __tablename__ = "guardianships"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(50), default="")

    child: Mapped[Person] = relationship(foreign_keys=[child_id])
    guardian: Mapped[Person] = relationship(foreign_keys=[guardian_id])

    __table_args__ = (
        UniqueConstraint("child_id", "guardian_id"),
        CheckConstraint("child_id <> guardian_id", name="not_own_guardian"),
    )


class Consent(Timestamped, Base):
    """Consent to personal-data processing, signed on paper; the app keeps the register.

    A minor's consent is signed by a guardian; an adult signs their own. Sensitive data
    (ОВЗ, ЗПР, «группа риска») is a special category and needs `special_category`.
    """

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    signer: Mapped[ConsentSigner] = mapped_column(db_enum(ConsentSigner, "consent_signer"))
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    guardian_name: Mapped[str] = mapped_column(String(300), default="")
    signed_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text, default="")
    special_category: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_until: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    document_ref: Mapped[str] = mapped_column(String(200), default="")

    person: Mapped[Person] = relationship(back_populates="consents", foreign_keys=[person_id])
    guardian: Mapped[Person | None] = relationship(foreign_keys=[guardian_id])

    __table_args__ = (
        CheckConstraint(
            "valid_until IS NULL OR valid_until >= signed_on", name="valid_after_signed"
        ),
        CheckConstraint(
            "withdrawn_on IS NULL OR withdrawn_on >= signed_on", name="withdrawn_after_signed"
        ),
        CheckConstraint(
            "signer <> 'guardian' OR guardian_id IS NOT NULL OR length(guardian_name) > 0",
            name="guardian_named",
        ),
    )

    def is_valid_on(self, day: date) -> bool:
        if self.signed_on > day:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        return self.valid_until is None or self.valid_until >= day
