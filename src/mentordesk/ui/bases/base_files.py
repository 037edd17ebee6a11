"""The files a base view writes: the table as shown (its filter, order and columns) and both
bases in the Ministry's columns. Both run in the background with progress and «Отмена»."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ...services.exports import export_bases, export_rows
from ..worker import Job
from .model import display_rows

if TYPE_CHECKING:
    from .base_view import BaseView

XLSX_FILTER = "Книга Excel (*.xlsx)"


def export_view(view: BaseView, path: str | None = None) -> None:
    ctx = view.context
    if ctx is None:
        return
    title = view.tr("База наставляемых") if view.mentees else view.tr("База наставников")
    path = path or ctx.messenger.ask_save_path(
        view, view.tr("Экспорт в Excel"), f"{title} {date.today():%d.%m.%Y}.xlsx",
        view.tr(XLSX_FILTER))
    if not path:
        return
    columns = view.visible_columns()
    headers = [view.tr(view.model.columns[c].header) for c in columns]
    rows, defined = view.model.rows(), view.model.columns  # the texts are made in the job
    target = path

    def export(job: Job) -> Any:
        return export_rows(target, headers, display_rows(defined, rows, columns), title,
                           progress=job.report, cancelled=job.is_cancelled)

    ctx.runner.run(
        export,
        title=view.tr("Экспорт в Excel…"), cancellable=True,
        on_done=lambda saved: ctx.messenger.info(view, view.tr("Экспорт в Excel"), view.tr(
            "Таблица сохранена ({n} строк):\n{path}").format(n=len(rows), path=saved)))


def export_all(view: BaseView, path: str | None = None) -> None:
    ctx = view.context
    if ctx is None:
        return
    path = path or ctx.messenger.ask_save_path(
        view, view.tr("Выгрузить базы"),
        f"Базы наставников и наставляемых {date.today():%d.%m.%Y}.xlsx", view.tr(XLSX_FILTER))
    if not path:
        return
    db, programme_id, target = ctx.db, ctx.programme_id, path
    ctx.runner.run(
        lambda job: export_bases(db, target, programme_id, progress=job.report,
                                 cancelled=job.is_cancelled),
        title=view.tr("Выгрузка баз…"), cancellable=True,
        on_done=lambda saved: ctx.messenger.info(view, view.tr("Выгрузить базы"), view.tr(
            "Базы наставляемых и наставников сохранены по формам Минпросвещения:\n{path}")
            .format(path=saved)))
