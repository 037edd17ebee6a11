"""The individual development plan (ИПР) or route (ИОМ) of a mentee, as a PDF.

Takes plain data (PlanData); services.printing gathers it from the database. The title is
printed in full («Индивидуальный план развития» / «Индивидуальный образовательный маршрут»),
never abbreviated. Several plans go into one PDF, each starting on a new page. The PDF's
metadata title is the generic document name: no mentee's name leaks into file properties.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from .blocks import signature_lines
from .fonts import TABLE_FONT
from .pdf import Cancelled, DocumentBuilder, OrgHeader, Progress, _text

DEFAULT_TITLE = "Индивидуальный план развития"
PLAN_HEADERS = ("№", "Мероприятие", "Срок",
                "Ожидаемый результат / форма отчётности", "Отметка о выполнении")


@dataclass(frozen=True)
class PlanRow:
    activity: str
    due: str = ""
    expected: str = ""
    mark: str = ""


@dataclass(frozen=True)
class PlanData:
    """One mentee's plan, all values already formatted as text."""

    title: str                 # «Индивидуальный план развития» or «… образовательный маршрут»
    mentee: str                # ФИО in the nominative
    mentee_detail_label: str   # «Класс», «Группа», «Должность»
    mentee_detail: str         # «7А», «учитель математики»
    mentor: str
    mentor_detail: str = ""    # the mentor's post or class
    form: str = ""
    role_model: str = ""
    period: str = ""
    request: str = ""
    goal: str = ""
    tasks: str = ""
    rows: Sequence[PlanRow] = field(default_factory=tuple)
    results: str = ""
    reflection: str = ""
    curator: str = ""
    mentee_female: bool | None = None
    organisation: OrgHeader | None = None


class _Builder(DocumentBuilder):
    """DocumentBuilder with a way to add our own flowables (titles, header blocks)."""

    def add(self, *flowables: Flowable) -> None:
        self._story.extend(flowables)


def _header_block(doc: _Builder, plan: PlanData) -> Table:
    styles = doc.styles
    label = ParagraphStyle("plan-label", parent=styles.signature, fontName=styles.heading.fontName,
                           fontSize=11, leading=14)
    value = ParagraphStyle("plan-value", parent=styles.signature, fontSize=11, leading=14)
    mentee = plan.mentee
    if plan.mentee_detail:
        detail = plan.mentee_detail
        if plan.mentee_detail_label == "Класс":  # «6А класс», as the mentor's class reads
            detail = f"{detail} класс"
        elif plan.mentee_detail_label == "Группа":
            detail = f"группа {detail}"
        mentee = f"{mentee}, {detail}"
    mentor = f"{plan.mentor}, {plan.mentor_detail}" if plan.mentor_detail else plan.mentor
    form = plan.form
    if plan.role_model:
        form = f"{form}; ролевая модель «{plan.role_model}»" if form else plan.role_model
    lines = [
        ("Наставляемая" if plan.mentee_female else "Наставляемый", mentee),
        ("Наставник", mentor),
        ("Форма и ролевая модель", form),
        ("Срок реализации", plan.period),
        ("Запрос", plan.request),
        ("Цель", plan.goal),
        ("Задачи", plan.tasks),
    ]
    data = [[Paragraph(_text(k) + ":", label), Paragraph(_text(v) or "—", value)]
            for k, v in lines]
    width = doc.frame_width
    table = Table(data, colWidths=[width * 0.27, width * 0.73], hAlign="LEFT")
    table.setStyle(TableStyle([
        TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _add_plan(doc: _Builder, plan: PlanData) -> None:
    styles = doc.styles
    if plan.organisation is not None:
        doc.add(Paragraph(_text(plan.organisation.name), styles.org))
        if plan.organisation.city:
            doc.add(Paragraph(_text(plan.organisation.city), styles.city))
        else:
            doc.add(Spacer(1, 8 * mm))
    doc.add(Paragraph(_text(plan.title or DEFAULT_TITLE),
                      ParagraphStyle("plan-title", parent=styles.title, spaceAfter=3 * mm)))
    doc.add(_header_block(doc, plan))
    doc.spacer(3)
    rows = [[i, r.activity, r.due, r.expected, r.mark] for i, r in enumerate(plan.rows, start=1)]
    if not rows:
        rows = [[i, "", "", "", ""] for i in range(1, 6)]
    names = [n for n in (plan.mentee, plan.mentor, plan.curator) if n]
    doc.table(PLAN_HEADERS, rows, col_widths=[0.6, 5, 1.8, 3.6, 2.2], names=names)
    # Results, reflection and the signatures stay on one page with the table's last rows.
    tail: list[Flowable] = [Paragraph("Результаты и рефлексия", styles.heading)]
    flat = ParagraphStyle("plan-flat", parent=styles.body, firstLineIndent=0)
    blanks: list[list[object]] = []
    for label, value in (("Результаты:", plan.results.strip()),
                         ("Рефлексия:", plan.reflection.strip())):
        if value:
            tail.append(Paragraph(_text(f"{label} {value}"), flat))
        else:
            blanks += [[Paragraph(label, styles.signature), ""], ["", ""]]
    width = doc.frame_width
    if blanks:
        ruled = Table(blanks, colWidths=[32 * mm, width - 32 * mm],
                      rowHeights=[7 * mm] * len(blanks), hAlign="LEFT")
        ruled.setStyle(TableStyle([
            TABLE_FONT,
            ("LINEBELOW", (1, 0), (1, -1), 0.5, "black"),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]))
        tail.append(ruled)
    signers = [
        ("Наставник", plan.mentor),
        ("Наставляемая" if plan.mentee_female else "Наставляемый", plan.mentee),
        ("Куратор", plan.curator or "________________"),
    ]
    lines = signature_lines(signers, styles.signature, width, row_height=8 * mm)
    doc.keep_with_previous([*tail, Spacer(1, 3 * mm), lines], count=1)


def build_plans(
    path: str | os.PathLike[str],
    plans: Sequence[PlanData],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write one or more plans into one PDF, each plan from a new page. Returns the path."""
    if not plans:
        raise ValueError("no plans to print")
    titles = {p.title or DEFAULT_TITLE for p in plans}
    meta = titles.pop() if len(titles) == 1 else DEFAULT_TITLE
    doc = _Builder(path, "", organisation=None)
    doc.title = meta  # metadata only; each plan prints its own title
    for index, plan in enumerate(plans):
        if index:
            doc.add(PageBreak())
        _add_plan(doc, plan)
    return doc.build(progress=progress, cancelled=cancelled)


__all__ = ["PLAN_HEADERS", "PlanData", "PlanRow", "build_plans"]
