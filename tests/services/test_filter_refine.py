"""Searching the bases in memory: `refine` must find exactly the rows the SQL search finds, and
a `RowSource` must answer every keystroke as a fresh query would, reading the database only
when it has to. The data is the demonstration school (tests/services/conftest.py)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from mentordesk.model import MenteeProfile, MentorProfile
from mentordesk.model.text import normalise
from mentordesk.services import people as P
from mentordesk.services.consent import consent_state
from mentordesk.services.database import Database, open_database
from mentordesk.services.demo import build_demo
from mentordesk.services.people_rows import refine, search_words
from mentordesk.services.people_rows_source import RowSource, narrows
from mentordesk.services.people_rows_text import name_key
from mentordesk.services.programme import current_programme_id

TODAY = date(2027, 3, 15)  # the day of the stage-6 demo (tests/conftest.py DEMO_TODAY)


def pid(db: Database) -> int:
    found = current_programme_id(db)
    assert found is not None
    return found


def read(db: Database, mentees: bool, query: P.BaseQuery) -> list[Any]:
    rows = P.mentee_rows if mentees else P.mentor_rows
    return rows(db, pid(db), query, TODAY)  # type: ignore[operator]


def searches(rows: list[Any]) -> list[str]:
    """Searches made from the data: parts of names in other cases and with ё or е, classes,
    requests, interests, several words, and text that must find nothing or must be escaped."""
    texts: list[str] = ["", "а", "ов", "е", "ё", "Ё", "  ", "«", "%", "_", "\\", "100%", "я_",
                        "а б", "нет-такого"]
    for row in rows[::7]:
        last, first, *_ = row.full_name.split()
        texts += [last, last.upper(), last[1:4].lower(), last.replace("е", "ё"),
                  f"{first} {last}", f"{last[:3]} {first[:2]}", row.class_or_post,
                  row.class_or_post.lower(), f"«{last}»"]
        texts += [w for w in (getattr(row, "request_text", "") or "").split()[:2]]
        texts += [tag[:4] for tag in row.interests[:2]]
    return texts


@pytest.mark.parametrize("mentees", [True, False], ids=["mentees", "mentors"])
def test_refine_finds_what_the_sql_search_finds(demo: Database, mentees: bool) -> None:
    whole = read(demo, mentees, P.ALL)
    texts = searches(whole)
    assert len(whole) > 10 and len(texts) > 40
    found_some = 0
    for text in texts:
        fresh = read(demo, mentees, P.BaseQuery(text=text))
        in_memory = refine(whole, search_words(text))
        assert [r.id for r in in_memory] == [r.id for r in fresh], text
        assert in_memory == fresh, text  # the same rows, attribute by attribute
        found_some += 0 < len(fresh) < len(whole)
    assert found_some > 20  # the searches were selective, not all-or-nothing


def test_refine_with_filters_matches_sql(demo: Database) -> None:
    for filters in (P.BaseQuery(consent_missing=True), P.BaseQuery(grade=7),
                    P.BaseQuery(include_archived=True), P.BaseQuery(status="new")):
        whole = read(demo, True, filters)
        for text in searches(whole)[:60]:
            fresh = read(demo, True, replace(filters, text=text))
            assert [r.id for r in refine(whole, search_words(text))] == \
                [r.id for r in fresh], (filters, text)


def test_narrows() -> None:
    assert narrows((), ("к",)) and narrows((), ())
    assert narrows(("ко",), ("ков",)) and narrows(("ков", "7"), ("7а", "коваль"))
    assert narrows(("лев",), ("ковалев",))  # typed in the middle: still narrower
    assert not narrows(("ков",), ("ко",)) and not narrows(("к",), ())
    assert not narrows(("ков", "7"), ("ковалев",))


def test_name_key_is_normalise() -> None:
    names = ["Ёлкина Алёна Петровна", "Иванов Иван", "Анна-Мария Петрова", "Д'Артаньян Шарль",
             "«Ковалёв»  Пётр", " Сидоров", "Гусейн оглы", "Straße", "Лев\u00a0Толстой",
             unicodedata.normalize("NFD", "Ёлкин Йосиф"), "", "Çelik Ayşe"]
    for name in names:
        assert name_key(name) == normalise(name), name


def test_row_source_answers_as_a_fresh_query(demo: Database) -> None:
    programme = pid(demo)
    source = RowSource(demo, programme, mentees=True)
    whole = source.rows(P.ALL, TODAY)
    assert source.reads == 1 and whole == read(demo, True, P.ALL)
    someone = whole[len(whole) // 2].full_name.split()[0]
    typing = [someone[:n] for n in range(1, len(someone) + 1)]
    typing += [someone[:2], "", f"{someone} {whole[len(whole) // 2].class_or_post}", ""]
    for text in typing:
        query = P.BaseQuery(text=text)
        assert source.rows(query, TODAY) == read(demo, True, query), text
    assert source.reads == 1  # every keystroke narrowed the whole base held since the start

    narrow = RowSource(demo, programme, mentees=True)
    assert narrow.rows(P.BaseQuery(text=someone), TODAY) == \
        read(demo, True, P.BaseQuery(text=someone))
    assert narrow.reads == 1  # a first search is asked in SQL
    narrow.rows(P.BaseQuery(text=f"{someone} {whole[0].class_or_post}"), TODAY)
    assert narrow.reads == 1  # narrower: from memory
    assert narrow.rows(P.BaseQuery(text=someone[:2]), TODAY) == \
        read(demo, True, P.BaseQuery(text=someone[:2]))
    assert narrow.reads == 2  # wider: the whole base is read once...
    narrow.rows(P.BaseQuery(text="а"), TODAY)
    narrow.rows(P.ALL, TODAY)
    assert narrow.reads == 2  # ...and then answers every search


def test_row_source_reads_again_after_a_change(demo: Database) -> None:
    programme = pid(demo)
    source = RowSource(demo, programme, mentees=True)
    before = source.rows(P.ALL, TODAY)
    row = before[0]
    snapshot = P.snapshot_mentee(demo, row.id)
    P.save_mentee(demo, programme, replace(snapshot, request_text="Совсем новый запрос"), TODAY)
    after = source.rows(P.BaseQuery(text="совсем нов"), TODAY)  # the change token moved
    assert source.reads == 2 and [r.id for r in after] == [row.id]
    assert after[0].request_text == "Совсем новый запрос"

    source.rows(P.BaseQuery(text="совсем новый"), TODAY)
    assert source.reads == 2
    source.expire()  # the view's refresh after a change
    source.rows(P.BaseQuery(text="совсем новый"), TODAY)
    assert source.reads == 3
    source.rows(P.BaseQuery(text="совсем новый", consent_missing=True), TODAY)
    assert source.reads == 4  # other filters: read
    source.rows(P.BaseQuery(text="совсем новый", consent_missing=True), date(2027, 3, 16))
    assert source.reads == 5  # another day: consents and ages may differ


def test_mentor_source_and_consents_agree_with_the_register(demo: Database) -> None:
    programme = pid(demo)
    source = RowSource(demo, programme, mentees=False)
    rows = source.rows(P.ALL, TODAY)
    assert rows == read(demo, False, P.ALL)
    with demo.read() as s:
        for row in rows:
            profile = s.get(MentorProfile, row.id)
            assert profile is not None
            state = consent_state(profile.person, TODAY, special_needed=False)
            assert row.consent == state.label, row.full_name
        for row in read(demo, True, P.ALL):
            mentee = s.get(MenteeProfile, row.id)
            assert mentee is not None
            state = consent_state(mentee.person, TODAY,
                                  special_needed=mentee.needs_special_consent)
            assert row.consent == state.label, row.full_name
    missing = source.rows(P.BaseQuery(consent_missing=True), TODAY)
    assert missing and [r.id for r in missing] == [r.id for r in rows if not r.consent_ok]


def test_rows_compare_hash_and_print_by_value(demo: Database) -> None:
    first, second = read(demo, True, P.ALL), read(demo, True, P.ALL)
    assert first == second and first[0] is not second[0]
    assert hash(first[0]) == hash(second[0]) and len({*first, *second}) == len(first)
    assert first[0] != first[1] and first[0] != object()
    text = repr(first[0])
    assert text.startswith("MenteeRow(id=") and first[0].full_name in text


@pytest.mark.postgres
def test_rows_and_refine_on_postgresql(pg_url: str) -> None:
    """PostgreSQL's driver gives dates and lists where SQLite gives text: the rows read both."""
    db = open_database(pg_url)
    try:
        build_demo(db, "school", 6, today=TODAY)
        for mentees in (True, False):
            whole = read(db, mentees, P.ALL)
            assert whole and all(isinstance(r.entered_on, date) for r in whole)
            assert any(r.interests for r in whole)
            assert all(isinstance(tag, str) for r in whole for tag in r.interests)
            assert {r.consent for r in whole} >= {"есть", "нет"}
            for text in searches(whole)[:40]:
                assert [r.id for r in refine(whole, search_words(text))] == \
                    [r.id for r in read(db, mentees, P.BaseQuery(text=text))], text
        source = RowSource(db, pid(db), mentees=True)
        assert source.rows(P.BaseQuery(text="а"), TODAY) == read(db, True, P.BaseQuery(text="а"))
    finally:
        db.close()
