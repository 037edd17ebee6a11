"""The domain: typed SQLAlchemy mappings, enums and pure rules. No Qt here."""

from . import events as _events  # noqa: F401  (installs the session hooks)
from .base import Base
from .bases import MenteeProfile, MentorProfile, mentor_forms
from .enums import (
    AgreementKind,
    AuditAction,
    AwardKind,
    ConsentSigner,
    ConstraintKind,
    EventLevel,
    EventResult,
    IndicatorKind,
    InfoSource,
    ItemKind,
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    OrgKind,
    PairStatus,
    PersonKind,
    PersonStatus,
    PlanTitle,
    QuestionnairePurpose,
    Sex,
)
from .org import Consent, Guardianship, Organisation, Person
from .pairs import (
    DevelopmentPlan,
    Meeting,
    MeetingAttendance,
    Pair,
    PairMember,
    PairStatusChange,
    PlanItem,
)
from .programme import (
    MentoringForm,
    Programme,
    ProgrammeCurator,
    RequestCompetence,
    RequestKind,
    RoadmapTask,
    RoleModel,
    programme_forms,
)
from .record import (
    AppMeta,
    Assessment,
    AuditEntry,
    Award,
    BestPractice,
    ContingentCount,
    EmployerAgreement,
    EventAttendance,
    Indicator,
    IndicatorValue,
    MenteeResult,
    ParticipationRecord,
    Partner,
    ProgrammeEvent,
)
from .selection import (
    Answer,
    Interview,
    MatchConstraint,
    MatchWeight,
    Preference,
    QuestionnaireItem,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    TrainingAttendance,
    TrainingSession,
)
from .stages import STAGES

__all__ = [
    "STAGES", "AgreementKind", "Answer", "AppMeta", "Assessment", "AuditAction", "AuditEntry",
    "Award", "AwardKind", "Base", "BestPractice", "Consent", "ConsentSigner", "ConstraintKind",
    "ContingentCount", "DevelopmentPlan", "EmployerAgreement", "EventAttendance", "EventLevel",
    "EventResult", "Guardianship", "Indicator", "IndicatorKind", "IndicatorValue", "InfoSource",
    "Interview", "ItemKind", "MatchConstraint", "MatchWeight", "Meeting", "MeetingAttendance", "MeetingKind",
    "MenteeProfile", "MenteeResult", "MenteeStatus", "MentorProfile", "MentorStatus",
    "MentoringForm", "Organisation", "OrgKind", "Pair", "PairMember", "PairStatus",
    "PairStatusChange", "Partner", "ParticipationRecord", "Person", "PersonKind", "PersonStatus",
    "PlanItem", "PlanTitle", "Preference", "Programme", "ProgrammeCurator", "ProgrammeEvent",
    "QuestionnaireItem", "QuestionnairePurpose", "QuestionnaireResponse",
    "QuestionnaireTemplate", "RequestCompetence", "RequestKind", "RoadmapTask", "RoleModel", "Sex",
    "TrainingAttendance", "TrainingSession", "mentor_forms", "programme_forms",
]
