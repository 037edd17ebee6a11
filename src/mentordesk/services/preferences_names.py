"""Finding the participants of stage 5 by the names a curator types or a sheet holds.

Names come from paper questionnaires: in capitals, with «е» for «ё», with initials
(«Петрова А. С.»), without a patronymic, or with the class after the name («Иванов Иван, 7А»,
«Иванов Иван (7А)»). Everything is compared through `model.text.normalise`. Two people with the
same name are told apart by their class (or group, or post); when the text cannot tell them
apart, the lookup says so instead of guessing. Pure: the people are handed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..model.rules import RuleError, parse_class
from ..model.text import normalise

Side = Literal["mentor", "mentee"]
SIDE_WORDS: dict[str, str] = {"mentor": "наставник", "mentee": "наставляемый"}
SIDE_PLURAL: dict[str, str] = {"mentor": "наставников", "mentee": "наставляемых"}

_IN_BRACKETS = re.compile(r"^(.*?)\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_AFTER_COMMA = re.compile(r"^(.*?)\s*[,;]\s*([^,;]+)$")
_DOTS = re.compile(r"[.]")


@dataclass(frozen=True)
class Named:
    """A participant as the name lookups see them."""

    person_id: int
    name: str  # «Фамилия Имя Отчество»
    detail: str  # class «7А», group «ТМ-21», or a post
    side: Side

    @property
    def label(self) -> str:
        """«Иванов Иван Петрович (7А)»: the text a completer offers and a list shows."""
        return f"{self.name} ({self.detail})" if self.detail else self.name


@dataclass(frozen=True)
class Lookup:
    """The person found, or the reason none was (Russian, for the curator)."""

    person: Named | None
    problem: str = ""
    unknown: bool = False  # no one of that name at all (not an ambiguity)


def detail_key(text: str) -> str:
    """A class written any way («7 «а»», «7-А») and a post, both as one comparable key."""
    text = text.strip()
    if not text:
        return ""
    try:
        return normalise(parse_class(text).group_name)
    except RuleError:
        return normalise(text)


def split_detail(text: str) -> tuple[str, str]:
    """«Иванов Иван (7А)» or «Иванов Иван, 7А» → («Иванов Иван», «7А»)."""
    text = " ".join(text.replace("\u00a0", " ").split())
    for pattern in (_IN_BRACKETS, _AFTER_COMMA):
        match = pattern.match(text)
        if match and match.group(1).strip():
            return match.group(1).strip(), match.group(2).strip()
    return text, ""


def _tokens(text: str) -> list[str]:
    return normalise(_DOTS.sub(" ", text)).split()


class NameIndex:
    """Participants by full name, by surname and first name, by surname and initials, and by
    surname alone; a person is found under every key their name gives."""

    def __init__(self, people: Iterable[Named]) -> None:
        self.people: list[Named] = []
        self._by_label: dict[str, list[Named]] = {}
        self._keys: dict[str, list[Named]] = {}
        seen: set[tuple[int, str]] = set()
        for person in people:
            if (person.person_id, person.side) in seen:
                continue
            seen.add((person.person_id, person.side))
            self.people.append(person)
            self._by_label.setdefault(normalise(person.label), []).append(person)
            for key in self._person_keys(person):
                bucket = self._keys.setdefault(key, [])
                if person not in bucket:
                    bucket.append(person)

    @staticmethod
    def _person_keys(person: Named) -> set[str]:
        words = _tokens(person.name)
        if not words:
            return set()
        keys = {"1:" + words[0], "n:" + " ".join(words)}
        if len(words) >= 2:
            keys.add("n:" + " ".join(words[:2]))
            keys.add("i:" + " ".join([words[0], *(w[0] for w in words[1:])]))
            keys.add("i:" + " ".join([words[0], words[1][0]]))
        return keys

    def candidates(self, name: str) -> list[Named]:
        """Everyone the name could mean, before any class is looked at."""
        words = _tokens(name)
        if not words:
            return []
        if len(words) == 1:
            return list(self._keys.get("1:" + words[0], []))
        if all(len(w) == 1 for w in words[1:]):
            return list(self._keys.get("i:" + " ".join(words), []))
        return list(self._keys.get("n:" + " ".join(words), []))

    def find(self, text: str, detail: str = "", *, sides: Sequence[Side] = ("mentor", "mentee"),
             partial: bool = False) -> Lookup:
        """The one participant `text` names (with the class in `detail` or in the text itself).

        `sides` are the sides a match must be on; a name found only on another side is a
        problem of its own («… — наставник, а не наставляемый»). With `partial` (typing), a
        text that names nobody in full may be any part of one participant's name and class,
        as the completer offers them («воробь» finds «Воробьёва Лариса Даниловна»)."""
        exact = self._by_label.get(normalise(text), [])
        if len(exact) == 1 and exact[0].side in sides:
            return Lookup(exact[0])
        name, written = split_detail(text)
        detail = detail or written
        found = self.candidates(name)
        if not found and written:  # the part after a comma was a patronymic, not a class
            name, detail = " ".join(text.split()), ""
            found = self.candidates(name)
        if not found and partial:
            key = normalise(text)
            found = [p for p in self.people if p.side in sides and key in normalise(p.label)]
            if len(found) > 1:
                listed = "; ".join(p.label for p in found[:3]) + ("…" if len(found) > 3 else "")
                return Lookup(None, f"«{text.strip()}» подходит к нескольким участникам "
                                    f"({listed}): выберите из списка или допишите имя.")
        if not found:
            return Lookup(None, f"«{name}» нет среди участников формирования пар.", unknown=True)
        on_side = [p for p in found if p.side in sides]
        if not on_side:
            other = found[0]
            wanted = " или ".join(SIDE_WORDS[s] for s in sides)
            return Lookup(None, f"«{other.name}» — {SIDE_WORDS[other.side]}, а здесь нужен "
                                f"{wanted}.")
        if len(on_side) > 1 and detail:
            key = detail_key(detail)
            narrowed = [p for p in on_side if detail_key(p.detail) == key]
            if narrowed:
                on_side = narrowed
        people = {p.person_id: p for p in on_side}
        if len(people) == 1:
            return Lookup(next(iter(people.values())))
        listed = "; ".join(p.label for p in list(people.values())[:5])
        hint = ("укажите класс или полное ФИО" if not detail
                else f"класс «{detail}» не помогает их различить, укажите полное ФИО")
        return Lookup(None, f"«{name}» подходит к нескольким участникам ({listed}): {hint}.")
