"""The draft of a mentee's development plan (ИПР or ИОМ) made when a pair is approved: a goal
and tasks from the key request, and the items every pair goes through (встреча-знакомство,
встреча-планирование, the series of regular meetings, a check in the middle, the итоговая
встреча), dated inside the pair's period. The curator edits it at stage 6.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import DevelopmentPlan, MenteeProfile, Pair, PlanItem, PlanTitle
from ..model.text import normalise
from .demo_data import SUBJECT_DATIVE  # the dative of school subjects: «по математике»

MONTHS = ("", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
          "сентябрь", "октябрь", "ноябрь", "декабрь")


@dataclass(frozen=True)
class ThemeText:
    goal: str
    tasks: tuple[str, ...]
    regular: tuple[str, str]  # the series of meetings: (activity, expected result)
    middle: tuple[str, str]  # the check in the middle of the period


THEMES: dict[str, ThemeText] = {
    "academic": ThemeText(
        "Ликвидировать пробелы {po_subj} и повысить успеваемость",
        ("выявить проблемные темы {po_subj}",
         "отработать проблемные темы на консультациях с наставником",
         "сформировать навыки самоконтроля и планирования подготовки"),
        ("Еженедельные консультации по проблемным темам", "Тетрадь ошибок, решённые задания"),
        ("Промежуточная проверочная работа", "Положительная динамика отметок")),
    "motivation": ThemeText(
        "Повысить учебную мотивацию и вовлечённость во внеурочную деятельность",
        ("определить личные цели на учебный год", "подобрать кружок или секцию по интересам",
         "сформировать привычку планировать учебную неделю"),
        ("Регулярные встречи: планирование учебной недели, дневник достижений",
         "Дневник достижений"),
        ("Совместный выбор кружка или секции", "Запись в объединение")),
    "risk": ThemeText(
        "Снизить риск школьной дезадаптации, вовлечь в позитивную деятельность",
        ("выстроить доверительные отношения с наставником",
         "вовлечь во внеурочную деятельность",
         "сократить пропуски без уважительной причины"),
        ("Еженедельные встречи, контроль посещаемости вместе с наставником",
         "Лист посещаемости"),
        ("Участие в волонтёрской акции или мероприятии школы", "Участие подтверждено")),
    "adaptation": ThemeText(
        "Помочь адаптироваться в новом классе и школьном коллективе",
        ("познакомить с правилами и традициями школы", "помочь найти друзей в классе",
         "вовлечь в кружок или секцию по интересам"),
        ("Регулярные встречи: традиции школы, подготовка к мероприятиям класса",
         "Участие в мероприятиях класса"),
        ("Анкетирование «Мне в классе»", "Анкета")),
    "special": ThemeText(
        "Обеспечить социализацию и включение в школьную жизнь",
        ("развить коммуникативные навыки", "включить во внеурочную деятельность",
         "поддержать в учебной деятельности"),
        ("Занятия по развитию коммуникативных навыков", "Посещено не менее 5 занятий"),
        ("Консультация педагога-психолога", "Рекомендации психолога")),
    "gifted": ThemeText(
        "Подготовиться к олимпиадам {po_subj} и развить исследовательские навыки",
        ("изучить олимпиадные темы {po_subj}", "принять участие в этапах ВсОШ",
         "выполнить исследовательский проект"),
        ("Занятия по олимпиадным темам", "Решено не менее 30 задач"),
        ("Участие в школьном этапе ВсОШ", "Результат этапа")),
    "career": ThemeText(
        "Определиться с профилем обучения и будущей профессией",
        ("выявить профессиональные интересы", "познакомиться с профессиями региона",
         "составить личный профессиональный план"),
        ("Встречи о профессиях и образовательных маршрутах, экскурсия на предприятие",
         "Отчёт об экскурсии"),
        ("Профессиональная проба", "Сертификат профпробы")),
    "conflict": ThemeText(
        "Развить коммуникативные навыки и научиться конструктивно разрешать конфликты",
        ("освоить приёмы конструктивного общения", "научиться работать в группе",
         "снизить число конфликтных ситуаций"),
        ("Тренинги общения, разбор конфликтных ситуаций в ролевой игре", "Дневник эмоций"),
        ("Консультация педагога-психолога", "Рекомендации психолога")),
    "teacher": ThemeText(
        "Обеспечить профессиональное становление педагога и адаптацию в коллективе",
        ("освоить требования к рабочей программе и документации",
         "овладеть приёмами управления классом", "провести открытый урок"),
        ("Взаимопосещение уроков, анализ и самоанализ урока", "Листы анализа урока"),
        ("Подготовка и проведение открытого урока", "Конспект открытого урока")),
    "general": ThemeText(
        "Оказать поддержку наставляемому в решении его ключевого запроса",
        ("уточнить запрос и ожидания от наставничества",
         "составить и выполнить план совместных действий",
         "оценить результаты и наметить дальнейшие шаги"),
        ("Регулярные встречи с наставником по плану", "Записи о встречах"),
        ("Промежуточная беседа: что получилось, что изменить", "Скорректированный план")),
}

# A request kind (built in, or one the curator added) → a theme, by the first stem it contains.
_STEMS = (("олимпиад", "gifted"), ("одарен", "gifted"), ("неуспева", "academic"),
          ("пробел", "academic"), ("мотивац", "motivation"), ("риск", "risk"),
          ("адаптац", "adaptation"), ("овз", "special"), ("зпр", "special"),
          ("профориент", "career"), ("професси", "career"), ("конфликт", "conflict"),
          ("специалист", "teacher"), ("дефицит", "teacher"), ("сотрудник", "teacher"),
          ("педагог", "teacher"))

PLAN_ACCUSATIVE = {PlanTitle.IPR: "индивидуальный план развития",
                   PlanTitle.IOM: "индивидуальный образовательный маршрут"}


@dataclass(frozen=True)
class ItemDraft:
    activity: str
    due_on: date
    due_text: str
    expected_result: str


@dataclass(frozen=True)
class PlanDraft:
    goal: str
    tasks: str
    items: tuple[ItemDraft, ...]


def theme_of(request_kind: str) -> str:
    key = normalise(request_kind)
    return next((theme for stem, theme in _STEMS if stem in key), "general")


def month_text(day: date) -> str:
    return f"{MONTHS[day.month].capitalize()} {day.year}"


def _po_subject(subjects: Sequence[str], theme: str) -> str:
    for subject in subjects:
        dative = SUBJECT_DATIVE.get(normalise(subject))
        if dative:
            return f"по {dative}"
    return "по профильному предмету" if theme == "gifted" else "по трудным предметам"


def working_end(start: date, end: date) -> date:
    """The last day for meetings: a school year's pairs stop at the end of May, when the
    period runs into the summer holidays and May leaves enough time after the start."""
    may = date(end.year, 5, 31)
    if end.month in (6, 7, 8) and may - start >= timedelta(days=60):
        return may
    return end


def draft_plan(request_kind: str, subjects: Sequence[str], starts_on: date, ends_on: date,
               title: PlanTitle = PlanTitle.IPR) -> PlanDraft:
    """Goal, tasks and 3–5 items for a plan running from `starts_on` to `ends_on`."""
    theme = theme_of(request_kind)
    texts = THEMES[theme]
    po_subj = _po_subject(subjects, theme)
    goal = texts.goal.format(po_subj=po_subj)
    tasks = "\n".join(f"{i}. {t.format(po_subj=po_subj)}" for i, t in enumerate(texts.tasks, 1))
    last = max(starts_on, working_end(starts_on, ends_on))
    span = (last - starts_on).days

    def at(share: float) -> date:
        return starts_on + timedelta(days=round(span * share))

    first_meeting = ItemDraft("Встреча-знакомство: ожидания от совместной работы, правила "
                              "взаимодействия", at(0.03), month_text(at(0.03)),
                              "Договорённость о формате и графике встреч")
    planning = ItemDraft("Встреча-планирование: цели, задачи, график встреч", at(0.07),
                         month_text(at(0.07)), f"Утверждённый {PLAN_ACCUSATIVE[title]}")
    final = ItemDraft("Итоговая встреча: подведение итогов, рефлексия, планы на будущее",
                      last, month_text(last), "Анкета удовлетворённости, отчёт о результатах")
    if span < 45:  # a short period: the three meetings every pair holds
        regular = ItemDraft(texts.regular[0], at(0.5), month_text(at(0.5)), texts.regular[1])
        return PlanDraft(goal, tasks, (first_meeting, regular, final))
    regular_from, regular_to = at(0.1), at(0.9)
    range_text = month_text(regular_from) if regular_from.month == regular_to.month and \
        regular_from.year == regular_to.year else \
        f"{month_text(regular_from)} – {MONTHS[regular_to.month]} {regular_to.year}"
    middle = ItemDraft(texts.middle[0], at(0.5), month_text(at(0.5)), texts.middle[1])
    regular = ItemDraft(texts.regular[0], regular_to, range_text, texts.regular[1])
    return PlanDraft(goal, tasks, (first_meeting, planning, middle, regular, final))


def plan_for(pair: Pair, mentee: MenteeProfile, title: PlanTitle) -> DevelopmentPlan:
    """A new DevelopmentPlan (not yet added to a session) for a member of an approved pair."""
    starts_on = pair.starts_on or pair.programme.starts_on
    ends_on = pair.ends_on or pair.programme.ends_on
    kind = mentee.request_kind.name if mentee.request_kind is not None else ""
    draft = draft_plan(kind or mentee.request_text, mentee.subjects or [], starts_on, ends_on,
                       title)
    plan = DevelopmentPlan(pair_id=pair.id, mentee_id=mentee.id, title=title, goal=draft.goal,
                           tasks=draft.tasks, starts_on=starts_on, ends_on=ends_on)
    plan.items = [PlanItem(position=i, activity=item.activity, due_on=item.due_on,
                           due_text=item.due_text, expected_result=item.expected_result)
                  for i, item in enumerate(draft.items, 1)]
    return plan
