"""Stage 5 before the matching: the general meeting, the questionnaires typed in, and the
questionnaires imported from a messy spreadsheet, on a real demonstration school at stage 5."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from mentordesk.errors import ValidationError
from mentordesk.model import Consent, EventAttendance, MenteeProfile, Person, ProgrammeEvent
from mentordesk.services.database import Database
from mentordesk.services.match_pool import Pool, PoolMentee, match_pool
from mentordesk.services.preferences import (
    GENERAL_MEETING,
    MENTOR_CHOICES,
    general_meeting,
    preferences,
    put_general_meeting,
    restore_preferences,
    save_general_meeting,
    set_preferences,
)
from mentordesk.services.preferences_import import (
    choice_number,
    find_columns,
    import_preferences,
    preview_preferences,
)
from mentordesk.services.preferences_names import Named, NameIndex, split_detail

STAGE5_TODAY = date(2026, 11, 20)


@dataclass
class Stage5:
    db: Database
    programme_id: int
    pool: Pool


@pytest.fixture
def s5(db5: Database) -> Stage5:
    with db5.read() as s:
        programme_id = s.scalar(select(ProgrammeEvent.programme_id).limit(1))
    assert programme_id is not None
    return Stage5(db5, programme_id, match_pool(db5, programme_id, STAGE5_TODAY))


def _set(s5: Stage5, chooser: int, chosen: list[int]) -> list[int]:
    return set_preferences(s5.db, s5.programme_id, chooser, chosen, pool=s5.pool)


# --- The general meeting -----------------------------------------------------------------------


def test_the_demo_meeting_is_read_with_its_attendance(s5: Stage5) -> None:
    meeting = general_meeting(s5.db, s5.programme_id)
    assert meeting is not None
    assert meeting.title.startswith("Общая встреча")
    everyone = {p for p, _ in meeting.attendance}
    pool_people = {m.person_id for m in s5.pool.mentors} | {m.person_id for m in s5.pool.mentees}
    assert meeting.present and meeting.present < everyone
    assert len(everyone & pool_people) > len(pool_people) // 2


def test_saving_the_meeting_replaces_date_and_attendance_and_undo_restores_it(s5: Stage5) -> None:
    before = general_meeting(s5.db, s5.programme_id)
    assert before is not None
    invited = [m.person_id for m in s5.pool.mentors] + [m.person_id for m in s5.pool.mentees]
    present = set(invited[::2])
    change = save_general_meeting(s5.db, s5.programme_id, date(2026, 11, 18), present,
                                  invited_person_ids=invited)
    assert change.before == before
    stored = general_meeting(s5.db, s5.programme_id)
    assert stored == change.after
    assert stored is not None and stored.held_on == date(2026, 11, 18)
    assert stored.present & set(invited) == present
    assert {p for p, here in stored.attendance if not here and p in invited} \
        == set(invited) - present
    outside = {a for a in before.attendance if a[0] not in invited}
    assert outside and outside <= set(stored.attendance)  # marks of the others are kept

    undone = put_general_meeting(s5.db, s5.programme_id, change.before, replacing=change.after)
    assert general_meeting(s5.db, s5.programme_id) == before
    redone = put_general_meeting(s5.db, s5.programme_id, undone.before, replacing=undone.after)
    again = general_meeting(s5.db, s5.programme_id)
    assert again is not None and again.present & set(invited) == present
    assert redone.after == again


def test_a_first_meeting_is_created_and_its_undo_deletes_it(s5: Stage5) -> None:
    existing = general_meeting(s5.db, s5.programme_id)
    removed = put_general_meeting(s5.db, s5.programme_id, None, replacing=existing)
    assert removed.after is None and general_meeting(s5.db, s5.programme_id) is None
    someone = s5.pool.mentees[0].person_id
    change = save_general_meeting(s5.db, s5.programme_id, date(2026, 11, 2), {someone})
    assert change.before is None
    assert change.after is not None and change.after.present == {someone}
    put_general_meeting(s5.db, s5.programme_id, None, replacing=change.after)
    with s5.db.read() as s:
        kinds = s.scalars(select(ProgrammeEvent.kind)
                          .where(ProgrammeEvent.programme_id == s5.programme_id)).all()
        orphans = s.scalars(select(EventAttendance)
                            .where(EventAttendance.event_id == change.after.id)).all()
    assert GENERAL_MEETING not in kinds and not orphans


def test_a_meeting_outside_the_programme_is_refused_in_russian(s5: Stage5) -> None:
    before = general_meeting(s5.db, s5.programme_id)
    with pytest.raises(ValidationError) as caught:
        save_general_meeting(s5.db, s5.programme_id, date(2031, 1, 10), set())
    assert caught.value.field == "held_on"
    assert "вне срока программы" in caught.value.message
    assert general_meeting(s5.db, s5.programme_id) == before


# --- Questionnaires ----------------------------------------------------------------------------


def test_a_questionnaire_replaces_the_previous_one_and_returns_it(s5: Stage5) -> None:
    mentee = s5.pool.mentees[0].person_id
    mentors = [m.person_id for m in s5.pool.mentors]
    old = preferences(s5.db, s5.programme_id).get(mentee, [])
    assert _set(s5, mentee, mentors[:3]) == old
    assert preferences(s5.db, s5.programme_id)[mentee] == mentors[:3]
    assert _set(s5, mentee, [mentors[4]]) == mentors[:3]
    assert preferences(s5.db, s5.programme_id)[mentee] == [mentors[4]]
    assert _set(s5, mentee, []) == [mentors[4]]
    assert mentee not in preferences(s5.db, s5.programme_id)


def test_a_mentor_names_up_to_ten_mentees(s5: Stage5) -> None:
    mentor = s5.pool.mentors[0].person_id
    mentees = [m.person_id for m in s5.pool.mentees]
    _set(s5, mentor, mentees[:MENTOR_CHOICES])
    assert preferences(s5.db, s5.programme_id)[mentor] == mentees[:MENTOR_CHOICES]
    with pytest.raises(ValidationError, match="не больше 10"):
        _set(s5, mentor, mentees[:MENTOR_CHOICES + 1])


@pytest.mark.parametrize("case", ["four", "same_side", "twice", "self", "outsider"])
def test_a_questionnaire_the_pool_does_not_allow_is_refused(s5: Stage5, case: str) -> None:
    mentee = s5.pool.mentees[1].person_id
    mentors = [m.person_id for m in s5.pool.mentors]
    before = preferences(s5.db, s5.programme_id).get(mentee)
    chooser, chosen, words = {
        "four": (mentee, mentors[:4], "не больше 3"),
        "same_side": (mentee, [s5.pool.mentees[2].person_id], "наставляемый, а выбирают из "
                                                               "наставников"),
        "twice": (mentee, [mentors[0], mentors[0]], "уже указан"),
        "self": (mentee, [mentee], "сам себя"),
        "outsider": (_excluded_person(s5), mentors[:1], "не входит в число участников"),
    }[case]
    with pytest.raises(ValidationError, match=words):
        _set(s5, chooser, chosen)
    assert preferences(s5.db, s5.programme_id).get(mentee) == before


def _excluded_person(s5: Stage5) -> int:
    excluded = next(e for e in s5.pool.excluded if e.role == "mentee")
    with s5.db.read() as s:
        profile = s.get(MenteeProfile, excluded.id)
        assert profile is not None
        return profile.person_id


def test_restoring_puts_back_lists_exactly_and_skips_people_deleted_since(s5: Stage5) -> None:
    mentee = s5.pool.mentees[3].person_id
    mentors = [m.person_id for m in s5.pool.mentors]
    previous = preferences(s5.db, s5.programme_id).get(mentee, [])
    _set(s5, mentee, mentors[5:8])
    replaced = restore_preferences(s5.db, s5.programme_id, {mentee: previous})
    assert replaced == {mentee: mentors[5:8]}
    assert preferences(s5.db, s5.programme_id).get(mentee, []) == previous
    assert restore_preferences(s5.db, s5.programme_id, {mentee: [999_999, mentors[1]]}) \
        == {mentee: previous}
    assert preferences(s5.db, s5.programme_id)[mentee] == [mentors[1]]


# --- Names --------------------------------------------------------------------------------------


def test_names_are_found_in_any_case_with_e_for_yo_with_initials_and_by_class() -> None:
    people = [Named(1, "Семёнов Пётр Ильич", "7А", "mentee"),
              Named(2, "Семёнов Пётр Ильич", "8Б", "mentee"),
              Named(3, "Ёлкина Алёна Сергеевна", "учитель химии", "mentor"),
              Named(4, "Орлов Иван", "9В", "mentee")]
    index = NameIndex(people)
    assert index.find("ЕЛКИНА АЛЕНА СЕРГЕЕВНА").person == people[2]
    assert index.find("  елкина   а. с. ").person == people[2]
    assert index.find("Ёлкина Алёна").person == people[2]
    assert index.find("Семенов Петр Ильич", "8 «б»").person == people[1]
    assert index.find("Семёнов Пётр (7а)").person == people[0]
    assert index.find("Семёнов Пётр, 7-А").person == people[0]
    ambiguous = index.find("Семёнов Пётр Ильич")
    assert ambiguous.person is None and not ambiguous.unknown
    assert "нескольким участникам" in ambiguous.problem and "укажите класс" in ambiguous.problem
    assert index.find("Орлов Иван Петрович").person is None  # no such patronymic on record
    unknown = index.find("Кузнецов Олег")
    assert unknown.unknown and "нет среди участников" in unknown.problem
    wrong_side = index.find("Ёлкина Алёна", sides=("mentee",))
    assert wrong_side.person is None and "наставник, а здесь нужен наставляемый" in \
        wrong_side.problem
    assert index.find("елкин", sides=("mentor",), partial=True).person == people[2]
    assert index.find("семен", partial=True).person is None
    assert split_detail("Иванов Иван (7А)") == ("Иванов Иван", "7А")


@pytest.mark.parametrize(("header", "number"), [
    ("1 выбор", 1), ("Выбор 2", 2), ("3-й выбор", 3), ("Первый выбор", 1),
    ("Предпочтение № 4", 4), ("ФИО", None), ("Выбор", None), ("11 выбор", None)])
def test_choice_columns_are_recognised(header: str, number: int | None) -> None:
    assert choice_number(header) == number


def test_a_sheet_without_choice_columns_is_explained() -> None:
    with pytest.raises(ValidationError, match="«1 выбор»"):
        find_columns([("ФИО", "Класс"), ("Иванов Иван", "7А")])


# --- Import from a messy spreadsheet -----------------------------------------------------------


def _namesake(s5: Stage5, mentee: PoolMentee) -> tuple[int, str]:
    """A second pupil with the same full name in another class, in the pool too."""
    with s5.db.write() as s:
        original = s.get(Person, mentee.person_id)
        profile = s.get(MenteeProfile, mentee.id)
        assert original is not None and profile is not None and original.grade is not None
        group = f"{original.grade}Д"
        twin = Person(organisation_id=original.organisation_id, last_name=original.last_name,
                      first_name=original.first_name, patronymic=original.patronymic,
                      sex=original.sex, birth_date=original.birth_date, kind=original.kind,
                      group_name=group, grade=original.grade)
        s.add(twin)
        s.flush()
        s.add(MenteeProfile(person_id=twin.id, programme_id=profile.programme_id,
                            request_kind_id=profile.request_kind_id,
                            request_text=profile.request_text, entered_on=profile.entered_on,
                            form_id=profile.form_id))
        for c in s.scalars(select(Consent).where(Consent.person_id == original.id)):
            s.add(Consent(person_id=twin.id, signer=c.signer, guardian_id=c.guardian_id,
                          guardian_name=c.guardian_name or "Законный представитель",
                          signed_on=c.signed_on, scope=c.scope,
                          special_category=c.special_category, valid_until=c.valid_until))
        return twin.id, group


def _caps_yo(name: str) -> str:
    return name.upper().replace("Ё", "Е")


def _short(name: str) -> str:
    last, *rest = name.split()
    return f"{last} {' '.join(p[0] + '.' for p in rest)}"


def _write_sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Анкеты"
    ws["A1"] = "Анкеты предпочтений по итогам общей встречи"
    ws.append([])
    ws.append(["№", "ФИО участника", "Класс", "1 выбор", "2 выбор", "3 выбор"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@dataclass
class Messy:
    path: Path
    rows: dict[str, int]  # what each spreadsheet row is about
    expected: dict[int, list[int]]  # the clean rows' questionnaires
    twin: int


@pytest.fixture
def messy(s5: Stage5, tmp_path: Path) -> Messy:
    pool = s5.pool
    twin_of = next(m for m in pool.mentees if m.detail[:1].isdigit())
    twin, twin_group = _namesake(s5, twin_of)
    s5.pool = match_pool(s5.db, s5.programme_id, STAGE5_TODAY)
    mentors, mentees = pool.mentors, [m for m in pool.mentees if m is not twin_of]
    m0, m1, m2, m3 = mentors[0], mentors[1], mentors[2], mentors[3]
    excluded = next(e for e in pool.excluded if e.role == "mentee" and "согласи" in e.reason)
    rows: list[list[object]] = [
        [1, _caps_yo(mentees[0].name), mentees[0].detail, _caps_yo(m0.name), _short(m1.name),
         f"  {m2.name.lower()}  "],
        # the two namesakes told apart by the class column
        [2, twin_of.name, twin_group, m3.name, None, None],
        [3, twin_of.name, twin_of.detail, m1.name, m0.name, None],
        # a mentor naming the twin by the class in the cell
        [4, m2.name, None, f"{twin_of.name} ({twin_group})", mentees[1].name, None],
        # problems
        [5, mentees[2].name, mentees[2].detail, "Несуществующая Мария Ивановна", m0.name, None],
        [6, m3.name, None, twin_of.name, None, None],  # ambiguous without the class
        [7, excluded.name, None, m0.name, None, None],  # has no consent: not in the pool
        [8, mentees[3].name, mentees[3].detail, m1.name, m1.name, None],  # twice
        [9, None, None, None, None, None],
    ]
    expected = {
        mentees[0].person_id: [m0.person_id, m1.person_id, m2.person_id],
        twin: [m3.person_id],
        twin_of.person_id: [m1.person_id, m0.person_id],
        m2.person_id: [twin, mentees[1].person_id],
    }
    names = ["caps", "twin", "original", "mentor", "unknown", "ambiguous", "excluded", "twice"]
    return Messy(_write_sheet(tmp_path / "Анкеты предпочтений.xlsx", rows),
                 {name: 4 + i for i, name in enumerate(names)}, expected, twin)


def test_the_preview_finds_every_problem_by_row_and_column_and_writes_nothing(
        s5: Stage5, messy: Messy) -> None:
    before = preferences(s5.db, s5.programme_id)
    report = preview_preferences(s5.db, s5.programme_id, messy.path, today=STAGE5_TODAY)
    assert preferences(s5.db, s5.programme_id) == before
    assert (report.sheet, report.header_row) == ("Анкеты", 3)
    assert report.data_rows == 8 and report.valid_rows == 4 and report.imported == 0
    assert {k: list(v) for k, v in report.lists.items()} == messy.expected
    problems = {(e.row, e.column): e.message for e in report.errors}
    assert set(problems) == {(messy.rows["unknown"], "1 выбор"),
                             (messy.rows["ambiguous"], "1 выбор"),
                             (messy.rows["excluded"], "ФИО участника"),
                             (messy.rows["twice"], "2 выбор")}
    assert "нет среди участников" in problems[(messy.rows["unknown"], "1 выбор")]
    assert "укажите класс" in problems[(messy.rows["ambiguous"], "1 выбор")]
    assert "согласия" in problems[(messy.rows["excluded"], "ФИО участника")]
    assert "уже указан" in problems[(messy.rows["twice"], "2 выбор")]
    assert "Несуществующая Мария Ивановна" in report.unknown_names
    assert "строка 8" in report.text()


def test_an_import_with_problems_writes_nothing_unless_told_to_skip_them(
        s5: Stage5, messy: Messy) -> None:
    before = preferences(s5.db, s5.programme_id)
    refused = import_preferences(s5.db, s5.programme_id, messy.path, today=STAGE5_TODAY)
    assert refused.refused and refused.imported == 0 and not refused.previous
    assert preferences(s5.db, s5.programme_id) == before

    done = import_preferences(s5.db, s5.programme_id, messy.path, today=STAGE5_TODAY,
                              skip_bad_rows=True)
    assert done.imported == len(messy.expected)
    after = preferences(s5.db, s5.programme_id)
    for chooser, chosen in messy.expected.items():
        assert after[chooser] == chosen
    untouched = {k: v for k, v in before.items() if k not in messy.expected}
    assert {k: v for k, v in after.items() if k not in messy.expected} == untouched
    # Undo puts back what the import replaced, the twin's empty list included.
    assert done.previous[messy.twin] == ()
    restore_preferences(s5.db, s5.programme_id, {k: list(v) for k, v in done.previous.items()})
    assert preferences(s5.db, s5.programme_id) == before


def test_a_clean_csv_is_written_whole(s5: Stage5, tmp_path: Path) -> None:
    mentee, mentor = s5.pool.mentees[5], s5.pool.mentors[6]
    path = tmp_path / "анкеты.csv"
    path.write_text("ФИО;Класс;Выбор 1;Выбор 2\n"
                    f"{mentee.name};{mentee.detail};{_short(mentor.name)};\n"
                    f"{mentor.name};;{mentee.name.upper()};\n", encoding="cp1251")
    report = import_preferences(s5.db, s5.programme_id, path, today=STAGE5_TODAY)
    assert not report.errors and report.imported == 2
    stored = preferences(s5.db, s5.programme_id)
    assert stored[mentee.person_id] == [mentor.person_id]
    assert stored[mentor.person_id] == [mentee.person_id]


@pytest.fixture
def db5(demo5: Database) -> Database:
    """The stage-5 demonstration school (tests/conftest.py), a private copy."""
    return demo5
