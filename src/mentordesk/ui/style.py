"""Fonts and the few colours the app uses. PT Sans for text, PT Serif for headings."""

from __future__ import annotations

from PySide6.QtGui import QFont

SANS = "PT Sans"
SERIF = "PT Serif"
BASE_POINT_SIZE = 10

NOTE_CSS = (
    "QLabel#wizardNote { background: #fff7df; border: 1px solid #e6d38f; border-radius: 4px;"
    " padding: 8px 10px; color: #4a3e10; }"
)
HEADER_CSS = "QWidget#programmeHeader { background: #eef3f7; border-bottom: 1px solid #c9d5df; }"
FIELD_ERROR_CSS = "color: #b00020;"


def heading_font(point_size: float) -> QFont:
    font = QFont(SERIF)
    font.setPointSizeF(point_size)
    font.setBold(True)
    return font
