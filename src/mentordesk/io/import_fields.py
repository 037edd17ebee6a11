"""What the columns of a school's export mean: the header row and the column mapping.

Real exports put a title («Список обучающихся МБОУ СОШ № 7 на 01.09.2026») above the table and
name their columns in many ways («ФИО», «Ф.И.О.», «Фамилия, имя, отчество»). The header row is
the one among the first rows whose cells best match the names we know; each of its cells is
then mapped to a field. The wizard shows both and lets the curator correct them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal

from openpyxl.utils import get_column_letter

from ..errors import ValidationError
from ..model.enums import LabelledEnum
from ..model.text import normalise

ImportKind = Literal["mentees", "mentors"]
KINDS: tuple[ImportKind, ...] = ("mentees", "mentors")
HEADER_SCAN_ROWS = 30


class Field(LabelledEnum):
    """A column the import understands; the label is what the wizard's mapping shows."""

    FULL_NAME = ("full_name", "ФИО")
    LAST_NAME = ("last_name", "Фамилия")
    FIRST_NAME = ("first_name", "Имя")
    PATRONYMIC = ("patronymic", "Отчество")
    GROUP = ("group", "Класс / группа")
    BIRTH_DATE = ("birth_date", "Дата рождения")
    SEX = ("sex", "Пол")
    PHONE = ("phone", "Телефон")
    EMAIL = ("email", "Эл. почта")
    CONTACTS = ("contacts", "Контакты (телефон, почта)")
    GUARDIAN = ("guardian", "Контакты родителей")
    ADDRESS = ("address", "Адрес")
    PLACE = ("place", "Место работы / учёбы")
    POSITION = ("position", "Должность")
    EXPERIENCE = ("experience", "Стаж, лет")
    COURSE = ("course", "Курс")
    SPECIALTY = ("specialty", "Специальность")
    DEPARTMENT = ("department", "Отделение")
    REQUEST = ("request", "Ключевой запрос")
    INFO_SOURCE = ("info_source", "Источник информации")
    INTERESTS = ("interests", "Интересы")
    SUBJECTS = ("subjects", "Предметы")
    COMPETENCES = ("competences", "Ключевые компетенции")
    ACHIEVEMENTS = ("achievements", "Достижения")
    CAPACITY = ("capacity", "Число наставляемых")
    MENTEE_AGE = ("mentee_age", "Желаемый возраст наставляемых")
    MEETING_TIMES = ("meeting_times", "Удобное время встреч")
    ENTERED_ON = ("entered_on", "Дата вхождения в программу")
    NOTES = ("notes", "Примечание")


# Field → 0-based column index; keys may be the fields or their values («full_name»).
ColumnMapping = Mapping[Field, int] | Mapping[str, int]
_BY_VALUE: dict[str, Field] = {str(f.value): f for f in Field}

COMMON_FIELDS = frozenset(Field) - {
    Field.REQUEST, Field.INFO_SOURCE, Field.COMPETENCES, Field.ACHIEVEMENTS, Field.CAPACITY,
    Field.MENTEE_AGE,
}
FIELDS_FOR: dict[ImportKind, frozenset[Field]] = {
    "mentees": COMMON_FIELDS | {Field.REQUEST, Field.INFO_SOURCE},
    "mentors": COMMON_FIELDS | {Field.COMPETENCES, Field.ACHIEVEMENTS, Field.CAPACITY,
                                Field.MENTEE_AGE},
}
# A header we recognise but do not import: it still tells the header row from a title.
IGNORED = "ignored"

