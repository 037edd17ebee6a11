"""Creating, changing, archiving and deleting entries of the two bases.

Every function is one `db.write()` (so the audit log records it) and returns what its inverse
needs, for a QUndoCommand to hold both:

    save_mentee(form) → id          undo: save_mentee(snapshot taken before, strict=False)
                                    (or delete_mentee(id, with_person=True) for a new entry)
    archive_person(id) → status     undo: restore_person(id, status)
    delete_mentee(id) → Captured    undo: restore_deleted(captured)
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from ..errors import ConflictError, NotFound, ValidationError
from ..model import (
    Award,
    Guardianship,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Organisation,
    Pair,
    PairMember,
    PairStatus,
    Person,
    PersonStatus,
    Programme,
    ProgrammeCurator,
    RequestKind,
    RoleModel,
)
from ..model.text import normalise
from .database import Database
from .people_forms import (
    MenteeForm,
    MentorForm,
    PersonForm,
    check_age_range,
    check_capacity,
    check_entered,
    clean_list,
    clean_person,
)
from .people_graph import Captured, capture, delete_captured, restore_captured
from .people_pairs import WORKING

_PERSON_FIELDS = tuple(f.name for f in fields(PersonForm) if f.name not in ("person_id",
                                                                          "class_label"))


# --- Saving -------------------------------------------------------------------------------------


def save_mentee(db: Database, programme_id: int, form: MenteeForm, today: date | None = None,
                *, strict: bool = True) -> int:
    """Create (form.id is None) or update a mentee; returns the mentee profile id."""
    today = today or date.today()
    person_values = clean_person(form, today, strict=strict)
    entered_on = check_entered(form.entered_on, today, strict)
    with db.write() as s:
        programme = _programme(s, programme_id)
        profile = _existing(s, MenteeProfile, form.id, "Наставляемый")
        _check_refs(s, form.organisation_id)
        kind = s.get(RequestKind, form.request_kind_id) if form.request_kind_id else None
        if kind is None:
            raise ValidationError("Выберите вид ключевого запроса.", field="request_kind_id")
        _check_form(s, programme, form.form_id, form.role_model_id, form.kind.value)
        if profile is None:
            person = _person_for_new(s, form, person_values, programme_id, MenteeProfile)
            profile = MenteeProfile(person=person, programme_id=programme_id)
            s.add(profile)
        else:
            _apply(profile.person, person_values)
        values: dict[str, Any] = dict(
            request_kind_id=kind.id, request_text=form.request_text.strip(),
            interests=clean_list(form.interests), subjects=clean_list(form.subjects),
            has_disability=form.has_disability, info_source=form.info_source,
            entered_on=entered_on, status=form.status, form_id=form.form_id,
            role_model_id=form.role_model_id, meeting_times=clean_list(form.meeting_times),
            results=form.results.strip(), case_link=form.case_link.strip(),
        )
        _apply(profile, values)
        profile.request_kind = kind  # the search key includes the kind's name
        s.flush()
        return int(profile.id)


def save_mentor(db: Database, programme_id: int | None, form: MentorForm,
                today: date | None = None, *, strict: bool = True) -> int:
    """Create or update a mentor of the programme (or of the reserve); returns the profile id."""
    today = today or date.today()
    person_values = clean_person(form, today, strict=strict)
    entered_on = check_entered(form.entered_on, today, strict)
    check_age_range(form.mentee_age_min, form.mentee_age_max)
    with db.write() as s:
        programme = _programme(s, programme_id) if programme_id is not None else None
        profile = _existing(s, MentorProfile, form.id, "Наставник")
        _check_refs(s, form.organisation_id)
        forms = list(s.scalars(select(MentoringForm).where(MentoringForm.id.in_(form.form_ids))))
        if len(forms) != len(set(form.form_ids)):
            raise ValidationError("Одна из выбранных форм наставничества удалена. Обновите список.",
                                  field="form_ids")
        for f in forms:
            if f.mentor_kinds and form.kind.value not in f.mentor_kinds:
                raise ValidationError(
                    f"В форме «{f.name}» наставником не бывает {form.kind.label.lower()}.",
                    field="form_ids")
        load = _load(s, form.id) if form.id is not None else 0
        capacity = check_capacity(form.capacity, load, strict)
        target = None if form.in_reserve or programme is None else programme.id
        if profile is None:
            person = _person_for_new(s, form, person_values, target, MentorProfile)
            profile = MentorProfile(person=person, programme_id=target)
            s.add(profile)
        else:
            _apply(profile.person, person_values)
            if profile.programme_id != target:
                _check_unique_mentor(s, profile.person_id, target)
                profile.programme_id = target
        _apply(profile, dict(
            competences=clean_list(form.competences), achievements=form.achievements.strip(),
            interests=clean_list(form.interests), subjects=clean_list(form.subjects),
            mentee_age_min=form.mentee_age_min, mentee_age_max=form.mentee_age_max,
            meeting_times=clean_list(form.meeting_times), capacity=capacity, status=form.status,
            entered_on=entered_on, share_with_district=form.share_with_district,
            results=form.results.strip(), case_link=form.case_link.strip(),
        ))
        if sorted(f.id for f in profile.forms) != sorted(f.id for f in forms):
            profile.forms = sorted(forms, key=lambda f: f.id)
        s.flush()
        return int(profile.id)


def _programme(s: Session, programme_id: int) -> Programme:
    programme = s.get(Programme, programme_id)
    if programme is None:
        raise NotFound("Программа не найдена: возможно, она удалена.")
    return programme


def _existing(s: Session, cls: Any, profile_id: int | None, what: str) -> Any:
    if profile_id is None:
        return None
    profile = s.get(cls, profile_id)
    if profile is None:
        raise NotFound(f"{what} не найден в базе: возможно, запись удалили. Обновите список.")
    return profile


def _check_refs(s: Session, organisation_id: int | None) -> None:
    if organisation_id is not None and s.get(Organisation, organisation_id) is None:
        raise ValidationError("Выбранная организация удалена. Обновите список.",
                              field="organisation_id")


def _check_form(s: Session, programme: Programme, form_id: int | None,
                role_model_id: int | None, kind: str) -> None:
    if form_id is None:
        if role_model_id is not None:
            raise ValidationError("Сначала выберите форму наставничества, затем ролевую модель.",
                                  field="form_id")
        return
    form = s.get(MentoringForm, form_id)
    if form is None:
        raise ValidationError("Выбранная форма наставничества удалена. Обновите список.",
                              field="form_id")
    if form.mentee_kinds and kind not in form.mentee_kinds:
        raise ValidationError(f"В форме «{form.name}» наставляемыми бывают другие участники.",
                              field="form_id")
    if programme.forms and form not in programme.forms:
        raise ValidationError(
            f"Программа не ведёт форму «{form.name}». Выберите другую форму или добавьте эту "
            "в паспорт программы.", field="form_id")
    if role_model_id is not None:
        model = s.get(RoleModel, role_model_id)
        if model is None or model.form_id != form.id:
            raise ValidationError(f"Эта ролевая модель не относится к форме «{form.name}».",
                                  field="role_model_id")


def _apply(obj: Any, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if getattr(obj, key) != value:  # unchanged values write no audit entries
            setattr(obj, key, value)


def _load(s: Session, mentor_id: int) -> int:
    return int(s.scalar(
        select(func.count()).select_from(PairMember).join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.mentor_id == mentor_id, PairMember.left_on.is_(None),
               Pair.status.in_(WORKING))) or 0)


def _check_unique_mentor(s: Session, person_id: int, programme_id: int | None) -> None:
    where = (MentorProfile.programme_id.is_(None) if programme_id is None
             else MentorProfile.programme_id == programme_id)
    if s.scalar(select(exists().where(MentorProfile.person_id == person_id, where))):
        raise ValidationError("Этот человек уже есть в базе наставников.", field="last_name")


def _person_for_new(s: Session, form: PersonForm, values: dict[str, Any],
                    programme_id: int | None, cls: Any) -> Person:
    """The person of a new entry: the one the curator picked, or a new one unless it would be
    a double of someone already known."""
    if form.person_id is not None:
        person = s.get(Person, form.person_id)
        if person is None:
            raise NotFound("Выбранный человек удалён. Обновите список.")
        where = (cls.programme_id.is_(None) if programme_id is None
                 else cls.programme_id == programme_id)
        if s.scalar(select(exists().where(cls.person_id == person.id, where))):
            base = "наставляемых" if cls is MenteeProfile else "наставников"
            raise ValidationError(f"{person.full_name} уже есть в базе {base}.", field="last_name")
        _apply(person, values)
        return person
    double = find_same_person(s, values["last_name"], values["first_name"],
                              values["patronymic"], values["birth_date"])
    if double is not None:
        detail = double.group_name or double.position or double.kind.label.lower()
        raise ValidationError(
            f"{double.full_name} ({detail}, {double.birth_date:%d.%m.%Y}) уже есть среди "
            "участников. Выберите его из списка, чтобы не заводить двойника.", field="last_name")
    person = Person(**values)
    if person.organisation_id is None and programme_id is not None:
        person.organisation_id = s.scalar(select(Programme.organisation_id)
                                          .where(Programme.id == programme_id))
    s.add(person)
    return person


def find_double(db: Database, form: PersonForm) -> tuple[int, str] | None:
    """For the edit dialog: (id, «ФИО, 7А, 05.03.2013») of someone already known with the
    form's ФИО and birth date, so the curator can pick them instead of creating a double."""
    with db.read() as s:
        p = find_same_person(s, form.last_name, form.first_name, form.patronymic,
                             form.birth_date)
        if p is None or p.birth_date is None:
            return None
        detail = p.group_name or p.position or p.kind.label.lower()
        return p.id, f"{p.full_name}, {detail}, {p.birth_date:%d.%m.%Y}"


