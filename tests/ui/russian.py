"""Collect every text a user can see in a widget tree, and find the English in it."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QWidget,
)

# Names, not English: the app, the fonts and their maker.
ALLOWED = {"MentorDesk", "PT", "Sans", "Serif", "ParaType", "Excel", "PDF", "Word"}  # names, not English
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# File paths and names are the user's data, not the interface's words.
PATH = re.compile(r"(?:[A-Za-z]:)?[/\\]\S+|[^\s«»]+\.(?:sqlite|db)\b")


def _menu_texts(menu: QMenu) -> list[str]:
    texts = [menu.title()]
    for action in menu.actions():
        texts += [action.text(), action.toolTip(), action.statusTip()]
        if action.menu() is not None:
            texts += _menu_texts(action.menu())
    return texts


def _model_texts(model: QAbstractItemModel) -> list[str]:
    texts = []
    root = QModelIndex()
    # QAbstractListModel hides columnCount from Python: a list has one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for column in range(columns):
        texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
    for row in range(model.rowCount(root)):
        for column in range(columns):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.index(row, column).data(role)
                if isinstance(value, str):
                    texts.append(value)
    return texts


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.statusTip(), widget.accessibleName()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += _model_texts(widget.model())
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            if action.menu() is not None:
                texts += _menu_texts(action.menu())
    return [t for t in texts if t]


def english_words(root: QWidget) -> set[str]:
    words: set[str] = set()
    for text in visible_texts(root):
        text = re.sub(r"<[^>]+>", " ", PATH.sub(" ", text))  # rich-text tags too
        words |= {w for w in LATIN_WORD.findall(text) if w not in ALLOWED}
    return words
