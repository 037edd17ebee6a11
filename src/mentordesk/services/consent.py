"""The register of consents to personal-data processing, and the guard that pairing uses.

A consent is signed on paper; the app keeps who signed it (the person, or a guardian for a
minor), when, for what, until when, and whether it covers special-category data (ОВЗ, ЗПР,
«группа риска»). `state_from` (Python) and `consent_state_expr` (SQL) decide alike, so the
bases' «нет согласия» filter, their consent column, the register and the guard never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, case, exists, not_, or_, select, union
from sqlalchemy.orm import Session, aliased, object_session, selectinload

from ..errors import ConsentMissing, NotFound, ValidationError
from ..model import (
    Consent,
    ConsentSigner,
    Guardianship,
    MenteeProfile,
    MentorProfile,
    Person,
    PersonKind,
    RequestKind,
)
from ..model.enums import LabelledEnum
from ..model.rules import age_on
from ..model.text import clean_name, normalise
from .database import Database

ADULT_AGE = 18
DEFAULT_SCOPE = ("ФИО, дата рождения, класс или место работы, контактные данные, сведения об "
                 "участии в программе наставничества")
SPECIAL_SCOPE = "; сведения о состоянии здоровья и особых образовательных потребностях"


class ConsentState(LabelledEnum):
    OK = ("ok", "есть")
    MISSING = ("missing", "нет")
    EXPIRED = ("expired", "истекло")
    WITHDRAWN = ("withdrawn", "отозвано")
    NEED_WRITTEN = ("need_written", "нужно письменное")


class ConsentFacts(Protocol):
    """What the state depends on: a `Consent` or any row with the same fields."""

    @property
    def signed_on(self) -> date: ...
    @property
    def valid_until(self) -> date | None: ...
    @property
    def withdrawn_on(self) -> date | None: ...
    @property
    def special_category(self) -> bool: ...


def is_valid_on(c: ConsentFacts, day: date) -> bool:
    if c.signed_on > day:
        return False
    if c.withdrawn_on is not None and c.withdrawn_on <= day:
        return False
    return c.valid_until is None or c.valid_until >= day


def state_from(consents: Iterable[ConsentFacts], today: date, special_needed: bool) -> ConsentState:
    items = list(consents)
    valid = [c for c in items if is_valid_on(c, today)]
    if valid:
        if special_needed and not any(c.special_category for c in valid):
            return ConsentState.NEED_WRITTEN
        return ConsentState.OK
    past = [c for c in items if c.signed_on <= today]
    if not past:
        return ConsentState.MISSING
    latest = max(past, key=lambda c: (c.signed_on, getattr(c, "id", 0) or 0))
    if latest.withdrawn_on is not None and latest.withdrawn_on <= today:
        return ConsentState.WITHDRAWN
    return ConsentState.EXPIRED


def is_minor(birth_date: date | None, kind: PersonKind, day: date) -> bool:
    """Under 18 on the day; a pupil whose birth date is unknown is taken for a minor."""
    if birth_date is None:
        return kind == PersonKind.PUPIL
    return age_on(birth_date, day) < ADULT_AGE


def special_needed_clause(profile: type[MenteeProfile] | Any = MenteeProfile) -> ColumnElement[bool]:
    """True for a mentee profile whose data is special-category (ОВЗ or a sensitive request)."""
    sensitive = exists().where(RequestKind.id == profile.request_kind_id,
                               RequestKind.sensitive.is_(True))
    return or_(profile.has_disability.is_(True), sensitive)


def _valid_clause(person_id: Any, today: date, *, special: bool) -> ColumnElement[bool]:
    c = aliased(Consent)
    conditions = [
        c.person_id == person_id, c.signed_on <= today,
        or_(c.withdrawn_on.is_(None), c.withdrawn_on > today),
        or_(c.valid_until.is_(None), c.valid_until >= today),
    ]
    if special:
        conditions.append(c.special_category.is_(True))
    return exists().where(*conditions)


def consent_state_expr(person_id: Any, today: date,
                       special_needed: ColumnElement[bool] | None = None) -> ColumnElement[str]:
    """SQL twin of `state_from`: the ConsentState value of each row, computed by the database
    (correlated subqueries on the indexed `consents.person_id`)."""
    c = aliased(Consent)
    valid = _valid_clause(person_id, today, special=False)
    past = exists().where(c.person_id == person_id, c.signed_on <= today)
    latest_withdrawn = (
        select(case((and_(c.withdrawn_on.is_not(None), c.withdrawn_on <= today), 1), else_=0))
        .where(c.person_id == person_id, c.signed_on <= today)
        .order_by(c.signed_on.desc(), c.id.desc()).limit(1).scalar_subquery()
    )
    whens: list[tuple[ColumnElement[bool], str]] = []
    if special_needed is not None:
        whens.append((and_(valid, special_needed,
                           not_(_valid_clause(person_id, today, special=True))),
                      ConsentState.NEED_WRITTEN.value))
    whens += [(valid, ConsentState.OK.value), (latest_withdrawn == 1, ConsentState.WITHDRAWN.value),
              (past, ConsentState.EXPIRED.value)]
    return case(*whens, else_=ConsentState.MISSING.value)


def special_needed_for(s: Session, person_id: int) -> bool:
    """Whether any of the person's mentee entries holds special-category data."""
    return bool(s.scalar(select(exists().where(MenteeProfile.person_id == person_id,
                                               special_needed_clause()))))