_SYNONYMS: dict[Field | str, tuple[str, ...]] = {
    Field.FULL_NAME: (
        "ФИО", "Фамилия, имя, отчество", "Фамилия имя отчество", "Фамилия И.О.", "ФИО полностью",
        "ФИО обучающегося", "ФИО учащегося", "ФИО ученика", "ФИО студента", "ФИО педагога",
        "ФИО сотрудника", "ФИО работника", "ФИО участника", "Обучающийся", "Учащийся",
        "Ученик", "Студент", "Сотрудник", "Педагог",
    ),
    Field.LAST_NAME: ("Фамилия",),
    Field.FIRST_NAME: ("Имя",),
    Field.PATRONYMIC: ("Отчество",),
    Field.GROUP: ("Класс", "Кл", "Кл.", "Группа", "Класс/группа", "Класс (группа)",
                  "Учебная группа", "Класс, литера", "Класс обучения"),
    Field.BIRTH_DATE: ("Дата рождения", "Д.р.", "Д/р", "ДР", "Дата рожд.",
                       "Число, месяц, год рождения"),
    Field.SEX: ("Пол",),
    Field.PHONE: ("Телефон", "Контактный телефон", "Тел.", "Номер телефона", "Мобильный телефон",
                  "Сотовый телефон"),
    Field.EMAIL: ("E-mail", "Email", "Эл. почта", "Электронная почта", "Адрес электронной почты",
                  "Почта", "Эл. адрес"),
    Field.CONTACTS: ("Контакты", "Контактные данные", "Контактная информация"),
    Field.GUARDIAN: (
        "Контакты родителей", "Законный представитель", "Законные представители", "Родители",
        "Родитель", "ФИО родителя", "ФИО родителей", "Телефон родителей", "Телефон родителя",
        "Контакты законного представителя", "Контакты законных представителей",
        "Сведения о родителях", "Родитель (законный представитель)",
    ),
    Field.ADDRESS: ("Адрес", "Адрес проживания", "Домашний адрес"),
    Field.PLACE: ("Место работы", "Место учёбы", "Место работы/учёбы", "Место работы (учёбы)",
                  "Место работы, учёбы", "Организация"),
    Field.POSITION: ("Должность", "Занимаемая должность"),
    Field.EXPERIENCE: ("Стаж", "Педагогический стаж", "Педстаж", "Стаж работы"),
    Field.COURSE: ("Курс",),
    Field.SPECIALTY: ("Специальность", "Профессия", "Профессия/специальность"),
    Field.DEPARTMENT: ("Отделение",),
    Field.REQUEST: ("Запрос", "Ключевой запрос", "Основной запрос", "Образовательный запрос",
                    "Запрос наставляемого", "Проблема"),
    Field.INFO_SOURCE: ("Источник информации", "Источник", "Кто выявил", "Кем выявлен",
                        "Откуда информация"),
    Field.INTERESTS: ("Интересы", "Увлечения", "Хобби"),
    Field.SUBJECTS: ("Предметы", "Предмет", "Учебные предметы", "Любимые предметы",
                     "Преподаваемые предметы", "Преподаваемый предмет"),
    Field.COMPETENCES: ("Компетенции", "Ключевые компетенции", "Профессиональные компетенции"),
    Field.ACHIEVEMENTS: ("Достижения", "Важные достижения", "Значимые достижения"),
    Field.CAPACITY: ("Число наставляемых", "Количество наставляемых", "Сколько наставляемых",
                     "Максимум наставляемых"),
    Field.MENTEE_AGE: ("Желаемый возраст наставляемых", "Возраст наставляемых",
                       "Желаемый возраст"),
    Field.MEETING_TIMES: ("Удобное время встреч", "Время встреч", "Удобное время"),
    Field.ENTERED_ON: ("Дата вхождения", "Дата вхождения в программу", "Дата включения",
                       "Дата включения в программу", "Дата вступления в программу"),
    Field.NOTES: ("Примечание", "Примечания", "Комментарий", "Комментарии", "Особые отметки"),
    IGNORED: (
        "№", "№ п/п", "п/п", "Номер", "Возраст", "Полных лет", "Форма наставничества",
        "Ролевая модель", "Место реализации", "Срок реализации", "Результаты", "Результат",
        "Ссылка на кейс", "Ссылка на кейс/отзыв", "Отзыв", "Классный руководитель",
        "Кл. руководитель", "Кл. рук.", "Классный рук.", "Куратор группы",
        "Согласие", "Согласие на обработку", "Подпись", "Форма обучения",
        "Место работы/учёбы наставника", "Место работы наставника",
    ),
}
# The other side of the pair: in the mentee base «ФИО наставника» is not the person imported.
_OWN_NAME: dict[ImportKind, tuple[str, ...]] = {
    "mentees": ("ФИО наставляемого", "ФИО наставляемых", "Наставляемый"),
    "mentors": ("ФИО наставника", "Наставник"),
}
_OTHER_SIDE: dict[ImportKind, tuple[str, ...]] = {"mentees": _OWN_NAME["mentors"],
                                                  "mentors": _OWN_NAME["mentees"]}

_NON_WORD = re.compile(r"[\W_]+")
_TOTAL_WORDS = ("итого", "всего")


def header_words(text: object) -> tuple[str, ...]:
    """«Ф.И.О.» → (фио,), «Дата рождения (дд.мм.гггг)» → (дата, рождения, дд, мм, гггг).

    Runs of one-letter words are joined, so abbreviations written with dots or slashes
    («Ф.И.О.», «Д/р», «№ п/п») match however they are punctuated."""
    if not isinstance(text, str):
        return ()
    words = _NON_WORD.sub(" ", normalise(text).replace("№", " номер ")).split()
    out: list[str] = []
    letters = ""
    for w in words:
        if len(w) == 1:
            letters += w
            continue
        if letters:
            out.append(letters)
            letters = ""
        out.append(w)
    if letters:
        out.append(letters)
    return tuple(out)


