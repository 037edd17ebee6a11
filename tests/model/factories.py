"""A minimal valid instance of every mapped class, with the graph it needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from mentordesk import model as m

D = date(2026, 9, 1)


def org(s: Session) -> m.Organisation:
    o = m.Organisation(name="МБОУ СОШ № 1", short_name="СОШ № 1", city="Тула")
    s.add(o)
    return o


def person(s: Session, **kw: Any) -> m.Person:
    values: dict[str, Any] = dict(last_name="Иванов", first_name="Иван", patronymic="Иванович",
                                  kind=m.PersonKind.PUPIL, sex=m.Sex.MALE,
                                  birth_date=date(2013, 5, 1), group_name="7А", grade=7)
    values.update(kw)
    p = m.Person(**values)
    s.add(p)
    return p


def form(s: Session) -> m.MentoringForm:
    f = m.MentoringForm(name="ученик – ученик (тест)", mentor_kinds=["pupil"], mentee_kinds=["pupil"])
    s.add(f)
    return f


def role_model(s: Session) -> m.RoleModel:
    r = m.RoleModel(form=form(s), name="равный – равному")
    s.add(r)
    return r


def request_kind(s: Session) -> m.RequestKind:
    r = m.RequestKind(name="Адаптация (тест)")
    s.add(r)
    return r


def programme(s: Session) -> m.Programme:
    p = m.Programme(title="Программа", starts_on=D, ends_on=date(2027, 8, 31))
    s.add(p)
    return p


def mentee(s: Session) -> m.MenteeProfile:
    mp = m.MenteeProfile(person=person(s), programme=programme(s), entered_on=D)
    s.add(mp)
    return mp


def mentor(s: Session) -> m.MentorProfile:
    mp = m.MentorProfile(person=person(s, last_name="Петрова", first_name="Анна",
                                       patronymic="Сергеевна", sex=m.Sex.FEMALE,
                                       kind=m.PersonKind.TEACHER, grade=None, group_name="",
                                       birth_date=date(1980, 1, 1)),
                         entered_on=D, capacity=2)
    s.add(mp)
    return mp


def pair(s: Session) -> m.Pair:
    mt = mentee(s)
    pr = m.Pair(programme=mt.programme, mentor=mentor(s))
    pr.members = [m.PairMember(mentee=mt)]
    s.add(pr)
    return pr


def template(s: Session) -> m.QuestionnaireTemplate:
    t = m.QuestionnaireTemplate(title="Анкета", purpose=m.QuestionnairePurpose.FEEDBACK)
    s.add(t)
    return t


def item(s: Session) -> m.QuestionnaireItem:
    i = m.QuestionnaireItem(template=template(s), text="Оцените", kind=m.ItemKind.SCALE,
                            scale_min=1, scale_max=10)
    s.add(i)
    return i


def _ids(s: Session, *objs: Any) -> list[int]:
    s.flush()
    return [o.id for o in objs]


FACTORIES: dict[type, Callable[[Session], Any]] = {
    m.Organisation: org,
    m.Person: person,
    m.Guardianship: lambda s: m.Guardianship(child=person(s), guardian=person(
        s, kind=m.PersonKind.PARENT, grade=None, group_name=""), relation="мать"),
    m.Consent: lambda s: m.Consent(person=person(s), signer=m.ConsentSigner.GUARDIAN,
                                   guardian_name="Иванова Мария Петровна", signed_on=D),
    m.MentoringForm: form,
    m.RoleModel: role_model,
    m.RequestKind: request_kind,
    m.Programme: programme,
    m.ProgrammeCurator: lambda s: m.ProgrammeCurator(programme_id=_ids(s, programme(s))[0],
                                                     person=person(s), area="отделение"),
    m.RoadmapTask: lambda s: m.RoadmapTask(programme=programme(s), stage=1, title="Приказ"),
    m.MenteeProfile: mentee,
    m.MentorProfile: mentor,
    m.QuestionnaireTemplate: template,
    m.QuestionnaireItem: item,
    m.QuestionnaireResponse: lambda s: m.QuestionnaireResponse(
        template_id=_ids(s, template(s))[0], person_id=_ids(s, person(s))[0], filled_on=D),
    m.Answer: lambda s: m.Answer(
        response=m.QuestionnaireResponse(template_id=_ids(s, template(s))[0],
                                         person_id=_ids(s, person(s))[0], filled_on=D),
        item_id=_ids(s, item(s))[0], value_number=7),
    m.Interview: lambda s: m.Interview(mentor_id=_ids(s, mentor(s))[0], held_on=D),
    m.TrainingSession: lambda s: m.TrainingSession(programme_id=_ids(s, programme(s))[0],
                                                   title="Школа наставника", held_on=D, hours=2),
    m.TrainingAttendance: lambda s: m.TrainingAttendance(
        session=m.TrainingSession(programme_id=_ids(s, programme(s))[0], title="Т", held_on=D,
                                  hours=1),
        mentor_id=_ids(s, mentor(s))[0]),
    m.Preference: lambda s: m.Preference(programme_id=_ids(s, programme(s))[0],
                                         chooser=person(s), chosen=person(s), rank=1),
    m.RequestCompetence: lambda s: m.RequestCompetence(
        request_kind_id=_ids(s, request_kind(s))[0], competence="адаптация в коллективе"),
    m.MatchWeight: lambda s: m.MatchWeight(programme_id=_ids(s, programme(s))[0],
                                           component="mutual", weight=40),
    m.MatchConstraint: lambda s: m.MatchConstraint(
        programme_id=_ids(s, programme(s))[0], mentor_id=_ids(s, mentor(s))[0],
        mentee_id=_ids(s, mentee(s))[0], kind=m.ConstraintKind.FORBID),
    m.Pair: pair,
    m.PairMember: lambda s: m.PairMember(pair=pair(s), mentee=mentee(s)),
    m.PairStatusChange: lambda s: m.PairStatusChange(pair=pair(s), to_status=m.PairStatus.DRAFT),
    m.DevelopmentPlan: lambda s: m.DevelopmentPlan(pair_id=_ids(s, pair(s))[0],
                                                   mentee_id=_ids(s, mentee(s))[0]),
    m.PlanItem: lambda s: m.PlanItem(
        plan=m.DevelopmentPlan(pair_id=_ids(s, pair(s))[0], mentee_id=_ids(s, mentee(s))[0]),
        activity="Разбор ошибок ВПР"),
    m.Meeting: lambda s: m.Meeting(pair_id=_ids(s, pair(s))[0], kind=m.MeetingKind.REGULAR,
                                   held_on=D),
    m.MeetingAttendance: lambda s: m.MeetingAttendance(
        meeting=m.Meeting(pair_id=_ids(s, pair(s))[0], kind=m.MeetingKind.REGULAR, held_on=D),
        person_id=_ids(s, person(s))[0]),
    m.MenteeResult: lambda s: m.MenteeResult(mentee_id=_ids(s, mentee(s))[0], recorded_on=D),
    m.Assessment: lambda s: m.Assessment(mentee_id=_ids(s, mentee(s))[0], checkpoint="входная",
                                         taken_on=D, parameter="Мотивация", value=3),
    m.Award: lambda s: m.Award(kind=m.AwardKind.CERTIFICATE, number="С-001", issued_on=D,
                               person=person(s)),
    m.ParticipationRecord: lambda s: m.ParticipationRecord(
        person_id=_ids(s, person(s))[0], event_kind="олимпиада", level=m.EventLevel.SCHOOL,
        held_on=D),
    m.ProgrammeEvent: lambda s: m.ProgrammeEvent(programme_id=_ids(s, programme(s))[0],
                                                 kind="general_meeting", title="Общая встреча",
                                                 held_on=D),
    m.EventAttendance: lambda s: m.EventAttendance(
        event=m.ProgrammeEvent(programme_id=_ids(s, programme(s))[0], kind="pedsovet",
                               title="Педсовет", held_on=D),
        person_id=_ids(s, person(s))[0]),
    m.Partner: lambda s: m.Partner(name="ООО «Завод»"),
    m.EmployerAgreement: lambda s: m.EmployerAgreement(
        partner_id=_partner_id(s),
        kind=m.AgreementKind.DUAL, signed_on=D),
    m.BestPractice: lambda s: m.BestPractice(programme_id=_ids(s, programme(s))[0],
                                             title="Наставник+"),
    m.Indicator: lambda s: m.Indicator(programme_id=_ids(s, programme(s))[0],
                                       name="Доля наставляемых", kind=m.IndicatorKind.SHARE),
    m.IndicatorValue: lambda s: m.IndicatorValue(
        indicator_id=_indicator_id(s),
        period_start=D, period_end=date(2026, 12, 31), value=42),
    m.ContingentCount: lambda s: m.ContingentCount(academic_year="2026/2027",
                                                   category="обучающиеся 10–18 лет", count=300),
    m.AuditEntry: lambda s: m.AuditEntry(action=m.AuditAction.UPDATE, entity="persons"),
    m.AppMeta: lambda s: m.AppMeta(key="test", value="1"),
}


def _partner_id(s: Session) -> int:
    p = m.Partner(name="ООО «Завод»")
    s.add(p)
    s.flush()
    return p.id


def _indicator_id(s: Session) -> int:
    i = m.Indicator(programme_id=_ids(s, programme(s))[0], name="Доля",
                    kind=m.IndicatorKind.SHARE)
    s.add(i)
    s.flush()
    return i.id
