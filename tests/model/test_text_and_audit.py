"""Cyrillic search keys (ё = е, any case) and the audit log of personal data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from mentordesk import model as m
from mentordesk.model.text import clean_name, like_pattern, normalise
from mentordesk.services.database import open_database


def test_normalise_folds_cyrillic_case_and_yo() -> None:
    assert normalise("  ЁЛКИНА   Алёна ") == "елкина алена"
    assert normalise("«Ёжик»") == "ежик"


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ ",
               min_size=1))
def test_case_and_yo_do_not_matter(text: str) -> None:
    assert normalise(text.upper()) == normalise(text.lower().replace("ё", "е"))


def test_clean_name() -> None:
    assert clean_name("ИВАНОВА-ПЕТРОВА\u00a0") == "Иванова-Петрова"
    assert clean_name("  анна ") == "Анна"
    assert clean_name("МакКуин") == "МакКуин"


def _person(**kw: object) -> m.Person:
    values: dict[str, object] = dict(last_name="Ёлкина", first_name="Алёна",
                                     patronymic="Сергеевна", kind=m.PersonKind.PUPIL,
                                     group_name="7А", grade=7, birth_date=date(2013, 2, 1))
    values.update(kw)
    return m.Person(**values)


def test_search_finds_cyrillic_regardless_of_case_and_yo(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.write() as s:
            s.add_all([_person(), _person(last_name="Иванов", first_name="Пётр",
                                          patronymic="Ильич", group_name="ТМ-21", grade=None)])
        with db.read() as s:
            def find(q: str) -> list[str]:
                return sorted(s.scalars(select(m.Person.last_name).where(
                    m.Person.search_key.like(like_pattern(q), escape="\\"))))
            assert find("ЕЛКИНА") == ["Ёлкина"]
            assert find("алена") == ["Ёлкина"]
            assert find("петр ильич") == ["Иванов"]
            assert find("тм-21") == ["Иванов"]
            assert find("100%") == []
    finally:
        db.close()


def test_changes_to_personal_data_are_audited(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.write(actor="Смирнова О. П.") as s:
            p = _person()
            s.add(p)
            s.flush()
            pid = p.id
        with db.write() as s:
            p = s.get(m.Person, pid)
            assert p is not None
            p.phone = "+7 (900) 123-45-67"
            p.group_name = "7Б"
        with db.write() as s:
            s.delete(s.get(m.Person, pid))
        with db.read() as s:
            rows = s.scalars(select(m.AuditEntry).where(m.AuditEntry.person_id == pid)
                             .order_by(m.AuditEntry.id)).all()
        summary = [(r.action, r.field, r.old_value, r.new_value) for r in rows]
        assert summary[0] == (m.AuditAction.CREATE, "", "", "")
        assert rows[0].actor == "Смирнова О. П."
        assert (m.AuditAction.UPDATE, "phone", "", "+7 (900) 123-45-67") in summary
        assert (m.AuditAction.UPDATE, "group_name", "7А", "7Б") in summary
        assert summary[-1][0] == m.AuditAction.DELETE
        assert not any(f == "search_key" for _, f, _, _ in summary)
    finally:
        db.close()


def test_every_change_renews_the_change_token(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        before = db.change_token()
        with db.write() as s:
            s.add(_person())
        assert db.change_token() not in ("", before)
        middle = db.change_token()
        with db.read() as s:
            s.scalars(select(m.Person)).all()
        assert db.change_token() == middle
    finally:
        db.close()
