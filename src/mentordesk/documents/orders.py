"""Orders (приказы) of the organisation: the text model and its PDF.

An `Order` is plain data: header, «ПРИКАЗ», «от DD.MM.YYYY № N», title, preamble ending in
«ПРИКАЗЫВАЮ:», numbered points (a table may follow a point), and the signature. The same
Order is written as PDF here and as DOCX by documents.docx_orders.

    order = pairs_order(PairsOrderData(...))
    write_order_pdf(order, "приказ.pdf")

Texts are composed from names already inflected by the caller's data (documents.names).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from .names import inflect, short_name
from .pdf import Cancelled, DocumentBuilder, OrgHeader, Progress, _text
from .wording import programme_name

LEGAL_BASIS = (
    "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
    "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
    "общеобразовательным и программам среднего профессионального образования, в том числе "
    "с применением лучших практик обмена опытом между обучающимися»"
)
PAIRS_TITLE = "Об утверждении наставнических пар/групп"
CURATOR_TITLE = "О назначении куратора и внедрении целевой модели наставничества"
BLANK_NUMBER = "____"
BLANK_DATE = "«___» __________ 20__ г."


def format_date(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day is not None else ""


@dataclass(frozen=True)
class OrderTable:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]
    keep_whole: Sequence[int] = ()   # columns whose words are never hyphenated (names)


@dataclass(frozen=True)
class OrderPoint:
    text: str
    table: OrderTable | None = None   # printed right after the point


@dataclass(frozen=True)
class Order:
    organisation: OrgHeader
    number: str
    on: date | None
    title: str
    preamble: str
    points: Sequence[OrderPoint]
    signer_position: str
    signer_name: str

    @property
    def dated_line(self) -> str:
        """«от 25.11.2026 № 301-о» (blanks to fill in when the date or number is unknown)."""
        day = format_date(self.on) or BLANK_DATE
        return f"от {day} № {self.number or BLANK_NUMBER}"


@dataclass(frozen=True)
class Person:
    """A person named in an order: full name in the nominative, sex ('m'/'f'/None),
    the curator's overrides of inflected forms, post."""

    full_name: str
    sex: str | None = None
    name_forms: dict[str, object] | None = None
    position: str = ""

    def case(self, case: str) -> str:
        return inflect(self.full_name, case, self.sex, self.name_forms)

    def short(self, case: str = "nominative") -> str:
        """«Воробьёву Я. Э.»: the surname in the case, then the initials."""
        return short_name(self.case(case))


@dataclass(frozen=True)
class PairRow:
    mentor: str
    mentor_detail: str
    mentees: Sequence[str]           # «Иванов Иван Иванович, 7А»
    form: str
    role_model: str
    period: str

    @property
    def is_group(self) -> bool:
        return len(self.mentees) > 1


@dataclass(frozen=True)
class ProgrammeInfo:
    title: str
    academic_years: str              # «2026/2027»
    starts_on: date | None = None
    ends_on: date | None = None
    plan_title: str = "Индивидуальный план развития"


@dataclass(frozen=True)
class PairsOrderData:
    organisation: OrgHeader
    org_short: str
    programme: ProgrammeInfo
    number: str
    on: date | None
    pairs: Sequence[PairRow]
    curator: Person | None
    director: Person
    director_position: str = "Директор"
    plans_due: date | None = None


@dataclass(frozen=True)
class CuratorOrderData:
    organisation: OrgHeader
    org_short: str
    programme: ProgrammeInfo
    number: str
    on: date | None
    curator: Person
    director: Person
    director_position: str = "Директор"
    forms: Sequence[str] = field(default_factory=tuple)


def _programme_phrase(p: ProgrammeInfo, case: str = "genitive") -> str:
    """«программы наставничества «…» на 2026/2027 учебный год» (the year once only, and
    «программы наставничества» once only: documents.wording.programme_name)."""
    text = programme_name(p.title, case)
    if p.academic_years and p.academic_years not in p.title:
        text += f" на {p.academic_years} учебный год"
    return text


def _preamble(p: ProgrammeInfo) -> str:
    return (f"В соответствии с {LEGAL_BASIS}, в целях реализации {_programme_phrase(p)} "
            "ПРИКАЗЫВАЮ:")