def find_same_person(s: Session, last: str, first: str, patronymic: str,
                     birth: date | None) -> Person | None:
    """A person with the same ФИО (ё = е, any case) and birth date, if there is one."""
    if birth is None:
        return None
    for p in s.scalars(select(Person).where(Person.birth_date == birth)):
        if (normalise(p.last_name), normalise(p.first_name), normalise(p.patronymic)) == \
                (normalise(last), normalise(first), normalise(patronymic)):
            return p
    return None


# --- Snapshots (the state undo puts back) -------------------------------------------------------


def _person_part(p: Person) -> dict[str, Any]:
    out = {name: getattr(p, name) for name in _PERSON_FIELDS}
    out.update(person_id=p.id, class_label=p.group_name)
    return out


def snapshot_mentee(db: Database, mentee_id: int) -> MenteeForm:
    with db.read() as s:
        m = _existing(s, MenteeProfile, mentee_id, "Наставляемый")
        return MenteeForm(
            **_person_part(m.person), id=m.id, request_kind_id=m.request_kind_id,
            request_text=m.request_text, interests=tuple(m.interests or ()),
            subjects=tuple(m.subjects or ()), has_disability=m.has_disability,
            info_source=m.info_source, entered_on=m.entered_on, status=m.status,
            form_id=m.form_id, role_model_id=m.role_model_id,
            meeting_times=tuple(m.meeting_times or ()), results=m.results, case_link=m.case_link,
        )


