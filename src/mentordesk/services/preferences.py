"""Stage 5 before the matching: the general meeting (общая встреча) and the preference
questionnaires that follow it.

The meeting is a `ProgrammeEvent` of kind «general_meeting» with an `EventAttendance` row per
participant (as the demonstration writes it). A questionnaire is the chooser's ranked list of
`Preference` rows: a mentee names up to three mentors, a mentor names up to ten mentees.

Each write returns what its inverse needs, for an undo command to hold both:

    save_general_meeting(…) → MeetingChange      undo: put_general_meeting(change.before,
                                                                            replacing=change.after)
    set_preferences(…) → the previous list       undo: restore_preferences({chooser: previous})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound, ValidationError
from ..model import EventAttendance, Person, Preference, Programme, ProgrammeEvent
from ..model.base import utcnow
from .database import Database
from .match_pool import Pool, match_pool
from .preferences_names import SIDE_PLURAL, SIDE_WORDS, Named, Side

GENERAL_MEETING = "general_meeting"
GENERAL_MEETING_TITLE = "Общая встреча наставников и наставляемых"
MENTEE_CHOICES = 3
MENTOR_CHOICES = 10
ACTOR = "куратор"


# --- The general meeting ------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneralMeeting:
    """A stored general meeting: `attendance` holds (person id, present) for everyone marked."""

    id: int
    title: str
    held_on: date
    attendance: tuple[tuple[int, bool], ...]
    notes: str = ""

    @property
    def present(self) -> frozenset[int]:
        return frozenset(p for p, here in self.attendance if here)


@dataclass(frozen=True)
class MeetingChange:
    """The meeting as it was and as it is now; None where there was (or is) none."""

    before: GeneralMeeting | None
    after: GeneralMeeting | None


def _snapshot(event: ProgrammeEvent) -> GeneralMeeting:
    return GeneralMeeting(
        id=event.id, title=event.title, held_on=event.held_on, notes=event.notes,
        attendance=tuple(sorted((a.person_id, bool(a.present)) for a in event.attendance)))


def _latest(s: Session, programme_id: int) -> ProgrammeEvent | None:
    return s.scalars(
        select(ProgrammeEvent)
        .where(ProgrammeEvent.programme_id == programme_id,
               ProgrammeEvent.kind == GENERAL_MEETING)
        .order_by(ProgrammeEvent.held_on.desc(), ProgrammeEvent.id.desc())
        .limit(1)
    ).first()


def _programme(s: Session, programme_id: int) -> Programme:
    programme = s.get(Programme, programme_id)
    if programme is None:
        raise NotFound("Программа наставничества не найдена: возможно, база была заменена. "
                       "Откройте базу заново.")
    return programme


def general_meeting(db: Database, programme_id: int) -> GeneralMeeting | None:
    """The programme's latest general meeting, or None when none is recorded."""
    with db.read() as s:
        event = _latest(s, programme_id)
        return _snapshot(event) if event is not None else None


def present_at_general_meetings(db: Database, programme_id: int) -> frozenset[int]:
    """Who came to any general meeting of the programme: a district holds one in each school."""
    with db.read() as s:
        return frozenset(s.scalars(
            select(EventAttendance.person_id)
            .join(ProgrammeEvent, ProgrammeEvent.id == EventAttendance.event_id)
            .where(ProgrammeEvent.programme_id == programme_id,
                   ProgrammeEvent.kind == GENERAL_MEETING, EventAttendance.present.is_(True))))


def save_general_meeting(
    db: Database,
    programme_id: int,
    held_on: date,
    present_person_ids: Iterable[int],
    *,
    invited_person_ids: Iterable[int] = (),
    title: str = GENERAL_MEETING_TITLE,
) -> MeetingChange:
    """Record the general meeting: its date and who came. The invited who are not present are
    marked absent; marks of people neither invited nor present (say, a mentor not yet trained
    who came anyway) are kept. The latest general meeting of the programme is changed, or a new
    one is made when there is none."""
    present = set(present_person_ids)
    invited = set(invited_person_ids) | present
    title = " ".join(title.split()) or GENERAL_MEETING_TITLE
    if len(title) > 500:
        raise ValidationError("Название встречи слишком длинное: не больше 500 знаков.",
                              field="title")
    with db.write(ACTOR) as s:
        programme = _programme(s, programme_id)
        _check_date(programme, held_on)
        _check_people(s, invited)
        event = _latest(s, programme_id)
        before = _snapshot(event) if event is not None else None
        kept = [a for a in before.attendance if a[0] not in invited] if before else []
        state = GeneralMeeting(id=event.id if event is not None else 0, title=title,
                               held_on=held_on, notes=event.notes if event is not None else "",
                               attendance=tuple(sorted([*kept, *((p, p in present)
                                                                 for p in invited)])))
        after = _put(s, programme_id, state, event)
    return MeetingChange(before, after)


