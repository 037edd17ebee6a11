"""Who may be given a certificate, a letter or a diploma: the same rule for the CLI's `--ids`,
the batch and the GUI's «кого наградить» list (award_candidates).

A mentor qualifies when his or her candidacy was not rejected and he or she has a working or
finished pair in the programme, or already holds this award there (a re-print keeps its
number). A letter to parents also needs a pupil mentor with parents (legal representatives)
on record. Ids that do not qualify are refused, naming who and why; nothing is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound, ValidationError
from ..model.bases import MentorProfile
from ..model.enums import AwardKind, MentorStatus, PersonKind
from ..model.org import Guardianship, Person
from ..model.pairs import Pair
from ..model.programme import Programme
from ..model.record import Award
from .database import Database
from .printing_common import WORKED, detail_text, is_female, programme_of

# What a refusal names: «Нельзя напечатать сертификаты: …».
DOCUMENTS = {
    AwardKind.CERTIFICATE: "сертификаты участника программы наставничества",
    AwardKind.THANKS: "благодарственные письма",
    AwardKind.THANKS_PARENTS: "благодарственные письма родителям",
    AwardKind.DIPLOMA: "грамоты «Лучший наставник»",
}


@dataclass(frozen=True)
class AwardCandidate:
    """A mentor who can be given an award of a kind, for the GUI's «кого наградить» list."""

    mentor_id: int
    full_name: str
    detail: str
    number: str  # the register's number when the person already has this award, else ""


def guardians_of(s: Session, child: Person) -> list[Person]:
    return [g.guardian for g in s.scalars(select(Guardianship)
                                          .where(Guardianship.child_id == child.id)
                                          .order_by(Guardianship.id)).all()]


def child_pair(s: Session, programme: Programme, child: Person) -> Pair | None:
    return s.scalar(select(Pair).join(MentorProfile, Pair.mentor_id == MentorProfile.id)
                    .where(Pair.programme_id == programme.id, MentorProfile.person_id == child.id)
                    .order_by(Pair.status.in_(WORKED).desc(), Pair.id).limit(1))


def existing_award(s: Session, programme: Programme, kind: AwardKind,
                   person_id: int) -> Award | None:
    return s.scalar(select(Award).where(Award.programme_id == programme.id, Award.kind == kind,
                                        Award.person_id == person_id)
                    .order_by(Award.id).limit(1))


def parents_award(s: Session, programme: Programme, child: Person,
                  guardians: Sequence[Person]) -> Award | None:
    """The letter to this pupil's parents in the register: to one of the parents, and for the
    pupil's pair (or for no pair, as older entries were written)."""
    if not guardians:
        return None
    awards = s.scalars(select(Award).where(
        Award.programme_id == programme.id, Award.kind == AwardKind.THANKS_PARENTS,
        Award.person_id.in_([g.id for g in guardians])).order_by(Award.id)).all()
    for award in awards:
        if award.pair_id is None:
            return award
        pair = s.get(Pair, award.pair_id)
        if pair is not None and pair.mentor.person_id == child.id:
            return award
    return None


def held_award(s: Session, programme: Programme, kind: AwardKind,
               mentor: MentorProfile) -> Award | None:
    """The register's entry of this kind for the mentor (for THANKS_PARENTS, the letter to
    the pupil's parents), or None."""
    if kind == AwardKind.THANKS_PARENTS:
        return parents_award(s, programme, mentor.person, guardians_of(s, mentor.person))
    return existing_award(s, programme, kind, mentor.person_id)


def _has_worked_pair(s: Session, programme: Programme, mentor: MentorProfile) -> bool:
    return s.scalar(select(Pair.id).where(Pair.programme_id == programme.id,
                                          Pair.mentor_id == mentor.id,
                                          Pair.status.in_(WORKED)).limit(1)) is not None


