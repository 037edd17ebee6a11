"""The rows of the two bases: light objects over the raw database values.

A base of 50,000 people is read in one query. Turning every value of every row into Python
objects (JSON lists, enums, dates, labels, contacts) took longer than the query itself, and the
table shows forty rows at a time. So a row keeps the raw result row and the reference data of its
load, and each attribute is worked out when it is read. Made once per row, at load: `full_name`
(the sort needs it) and `search_key` (the person's and the entry's search keys, newline-joined,
for narrowing a search in memory). Raw values are whatever the driver gives: SQLite gives dates
as ISO text and JSON as text, PostgreSQL gives `date` and lists; both are read alike here.

Rows compare, hash and print by their attributes, like the frozen dataclasses they replace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from ..model import MenteeStatus, MentorStatus, PersonKind, PersonStatus, Sex
from ..model.enums import InfoSource
from .consent import ConsentState, is_minor
from .people_pairs import workplace_text
from .people_rows_consent import summary_state
from .people_rows_text import (
    age_on,
    ages_text,
    contacts_text,
    day_of,
    full_name,
    tags_of,
)

_ARCHIVED = PersonStatus.ARCHIVED.value
_KINDS = {m.value: m for m in PersonKind}
_SEXES = {m.value: m.label for m in Sex}
_SOURCES = {m.value: m.label for m in InfoSource}
_MENTEE_STATUSES = {m.value: m.label for m in MenteeStatus}
_MENTOR_STATUSES = {m.value: m.label for m in MentorStatus}


# Where the raw rows hold each value: the queries of `people_rows` select exactly these columns
# in this order (checked at every load), the shared ones first.
SHARED_COLUMNS = (
    "id", "person_id", "last_name", "first_name", "patronymic", "kind", "group_name",
    "position", "place", "grade", "organisation_id", "birth_date", "sex", "phone", "email",
    "person_status", "search_keys", "g_relation", "g_last", "g_first", "g_patronymic",
    "g_phone", "g_email", "interests", "subjects", "entered_on", "status", "results",
    "case_link")
(_ID, _PERSON_ID, _LAST, _FIRST, _PATRONYMIC, _KIND, _GROUP, _POSITION, _PLACE, _GRADE, _ORG,
 _BIRTH, _SEX, _PHONE, _EMAIL, _PERSON_STATUS, _KEYS, _G_RELATION, _G_LAST, _G_FIRST,
 _G_PATRONYMIC, _G_PHONE, _G_EMAIL, _INTERESTS, _SUBJECTS, _ENTERED_ON, _STATUS, _RESULTS,
 _CASE_LINK) = range(len(SHARED_COLUMNS))
MENTEE_COLUMNS = (*SHARED_COLUMNS, "request_kind_id", "request_text", "has_disability",
                  "info_source", "form_id", "role_model_id")
(_REQUEST_KIND, _REQUEST_TEXT, _DISABILITY, _INFO_SOURCE, _FORM, _ROLE_MODEL) = range(
    len(SHARED_COLUMNS), len(MENTEE_COLUMNS))
MENTOR_COLUMNS = (*SHARED_COLUMNS, "programme_id", "competences", "achievements",
                  "mentee_age_min", "mentee_age_max", "meeting_times", "capacity",
                  "share_with_district")
(_PROGRAMME, _COMPETENCES, _ACHIEVEMENTS, _AGE_MIN, _AGE_MAX, _MEETING_TIMES, _CAPACITY,
 _SHARE) = range(len(SHARED_COLUMNS), len(MENTOR_COLUMNS))


@dataclass
class Lookup:
    """What one load of a base shares between its rows: the day, the small reference tables
    and what was read beside the main query (consents, pairs, forms)."""

    today: date
    kinds: dict[int, tuple[str, bool]]  # request kind: (name, sensitive)
    forms: dict[int, str]
    role_models: dict[int, str]
    orgs: dict[int, str]
    consents: dict[int, int] = field(default_factory=dict)  # person: summary bits
    mentors: dict[int, tuple[int, str]] = field(default_factory=dict)  # mentee: (pair, mentor)
    mentees: dict[int, tuple[list[str], int]] = field(default_factory=dict)  # mentor: names, load
    mentor_forms: dict[int, list[int]] = field(default_factory=dict)

    def org(self, org_id: int | None) -> str:
        return self.orgs.get(org_id, "") if org_id is not None else ""


class _Row:
    __slots__ = ("_r", "_c", "_state", "full_name", "search_key")
    FIELDS: ClassVar[tuple[str, ...]] = ()
    COLUMNS: ClassVar[tuple[str, ...]] = SHARED_COLUMNS

    full_name: str
    search_key: str

    def __init__(self, raw: Any, lookup: Lookup) -> None:
        self._r = raw
        self._c = lookup
        self._state: ConsentState | None = None
        last, first, patronymic = raw[_LAST], raw[_FIRST], raw[_PATRONYMIC]
        self.full_name = (f"{last} {first} {patronymic}" if last and first and patronymic
                          else full_name(last, first, patronymic))
        self.search_key = raw[_KEYS]

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Row)
        return self is other or self.values() == other.values()

    def __hash__(self) -> int:
        return hash(self.values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({shown})"

    # --- shared by both bases ------------------------------------------------------------

    @property
    def id(self) -> int:  # the entry (profile)
        return int(self._r[_ID])

    @property
    def person_id(self) -> int:
        return int(self._r[_PERSON_ID])

    @property
    def kind(self) -> str:
        return _KINDS[self._r[_KIND]].label

    @property
    def class_or_post(self) -> str:  # «7А», «ТМ-21», or a teacher's post
        return str(self._r[_GROUP] or self._r[_POSITION])

    @property
    def organisation(self) -> str:
        return self._c.org(self._r[_ORG])

    @property
    def birth_date(self) -> date | None:
        return day_of(self._r[_BIRTH])  # type: ignore[no-any-return]

    @property
    def age(self) -> int | None:
        return age_on(self.birth_date, self._c.today)

    @property
    def sex(self) -> str:
        sex = self._r[_SEX]
        return _SEXES[sex] if sex else ""

    @property
    def interests(self) -> tuple[str, ...]:
        return tags_of(self._r[_INTERESTS])

    @property
    def subjects(self) -> tuple[str, ...]:
        return tags_of(self._r[_SUBJECTS])

    @property
    def entered_on(self) -> date:
        return day_of(self._r[_ENTERED_ON])  # type: ignore[no-any-return]

    @property
    def status(self) -> str:
        return str(self._r[_STATUS])

    @property
    def phone(self) -> str:
        return str(self._r[_PHONE])

    @property
    def email(self) -> str:
        return str(self._r[_EMAIL])

    @property
    def contacts(self) -> str:  # a minor's guardian first
        r = self._r
        guardian = None
        if r[_G_LAST] is not None:
            guardian = (full_name(r[_G_LAST], r[_G_FIRST] or "", r[_G_PATRONYMIC] or ""),
                        r[_G_RELATION] or "", r[_G_PHONE] or r[_G_EMAIL] or "")
        minor = is_minor(self.birth_date, _KINDS[r[_KIND]], self._c.today)
        return contacts_text(r[_PHONE], r[_EMAIL], minor, guardian)

    def consent_state(self) -> ConsentState:
        if self._state is None:
            self._state = summary_state(self._c.consents.get(self._r[_PERSON_ID]),
                                        self._special_needed())
        return self._state

    def _special_needed(self) -> bool:
        return False

    @property
    def consent(self) -> str:  # «есть», «нет», «истекло», «отозвано», «нужно письменное»
        return self.consent_state().label

    @property
    def consent_ok(self) -> bool:
        return self.consent_state() is ConsentState.OK

    @property
    def archived(self) -> bool:
        return bool(self._r[_PERSON_STATUS] == _ARCHIVED)

    @property
    def results(self) -> str:
        return str(self._r[_RESULTS])

    @property
    def case_link(self) -> str:
        return str(self._r[_CASE_LINK])


class MenteeRow(_Row):
    """One mentee entry of a programme's base."""

    __slots__ = ()
    COLUMNS = MENTEE_COLUMNS
    FIELDS = (
        "id", "person_id", "full_name", "kind", "class_or_post", "grade", "organisation", "age",
        "birth_date", "sex", "request_kind_id", "request_kind", "request_text", "interests",
        "subjects", "has_disability", "special_category", "info_source", "entered_on", "status",
        "status_label", "form_id", "form", "role_model_id", "role_model", "mentor_name",
        "pair_id", "phone", "email", "contacts", "consent", "consent_ok", "archived", "results",
        "case_link")

    @property
    def grade(self) -> int | None:
        return self._r[_GRADE]  # type: ignore[no-any-return]

    @property
    def request_kind_id(self) -> int | None:
        return self._r[_REQUEST_KIND]  # type: ignore[no-any-return]

    @property
    def request_kind(self) -> str:
        return self._c.kinds.get(self._r[_REQUEST_KIND], ("", False))[0]

    @property
    def request_text(self) -> str:
        return str(self._r[_REQUEST_TEXT])

    @property
    def has_disability(self) -> bool:
        return bool(self._r[_DISABILITY])

    @property
    def special_category(self) -> bool:  # ОВЗ or a sensitive request: needs written consent
        return bool(self._r[_DISABILITY]) or self._c.kinds.get(
            self._r[_REQUEST_KIND], ("", False))[1]

    def _special_needed(self) -> bool:
        return self.special_category

    @property
    def info_source(self) -> str:
        source = self._r[_INFO_SOURCE]
        return _SOURCES[source] if source else ""

    @property
    def status_label(self) -> str:
        return _MENTEE_STATUSES[self._r[_STATUS]]

    @property
    def form_id(self) -> int | None:
        return self._r[_FORM]  # type: ignore[no-any-return]

    @property
    def form(self) -> str:
        return self._c.forms.get(self._r[_FORM], "")

    @property
    def role_model_id(self) -> int | None:
        return self._r[_ROLE_MODEL]  # type: ignore[no-any-return]

    @property
    def role_model(self) -> str:
        return self._c.role_models.get(self._r[_ROLE_MODEL], "")

    @property
    def mentor_name(self) -> str:
        found = self._c.mentors.get(self._r[_ID])
        return found[1] if found else ""

    @property
    def pair_id(self) -> int | None:
        found = self._c.mentors.get(self._r[_ID])
        return found[0] if found else None