def consent_state(person: Person, today: date | None = None, *,
                  special_needed: bool | None = None) -> ConsentState:
    """The state of a loaded person's consents. Whether special-category consent is needed is
    looked up in the person's mentee entries unless the caller says."""
    if special_needed is None:
        session = object_session(person)
        special_needed = session is not None and special_needed_for(session, person.id)
    return state_from(person.consents, today or date.today(), special_needed)


# --- The guard ----------------------------------------------------------------------------------


def ensure_can_pair(target: Session | Database, person_id: int, today: date | None = None) -> None:
    """Raise `ConsentMissing`, naming the person, unless they may be put in a pair today."""
    today = today or date.today()
    if isinstance(target, Database):
        with target.read() as s:
            _ensure(s, person_id, today)
    else:
        _ensure(target, person_id, today)


def _ensure(s: Session, person_id: int, today: date) -> None:
    person = s.get(Person, person_id)
    if person is None:
        raise NotFound("Участник не найден: возможно, его удалили.")
    special = special_needed_for(s, person_id)
    state = state_from(person.consents, today, special)
    if state is ConsentState.OK:
        return
    who = _who(person)
    signer = ("законным представителем" if is_minor(person.birth_date, person.kind, today)
              else "самим участником")
    if state is ConsentState.NEED_WRITTEN:
        raise ConsentMissing(
            f"{who}: в базе есть сведения особой категории (ОВЗ или чувствительный запрос), а "
            "письменного согласия на их обработку нет. Внесите в реестр согласие с отметкой "
            f"«особые категории данных», подписанное {signer}, — после этого можно составить пару.")
    reason = {
        ConsentState.MISSING: "нет согласия на обработку персональных данных",
        ConsentState.EXPIRED: "срок согласия на обработку персональных данных истёк",
        ConsentState.WITHDRAWN: "согласие на обработку персональных данных отозвано",
    }[state]
    raise ConsentMissing(
        f"{who}: {reason}. Без действующего согласия участника нельзя включить в пару. "
        f"Внесите в реестр новое согласие, подписанное {signer}.")


def _who(person: Person) -> str:
    extra = person.group_name or person.position
    return f"{person.full_name} ({extra})" if extra else person.full_name


# --- The register -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentRow:
    """One participant of the programme and the consent that speaks for them."""

    person_id: int
    full_name: str
    class_or_post: str
    roles: str  # «наставляемый», «наставник» or both
    age: int | None
    minor: bool
    state: str  # a ConsentState value
    state_label: str
    special_needed: bool
    consent_id: int | None  # the valid consent, or the latest one
    signer: str  # «Сам(а)» or «Законный представитель»
    signed_by: str  # who signed: the guardian's name, or the person's own
    signed_on: date | None
    scope: str
    special_category: bool
    valid_until: date | None
    withdrawn_on: date | None
    document_ref: str
    guardians: tuple[str, ...]  # a minor's known guardians, who should sign


