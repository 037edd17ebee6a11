"""Reference data: forms, role models, request kinds and questionnaire templates.

Seeded once into a new database (then the curator's to edit), so a form the curator
deleted on purpose does not come back at the next start.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..model import (
    AppMeta,
    ItemKind,
    MentoringForm,
    QuestionnaireItem,
    QuestionnairePurpose,
    QuestionnaireTemplate,
    RequestCompetence,
    RequestKind,
    RoleModel,
)
from ..model.events import CHANGE_TOKEN_KEY
from ..model.reference import FORMS, REQUEST_COMPETENCES, REQUEST_KINDS
from .database import Database

SEEDED_KEY = "reference_seeded"

SATISFACTION_ITEMS = (
    "Эффективность программы наставничества",
    "Комфорт общения с наставником / наставляемым",
    "Полезность встреч",
    "Успешность планирования и следования плану",
    "Поддержка куратора",
    "Удовлетворённость совместной работой",
)


@dataclass(frozen=True)
class FormInfo:
    id: int
    name: str
    role_models: tuple[tuple[int, str], ...]


def ensure_reference_data(db: Database) -> None:
    with db.write(actor="MentorDesk") as s:
        if s.get(AppMeta, CHANGE_TOKEN_KEY) is None:
            s.add(AppMeta(key=CHANGE_TOKEN_KEY, value=uuid.uuid4().hex))
        if s.get(AppMeta, SEEDED_KEY) is not None:
            return
        seed_reference(s)
        s.add(AppMeta(key=SEEDED_KEY, value="1"))


def seed_reference(s: Session) -> None:
    for i, seed in enumerate(FORMS):
        form = MentoringForm(
            name=seed.name,
            mentor_kinds=[k.value for k in seed.mentor_kinds],
            mentee_kinds=[k.value for k in seed.mentee_kinds],
            builtin=True,
            position=i,
        )
        form.role_models = [
            RoleModel(name=rm.name, same_age_allowed=rm.same_age_allowed,
                      younger_mentor_allowed=rm.younger_mentor_allowed, builtin=True, position=j)
            for j, rm in enumerate(seed.role_models)
        ]
        s.add(form)
    for i, (name, sensitive) in enumerate(REQUEST_KINDS):
        kind = RequestKind(name=name, sensitive=sensitive, builtin=True, position=i)
        s.add(kind)
        s.flush()
        s.add_all(RequestCompetence(request_kind_id=kind.id, competence=c)
                  for c in REQUEST_COMPETENCES.get(name, ()))
    for purpose, title in (
        (QuestionnairePurpose.SATISFACTION_START,
         "Анкета удовлетворённости (ожидания, в начале программы)"),
        (QuestionnairePurpose.SATISFACTION_END,
         "Анкета удовлетворённости (итог, в конце программы)"),
    ):
        template = QuestionnaireTemplate(title=title, purpose=purpose, audience="both", builtin=True)
        template.items = [
            QuestionnaireItem(position=i, text=text, kind=ItemKind.SCALE, scale_min=1, scale_max=10)
            for i, text in enumerate(SATISFACTION_ITEMS)
        ]
        template.items.append(QuestionnaireItem(
            position=len(SATISFACTION_ITEMS), text="Хотели бы вы продолжить работу в программе?",
            kind=ItemKind.YES_NO))
        template.items.append(QuestionnaireItem(
            position=len(SATISFACTION_ITEMS) + 1, text="Что бы вы изменили в программе?",
            kind=ItemKind.TEXT))
        s.add(template)


def list_forms(db: Database) -> list[FormInfo]:
    with db.read() as s:
        forms = s.scalars(
            select(MentoringForm).options(selectinload(MentoringForm.role_models))
            .order_by(MentoringForm.position, MentoringForm.name)
        ).all()
        return [FormInfo(f.id, f.name, tuple((r.id, r.name) for r in f.role_models)) for f in forms]


def list_request_kinds(db: Database) -> list[tuple[int, str, bool]]:
    with db.read() as s:
        rows = s.execute(
            select(RequestKind.id, RequestKind.name, RequestKind.sensitive)
            .order_by(RequestKind.position, RequestKind.name)
        ).all()
        return [(r[0], r[1], r[2]) for r in rows]
