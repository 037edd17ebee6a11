"""Every entity persists when valid and is refused by the database when not.

The schema under test is the one the migrations build (open_database), on SQLite and,
when a server is configured, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentordesk import model as m
from mentordesk.services.database import Database, open_database

from . import factories as f
from .factories import FACTORIES, D


@pytest.fixture(scope="module")
def pg_database(pg_session_url: str) -> Iterator[Database]:
    db = open_database(pg_session_url)
    yield db
    db.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_database")
        return
    db = open_database(request.getfixturevalue("db_path"))
    yield db
    db.close()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back: each test starts clean."""
    conn = database.engine.connect()
    outer = conn.begin()
    s = Session(bind=conn, join_transaction_mode="create_savepoint")
    yield s
    s.close()
    outer.rollback()
    conn.close()


def test_a_factory_for_every_entity() -> None:
    mapped = {mapper.class_ for mapper in m.Base.registry.mappers}
    assert mapped == set(FACTORIES), "add the new entity to tests/model/factories.py"


@pytest.mark.parametrize("cls", sorted(FACTORIES, key=lambda c: c.__name__),
                         ids=lambda c: c.__name__)
def test_valid_instance_persists(session: Session, cls: type) -> None:
    with session as s:
        obj = FACTORIES[cls](s)
        s.add(obj)
        s.commit()
        key = (obj.key if cls is m.AppMeta else (obj.programme_id, obj.component)
               if cls is m.MatchWeight else obj.id)
        s.expunge_all()
        assert s.get(cls, key) is not None


def _second(build: Callable[[Session], Any]) -> Callable[[Session], Any]:
    """Build the object, then a duplicate of it (for unique constraints)."""
    def make(s: Session) -> Any:
        first = build(s)
        s.add(first)
        s.flush()
        state = {c.key: getattr(first, c.key) for c in first.__mapper__.column_attrs
                 if c.key not in ("id", "created_at", "updated_at")}
        return type(first)(**state)
    return make


def _p(s: Session) -> int:
    p = f.programme(s)
    s.flush()
    return p.id


