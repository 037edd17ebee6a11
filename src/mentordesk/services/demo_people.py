"""Making the demonstration school's people: staff and pupils whose names, classes, ages,
стаж and categories agree, and parents. Pure Python: nothing is written here."""

from __future__ import annotations

import random
from datetime import timedelta

from ..model import Person, PersonKind, Sex
from .demo_data import CATEGORIES, Post
from .demo_names import NamePicker, father_name_of, female_surname, male_surname_of, translit
from .demo_orgs import STREETS
from .demo_plan import (
    LETTERS,
    OrgPlan,
    Staff,
    Timeline,
    apportion,
    birth_for_age,
    pupil_birth,
    shift_years,
)

# --- People ----------------------------------------------------------------------------------


class PeopleMaker:
    """Draws people: names fit the sex and the year of birth, pupils' ages fit their class."""

    def __init__(self, rng: random.Random, tl: Timeline) -> None:
        self.rng = rng
        self.tl = tl
        self.names = NamePicker(rng)

    def phone(self) -> str:
        r = self.rng
        return (f"+7 (9{r.randint(0, 9)}{r.randint(0, 9)}) {r.randint(100, 999)}-"
                f"{r.randint(10, 99)}-{r.randint(10, 99)}")

    def address(self, city: str) -> str:
        return f"{city}, {self.rng.choice(STREETS)}, д. {self.rng.randint(1, 60)}, " \
               f"кв. {self.rng.randint(1, 90)}"

    def email(self, p: Person, domain: str, used: set[str]) -> str:
        base = f"{translit(p.last_name)}.{translit(p.first_name)[0]}{translit(p.patronymic)[0]}"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}{n}"
        used.add(name)
        return f"{name}@{domain}"

    def pupils(self, op: OrgPlan, total: int, class_size: float) -> None:
        rng, start = self.rng, self.tl.start
        weights = [1.1 if g <= 4 else 1.0 if g <= 9 else 0.6 for g in range(1, 12)]
        for grade, size in zip(range(1, 12), apportion(total, weights), strict=True):
            k = size / class_size
            n = max(1, min(len(LETTERS), int(k) + (1 if rng.random() < k - int(k) else 0)))
            for letter, count in zip(LETTERS, apportion(size, [1.0] * n), strict=False):
                for _ in range(count):
                    male = rng.random() < 0.5
                    born = pupil_birth(rng, start, grade)
                    last, first, patr = self.names.full(male, born.year)
                    op.pupils.append(Person(
                        organisation=op.org, kind=PersonKind.PUPIL, last_name=last,
                        first_name=first, patronymic=patr, sex=Sex.MALE if male else Sex.FEMALE,
                        birth_date=born, group_name=f"{grade}{letter}",
                        grade=grade,
                        phone=self.phone() if grade >= 5 and rng.random() < 0.6 else "",
                    ))

    def staff(self, op: OrgPlan, posts: tuple[Post, ...], scale: float, n_young: int) -> None:
        rng = self.rng
        slots: list[Post] = []
        for post in posts:
            n = post.count if post.role not in ("primary", "subject") else \
                max(1, round(post.count * scale))
            slots.extend([post] * n)
        teaching = [i for i, p in enumerate(slots) if p.role in ("primary", "subject")
                    and p.subjects[0] not in ("музыка", "ОБЗР")]
        young = set(rng.sample(teaching, min(n_young, len(teaching))))
        used: set[str] = set()
        for i, post in enumerate(slots):
            male_share = {"director": 0.45, "curator": 0.2}.get(post.role, 0.12)
            if post.subjects and post.subjects[0] in ("физическая культура", "технология", "ОБЗР"):
                male_share = 0.6
            age = self.career_age(young=i in young, min_age={
                "director": 40, "deputy": 35, "curator": 33}.get(post.role, 27))
            person = self.adult(op, male=rng.random() < male_share, kind=PersonKind.TEACHER,
                                age=age)
            person.position = post.position
            self.career(person, young=i in young)
            person.email = self.email(person, op.text.domain, used)
            op.staff.append(Staff(person, post.role, post.subjects, young=i in young))

    def adult(self, op: OrgPlan, male: bool, kind: PersonKind, age: int | None = None) -> Person:
        age = age if age is not None else self.rng.randint(28, 62)
        born = birth_for_age(self.rng, self.tl.today, age)
        last, first, patr = self.names.full(male, born.year)
        return Person(
            organisation=op.org, kind=kind, last_name=last, first_name=first, patronymic=patr,
            sex=Sex.MALE if male else Sex.FEMALE, birth_date=born, phone=self.phone(),
        )

    def career_age(self, young: bool, min_age: int) -> int:
        return 22 + self.rng.randint(0, 5) if young else self.rng.randint(min_age, 63)

    def career(self, p: Person, young: bool) -> None:
        """Hire date, стаж and category agreeing with the age; a young specialist has worked
        less than three years."""
        rng, start = self.rng, self.tl.start
        age = p.age_on(self.tl.today) or 30
        if young:
            exp = max(0, min(2, age - 23))
            p.hire_date = shift_years(start, -exp) - timedelta(days=rng.randint(1, 8))
            p.qualification = "без категории"
        else:
            exp = max(3, min(42, age - 22 - rng.randint(0, 4)))
            p.hire_date = shift_years(start, -rng.randint(1, exp)) - \
                timedelta(days=rng.randint(1, 10))
            if exp >= 15:
                p.qualification = "высшая" if rng.random() < 0.6 else "первая"
            else:
                p.qualification = rng.choice(CATEGORIES)
            p.attestation_date = self.tl.today - timedelta(days=rng.randint(60, 5 * 365 - 30))
        p.experience_years = exp

    def parent_of(self, op: OrgPlan, child: Person) -> tuple[Person, str]:
        """A parent with the child's family name; mothers more often than fathers. A father's
        first name is the one the child's patronymic comes from (Платон for Платонович)."""
        rng = self.rng
        male = rng.random() < 0.25
        family = male_surname_of(child.last_name)
        child_age = child.age_on(self.tl.today) or 10
        parent = self.adult(op, male, PersonKind.PARENT,
                            age=min(60, child_age + rng.randint(22, 38)))
        parent.last_name = family if male else female_surname(family)
        if male:
            parent.first_name = father_name_of(child.patronymic) or parent.first_name
        parent.address = self.address(op.text.city)
        return parent, "отец" if male else "мать"
