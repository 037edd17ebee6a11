"""Phrases the documents build around names: a post in the dative, a pupil's class, the
programme's name inside a sentence.

pytrovich declines names, not posts. A post is declined here by a small rule set that covers
the heads of school and work posts: the leading adjectives and the head noun change, the rest
(«директора по воспитательной работе», «4 курса», «ОБЗР») stays as it is:

    post_dative("заместитель директора по воспитательной работе")
        -> "заместителю директора по воспитательной работе"
    post_dative("педагог-психолог") -> "педагогу-психологу"
    post_dative("художественный руководитель") -> "художественному руководителю"
    post_dative("медицинская сестра") -> "медицинской сестре"

When the head is not recognised the function returns None, and the caller leaves the post out
rather than print it in the wrong case.
"""

from __future__ import annotations

import re

# Adjectives and participles that name a post by themselves («вожатая», «заведующий
# библиотекой», «исполняющий обязанности директора»): declined, and nothing after them is.
_SUBSTANTIVES = frozenset({
    "вожатый", "вожатая", "заведующий", "заведующая", "управляющий", "управляющая",
    "дежурный", "дежурная", "исполняющий", "исполняющая", "ответственный", "ответственная",
    "уполномоченный", "уполномоченная",
})
# Words before the head that do not change («временно исполняющий обязанности…»).
_FIXED = frozenset({"временно", "и.", "и.о.", "врио"})
# Nouns with a fleeting vowel: продавец → продавцу.
_FLEETING = {"продавец": "продавцу", "боец": "бойцу", "кузнец": "кузнецу", "жрец": "жрецу"}
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
_VELARS = frozenset("гкх")
_SIBILANTS = frozenset("жшчщ")
_WORD = re.compile(r"^[а-яё]+$")


def _adjective_dative(word: str) -> str | None:
    """The dative of an adjective or participle in the nominative, else None."""
    low = word.lower()
    if len(low) < 4:
        return None
    if low.endswith("ая"):  # старшая → старшей, ведущая → ведущей, главная → главной
        return word[:-2] + ("ей" if low[-3] in _SIBILANTS else "ой")
    if low.endswith("яя"):
        return word[:-2] + "ей"
    if low.endswith(("ый", "ой")):
        return word[:-2] + "ому"
    if low.endswith("ий"):
        return word[:-2] + ("ому" if low[-3] in _VELARS else "ему")
    return None


def _noun_dative(word: str) -> str | None:
    """The dative of a post's head noun in the nominative (a masculine noun in a consonant
    or -ь, a feminine one in -а/-я), else None."""
    low = word.lower()
    if not _WORD.match(low) or len(low) < 3:
        return None
    if low in _FLEETING:
        return word[:1] + _FLEETING[low][1:]
    if low[-1] in _CONSONANTS:
        return word + "у"
    if low.endswith("ь"):
        return word[:-1] + "ю"
    if low.endswith("ия"):
        return word[:-1] + "и"
    if low.endswith(("а", "я")):
        return word[:-1] + "е"
    return None


def _head_dative(word: str) -> str | None:
    """A head noun, hyphenated ones part by part: «педагог-психолог» → «педагогу-психологу»."""
    parts = word.split("-")
    declined = [_noun_dative(p) for p in parts]
    if any(d is None for d in declined):
        return None
    return "-".join(d for d in declined if d is not None)


def post_dative(post: str) -> str | None:
    """The post in the dative («учитель математики» → «учителю математики»), or None when
    its head is not one the rules know."""
    words = post.split()
    if not words:
        return None
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if low in _FIXED:
            out.append(word)
            continue
        if low in _SUBSTANTIVES:
            declined = _adjective_dative(word)
            return None if declined is None else " ".join([*out, declined, *words[i + 1:]])
        adjective = _adjective_dative(word) if "-" not in word else None
        if adjective is not None:
            out.append(adjective)
            if i + 1 == len(words):  # «ведущая», «дежурный»: the adjective is the head
                return " ".join(out)
            continue
        head = _head_dative(word)
        if head is None:
            return None
        return " ".join([*out, head, *words[i + 1:]])
    return None


def pupil_phrase(class_name: str, female: bool | None, case: str = "nominative") -> str:
    """«обучающийся 9Б класса» (nominative) or «обучающейся 9Б класса» (dative); when the sex
    is unknown, «9Б класс» (which needs no case)."""
    if not class_name:
        return ""
    if female is None:
        return f"{class_name} класс"
    forms = {("nominative", False): "обучающийся", ("nominative", True): "обучающаяся",
             ("dative", False): "обучающемуся", ("dative", True): "обучающейся"}
    word = forms.get((case, female))
    if word is None:
        raise ValueError(f"case must be 'nominative' or 'dative', got {case!r}")
    return f"{word} {class_name} класса"


def student_phrase(group: str, female: bool | None, case: str = "nominative") -> str:
    """«студентка группы ИС-21» / «студенту группы ИС-21»; «группа ИС-21» when the sex is
    unknown."""
    if not group:
        return ""
    if female is None:
        return f"группа {group}"
    forms = {("nominative", False): "студент", ("nominative", True): "студентка",
             ("dative", False): "студенту", ("dative", True): "студентке"}
    word = forms.get((case, female))
    if word is None:
        raise ValueError(f"case must be 'nominative' or 'dative', got {case!r}")
    return f"{word} группы {group}"


_PROGRAMME_CASES = {"nominative": "программа", "genitive": "программы",
                    "accusative": "программу", "prepositional": "программе"}
_PROGRAMME_HEAD = "программа наставничества"


def programme_name(title: str, case: str) -> str:
    """The programme as a sentence names it: «программы наставничества «Вместе»», but a title
    that already starts with «Программа наставничества» is not repeated: «программы
    наставничества МБОУ СОШ № 7 на 2026/2027 учебный год»."""
    word = _PROGRAMME_CASES.get(case)
    if word is None:
        raise ValueError(f"unknown case {case!r}")
    title = title.strip()
    if title.lower().startswith(_PROGRAMME_HEAD):
        return word + title[len("программа"):]
    return f"{word} наставничества «{title}»"
