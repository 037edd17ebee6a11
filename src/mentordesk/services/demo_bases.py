"""Making the demonstration school's two bases: the mentees and their requests, the mentors,
the consents, the selection, and the matching into pairs and groups; and the whole picture
of a school or a district. Pure Python: nothing is written here."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, timedelta

from ..model import ConsentSigner, InfoSource, MentorStatus, Organisation, Person, PersonKind, Sex
from ..model.enums import OrgKind
from .demo_data import (
    ACHIEVEMENTS_PARENT,
    ACHIEVEMENTS_PUPIL,
    ACHIEVEMENTS_TEACHER,
    CENTRE_POSTS,
    EMPLOYER_ACHIEVEMENTS,
    EMPLOYERS,
    FAVOURITE_SUBJECTS,
    FORM_OPTIONS,
    GAP_DETAILS,
    GAP_SUBJECTS,
    GAP_SUBJECTS_PRIMARY,
    GRADUATE_PLACES,
    INTERESTS_ADULT,
    INTERESTS_CHILD,
    INTERESTS_TEEN,
    MEETING_TIMES,
    MEETING_TIMES_EVENING,
    OLYMPIAD_COMPETENCE,
    OLYMPIAD_SUBJECTS,
    PARENT_JOBS,
    POSTS,
    PUPIL_REQUESTS,
    REQUEST_TEXTS,
    ROLE_COMPETENCES,
    SUBJECT_DATIVE,
    THEME_COMPETENCES,
)
from .demo_orgs import DISTRICT_CENTRE, DISTRICT_SCHOOLS, SCHOOL, OrgText
from .demo_people import PeopleMaker
from .demo_plan import (
    SENSITIVE,
    TEACHER_KINDS,
    ConsentPlan,
    MenteePlan,
    MentorPlan,
    OrgPlan,
    PairPlan,
    Staff,
    Timeline,
    World,
    apportion,
    exam_for,
    sexed,
    subject_fits,
    years_text,
)
from .demo_texts import (
    INTERVIEW_NOTE_NO_CONSENT,
    INTERVIEW_NOTE_REJECTED,
    INTERVIEW_NOTE_RESERVE,
    INTERVIEW_NOTES_OK,
)

# --- The two bases ---------------------------------------------------------------------------


class BaseMaker:
    """Chooses a school's mentees and mentors, their consents, and pairs them."""

    def __init__(self, rng: random.Random, tl: Timeline, people: PeopleMaker,
                 district: bool) -> None:
        self.rng = rng
        self.tl = tl
        self.people = people
        self.district = district

    # mentees -------------------------------------------------------------------------------

    def teacher_mentees(self, op: OrgPlan, n_mentees: int) -> list[tuple[Staff, str]]:
        rng = self.rng
        young = [s for s in op.staff if s.young]
        rng.shuffle(young)
        chosen: list[tuple[Staff, str]] = [(s, "Молодой специалист") for s in young[:-1]]
        others = [s for s in op.staff if not s.young and s.role in ("primary", "subject")
                  and 5 <= (s.person.experience_years or 0) <= 15]
        rng.shuffle(others)
        chosen += [(s, "Профессиональный дефицит") for s in others[:1]]
        if self.district:
            newcomer = others[1]
            newcomer.person.hire_date = self.tl.start - timedelta(days=rng.randint(2, 9))
            chosen.append((newcomer, "Новый сотрудник"))
        return chosen[: max(1, n_mentees // 10)]

    def mentees(self, op: OrgPlan, n_mentees: int, taken: set[int]) -> None:
        rng = self.rng
        for staff, kind in self.teacher_mentees(op, n_mentees):
            op.mentees.append(self.teacher_mentee(op, staff, kind))
            taken.add(id(staff.person))
        counts = apportion(n_mentees - len(op.mentees), [float(n) for _, n, _, _ in PUPIL_REQUESTS])
        by_grade: dict[int, list[Person]] = {}
        for p in op.pupils:
            assert p.grade is not None
            by_grade.setdefault(p.grade, []).append(p)
        for (kind, _, lo, hi), count in zip(PUPIL_REQUESTS, counts, strict=True):
            for _ in range(count):
                grades = list(range(lo, hi + 1))
                for _attempt in range(50):
                    pool = by_grade[rng.choice(grades)]
                    p = rng.choice(pool)
                    if id(p) not in taken:
                        break
                taken.add(id(p))
                op.mentees.append(self.pupil_mentee(op, p, kind))

    def pupil_mentee(self, op: OrgPlan, p: Person, kind: str) -> MenteePlan:
        rng = self.rng
        grade = p.grade or 1
        male = p.sex == Sex.MALE
        subject, gap = "", ""
        if kind in ("Неуспеваемость", "ЗПР", "ОВЗ"):
            pool = GAP_SUBJECTS_PRIMARY if grade <= 4 else GAP_SUBJECTS
            subject = rng.choice([s for s in pool if subject_fits(s, grade)])
            gap = rng.choice(GAP_DETAILS.get(subject, ("текущие темы",)))
        elif kind in ("Одарённость", "Подготовка к олимпиаде"):
            subject = rng.choice([s for s in OLYMPIAD_SUBJECTS if subject_fits(s, grade)])
        fav = [s for s in FAVOURITE_SUBJECTS if subject_fits(s, grade) and s != subject]
        subjects = ([subject] if subject else []) + rng.sample(fav, 1 if subject else 2)
        age = p.age_on(self.tl.today) or 10
        interests = rng.sample(INTERESTS_CHILD if age < 11 else INTERESTS_TEEN, rng.randint(2, 3))
        text = rng.choice(REQUEST_TEXTS[kind]).format(
            subj=SUBJECT_DATIVE.get(subject, subject), subj_nom=subject, exam=exam_for(grade),
            gap=gap, grade=grade, a="{a}", years="",
            pupil_word="Обучающийся" if male else "Обучающаяся")
        options = FORM_OPTIONS[kind]
        swap = {"Неуспеваемость": 0.5, "Низкая мотивация": 0.4, "Адаптация": 0.3,
                "Конфликтность": 0.4}.get(kind, 0.0)
        if len(options) > 1 and rng.random() < swap:
            options = (options[1], options[0], *options[2:])
        source = {
            "ОВЗ": InfoSource.PSYCHOLOGIST, "ЗПР": InfoSource.PSYCHOLOGIST,
            "Группа риска": InfoSource.ADMINISTRATION, "Подготовка к олимпиаде": InfoSource.SELF,
            "Одарённость": InfoSource.CLASS_TEACHER, "Профориентация": InfoSource.SELF,
            "Адаптация": InfoSource.PARENTS,
        }.get(kind, InfoSource.CLASS_TEACHER)
        if rng.random() < 0.2:
            source = rng.choice([InfoSource.CLASS_TEACHER, InfoSource.PARENTS, InfoSource.SELF])
        return MenteePlan(
            person=p, org=op, entered_day=rng.uniform(5, 38), subjects=subjects,
            interests=interests, meeting_times=[rng.choice(MEETING_TIMES)], kind=kind,
            request_text=sexed(text, male), info_source=source, has_disability=kind == "ОВЗ",
            options=options, age=age, subject=subject or subjects[0], gap=gap,
        )

    def teacher_mentee(self, op: OrgPlan, staff: Staff, kind: str) -> MenteePlan:
        rng = self.rng
        p = staff.person
        text = rng.choice(REQUEST_TEXTS[kind]).format(years=years_text(p.experience_years or 0))
        return MenteePlan(
            person=p, org=op, entered_day=rng.uniform(3, 20), subjects=list(staff.subjects[:2]),
            interests=rng.sample(INTERESTS_ADULT, 2), meeting_times=[rng.choice(MEETING_TIMES)],
            kind=kind, request_text=text, info_source=InfoSource.ADMINISTRATION,
            options=FORM_OPTIONS[kind], age=p.age_on(self.tl.today) or 25,
            subject=staff.subjects[0] if staff.subjects else "",
        )

    # mentors -------------------------------------------------------------------------------

    def mentors(self, op: OrgPlan, n_mentors: int, taken: set[int]) -> None:
        rng = self.rng
        teacher_mentees = [m for m in op.mentees if m.kind in TEACHER_KINDS]
        tt_cap = 3 if self.district else 2
        n_tt = max(1, math.ceil(len(teacher_mentees) / tt_cap))
        n_pupils = round(n_mentors * 0.2)
        externals = ["parent", "employer", "graduate"] if self.district else \
            ["parent", "parent", "employer", "graduate"]
        n_teachers = n_mentors - n_tt - n_pupils - len(externals)

        free = [s for s in op.staff if id(s.person) not in taken and not s.young]
        # Mentors of teachers: the most experienced, preferably of the mentees' subjects.
        wanted = {m.subject for m in teacher_mentees}
        tt_pool = sorted(
            (s for s in free if s.role in ("primary", "subject", "deputy")),
            key=lambda s: (-(s.subjects[:1] and s.subjects[0] in wanted or 0),
                           -(s.person.experience_years or 0), rng.random()))
        caps = apportion(len(teacher_mentees), [1.0] * n_tt)
        for s, cap in zip(tt_pool[:n_tt], caps, strict=False):
            op.mentors.append(self.teacher_mentor(op, s, tt=True, capacity=max(1, cap)))
            taken.add(id(s.person))
        helpers = [s for s in free if s.role in ("psychologist", "social")]
        teachers = [s for s in free if s.role in ("primary", "subject", "other")
                    and id(s.person) not in taken]
        rng.shuffle(teachers)
        # Primary-school teachers first: the youngest mentees need them.
        n_primary = max(2, round(n_teachers * (0.15 if self.district else 0.25)))
        primary = [s for s in teachers if s.role == "primary"][:n_primary]
        teachers = primary + [s for s in teachers if s not in primary]
        for s in (helpers + teachers)[:n_teachers]:
            op.mentors.append(self.teacher_mentor(op, s, tt=False, capacity=0))
            taken.add(id(s.person))
        seniors = [p for p in op.pupils if (p.grade or 0) >= 9 and id(p) not in taken]
        for p in rng.sample(seniors, n_pupils):
            op.mentors.append(self.pupil_mentor(op, p))
            taken.add(id(p))
        for kind in externals:
            op.mentors.append(self.external_mentor(op, kind, taken))

    def _times(self, evening: bool = False) -> list[str]:
        pool = MEETING_TIMES_EVENING if evening else MEETING_TIMES
        return sorted(self.rng.sample(pool, self.rng.randint(1, 2)), key=pool.index)

    def teacher_mentor(self, op: OrgPlan, s: Staff, tt: bool, capacity: int) -> MentorPlan:
        rng = self.rng
        p = s.person
        male = p.sex == Sex.MALE
        role = "tt" if tt else s.role
        comps = list(rng.sample(ROLE_COMPETENCES["teacher_mentor" if tt else s.role], 3))
        if s.role == "subject" and not tt and s.subjects[0] in OLYMPIAD_COMPETENCE \
                and rng.random() < 0.5:
            comps.append(OLYMPIAD_COMPETENCE[s.subjects[0]])
        if tt:
            forms, lo, hi = ("учитель – учитель",), 21, 60
        else:
            forms = ("педагог – ученик",)
            lo, hi = {"primary": (7, 11), "psychologist": (8, 17), "social": (9, 17),
                      "other": (8, 17)}.get(s.role, (10, 18))
            # A district teacher takes a micro-group (seeds 000, 004); a school teacher one to
            # three mentees.
            if not self.district:
                capacity = rng.choice((2, 2, 3, 3, 3))
            elif s.role == "primary":
                capacity = rng.randint(6, 12)
            else:
                capacity = rng.randint(10, 20)
        achievements = "; ".join(sexed(a, male) for a in rng.sample(ACHIEVEMENTS_TEACHER, 2))
        return MentorPlan(
            person=p, org=op, entered_day=rng.uniform(30, 50), subjects=list(s.subjects[:2]),
            interests=rng.sample(INTERESTS_ADULT, 2), meeting_times=self._times(), role=role,
            forms=forms, competences=comps, achievements=achievements, age_min=lo, age_max=hi,
            capacity=capacity,
        )

    def pupil_mentor(self, op: OrgPlan, p: Person) -> MentorPlan:
        rng = self.rng
        age = p.age_on(self.tl.today) or 15
        subjects = rng.sample([s for s in FAVOURITE_SUBJECTS if subject_fits(s, p.grade or 9)], 2)
        achievement = sexed(rng.choice(ACHIEVEMENTS_PUPIL), p.sex == Sex.MALE).format(
            subj=SUBJECT_DATIVE[subjects[0]])
        return MentorPlan(
            person=p, org=op, entered_day=rng.uniform(30, 50), subjects=subjects,
            interests=rng.sample(INTERESTS_TEEN, 3), meeting_times=self._times(), role="pupil",
            forms=("ученик – ученик",), competences=rng.sample(ROLE_COMPETENCES["pupil"], 3),
            achievements=achievement, age_min=8, age_max=age - 1,
            capacity=rng.randint(1, 3 if self.district else 2),
        )

    def external_mentor(self, op: OrgPlan, kind: str, taken: set[int]) -> MentorPlan:
        rng = self.rng
        people = self.people
        male = rng.random() < (0.3 if kind == "parent" else 0.55)
        child = None
        if kind == "parent":
            child = rng.choice([p for p in op.pupils if id(p) not in taken
                                and 3 <= (p.grade or 0) <= 9])
            taken.add(id(child))
            person, _relation = people.parent_of(op, child)
            place, position = rng.choice(PARENT_JOBS[:-1])
            forms, lo, hi = ("родитель – ученик",), 10, 16
            achievements = rng.choice(ACHIEVEMENTS_PARENT)
            capacity = rng.randint(2, 3) if self.district else rng.randint(1, 2)
            comps = list(ROLE_COMPETENCES["parent"])
        elif kind == "employer":
            person = people.adult(op, male, PersonKind.EMPLOYER, age=rng.randint(30, 55))
            place, position = rng.choice(EMPLOYERS)
            forms, lo, hi = ("работодатель – ученик",), 13, 18
            achievements = rng.choice(EMPLOYER_ACHIEVEMENTS)
            capacity = rng.randint(3, 5) if self.district else rng.randint(2, 3)
            comps = list(ROLE_COMPETENCES["employer"])
        else:
            person = people.adult(op, male, PersonKind.GRADUATE, age=rng.randint(19, 22))
            place, position = rng.choice(GRADUATE_PLACES).rsplit(", ", 1)
            forms, lo, hi = ("выпускник – ученик",), 14, 18
            graduated = self.tl.start.year - (person.age_on(self.tl.start) or 20) + 17
            achievements = f"{'Выпускник' if male else 'Выпускница'} {op.text.short_name} " \
                           f"{graduated} года, участник студенческого научного общества"
            capacity = rng.randint(2, 3) if self.district else rng.randint(1, 2)
            comps = list(ROLE_COMPETENCES["graduate"])
        person.place, person.position = place, position
        if kind != "parent":
            op.externals.append(person)
        return MentorPlan(
            person=person, org=op, entered_day=rng.uniform(30, 50),
            subjects=[rng.choice(("математика", "физика", "информатика", "биология"))]
            if kind != "parent" else [],
            interests=rng.sample(INTERESTS_ADULT, 2), meeting_times=self._times(evening=True),
            role=kind, forms=forms, competences=comps, achievements=achievements,
            age_min=lo, age_max=hi, capacity=capacity, child=child,
        )

    # consents and selection ----------------------------------------------------------------

    def consents(self, op: OrgPlan, missing: int, withdrawn: int, expired: int,
                 missing_mentors: int) -> None:
        """Every participant's consent; a few are missing, withdrawn or expired. A minor's
        consent is signed by a parent, who is then created with the guardianship."""
        rng, tl = self.rng, self.tl
        pupils = [m for m in op.mentees if m.person.kind == PersonKind.PUPIL]
        picks = rng.sample(pupils, missing + withdrawn + expired)
        fate: dict[int, str] = {}
        for i, m in enumerate(picks):
            fate[id(m)] = "missing" if i < missing else \
                "withdrawn" if i < missing + withdrawn else "expired"
        pool = [x for x in op.mentors if x.role not in ("tt", "employer")]
        for mentor in rng.sample(pool, missing_mentors):
            fate[id(mentor)] = "missing"
        for part in (*op.mentees, *op.mentors):
            p = part.person
            how = fate.get(id(part), "")
            is_mentee = isinstance(part, MenteePlan)
            natural = part.entered_day + rng.uniform(-3, 4)
            natural = max(2.0, min(natural, 44.0 if is_mentee else 58.0))
            signed = tl.day(natural)
            if how == "expired":
                signed = date(tl.start.year - 1, 9, rng.randint(5, 28))
            minor_then = (p.age_on(signed) or 99) < 18
            minor_now = (p.age_on(tl.today) or 99) < 18
            if p.kind == PersonKind.PUPIL and (minor_now or (minor_then and how != "missing")):
                part.guardian, part.guardian_relation = self.people.parent_of(op, p)
            if how == "missing":
                continue
            adult = p.kind != PersonKind.PUPIL
            until = date(tl.end.year + 2, 8, 31) if adult else tl.end
            if how == "expired":
                until = date(tl.start.year, 8, 31)
            special = is_mentee and (part.kind in SENSITIVE or part.has_disability)  # type: ignore[attr-defined]
            part.consent = ConsentPlan(
                person=p, signer=ConsentSigner.GUARDIAN if minor_then else ConsentSigner.SELF,
                guardian=part.guardian if minor_then else None, signed_on=signed,
                valid_until=until, special=special, expired=how == "expired",
                withdrawn_on=tl.day(natural + rng.uniform(10, 35)) if how == "withdrawn" else None,
            )

    def selection(self, op: OrgPlan) -> None:
        """Interviews and training: most are trained, one rejected, one in reserve, one has
        missed a session; a mentor without a valid consent waits in reserve."""
        rng = self.rng
        for m in op.mentors:
            m.interview_note = sexed(rng.choice(INTERVIEW_NOTES_OK), m.male)
            if not m.consent_valid:
                m.status = MentorStatus.RESERVE
                m.interview_note = sexed(INTERVIEW_NOTE_NO_CONSENT, m.male)
        pool = [m for m in op.mentors if m.consent_valid and m.role not in ("tt", "employer")]
        rejected, reserve, untrained = rng.sample(pool, 3)
        rejected.status, rejected.recommended = MentorStatus.REJECTED, False
        rejected.interview_note = INTERVIEW_NOTE_REJECTED
        reserve.status = MentorStatus.RESERVE
        reserve.interview_note = sexed(INTERVIEW_NOTE_RESERVE, reserve.male)
        untrained.status = MentorStatus.SELECTED
        untrained.missed = (rng.choice((1, 2)),)

    # matching ------------------------------------------------------------------------------

    def match(self, op: OrgPlan) -> None:
        """Pairs and groups: each mentee with a valid consent gets the best mentor who serves
        one of the mentee's forms, has room, suits the mentee's age and, being a pupil, is in
        a higher class; a mentor takes several mentees of one role model as a group."""
        rng = self.rng
        mentors = [m for m in op.mentors if m.pairable]
        mentees = [m for m in op.mentees if m.consent_valid]
        first = [m for m in mentees if m.kind in TEACHER_KINDS]
        career = [m for m in mentees if m.kind == "Профориентация"]
        rest = [m for m in mentees if m.kind not in TEACHER_KINDS and m.kind != "Профориентация"]
        rng.shuffle(rest)
        for mentee in first + career + rest:
            best: tuple[float, MentorPlan, str, str] | None = None
            wanted = set(THEME_COMPETENCES[mentee.theme])
            for rank, (form, role_model) in enumerate(mentee.options):
                for mentor in mentors:
                    if form not in mentor.forms or mentor.load >= mentor.capacity:
                        continue
                    if not mentor.age_min <= mentee.age <= mentor.age_max:
                        continue
                    if mentor.role == "pupil" and \
                            (mentor.person.grade or 0) <= (mentee.person.grade or 0):
                        continue
                    score = -3.0 * rank + rng.random()
                    if set(mentor.subjects) & set(mentee.subjects):
                        score += 4
                    if wanted & set(mentor.competences):
                        score += 3
                    if (form, role_model) in mentor.pairs:
                        score += 2
                    if best is None or score > best[0]:
                        best = (score, mentor, form, role_model)
            if best is None:
                continue
            _, mentor, form, role_model = best
            pair = mentor.pairs.get((form, role_model))
            if pair is None:
                pair = mentor.pairs[(form, role_model)] = PairPlan(mentor, form, role_model)
                op.pairs.append(pair)
            pair.members.append(mentee)
            mentee.pair = pair


def _organisation(text: OrgText, kind: OrgKind, parent: Organisation | None) -> OrgPlan:
    org = Organisation(name=text.name, short_name=text.short_name, kind=kind, city=text.city,
                       address=text.address, phone=text.phone, email=f"info@{text.domain}",
                       parent=parent)
    return OrgPlan(text=text, org=org)


def plan_world(master: random.Random, tl: Timeline, size: str,
               check: Callable[[], None] = lambda: None) -> World:
    """The whole picture: the school, or the district centre and its twelve schools.
    `check` is called between schools and may raise to cancel."""
    people_rng = random.Random(master.getrandbits(64))
    bases_rng = random.Random(master.getrandbits(64))
    people = PeopleMaker(people_rng, tl)
    district = size == "district"
    bases = BaseMaker(bases_rng, tl, people, district)

    centre: OrgPlan | None = None
    if district:
        centre = _organisation(DISTRICT_CENTRE, OrgKind.DISTRICT, None)
        people.staff(centre, CENTRE_POSTS, 1.0, 0)
        texts = list(DISTRICT_SCHOOLS)
        mentees = apportion(3000, [float(t.pupils) for t in texts])
        mentors = apportion(300, [float(t.pupils) for t in texts])
    else:
        texts, mentees, mentors = [SCHOOL], [60], [25]
    schools: list[OrgPlan] = []
    for text, n_mentees, n_mentors in zip(texts, mentees, mentors, strict=True):
        check()
        op = _organisation(text, OrgKind.SCHOOL, centre.org if centre else None)
        if district:
            people.staff(op, POSTS, text.pupils / 300 * 0.55, max(4, round(text.pupils / 130)))
            people.pupils(op, text.pupils, 28.0)
        else:
            people.staff(op, POSTS, 1.0, 4)
            people.pupils(op, text.pupils, 13.0)
        taken: set[int] = set()
        bases.mentees(op, n_mentees, taken)
        bases.mentors(op, n_mentors, taken)
        if district:
            bases.consents(op, round(n_mentees * 0.05), 2 if n_mentees > 250 else 1, 1, 1)
        else:
            bases.consents(op, 4, 1, 1, 1)
        bases.selection(op)
        bases.match(op)
        schools.append(op)
    for op in ([centre] if centre else []) + schools:
        director = op.first("director")
        if director is not None:
            op.org.director_name = director.full_name
    curator = (centre or schools[0]).first("curator")
    assert curator is not None
    return World(schools=schools, centre=centre, curator=curator)
