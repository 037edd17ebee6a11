"""The texts and values a base row is made of, from the raw database values: the ФИО, its sort
key, the contacts, the age range, an age, a date, a list of tags."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from typing import Any

from ..model.text import full_name, normalise

__all__ = ["age_on", "ages_text", "contacts_text", "day_of", "full_name", "name_key", "tags_of"]


def name_key(name: str) -> str:
    """`normalise(name)`, quickly for the usual name (composed; letters, hyphens and single
    spaces): the sort key of the bases."""
    key = name.casefold().replace("ё", "е")
    if (key.replace(" ", "").replace("-", "").isalpha() and "  " not in key
            and key[:1] != " " and key[-1:] != " " and unicodedata.is_normalized("NFC", name)):
        return key
    return normalise(name)


def contacts_text(phone: str, email: str, minor: bool,
                  guardian: tuple[str, str, str] | None) -> str:
    """Own phone and e-mail; for a minor, the guardian's first (the Ministry's «или законного
    представителя»)."""
    own = ", ".join(p for p in (phone, email) if p)
    if not minor or guardian is None:
        return own
    name, relation, contact = guardian
    who = f"{name} ({relation})" if relation else name
    text = f"{who}: {contact}" if contact else who
    return f"{text}; {own}" if own else text


def ages_text(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if low is None:
        return f"до {high} лет"
    if high is None:
        return f"от {low} лет"
    return f"{low}–{high} лет"


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def day_of(value: Any) -> Any:
    """A raw date (ISO text on SQLite) as a `date`; None stays None."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def tags_of(value: Any) -> tuple[str, ...]:
    """A raw JSON list (text on SQLite) as a tuple."""
    if isinstance(value, str):
        value = json.loads(value)
    return tuple(value or ())