def snapshot_mentor(db: Database, mentor_id: int) -> MentorForm:
    with db.read() as s:
        m = _existing(s, MentorProfile, mentor_id, "Наставник")
        return MentorForm(
            **_person_part(m.person), id=m.id, competences=tuple(m.competences or ()),
            achievements=m.achievements, interests=tuple(m.interests or ()),
            subjects=tuple(m.subjects or ()), mentee_age_min=m.mentee_age_min,
            mentee_age_max=m.mentee_age_max, meeting_times=tuple(m.meeting_times or ()),
            capacity=m.capacity, status=m.status, entered_on=m.entered_on,
            share_with_district=m.share_with_district, in_reserve=m.programme_id is None,
            form_ids=tuple(sorted(f.id for f in m.forms)), results=m.results,
            case_link=m.case_link,
        )


# --- Archive ------------------------------------------------------------------------------------


def archive_person(db: Database, person_id: int) -> PersonStatus:
    """Move a person to the archive (hidden from the bases); returns the previous status."""
    with db.write() as s:
        person = s.get(Person, person_id)
        if person is None:
            raise NotFound("Участник не найден: возможно, его удалили.")
        pair = _working_pair(s, person_id, (PairStatus.APPROVED, PairStatus.ACTIVE))
        if pair is not None:
            raise ConflictError(
                f"{person.full_name} состоит в утверждённой паре{_order(pair)}. Сначала завершите "
                "или расформируйте пару, затем переводите участника в архив.")
        previous = person.status
        person.status = PersonStatus.ARCHIVED
        return previous


def restore_person(db: Database, person_id: int,
                   status: PersonStatus = PersonStatus.ACTIVE) -> PersonStatus:
    """Bring a person back from the archive (undo passes the status `archive_person` returned)."""
    with db.write() as s:
        person = s.get(Person, person_id)
        if person is None:
            raise NotFound("Участник не найден: возможно, его удалили.")
        previous = person.status
        person.status = status
        return previous