def consent_rows(db: Database, programme_id: int, today: date | None = None) -> list[ConsentRow]:
    """Every participant of the programme (both bases, the mentor reserve too), one row each."""
    today = today or date.today()
    mentees = select(MenteeProfile.person_id).where(MenteeProfile.programme_id == programme_id)
    mentors = select(MentorProfile.person_id).where(or_(MentorProfile.programme_id == programme_id,
                                                        MentorProfile.programme_id.is_(None)))
    scope = union(mentees, mentors).scalar_subquery()
    with db.read() as s:
        roles: dict[int, list[str]] = {}
        special: dict[int, bool] = {}
        for person_id, needs in s.execute(mentees.add_columns(special_needed_clause())):
            roles.setdefault(person_id, []).append("наставляемый")
            special[person_id] = special.get(person_id, False) or bool(needs)
        for person_id in s.scalars(mentors):
            if "наставник" not in roles.setdefault(person_id, []):
                roles[person_id].append("наставник")
        consents: dict[int, list[Consent]] = {}
        for c in s.scalars(select(Consent).where(Consent.person_id.in_(scope))
                           .options(selectinload(Consent.guardian))):
            consents.setdefault(c.person_id, []).append(c)
        guardians: dict[int, list[str]] = {}
        for child_id, relation, *name in s.execute(
                select(Guardianship.child_id, Guardianship.relation, Person.last_name,
                       Person.first_name, Person.patronymic)
                .join(Person, Person.id == Guardianship.guardian_id)
                .where(Guardianship.child_id.in_(scope)).order_by(Guardianship.id)):
            text = " ".join(part for part in name if part)
            guardians.setdefault(child_id, []).append(f"{text} ({relation})" if relation else text)
        rows = [_consent_row(p, roles[p.id], special.get(p.id, False), consents.get(p.id, []),
                             guardians.get(p.id, []), today)
                for p in s.scalars(select(Person).where(Person.id.in_(scope)))]
    rows.sort(key=lambda r: (normalise(r.full_name), r.person_id))
    return rows


def _consent_row(p: Person, roles: list[str], special: bool, consents: list[Consent],
                 guardians: list[str], today: date) -> ConsentRow:
    state = state_from(consents, today, special)
    valid = [c for c in consents if is_valid_on(c, today)]
    shown = max(valid or consents, key=lambda c: (c.special_category, c.signed_on), default=None)
    signed_by = ""
    if shown is not None:
        signed_by = (shown.guardian.full_name if shown.guardian is not None else shown.guardian_name) \
            if shown.signer == ConsentSigner.GUARDIAN else p.full_name
    return ConsentRow(
        person_id=p.id, full_name=p.full_name, class_or_post=p.group_name or p.position,
        roles=", ".join(roles), age=p.age_on(today),
        minor=is_minor(p.birth_date, p.kind, today), state=state.value, state_label=state.label,
        special_needed=special, consent_id=shown.id if shown else None,
        signer=shown.signer.label if shown else "", signed_by=signed_by,
        signed_on=shown.signed_on if shown else None, scope=shown.scope if shown else "",
        special_category=bool(shown and shown.special_category),
        valid_until=shown.valid_until if shown else None,
        withdrawn_on=shown.withdrawn_on if shown else None,
        document_ref=shown.document_ref if shown else "", guardians=tuple(guardians),
    )


@dataclass(frozen=True)
class ConsentForm:
    """A consent as the curator enters it; also the snapshot that undoes a deletion."""

    person_id: int
    signed_on: date
    signer: ConsentSigner | None = None  # None: a guardian for a minor, the person otherwise
    guardian_id: int | None = None
    guardian_name: str = ""
    scope: str = ""
    special_category: bool = False
    valid_until: date | None = None
    withdrawn_on: date | None = None
    document_ref: str = ""
    id: int | None = None  # set in a snapshot: restoring reuses the id when it is free


def record_consent(db: Database, form: ConsentForm, today: date | None = None) -> int:
    """Validate and store a consent; returns its id (undo: `delete_consent`)."""
    today = today or date.today()
    with db.write() as s:
        person = s.get(Person, form.person_id)
        if person is None:
            raise NotFound("Участник не найден: возможно, его удалили.")
        consent = _validated(s, person, form, today)
        if form.id is not None and s.get(Consent, form.id) is None:
            consent.id = form.id
        s.add(consent)
        s.flush()
        return consent.id


def _validated(s: Session, person: Person, form: ConsentForm, today: date) -> Consent:
    if form.signed_on > today:
        raise ValidationError("Дата подписания согласия ещё не наступила.", field="signed_on")
    if form.valid_until is not None and form.valid_until < form.signed_on:
        raise ValidationError("Согласие действует до даты, которая раньше даты подписания.",
                              field="valid_until")
    if form.withdrawn_on is not None:
        _check_withdrawal(form.signed_on, form.withdrawn_on, today)
    minor = is_minor(person.birth_date, person.kind, form.signed_on)
    signer = form.signer or (ConsentSigner.GUARDIAN if minor else ConsentSigner.SELF)
    if minor and signer != ConsentSigner.GUARDIAN:
        raise ValidationError(
            f"{person.full_name} на {form.signed_on:%d.%m.%Y} — несовершеннолетний участник: "
            "согласие подписывает законный представитель (родитель). Укажите его.",
            field="signer")
    guardian_name = " ".join(clean_name(part) for part in form.guardian_name.split())
    if signer == ConsentSigner.GUARDIAN:
        if form.guardian_id is not None:
            link = s.scalar(select(Guardianship).where(
                Guardianship.child_id == person.id, Guardianship.guardian_id == form.guardian_id))
            if link is None:
                raise ValidationError(
                    f"Выбранный человек не записан законным представителем "
                    f"{person.full_name}. Выберите представителя из списка или впишите ФИО.",
                    field="guardian")
        elif not guardian_name:
            raise ValidationError("Укажите ФИО законного представителя, подписавшего согласие.",
                                  field="guardian")
    scope = form.scope.strip() or DEFAULT_SCOPE + (SPECIAL_SCOPE if form.special_category else "")
    return Consent(
        person_id=person.id, signer=signer,
        guardian_id=form.guardian_id if signer == ConsentSigner.GUARDIAN else None,
        guardian_name=guardian_name if signer == ConsentSigner.GUARDIAN else "",
        signed_on=form.signed_on, scope=scope, special_category=form.special_category,
        valid_until=form.valid_until, withdrawn_on=form.withdrawn_on,
        document_ref=form.document_ref.strip(),
    )


