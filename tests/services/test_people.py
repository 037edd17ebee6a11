"""The two bases: rows, search and filters, editing with validation, archive, delete, and the
undo round trips. Real SQLite files; the realistic data is the demonstration school."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, func, select

from mentordesk.errors import ConflictError, ValidationError
from mentordesk.model import (
    Assessment,
    AuditEntry,
    Consent,
    ConsentSigner,
    Guardianship,
    MenteeProfile,
    MenteeStatus,
    MentorProfile,
    MentorStatus,
    Pair,
    PairMember,
    PairStatus,
    Person,
    PersonKind,
    PersonStatus,
    RequestKind,
    Sex,
)
from mentordesk.services import people as P
from mentordesk.services.consent import ConsentState, consent_state, special_needed_for
from mentordesk.services.database import Database, open_database
from mentordesk.services.people_pairs import WORKING
from mentordesk.services.programme import create_programme, current_programme_id
from mentordesk.services.reference import list_forms, list_request_kinds

TODAY = date(2027, 3, 15)


# --- Fixtures -----------------------------------------------------------------------------------


def kind_id(db: Database, name: str) -> int:
    return next(i for i, n, _ in list_request_kinds(db) if n == name)


def form_ids(db: Database, name: str) -> tuple[int, int]:
    form = next(f for f in list_forms(db) if f.name == name)
    return form.id, form.role_models[0][0]


def yolkina(db: Database, **changes: Any) -> P.MenteeForm:
    values: dict[str, Any] = dict(
        last_name="ЁЛКИНА", first_name="анна", patronymic="Сергеевна", sex=Sex.FEMALE,
        birth_date=date(2013, 3, 5), class_label="7 «а»", phone="8 912 345 67 89",
        request_kind_id=kind_id(db, "Адаптация"), request_text="Новенькая в классе, стесняется",
        interests=("рисование", " рисование ", "танцы"), subjects=("биология",),
        entered_on=date(2026, 10, 1))
    values.update(changes)
    return P.MenteeForm(**values)


def pid(db: Database) -> int:
    found = current_programme_id(db)
    assert found is not None
    return found


# --- Rows, search, filters ----------------------------------------------------------------------


def test_new_mentee_is_cleaned_and_found_by_any_spelling_of_yo(db: Database, programme: int) -> None:
    mentee_id = P.save_mentee(db, programme, yolkina(db), TODAY)
    [row] = P.mentee_rows(db, programme, today=TODAY)
    assert row.id == mentee_id
    assert row.full_name == "Ёлкина Анна Сергеевна"
    assert row.class_or_post == "7А" and row.grade == 7
    assert row.phone == "+7 (912) 345-67-89"
    assert row.interests == ("рисование", "танцы")
    assert row.age == 14 and row.request_kind == "Адаптация"
    assert row.consent == "нет" and not row.consent_ok
    assert row.organisation == "МБОУ СОШ № 5"
    for text in ("ЁЛКИНА", "елкина", "Елкин", "ёлкина анна", "7а ЁЛКИНА", "лкина серг",
                 "новенькая", "ТАНЦЫ", "стесняется  новенькая"):
        assert [r.id for r in P.mentee_rows(db, programme, P.BaseQuery(text=text), TODAY)] == \
            [mentee_id], text
    for text in ("ёлкина 8б", "Ёлкин Пётр", "100%", "_"):
        assert P.mentee_rows(db, programme, P.BaseQuery(text=text), TODAY) == [], text


def test_rows_of_the_demo_agree_with_the_database(demo: Database) -> None:
    programme = pid(demo)
    rows = P.mentee_rows(demo, programme, today=TODAY)
    with demo.read() as s:
        mentees = list(s.scalars(select(MenteeProfile).where(MenteeProfile.programme_id == programme)))
        assert len(rows) == len(mentees) == 60
        by_id = {m.id: m for m in mentees}
        for row in rows:
            m = by_id[row.id]
            assert row.full_name == m.person.full_name
            assert row.request_kind == (m.request_kind.name if m.request_kind else "")
            state = consent_state(m.person, TODAY, special_needed=m.needs_special_consent)
            assert row.consent == state.label, row.full_name
            member = s.scalars(select(PairMember).join(Pair).where(
                PairMember.mentee_id == m.id, PairMember.left_on.is_(None),
                Pair.status != PairStatus.CLOSED)).first()
            assert row.mentor_name == (member.pair.mentor.person.full_name if member else "")
            if (m.person.age_on(TODAY) or 99) < 18:
                guardian = s.scalars(select(Guardianship).where(
                    Guardianship.child_id == m.person_id).order_by(Guardianship.id)).first()
                assert guardian is not None and row.contacts.startswith(guardian.guardian.full_name)
    assert [r.full_name for r in rows] == sorted((r.full_name for r in rows),
                                                 key=lambda n: n.replace("Ё", "Е").replace("ё", "е"))
    assert {r.consent for r in rows} >= {"есть", "нет", "отозвано", "истекло"}


def test_mentor_rows_count_load_forms_and_mentees(demo: Database) -> None:
    programme = pid(demo)
    rows = P.mentor_rows(demo, programme, today=TODAY)
    with demo.read() as s:
        assert len(rows) == s.scalar(select(func.count()).select_from(MentorProfile))
        for row in rows:
            load = s.scalar(select(func.count()).select_from(PairMember).join(Pair).where(
                Pair.mentor_id == row.id, PairMember.left_on.is_(None),
                Pair.status.in_(WORKING)))
            assert row.load == load, row.full_name
            assert row.load <= row.capacity
            profile = s.get(MentorProfile, row.id)
            assert profile is not None
            assert set(row.forms) == {f.name for f in profile.forms}
            assert len(row.mentees) >= row.load
    assert any(r.kind == "Обучающийся" and r.workplace.endswith("класс") for r in rows)
    teacher = next(r for r in rows if r.kind == "Педагог")
    assert teacher.workplace and teacher.mentee_ages.endswith("лет")


def test_filters_match_direct_counts(demo: Database) -> None:
    programme = pid(demo)
    everyone = P.mentee_rows(demo, programme, today=TODAY)
    some = next(r for r in everyone if r.grade)

    def ids(**kw: Any) -> set[int]:
        return {r.id for r in P.mentee_rows(demo, programme, P.BaseQuery(**kw), TODAY)}

    assert ids(grade=some.grade) == {r.id for r in everyone if r.grade == some.grade}
    assert ids(group_name=some.class_or_post.lower()) == \
        {r.id for r in everyone if r.class_or_post == some.class_or_post}
    assert ids(request_kind_id=some.request_kind_id) == \
        {r.id for r in everyone if r.request_kind_id == some.request_kind_id}
    assert ids(form_id=some.form_id) == {r.id for r in everyone if r.form_id == some.form_id}
    assert ids(status="in_pair") == {r.id for r in everyone if r.status == "in_pair"}
    assert ids(person_kind=PersonKind.TEACHER) == {r.id for r in everyone if r.kind == "Педагог"}
    missing = ids(consent_missing=True)
    assert missing and missing == {r.id for r in everyone if not r.consent_ok}
    mentors = P.mentor_rows(demo, programme, today=TODAY)
    without = {r.id for r in P.mentor_rows(demo, programme, P.BaseQuery(consent_missing=True), TODAY)}
    assert without and without == {r.id for r in mentors if not r.consent_ok}
    trained = {r.id for r in P.mentor_rows(demo, programme, P.BaseQuery(status="trained"), TODAY)}
    assert trained == {r.id for r in mentors if r.status == "trained"}
    form_id = mentors[0].form_ids[0]
    assert {r.id for r in P.mentor_rows(demo, programme, P.BaseQuery(form_id=form_id), TODAY)} == \
        {r.id for r in mentors if form_id in r.form_ids}
    with pytest.raises(ValidationError) as bad:
        P.mentee_rows(demo, programme, P.BaseQuery(status="nonsense"), TODAY)
    assert bad.value.field == "status"
    with pytest.raises(ValidationError) as bad_class:
        P.mentee_rows(demo, programme, P.BaseQuery(group_name="15А"), TODAY)
    assert bad_class.value.field == "group_name"


def test_rows_take_a_fixed_number_of_queries(demo: Database) -> None:
    """No N+1: the number of statements does not grow with the number of rows."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(demo.engine, "before_cursor_execute", count)
    try:
        programme = pid(demo)
        P.mentee_rows(demo, programme, today=TODAY)
        mentees = len(statements)
        statements.clear()
        P.mentor_rows(demo, programme, today=TODAY)
        mentors = len(statements)
    finally:
        event.remove(demo.engine, "before_cursor_execute", count)
    assert mentees <= 8, mentees
    assert mentors <= 8, mentors


