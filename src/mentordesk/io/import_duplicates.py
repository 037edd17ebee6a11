"""Who is already known: the people of the database and the rows read so far, by name.

Two records name the same person when their full names match (case, ё, spaces and Latin
look-alikes aside) and either both birth dates are known and equal, or one of them is
unknown and the classes do not disagree (one of them empty, or both the same). A list
exported without birth dates («Возраст» only) therefore finds the pupils already in the
base by name and class, and a list without classes by name alone. Nothing is merged: the
row is reported and left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ..model.text import normalise

DupKey = tuple[str, date | None]


def name_key(last_name: str, first_name: str, patronymic: str) -> str:
    return normalise(" ".join(p for p in (last_name, first_name, patronymic) if p))


def person_key(last_name: str, first_name: str, patronymic: str, birth: date | None) -> DupKey:
    """The normalised full name and the birth date."""
    return name_key(last_name, first_name, patronymic), birth


def describe_person(last_name: str, first_name: str, patronymic: str, birth: date | None,
                    group_name: str = "") -> str:
    """«Иванов Иван Иванович, 7А, 05.03.2012», with what is known."""
    name = " ".join(p for p in (last_name, first_name, patronymic) if p)
    parts = [name, group_name, f"{birth:%d.%m.%Y}" if birth else ""]
    return ", ".join(p for p in parts if p)


class PeopleIndex:
    """People by normalised name, with their birth date, class and how to describe them."""

    def __init__(self, people: Iterable[tuple[str, date | None, str, str]] = ()) -> None:
        self._by_name: dict[str, list[tuple[date | None, str, str]]] = {}
        for name, birth, group, description in people:
            self.add(name, birth, group, description)

    @classmethod
    def of_keys(cls, keys: Mapping[DupKey, str]) -> PeopleIndex:
        """From (name, birth date) keys, classes unknown."""
        return cls((name, birth, "", description) for (name, birth), description in keys.items())

    def add(self, name: str, birth: date | None, group: str, description: str) -> None:
        self._by_name.setdefault(name, []).append((birth, normalise(group), description))

    def find(self, name: str, birth: date | None, group: str) -> str | None:
        """How the known person this one repeats is described, or None. A match on the
        birth date comes before a match on the class."""
        candidates = self._by_name.get(name)
        if not candidates:
            return None
        group = normalise(group)
        by_class = None
        for known_birth, known_group, description in candidates:
            if birth is not None and known_birth is not None:
                if birth == known_birth:
                    return description
            elif by_class is None and (not group or not known_group or group == known_group):
                by_class = description
        return by_class

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_name.values())