def pairs_order(data: PairsOrderData) -> Order:
    rows = []
    for i, pair in enumerate(data.pairs, start=1):
        mentees = "\n".join(pair.mentees)
        if pair.is_group:
            mentees = f"группа ({len(pair.mentees)} чел.):\n" + "\n".join(
                f"{n}. {m}" for n, m in enumerate(pair.mentees, start=1))
        mentor = f"{pair.mentor}, {pair.mentor_detail}" if pair.mentor_detail else pair.mentor
        rows.append([str(i), mentor, mentees, pair.form, pair.role_model, pair.period])
    table = OrderTable(
        ["№", "Наставник", "Наставляемый (наставляемые)", "Форма наставничества",
         "Ролевая модель", "Срок"],
        rows, [0.5, 3.2, 3.8, 2.2, 2.6, 2.0], keep_whole=(1, 2))
    years = data.programme.academic_years
    in_year = f" на {years} учебный год" if years else ""
    points = [
        OrderPoint(f"Утвердить состав наставнических пар и групп{in_year} "
                   f"(всего {len(data.pairs)}):", table),
        OrderPoint("Наставникам совместно с наставляемыми разработать "
                   f"{_plural_plan(data.programme.plan_title)}"
                   + (f" в срок до {format_date(data.plans_due)}" if data.plans_due else "")
                   + " и организовать работу в соответствии с ними."),
    ]
    if data.curator is not None:
        points.append(OrderPoint(
            f"Куратору программы наставничества {data.curator.short('dative')} обеспечить "
            "организационное и методическое сопровождение работы наставнических пар и групп, "
            "мониторинг и оценку результатов."))
        points.append(OrderPoint(
            "Контроль за исполнением приказа возложить на "
            f"куратора программы наставничества {data.curator.short('accusative')}".rstrip(".")
            + "."))
    else:
        points.append(OrderPoint("Контроль за исполнением приказа оставляю за собой."))
    return Order(data.organisation, data.number, data.on, PAIRS_TITLE,
                 _preamble(data.programme), points, data.director_position,
                 data.director.full_name)


def _plural_plan(title: str) -> str:
    """«Индивидуальный план развития» → «индивидуальные планы развития»."""
    low = title.lower()
    route = "индивидуальный образовательный маршрут"
    if low.startswith(route):
        return "индивидуальные образовательные маршруты" + title[len(route):]
    if low.startswith("индивидуальный план"):
        return "индивидуальные планы" + title[len("индивидуальный план"):]
    return low


def curator_order(data: CuratorOrderData) -> Order:
    p = data.programme
    period = ""
    if p.starts_on and p.ends_on:
        period = f" в период с {format_date(p.starts_on)} по {format_date(p.ends_on)}"
    elif p.academic_years:
        period = f" в {p.academic_years} учебном году"
    post = f" ({data.curator.position})" if data.curator.position else ""
    forms = ""
    if data.forms:
        forms = " по формам наставничества: " + ", ".join(f"«{f}»" for f in data.forms)
    points = [
        OrderPoint(f"Внедрить в {data.org_short} целевую модель наставничества{period}"
                   f"{forms}."),
        OrderPoint(f"Назначить куратором внедрения целевой модели наставничества "
                   f"{data.curator.case('accusative')}{post}."),
        OrderPoint(f"Куратору {data.curator.short('dative')}: разработать Положение о "
                   "наставничестве, программу наставничества и дорожную карту внедрения целевой "
                   "модели; сформировать базы наставников и наставляемых; организовать обучение "
                   "наставников, формирование наставнических пар и групп, мониторинг и оценку "
                   "результатов программы."),
        OrderPoint(f"Утвердить {_programme_phrase(p, 'accusative')} (приложение к приказу)."),
        OrderPoint("Контроль за исполнением приказа оставляю за собой."),
    ]
    return Order(data.organisation, data.number, data.on, CURATOR_TITLE, _preamble(p), points,
                 data.director_position, data.director.full_name)


def _nbsp(text: str) -> str:
    """«№ 7», «от 25.12.2019 № Р-145»: the sign never parts from its number."""
    return text.replace("№ ", "№\u00a0")


class _Builder(DocumentBuilder):
    def add(self, *flowables: Flowable) -> None:
        self._story.extend(flowables)


def write_order_pdf(
    order: Order,
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    doc = _Builder(path, "", organisation=order.organisation)
    doc.title = f"Приказ «{order.title}»"
    styles = doc.styles
    centre = ParagraphStyle("order-centre", parent=styles.title, spaceAfter=2 * mm)
    doc.add(Paragraph("ПРИКАЗ", centre))
    doc.add(Paragraph(_text(order.dated_line),
                      ParagraphStyle("order-date", parent=styles.signature, alignment=TA_CENTER,
                                     spaceAfter=5 * mm)))
    doc.add(Paragraph(_text(order.title), styles.title))
    doc.paragraph(_nbsp(order.preamble))
    for number, point in enumerate(order.points, start=1):
        doc.paragraph(_nbsp(f"{number}. {point.text}"))
        if point.table is not None:
            doc.table(point.table.headers, point.table.rows, col_widths=point.table.widths,
                      keep_whole=point.table.keep_whole)
            doc.add(Spacer(1, 3 * mm))
    doc.spacer(6)
    # The signature stays on one page with the last point (or the last rows of its table).
    doc.signature(order.signer_position, order.signer_name, keep_with=1)
    return doc.build(progress=progress, cancelled=cancelled)