# --- Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "field", "words"), [
    (dict(last_name="  "), "last_name", "фамилию"),
    (dict(first_name=""), "first_name", "имя"),
    (dict(last_name="=HYPERLINK(\"http://x\")"), "last_name", "с буквы"),
    (dict(class_label=""), "class_label", "класс"),
    (dict(class_label="15А"), "class_label", "не бывает"),
    (dict(class_label="ТМ-21"), "class_label", "группу колледжа"),
    (dict(birth_date=None), "birth_date", "дату рождения"),
    (dict(birth_date=date(2019, 1, 1)), "birth_date", "не согласуется"),
    (dict(birth_date=date(2028, 1, 1)), "birth_date", "не наступила"),
    (dict(phone="12-34"), "phone", "10 цифр"),
    (dict(email="анна@"), "email", "почты"),
    (dict(request_kind_id=None), "request_kind_id", "запроса"),
    (dict(entered_on=None), "entered_on", "вхождения"),
    (dict(entered_on=date(2027, 4, 1)), "entered_on", "не наступила"),
])
def test_mentee_validation_names_the_field(db: Database, programme: int, changes: dict[str, Any],
                                           field: str, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        P.save_mentee(db, programme, yolkina(db, **changes), TODAY)
    assert error.value.field == field
    assert words in error.value.message.lower() or words in error.value.message
    assert P.mentee_rows(db, programme, today=TODAY) == []


def test_mentee_form_and_role_model_must_fit(db: Database, programme: int) -> None:
    teachers_form, teachers_model = form_ids(db, "учитель – учитель")
    pupils_form, _ = form_ids(db, "ученик – ученик")
    with pytest.raises(ValidationError) as wrong_form:
        P.save_mentee(db, programme, yolkina(db, form_id=teachers_form), TODAY)
    assert wrong_form.value.field == "form_id"
    with pytest.raises(ValidationError) as wrong_model:
        P.save_mentee(db, programme, yolkina(db, form_id=pupils_form,
                                             role_model_id=teachers_model), TODAY)
    assert wrong_model.value.field == "role_model_id"
    assert "не относится" in wrong_model.value.message


def test_doubles_are_refused(db: Database, programme: int) -> None:
    P.save_mentee(db, programme, yolkina(db), TODAY)
    with pytest.raises(ValidationError) as double:
        P.save_mentee(db, programme, yolkina(db, last_name="Елкина", first_name="АННА"), TODAY)
    assert double.value.field == "last_name" and "уже есть" in double.value.message


def mentor_form(db: Database, **changes: Any) -> P.MentorForm:
    values: dict[str, Any] = dict(
        last_name="Петрова", first_name="Анна", patronymic="Сергеевна", sex=Sex.FEMALE,
        birth_date=date(1980, 1, 10), kind=PersonKind.TEACHER, position="учитель математики",
        email="petrova@school5.ru", competences=("подготовка к ОГЭ", "ВПР"),
        achievements="Учитель года — 2024", mentee_age_min=12, mentee_age_max=16,
        meeting_times=("вт 15:00–16:00",), capacity=3, status=MentorStatus.CANDIDATE,
        entered_on=date(2026, 9, 20), form_ids=(form_ids(db, "педагог – ученик")[0],))
    values.update(changes)
    return P.MentorForm(**values)


@pytest.mark.parametrize(("changes", "field"), [
    (dict(capacity=0), "capacity"),
    (dict(capacity=51), "capacity"),
    (dict(mentee_age_min=16, mentee_age_max=12), "mentee_age_max"),
    (dict(mentee_age_min=3), "mentee_age_min"),
    (dict(birth_date=date(2015, 1, 1)), "birth_date"),
    (dict(form_ids=(999,)), "form_ids"),
])
def test_mentor_validation_names_the_field(db: Database, programme: int, changes: dict[str, Any],
                                           field: str) -> None:
    with pytest.raises(ValidationError) as error:
        P.save_mentor(db, programme, mentor_form(db, **changes), TODAY)
    assert error.value.field == field


def test_a_pupil_cannot_mentor_in_a_teachers_form(db: Database, programme: int) -> None:
    form = mentor_form(db, kind=PersonKind.PUPIL, class_label="10Б", birth_date=date(2010, 6, 1),
                       form_ids=(form_ids(db, "учитель – учитель")[0],))
    with pytest.raises(ValidationError) as error:
        P.save_mentor(db, programme, form, TODAY)
    assert error.value.field == "form_ids"


# --- Undo round trips ---------------------------------------------------------------------------


def test_mentee_edit_undo_gives_back_the_same_row(db: Database, programme: int) -> None:
    mentee_id = P.save_mentee(db, programme, yolkina(db), TODAY)
    before = P.mentee_rows(db, programme, today=TODAY)
    snapshot = P.snapshot_mentee(db, mentee_id)
    edited = replace(snapshot, last_name="Иванова", class_label="8Б", birth_date=date(2012, 2, 2),
                     request_kind_id=kind_id(db, "ОВЗ"), has_disability=True,
                     interests=("шахматы",), status=MenteeStatus.WAITING)
    assert P.save_mentee(db, programme, edited, TODAY) == mentee_id
    [changed] = P.mentee_rows(db, programme, today=TODAY)
    assert (changed.full_name, changed.class_or_post, changed.special_category) == \
        ("Иванова Анна Сергеевна", "8Б", True)
    assert changed.consent == "нет"
    assert P.mentee_rows(db, programme, P.BaseQuery(text="овз"), TODAY) == [changed]
    P.save_mentee(db, programme, snapshot, TODAY, strict=False)
    assert P.mentee_rows(db, programme, today=TODAY) == before
    assert P.mentee_rows(db, programme, P.BaseQuery(text="овз"), TODAY) == []
    assert P.snapshot_mentee(db, mentee_id) == snapshot
    with db.read() as s:
        fields = set(s.scalars(select(AuditEntry.field).where(AuditEntry.entity == "persons",
                                                              AuditEntry.action == "update")))
    assert {"last_name", "group_name", "birth_date"} <= fields


def test_mentor_edit_undo_gives_back_the_same_row(db: Database, programme: int) -> None:
    mentor_id = P.save_mentor(db, programme, mentor_form(db), TODAY)
    before = P.mentor_rows(db, programme, today=TODAY)
    snapshot = P.snapshot_mentor(db, mentor_id)
    other_form = form_ids(db, "учитель – учитель")[0]
    P.save_mentor(db, programme, replace(snapshot, form_ids=(other_form,), capacity=5,
                                         competences=("наставничество",), in_reserve=True), TODAY)
    [changed] = P.mentor_rows(db, programme, today=TODAY)
    assert changed.forms == ("учитель – учитель",) and changed.in_reserve and changed.capacity == 5
    P.save_mentor(db, programme, snapshot, TODAY, strict=False)
    assert P.mentor_rows(db, programme, today=TODAY) == before
    assert P.snapshot_mentor(db, mentor_id) == snapshot


def test_capacity_cannot_drop_below_the_load(demo: Database) -> None:
    programme = pid(demo)
    busy = max(P.mentor_rows(demo, programme, today=TODAY), key=lambda r: r.load)
    assert busy.load >= 2
    snapshot = P.snapshot_mentor(demo, busy.id)
    with pytest.raises(ValidationError) as error:
        P.save_mentor(demo, programme, replace(snapshot, capacity=busy.load - 1), TODAY)
    assert error.value.field == "capacity" and str(busy.load) in error.value.message


def test_archive_hides_and_restore_brings_back(demo: Database) -> None:
    programme = pid(demo)
    free = next(r for r in P.mentee_rows(demo, programme, today=TODAY) if not r.pair_id)
    assert P.archive_person(demo, free.person_id) == PersonStatus.ACTIVE
    assert free.id not in {r.id for r in P.mentee_rows(demo, programme, today=TODAY)}
    shown = P.mentee_rows(demo, programme, P.BaseQuery(include_archived=True), TODAY)
    assert next(r for r in shown if r.id == free.id).archived
    assert P.restore_person(demo, free.person_id, PersonStatus.ACTIVE) == PersonStatus.ARCHIVED
    assert free in P.mentee_rows(demo, programme, today=TODAY)


def test_paired_people_are_neither_archived_nor_deleted(demo: Database) -> None:
    programme = pid(demo)
    with demo.read() as s:
        pair = s.scalars(select(Pair).where(Pair.status == PairStatus.ACTIVE)).first()
        assert pair is not None
        mentee = pair.members[0].mentee
        names = (mentee.person.full_name, pair.mentor.person.full_name)
        ids = (mentee.id, mentee.person_id, pair.mentor_id)
    before = P.mentee_rows(demo, programme, today=TODAY)
    with pytest.raises(ConflictError) as mentee_error:
        P.delete_mentee(demo, ids[0])
    assert names[0] in mentee_error.value.message and "расформируйте" in mentee_error.value.message
    with pytest.raises(ConflictError) as mentor_error:
        P.delete_mentor(demo, ids[2])
    assert names[1] in mentor_error.value.message
    with pytest.raises(ConflictError) as archive_error:
        P.archive_person(demo, ids[1])
    assert names[0] in archive_error.value.message
    assert P.mentee_rows(demo, programme, today=TODAY) == before


def test_delete_and_undo_put_everything_back(demo: Database) -> None:
    programme = pid(demo)
    free = next(r for r in P.mentee_rows(demo, programme, today=TODAY) if not r.pair_id)
    with demo.write() as s:
        s.add(Assessment(mentee_id=free.id, checkpoint="входная", taken_on=TODAY,
                         parameter="Мотивация", value=3))
    before = P.mentee_rows(demo, programme, today=TODAY)
    captured = P.delete_mentee(demo, free.id)
    assert captured.count("assessments") == 1
    assert free.id not in {r.id for r in P.mentee_rows(demo, programme, today=TODAY)}
    with demo.read() as s:
        assert s.get(Person, free.person_id) is not None  # the pupil stays on the school's list
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "mentee_profiles", AuditEntry.action == "delete",
            AuditEntry.entity_id == free.id)) == 1
    assert P.restore_deleted(demo, captured) == free.id
    assert P.mentee_rows(demo, programme, today=TODAY) == before
    with demo.read() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)
                        .where(Assessment.mentee_id == free.id)) == 1


