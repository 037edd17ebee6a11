"""A large, realistic mentee base for the benchmarks, written with Core bulk inserts.

`build_mentee_base(db, programme_id, n)` adds n pupils of one school, each with a mentee profile
in the programme and, for most of them, a consent. Names come from `demo_names` (fitting the
year of birth), classes 1–11 А–Г, key requests from the built-in kinds with a written request,
interests and subjects. The `search_key` columns are computed exactly as
`Person.refresh_search_key` and `MenteeProfile.refresh_search_key` compute them (the ORM's
before-flush hook does not run for a bulk insert). No guardians, pairs or mentors.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from mentordesk.model import (
    Consent,
    ConsentSigner,
    MenteeProfile,
    MenteeStatus,
    MentoringForm,
    Organisation,
    Person,
    PersonKind,
    PersonStatus,
    RequestKind,
)
from mentordesk.model.enums import InfoSource, Sex
from mentordesk.model.text import search_key
from mentordesk.services.database import Database
from mentordesk.services.demo_names import NamePicker

TODAY = date(2026, 10, 1)
REQUEST_TEXTS = {
    "Низкая мотивация": ("Не видит смысла в учёбе, пропускает уроки", "Снизился интерес к учёбе"),
    "Неуспеваемость": ("Неуспеваемость по математике", "Трудности с русским языком",
                       "Пробелы по физике после болезни"),
    "Адаптация": ("Пришёл из другой школы, трудно в новом классе", "Переезд, новый коллектив"),
    "ОВЗ": ("Нужна поддержка в учёбе и общении",),
    "ЗПР": ("Индивидуальная помощь с домашними заданиями",),
    "Группа риска": ("Состоит на внутришкольном учёте", "Конфликты со сверстниками"),
    "Одарённость": ("Хочет углублённо заниматься математикой", "Пишет стихи, ищет наставника"),
    "Подготовка к олимпиаде": ("Олимпиада по информатике", "Олимпиада по химии"),
    "Профориентация": ("Выбор профиля в 10 классе", "Интересуется IT-профессиями"),
    "Конфликтность": ("Частые конфликты с одноклассниками",),
}
INTERESTS = ("футбол", "шахматы", "рисование", "робототехника", "музыка", "чтение", "танцы",
             "волейбол", "программирование", "театр", "плавание", "фотография", "волонтёрство")
SUBJECTS = ("математика", "русский язык", "литература", "физика", "химия", "биология",
            "история", "английский язык", "информатика", "география")


def _stamp() -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"created_at": now, "updated_at": now}


def build_mentee_base(db: Database, programme_id: int, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    names = NamePicker(rng)
    with db.write() as s:
        org_id = s.scalar(select(Organisation.id).order_by(Organisation.id))
        kinds = [(k.id, k.name, k.sensitive) for k in s.scalars(select(RequestKind))
                 if k.name in REQUEST_TEXTS]
        form_id = s.scalar(select(MentoringForm.id).order_by(MentoringForm.id))
        first_id = (s.scalar(select(Person.id).order_by(Person.id.desc())) or 0) + 1
        persons, profiles, consents = [], [], []
        for i in range(n):
            pid = first_id + i
            grade = rng.randint(1, 11)
            born = date(TODAY.year - grade - 7, 1, 1) + timedelta(days=rng.randint(0, 364))
            male = rng.random() < 0.5
            last, first, patronymic = names.full(male, born.year)
            group = f"{grade}{rng.choice('АБВГ')}"
            persons.append({
                **_stamp(), "id": pid, "organisation_id": org_id, "last_name": last,
                "first_name": first, "patronymic": patronymic,
                "sex": Sex.MALE if male else Sex.FEMALE, "birth_date": born,
                "kind": PersonKind.PUPIL, "status": PersonStatus.ACTIVE,
                "phone": f"8912{rng.randint(1000000, 9999999)}", "email": "", "address": "",
                "group_name": group, "grade": grade, "course": None, "specialty": "",
                "department": "", "study_form": "", "place": "", "position": "",
                "hire_date": None, "experience_years": None, "qualification": "",
                "attestation_date": None, "name_forms": None, "notes": "",
                "search_key": search_key(last, first, patronymic, group, "", "", ""),
            })
            kind_id, kind_name, sensitive = rng.choice(kinds)
            request = rng.choice(REQUEST_TEXTS[kind_name])
            interests = rng.sample(INTERESTS, rng.randint(1, 3))
            subjects = rng.sample(SUBJECTS, rng.randint(0, 2))
            disability = rng.random() < 0.03
            profiles.append({
                **_stamp(), "person_id": pid, "programme_id": programme_id,
                "request_kind_id": kind_id, "request_text": request, "interests": interests,
                "subjects": subjects, "has_disability": disability,
                "info_source": rng.choice(list(InfoSource)),
                "entered_on": date(2026, 9, 1) + timedelta(days=rng.randint(0, 29)),
                "status": rng.choice((MenteeStatus.NEW, MenteeStatus.WAITING)),
                "form_id": form_id, "role_model_id": None, "meeting_times": [], "results": "",
                "case_link": "",
                "search_key": search_key(kind_name, request, *interests, *subjects),
            })
            luck = rng.random()
            if luck < 0.93:  # 7 % have none; of the rest a few expired or withdrawn
                signed = date(2026, 9, 1) - timedelta(days=rng.randint(0, 400))
                consents.append({
                    **_stamp(), "person_id": pid, "signer": ConsentSigner.GUARDIAN,
                    "guardian_id": None, "guardian_name": names.surname(False),
                    "signed_on": signed, "scope": "ФИО, дата рождения, класс",
                    "special_category": (disability or sensitive) and luck < 0.85,
                    "valid_until": signed + timedelta(days=90) if luck > 0.90 else None,
                    "withdrawn_on": TODAY - timedelta(days=3) if 0.88 < luck <= 0.90 else None,
                    "document_ref": f"№ {i + 1}",
                })
        s.execute(insert(Person), persons)
        s.execute(insert(MenteeProfile), profiles)
        s.execute(insert(Consent), consents)
