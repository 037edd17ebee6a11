"""The welcome screen, shown while the database holds no programme (or none could be opened)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from . import style

ACTION_CSS = """
QPushButton { text-align: left; background: white; border: 1px solid #c9d5df;
    border-radius: 6px; }
QPushButton:hover { background: #eef3f7; border-color: #2f6f9f; }
QPushButton:focus { border: 2px solid #2f6f9f; }
QPushButton:disabled { background: #f4f4f4; }
"""


class ActionButton(QPushButton):
    """A large button: a bold title and a description. The description carries its own line
    breaks: QCommandLinkButton and word-wrapped labels inside a button both clip it."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ACTION_CSS)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(title)
        self.setAccessibleDescription(description.replace("\n", " "))
        self.title_label = QLabel(title)
        title_font = self.title_label.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self.title_label.setFont(title_font)
        self.title_label.setStyleSheet("color: #1f4f75; background: transparent;")
        self.description_label = QLabel(description)
        self.description_label.setStyleSheet("background: transparent;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(2)
        for label in (self.title_label, self.description_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setMinimumHeight(layout.totalSizeHint().height())
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        layout = self.layout()
        return layout.totalSizeHint() if layout is not None else super().sizeHint()


class WelcomeScreen(QWidget):
    createRequested = Signal()
    demoRequested = Signal()
    openRequested = Signal()
    recentRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeScreen")

        title = QLabel(self.tr("Добро пожаловать в MentorDesk"))
        title.setFont(style.heading_font(20))
        subtitle = QLabel(self.tr(
            "Рабочее место куратора наставничества: этапы целевой модели, дорожная карта, "
            "базы наставников и наставляемых, пары и документы."))
        subtitle.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("welcomeState")
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)

        self.create_button = ActionButton(
            self.tr("Создать программу"),
            self.tr("Название, учебный год и формы наставничества. Дорожная карта\n"
                    "заполнится по типовому плану семи этапов."))
        self.demo_button = ActionButton(
            self.tr("Открыть демонстрационную базу"),
            self.tr("Вымышленная школа с наставниками, наставляемыми и парами:\n"
                    "можно попробовать всё, не затрагивая настоящие данные."))
        self.open_button = ActionButton(
            self.tr("Открыть файл…"),
            self.tr("База MentorDesk, сохранённая на этом компьютере или на флешке."))
        self.create_button.setObjectName("createProgrammeButton")
        self.demo_button.setObjectName("openDemoButton")
        self.open_button.setObjectName("openFileButton")
        self.create_button.clicked.connect(self.createRequested)
        self.demo_button.clicked.connect(self.demoRequested)
        self.open_button.clicked.connect(self.openRequested)

        self.recent_title = QLabel(self.tr("Недавние файлы"))
        self.recent_title.setFont(style.heading_font(11))
        self.recent_box = QVBoxLayout()
        self.recent_box.setSpacing(2)

        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setFixedWidth(640)
        inner = QVBoxLayout(card)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addWidget(self.state)
        inner.addSpacing(8)
        for button in (self.create_button, self.demo_button, self.open_button):
            inner.addWidget(button)
        inner.addSpacing(8)
        inner.addWidget(self.recent_title)
        inner.addLayout(self.recent_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.set_state(None, read_only=False, recent=[])

    def set_state(self, db_name: str | None, *, read_only: bool, recent: list[str]) -> None:
        """`db_name` is the open database's path or address (the status bar shows it whole)."""
        short = _short_name(db_name) if db_name else ""
        if db_name is None:
            text = self.tr("База данных не открыта. Создайте новую программу, откройте файл "
                           "или демонстрационную базу.")
        elif read_only:
            text = self.tr("В базе «{name}» ещё нет программы наставничества, а открыта она "
                           "только для чтения, поэтому создать программу в ней нельзя.").format(
                name=short)
        else:
            text = self.tr("В базе «{name}» ещё нет программы наставничества.").format(
                name=short)
        self.state.setText(text)
        self.create_button.setEnabled(not read_only)
        self._show_recent([r for r in recent if r != db_name])

    def _show_recent(self, recent: list[str]) -> None:
        while self.recent_box.count():
            item = self.recent_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for target in recent[:5]:
            button = QPushButton(_short_name(target))
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(target)
            button.setStyleSheet("text-align: left; color: #2f6f9f; padding: 2px 4px;")
            button.clicked.connect(lambda _=False, t=target: self.recentRequested.emit(t))
            self.recent_box.addWidget(button)
        self.recent_title.setVisible(bool(recent))


def _short_name(target: str) -> str:
    return target if "://" in target else Path(target).name
