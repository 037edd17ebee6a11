"""services.printing on the demonstration school at stage 6: real PDFs and DOCX files,
checked with poppler (pdftotext -layout, pdfinfo) and python-docx."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from mentordesk.documents.names import inflect
from mentordesk.errors import MentorDeskError
from mentordesk.model.bases import MentorProfile
from mentordesk.model.enums import AwardKind, PairStatus, PersonKind, Sex
from mentordesk.model.org import Person
from mentordesk.model.pairs import DevelopmentPlan, Pair
from mentordesk.model.record import Award
from mentordesk.services.database import Database
from mentordesk.services.printing import (
    print_certificates,
    print_letters,
    print_order_curator,
    print_order_pairs,
    print_plans,
)

ON = date(2027, 5, 31)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (poppler-utils)")
    return path


def _text(pdf: Path) -> str:
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def _info(pdf: Path) -> str:
    return subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout


def _pages(pdf: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", _info(pdf), re.M)
    assert match
    return int(match.group(1))


def _sex(p: Person) -> str | None:
    return p.sex.value if p.sex is not None else None


def test_plans_all_and_one(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        plans = s.scalars(select(DevelopmentPlan).order_by(DevelopmentPlan.id)).all()
        first = plans[0]
        items = [i.activity for i in first.items]
        count = len(plans)
    out = tmp_path / "планы.pdf"
    assert print_plans(demo, out) == count
    assert _pages(out) >= count
    one = tmp_path / "план.pdf"
    assert print_plans(demo, one, ids=[first.id]) == 1
    text = _text(one)
    for phrase in ("Индивидуальный план развития", "Мероприятие", "Срок",
                   "Отметка о", "выполнении", "Результаты и рефлексия", "Наставник",
                   "Куратор", "Цель", "Задачи", "Запрос", "Срок реализации"):
        assert phrase in text
    assert "ИПР" not in text
    for activity in items:
        assert activity.split()[0] in text
    assert "Выполнено" in text and "Перенесено" in text
    info = _info(one)
    assert "Title:" in info and "Федотова" not in info and "Евгения" not in info


def test_plans_nothing_to_print(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(MentorDeskError):
        print_plans(demo, tmp_path / "x.pdf", ids=[999999])
    assert not (tmp_path / "x.pdf").exists()


def _approved_pairs(demo: Database) -> list[tuple[str, list[str]]]:
    with demo.read() as s:
        pairs = s.scalars(select(Pair).where(Pair.status.in_(
            (PairStatus.APPROVED, PairStatus.ACTIVE, PairStatus.COMPLETED)))).all()
        return [(p.mentor.person.full_name,
                 [m.mentee.person.full_name for m in p.members if m.left_on is None])
                for p in pairs]


def test_order_pairs_pdf(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "приказ.pdf"
    assert print_order_pairs(demo, out) == 1
    text = _text(out)
    for phrase in ("ПРИКАЗ", "от 25.11.2026 № 301-о", "Об утверждении наставнических пар/групп",
                   "ПРИКАЗЫВАЮ:", "в целях реализации программы наставничества",
                   "Контроль за исполнением приказа возложить на куратора программы "
                   "наставничества Воробьёву Я. Э.", "Директор", "Ж. Т. Медведева"):
        assert phrase in text, phrase
    pairs = _approved_pairs(demo)
    groups = sum(1 for _m, mentees in pairs if len(mentees) > 1)
    assert text.count("группа (") == groups > 0
    # Long names wrap inside their cells, so -layout interleaves the columns: check surnames
    # here (the DOCX test checks full names) and that every row is numbered.
    for mentor, mentees in pairs:
        assert mentor.split()[0] in text
        for mentee in mentees:
            assert mentee.split()[0] in text
    assert f" {len(pairs)} " in text


def test_order_pairs_docx(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "приказ.docx"
    assert print_order_pairs(demo, out, number="12-о", on=date(2026, 12, 1)) == 1
    doc = Document(str(out))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "от 01.12.2026 № 12-о" in body and "ПРИКАЗЫВАЮ:" in body
    assert len(doc.tables) == 2  # the pairs, and the director's signature
    post, blank, name = (c.text for c in doc.tables[1].rows[0].cells)
    assert post == "Директор" and blank.startswith("____")
    assert name.replace("\u00a0", " ") == "Ж. Т. Медведева"
    table = doc.tables[0]
    assert table.rows[0].cells[1].text == "Наставник"
    pairs = _approved_pairs(demo)
    assert len(table.rows) == len(pairs) + 1
    cells = "\n".join(c.text for row in table.rows for c in row.cells)
    for mentor, mentees in pairs:
        assert mentor in cells
        assert all(m in cells for m in mentees)
    run = doc.paragraphs[0].runs[0]
    assert run.font.name == "Times New Roman"
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert not list(tmp_path.glob(".*tmp"))


def test_order_curator_pdf_and_docx(demo: Database, tmp_path: Path) -> None:
    pdf = tmp_path / "куратор.pdf"
    assert print_order_curator(demo, pdf) == 1
    text = _text(pdf)
    assert "О назначении куратора и внедрении целевой модели наставничества" in text
    assert "от 28.08.2026 № 235-о" in text
    assert "Назначить куратором внедрения целевой модели наставничества Воробьёву Яну Эдуардовну" \
        in text
    docx = tmp_path / "куратор.docx"
    print_order_curator(demo, docx, number="7", on=date(2026, 8, 30))
    body = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "Воробьёву Яну Эдуардовну" in body and "от 30.08.2026 № 7" in body
    with pytest.raises(MentorDeskError):
        print_order_curator(demo, tmp_path / "куратор.txt")


def _mentor_people(demo: Database) -> list[tuple[int, str, str | None, dict | None, PersonKind]]:
    with demo.read() as s:
        ids = set(s.scalars(select(Pair.mentor_id).where(
            Pair.status.in_((PairStatus.ACTIVE, PairStatus.COMPLETED)))).all())
        profiles = s.scalars(select(MentorProfile).where(MentorProfile.id.in_(ids))).all()
        return [(m.id, m.person.full_name, _sex(m.person), m.person.name_forms, m.person.kind)
                for m in profiles]


def test_certificates_numbered_and_registered(demo: Database, tmp_path: Path) -> None:
    mentors = _mentor_people(demo)
    out = tmp_path / "сертификаты.pdf"
    assert print_certificates(demo, out, on=ON) == len(mentors)
    assert _pages(out) == len(mentors)
    text = _text(out)
    for _id, name, *_ in mentors:
        assert name in text
    numbers = [f"С-2027-{i:03d}" for i in range(1, len(mentors) + 1)]
    assert all(n in text for n in numbers)
    with demo.read() as s:
        awards = s.scalars(select(Award).where(Award.kind == AwardKind.CERTIFICATE)).all()
        assert sorted(a.number for a in awards) == numbers
        assert all(a.issued_on == ON and a.person_id is not None for a in awards)
    # A re-print (one mentor again, or the whole batch) reuses the register's entries.
    again = tmp_path / "ещё.pdf"
    assert print_certificates(demo, again, ids=[mentors[0][0]], on=date(2027, 6, 2)) == 1
    with demo.read() as s:
        person_id = s.get(MentorProfile, mentors[0][0]).person_id
        first = s.scalar(select(Award).where(Award.kind == AwardKind.CERTIFICATE,
                                             Award.person_id == person_id))
    assert first.number in _text(again) and "31.05.2027" in _text(again)
    print_certificates(demo, tmp_path / "все.pdf", on=date(2027, 6, 2))
    with demo.read() as s:
        assert sorted(s.scalars(select(Award.number).where(
            Award.kind == AwardKind.CERTIFICATE)).all()) == numbers
    info = _info(out)
    assert "Сертификаты участников программы наставничества" in info
    assert not any(name.split()[0] in info for _i, name, *_ in mentors)


def test_certificate_failure_spends_no_number(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(MentorDeskError):
        print_certificates(demo, tmp_path / "c.pdf", on=ON, cancelled=lambda: True)
    with demo.read() as s:
        assert s.scalars(select(Award)).all() == []
    assert [p for p in tmp_path.iterdir() if "sqlite" not in p.name] == []


def test_letters_to_mentors_inflected(demo: Database, tmp_path: Path) -> None:
    with demo.write() as s:
        profile = s.scalars(select(MentorProfile)).first()
        person = profile.person
        person.last_name, person.first_name, person.patronymic = "Петрова", "Анна", "Сергеевна"
        person.sex = Sex.FEMALE
        target = profile.id
    mentors = _mentor_people(demo)
    out = tmp_path / "письма.pdf"
    assert print_letters(demo, out, on=ON) == len(mentors)
    text = _text(out)
    for _id, name, sex, forms, _kind in mentors:
        assert inflect(name, "dative", sex, forms) in text
    one = tmp_path / "одно.pdf"
    assert print_letters(demo, one, ids=[target], on=ON) == 1
    text = _text(one)
    assert "Петровой Анне Сергеевне" in text
    assert "Уважаемая Анна Сергеевна!" in text
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in text


def test_letters_name_forms_override(demo: Database, tmp_path: Path) -> None:
    with demo.write() as s:
        profile = s.scalars(select(MentorProfile)).first()
        profile.person.last_name = "Соловей"
        profile.person.name_forms = {"dative": "Соловью Ивану Петровичу"}
        target = profile.id
    out = tmp_path / "п.pdf"
    print_letters(demo, out, ids=[target], on=ON)
    assert "Соловью Ивану Петровичу" in _text(out)


def test_letters_to_parents(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "родителям.pdf"
    count = print_letters(demo, out, parents=True, on=ON)
    assert count > 0
    text = _text(out)
    assert "Уважаем" in text and "за воспитание" in text
    from mentordesk.model.org import Guardianship
    with demo.read() as s:
        pupils = {m.person_id for m in s.scalars(select(MentorProfile)).all()
                  if m.person.kind == PersonKind.PUPIL}
        links = s.scalars(select(Guardianship).where(Guardianship.child_id.in_(pupils))).all()
        some = [(g.guardian.full_name, _sex(g.guardian), g.guardian.name_forms,
                 g.child.full_name, _sex(g.child)) for g in links]
    assert some
    found = 0
    for gname, gsex, gforms, cname, csex in some:
        dative = inflect(gname, "dative", gsex, gforms)
        if dative in text:
            found += 1
            assert inflect(cname, "genitive", csex) in text
    assert found == count


def _legal_pieces(word: str) -> set[str]:
    """Every piece a word may print as when a column is too narrow for it: cut at a hyphenation
    point (the piece before it ends with «-») or after a hyphen, a dash or a link separator."""
    from mentordesk.documents.wrap import _free_points, hyphen_points

    free = set(_free_points(word))
    hyphen = set(hyphen_points(word)) - free
    points = sorted({0, len(word)} | free | hyphen)
    return {word[a:b] + ("-" if b in hyphen else "")
            for i, a in enumerate(points) for b in points[i + 1:]}


def test_bases_pdf_breaks_no_word_in_the_middle(demo: Database, tmp_path: Path) -> None:
    from mentordesk.services.exports import MENTEE_HEADERS, MENTOR_HEADERS, base_rows
    from mentordesk.services.printing import print_bases

    out = tmp_path / "базы.pdf"
    rows = base_rows(demo, today=date(2027, 3, 15))
    assert print_bases(demo, out, today=date(2027, 3, 15)) == rows.total
    cells = [c for row in rows.mentees + rows.mentors for c in row]
    words = {w for c in cells for w in str(c.strftime("%d.%m.%Y") if isinstance(c, date)
                                           else c or "").split()}
    allowed = set().union(*(_legal_pieces(w) for w in words))
    allowed |= {w for h in MENTEE_HEADERS + MENTOR_HEADERS for w in h.split()}
    raw = subprocess.run([_tool("pdftotext"), "-raw", str(out), "-"], capture_output=True,
                         text=True, check=True).stdout
    with demo.read() as s:
        from mentordesk.model.org import Organisation
        org = s.scalars(select(Organisation)).first()
        allowed |= set(f"{org.name} {org.city}".split())
    allowed |= {"База", "наставляемых", "наставников", "Страница", "из"}
    tokens = raw.split()
    broken = [t for t in tokens if t not in allowed and not t.isdigit()]
    assert broken == [], f"words cut where Russian does not allow: {broken[:20]}"
    assert any(t.endswith("-") and t[:-1] not in words for t in tokens), \
        "the demo's narrow columns should need at least one hyphenation"


def test_bases_pdf_one_base(demo: Database, tmp_path: Path) -> None:
    from mentordesk.services.exports import base_rows
    from mentordesk.services.printing import print_bases

    rows = base_rows(demo)
    mentors = tmp_path / "наставники.pdf"
    assert print_bases(demo, mentors, which="mentors") == len(rows.mentors)
    text = _text(mentors)
    assert "База наставников" in text and "База наставляемых" not in text
    assert "Bases" not in _info(mentors) and "База наставников" in _info(mentors)
    mentees = tmp_path / "наставляемые.pdf"
    assert print_bases(demo, mentees, which="mentees") == len(rows.mentees)
    assert "База наставников" not in _text(mentees)
