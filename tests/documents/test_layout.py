"""Layout of the documents on plain data: signature blocks (a long post wraps in its own
column, nothing overlaps, a name never splits), signatures never alone on a page, only the
embedded PT fonts, and DOCX files with properties of their own. Checked on real PDFs with
poppler: word boxes from `pdftotext -bbox`, fonts from `pdffonts`."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document

from mentordesk.documents.awards import (
    AwardContext,
    Recipient,
    build_awards,
    certificate_sheet,
    mentor_letter_sheet,
)
from mentordesk.documents.docx_orders import write_order_docx
from mentordesk.documents.orders import (
    CuratorOrderData,
    Order,
    OrderPoint,
    OrderTable,
    Person,
    ProgrammeInfo,
    curator_order,
    write_order_pdf,
)
from mentordesk.documents.pdf import DocumentBuilder, OrgHeader
from mentordesk.documents.plan import PlanData, PlanRow, build_plans

ORG = OrgHeader("МБОУ «Средняя общеобразовательная школа № 17»", "г. Пермь")
LONG_POST = "Исполняющий обязанности директора"
DOUBLE_NAME = "Медведева-Старицкая Жанна Тимофеевна"
SIGNED = "Ж. Т. Медведева-Старицкая"

Box = tuple[str, float, float, float, float]  # word, x0, y0, x1, y1 (y grows downwards)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (poppler-utils)")
    return path


def _pages(pdf: Path) -> list[list[Box]]:
    """Every page's words with their boxes."""
    out = subprocess.run([_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", out, re.S):
        pages.append([(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w
                      in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                    r'yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def _page_text(page: list[Box]) -> str:
    return " ".join(w for w, *_ in page)


def _overlap(a: Box, b: Box) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def _check_signature(page: list[Box], post: str, signed: str) -> None:
    """The post's words, the blank and the name overlap nothing; the name's words sit on one
    line, the post's last line."""
    words = [b for b in page if b[0]]
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            assert not _overlap(a, b), (a, b)
    name = [b for b in page if b[0] in signed.split()]
    assert [b[0] for b in name][-len(signed.split()):] == signed.split()
    name = name[-len(signed.split()):]
    assert len({round(b[2]) for b in name}) == 1, name
    post_words = [b for b in page if b[0] in post.split()]
    last_post_line = max(b[2] for b in post_words)
    assert abs(last_post_line - name[0][2]) < 2  # the name on the post's last line
    blank = [b for b in page if b[0].startswith("____")]
    assert any(abs(b[2] - name[0][2]) < 2 for b in blank)


def _context(**kw: object) -> AwardContext:
    base: dict[str, object] = dict(
        organisation=ORG, org_short="МБОУ СОШ № 17",
        programme_title="Программа наставничества МБОУ СОШ № 17 на 2026/2027 учебный год",
        academic_years="2026/2027", director_position=LONG_POST, director_name=DOUBLE_NAME,
        city="г. Пермь", issued_on=date(2027, 5, 31))
    base.update(kw)
    return AwardContext(**base)  # type: ignore[arg-type]


def test_award_sheets_long_post_never_overlaps(tmp_path: Path) -> None:
    ctx = _context()
    person = Recipient("Петрова Анна Сергеевна", "Петровой Анне Сергеевне",
                       "Петровой Анны Сергеевны", "Анна Сергеевна", True,
                       detail="учитель математики", detail_dative="учителю математики")
    out = build_awards(tmp_path / "a.pdf", [mentor_letter_sheet(ctx, person, "Б-1"),
                                            certificate_sheet(ctx, person, "С-1")], "Награды")
    letter, certificate = _pages(out)
    for page in (letter, certificate):
        _check_signature(page, LONG_POST, SIGNED)
        place = [b for b in page if b[0] == "31.05.2027"]
        post = [b for b in page if b[0] in LONG_POST.split()]
        assert place and place[0][2] > max(b[4] for b in post)  # the date below the post
    letter_text = _page_text(letter)
    assert "учителю математики" in letter_text and "учитель математики" not in letter_text
    # «программе наставничества» once, not «программе наставничества «Программа наставничества»
    assert letter_text.count("наставничества") == letter_text.count("программе наставничества") \
        + letter_text.count("программы наставничества")
    assert "«Программа" not in letter_text


def _order(points: list[str], table_rows: int = 0) -> Order:
    table = None
    if table_rows:
        table = OrderTable(["№", "Наставник", "Наставляемый"],
                           [[str(i), f"Иванов Иван Иванович {i}", f"Петров Пётр {i}"]
                            for i in range(1, table_rows + 1)], [0.5, 3, 3], keep_whole=(1, 2))
    items = [OrderPoint(p) for p in points]
    if table is not None:
        items[-1] = OrderPoint(points[-1], table)
    return Order(ORG, "1-о", date(2026, 9, 1), "О чём-то", "Преамбула ПРИКАЗЫВАЮ:", items,
                 LONG_POST, DOUBLE_NAME)


@pytest.mark.parametrize("filler", range(14, 23))
def test_order_signature_stays_with_the_last_point(tmp_path: Path, filler: int) -> None:
    """Whatever the length, the signature is on the page of the last point, and a page holds
    more than the signature."""
    text = "Обеспечить исполнение мероприятий программы наставничества в установленные сроки. " * 4
    points = [f"{text}({n})" for n in range(filler)] + ["Контроль оставляю за собой."]
    pages = _pages(write_order_pdf(_order(points), tmp_path / "o.pdf"))
    signed = [p for p in pages if "Медведева-Старицкая" in _page_text(p)]
    assert len(signed) == 1
    assert "Контроль оставляю за собой." in _page_text(signed[0])
    _check_signature(signed[0], LONG_POST, SIGNED)
    for page in pages[:-1]:  # no near-empty page before the last: it is filled to the bottom
        body = [b for b in page if b[2] < 780]  # not the footer «Страница N из M»
        assert max(b[4] for b in body) > 640


@pytest.mark.parametrize("rows", range(20, 34, 2))
def test_signature_after_a_table_takes_its_last_rows(tmp_path: Path, rows: int) -> None:
    pages = _pages(write_order_pdf(_order(["Утвердить состав пар:"], rows), tmp_path / "t.pdf"))
    last = _page_text(pages[-1])
    assert "Медведева-Старицкая" in last
    assert f"Иванов Иван Иванович {rows}" in last and f"Петров Пётр {rows}" in last
    assert "Наставник" in last  # the header repeats over the rows carried over


def test_plan_results_and_signatures_never_alone(tmp_path: Path) -> None:
    plans = []
    for count in range(3, 16):
        rows = [PlanRow(f"Занятие {n}: разбор заданий и обсуждение трудностей наставляемого",
                        "Октябрь 2026", "Решённые задания, записи в тетради наставляемого")
                for n in range(1, count + 1)]
        plans.append(PlanData(
            title="Индивидуальный план развития", mentee="Оглоблина-Сумарокова Дина Петровна",
            mentee_detail_label="Класс", mentee_detail="7А", mentor=DOUBLE_NAME,
            mentor_detail="учитель математики", period="01.10.2026 – 31.05.2027",
            request="Неуспеваемость", goal="Цель " * 30, tasks="Задача\n" * 8, rows=rows,
            curator="Сидорова Анна Петровна", mentee_female=True, organisation=ORG))
    pages = _pages(build_plans(tmp_path / "p.pdf", plans))
    assert len(pages) > len(plans)  # some plans run over a page
    for page in pages:
        text = _page_text(page)
        if "Результаты и рефлексия" in text:
            assert "Мероприятие" in text and "Занятие" in text, text[:200]
            assert "Куратор" in text
        if "Наставляемая" in text and "А. П. Сидорова" in text:
            _check_signature(page, "Наставник", "Ж. Т. Медведева-Старицкая")
    # The mentee's double surname is never hyphenated inside.
    words = {w for page in pages for w, *_ in page}
    assert not any(w.startswith("Оглоблина-С") and w != "Оглоблина-Сумарокова" for w in words)


def test_curator_order_does_not_repeat_the_programme(tmp_path: Path) -> None:
    info = ProgrammeInfo("Программа наставничества МБОУ СОШ № 17 на 2026/2027 учебный год",
                         "2026/2027", date(2026, 9, 1), date(2027, 8, 31))
    order = curator_order(CuratorOrderData(ORG, "МБОУ СОШ № 17", info, "1", date(2026, 9, 1),
                                           Person("Воробьёва Яна Эдуардовна"),
                                           Person(DOUBLE_NAME), LONG_POST))
    assert "в целях реализации программы наставничества МБОУ СОШ № 17 на 2026/2027 учебный " \
           "год ПРИКАЗЫВАЮ:" in order.preamble
    texts = [order.preamble, *(p.text for p in order.points)]
    assert not any("наставничества «Программа" in t or "учебный год на" in t for t in texts)
    assert any(t.startswith("Утвердить программу наставничества МБОУ СОШ № 17") for t in texts)
    quoted = curator_order(CuratorOrderData(
        ORG, "МБОУ СОШ № 17", ProgrammeInfo("Вместе", "2026/2027"), "1", None,
        Person("Воробьёва Яна Эдуардовна"), Person(DOUBLE_NAME)))
    assert "программы наставничества «Вместе» на 2026/2027 учебный год" in quoted.preamble


def _fonts(pdf: Path) -> list[tuple[str, str]]:
    out = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in out if line.strip()]


def test_only_embedded_pt_fonts(tmp_path: Path) -> None:
    doc = DocumentBuilder(tmp_path / "d.pdf", "Таблица", organisation=ORG)
    doc.table(["ФИО", "Класс"], [["Иванов Иван", "7А"]])
    doc.signature("Директор", DOUBLE_NAME)
    files = [doc.build(), write_order_pdf(_order(["Один пункт."], 3), tmp_path / "o.pdf"),
             build_plans(tmp_path / "p.pdf", [PlanData(
                 "Индивидуальный план развития", "Иванов Иван Иванович", "Класс", "7А",
                 "Петрова Анна Сергеевна")]),
             build_awards(tmp_path / "a.pdf", [certificate_sheet(
                 _context(), Recipient("Петрова Анна Сергеевна", female=True), "1")], "С")]
    for pdf in files:
        fonts = _fonts(pdf)
        assert fonts, pdf
        for name, embedded in fonts:
            assert re.fullmatch(r"[A-Z]{6}\+PT(Sans|Serif)(-\w+)?", name), (pdf.name, name)
            assert embedded == "yes", (pdf.name, name)


def test_docx_properties_and_signature(tmp_path: Path) -> None:
    child = "Оглоблина-Сумарокова Дина Петровна"
    order = Order(ORG, "1-о", date(2026, 9, 1), "Об утверждении наставнических пар/групп",
                  "Преамбула ПРИКАЗЫВАЮ:",
                  [OrderPoint("Утвердить:", OrderTable(["Наставник", "Наставляемый"],
                                                       [[DOUBLE_NAME, child]], [1, 1])),
                   OrderPoint("Контроль оставляю за собой.")], LONG_POST, DOUBLE_NAME)
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    out = write_order_docx(order, tmp_path / "o.docx")
    after = datetime.now(UTC).replace(tzinfo=None)
    doc = Document(str(out))
    props = doc.core_properties
    assert props.title == "Приказ «Об утверждении наставнических пар/групп»"
    assert props.author == props.last_modified_by == "MentorDesk"
    for stamp in (props.created, props.modified):  # made now, not the template's 2013
        assert stamp is not None and before <= stamp.replace(tzinfo=None) <= after
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        meta = "".join(z.read(n).decode("utf-8") for n in names if n.startswith("docProps/"))
    assert not any("thumbnail" in n for n in names)
    assert "Microsoft" not in meta and "2013" not in meta
    assert "Оглоблина" not in meta and "Дина" not in meta
    signature = doc.tables[-1]
    post, blank, name = (c.text for c in signature.rows[0].cells)
    assert post == LONG_POST and blank.startswith("____")
    # No-break spaces and Word's no-break hyphen: «Ж. Т. Медведева‑Старицкая» never splits.
    assert name.replace("\u00a0", " ").replace("\u2011", "-") == SIGNED
    assert " " not in name
    assert signature.rows[0].cells[2]._tc.xml.count("w:noBreakHyphen") == 1
