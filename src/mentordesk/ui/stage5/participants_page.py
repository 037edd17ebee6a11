"""Page 1, «Кто участвует»: the mentors and mentees of the pool, and who is left out and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ...services.match_pool import Pool
from .common import Stage5Page, TextTableModel, heading, plural, table_view, tr

MENTOR_HEADERS = ("Наставник", "Место работы, должность, класс", "Занято / мест", "Формы")
MENTEE_HEADERS = ("Наставляемый", "Класс, группа, должность", "Запрос")
EXCLUDED_HEADERS = ("Участник", "Роль", "Почему не участвует")
ROLE_NAMES = {"mentor": "наставник", "mentee": "наставляемый"}


def _section(title: QLabel, view: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(title)
    layout.addWidget(view, 1)
    return box


class ParticipantsPage(Stage5Page):
    def __init__(self) -> None:
        super().__init__(tr("Кто участвует"), tr(
            "Наставники, отобранные для программы (и обученные, если обучение обязательно), "
            "и наставляемые с действующим согласием на обработку персональных данных. "
            "Кто не участвует — ниже, с причиной."))
        self.summary = QLabel(tr("Загрузка участников…"))
        self.summary.setObjectName("poolSummary")
        self.summary.setWordWrap(True)

        self.mentors = TextTableModel([tr(h) for h in MENTOR_HEADERS], self)
        self.mentors.numeric_columns = {2}
        self.mentees = TextTableModel([tr(h) for h in MENTEE_HEADERS], self)
        self.excluded = TextTableModel([tr(h) for h in EXCLUDED_HEADERS], self)
        self.mentor_view = table_view(self.mentors, (250, 330, 100), name=tr("Наставники"),
                                      wrap=True)
        self.mentee_view = table_view(self.mentees, (250, 180), name=tr("Наставляемые"),
                                      wrap=True)
        self.excluded_view = table_view(self.excluded, (250, 120), name=tr("Не участвуют"),
                                        wrap=True)
        self.mentor_title = heading(tr("Наставники"))
        self.mentee_title = heading(tr("Наставляемые"))
        self.excluded_title = heading(tr("Не участвуют"))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(_section(self.mentor_title, self.mentor_view))
        splitter.addWidget(_section(self.mentee_title, self.mentee_view))
        splitter.addWidget(_section(self.excluded_title, self.excluded_view))
        splitter.setSizes([220, 260, 140])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.loaded = False

    def initializePage(self) -> None:
        self.loaded = False
        self.wiz().load_pool(self.show_pool)

    def show_pool(self, pool: Pool) -> None:
        self.mentors.set_rows(
            [[m.name, m.detail, f"{m.load} / {m.capacity}", m.form_names] for m in pool.mentors],
            [m.id for m in pool.mentors])
        self.mentees.set_rows([[m.name, m.detail, m.request] for m in pool.mentees],
                              [m.id for m in pool.mentees])
        self.excluded.set_rows(
            [[e.name, tr(ROLE_NAMES.get(e.role, e.role)), e.reason] for e in pool.excluded],
            [(e.role, e.id) for e in pool.excluded])
        places = sum(m.free for m in pool.mentors)
        n_mentors, n_mentees, n_out = len(pool.mentors), len(pool.mentees), len(pool.excluded)
        self.mentor_title.setText(tr("Наставники ({n})").format(n=n_mentors))
        self.mentee_title.setText(tr("Наставляемые ({n})").format(n=n_mentees))
        self.excluded_title.setText(tr("Не участвуют ({n})").format(n=n_out))
        text = tr("В подборе пар участвуют {m} {mw} (свободных мест: {p}) и {e} {ew}.").format(
            m=n_mentors, mw=plural(n_mentors, "наставник", "наставника", "наставников"),
            p=places, e=n_mentees,
            ew=plural(n_mentees, "наставляемый", "наставляемых", "наставляемых"))
        if n_out:
            text += " " + tr("Не участвуют: {n} — причины в нижней таблице.").format(n=n_out)
        if places < n_mentees:
            text += " " + tr("Мест у наставников меньше, чем наставляемых: часть наставляемых "
                             "останется без пары.")
        self.summary.setText(text)
        self.loaded = True
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.loaded
