"""documents.plan / orders / docx_orders / awards on plain data (no database)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from mentordesk.documents.awards import (
    AwardContext,
    Recipient,
    build_awards,
    certificate_sheet,
    diploma_sheet,
    mentor_letter_sheet,
    parents_letter_sheet,
)
from mentordesk.documents.docx_orders import write_order_docx
from mentordesk.documents.orders import (
    PairRow,
    PairsOrderData,
    Person,
    ProgrammeInfo,
    pairs_order,
    write_order_pdf,
)
from mentordesk.documents.pdf import DocumentCancelled, OrgHeader
from mentordesk.documents.plan import PlanData, PlanRow, build_plans

ORG = OrgHeader("МБОУ «Средняя общеобразовательная школа № 17»", "г. Пермь")
LONG = "Константинопольская-Воскресенская Александра-Виктория Константиновна"


def _text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    out = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", " ", out)


def _plan(title: str = "Индивидуальный образовательный маршрут", **kw: object) -> PlanData:
    base: dict[str, object] = dict(
        title=title, mentee=LONG, mentee_detail_label="Класс", mentee_detail="7А",
        mentor="Петрова Анна Сергеевна", mentor_detail="учитель математики",
        form="педагог – ученик", role_model="педагог – одарённый ученик",
        period="01.10.2026 – 31.05.2027", request="Подготовка к олимпиаде", goal="Цель плана",
        tasks="1. первая\n2. вторая",
        rows=[PlanRow("Разбор олимпиадных задач", "Октябрь 2026", "Решённые задачи", "Выполнено")],
        curator="Сидорова Анна Петровна", mentee_female=True, organisation=ORG)
    base.update(kw)
    return PlanData(**base)  # type: ignore[arg-type]


def test_plan_title_in_full_and_blank_reflection(tmp_path: Path) -> None:
    pdf = build_plans(tmp_path / "p.pdf", [_plan(), _plan("Индивидуальный план развития",
                                                          results="Призёр олимпиады")])
    text = _text(pdf)
    assert "Индивидуальный образовательный маршрут" in text
    assert "Индивидуальный план развития" in text
    assert "ИОМ" not in text and "ИПР" not in text
    assert "Разбор олимпиадных задач" in text and "Рефлексия:" in text
    assert "Результаты: Призёр олимпиады" in text
    assert "А. С. Петрова" in text and "А. П. Сидорова" in text and "Наставляемая" in text
    assert "Константинопольская-Воскресенская" in text


def test_plan_cancel_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(DocumentCancelled):
        build_plans(tmp_path / "p.pdf", [_plan()], cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def _order() -> PairsOrderData:
    return PairsOrderData(
        organisation=ORG, org_short="МБОУ СОШ № 17",
        programme=ProgrammeInfo("Шаг вперёд", "2026/2027"), number="5-о", on=date(2026, 10, 1),
        pairs=[PairRow("Петрова Анна Сергеевна", "учитель", [LONG], "ф", "р", "2026–2027"),
               PairRow("Иванов Иван Иванович", "", ["Сидоров Пётр Ильич, 5А",
                                                    "Котова Ира Олеговна, 6Б"], "ф", "р", "")],
        curator=Person("Петрова Анна Сергеевна", "f"), director=Person("Сидорова Анна Петровна"))


def test_order_pdf_and_docx(tmp_path: Path) -> None:
    order = pairs_order(_order())
    text = _text(write_order_pdf(order, tmp_path / "o.pdf"))
    assert "от 01.10.2026 № 5-о" in text
    assert "программы наставничества «Шаг вперёд» на 2026/2027 учебный год ПРИКАЗЫВАЮ:" in text
    assert "Куратору программы наставничества Петровой А. С." in text
    assert "возложить на куратора программы наставничества Петрову А. С." in text
    assert "группа (2 чел.)" in text and "Директор ____________ А. П. Сидорова" in text
    docx = write_order_docx(order, tmp_path / "o.docx")
    doc = Document(str(docx))
    table = doc.tables[0]
    assert len(table.rows) == 3 and "группа (2 чел.)" in table.rows[2].cells[2].text
    assert doc.core_properties.title == "Приказ «Об утверждении наставнических пар/групп»"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.docx", "o.pdf"]


def test_award_sheets(tmp_path: Path) -> None:
    ctx = AwardContext(ORG, "МБОУ СОШ № 17", "Шаг вперёд", "2026/2027",
                       director_name="Сидорова Анна Петровна", city="г. Пермь",
                       issued_on=date(2027, 5, 31))
    anna = Recipient("Петрова Анна Сергеевна", "Петровой Анне Сергеевне",
                     "Петровой Анны Сергеевны", "Анна Сергеевна", True)
    ivan = Recipient("Иванов Иван Иванович", "Иванову Ивану Ивановичу", "Иванова Ивана Ивановича",
                     "Иван Иванович", False)
    child = Recipient("Петрова Дарья Ивановна", genitive="Петровой Дарьи Ивановны",
                      first_patronymic="Дарья", female=True)
    sheets = [certificate_sheet(ctx, anna, "С-2027-001"), diploma_sheet(ctx, ivan),
              mentor_letter_sheet(ctx, anna), parents_letter_sheet(ctx, [anna, ivan], child, "9Б")]
    pdf = build_awards(tmp_path / "a.pdf", sheets, "Награды")
    text = _text(pdf)
    assert "№ С-2027-001" in text and "приняла участие" in text
    assert "награждается Иванов Иван Иванович" in text and "«Лучший наставник»" in text
    assert "Петровой Анне Сергеевне" in text and "Уважаемая Анна Сергеевна!" in text
    assert "Петровой Анне Сергеевне и Иванову Ивану Ивановичу" in text
    assert "Уважаемые Анна Сергеевна и Иван Иванович!" in text
    assert "воспитание дочери — Петровой Дарьи Ивановны, ученицы 9Б класса" in text
    assert "Директор ____________ А. П. Сидорова" in text