def put_general_meeting(db: Database, programme_id: int, state: GeneralMeeting | None,
                        *, replacing: GeneralMeeting | None) -> MeetingChange:
    """Make the stored meeting `replacing` (or the latest one) what `state` says; None deletes it.

    Undo and redo both call this with the two halves of a `MeetingChange` swapped."""
    with db.write(ACTOR) as s:
        _programme(s, programme_id)
        event = s.get(ProgrammeEvent, replacing.id) if replacing is not None else None
        if event is None or event.programme_id != programme_id:
            event = _latest(s, programme_id)
        before = _snapshot(event) if event is not None else None
        if state is None:
            if event is not None:
                s.delete(event)
            return MeetingChange(before, None)
        # People deleted since the snapshot was taken are left out, not restored.
        known = _existing_people(s, {p for p, _ in state.attendance})
        state = GeneralMeeting(state.id, state.title, state.held_on,
                               tuple(a for a in state.attendance if a[0] in known), state.notes)
        return MeetingChange(before, _put(s, programme_id, state, event))


def _put(s: Session, programme_id: int, state: GeneralMeeting,
         event: ProgrammeEvent | None) -> GeneralMeeting:
    if event is None:
        event = ProgrammeEvent(programme_id=programme_id, kind=GENERAL_MEETING, title=state.title,
                               held_on=state.held_on, notes=state.notes)
        s.add(event)
    else:
        event.title, event.held_on, event.notes = state.title, state.held_on, state.notes
        event.attendance.clear()
    s.flush()
    event.attendance.extend(EventAttendance(person_id=p, present=here)
                            for p, here in state.attendance)
    s.flush()
    return _snapshot(event)


def _check_date(programme: Programme, held_on: date) -> None:
    if not programme.starts_on <= held_on <= programme.ends_on:
        raise ValidationError(
            f"Дата общей встречи {held_on:%d.%m.%Y} вне срока программы "
            f"({programme.starts_on:%d.%m.%Y} – {programme.ends_on:%d.%m.%Y}). "
            "Проверьте дату.", field="held_on")


