"""Page 6, «Утверждение»: the order's number and date, the draft pairs and groups to approve,
the approval (which drafts a development plan for every mentee), and the order itself
«Об утверждении наставнических пар/групп» saved as PDF or DOCX."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ...services.pairing_approve import Approval, approve, unapprove
from ...services.preferences_drafts import DraftRow, draft_pairs, plan_count
from ...services.printing import print_order_pairs
from ..style import FIELD_ERROR_CSS
from .common import Stage5Page, TextTableModel, heading, plural, table_view, tr
from .meeting_page import date_edit, pydate, qdate

HEADERS = ("Наставник", "Наставляемые", "Форма", "Состав")
ORDER_FILTER = "Документ PDF (*.pdf);;Документ Word (*.docx)"
ORDER_TITLE = "Об утверждении наставнических пар/групп"
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')


def order_file_name(number: str, on: date) -> str:
    safe = _UNSAFE.sub("-", number).strip() or "б-н"
    return f"Приказ № {safe} от {on:%d.%m.%Y} об утверждении наставнических пар.pdf"


class ApprovalPage(Stage5Page):
    def __init__(self) -> None:
        super().__init__(tr("Утверждение"), tr(
            "Пары и группы утверждаются приказом. После утверждения для каждого наставляемого "
            "составляется черновик индивидуального плана развития по его запросу, а состав "
            "пары меняется только через «изменить состав» с указанием причины."))
        self.number = QLineEdit()
        self.number.setObjectName("orderNumber")
        self.number.setPlaceholderText(tr("например, 312-о"))
        self.number.setMaximumWidth(220)
        self.number_error = QLabel(tr("Укажите номер приказа."))
        self.number_error.setStyleSheet(FIELD_ERROR_CSS)
        self.number_error.setVisible(False)
        self.number.textEdited.connect(lambda _t: self.number_error.setVisible(False))
        self.on = date_edit()
        self.on.setObjectName("orderDate")
        self.on.setAccessibleName(tr("Дата приказа"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(tr("Номер приказа:"), self.number)
        form.addRow("", self.number_error)
        form.addRow(tr("Дата приказа:"), self.on)

        self.model = TextTableModel([tr(h) for h in HEADERS], self)
        self.view = table_view(self.model, (300, 380, 160), name=tr("Пары и группы к утверждению"),
                               wrap=True)
        self.list_title = heading(tr("Пары и группы к утверждению"))
        self.approve_button = QPushButton(tr("Утвердить пары и группы"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.clicked.connect(self.approve)
        self.order_button = QPushButton(tr("Сохранить приказ…"))
        self.order_button.setObjectName("saveOrder")
        self.order_button.clicked.connect(lambda: self.save_order())
        self.order_button.setEnabled(False)
        self.result = QLabel()
        self.result.setObjectName("approvalResult")
        self.result.setWordWrap(True)

        tools = QHBoxLayout()
        tools.addWidget(self.approve_button)
        tools.addWidget(self.order_button)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list_title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.result)
        layout.addLayout(tools)

        self.rows: list[DraftRow] = []
        self.approved_ids: list[int] = []
        self.order_path: str | None = None
        self.approved_number = ""
        self.approved_on: date | None = None

    def initializePage(self) -> None:
        self.on.setDate(qdate(self.wiz().today))
        self.reload()

    def reload(self) -> None:
        wiz = self.wiz()
        db, programme_id = wiz.db, wiz.programme_id
        self.run(lambda: draft_pairs(db, programme_id), self.show_rows)

    def show_rows(self, rows: list[DraftRow]) -> None:
        self.rows = rows
        self.model.set_rows(
            [[f"{r.mentor}\n{r.mentor_detail}" if r.mentor_detail else r.mentor,
              "\n".join(r.mentees), r.form,
              tr("группа ({n})").format(n=len(r.mentees)) if r.is_group else tr("пара")]
             for r in rows], [r.id for r in rows])
        mentees = sum(len(r.mentees) for r in rows)
        self.list_title.setText(tr("К утверждению: {n} {w}, наставляемых: {m}").format(
            n=len(rows), w=plural(len(rows), "пара или группа", "пары или группы",
                                  "пар или групп"), m=mentees))
        self.approve_button.setEnabled(bool(rows) and not self.wiz().read_only)
        if not rows and not self.approved_ids:
            self.result.setText(tr("Черновых пар нет: вернитесь к предложению или корректировке."))

    def _after_undo(self) -> None:
        self.approved_ids, self.approved_number, self.approved_on = [], "", None
        self.order_button.setEnabled(False)
        self.result.clear()
        self.reload()

    def order_date(self) -> date:
        return pydate(self.on.date())

    def approve(self) -> None:
        number = " ".join(self.number.text().split())
        if not number:
            self.number_error.setVisible(True)
            self.number.setFocus()
            return
        rows, on, wiz = list(self.rows), self.order_date(), self.wiz()
        if not rows:
            return
        if not wiz.messenger.confirm(self, tr(
                "Утвердить {n} {w} приказом № {number} от {on}? Для каждого наставляемого будет "
                "составлен черновик плана развития.").format(
                n=len(rows), w=plural(len(rows), "пару или группу", "пары или группы",
                                      "пар или групп"), number=number, on=f"{on:%d.%m.%Y}")):
            return
        db, programme_id = wiz.db, wiz.programme_id
        pair_ids = [r.id for r in rows]

        def job() -> tuple[Approval, int]:
            done = approve(db, programme_id, number, on, pair_ids=pair_ids)
            return done, plan_count(db, list(done.pair_ids))

        def approved(result: tuple[Approval, int]) -> None:
            approval, plans = result
            ids = list(approval.pair_ids)
            self.approved_ids = ids
            self.approved_number, self.approved_on = number, on
            self.result.setText(tr(
                "Утверждено: {n} {w} приказом № {number} от {on}. Составлено планов развития: "
                "{plans} — их можно дополнить на этапе 6.").format(
                n=len(ids), w=plural(len(ids), "пара или группа", "пары или группы",
                                     "пар или групп"), number=number, on=f"{on:%d.%m.%Y}",
                plans=plans))
            self.order_button.setEnabled(True)
            wiz.push(tr("утверждение пар приказом № {number}").format(number=number),
                     do=lambda _: approve(db, programme_id, number, on, pair_ids=ids),
                     undo=lambda last: unapprove(db, last), first=approval,
                     after=self._after_undo)
            self.reload()
            self.save_order()

        self.run(job, approved, title=tr("Утверждение пар и групп…"))

    def save_order(self, path: str | None = None) -> None:
        wiz = self.wiz()
        number = self.approved_number or " ".join(self.number.text().split())
        on = self.approved_on or self.order_date()
        path = path or wiz.messenger.ask_save_path(
            self, tr("Сохранить приказ «{title}»").format(title=ORDER_TITLE),
            str(Path.home() / order_file_name(number, on)), tr(ORDER_FILTER))
        if not path:
            return
        db, programme_id, target = wiz.db, wiz.programme_id, path

        def saved(_result: object) -> None:
            self.order_path = target
            wiz.messenger.info(self, tr("Приказ сохранён"), tr(
                "Приказ «{title}» сохранён:\n{path}").format(title=ORDER_TITLE, path=target))

        self.run(lambda job: print_order_pairs(db, target, number=number, on=on,
                                               programme_id=programme_id, progress=job.report,
                                               cancelled=job.is_cancelled),
                 saved, title=tr("Сохранение приказа…"), cancellable=True)