class MentorRow(_Row):
    """One mentor entry seen from a programme: its own, or the long-term reserve."""

    __slots__ = ()
    COLUMNS = MENTOR_COLUMNS
    FIELDS = (
        "id", "person_id", "full_name", "kind", "class_or_post", "workplace", "organisation",
        "age", "birth_date", "sex", "competences", "achievements", "interests", "subjects",
        "mentee_age_min", "mentee_age_max", "mentee_ages", "meeting_times", "capacity", "load",
        "form_ids", "forms", "status", "status_label", "entered_on", "mentees", "phone", "email",
        "contacts", "consent", "consent_ok", "archived", "in_reserve", "share_with_district",
        "results", "case_link")

    @property
    def workplace(self) -> str:  # место работы/учёбы
        r = self._r
        return workplace_text(r[_PLACE], r[_POSITION], r[_GROUP], _KINDS[r[_KIND]],
                              self.organisation)

    @property
    def competences(self) -> tuple[str, ...]:
        return tags_of(self._r[_COMPETENCES])

    @property
    def achievements(self) -> str:
        return str(self._r[_ACHIEVEMENTS])

    @property
    def mentee_age_min(self) -> int | None:
        return self._r[_AGE_MIN]  # type: ignore[no-any-return]

    @property
    def mentee_age_max(self) -> int | None:
        return self._r[_AGE_MAX]  # type: ignore[no-any-return]

    @property
    def mentee_ages(self) -> str:  # «7–10 лет»
        return ages_text(self._r[_AGE_MIN], self._r[_AGE_MAX])

    @property
    def meeting_times(self) -> tuple[str, ...]:
        return tags_of(self._r[_MEETING_TIMES])

    @property
    def capacity(self) -> int:
        return int(self._r[_CAPACITY])

    @property
    def load(self) -> int:  # mentees in working pairs
        return self._c.mentees.get(self._r[_ID], ([], 0))[1]

    @property
    def form_ids(self) -> tuple[int, ...]:
        forms = self._c.forms
        return tuple(sorted(self._c.mentor_forms.get(self._r[_ID], ()),
                            key=lambda f: forms.get(f, "")))

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(self._c.forms[f] for f in self.form_ids)

    @property
    def status_label(self) -> str:
        return _MENTOR_STATUSES[self._r[_STATUS]]

    @property
    def mentees(self) -> tuple[str, ...]:
        return tuple(self._c.mentees.get(self._r[_ID], ([], 0))[0])

    @property
    def in_reserve(self) -> bool:  # the long-term base, not selected for a programme
        return self._r[_PROGRAMME] is None

    @property
    def share_with_district(self) -> bool:
        return bool(self._r[_SHARE])


Row = MenteeRow | MentorRow
RowMaker = Callable[[Any, Lookup], Row]
