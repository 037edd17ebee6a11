"""documents.wording (posts in the dative, a pupil's class, the programme in a sentence) and
the hyphenation rules that keep syllables and names whole (documents.wrap)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from mentordesk.documents.fonts import register_fonts
from mentordesk.documents.pdf import DocumentBuilder
from mentordesk.documents.wording import (
    post_dative,
    programme_name,
    pupil_phrase,
    student_phrase,
)
from mentordesk.documents.wrap import break_long_words, hyphen_points, split_word


@pytest.mark.parametrize("post,dative", [
    ("учитель математики", "учителю математики"),
    ("учитель начальных классов", "учителю начальных классов"),
    ("педагог-психолог", "педагогу-психологу"),
    ("учитель-логопед", "учителю-логопеду"),
    ("педагог-библиотекарь", "педагогу-библиотекарю"),
    ("социальный педагог", "социальному педагогу"),
    ("педагог дополнительного образования", "педагогу дополнительного образования"),
    ("преподаватель-организатор ОБЗР", "преподавателю-организатору ОБЗР"),
    ("заместитель директора по воспитательной работе",
     "заместителю директора по воспитательной работе"),
    ("советник директора по воспитанию", "советнику директора по воспитанию"),
    ("художественный руководитель", "художественному руководителю"),
    ("Директор", "Директору"),
    ("Исполняющий обязанности директора", "Исполняющему обязанности директора"),
    ("главный инженер", "главному инженеру"),
    ("медицинская сестра", "медицинской сестре"),
    ("старшая вожатая", "старшей вожатой"),
    ("заведующий библиотекой", "заведующему библиотекой"),
    ("младший воспитатель", "младшему воспитателю"),
    ("студент 4 курса", "студенту 4 курса"),
    ("продавец-консультант", "продавцу-консультанту"),
])
def test_post_dative(post: str, dative: str) -> None:
    assert post_dative(post) == dative


@pytest.mark.parametrize("post", ["ИП", "атташе", "", "CEO"])
def test_post_dative_unknown_is_none(post: str) -> None:
    assert post_dative(post) is None


def test_pupil_and_student_phrases() -> None:
    assert pupil_phrase("9Б", False) == "обучающийся 9Б класса"
    assert pupil_phrase("9Б", True) == "обучающаяся 9Б класса"
    assert pupil_phrase("9Б", False, "dative") == "обучающемуся 9Б класса"
    assert pupil_phrase("9Б", True, "dative") == "обучающейся 9Б класса"
    assert pupil_phrase("9Б", None, "dative") == "9Б класс"
    assert student_phrase("ИС-21", True, "dative") == "студентке группы ИС-21"
    with pytest.raises(ValueError):
        pupil_phrase("9Б", True, "genitive")


def test_programme_name_not_repeated() -> None:
    title = "Программа наставничества МБОУ СОШ № 7 на 2026/2027 учебный год"
    assert programme_name(title, "genitive") == \
        "программы наставничества МБОУ СОШ № 7 на 2026/2027 учебный год"
    assert programme_name(title, "accusative").startswith("программу наставничества МБОУ")
    assert programme_name("«Вместе»".strip("«»"), "prepositional") == \
        "программе наставничества «Вместе»"


@pytest.mark.parametrize("word,allowed,forbidden", [
    ("воспитательной", ["воспитатель|ной", "воспита|тельной"],
     ["воспитате|льной", "воспитател|ьной"]),
    ("исследовательским", ["исследователь|ским"], ["исследовательс|ким"]),
    ("мальчик", ["маль|чик"], ["ма|льчик"]),
    ("семья", ["се|мья"], []),
    ("Майская", ["Май|ская"], ["Майс|кая", "Ма|йская"]),
])
def test_syllables_are_not_torn(word: str, allowed: list[str], forbidden: list[str]) -> None:
    points = set(hyphen_points(word))
    for case in allowed:
        assert case.index("|") in points, case
    for case in forbidden:
        assert case.index("|") not in points, case


def _measure(size: float = 9):
    sans, _ = register_fonts()
    return lambda text: stringWidth(text, sans, size)


def test_names_break_only_at_their_own_hyphen() -> None:
    measure = _measure()
    assert split_word("Оглоблина-Сумарокова", 50, measure, hyphenate=False) == \
        ["Оглоблина-", "Сумарокова"]
    assert split_word("Константинопольский", 40, measure, hyphenate=False) == \
        ["Константинопольский"]
    names = {"Оглоблина-Сумарокова", "Дина"}
    text = "Оглоблина-Сумарокова Дина, воспитательной"
    broken = break_long_words(text, 40, measure, lambda w: w in names)
    assert "Оглоблина- Сумарокова" in broken
    assert "воспитатель- ной" in broken or "воспита- тельной" in broken


def test_a_name_in_any_column_is_never_hyphenated(tmp_path: Path) -> None:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    people = ["Оглоблина-Сумарокова Дина Вячеславовна", "Константинопольский Вениамин Ярославович"]
    doc = DocumentBuilder(tmp_path / "t.pdf", "Список", orientation="landscape")
    headers = ["ФИО", "Контакты", *(f"Столбец {n}" for n in range(1, 12))]
    rows = [[p, f"{p} (мать): +7 (912) 345-67-89",
             *("воспитательной исследовательским профориентационные" for _ in range(11))]
            for p in people]
    doc.table(headers, rows, col_widths=[1.4, 1.2, *([1.0] * 11)], keep_whole=(0,),
              names=people)
    pdf = doc.build()
    words = subprocess.run([tool, "-raw", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split()
    name_words = {w for p in people for w in p.split()}
    pieces = {"Оглоблина-", "Сумарокова"}
    for word in words:
        if word.endswith("-") and word not in pieces and word[:-1] not in ("+7",):
            assert not any(n.startswith(word[:-1]) for n in name_words), word
    assert "воспитате-" not in words and "исследовательс-" not in words
    assert any(w.endswith("-") and w[:-1].isalpha() for w in words)  # the others do break