def _table(kind: ImportKind | None) -> dict[tuple[str, ...], Field | str]:
    table: dict[tuple[str, ...], Field | str] = {}
    for field, names in _SYNONYMS.items():
        for name in names:
            table[header_words(name)] = field
    if kind is None:  # detecting the header: any name column counts
        for name in _OWN_NAME["mentees"] + _OWN_NAME["mentors"]:
            table[header_words(name)] = Field.FULL_NAME
    else:
        for name in _OWN_NAME[kind]:
            table[header_words(name)] = Field.FULL_NAME
        for name in _OTHER_SIDE[kind]:
            table[header_words(name)] = IGNORED
    return table


_TABLES: dict[ImportKind | None, dict[tuple[str, ...], Field | str]] = {
    k: _table(k) for k in (None, *KINDS)
}


def classify_header(text: object, kind: ImportKind | None = None) -> tuple[Field | str, bool] | None:
    """The field a header cell names and whether the match was exact; None when unknown.

    An inexact match is the longest known name the header starts with, word by word:
    «Телефон (мобильный)» is a phone, «Классный руководитель» is not a class. Under a name
    column's title, a known column name decides: «Наставник: Должность» (a header combined
    from two rows) is the mentor's post in the mentor base."""
    words = header_words(text)
    if not words:
        return None
    table = _TABLES[kind]
    if words in table:
        return table[words], True
    for n in range(len(words) - 1, 0, -1):
        field = table.get(words[:n])
        if field is not None:
            rest = table.get(words[n:])
            if field is Field.FULL_NAME and rest is not None and rest is not Field.FULL_NAME:
                return rest, False
            return field, False
    return None


def has_name_columns(fields: Sequence[Field | str]) -> bool:
    return Field.FULL_NAME in fields or (Field.LAST_NAME in fields and Field.FIRST_NAME in fields)


def header_fields(row: Sequence[object]) -> list[Field | str]:
    return [c[0] for c in (classify_header(cell) for cell in row) if c is not None]


def detect_header(rows: Sequence[Sequence[object]]) -> int:
    """The spreadsheet row number (1-based) of the header: among the first rows that name a
    person's name column, the one where most cells are known column names. A header written
    over two rows counts as its lower row, where `combine_header_rows` put the whole of it."""
    best_row, best_score = 0, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = header_fields(row)
        if not has_name_columns(found):
            continue
        score = len(found)
        if score > best_score or (score == best_score and index == best_row):
            best_row, best_score = index + 1, score  # a tie goes to the lower of two rows
    if not best_row:
        raise ValidationError(NO_HEADER)
    return best_row


NO_HEADER = (
    f"Не найдена строка заголовков: в первых {HEADER_SCAN_ROWS} строках листа нет столбца "
    "«ФИО» (или столбцов «Фамилия» и «Имя»). Проверьте, что выбран нужный лист и что над "
    "списком есть строка с названиями столбцов."
)


def combine_header_rows(rows: Sequence[Sequence[object]]) -> tuple[tuple[object, ...], ...]:
    """The rows, with a header written over two rows combined into its lower row.

    «ФИО» above «Фамилия», «Имя», «Отчество», and «Класс» or «Дата рождения» merged down both
    rows (or written in the upper row only): the lower row becomes «Класс», «Фамилия», «Имя»,
    «Отчество», «Дата рождения». A title that owns its columns is kept in front of them:
    «Родители» above «ФИО» and «Телефон» gives «Родители: ФИО», «Родители: Телефон»."""
    out = tuple(tuple(r) for r in rows)
    for index in range(min(HEADER_SCAN_ROWS, len(out)) - 1):
        combined = _combined_header(out[index], out[index + 1])
        if combined is not None:
            return out[:index + 1] + (combined,) + out[index + 2:]
    return out


