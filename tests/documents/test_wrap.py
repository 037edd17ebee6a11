"""Breaking words too wide for a table column: Russian hyphenation points, links cut after
their separators, and whole words in the PDF wherever they fit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from mentordesk.documents.fonts import register_fonts
from mentordesk.documents.pdf import DocumentBuilder
from mentordesk.documents.table_layout import cap_shares, share_out
from mentordesk.documents.wrap import break_long_words, hyphen_points, split_word


def _measure(size: float = 9):
    sans, _ = register_fonts()
    return lambda text: stringWidth(text, sans, size)


@pytest.mark.parametrize("word,allowed,forbidden", [
    ("Александровна", ["Алек|сандровна", "Алексан|дровна", "Александ|ровна"],
     ["А|лександровна", "Ал|ександровна", "Александровн|а"]),
    ("Ильинична", ["Ильи|нична", "Ильинич|на"], ["Иль|инична", "Ил|ьинична"]),
    ("Подъячев", ["По|дъячев"], ["Подъ|ячев", "Под|ъячев"]),
    ("Майская", ["Май|ская"], ["Ма|йская"]),
    ("Алла", ["Ал|ла"], ["А|лла", "Алл|а"]),
    ("классный", ["клас|сный"], ["кла|ссный"]),
    ("Фёдорович", ["Фё|дорович", "Фёдоро|вич"], ["Ф|ёдорович"]),
])
def test_hyphen_points(word: str, allowed: list[str], forbidden: list[str]) -> None:
    points = set(hyphen_points(word))
    for case in allowed:
        assert case.index("|") in points, case
    for case in forbidden:
        assert case.index("|") not in points, case


def test_every_piece_has_a_vowel_and_two_letters() -> None:
    for word in ("Константинович", "профориентационные", "Вениаминовна", "исследовательским",
                 "Черных", "Шевчук", "Гурко", "Станиславовна", "неадаптированный"):
        assert hyphen_points(word) or len(word) < 6, word
        for i in hyphen_points(word):
            for piece in (word[:i], word[i:]):
                assert len(piece) >= 2 and any(c in "аеёиоуыэюя" for c in piece.lower()), \
                    (word, piece)
            assert word[i] not in "ьъй", (word, i)


def test_split_word_fits_and_rejoins() -> None:
    measure = _measure()
    for word in ("Александровна", "Константинопольский", "педагог-библиотекарь",
                 "abramov.vr@school7-ozernogorsk.ru", "https://disk.yandex.ru/d/AbCdEf123456"):
        pieces = split_word(word, 40, measure)
        assert len(pieces) > 1
        assert all(measure(p) <= 40 for p in pieces), pieces
        hyphenated = [p for p in pieces[:-1] if p.endswith("-") and p[:-1] + "-" not in word]
        assert "".join(p[:-1] if p in hyphenated else p for p in pieces) == word
        if "@" in word or "/" in word:
            assert not hyphenated, pieces  # a link or an address gets no hyphen of ours
    assert split_word("Иванов", 40, measure) == ["Иванов"]


def test_break_long_words_touches_only_the_long_ones() -> None:
    measure = _measure()
    text = "Антонова Ульяна\nАлександровна, 7 «А» класс"
    assert break_long_words(text, 200, measure) is text
    broken = break_long_words(text, 45, measure)
    assert broken.startswith("Антонова Ульяна\n") and "Алек" in broken and "- " in broken
    assert broken.replace("- ", "") == text


def test_share_out_and_cap_shares() -> None:
    # Equal extra room for every column up to its wish: short wishes are met in full.
    assert share_out([10, 10, 10], [20, 50, 12], 60) == [20, 28, 12]
    assert share_out([10, 10], [15, 15], 100) == [15, 15]
    # An empty column gives its room to the others.
    capped = cap_shares([50, 50, 50], [10, 200, 200])
    assert capped[0] == 10 and capped[1] == capped[2] == 70
    assert sum(capped) == 150


def test_narrow_column_keeps_names_whole(tmp_path: Path) -> None:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    names = ["Антонова Ульяна Александровна", "Гусев Михаил Платонович",
             "Воробьёва Лариса Даниловна", "Константинопольский Вениамин Ярославович"]
    doc = DocumentBuilder(tmp_path / "t.pdf", "Список", orientation="landscape")
    doc.table(["ФИО", "Примечание", "Ещё", "И ещё", "Пусто"],
              [[n, "профориентационные мероприятия " * 3, "x", "y", ""] for n in names],
              col_widths=[1, 8, 3, 3, 3])
    pdf = doc.build()
    raw = subprocess.run([tool, "-raw", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    for name in names:
        assert all(word in raw.split() for word in name.split()), name
