"""The consent register and the pairing guard: states, validation, both sides of a pair,
expired and withdrawn consents, special-category data (ОВЗ, sensitive requests)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select

from mentordesk.errors import ConsentMissing, ValidationError
from mentordesk.model import (
    Consent,
    ConsentSigner,
    Guardianship,
    MenteeProfile,
    MentorProfile,
    Person,
    PersonKind,
    Sex,
)
from mentordesk.services import people as P
from mentordesk.services.consent import (
    ConsentForm,
    ConsentState,
    consent_rows,
    consent_state,
    delete_consent,
    ensure_can_pair,
    guardians_of,
    record_consent,
    restore_consent,
    set_withdrawn,
    special_needed_for,
    state_from,
    withdraw_consent,
)
from mentordesk.services.database import Database
from mentordesk.services.programme import current_programme_id
from mentordesk.services.reference import list_request_kinds

TODAY = date(2027, 3, 15)


def kind_id(db: Database, name: str) -> int:
    return next(i for i, n, _ in list_request_kinds(db) if n == name)


def add_mentee(db: Database, programme: int, **changes: Any) -> tuple[int, int]:
    """(mentee profile id, person id) of a pupil of 7А with a mother on record."""
    values: dict[str, Any] = dict(
        last_name="Ёлкина", first_name="Анна", patronymic="Сергеевна", sex=Sex.FEMALE,
        birth_date=date(2013, 3, 5), class_label="7А", request_kind_id=kind_id(db, "Адаптация"),
        entered_on=date(2026, 10, 1))
    values.update(changes)
    mentee_id = P.save_mentee(db, programme, P.MenteeForm(**values), TODAY)
    with db.write() as s:
        person_id = s.get(MenteeProfile, mentee_id).person_id  # type: ignore[union-attr]
        mother = Person(last_name=values["last_name"], first_name="Мария", patronymic="Ивановна",
                        kind=PersonKind.PARENT, phone="+7 (912) 000-00-01")
        s.add(mother)
        s.flush()
        s.add(Guardianship(child_id=person_id, guardian_id=mother.id, relation="мать"))
    return mentee_id, person_id


def add_mentor(db: Database, programme: int) -> tuple[int, int]:
    mentor_id = P.save_mentor(db, programme, P.MentorForm(
        last_name="Петров", first_name="Илья", patronymic="Андреевич", sex=Sex.MALE,
        birth_date=date(1979, 4, 2), kind=PersonKind.TEACHER, capacity=2,
        entered_on=date(2026, 9, 15)), TODAY)
    with db.read() as s:
        return mentor_id, s.get(MentorProfile, mentor_id).person_id  # type: ignore[union-attr]


def mother_of(db: Database, person_id: int) -> int:
    [(guardian_id, name, relation)] = guardians_of(db, person_id)
    assert relation == "мать" and name.endswith("Мария Ивановна")
    return guardian_id


def state(db: Database, person_id: int, day: date = TODAY) -> ConsentState:
    with db.read() as s:
        person = s.get(Person, person_id)
        assert person is not None
        return consent_state(person, day, special_needed=special_needed_for(s, person_id))


# --- States and the guard -----------------------------------------------------------------------


def test_mentee_guard_follows_the_consent_through_its_life(db: Database, programme: int) -> None:
    _, person_id = add_mentee(db, programme)
    with pytest.raises(ConsentMissing) as none:
        ensure_can_pair(db, person_id, TODAY)
    assert "Ёлкина Анна Сергеевна (7А)" in none.value.message
    assert "нет согласия" in none.value.message and "законным представителем" in none.value.message
    assert state(db, person_id) is ConsentState.MISSING

    consent_id = record_consent(db, ConsentForm(person_id=person_id, signed_on=date(2026, 9, 20),
                                                guardian_id=mother_of(db, person_id),
                                                valid_until=date(2027, 8, 31)), TODAY)
    ensure_can_pair(db, person_id, TODAY)
    assert state(db, person_id) is ConsentState.OK
    with pytest.raises(ConsentMissing) as expired:
        ensure_can_pair(db, person_id, date(2027, 9, 1))
    assert "истёк" in expired.value.message
    assert state(db, person_id, date(2027, 9, 1)) is ConsentState.EXPIRED

    assert withdraw_consent(db, consent_id, date(2027, 2, 1), TODAY) is None
    with pytest.raises(ConsentMissing) as withdrawn:
        ensure_can_pair(db, person_id, TODAY)
    assert "отозвано" in withdrawn.value.message and "Ёлкина Анна" in withdrawn.value.message
    assert state(db, person_id) is ConsentState.WITHDRAWN
    ensure_can_pair(db, person_id, date(2027, 1, 31))  # still valid the day before
    assert set_withdrawn(db, consent_id, None, TODAY) == date(2027, 2, 1)  # undo
    ensure_can_pair(db, person_id, TODAY)


def test_mentor_guard(db: Database, programme: int) -> None:
    _, person_id = add_mentor(db, programme)
    with pytest.raises(ConsentMissing) as none:
        ensure_can_pair(db, person_id, TODAY)
    assert "Петров Илья Андреевич" in none.value.message
    assert "самим участником" in none.value.message
    consent_id = record_consent(db, ConsentForm(person_id=person_id, signed_on=date(2025, 9, 1),
                                                valid_until=date(2026, 8, 31)), TODAY)
    with pytest.raises(ConsentMissing) as expired:
        ensure_can_pair(db, person_id, TODAY)
    assert "истёк" in expired.value.message
    record_consent(db, ConsentForm(person_id=person_id, signed_on=date(2026, 9, 2)), TODAY)
    with db.write() as s:  # the guard also works inside the pairing service's own session
        ensure_can_pair(s, person_id, TODAY)
    withdraw_consent(db, consent_id, date(2026, 9, 1), TODAY)  # the old one: no matter
    ensure_can_pair(db, person_id, TODAY)
    with db.read() as s:
        consents = list(s.scalars(select(Consent).where(Consent.person_id == person_id)))
        assert {c.signer for c in consents} == {ConsentSigner.SELF}


@pytest.mark.parametrize("case", ["disability", "sensitive kind"])
def test_special_category_needs_written_consent(db: Database, programme: int, case: str) -> None:
    changes = ({"has_disability": True} if case == "disability"
               else {"request_kind_id": kind_id(db, "ЗПР")})
    _, person_id = add_mentee(db, programme, **changes)
    record_consent(db, ConsentForm(person_id=person_id, signed_on=date(2026, 9, 20),
                                   guardian_id=mother_of(db, person_id)), TODAY)
    with pytest.raises(ConsentMissing) as error:
        ensure_can_pair(db, person_id, TODAY)
    assert "особой категории" in error.value.message and "Ёлкина Анна" in error.value.message
    assert state(db, person_id) is ConsentState.NEED_WRITTEN
    [row] = P.mentee_rows(db, programme, today=TODAY)
    assert row.consent == "нужно письменное" and row.special_category
    special_id = record_consent(db, ConsentForm(
        person_id=person_id, signed_on=date(2026, 9, 25), guardian_id=mother_of(db, person_id),
        special_category=True), TODAY)
    ensure_can_pair(db, person_id, TODAY)
    with db.read() as s:
        assert "особых образовательных потребностях" in s.get(Consent, special_id).scope  # type: ignore[union-attr]
    withdraw_consent(db, special_id, date(2027, 3, 1), TODAY)
    with pytest.raises(ConsentMissing):
        ensure_can_pair(db, person_id, TODAY)


def test_state_from_takes_the_latest_consent() -> None:
    class C:
        def __init__(self, signed: date, until: date | None = None, withdrawn: date | None = None,
                     special: bool = False) -> None:
            self.signed_on, self.valid_until, self.withdrawn_on = signed, until, withdrawn
            self.special_category = special

    old_withdrawn = C(date(2024, 9, 1), withdrawn=date(2024, 12, 1))
    newer_expired = C(date(2025, 9, 1), until=date(2026, 8, 31))
    assert state_from([old_withdrawn, newer_expired], TODAY, False) is ConsentState.EXPIRED
    assert state_from([newer_expired, C(date(2026, 9, 1), withdrawn=date(2027, 1, 1))], TODAY,
                      False) is ConsentState.WITHDRAWN
    assert state_from([C(date(2027, 4, 1))], TODAY, False) is ConsentState.MISSING  # future
    assert state_from([C(date(2026, 9, 1), special=True)], TODAY, True) is ConsentState.OK


# --- Validation ---------------------------------------------------------------------------------


def test_record_consent_validation(db: Database, programme: int) -> None:
    _, child = add_mentee(db, programme)
    _, adult = add_mentor(db, programme)
    mother = mother_of(db, child)

    def refused(form: ConsentForm) -> ValidationError:
        with pytest.raises(ValidationError) as error:
            record_consent(db, form, TODAY)
        return error.value

    minor_self = refused(ConsentForm(person_id=child, signed_on=date(2026, 9, 1),
                                     signer=ConsentSigner.SELF))
    assert minor_self.field == "signer" and "законный представитель" in minor_self.message
    assert refused(ConsentForm(person_id=child, signed_on=date(2026, 9, 1))).field == "guardian"
    assert refused(ConsentForm(person_id=child, signed_on=date(2026, 9, 1),
                               guardian_id=adult)).field == "guardian"
    future = refused(ConsentForm(person_id=adult, signed_on=date(2027, 3, 16)))
    assert future.field == "signed_on" and "не наступила" in future.message
    order = refused(ConsentForm(person_id=adult, signed_on=date(2026, 9, 1),
                                valid_until=date(2026, 8, 1)))
    assert order.field == "valid_until"
    early = refused(ConsentForm(person_id=adult, signed_on=date(2026, 9, 1),
                                withdrawn_on=date(2026, 8, 1)))
    assert early.field == "withdrawn_on"
    consent_id = record_consent(db, ConsentForm(person_id=child, signed_on=date(2026, 9, 1),
                                                guardian_name=" ёлкина  мария ивановна "), TODAY)
    with pytest.raises(ValidationError) as later:
        withdraw_consent(db, consent_id, date(2027, 4, 1), TODAY)
    assert later.value.field == "withdrawn_on"
    row = next(r for r in consent_rows(db, programme, TODAY) if r.person_id == child)
    assert row.signed_by == "Ёлкина Мария Ивановна" and row.minor and row.state_label == "есть"
    assert record_consent(db, ConsentForm(person_id=child, signed_on=date(2026, 9, 2),
                                          guardian_id=mother), TODAY) > consent_id


def test_delete_consent_and_undo(db: Database, programme: int) -> None:
    _, child = add_mentee(db, programme)
    consent_id = record_consent(db, ConsentForm(person_id=child, signed_on=date(2026, 9, 1),
                                                guardian_id=mother_of(db, child),
                                                document_ref="ПД-007"), TODAY)
    before = consent_rows(db, programme, TODAY)
    snapshot = delete_consent(db, consent_id)
    assert state(db, child) is ConsentState.MISSING
    assert restore_consent(db, snapshot) == consent_id
    assert consent_rows(db, programme, TODAY) == before


# --- The register -------------------------------------------------------------------------------


def test_register_lists_every_participant_once_and_agrees_with_the_bases(demo: Database) -> None:
    programme = current_programme_id(demo)
    assert programme is not None
    statements: list[object] = []

    def count(*args: object) -> None:
        statements.append(args[2])

    event.listen(demo.engine, "before_cursor_execute", count)
    try:
        rows = consent_rows(demo, programme, TODAY)
    finally:
        event.remove(demo.engine, "before_cursor_execute", count)
    assert len(statements) <= 8  # a fixed number, whatever the number of participants
    mentees = P.mentee_rows(demo, programme, today=TODAY)
    mentors = P.mentor_rows(demo, programme, today=TODAY)
    assert len({r.person_id for r in rows}) == len(rows)
    assert {r.person_id for r in rows} == {m.person_id for m in mentees} | \
        {m.person_id for m in mentors}
    base_state = {m.person_id: m.consent for m in mentees}
    base_state.update({m.person_id: m.consent for m in mentors})
    with demo.read() as s:
        for row in rows:
            assert row.state_label == base_state[row.person_id], row.full_name
            person = s.get(Person, row.person_id)
            assert person is not None
            expected = consent_state(person, TODAY,
                                     special_needed=special_needed_for(s, row.person_id))
            assert row.state == expected.value
            assert row.minor == ((person.age_on(TODAY) or 0) < 18)
            if row.consent_id is None:
                assert row.state == "missing"
                continue
            consent = s.get(Consent, row.consent_id)
            assert consent is not None
            if consent.signer == ConsentSigner.GUARDIAN:
                assert row.signed_by == consent.guardian_name != row.full_name
            else:
                assert row.signed_by == row.full_name
    minors = [r for r in rows if r.minor]
    assert minors and all(r.guardians for r in minors if r.roles == "наставляемый")
    assert {r.state_label for r in rows} >= {"есть", "нет", "отозвано", "истекло"}


def test_an_adult_pupil_signs_their_own_and_a_minor_student_does_not(
        db: Database, programme: int) -> None:
    _, pupil = add_mentee(db, programme, last_name="Смирнов", first_name="Олег",
                          patronymic="Петрович", sex=Sex.MALE, birth_date=date(2008, 9, 5),
                          class_label="11А")
    assert not next(r for r in consent_rows(db, programme, TODAY) if r.person_id == pupil).minor
    record_consent(db, ConsentForm(person_id=pupil, signed_on=date(2026, 9, 20)), TODAY)
    ensure_can_pair(db, pupil, TODAY)
    with pytest.raises(ValidationError):  # he was 17 in August 2026
        record_consent(db, ConsentForm(person_id=pupil, signed_on=date(2026, 8, 20),
                                       signer=ConsentSigner.SELF), TODAY)
