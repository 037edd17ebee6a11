"""Certificates, благодарственные письма and грамоты «Лучший наставник»: one sheet per
recipient in one PDF, every sheet numbered and written to the awards register (Award).

Numbers read «С-2027-001» (certificates), «Б-2027-001» (letters to mentors), «БР-2027-001»
(letters to parents) and «Г-2027-001» (diplomas): the prefix, the year of issue and a serial
that continues from the register's highest number of that kind, prefix and year.

The register entry is written in the same transaction as the print: if the PDF cannot be
written (an error, a cancel), no number is spent. A person who already has an award of the
kind in the programme is not registered again: the re-print carries the number and the date
of issue from the register, so printing the batch twice never doubles the register.
A letter to parents is registered to the first parent (the addressee) and to the pupil's pair.

Who may be printed is decided in printing_awardees (the same rule as the GUI's list): ids that
do not qualify (a rejected candidate, a mentor with no working pair, a pupil with no parents
on record) are refused, naming who and why.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..documents.atomic import DocumentError
from ..documents.awards import (
    AwardContext,
    Recipient,
    Sheet,
    build_awards,
    certificate_sheet,
    diploma_sheet,
    mentor_letter_sheet,
    parents_letter_sheet,
)
from ..documents.names import inflect
from ..documents.pdf import Cancelled, Progress
from ..documents.wording import post_dative, pupil_phrase, student_phrase
from ..errors import ReadOnlyError, ValidationError
from ..model.bases import MentorProfile
from ..model.enums import AwardKind, PersonKind
from ..model.org import Organisation, Person
from ..model.programme import Programme
from ..model.record import Award
from .database import Database
from .printing_awardees import (
    AwardCandidate,
    award_candidates,
    awarded_mentors,
    child_pair,
    chosen_mentors,
    existing_award,
    guardians_of,
    parents_award,
    worked_mentors,
)
from .printing_common import (
    check_suffix,
    header,
    id_list,
    is_female,
    org_of,
    programme_of,
    sex_of,
    short_org,
)

__all__ = ["CERTIFICATE_PREFIX", "DIPLOMA_PREFIX", "LETTER_PREFIX", "PARENTS_LETTER_PREFIX",
           "AwardCandidate", "award_candidates", "print_certificates", "print_diplomas",
           "print_letters"]

CERTIFICATE_PREFIX = "С"
LETTER_PREFIX = "Б"
PARENTS_LETTER_PREFIX = "БР"
DIPLOMA_PREFIX = "Г"

PREFIXES = {AwardKind.CERTIFICATE: CERTIFICATE_PREFIX, AwardKind.THANKS: LETTER_PREFIX,
            AwardKind.THANKS_PARENTS: PARENTS_LETTER_PREFIX, AwardKind.DIPLOMA: DIPLOMA_PREFIX}
WORDING = {
    AwardKind.CERTIFICATE: "Сертификат участника программы наставничества (наставник)",
    AwardKind.THANKS: "Благодарственное письмо наставнику",
    AwardKind.THANKS_PARENTS: "Благодарственное письмо родителям (законным представителям) "
                              "обучающегося-наставника",
    AwardKind.DIPLOMA: "Грамота «Лучший наставник»",
}


# --- The register --------------------------------------------------------------------------------


def _next_number(s: Session, kind: AwardKind, prefix: str) -> int:
    """The next free serial after the highest in the register with this prefix."""
    highest = 0
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    for number in s.scalars(select(Award.number).where(Award.kind == kind)).all():
        match = pattern.match(number)
        if match:
            highest = max(highest, int(match.group(1)))
    return highest + 1


class _Register:
    """Hands out the register's entry for each person printed: the existing one, or a new
    one with the next number (added to the session, committed with the print)."""

    def __init__(self, s: Session, programme: Programme, kind: AwardKind, on: date) -> None:
        self.s, self.programme, self.kind, self.on = s, programme, kind, on
        self.prefix = f"{PREFIXES[kind]}-{on.year}-"
        self.serial = _next_number(s, kind, self.prefix)
        self.added = 0

    def entry(self, person: Person) -> Award:
        """The person's award of this kind in the programme, or a new one."""
        found = existing_award(self.s, self.programme, self.kind, person.id)
        return found if found is not None else self.add(person)

    def add(self, person: Person, pair_id: int | None = None) -> Award:
        award = Award(programme_id=self.programme.id, kind=self.kind,
                      number=f"{self.prefix}{self.serial:03d}", issued_on=self.on,
                      person_id=person.id, pair_id=pair_id, wording=WORDING[self.kind])
        self.serial += 1
        self.added += 1
        self.s.add(award)
        self.s.flush()
        return award


