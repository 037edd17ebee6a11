"""Small editors of the person dialog: dates as text, lists as comma-separated text, numbers
that may be «не указано». Each turns the widget's text back into a form value or raises a
Russian `ValidationError` naming the field."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QSpinBox, QWidget

from ...errors import ValidationError

DATE_FORMAT = "%d.%m.%Y"


def parse_day(text: str, field: str, what: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, DATE_FORMAT).date()
    except ValueError:
        raise ValidationError(f"{what}: напишите дату как 05.03.2013.", field=field) from None


def day_text(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def split_list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())


def list_text(values: tuple[str, ...]) -> str:
    return ", ".join(values)


class OptionalSpin(QSpinBox):
    """A number or nothing: the lowest position reads `empty` («не указан») and means None."""

    def __init__(self, low: int, high: int, value: int | None, empty: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(low - 1, high)
        self.setSpecialValueText(empty)
        self.setValue(low - 1 if value is None else value)

    def optional_value(self) -> int | None:
        value = self.value()
        return None if value == self.minimum() else value
