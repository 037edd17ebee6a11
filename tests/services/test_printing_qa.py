"""Printing on the stage-6 demonstration school, as a QA pass read the documents: no doubled
request kinds, classes written alike, posts and classes in the name's case, awards only for
those who qualify, a long director's post that overlaps nothing, signatures never alone on a
page, and only the embedded PT fonts."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from mentordesk.documents.wording import post_dative
from mentordesk.errors import ValidationError
from mentordesk.model.bases import MenteeProfile, MentorProfile
from mentordesk.model.enums import AwardKind, MentorStatus, PairStatus, PersonKind
from mentordesk.model.org import Guardianship, Organisation
from mentordesk.model.pairs import Pair
from mentordesk.model.record import Award
from mentordesk.model.text import request_line, starts_with_kind
from mentordesk.services.database import Database
from mentordesk.services.exports import base_rows
from mentordesk.services.printing import (
    award_candidates,
    print_bases,
    print_certificates,
    print_diplomas,
    print_letters,
    print_order_curator,
    print_order_pairs,
    print_plans,
)

ON = date(2027, 5, 31)
LONG_POST = "Исполняющий обязанности директора"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (poppler-utils)")
    return path


def _text(pdf: Path) -> str:
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def _page_texts(pdf: Path) -> list[str]:
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [re.sub(r"\s+", " ", page) for page in out.split("\f") if page.strip()]


def _boxes(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    out = subprocess.run([_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [[(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w
             in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                           r'yMax="([\d.]+)">([^<]*)</word>', page)]
            for page in re.findall(r"<page[^>]*>(.*?)</page>", out, re.S)]


# --- Requests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind,text,expected", [
    ("ЗПР", "ЗПР: трудности в освоении программы", "ЗПР: трудности в освоении программы"),
    ("Молодой специалист", "Молодой специалист (стаж 1 год): дисциплина на уроке",
     "Молодой специалист (стаж 1 год): дисциплина на уроке"),
    ("Подготовка к олимпиаде", "Подготовка к олимпиадам по физике",
     "Подготовка к олимпиадам по физике"),
    ("Неуспеваемость", "Пробелы по химии", "Неуспеваемость: пробелы по химии"),
    ("Подготовка к олимпиаде", "ВсОШ по физике", "Подготовка к олимпиаде: ВсОШ по физике"),
    ("Адаптация", "", "Адаптация"),
    ("", "Свободный текст", "Свободный текст"),
])
def test_request_line(kind: str, text: str, expected: str) -> None:
    assert request_line(kind, text) == expected


def test_no_request_kind_doubled_in_bases_and_plans(demo: Database, tmp_path: Path) -> None:
    with demo.read() as s:
        kinds = {m.request_kind.name for m in s.scalars(select(MenteeProfile))
                 if m.request_kind is not None}
        prefixed = [m for m in s.scalars(select(MenteeProfile))
                    if m.request_kind is not None and starts_with_kind(m.request_text,
                                                                       m.request_kind.name)]
    assert prefixed, "the demo should hold requests whose text starts with the kind"
    requests = [str(row[3]) for row in base_rows(demo).mentees]
    out = tmp_path / "планы.pdf"
    print_plans(demo, out)
    plans = _text(out)
    lines = requests + re.findall(r"Запрос: (.{0,120})", plans)
    assert len(lines) > len(requests)
    for kind in kinds:
        for line in lines:
            if line.startswith(f"{kind}: "):
                assert not starts_with_kind(line[len(kind) + 2:], kind), line


# --- Classes, posts and the programme ------------------------------------------------------------


def test_order_pairs_writes_classes_alike(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "приказ.docx"
    print_order_pairs(demo, out)
    table = Document(str(out)).tables[0]
    mentors = [row.cells[1].text for row in table.rows[1:]]
    mentees = [line for row in table.rows[1:] for line in row.cells[2].text.split("\n")]
    pupils = [line for line in mentors + mentees if re.search(r", \d{1,2}[А-ЯЁ]( класс)?$", line)]
    assert pupils and all(line.endswith(" класс") for line in pupils), pupils


def test_posts_and_classes_in_the_names_case(demo: Database, tmp_path: Path) -> None:
    letters = _text(tmp_path / "п.pdf") if print_letters(demo, tmp_path / "п.pdf", on=ON) else ""
    certificates = tmp_path / "с.pdf"
    print_certificates(demo, certificates, on=ON)
    certs = _text(certificates)
    with demo.read() as s:
        mentors = [m.person for m in s.scalars(select(MentorProfile)).all()
                   if any(p.status in (PairStatus.ACTIVE, PairStatus.COMPLETED)
                          for p in s.scalars(select(Pair).where(Pair.mentor_id == m.id)))]
        adults = [(p.position, p.full_name) for p in mentors if p.position]
        pupils = [(p.group_name, p.sex.value if p.sex else None) for p in mentors
                  if p.kind == PersonKind.PUPIL]
    assert adults and pupils
    for post, _name in adults:
        dative = post_dative(post)
        assert dative is not None, post
        assert dative in letters, post
        assert post in certs, post
    for group, sex in pupils:
        assert f"{group} класс " not in letters + certs
        nominative = "обучающаяся" if sex == "f" else "обучающийся"
        dative = "обучающейся" if sex == "f" else "обучающемуся"
        assert f"{nominative} {group} класса" in certs
        assert f"{dative} {group} класса" in letters


def test_curator_order_names_the_programme_once(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "куратор.pdf"
    print_order_curator(demo, out)
    text = _text(out)
    assert "программы наставничества «Программа наставничества" not in text
    assert "программу наставничества «Программа наставничества" not in text
    assert "в целях реализации программы наставничества" in text
    assert _page_texts(out).__len__() == 1  # the order fits its page; no signature alone


# --- Who gets an award ---------------------------------------------------------------------------


def _mentor(demo: Database, **where: object) -> tuple[int, str]:
    with demo.read() as s:
        for m in s.scalars(select(MentorProfile).order_by(MentorProfile.id)):
            worked = s.scalar(select(Pair.id).where(
                Pair.mentor_id == m.id, Pair.status.in_((PairStatus.ACTIVE,
                                                         PairStatus.COMPLETED))).limit(1))
            guardians = s.scalar(select(Guardianship.id).where(
                Guardianship.child_id == m.person_id).limit(1))
            facts = {"status": m.status, "kind": m.person.kind, "worked": worked is not None,
                     "guardians": guardians is not None}
            if all(facts[k] == v for k, v in where.items()):
                return m.id, m.person.full_name
    pytest.skip(f"the demo has no such mentor: {where}")


def test_awards_refuse_who_does_not_qualify(demo: Database, tmp_path: Path) -> None:
    rejected, rejected_name = _mentor(demo, status=MentorStatus.REJECTED)
    idle, idle_name = _mentor(demo, kind=PersonKind.PUPIL, worked=True, guardians=True)
    with demo.write() as s:  # the pupil's pairs are dissolved: no working pair is left
        for pair in s.scalars(select(Pair).where(Pair.mentor_id == idle)):
            pair.status = PairStatus.CLOSED
    good, _good_name = _mentor(demo, worked=True)
    calls = [
        lambda out: print_certificates(demo, out, ids=[good, rejected], on=ON),
        lambda out: print_letters(demo, out, ids=[rejected], on=ON),
        lambda out: print_diplomas(demo, out, ids=[rejected], on=ON),
        lambda out: print_letters(demo, out, ids=[idle], parents=True, on=ON),
        lambda out: print_certificates(demo, out, ids=[idle], on=ON),
    ]
    names = [rejected_name, rejected_name, rejected_name, idle_name, idle_name]
    for n, (call, name) in enumerate(zip(calls, names, strict=True)):
        out = tmp_path / f"{n}.pdf"
        with pytest.raises(ValidationError) as caught:
            call(out)
        assert name in str(caught.value) and "Нельзя напечатать" in str(caught.value)
        assert not out.exists()
    assert "отклонена" in _message(lambda: print_certificates(demo, tmp_path / "x.pdf",
                                                              ids=[rejected]))
    assert "нет работающей" in _message(lambda: print_letters(demo, tmp_path / "y.pdf",
                                                              ids=[idle], parents=True))
    with demo.read() as s:
        assert s.scalar(select(Award.id).limit(1)) is None  # nothing registered
    assert print_certificates(demo, tmp_path / "ok.pdf", ids=[good], on=ON) == 1


def _message(call: object) -> str:
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    return str(caught.value)


@pytest.mark.parametrize("kind", [AwardKind.CERTIFICATE, AwardKind.THANKS,
                                  AwardKind.THANKS_PARENTS, AwardKind.DIPLOMA])
def test_candidates_are_exactly_who_may_be_printed(demo: Database, tmp_path: Path,
                                                   kind: AwardKind) -> None:
    candidates = {c.mentor_id for c in award_candidates(demo, kind)}
    with demo.read() as s:
        everyone = list(s.scalars(select(MentorProfile.id)))
    printers = {
        AwardKind.CERTIFICATE: lambda ids, out: print_certificates(demo, out, ids=ids, on=ON),
        AwardKind.THANKS: lambda ids, out: print_letters(demo, out, ids=ids, on=ON),
        AwardKind.THANKS_PARENTS: lambda ids, out: print_letters(demo, out, ids=ids,
                                                                 parents=True, on=ON),
        AwardKind.DIPLOMA: lambda ids, out: print_diplomas(demo, out, ids=ids, on=ON),
    }
    accepted = set()
    for mentor_id in everyone:
        try:
            printers[kind]([mentor_id], tmp_path / f"{mentor_id}.pdf")
        except ValidationError:
            continue
        accepted.add(mentor_id)
    assert candidates == accepted and candidates


# --- Layout on the demo --------------------------------------------------------------------------


def test_a_long_directors_post_overlaps_nothing(demo: Database, tmp_path: Path) -> None:
    with demo.write() as s:
        org = s.scalars(select(Organisation).where(Organisation.parent_id.is_(None))).first()
        org.director_position = LONG_POST
        org.director_name = "Медведева-Старицкая Жанна Тимофеевна"
    files = [tmp_path / n for n in ("письма.pdf", "сертификаты.pdf", "пары.pdf", "куратор.pdf")]
    print_letters(demo, files[0], on=ON)
    print_certificates(demo, files[1], on=ON)
    print_order_pairs(demo, files[2])
    print_order_curator(demo, files[3])
    for pdf in files:
        for page in _boxes(pdf):
            surname = [b for b in page if b[0] == "Медведева-Старицкая"]
            if not surname:
                continue
            line = surname[-1][2]
            assert [b[0] for b in page if abs(b[2] - line) < 2][-3:] == \
                ["Ж.", "Т.", "Медведева-Старицкая"], pdf.name
            post = [b for b in page if b[0] in LONG_POST.split()]
            assert post and abs(max(b[2] for b in post) - line) < 2  # on the post's last line
            for a in post:
                for b in page:
                    if b is not a and b[0] not in LONG_POST.split():
                        assert not (a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]), \
                            (pdf.name, a, b)


def test_signatures_keep_with_their_text(demo: Database, tmp_path: Path) -> None:
    plans = tmp_path / "планы.pdf"
    print_plans(demo, plans)
    for text in _page_texts(plans):
        if "Результаты и рефлексия" in text or "Куратор ____" in text:
            # never signatures alone: the activity table's last rows come along
            assert "Мероприятие" in text, text[:300]
    order = tmp_path / "пары.pdf"
    print_order_pairs(demo, order)
    last = _page_texts(order)[-1]
    assert "Контроль за исполнением приказа" in last and "Ж. Т. Медведева" in last


def _fonts(pdf: Path) -> list[str]:
    out = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    return [line for line in out if line.strip()]


def test_pdfs_name_only_embedded_pt_fonts(demo: Database, tmp_path: Path) -> None:
    jobs = [(print_plans, "планы.pdf"), (print_order_pairs, "пары.pdf"),
            (print_order_curator, "куратор.pdf"), (print_bases, "базы.pdf")]
    for job, name in jobs:
        job(demo, tmp_path / name)
    print_certificates(demo, tmp_path / "сертификаты.pdf", on=ON)
    for pdf in tmp_path.glob("*.pdf"):
        fonts = _fonts(pdf)
        assert fonts
        for line in fonts:
            assert re.match(r"[A-Z]{6}\+PT(Sans|Serif)", line) and " yes " in line, (pdf.name, line)