def _existing_people(s: Session, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(s.scalars(select(Person.id).where(Person.id.in_(ids))))


def _check_people(s: Session, ids: set[int]) -> None:
    missing = ids - _existing_people(s, ids)
    if missing:
        raise NotFound(f"Участник не найден в базе (возможно, его удалили в другом окне): "
                       f"{len(missing)} чел. Обновите список и повторите.")


# --- Preferences --------------------------------------------------------------------------------


def pool_people(pool: Pool) -> list[Named]:
    """Everyone in the pool, mentees first, as the name lookups and the lists see them."""
    people = [Named(m.person_id, m.name, m.detail, "mentee") for m in pool.mentees]
    return people + [Named(m.person_id, m.name, m.detail, "mentor") for m in pool.mentors]


def sides_of(people: Iterable[Named]) -> dict[int, set[Side]]:
    sides: dict[int, set[Side]] = {}
    for p in people:
        sides.setdefault(p.person_id, set()).add(p.side)
    return sides


def choice_limit(sides: Iterable[Side]) -> int:
    return MENTOR_CHOICES if "mentor" in set(sides) else MENTEE_CHOICES


def targets_of(sides: Iterable[Side]) -> tuple[Side, ...]:
    """Who a chooser names: mentees name mentors, mentors name mentees."""
    found = set(sides)
    return tuple(s for s in ("mentor", "mentee") if ("mentee" if s == "mentor" else "mentor")
                 in found)


def check_choices(people: Sequence[Named], chooser_id: int, chosen_ids: Sequence[int]) -> None:
    """Refuse a questionnaire that the pool does not allow (the reason in Russian)."""
    by_id: dict[int, Named] = {}
    for p in people:
        by_id.setdefault(p.person_id, p)
    sides = sides_of(people)
    if chooser_id not in sides:
        raise ValidationError(
            "Этот участник не входит в число участников формирования пар (нет согласия, "
            "не отобран или уже в утверждённой паре). Анкету записать нельзя.", field="chooser")
    limit = choice_limit(sides[chooser_id])
    targets = targets_of(sides[chooser_id])
    wanted = " или ".join(SIDE_PLURAL[t] for t in targets)
    if len(chosen_ids) > limit:
        who = "Наставник" if limit == MENTOR_CHOICES else "Наставляемый"
        raise ValidationError(f"{who} называет не больше {limit} предпочтений, а указано "
                              f"{len(chosen_ids)}.", field="chosen")
    seen: set[int] = set()
    for rank, person_id in enumerate(chosen_ids, 1):
        if person_id == chooser_id:
            raise ValidationError(f"Выбор {rank}: участник не может выбрать сам себя.",
                                  field=f"choice{rank}")
        if person_id in seen:
            name = by_id[person_id].name if person_id in by_id else "участник"
            raise ValidationError(f"Выбор {rank}: «{name}» уже указан выше. Каждого называют "
                                  "один раз.", field=f"choice{rank}")
        seen.add(person_id)
        if not sides.get(person_id, set()) & set(targets):
            if person_id in by_id:
                other = by_id[person_id]
                reason = f"«{other.name}» — {SIDE_WORDS[other.side]}, а выбирают из {wanted}."
            else:
                reason = f"этого участника нет среди {wanted}, участвующих в формировании пар."
            raise ValidationError(f"Выбор {rank}: {reason}", field=f"choice{rank}")


def preferences(db: Database, programme_id: int) -> dict[int, list[int]]:
    """Every questionnaire of the programme: chooser's person id → chosen person ids by rank."""
    with db.read() as s:
        rows = s.execute(select(Preference.chooser_id, Preference.chosen_id)
                         .where(Preference.programme_id == programme_id)
                         .order_by(Preference.chooser_id, Preference.rank)).all()
    out: dict[int, list[int]] = {}
    for chooser, chosen in rows:
        out.setdefault(chooser, []).append(chosen)
    return out


def set_preferences(db: Database, programme_id: int, chooser_person_id: int,
                    chosen_person_ids: Sequence[int], *, pool: Pool | None = None,
                    today: date | None = None) -> list[int]:
    """Replace the chooser's questionnaire with `chosen_person_ids` (first choice first), after
    checking them against the pool (given, or read as of `today`). Returns the previous list."""
    chosen = list(chosen_person_ids)
    if pool is None:
        pool = match_pool(db, programme_id, today)
    check_choices(pool_people(pool), chooser_person_id, chosen)
    with db.write(ACTOR) as s:
        _programme(s, programme_id)
        return _replace(s, programme_id, chooser_person_id, chosen)


def restore_preferences(db: Database, programme_id: int,
                        lists: Mapping[int, Sequence[int]]) -> dict[int, list[int]]:
    """Put back questionnaires as they were (undo, redo): no pool check, since the pool may
    have changed since; people deleted meanwhile are dropped. Returns the lists replaced."""
    with db.write(ACTOR) as s:
        _programme(s, programme_id)
        return write_lists(s, programme_id, lists)


def write_lists(s: Session, programme_id: int,
                lists: Mapping[int, Sequence[int]]) -> dict[int, list[int]]:
    """Replace several questionnaires inside one transaction; the previous lists are returned."""
    everyone = set(lists) | {p for chosen in lists.values() for p in chosen}
    known = _existing_people(s, everyone)
    previous: dict[int, list[int]] = {}
    for chooser, chosen in lists.items():
        if chooser not in known:
            continue
        kept = [p for p in dict.fromkeys(chosen) if p in known and p != chooser][:MENTOR_CHOICES]
        previous[chooser] = _replace(s, programme_id, chooser, kept)
    return previous


def _replace(s: Session, programme_id: int, chooser: int, chosen: Sequence[int]) -> list[int]:
    where = (Preference.programme_id == programme_id, Preference.chooser_id == chooser)
    rows = list(s.scalars(select(Preference).where(*where).order_by(Preference.rank)))
    previous = [r.chosen_id for r in rows]
    if previous == list(chosen):
        return previous
    for row in rows:  # through the ORM, so the flush renews the change token
        s.delete(row)
    s.flush()
    now = utcnow()
    s.add_all(Preference(programme_id=programme_id, chooser_id=chooser, chosen_id=p, rank=rank,
                         recorded_at=now) for rank, p in enumerate(chosen, 1))
    s.flush()
    return previous
