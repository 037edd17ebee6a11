"""The mentee base and the mentor base in the Ministry's columns, the request map, and «export
the current table view», as .xlsx files (see xlsx_write for the safety rules). `base_rows`
gathers the bases' rows once for both outputs: this workbook and the printed PDF
(services.printing_bases).

A special-category request (ОВЗ, ЗПР, «группа риска») is written only for a mentee whose
written consent covers special-category data; otherwise the cell says why it is empty.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from ..errors import ValidationError
from ..io.xlsx_write import (
    HEADER_FILL,
    HEADER_FONT,
    Cancelled,
    Progress,
    autosize,
    check_cancelled,
    export_rows,
    safe_sheet_title,
    save_workbook,
    write_cell,
    write_header,
    write_table,
)
from ..model import MentorStatus
from ..model.text import request_line
from .database import Database
from .people_pairs import PairLink, pair_links
from .people_rows import ALL, MenteeRow, MentorRow, mentee_rows_in, mentor_rows_in
from .programme import current_programme_id
from .request_map import CrossTable, request_map

__all__ = ["MENTEE_HEADERS", "MENTOR_HEADERS", "BaseRows", "base_rows", "export_bases",
           "export_request_map", "export_rows"]

MENTEE_SHEET = "База наставляемых"
MENTOR_SHEET = "База наставников"
MENTEE_HEADERS = (
    "ФИО", "Контакты", "Возраст", "Ключевой запрос", "Дата вхождения в программу",
    "ФИО наставника", "Место работы/учёбы наставника", "Форма наставничества",
    "Место реализации", "Срок реализации", "Результаты", "Ссылка на кейс/отзыв",
)
MENTOR_HEADERS = (
    "ФИО", "Контакты", "Место работы/учёбы", "Ключевые компетенции", "Важные достижения",
    "Интересы", "Желаемый возраст наставляемых", "Удобное время встреч", "Дата вхождения",
    "ФИО наставляемого(-ых)", "Форма", "Место", "Срок", "Результаты", "Ссылка на кейс/отзыв",
)
HIDDEN_SPECIAL = ("не выгружается: нет письменного согласия на обработку сведений особой "
                  "категории")


@dataclass(frozen=True)
class BaseRows:
    """Both bases of a programme in the Ministry's columns (MENTEE_HEADERS, MENTOR_HEADERS):
    one list of cell values per person, as the xlsx export and the printed PDF show them.
    Dates stay `date` values; the caller formats them."""

    mentees: list[list[Any]]
    mentors: list[list[Any]]

    @property
    def total(self) -> int:
        return len(self.mentees) + len(self.mentors)


def base_rows(db: Database, programme_id: int | None = None,
              today: date | None = None) -> BaseRows:
    """The rows of both bases of a programme (the current one by default). Rejected mentor
    candidates are left out; a special-category request shows only with written consent."""
    today = today or date.today()
    programme_id = programme_id if programme_id is not None else current_programme_id(db)
    if programme_id is None:
        raise ValidationError("В базе нет программы наставничества — выгружать нечего.")
    with db.read() as s:
        mentees = mentee_rows_in(s, programme_id, ALL, today)
        mentors = [m for m in mentor_rows_in(s, programme_id, ALL, today)
                   if m.status != MentorStatus.REJECTED.value]
        links = pair_links(s, programme_id)
    return BaseRows(
        mentees=[_mentee_values(m, links.by_mentee.get(m.id)) for m in mentees],
        mentors=[_mentor_values(m, links.mentees_of(m.id)) for m in mentors],
    )


def export_bases(db: Database, path: str | os.PathLike[str], programme_id: int | None = None,
                 progress: Progress | None = None, cancelled: Cancelled | None = None,
                 today: date | None = None) -> Path:
    """Both bases of a programme (the current one by default) in one workbook, two sheets."""
    rows = base_rows(db, programme_id, today)
    check_cancelled(cancelled)
    total = rows.total
    wb = Workbook()
    ws = wb.active
    ws.title = MENTEE_SHEET
    write_table(ws, MENTEE_HEADERS, rows.mentees, progress=progress, total=total,
                cancelled=cancelled)

    def mentor_progress(done: int, _total: int) -> None:
        if progress is not None:
            progress(len(rows.mentees) + done, total)

    write_table(wb.create_sheet(MENTOR_SHEET), MENTOR_HEADERS, rows.mentors,
                progress=mentor_progress, total=total, cancelled=cancelled)
    check_cancelled(cancelled)
    saved = save_workbook(wb, path)
    if progress is not None:
        progress(total, total)
    return saved


def _request_text(m: MenteeRow) -> str:
    """«Kind: text», but the text alone when it already starts with the kind (no «ЗПР: ЗПР:»)."""
    if m.special_category and not m.consent_ok:
        return HIDDEN_SPECIAL
    return request_line(m.request_kind, m.request_text)


def _mentee_values(m: MenteeRow, link: PairLink | None) -> list[Any]:
    form = link.form_text if link else (f"{m.form} ({m.role_model})" if m.form and m.role_model
                                        else m.form)
    return [
        m.full_name, m.contacts, m.age, _request_text(m), m.entered_on,
        link.mentor_name if link else "", link.mentor_workplace if link else "", form,
        link.venue if link else "", link.period_text if link else "", m.results, m.case_link,
    ]


def _unique(values: Sequence[str]) -> str:
    return "\n".join(dict.fromkeys(v for v in values if v))


def _mentor_values(m: MentorRow, links: Sequence[PairLink]) -> list[Any]:
    forms = _unique([link.form_text for link in links]) or "\n".join(m.forms)
    return [
        m.full_name, m.contacts, m.workplace, "; ".join(m.competences), m.achievements,
        ", ".join(m.interests), m.mentee_ages, "; ".join(m.meeting_times), m.entered_on,
        "\n".join(link.mentee_name for link in links), forms,
        _unique([link.venue for link in links]), _unique([link.period_text for link in links]),
        m.results, m.case_link,
    ]


# --- The request map ----------------------------------------------------------------------------


def export_request_map(db: Database, programme_id: int | None, path: str | os.PathLike[str],
                       today: date | None = None) -> Path:
    """The request map: by parallel (with a bar chart) and by role model, one sheet each."""
    programme_id = programme_id if programme_id is not None else current_programme_id(db)
    if programme_id is None:
        raise ValidationError("В базе нет программы наставничества — выгружать нечего.")
    data = request_map(db, programme_id, today=today)
    wb = Workbook()
    wb.properties.title = f"Карта запросов. {data.programme_title}"
    first = wb.active
    first.title = safe_sheet_title("Запросы по параллелям")
    _write_cross(first, data.by_grade)
    if data.by_grade.row_headers:
        _add_chart(first, data.by_grade)
    _write_cross(wb.create_sheet(safe_sheet_title("Запросы по ролевым моделям")),
                 data.by_role_model)
    return save_workbook(wb, path)


def _write_cross(ws: Any, table: CrossTable) -> None:
    grid = table.as_rows()
    write_header(ws, grid[0])
    ws.freeze_panes = "B2"
    for r, values in enumerate(grid[1:], start=2):
        for c, value in enumerate(values, start=1):
            cell = write_cell(ws, r, c, value)
            if r == len(grid) or c == len(values):  # the totals row and column
                cell.font = HEADER_FONT
                cell.fill = HEADER_FILL
    autosize(ws)


def _add_chart(ws: Any, table: CrossTable) -> None:
    rows = len(table.row_headers)
    totals_column = len(table.column_headers) + 2
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Наставляемые по видам запросов"
    chart.y_axis.title = "Человек"
    chart.legend = None
    chart.add_data(Reference(ws, min_col=totals_column, min_row=1, max_row=rows + 1),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows + 1))
    chart.height = max(7.5, 0.6 * rows + 3)
    chart.width = 18
    ws.add_chart(chart, f"A{rows + 4}")