def _working_pair(s: Session, person_id: int, statuses: tuple[PairStatus, ...]) -> Pair | None:
    as_mentee = (select(Pair).join(PairMember, PairMember.pair_id == Pair.id)
                 .join(MenteeProfile, MenteeProfile.id == PairMember.mentee_id)
                 .where(MenteeProfile.person_id == person_id, PairMember.left_on.is_(None),
                        Pair.status.in_(statuses)))
    as_mentor = (select(Pair).join(MentorProfile, MentorProfile.id == Pair.mentor_id)
                 .where(MentorProfile.person_id == person_id, Pair.status.in_(statuses)))
    return s.scalars(as_mentee).first() or s.scalars(as_mentor).first()


def _order(pair: Pair) -> str:
    if pair.order_number:
        when = f" от {pair.order_date:%d.%m.%Y}" if pair.order_date else ""
        return f" (приказ № {pair.order_number}{when})"
    return ""


# --- Delete and undo ----------------------------------------------------------------------------


def delete_mentee(db: Database, mentee_id: int, *, with_person: bool = False) -> Captured:
    """Remove an entry from the mentee base with its plans and diagnostics, and from draft pairs.
    `with_person` also removes the person when nothing else refers to them (undo of a
    creation). Returns what `restore_deleted` puts back."""
    with db.write() as s:
        m = _existing(s, MenteeProfile, mentee_id, "Наставляемый")
        name = m.person.full_name
        for pair, left in s.execute(select(Pair, PairMember.left_on)
                                    .join(PairMember, PairMember.pair_id == Pair.id)
                                    .where(PairMember.mentee_id == mentee_id)):
            if pair.status != PairStatus.DRAFT:
                raise _in_pair(name, pair, left is not None)
        also = [("pair_members", "mentee_id")]
        captured = (capture(s, "persons", m.person_id, also) if with_person
                    and _person_free(s, m.person_id, mentee_id=mentee_id)
                    else capture(s, "mentee_profiles", mentee_id, also))
        delete_captured(s, captured)
        return captured


def delete_mentor(db: Database, mentor_id: int, *, with_person: bool = False) -> Captured:
    """Remove an entry from the mentor base with its interviews, training and draft pairs."""
    with db.write() as s:
        m = _existing(s, MentorProfile, mentor_id, "Наставник")
        name = m.person.full_name
        for pair in s.scalars(select(Pair).where(Pair.mentor_id == mentor_id)):
            if pair.status != PairStatus.DRAFT:
                raise _in_pair(name, pair, False)
        also = [("pairs", "mentor_id")]
        captured = (capture(s, "persons", m.person_id, also) if with_person
                    and _person_free(s, m.person_id, mentor_id=mentor_id)
                    else capture(s, "mentor_profiles", mentor_id, also))
        delete_captured(s, captured)
        return captured


def _in_pair(name: str, pair: Pair, left: bool) -> ConflictError:
    if pair.status in (PairStatus.APPROVED, PairStatus.ACTIVE) and not left:
        return ConflictError(
            f"{name} состоит в утверждённой паре{_order(pair)}, удалить нельзя. Сначала "
            "расформируйте пару (с указанием причины), затем удаляйте или переводите в архив.")
    return ConflictError(
        f"{name} участвовал(а) в паре{_order(pair)}: эти сведения нужны для отчётов программы, "
        "удалить запись нельзя. Переведите участника в архив.")


def _person_free(s: Session, person_id: int, *, mentee_id: int | None = None,
                 mentor_id: int | None = None) -> bool:
    """Nothing but this one entry refers to the person."""
    checks = [
        exists().where(MenteeProfile.person_id == person_id,
                       MenteeProfile.id != (mentee_id or 0)),
        exists().where(MentorProfile.person_id == person_id,
                       MentorProfile.id != (mentor_id or 0)),
        exists().where(Guardianship.guardian_id == person_id),
        exists().where(Award.person_id == person_id),
        exists().where(ProgrammeCurator.person_id == person_id),
        exists().where(Programme.curator_id == person_id),
    ]
    return not s.scalar(select(or_(*checks)))


def restore_deleted(db: Database, captured: Captured) -> int:
    """Put back what a delete removed, with the same ids; returns the entry's profile id."""
    with db.write() as s:
        restore_captured(s, captured)
        if captured.root_table == "persons":
            for table, row in captured.rows:
                if table in ("mentee_profiles", "mentor_profiles"):
                    return int(row["id"])
        return captured.root_id
