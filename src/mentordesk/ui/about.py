"""«О программе»."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from .. import APP_NAME, __version__
from . import style


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("О программе"))
        name = QLabel(APP_NAME)
        name.setFont(style.heading_font(20))
        version = QLabel(self.tr("Версия {version}").format(version=__version__))
        version.setObjectName("aboutVersion")
        text = QLabel(self.tr(
            "Рабочее место куратора наставничества в школе, колледже или методическом центре.\n\n"
            "MentorDesk ведёт программу по семи этапам целевой модели наставничества "
            "(распоряжение Минпросвещения России № Р-145 от 25.12.2019): дорожную карту, "
            "базы наставляемых и наставников, пары и группы, встречи, анкеты, поощрения "
            "и документы куратора.\n\n"
            "Данные хранятся только на этом компьютере, в файле базы данных; "
            "в интернет ничего не отправляется."))
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fonts = QLabel(self.tr(
            "Шрифты PT Sans и PT Serif © ParaType, распространяются по свободной лицензии ParaType."))
        fonts.setWordWrap(True)
        fonts.setStyleSheet("color: #555555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(name)
        layout.addWidget(version)
        layout.addSpacing(6)
        layout.addWidget(text)
        layout.addWidget(fonts)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
