"""Enumerations of the domain, each value with its Russian label."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Enum as SAEnum


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a Russian label: Member = ("value", "Метка")."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return str(self.value)


def db_enum(enum_cls: type[enum.Enum], name: str) -> SAEnum:
    """Portable enum column type: a VARCHAR with a named CHECK constraint on every backend."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
    )


class OrgKind(LabelledEnum):
    SCHOOL = ("school", "Школа")
    COLLEGE = ("college", "Колледж / техникум")
    DISTRICT = ("district", "Районный методический центр")
    OTHER = ("other", "Другая организация")


class Sex(LabelledEnum):
    MALE = ("m", "мужской")
    FEMALE = ("f", "женский")


class PersonKind(LabelledEnum):
    PUPIL = ("pupil", "Обучающийся")
    STUDENT = ("student", "Студент")
    TEACHER = ("teacher", "Педагог")
    EMPLOYER = ("employer", "Представитель работодателя")
    PARENT = ("parent", "Родитель")
    GRADUATE = ("graduate", "Выпускник")


class PersonStatus(LabelledEnum):
    ACTIVE = ("active", "Активен")
    ARCHIVED = ("archived", "В архиве")
    LEFT = ("left", "Выбыл")


class MenteeStatus(LabelledEnum):
    NEW = ("new", "Новый")
    WAITING = ("waiting", "Ожидает пары")
    IN_PAIR = ("in_pair", "В паре")
    COMPLETED = ("completed", "Завершил программу")
    LEFT = ("left", "Выбыл")


class MentorStatus(LabelledEnum):
    CANDIDATE = ("candidate", "Кандидат")
    SELECTED = ("selected", "Отобран")
    TRAINED = ("trained", "Обучен")
    RESERVE = ("reserve", "Резерв")
    REJECTED = ("rejected", "Отклонён")


class InfoSource(LabelledEnum):
    CLASS_TEACHER = ("class_teacher", "Классный руководитель")
    PSYCHOLOGIST = ("psychologist", "Психолог")
    PARENTS = ("parents", "Родители")
    SELF = ("self", "Самозапись")
    ADMINISTRATION = ("administration", "Администрация")
    OTHER = ("other", "Другое")


class ConsentSigner(LabelledEnum):
    SELF = ("self", "Сам(а)")
    GUARDIAN = ("guardian", "Законный представитель")


class PairStatus(LabelledEnum):
    DRAFT = ("draft", "Черновик")
    APPROVED = ("approved", "Утверждена")
    ACTIVE = ("active", "Работает")
    COMPLETED = ("completed", "Завершена")
    CLOSED = ("closed", "Расформирована")


class MeetingKind(LabelledEnum):
    ACQUAINTANCE = ("acquaintance", "Встреча-знакомство")
    TRIAL = ("trial", "Пробная рабочая встреча")
    PLANNING = ("planning", "Встреча-планирование")
    REGULAR = ("regular", "Регулярная встреча")
    FINAL = ("final", "Итоговая встреча")


class PlanTitle(LabelledEnum):
    IPR = ("ipr", "Индивидуальный план развития")
    IOM = ("iom", "Индивидуальный образовательный маршрут")


class QuestionnairePurpose(LabelledEnum):
    MENTOR_CANDIDATE = ("mentor_candidate", "Анкета будущего наставника")
    MENTEE = ("mentee", "Анкета наставляемого")
    PREFERENCE = ("preference", "Анкета предпочтений после общей встречи")
    FEEDBACK = ("feedback", "Обратная связь после встречи")
    SATISFACTION_START = ("satisfaction_start", "Удовлетворённость: ожидания")
    SATISFACTION_END = ("satisfaction_end", "Удовлетворённость: итог")


class ItemKind(LabelledEnum):
    SCALE = ("scale", "Шкала")
    YES_NO = ("yes_no", "Да / нет")
    CHOICE = ("choice", "Выбор")
    TEXT = ("text", "Открытый вопрос")


class ConstraintKind(LabelledEnum):
    PIN = ("pin", "Закреплена куратором")
    FORBID = ("forbid", "Запрещена куратором")


class AwardKind(LabelledEnum):
    DIPLOMA = ("diploma", "Грамота «Лучший наставник»")
    THANKS = ("thanks", "Благодарственное письмо")
    THANKS_PARENTS = ("thanks_parents", "Благодарственное письмо родителям")
    CERTIFICATE = ("certificate", "Сертификат участника")
    BEST_PAIR = ("best_pair", "Лучшая пара")


class EventLevel(LabelledEnum):
    SCHOOL = ("school", "Школьный")
    MUNICIPAL = ("municipal", "Муниципальный")
    REGIONAL = ("regional", "Региональный")
    NATIONAL = ("national", "Всероссийский")
    INTERNATIONAL = ("international", "Международный")


class EventResult(LabelledEnum):
    PARTICIPANT = ("participant", "Участник")
    PRIZE = ("prize", "Призёр")
    WINNER = ("winner", "Победитель")


class IndicatorKind(LabelledEnum):
    SHARE = ("share", "Доля, %")
    COUNT = ("count", "Количество")
    CHANGE = ("change", "Динамика")
    MANUAL = ("manual", "Вводится вручную")


class AgreementKind(LabelledEnum):
    TARGETED = ("targeted", "Целевое обучение")
    DUAL = ("dual", "Дуальное обучение")
    PRACTICE = ("practice", "Практическая подготовка")
    OTHER = ("other", "Другое")


class AuditAction(LabelledEnum):
    CREATE = ("create", "Создание")
    UPDATE = ("update", "Изменение")
    DELETE = ("delete", "Удаление")


def labels(enum_cls: type[LabelledEnum]) -> dict[str, str]:
    return {m.value: m.label for m in enum_cls}


def parse(enum_cls: type[LabelledEnum], value: Any) -> LabelledEnum:
    """Accept a member, its value or its Russian label."""
    if isinstance(value, enum_cls):
        return value
    text = str(value).strip()
    for m in enum_cls:
        if text == m.value or text.casefold() == m.label.casefold():
            return m
    raise ValueError(f"{value!r} is not a {enum_cls.__name__}")
