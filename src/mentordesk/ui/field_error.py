"""An editor with its own error line under it, for field-level validation messages."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from . import style


def with_error_line(field: str, editor: QWidget) -> tuple[QWidget, QLabel]:
    """The editor and a hidden red error label beneath it, in one box for a form row."""
    box = QWidget()
    inner = QVBoxLayout(box)
    inner.setContentsMargins(0, 0, 0, 0)
    inner.setSpacing(2)
    inner.addWidget(editor)
    error = QLabel()
    error.setObjectName(f"error_{field}")
    error.setStyleSheet(style.FIELD_ERROR_CSS)
    error.setWordWrap(True)
    error.setVisible(False)
    inner.addWidget(error)
    return box, error