def _check_withdrawal(signed_on: date, on: date, today: date) -> None:
    if on > today:
        raise ValidationError("Дата отзыва согласия ещё не наступила.", field="withdrawn_on")
    if on < signed_on:
        raise ValidationError(
            f"Согласие не могли отозвать раньше, чем подписали ({signed_on:%d.%m.%Y}).",
            field="withdrawn_on")


def withdraw_consent(db: Database, consent_id: int, on: date | None = None,
                     today: date | None = None) -> date | None:
    """Mark a consent withdrawn; returns the previous withdrawal date (undo: `set_withdrawn`)."""
    today = today or date.today()
    return set_withdrawn(db, consent_id, on or today, today)


def set_withdrawn(db: Database, consent_id: int, on: date | None,
                  today: date | None = None) -> date | None:
    today = today or date.today()
    with db.write() as s:
        c = s.get(Consent, consent_id)
        if c is None:
            raise NotFound("Согласие не найдено: возможно, его удалили.")
        if on is not None:
            _check_withdrawal(c.signed_on, on, today)
        previous = c.withdrawn_on
        c.withdrawn_on = on
        return previous


def snapshot_consent(c: Consent) -> ConsentForm:
    guardian_name = c.guardian_name or (c.guardian.full_name if c.guardian else "")
    return ConsentForm(
        person_id=c.person_id, signed_on=c.signed_on, signer=c.signer, guardian_id=c.guardian_id,
        guardian_name=guardian_name, scope=c.scope, special_category=c.special_category,
        valid_until=c.valid_until, withdrawn_on=c.withdrawn_on, document_ref=c.document_ref,
        id=c.id,
    )


def delete_consent(db: Database, consent_id: int) -> ConsentForm:
    """Delete an entry made by mistake; returns what `restore_consent` puts back."""
    with db.write() as s:
        c = s.get(Consent, consent_id)
        if c is None:
            raise NotFound("Согласие не найдено: возможно, его уже удалили.")
        snapshot = snapshot_consent(c)
        s.delete(c)
        return snapshot


def restore_consent(db: Database, snapshot: ConsentForm) -> int:
    """Put back a deleted consent exactly as it was, with its id when that is free."""
    with db.write() as s:
        if s.get(Person, snapshot.person_id) is None:
            raise NotFound("Участник, чьё согласие возвращается, уже удалён.")
        c = Consent(
            person_id=snapshot.person_id, signer=snapshot.signer or ConsentSigner.SELF,
            guardian_id=snapshot.guardian_id if snapshot.guardian_id is not None
            and s.get(Person, snapshot.guardian_id) is not None else None,
            guardian_name=snapshot.guardian_name, signed_on=snapshot.signed_on,
            scope=snapshot.scope, special_category=snapshot.special_category,
            valid_until=snapshot.valid_until, withdrawn_on=snapshot.withdrawn_on,
            document_ref=snapshot.document_ref,
        )
        if snapshot.id is not None and s.get(Consent, snapshot.id) is None:
            c.id = snapshot.id
        s.add(c)
        s.flush()
        return c.id


def guardians_of(db: Database, person_id: int) -> list[tuple[int, str, str]]:
    """(guardian id, ФИО, relation) of a minor, for the consent dialog's list of signers."""
    with db.read() as s:
        rows = s.execute(
            select(Person, Guardianship.relation)
            .join(Guardianship, Guardianship.guardian_id == Person.id)
            .where(Guardianship.child_id == person_id).order_by(Person.last_name)
        ).all()
        return [(p.id, p.full_name, relation) for p, relation in rows]