# --- Sheets --------------------------------------------------------------------------------------


def award_detail(person: Person, case: str = "nominative") -> str:
    """What goes under a name on an award, in the name's case (nominative or dative):
    «обучающийся 9Б класса» / «обучающемуся 9Б класса», «студентке группы ИС-21», or the post
    and the place of work («художественному руководителю, МБУК «Дом культуры»»). A post the
    rules cannot put in the dative is left out rather than printed in the wrong case."""
    female = is_female(person)
    if person.kind == PersonKind.PUPIL and person.group_name:
        return pupil_phrase(person.group_name, female, case)
    if person.kind == PersonKind.STUDENT and person.group_name:
        return student_phrase(person.group_name, female, case)
    post = person.position.strip()
    if post and case == "dative":
        post = post_dative(post) or ""
    return ", ".join(p for p in (post, person.place.strip()) if p)


def _recipient(person: Person, child: bool = False) -> Recipient:
    sex = sex_of(person)
    forms = person.name_forms or None
    first = " ".join(p for p in (person.first_name, person.patronymic) if p)
    return Recipient(
        nominative=inflect(person.full_name, "nominative", sex, forms),
        dative=inflect(person.full_name, "dative", sex, forms),
        genitive=inflect(person.full_name, "genitive", sex, forms),
        first_patronymic=person.first_name if child else (first if person.patronymic else ""),
        female=is_female(person),
        detail="" if child else award_detail(person, "nominative"),
        detail_dative="" if child else award_detail(person, "dative"),
    )


def _context(programme: Programme, org: Organisation | None, on: date) -> AwardContext:
    return AwardContext(
        organisation=header(org), org_short=short_org(org), programme_title=programme.title,
        academic_years=programme.academic_years,
        director_position=(org.director_position if org and org.director_position
                           else "Директор"),
        director_name=org.director_name if org else "", city=org.city if org else "",
        issued_on=on)


def _pick(kind: AwardKind, wanted: list[int] | None,
          default: Callable[[Session, Programme], list[MentorProfile]] = worked_mentors,
          ) -> Callable[[Session, Programme], list[MentorProfile]]:
    """The mentors to print: the chosen ids (refused unless every one qualifies), else the
    default batch."""
    def pick(s: Session, programme: Programme) -> list[MentorProfile]:
        if wanted is None:
            return default(s, programme)
        return chosen_mentors(s, programme, kind, wanted)

    return pick


SheetMaker = Callable[[Session, Programme, AwardContext, _Register, MentorProfile], Sheet | None]


def _mentor_sheet(layout: Callable[[AwardContext, Recipient, str], Sheet]) -> SheetMaker:
    """A maker of one award sheet to the mentor, numbered by the register's entry."""

    def make(s: Session, programme: Programme, ctx: AwardContext, register: _Register,
             mentor: MentorProfile) -> Sheet:
        award = register.entry(mentor.person)
        return layout(_dated(ctx, award), _recipient(mentor.person), award.number)

    return make


def _print_batch(db: Database, out: str | os.PathLike[str], kind: AwardKind, title: str,
                 mentors: Callable[[Session, Programme], list[MentorProfile]],
                 make: SheetMaker, empty: str, on: date | None, progress: Progress | None,
                 cancelled: Cancelled | None, programme_id: int | None) -> int:
    """Gather, number and register in one write transaction and build the PDF inside it, so a
    failed or cancelled build rolls the register back. The PDF is built beside the target
    under a hidden name and put in place only after the commit."""
    target = Path(out)
    check_suffix(target, (".pdf",))
    if db.read_only:
        raise ReadOnlyError(
            "База открыта только для чтения, а напечатанные сертификаты, письма и грамоты "
            "записываются в реестр наград. Закройте другое окно MentorDesk с этой базой и "
            "откройте её снова.")
    on = on or date.today()
    pending = target.with_name(f".{target.stem}.pending{target.suffix}")
    try:
        with db.write() as s:
            programme = programme_of(s, db, programme_id)
            ctx = _context(programme, org_of(s, programme), on)
            register = _Register(s, programme, kind, on)
            sheets = [sheet for m in mentors(s, programme)
                      if (sheet := make(s, programme, ctx, register, m)) is not None]
            if not sheets:
                raise ValidationError(empty)
            build_awards(pending, sheets, title, progress=progress, cancelled=cancelled)
        os.replace(pending, target)
    except OSError as exc:
        raise DocumentError(
            f"Не удаётся записать «{target.name}»: файл открыт в другой программе, нет места "
            "на диске или нет доступа. Закройте файл и повторите.", details=str(exc)) from exc
    finally:
        pending.unlink(missing_ok=True)
    return len(sheets)