VIOLATIONS: list[tuple[str, Callable[[Session], Any]]] = [
    ("organisation without name", lambda s: m.Organisation(name="")),
    ("person without last name", lambda s: f.person(s, last_name="")),
    ("person in grade 12", lambda s: f.person(s, grade=12)),
    ("student in course 9", lambda s: f.person(s, course=9)),
    ("negative experience", lambda s: f.person(s, experience_years=-1)),
    ("own guardian", lambda s: (lambda p: m.Guardianship(child=p, guardian=p))(f.person(s))),
    ("guardianship twice", _second(FACTORIES[m.Guardianship])),
    ("consent valid before signed", lambda s: m.Consent(
        person=f.person(s), signer=m.ConsentSigner.SELF, signed_on=D, valid_until=date(2026, 1, 1))),
    ("consent withdrawn before signed", lambda s: m.Consent(
        person=f.person(s), signer=m.ConsentSigner.SELF, signed_on=D, withdrawn_on=date(2026, 1, 1))),
    ("guardian consent without guardian", lambda s: m.Consent(
        person=f.person(s), signer=m.ConsentSigner.GUARDIAN, signed_on=D)),
    ("form name twice", _second(FACTORIES[m.MentoringForm])),
    ("role model twice in a form", _second(FACTORIES[m.RoleModel])),
    ("request kind twice", _second(FACTORIES[m.RequestKind])),
    ("programme ends before it starts", lambda s: m.Programme(
        title="П", starts_on=D, ends_on=date(2026, 1, 1))),
    ("programme at stage 8", lambda s: m.Programme(
        title="П", starts_on=D, ends_on=D, current_stage=8)),
    ("programme curator twice", _second(FACTORIES[m.ProgrammeCurator])),
    ("roadmap task at stage 0", lambda s: m.RoadmapTask(programme=f.programme(s), stage=0, title="Т")),
    ("roadmap task due range reversed", lambda s: m.RoadmapTask(
        programme=f.programme(s), stage=1, title="Т", due_from=D, due_to=date(2026, 1, 1))),
    ("mentee twice in a programme", _second(FACTORIES[m.MenteeProfile])),
    ("mentee without programme", lambda s: m.MenteeProfile(person=f.person(s), entered_on=D)),
    ("mentor with capacity 0", lambda s: m.MentorProfile(person=f.person(s), entered_on=D,
                                                         capacity=0)),
    ("mentor age range reversed", lambda s: m.MentorProfile(
        person=f.person(s), entered_on=D, mentee_age_min=15, mentee_age_max=10)),
    ("questionnaire for an unknown audience", lambda s: m.QuestionnaireTemplate(
        title="А", purpose=m.QuestionnairePurpose.FEEDBACK, audience="everyone")),
    ("scale item without bounds", lambda s: m.QuestionnaireItem(
        template=f.template(s), text="?", kind=m.ItemKind.SCALE)),
    ("response to a missing template", lambda s: m.QuestionnaireResponse(
        template_id=99999, person_id=f._ids(s, f.person(s))[0], filled_on=D)),
    ("answer twice to an item", _second(FACTORIES[m.Answer])),
    ("interview of a missing mentor", lambda s: m.Interview(mentor_id=99999, held_on=D)),
    ("training of zero hours", lambda s: m.TrainingSession(
        programme_id=_p(s), title="Т", held_on=D, hours=0)),
    ("training attendance twice", _second(FACTORIES[m.TrainingAttendance])),
    ("match weight above 100", lambda s: m.MatchWeight(
        programme_id=_p(s), component="mutual", weight=101)),
    ("empty competence in the request map", lambda s: m.RequestCompetence(
        request_kind_id=f._ids(s, f.request_kind(s))[0], competence="")),
    ("preference rank 0", lambda s: m.Preference(
        programme_id=_p(s), chooser=f.person(s), chosen=f.person(s), rank=0)),
    ("preference for oneself", lambda s: (lambda p: m.Preference(
        programme_id=_p(s), chooser=p, chosen=p, rank=1))(f.person(s))),
    ("match constraint twice", _second(FACTORIES[m.MatchConstraint])),
    ("approved pair without order", lambda s: (lambda p: setattr(
        p, "status", m.PairStatus.APPROVED) or p)(f.pair(s))),
    ("pair ends before it starts", lambda s: (lambda p: setattr(
        p, "ends_on", date(2026, 1, 1)) or setattr(p, "starts_on", D) or p)(f.pair(s))),
    ("mentee twice in a pair", _second(FACTORIES[m.PairMember])),
    ("status change without status", lambda s: m.PairStatusChange(pair=f.pair(s), to_status=None)),
    ("two plans for one mentee in a pair", _second(FACTORIES[m.DevelopmentPlan])),
    ("plan item without activity", lambda s: (lambda i: setattr(i, "activity", "") or i)(
        FACTORIES[m.PlanItem](s))),
    ("meeting of 0 minutes", lambda s: (lambda mt: setattr(mt, "duration_minutes", 0) or mt)(
        FACTORIES[m.Meeting](s))),
    ("meeting attendance twice", _second(FACTORIES[m.MeetingAttendance])),
    ("result of a missing mentee", lambda s: m.MenteeResult(mentee_id=99999, recorded_on=D)),
    ("assessment without parameter", lambda s: (lambda a: setattr(a, "parameter", None) or a)(
        FACTORIES[m.Assessment](s))),
    ("award without recipient", lambda s: m.Award(kind=m.AwardKind.CERTIFICATE, number="1",
                                                  issued_on=D)),
    ("award number twice", _second(FACTORIES[m.Award])),
    ("participation without level", lambda s: (lambda r: setattr(r, "level", None) or r)(
        FACTORIES[m.ParticipationRecord](s))),
    ("event without date", lambda s: (lambda e: setattr(e, "held_on", None) or e)(
        FACTORIES[m.ProgrammeEvent](s))),
    ("event attendance twice", _second(FACTORIES[m.EventAttendance])),
    ("partner without name", lambda s: m.Partner(name="")),
    ("agreement valid before signed", lambda s: (lambda a: setattr(
        a, "valid_until", date(2026, 1, 1)) or a)(FACTORIES[m.EmployerAgreement](s))),
    ("best practice of a missing programme", lambda s: m.BestPractice(programme_id=99999,
                                                                      title="Т")),
    ("indicator with unknown direction", lambda s: (lambda i: setattr(i, "direction", "up") or i)(
        FACTORIES[m.Indicator](s))),
    ("indicator target reversed", lambda s: (lambda i: setattr(i, "target_min", 90) or setattr(
        i, "target_max", 10) or i)(FACTORIES[m.Indicator](s))),
    ("indicator value over zero pupils", lambda s: (lambda v: setattr(v, "denominator", 0) or v)(
        FACTORIES[m.IndicatorValue](s))),
    ("negative contingent", lambda s: m.ContingentCount(academic_year="2026/2027", category="к",
                                                        count=-1)),
    ("audit entry without entity", lambda s: m.AuditEntry(action=m.AuditAction.UPDATE,
                                                          entity=None)),
    ("meta key twice", _second(FACTORIES[m.AppMeta])),
]


@pytest.mark.parametrize("label,build", VIOLATIONS, ids=[v[0] for v in VIOLATIONS])
def test_invalid_instance_is_refused(session: Session, label: str,
                                     build: Callable[[Session], Any]) -> None:
    with session as s:
        obj = build(s)
        s.add(obj)
        with pytest.raises(IntegrityError):
            s.flush()


def test_every_entity_has_a_violation_test() -> None:
    # Entities whose rules are all about references to others are covered through them.
    covered_by_label = " ".join(v[0] for v in VIOLATIONS)
    words = {
        m.Organisation: "organisation", m.Person: "person", m.Guardianship: "guardian",
        m.Consent: "consent", m.MentoringForm: "form", m.RoleModel: "role model",
        m.RequestKind: "request kind", m.Programme: "programme", m.RoadmapTask: "roadmap",
        m.MenteeProfile: "mentee", m.MentorProfile: "mentor", m.Pair: "pair",
        m.Award: "award", m.Indicator: "indicator",
    }
    for cls, word in words.items():
        assert word in covered_by_label, cls.__name__
    assert len(VIOLATIONS) >= len(FACTORIES)


def test_enum_columns_are_checked_by_the_database(session: Session) -> None:
    with session as s:
        p = f.person(s)
        s.commit()
        with pytest.raises(IntegrityError):
            s.execute(text("UPDATE persons SET kind = 'alien' WHERE id = :id"), {"id": p.id})
            s.flush()


def test_foreign_keys_are_enforced(session: Session) -> None:
    with session as s:
        s.add(m.Consent(person_id=99999, signer=m.ConsentSigner.SELF, signed_on=D))
        with pytest.raises(IntegrityError):
            s.flush()
