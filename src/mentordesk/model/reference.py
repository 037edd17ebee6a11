"""Reference data that ships with the app and the curator can edit (DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import PersonKind as K


@dataclass(frozen=True)
class RoleModelSeed:
    name: str
    same_age_allowed: bool = False
    younger_mentor_allowed: bool = False


@dataclass(frozen=True)
class FormSeed:
    name: str
    mentor_kinds: tuple[K, ...]
    mentee_kinds: tuple[K, ...]
    role_models: tuple[RoleModelSeed, ...]


_PEER = (
    RoleModelSeed("успевающий – неуспевающий"),
    RoleModelSeed("лидер – пассивный"),
    RoleModelSeed("равный – равному", same_age_allowed=True),
    RoleModelSeed("адаптированный – неадаптированный", same_age_allowed=True),
)
_TEACHERS = (
    RoleModelSeed("опытный учитель – молодой специалист"),
    RoleModelSeed("лидер педагогического сообщества – педагог, испытывающий проблемы"),
    RoleModelSeed("педагог-новатор – консервативный педагог", same_age_allowed=True,
                  younger_mentor_allowed=True),
    RoleModelSeed("опытный предметник – неопытный предметник"),
)
_EMPLOYER = (
    RoleModelSeed("активный профессионал – равнодушный потребитель"),
    RoleModelSeed("успешный профессионал – студент, выбирающий профессию"),
    RoleModelSeed("коллега – будущий коллега"),
    RoleModelSeed("работодатель – будущий сотрудник"),
)

FORMS: tuple[FormSeed, ...] = (
    FormSeed("ученик – ученик", (K.PUPIL,), (K.PUPIL,), _PEER),
    FormSeed("учитель – учитель", (K.TEACHER,), (K.TEACHER,), _TEACHERS),
    FormSeed("студент – ученик", (K.STUDENT,), (K.PUPIL,), (
        RoleModelSeed("успешный студент – пассивный ученик"),
        RoleModelSeed("студент-лидер – ученик, выбирающий профессию"),
    )),
    FormSeed("работодатель – ученик", (K.EMPLOYER,), (K.PUPIL,), _EMPLOYER),
    FormSeed("педагог – ученик", (K.TEACHER,), (K.PUPIL,), (
        RoleModelSeed("педагог – неуспевающий ученик"),
        RoleModelSeed("педагог – одарённый ученик"),
        RoleModelSeed("педагог – ученик, выбирающий профессию"),
    )),
    FormSeed("родитель – ученик", (K.PARENT,), (K.PUPIL,), (
        RoleModelSeed("активный родитель – пассивный ученик"),
    )),
    FormSeed("выпускник – ученик", (K.GRADUATE,), (K.PUPIL,), (
        RoleModelSeed("выпускник – ученик, выбирающий профессию"),
    )),
    FormSeed("преподаватель – студент", (K.TEACHER,), (K.STUDENT,), (
        RoleModelSeed("опытный учитель – неуспевающий студент"),
        RoleModelSeed("опытный воспитатель – недисциплинированный студент"),
        RoleModelSeed("специалист по трудоустройству – выпускник"),
    )),
    FormSeed("студент – студент", (K.STUDENT,), (K.STUDENT,), _PEER),
    FormSeed("работодатель – студент", (K.EMPLOYER,), (K.STUDENT,), _EMPLOYER),
    FormSeed("преподаватель – преподаватель", (K.TEACHER,), (K.TEACHER,), _TEACHERS),
)

# (name, sensitive): sensitive kinds are a special category of personal data.
REQUEST_KINDS: tuple[tuple[str, bool], ...] = (
    ("Низкая мотивация", False),
    ("Неуспеваемость", False),
    ("Адаптация", False),
    ("ОВЗ", True),
    ("ЗПР", True),
    ("Группа риска", True),
    ("Одарённость", False),
    ("Подготовка к олимпиаде", False),
    ("Профориентация", False),
    ("Конфликтность", False),
    ("Молодой специалист", False),
    ("Профессиональный дефицит", False),
    ("Новый сотрудник", False),
)

# Request kind → the mentor competences that answer it: the matcher's editable map.
REQUEST_COMPETENCES: dict[str, tuple[str, ...]] = {
    "Низкая мотивация": ("повышение учебной мотивации", "вовлечение во внеурочную деятельность"),
    "Неуспеваемость": ("ликвидация пробелов в знаниях", "подготовка к ВПР", "подготовка к ОГЭ",
                       "подготовка к ЕГЭ"),
    "Адаптация": ("адаптация в коллективе", "психолого-педагогическая поддержка",
                  "развитие коммуникативных навыков"),
    "ОВЗ": ("работа с детьми с ОВЗ", "психолого-педагогическая поддержка"),
    "ЗПР": ("работа с детьми с ОВЗ", "психолого-педагогическая поддержка",
            "ликвидация пробелов в знаниях"),
    "Группа риска": ("профилактика правонарушений", "повышение учебной мотивации",
                     "психолого-педагогическая поддержка"),
    "Одарённость": ("подготовка к олимпиадам", "исследовательская деятельность",
                    "проектная деятельность"),
    "Подготовка к олимпиаде": ("подготовка к олимпиадам", "олимпиадная подготовка",
                               "исследовательская деятельность"),
    "Профориентация": ("профориентация", "профессиональные пробы"),
    "Конфликтность": ("медиация и разрешение конфликтов", "развитие коммуникативных навыков"),
    "Молодой специалист": ("методическое сопровождение молодых педагогов", "анализ урока",
                           "формирующее оценивание", "классное руководство"),
    "Профессиональный дефицит": ("методическое сопровождение молодых педагогов", "анализ урока",
                                 "формирующее оценивание"),
    "Новый сотрудник": ("методическое сопровождение молодых педагогов", "классное руководство"),
}
