"""Printing: gathers the data of a document from the database into plain dataclasses and
hands them to mentordesk.documents (which never opens a session).

One function per kind of document, as the CLI calls them
(`mentordesk print plans|order-pairs|order-curator|certificates|letters|diplomas|bases`):

    print_plans(db, out, ids=None)                       -> number of plans
    print_order_pairs(db, out, number=None, on=None)     -> 1 (.pdf or .docx by the suffix)
    print_order_curator(db, out, number=None, on=None)   -> 1 (.pdf or .docx by the suffix)
    print_certificates(db, out, ids=None, on=None)       -> number of certificates
    print_letters(db, out, ids=None, parents=False)      -> number of letters
    print_diplomas(db, out, ids=None, on=None)           -> number of diplomas
    print_bases(db, out)                                 -> number of rows (both bases)

Plans and orders live here; certificates, letters and diplomas (which are numbered into the
awards register) in printing_awards; the bases in printing_bases. Every function takes
`programme_id` (the current programme by default), `progress(done, total)` and
`cancelled()`, raises app errors in Russian when there is nothing to print, and never leaves
a half-written file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..documents.docx_orders import write_order_docx
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
from ..documents.pdf import Cancelled, DocumentCancelled, Progress
from ..documents.plan import PlanData, PlanRow, build_plans
from ..errors import ValidationError
from ..model.bases import MenteeProfile
from ..model.org import Organisation, Person
from ..model.pairs import DevelopmentPlan, Pair
from ..model.programme import Programme
from ..model.text import request_line
from .database import Database
from .printing_awards import (
    CERTIFICATE_PREFIX,
    DIPLOMA_PREFIX,
    LETTER_PREFIX,
    PARENTS_LETTER_PREFIX,
    AwardCandidate,
    award_candidates,
    print_certificates,
    print_diplomas,
    print_letters,
)
from .printing_bases import print_bases
from .printing_common import (
    APPROVED,
    check_suffix,
    date_text,
    detail,
    detail_text,
    header,
    id_list,
    is_female,
    order_person,
    org_of,
    period_text,
    programme_of,
    short_org,
)

__all__ = [
    "CERTIFICATE_PREFIX",
    "DIPLOMA_PREFIX",
    "LETTER_PREFIX",
    "PARENTS_LETTER_PREFIX",
    "AwardCandidate",
    "award_candidates",
    "print_bases",
    "print_certificates",
    "print_diplomas",
    "print_letters",
    "print_order_curator",
    "print_order_pairs",
    "print_plans",
]


# --- Plans ---------------------------------------------------------------------------------------


def _plan_data(plan: DevelopmentPlan, pair: Pair, mentee: MenteeProfile, programme: Programme,
               org: Organisation | None) -> PlanData:
    person = mentee.person
    label, value = detail(person)
    request = request_line(mentee.request_kind.name if mentee.request_kind else "",
                           mentee.request_text)
    rows = [
        PlanRow(item.activity, item.due_text or date_text(item.due_on), item.expected_result,
                item.done_note or ("Выполнено" if item.done else ""))
        for item in plan.items
    ]
    return PlanData(
        title=programme.plan_title.label,
        mentee=person.full_name,
        mentee_detail_label=label,
        mentee_detail=value,
        mentor=pair.mentor.person.full_name,
        mentor_detail=detail_text(pair.mentor.person),
        form=pair.form.name if pair.form else "",
        role_model=pair.role_model.name if pair.role_model else "",
        period=period_text(plan.starts_on or pair.starts_on, plan.ends_on or pair.ends_on),
        request=request,
        goal=plan.goal,
        tasks=plan.tasks,
        rows=rows,
        results=plan.results,
        reflection=plan.reflection,
        curator=programme.curator.full_name if programme.curator else "",
        mentee_female=is_female(person),
        organisation=header(org),
    )


def print_plans(db: Database, out: str | os.PathLike[str], ids: Iterable[int] | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None,
                programme_id: int | None = None) -> int:
    """Plans of the programme (or those with the given DevelopmentPlan ids) in one PDF, each
    from a new page. Returns the number of plans printed."""
    out = Path(out)
    check_suffix(out, (".pdf",))
    wanted = id_list(ids)
    with db.read() as s:
        programme = programme_of(s, db, programme_id)
        org = org_of(s, programme)
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
    suffix = check_suffix(out, (".pdf", ".docx"))
    if suffix == ".docx":
        if cancelled is not None and cancelled():
            raise DocumentCancelled()
        write_order_docx(order, out)
        if progress is not None:
            progress(1, 1)
    else:
        write_order_pdf(order, out, progress=progress, cancelled=cancelled)
    return 1


def _mentee_line(person: Person) -> str:
    """«Иванов Иван Иванович, 9А класс»: the class, group or post written as for the mentor."""
    detail = detail_text(person)
    return f"{person.full_name}, {detail}" if detail else person.full_name


def print_order_pairs(db: Database, out: str | os.PathLike[str], number: str | None = None,
                      on: date | None = None, progress: Progress | None = None,
                      cancelled: Cancelled | None = None, programme_id: int | None = None,
                      plans_due: date | None = None) -> int:
    """Приказ «Об утверждении наставнических пар/групп» as .pdf or .docx (by `out`'s suffix).
    Number and date default to those recorded on the pairs. Returns 1."""
    out = Path(out)
    check_suffix(out, (".pdf", ".docx"))
    with db.read() as s:
        programme = programme_of(s, db, programme_id)
        org = org_of(s, programme)
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
                mentor_detail=detail_text(pair.mentor.person),
                mentees=[_mentee_line(m.mentee.person) for m in members],
                form=pair.form.name if pair.form else "",
                role_model=pair.role_model.name if pair.role_model else "",
                period=period_text(pair.starts_on, pair.ends_on),
            ))
        if not rows:
            raise ValidationError(
                "Нет утверждённых наставнических пар и групп: приказ печатать не о чем. "
                "Сначала сформируйте и утвердите пары.")
        data = PairsOrderData(
            organisation=header(org), org_short=short_org(org),
            programme=_programme_info(programme),
            number=number if number is not None else (max(numbers, key=numbers.__getitem__)
                                                      if numbers else ""),
            on=on if on is not None else (max(dates, key=dates.__getitem__) if dates else None),
            pairs=rows, curator=order_person(programme.curator), director=director,
            director_position=position, plans_due=plans_due)
    return _write_order(pairs_order(data), out, progress, cancelled)


def print_order_curator(db: Database, out: str | os.PathLike[str], number: str | None = None,
                        on: date | None = None, progress: Progress | None = None,
                        cancelled: Cancelled | None = None,
                        programme_id: int | None = None) -> int:
    """Приказ о назначении куратора и внедрении целевой модели наставничества, .pdf or .docx.
    Number and date default to the programme's curator order. Returns 1."""
    out = Path(out)
    check_suffix(out, (".pdf", ".docx"))
    with db.read() as s:
        programme = programme_of(s, db, programme_id)
        org = org_of(s, programme)
        director, position = _director(org)
        curator = order_person(programme.curator)
        if curator is None:
            raise ValidationError(
                "В программе не указан куратор: назначать некого. Выберите куратора "
                "в карточке программы.")
        data = CuratorOrderData(
            organisation=header(org), org_short=short_org(org),
            programme=_programme_info(programme),
            number=number if number is not None else programme.curator_order_number,
            on=on if on is not None else programme.curator_order_date,
            curator=curator, director=director, director_position=position,
            forms=[f.name for f in programme.forms])
    return _write_order(curator_order(data), out, progress, cancelled)