def _dated(ctx: AwardContext, award: Award) -> AwardContext:
    return dataclasses.replace(ctx, issued_on=award.issued_on)


# --- The print functions -------------------------------------------------------------------------


def print_certificates(db: Database, out: str | os.PathLike[str],
                       ids: Iterable[int] | None = None, on: date | None = None,
                       progress: Progress | None = None, cancelled: Cancelled | None = None,
                       programme_id: int | None = None) -> int:
    """Certificates of participation for mentors (MentorProfile ids; by default every mentor
    of an active or completed pair), one landscape page each, numbered «С-2027-001» and
    recorded in the awards register. Returns the number printed."""
    wanted = id_list(ids)


    return _print_batch(
        db, out, AwardKind.CERTIFICATE, "Сертификаты участников программы наставничества",
        _pick(AwardKind.CERTIFICATE, wanted), _mentor_sheet(certificate_sheet),
        "Некому печатать сертификаты: в программе нет работающих или завершивших работу "
        "наставнических пар.", on, progress, cancelled, programme_id)


def print_letters(db: Database, out: str | os.PathLike[str], ids: Iterable[int] | None = None,
                  parents: bool = False, on: date | None = None,
                  progress: Progress | None = None, cancelled: Cancelled | None = None,
                  programme_id: int | None = None) -> int:
    """Благодарственные письма: to mentors (MentorProfile ids; by default every mentor of an
    active or completed pair), or with `parents=True` to the parents of pupil mentors (one
    letter per pupil, to all the pupil's guardians). Numbered «Б-2027-001» / «БР-2027-001»
    and recorded in the awards register. Returns the number of letters."""
    wanted = id_list(ids)


    def to_parents(s: Session, programme: Programme, ctx: AwardContext, register: _Register,
                   mentor: MentorProfile) -> Sheet | None:
        child = mentor.person
        if child.kind != PersonKind.PUPIL:
            return None
        guardians = guardians_of(s, child)
        if not guardians:
            return None
        award = parents_award(s, programme, child, guardians)
        if award is None:
            pair = child_pair(s, programme, child)
            award = register.add(guardians[0], pair.id if pair is not None else None)
        return parents_letter_sheet(_dated(ctx, award), [_recipient(g) for g in guardians],
                                    _recipient(child, child=True), child.group_name,
                                    award.number)

    if parents:
        return _print_batch(
            db, out, AwardKind.THANKS_PARENTS, "Благодарственные письма родителям",
            _pick(AwardKind.THANKS_PARENTS, wanted), to_parents,
            "Некому печатать благодарственные письма родителям: среди выбранных наставников "
            "нет обучающихся с указанными родителями (законными представителями).",
            on, progress, cancelled, programme_id)
    return _print_batch(
        db, out, AwardKind.THANKS, "Благодарственные письма",
        _pick(AwardKind.THANKS, wanted), _mentor_sheet(mentor_letter_sheet),
        "Некому печатать благодарственные письма: в программе нет работающих или "
        "завершивших работу наставников.", on, progress, cancelled, programme_id)


def print_diplomas(db: Database, out: str | os.PathLike[str], ids: Iterable[int] | None = None,
                   on: date | None = None, progress: Progress | None = None,
                   cancelled: Cancelled | None = None, programme_id: int | None = None) -> int:
    """Грамоты «Лучший наставник», one landscape page each, numbered «Г-2027-001» and recorded
    in the awards register. `ids` are the MentorProfile ids of the mentors to award; by
    default the grамоты already in the register are printed again (the best mentor is the
    curator's choice, never everyone). Returns the number printed."""
    wanted = id_list(ids)

    def holders(s: Session, programme: Programme) -> list[MentorProfile]:
        return awarded_mentors(s, programme, AwardKind.DIPLOMA)


    return _print_batch(
        db, out, AwardKind.DIPLOMA, "Грамоты «Лучший наставник»",
        _pick(AwardKind.DIPLOMA, wanted, holders), _mentor_sheet(diploma_sheet),
        "Некого награждать грамотой «Лучший наставник»: в реестре наград программы ещё нет "
        "ни одной такой грамоты. Выберите наставников, которых нужно наградить (в командной "
        "строке — параметр --ids с номерами наставников).",
        on, progress, cancelled, programme_id)
