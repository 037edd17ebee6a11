"""Printing: gathers the data of a document from the database into plain dataclasses and
hands them to mentordesk.documents (which never opens a session).

One function per kind of document, as the CLI calls them
(`mentordesk print plans|order-pairs|order-curator|certificates|letters|bases`):

    print_plans(db, out, ids=None)                       -> number of plans
    print_order_pairs(db, out, number=None, on=None)     -> 1 (.pdf or .docx by the suffix)
    print_order_curator(db, out, number=None, on=None)   -> 1 (.pdf or .docx by the suffix)
    print_certificates(db, out, ids=None, on=None)       -> number of certificates
    print_letters(db, out, ids=None, parents=False)      -> number of letters
    print_bases(db, out)                                 -> number of rows (both bases)

Every function takes `programme_id` (the current programme by default), `progress(done,
total)` and `cancelled()`, raises app errors in Russian when there is nothing to print, and
never leaves a half-written file. Certificates are numbered «С-2026-001» and written to the
Award register in the same transaction as the print: if the PDF cannot be written, no
number is spent; numbering continues from the register's highest number of the same year.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..documents.awards import (
    AwardContext,
    Recipient,
    Sheet,
    build_awards,
    certificate_sheet,
    mentor_letter_sheet,
    parents_letter_sheet,
)
from ..documents.docx_orders import write_order_docx
from ..documents.names import inflect
from ..documents.orders import (
    CuratorOrderData,
    Order,
    PairRow,
    PairsOrderData,
    ProgrammeInfo,
    curator_order,
    pairs_order,
    write_order_pdf,
)
from ..documents.orders import Person as OrderPerson
from ..documents.pdf import Cancelled, OrgHeader, Progress
from ..documents.plan import PlanData, PlanRow, build_plans
from ..errors import NotFound, ValidationError
from ..model.bases import MenteeProfile, MentorProfile
from ..model.enums import AwardKind, PairStatus, PersonKind, Sex
from ..model.org import Guardianship, Organisation, Person
from ..model.pairs import DevelopmentPlan, Pair
from ..model.programme import Programme
from ..model.record import Award
from .database import Database
from .programme import current_programme_id

__all__ = [
    "CERTIFICATE_PREFIX",
    "print_bases",
    "print_certificates",
    "print_letters",
    "print_order_curator",
    "print_order_pairs",
    "print_plans",
]

# Pairs that an order lists and that earn certificates: approved, working or finished.
APPROVED = (PairStatus.APPROVED, PairStatus.ACTIVE, PairStatus.COMPLETED)
CERTIFICATE_PREFIX = "С"


# --- Shared gathering ----------------------------------------------------------------------------


def _programme(s: Session, db: Database, programme_id: int | None) -> Programme:
    pid = programme_id if programme_id is not None else current_programme_id(db)
    if pid is None:
        raise ValidationError("В базе нет программы наставничества — печатать нечего. "
                              "Создайте программу на вкладке «Программа».")
    programme = s.get(Programme, pid)
    if programme is None:
        raise NotFound("Программа наставничества не найдена: возможно, она удалена.")
    return programme


def _org(s: Session, programme: Programme) -> Organisation | None:
    if programme.organisation is not None:
        return programme.organisation
    return s.scalar(select(Organisation).where(Organisation.parent_id.is_(None))
                    .order_by(Organisation.id).limit(1))


def _header(org: Organisation | None) -> OrgHeader:
    if org is None:
        return OrgHeader("")
    return OrgHeader(org.name, org.city)


def _short(org: Organisation | None) -> str:
    if org is None:
        return "образовательной организации"
    return org.short_name or org.name


def _sex(person: Person) -> str | None:
    return person.sex.value if isinstance(person.sex, Sex) else None


def _female(person: Person) -> bool | None:
    sex = _sex(person)
    if sex is None:
        from ..documents.names import guess_sex
        from ..model.rules import RuleError, split_full_name
        try:
            sex = guess_sex(split_full_name(person.full_name))
        except RuleError:
            return None
    return None if sex is None else sex == "f"


def _order_person(person: Person | None) -> OrderPerson | None:
    if person is None:
        return None
    return OrderPerson(person.full_name, _sex(person), person.name_forms or None, person.position)


def _date(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{_date(start)} – {_date(end)}"
    if start:
        return f"с {_date(start)}"
    if end:
        return f"до {_date(end)}"
    return ""


def _detail(person: Person) -> tuple[str, str]:
    """(label, value): the class of a pupil, the group of a student, the post of an adult."""
    if person.kind == PersonKind.PUPIL and person.group_name:
        return "Класс", person.group_name
    if person.kind == PersonKind.STUDENT and person.group_name:
        return "Группа", person.group_name
    post = ", ".join(p for p in (person.position, person.place) if p)
    return ("Должность", post) if post else ("", "")


def _detail_text(person: Person) -> str:
    label, value = _detail(person)
    if not value:
        return ""
    return f"{value} класс" if label == "Класс" else value


def _ids(ids: Iterable[int] | None) -> list[int] | None:
    return None if ids is None else [int(i) for i in ids]


def _check_suffix(out: Path, allowed: Sequence[str]) -> str:
    suffix = out.suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            f"Не удаётся сохранить «{out.name}»: выберите файл с расширением "
            + " или ".join(allowed) + ".", field="out")
    return suffix


# --- Plans ---------------------------------------------------------------------------------------


def _plan_data(plan: DevelopmentPlan, pair: Pair, mentee: MenteeProfile, programme: Programme,
               org: Organisation | None) -> PlanData:
    person = mentee.person
    label, value = _detail(person)
    request = mentee.request_text
    if mentee.request_kind is not None and not request.startswith(mentee.request_kind.name):
        request = f"{mentee.request_kind.name}: {request}" if request else mentee.request_kind.name
    rows = [
        PlanRow(item.activity, item.due_text or _date(item.due_on), item.expected_result,
                item.done_note or ("Выполнено" if item.done else ""))
        for item in plan.items
    ]
    return PlanData(
        title=programme.plan_title.label,
        mentee=person.full_name,
        mentee_detail_label=label,
        mentee_detail=value,
        mentor=pair.mentor.person.full_name,
        mentor_detail=_detail_text(pair.mentor.person),
        form=pair.form.name if pair.form else "",
        role_model=pair.role_model.name if pair.role_model else "",
        period=_period(plan.starts_on or pair.starts_on, plan.ends_on or pair.ends_on),
        request=request,
        goal=plan.goal,
        tasks=plan.tasks,
        rows=rows,
        results=plan.results,
        reflection=plan.reflection,
        curator=programme.curator.full_name if programme.curator else "",
        mentee_female=_female(person),
        organisation=_header(org),
    )


def print_plans(db: Database, out: str | os.PathLike[str], ids: Iterable[int] | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None,
                programme_id: int | None = None) -> int:
    """Plans of the programme (or those with the given DevelopmentPlan ids) in one PDF, each
    from a new page. Returns the number of plans printed."""
    out = Path(out)
    _check_suffix(out, (".pdf",))
    wanted = _ids(ids)
    with db.read() as s:
        programme = _programme(s, db, programme_id)
        org = _org(s, programme)
        stmt = (select(DevelopmentPlan, Pair, MenteeProfile)
                .join(Pair, DevelopmentPlan.pair_id == Pair.id)
                .join(MenteeProfile, DevelopmentPlan.mentee_id == MenteeProfile.id)
                .where(Pair.programme_id == programme.id)
                .order_by(Pair.id, DevelopmentPlan.id))
        if wanted is not None:
            stmt = stmt.where(DevelopmentPlan.id.in_(wanted))
        plans = [_plan_data(plan, pair, mentee, programme, org)
                 for plan, pair, mentee in s.execute(stmt).all()]
    if not plans:
        raise ValidationError(
            "Нет планов для печати: в программе ещё не составлено ни одного "
            "индивидуального плана (маршрута) наставляемого." if wanted is None else
            "Выбранные планы не найдены в текущей программе: возможно, они удалены.")
    build_plans(out, plans, progress=progress, cancelled=cancelled)
    return len(plans)


# --- Orders --------------------------------------------------------------------------------------


def _programme_info(programme: Programme) -> ProgrammeInfo:
    return ProgrammeInfo(programme.title, programme.academic_years, programme.starts_on,
                         programme.ends_on, programme.plan_title.label)


def _director(org: Organisation | None) -> tuple[OrderPerson, str]:
    if org is None or not org.director_name:
        raise ValidationError(
            "Не указан директор организации: приказ некому подписать. Заполните ФИО директора "
            "в карточке организации.")
    return OrderPerson(org.director_name), org.director_position or "Директор"


def _write_order(order: Order, out: Path, progress: Progress | None,
                 cancelled: Cancelled | None) -> int:
    suffix = _check_suffix(out, (".pdf", ".docx"))
    if suffix == ".docx":
        if cancelled is not None and cancelled():
            from ..documents.pdf import DocumentCancelled
            raise DocumentCancelled()
        write_order_docx(order, out)
        if progress is not None:
            progress(1, 1)
    else:
        write_order_pdf(order, out, progress=progress, cancelled=cancelled)
    return 1


def _mentee_line(person: Person) -> str:
    detail = person.group_name if person.kind in (PersonKind.PUPIL, PersonKind.STUDENT) else ""
    return f"{person.full_name}, {detail}" if detail else person.full_name


def print_order_pairs(db: Database, out: str | os.PathLike[str], number: str | None = None,
                      on: date | None = None, progress: Progress | None = None,
                      cancelled: Cancelled | None = None, programme_id: int | None = None,
                      plans_due: date | None = None) -> int:
    """Приказ «Об утверждении наставнических пар/групп» as .pdf or .docx (by `out`'s suffix).
    Number and date default to those recorded on the pairs. Returns 1."""
    out = Path(out)
    _check_suffix(out, (".pdf", ".docx"))
    with db.read() as s:
        programme = _programme(s, db, programme_id)
        org = _org(s, programme)
        director, position = _director(org)
        pairs = s.scalars(select(Pair).where(Pair.programme_id == programme.id,
                                             Pair.status.in_(APPROVED))
                          .order_by(Pair.id)).all()
        rows = []
        numbers: dict[str, int] = {}
        dates: dict[date, int] = {}
        for pair in pairs:
            members = [m for m in pair.members if m.left_on is None]
            if not members:
                continue
            if pair.order_number:
                numbers[pair.order_number] = numbers.get(pair.order_number, 0) + 1
            if pair.order_date:
                dates[pair.order_date] = dates.get(pair.order_date, 0) + 1
            rows.append(PairRow(
                mentor=pair.mentor.person.full_name,
                mentor_detail=_detail_text(pair.mentor.person),
                mentees=[_mentee_line(m.mentee.person) for m in members],
                form=pair.form.name if pair.form else "",
                role_model=pair.role_model.name if pair.role_model else "",
                period=_period(pair.starts_on, pair.ends_on),
            ))
        if not rows:
            raise ValidationError(
                "Нет утверждённых наставнических пар и групп: приказ печатать не о чем. "
                "Сначала сформируйте и утвердите пары.")
        data = PairsOrderData(
            organisation=_header(org), org_short=_short(org),
            programme=_programme_info(programme),
            number=number if number is not None else (max(numbers, key=numbers.__getitem__)
                                                      if numbers else ""),
            on=on if on is not None else (max(dates, key=dates.__getitem__) if dates else None),
            pairs=rows, curator=_order_person(programme.curator), director=director,
            director_position=position, plans_due=plans_due)
    return _write_order(pairs_order(data), out, progress, cancelled)


def print_order_curator(db: Database, out: str | os.PathLike[str], number: str | None = None,
                        on: date | None = None, progress: Progress | None = None,
                        cancelled: Cancelled | None = None,
                        programme_id: int | None = None) -> int:
    """Приказ о назначении куратора и внедрении целевой модели наставничества, .pdf or .docx.
    Number and date default to the programme's curator order. Returns 1."""
    out = Path(out)
    _check_suffix(out, (".pdf", ".docx"))
    with db.read() as s:
        programme = _programme(s, db, programme_id)
        org = _org(s, programme)
        director, position = _director(org)
        curator = _order_person(programme.curator)
        if curator is None:
            raise ValidationError(
                "В программе не указан куратор: назначать некого. Выберите куратора "
                "в карточке программы.")
        data = CuratorOrderData(
            organisation=_header(org), org_short=_short(org),
            programme=_programme_info(programme),
            number=number if number is not None else programme.curator_order_number,
            on=on if on is not None else programme.curator_order_date,
            curator=curator, director=director, director_position=position,
            forms=[f.name for f in programme.forms])
    return _write_order(curator_order(data), out, progress, cancelled)


# --- Certificates and letters --------------------------------------------------------------------


def _recipient(person: Person, detail: str = "", child: bool = False) -> Recipient:
    sex = _sex(person)
    forms = person.name_forms or None
    first = " ".join(p for p in (person.first_name, person.patronymic) if p)
    return Recipient(
        nominative=inflect(person.full_name, "nominative", sex, forms),
        dative=inflect(person.full_name, "dative", sex, forms),
        genitive=inflect(person.full_name, "genitive", sex, forms),
        first_patronymic=person.first_name if child else (first if person.patronymic else ""),
        female=_female(person),
        detail=detail,
    )


def _context(programme: Programme, org: Organisation | None, on: date) -> AwardContext:
    return AwardContext(
        organisation=_header(org), org_short=_short(org), programme_title=programme.title,
        academic_years=programme.academic_years,
        director_position=(org.director_position if org and org.director_position
                           else "Директор"),
        director_name=org.director_name if org else "", city=org.city if org else "",
        issued_on=on)


def _mentors(s: Session, programme: Programme, ids: list[int] | None) -> list[MentorProfile]:
    """Mentor profiles by id, or every mentor of an approved, working or finished pair."""
    if ids is not None:
        found = {m.id: m for m in s.scalars(select(MentorProfile)
                                             .where(MentorProfile.id.in_(ids))).all()}
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound("Наставники не найдены: " + ", ".join(map(str, missing))
                           + ". Возможно, их профили удалены.")
        return [found[i] for i in dict.fromkeys(ids)]
    mentor_ids = s.scalars(select(Pair.mentor_id).where(
        Pair.programme_id == programme.id,
        Pair.status.in_((PairStatus.ACTIVE, PairStatus.COMPLETED))).order_by(Pair.id)).all()
    profiles = {m.id: m for m in s.scalars(select(MentorProfile)
                                            .where(MentorProfile.id.in_(mentor_ids))).all()}
    ordered = [profiles[i] for i in dict.fromkeys(mentor_ids)]
    return sorted(ordered, key=lambda m: m.person.full_name)


def _next_number(s: Session, kind: AwardKind, prefix: str) -> int:
    """The next free serial after the highest in the register with this prefix."""
    highest = 0
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    for number in s.scalars(select(Award.number).where(Award.kind == kind)).all():
        match = pattern.match(number)
        if match:
            highest = max(highest, int(match.group(1)))
    return highest + 1


def print_certificates(db: Database, out: str | os.PathLike[str],
                       ids: Iterable[int] | None = None, on: date | None = None,
                       progress: Progress | None = None, cancelled: Cancelled | None = None,
                       programme_id: int | None = None) -> int:
    """Certificates of participation for mentors (MentorProfile ids; by default every mentor
    of an active or completed pair), one landscape page each, numbered «С-2026-001» and
    recorded in the Award register together. Returns the number printed."""
    out = Path(out)
    _check_suffix(out, (".pdf",))
    on = on or date.today()
    wanted = _ids(ids)
    pending = out.with_name(f".{out.stem}.pending{out.suffix}")
    try:
        with db.write() as s:
            programme = _programme(s, db, programme_id)
            org = _org(s, programme)
            mentors = _mentors(s, programme, wanted)
            if not mentors:
                raise ValidationError(
                    "Некому печатать сертификаты: в программе нет работающих или завершивших "
                    "работу наставнических пар.")
            ctx = _context(programme, org, on)
            prefix = f"{CERTIFICATE_PREFIX}-{on.year}-"
            serial = _next_number(s, AwardKind.CERTIFICATE, prefix)
            sheets: list[Sheet] = []
            for mentor in mentors:
                number = f"{prefix}{serial:03d}"
                serial += 1
                person = mentor.person
                sheets.append(certificate_sheet(ctx, _recipient(person, _detail_text(person)),
                                                number))
                s.add(Award(programme_id=programme.id, kind=AwardKind.CERTIFICATE,
                            number=number, issued_on=on, person_id=person.id,
                            wording="Сертификат участника программы наставничества (наставник)"))
            s.flush()
            build_awards(pending, sheets, "Сертификаты участников программы наставничества",
                         progress=progress, cancelled=cancelled)
        os.replace(pending, out)
    finally:
        pending.unlink(missing_ok=True)
    return len(sheets)


def print_letters(db: Database, out: str | os.PathLike[str], ids: Iterable[int] | None = None,
                  parents: bool = False, on: date | None = None,
                  progress: Progress | None = None, cancelled: Cancelled | None = None,
                  programme_id: int | None = None) -> int:
    """Благодарственные письма: to mentors (MentorProfile ids; by default every mentor of an
    active or completed pair), or with `parents=True` to the parents of pupil mentors (one
    letter per pupil, to all the pupil's guardians). Returns the number of letters."""
    out = Path(out)
    _check_suffix(out, (".pdf",))
    on = on or date.today()
    with db.read() as s:
        programme = _programme(s, db, programme_id)
        org = _org(s, programme)
        ctx = _context(programme, org, on)
        mentors = _mentors(s, programme, _ids(ids))
        sheets: list[Sheet] = []
        for mentor in mentors:
            person = mentor.person
            if not parents:
                sheets.append(mentor_letter_sheet(ctx, _recipient(person, _detail_text(person))))
                continue
            if person.kind != PersonKind.PUPIL:
                continue
            guardians = [g.guardian for g in s.scalars(
                select(Guardianship).where(Guardianship.child_id == person.id)
                .order_by(Guardianship.id)).all()]
            if not guardians:
                continue
            sheets.append(parents_letter_sheet(
                ctx, [_recipient(g) for g in guardians], _recipient(person, child=True),
                person.group_name))
    if not sheets:
        raise ValidationError(
            "Некому печатать благодарственные письма родителям: среди выбранных наставников нет "
            "обучающихся с указанными родителями (законными представителями)." if parents else
            "Некому печатать благодарственные письма: в программе нет работающих или "
            "завершивших работу наставников.")
    title = ("Благодарственные письма родителям" if parents else "Благодарственные письма")
    build_awards(out, sheets, title, progress=progress, cancelled=cancelled)
    return len(sheets)


# --- Bases ---------------------------------------------------------------------------------------


def print_bases(db: Database, out: str | os.PathLike[str], progress: Progress | None = None,
                cancelled: Cancelled | None = None, programme_id: int | None = None,
                today: date | None = None) -> int:
    """Both bases (наставляемых, наставников) in the Ministry's columns as one landscape PDF.
    Returns the number of rows printed."""
    from ..documents.pdf import DocumentBuilder
    from ..model import MentorStatus
    from .exports import MENTEE_HEADERS, MENTOR_HEADERS, _mentee_values, _mentor_values
    from .people_pairs import pair_links
    from .people_rows import ALL, mentee_rows_in, mentor_rows_in

    out = Path(out)
    _check_suffix(out, (".pdf",))
    today = today or date.today()
    with db.read() as s:
        programme = _programme(s, db, programme_id)
        org = _org(s, programme)
        mentees = mentee_rows_in(s, programme.id, ALL, today)
        mentors = [m for m in mentor_rows_in(s, programme.id, ALL, today)
                   if m.status != MentorStatus.REJECTED.value]
        links = pair_links(s, programme.id)
    if not mentees and not mentors:
        raise ValidationError("Базы наставников и наставляемых пусты — печатать нечего.")

    def cell(value: object) -> str:
        if isinstance(value, date):
            return _date(value)
        return "" if value is None else str(value)

    doc = DocumentBuilder(out, "База наставляемых", orientation="landscape",
                          organisation=_header(org))
    doc.table(MENTEE_HEADERS, [[cell(v) for v in _mentee_values(m, links.by_mentee.get(m.id))]
                               for m in mentees],
              col_widths=[2.6, 2.6, 1.6, 3, 2.1, 2.4, 2.4, 2.9, 2.2, 2.1, 2, 2.2])
    doc.page_break()
    doc.heading("База наставников")
    doc.table(MENTOR_HEADERS, [[cell(v) for v in _mentor_values(m, links.mentees_of(m.id))]
                               for m in mentors],
              col_widths=[2.4, 2.4, 2.2, 2.5, 2.4, 1.8, 2.2, 1.9, 2.1, 3.2, 1.8, 1.4, 1.5, 2.2, 2.2])
    doc.title = "Базы наставников и наставляемых"
    doc.build(progress=progress, cancelled=cancelled)
    return len(mentees) + len(mentors)