def _combined_header(upper: Sequence[object], lower: Sequence[object]) -> tuple[object, ...] | None:
    titles = {_norm(cell) for cell in upper if _text(cell)}
    spanned = sum(1 for cell in upper if _text(cell))
    if len(titles) == 1 and spanned >= sum(1 for cell in lower if _text(cell)):
        return None  # one title across the whole table («Наставляемые 7-х классов»)
    known_upper = sum(1 for cell in upper if classify_header(cell) is not None)
    if known_upper < 2 and not any(_is_group_title(cell) for cell in upper):
        return None
    new = [(i, cell) for i, cell in enumerate(lower) if _text(cell)
           and _norm(cell) != _norm(upper[i] if i < len(upper) else None)]
    known_new = sum(1 for _, cell in new if classify_header(cell) is not None)
    if known_new < 2 or known_new * 2 < len(new):
        return None
    width = max(len(upper), len(lower))
    cells = tuple(_combine_cell(upper[i] if i < len(upper) else None,
                                lower[i] if i < len(lower) else None) for i in range(width))
    found = header_fields(cells)
    if not has_name_columns(found) or len(set(found)) < len(set(header_fields(upper))):
        return None
    return cells


def _combine_cell(upper: object, lower: object) -> object:
    if not _text(lower):
        return upper
    if not _text(upper) or _norm(upper) == _norm(lower) or not _is_group_title(upper):
        return lower
    return f"{_text(upper)}: {_text(lower)}"


def _is_group_title(cell: object) -> bool:
    """A title whose columns belong to someone else: the parents, or the other side."""
    words = header_words(cell)
    if not words:
        return False
    found = classify_header(cell)
    return (found is not None and found[0] == Field.GUARDIAN) or (
        words[0] in _OWNER_WORDS and len(words) <= 3)


_OWNER_WORDS = frozenset({"наставник", "наставника", "наставники", "наставников",
                          "наставляемый", "наставляемого", "наставляемые", "наставляемых"})


def _text(cell: object) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def _norm(cell: object) -> tuple[str, ...]:
    return header_words(cell) if isinstance(cell, str) else (_text(cell),)


def auto_map(header_cells: Sequence[object], kind: ImportKind) -> dict[Field, int]:
    """Field → 0-based column index for the header cells we recognise. An exact name wins over
    a longer header that merely starts with it; otherwise the leftmost column wins."""
    kind = check_kind(kind)
    allowed = FIELDS_FOR[kind]
    chosen: dict[Field, tuple[bool, int]] = {}
    for index, cell in enumerate(header_cells):
        found = classify_header(cell, kind)
        if found is None:
            continue
        field, exact = found
        if not isinstance(field, Field) or field not in allowed:
            continue
        if field not in chosen or (exact and not chosen[field][0]):
            chosen[field] = (exact, index)
    mapping = {field: index for field, (_, index) in chosen.items()}
    if Field.FULL_NAME in mapping and Field.LAST_NAME in mapping and Field.FIRST_NAME in mapping:
        del mapping[Field.FULL_NAME]  # three columns are the cleaner source
    return mapping


def check_kind(kind: str) -> ImportKind:
    if kind not in KINDS:
        raise ValidationError(
            f"Неизвестный вид импорта «{kind}»: укажите mentees (наставляемые) "
            "или mentors (наставники)."
        )
    return kind


def field_of(key: str) -> Field:
    """The field named by its value («full_name»), as a mapping edited elsewhere keys it."""
    field = _BY_VALUE.get(str(key.value) if isinstance(key, Field) else key)
    if field is None:
        raise ValidationError(f"Неизвестное поле «{key}» в сопоставлении столбцов.")
    return field


def check_mapping(mapping: ColumnMapping, kind: ImportKind, width: int) -> dict[Field, int]:
    """A mapping edited by the curator, checked: known fields, real columns, a name column."""
    allowed = FIELDS_FOR[kind]
    result: dict[Field, int] = {}
    for key, index in mapping.items():
        field = field_of(key)
        if field not in allowed:
            continue
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < max(width, 1):
            raise ValidationError(
                f"Поле «{field.label}» сопоставлено со столбцом, которого нет в таблице."
            )
        result[field] = index
    if not has_name_columns(list(result)):
        raise ValidationError(
            "Укажите, в каком столбце ФИО (или в каких столбцах фамилия и имя): "
            "без них людей загрузить нельзя."
        )
    return result


def column_title(header_cells: Sequence[object], index: int) -> str:
    """The header text of a column as the curator sees it, or its letter when it has none."""
    cell = header_cells[index] if index < len(header_cells) else None
    text = " ".join(str(cell).split()) if cell is not None else ""
    return text or get_column_letter(index + 1)


def is_total_line(row: Sequence[object]) -> bool:
    """«Итого: 12», «Всего обучающихся — 25»: the end of the table in school exports."""
    for cell in row:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        words = header_words(cell) if isinstance(cell, str) else ()
        return bool(words) and words[0] in _TOTAL_WORDS
    return False