def refusal(s: Session, programme: Programme, kind: AwardKind,
            mentor: MentorProfile) -> str | None:
    """Why the mentor cannot be given an award of `kind`, in plain Russian, or None."""
    person = mentor.person
    female = is_female(person)
    if mentor.status == MentorStatus.REJECTED:
        return "кандидатура в наставники отклонена при отборе"
    if kind == AwardKind.THANKS_PARENTS:
        if person.kind != PersonKind.PUPIL:
            return ("не обучающаяся" if female else "не обучающийся") + \
                ": письмо родителям пишут только родителям обучающихся-наставников"
        if not guardians_of(s, person):
            return "в базе не указаны родители (законные представители)"
    if held_award(s, programme, kind, mentor) is not None:
        return None
    if not _has_worked_pair(s, programme, mentor):
        return ("нет работающей или завершившей работу наставнической пары (группы) "
                "в этой программе")
    return None


def worked_mentors(s: Session, programme: Programme) -> list[MentorProfile]:
    """Every mentor of a working or finished pair of the programme, by name."""
    mentor_ids = s.scalars(select(Pair.mentor_id).where(
        Pair.programme_id == programme.id, Pair.status.in_(WORKED))).all()
    profiles = s.scalars(select(MentorProfile).where(MentorProfile.id.in_(mentor_ids))).all()
    return sorted((m for m in profiles if m.status != MentorStatus.REJECTED),
                  key=lambda m: m.person.full_name)


def chosen_mentors(s: Session, programme: Programme, kind: AwardKind,
                   ids: list[int]) -> list[MentorProfile]:
    """The mentor profiles with these ids, in the given order; refuses (ValidationError,
    naming who and why) when any of them does not qualify, NotFound for unknown ids."""
    found = {m.id: m for m in s.scalars(select(MentorProfile)
                                         .where(MentorProfile.id.in_(ids))).all()}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound("Наставники не найдены: " + ", ".join(map(str, missing))
                       + ". Возможно, их профили удалены.")
    chosen = [found[i] for i in dict.fromkeys(ids)]
    refused = [(m, why) for m in chosen if (why := refusal(s, programme, kind, m)) is not None]
    if refused:
        lines = "; ".join(f"{m.person.full_name} (№ {m.id}) — {why}" for m, why in refused)
        raise ValidationError(
            f"Нельзя напечатать {DOCUMENTS[kind]}: {lines}. Уберите "
            + ("этого человека" if len(refused) == 1 else "этих людей")
            + " из списка и повторите.", field="ids")
    return chosen


def awarded_mentors(s: Session, programme: Programme, kind: AwardKind) -> list[MentorProfile]:
    """The mentors of the programme whose persons hold an award of `kind` in it, by name."""
    persons = select(Award.person_id).where(Award.programme_id == programme.id,
                                            Award.kind == kind)
    profiles = s.scalars(select(MentorProfile).where(MentorProfile.person_id.in_(persons))
                         .order_by(MentorProfile.id)).all()
    chosen: dict[int, MentorProfile] = {}
    for profile in profiles:  # a person in several programmes: this programme's profile first
        if profile.person_id not in chosen or profile.programme_id == programme.id:
            chosen[profile.person_id] = profile
    return sorted((m for m in chosen.values() if m.status != MentorStatus.REJECTED),
                  key=lambda m: m.person.full_name)


def award_candidates(db: Database, kind: AwardKind,
                     programme_id: int | None = None) -> list[AwardCandidate]:
    """Everyone who may be given an award of `kind` (the module docstring's rule: exactly the
    ids the print accepts), by name, with the register number where there is one (for
    THANKS_PARENTS, the number of the letter to the pupil's parents)."""
    with db.read() as s:
        programme = programme_of(s, db, programme_id)
        mentors = {m.id: m for m in worked_mentors(s, programme)}
        if kind != AwardKind.THANKS_PARENTS:
            for m in awarded_mentors(s, programme, kind):
                mentors.setdefault(m.id, m)
        result = []
        for m in sorted(mentors.values(), key=lambda m: m.person.full_name):
            if refusal(s, programme, kind, m) is not None:
                continue
            award = held_award(s, programme, kind, m)
            result.append(AwardCandidate(m.id, m.person.full_name, detail_text(m.person),
                                         award.number if award is not None else ""))
    return result