def test_undo_of_a_new_entry_removes_the_person_and_redo_restores_it(
        db: Database, programme: int) -> None:
    mentee_id = P.save_mentee(db, programme, yolkina(db), TODAY)
    before = P.mentee_rows(db, programme, today=TODAY)
    person_id = before[0].person_id
    with db.write() as s:
        parent = Person(last_name="Ёлкина", first_name="Мария", kind=PersonKind.PARENT)
        s.add(parent)
        s.flush()
        s.add(Guardianship(child_id=person_id, guardian_id=parent.id, relation="мать"))
        s.add(Consent(person_id=person_id, signer=ConsentSigner.GUARDIAN, guardian_id=parent.id,
                      guardian_name="Ёлкина Мария", signed_on=date(2026, 9, 10)))
    before = P.mentee_rows(db, programme, today=TODAY)
    assert before[0].consent == "есть" and before[0].contacts.startswith("Ёлкина Мария (мать)")
    captured = P.delete_mentee(db, mentee_id, with_person=True)
    with db.read() as s:
        assert s.get(Person, person_id) is None
        assert s.scalar(select(func.count()).select_from(Consent)) == 0
    assert P.restore_deleted(db, captured) == mentee_id
    assert P.mentee_rows(db, programme, today=TODAY) == before


def test_deleting_a_mentor_takes_a_draft_pair_and_undo_returns_it(demo: Database) -> None:
    programme = pid(demo)
    free_mentor = next(r for r in P.mentor_rows(demo, programme, today=TODAY) if r.load == 0)
    free_mentee = next(r for r in P.mentee_rows(demo, programme, today=TODAY) if not r.pair_id)
    with demo.write() as s:
        pair = Pair(programme_id=programme, mentor_id=free_mentor.id, status=PairStatus.DRAFT)
        pair.members = [PairMember(mentee_id=free_mentee.id)]
        s.add(pair)
    mentors = P.mentor_rows(demo, programme, today=TODAY)
    mentees = P.mentee_rows(demo, programme, today=TODAY)
    captured = P.delete_mentor(demo, free_mentor.id)
    assert captured.count("pairs") == 1 and captured.count("pair_members") == 1
    assert not next(r for r in P.mentee_rows(demo, programme, today=TODAY)
                    if r.id == free_mentee.id).mentor_name
    P.restore_deleted(demo, captured)
    assert P.mentor_rows(demo, programme, today=TODAY) == mentors
    assert P.mentee_rows(demo, programme, today=TODAY) == mentees


# --- Request kinds ------------------------------------------------------------------------------


def test_request_kinds_add_rename_and_sensitivity(db: Database, programme: int) -> None:
    new_id = P.add_request_kind(db, "  Трудности  в общении ")
    with pytest.raises(ValidationError) as double:
        P.add_request_kind(db, "трудности в общении")
    assert double.value.field == "name"
    with pytest.raises(ValidationError):
        P.rename_request_kind(db, new_id, "Одаренность")  # ё = е: «Одарённость» exists
    mentee_id = P.save_mentee(db, programme, yolkina(db, request_kind_id=new_id), TODAY)
    with db.write() as s:
        s.add(Consent(person_id=P.mentee_rows(db, programme, today=TODAY)[0].person_id,
                      signer=ConsentSigner.GUARDIAN, guardian_name="Ёлкина Мария Ивановна",
                      signed_on=date(2026, 9, 10)))
    assert P.rename_request_kind(db, new_id, "Застенчивость") == "Трудности в общении"
    assert [r.id for r in P.mentee_rows(db, programme, P.BaseQuery(text="застенчив"), TODAY)] == \
        [mentee_id]
    assert P.mentee_rows(db, programme, P.BaseQuery(text="трудности"), TODAY) == []
    assert P.mentee_rows(db, programme, today=TODAY)[0].consent == "есть"
    assert P.set_request_kind_sensitive(db, new_id, True) is False
    [row] = P.mentee_rows(db, programme, today=TODAY)
    assert row.special_category and row.consent == ConsentState.NEED_WRITTEN.label == \
        "нужно письменное"
    with db.read() as s:
        assert special_needed_for(s, row.person_id)
    with pytest.raises(ConflictError):
        P.remove_request_kind(db, new_id)
    spare = P.add_request_kind(db, "Запасной")
    assert P.remove_request_kind(db, spare) == ("Запасной", False)
    with db.read() as s:
        assert s.get(RequestKind, spare) is None


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.mark.postgres
def test_bases_on_postgresql(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        programme = create_programme(db, title="Программа", starts_on=date(2026, 9, 1),
                                     ends_on=date(2027, 8, 31), organisation_name="Школа")
        mentee_id = P.save_mentee(db, programme, yolkina(db), TODAY)
        P.save_mentee(db, programme, yolkina(db, last_name="Сидоров", first_name="Пётр",
                                             patronymic="Ильич", sex=Sex.MALE), TODAY)
        mentor_id = P.save_mentor(db, programme, mentor_form(db), TODAY)
        assert [r.id for r in P.mentee_rows(db, programme, P.BaseQuery(text="ЁЛКИНА"), TODAY)] == \
            [mentee_id]
        assert [r.id for r in P.mentee_rows(db, programme, P.BaseQuery(text="петр"), TODAY)] != []
        with db.write() as s:
            person_id = s.get(MenteeProfile, mentee_id).person_id  # type: ignore[union-attr]
            s.add(Consent(person_id=person_id, signer=ConsentSigner.GUARDIAN,
                          guardian_name="Ёлкина Мария", signed_on=date(2026, 9, 10)))
        missing = P.mentee_rows(db, programme, P.BaseQuery(consent_missing=True), TODAY)
        assert [r.full_name for r in missing] == ["Сидоров Пётр Ильич"]
        assert [r.id for r in P.mentor_rows(db, programme, today=TODAY)] == [mentor_id]
        before = P.mentee_rows(db, programme, today=TODAY)
        captured = P.delete_mentee(db, mentee_id, with_person=True)
        P.restore_deleted(db, captured)
        assert P.mentee_rows(db, programme, today=TODAY) == before
    finally:
        db.close()


@pytest.mark.parametrize("changes,field", [
    ({"first_name": "А."}, "first_name"),
    ({"patronymic": "___ Иванов И. И."}, "patronymic"),
    ({"patronymic": "И. И."}, "first_name"),
    ({"last_name": "Иванов2"}, "first_name"),
])
def test_the_dialog_refuses_what_the_import_refuses_as_a_name(db: Database, programme: int,
                                                              changes: dict[str, str],
                                                              field: str) -> None:
    with pytest.raises(ValidationError) as bad:
        P.save_mentee(db, programme, yolkina(db, **changes), TODAY)
    assert bad.value.field == field and bad.value.message
