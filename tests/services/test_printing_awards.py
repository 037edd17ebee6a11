"""Letters and diplomas numbered into the awards register, like certificates: unique numbers,
no second entry on a re-print, nothing registered when the print fails. On the stage-6 demo
(an empty register) and on a stage-7 demo (the register the demo wrote at the final event)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from mentordesk.errors import MentorDeskError, ReadOnlyError, ValidationError
from mentordesk.model.bases import MentorProfile
from mentordesk.model.enums import AwardKind, PairStatus, PersonKind
from mentordesk.model.org import Guardianship
from mentordesk.model.pairs import Pair
from mentordesk.model.record import Award
from mentordesk.services.database import Database, open_database
from mentordesk.services.printing import (
    award_candidates,
    print_diplomas,
    print_letters,
)

ON = date(2027, 5, 31)


def _text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    out = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", " ", out)


def _register(db: Database, kind: AwardKind) -> list[tuple[str, int | None, date]]:
    with db.read() as s:
        return [(a.number, a.person_id, a.issued_on) for a in s.scalars(
            select(Award).where(Award.kind == kind).order_by(Award.id)).all()]


def _worked_mentors(db: Database) -> list[int]:
    with db.read() as s:
        return sorted(set(s.scalars(select(Pair.mentor_id).where(
            Pair.status.in_((PairStatus.ACTIVE, PairStatus.COMPLETED)))).all()))


def test_letters_to_mentors_registered_once(demo: Database, tmp_path: Path) -> None:
    mentors = _worked_mentors(demo)
    out = tmp_path / "письма.pdf"
    assert print_letters(demo, out, on=ON) == len(mentors)
    first = _register(demo, AwardKind.THANKS)
    numbers = [n for n, _p, _d in first]
    assert sorted(numbers) == [f"Б-2027-{i:03d}" for i in range(1, len(mentors) + 1)]
    assert len({p for _n, p, _d in first}) == len(mentors)
    text = _text(out)
    assert all(f"№ {n}" in text for n in numbers)
    # The whole batch again, a day later: the same entries, the same numbers and dates.
    again = tmp_path / "снова.pdf"
    assert print_letters(demo, again, on=date(2027, 6, 1)) == len(mentors)
    assert _register(demo, AwardKind.THANKS) == first
    assert "31.05.2027" in _text(again) and "01.06.2027" not in _text(again)


def test_letters_to_parents_registered_to_the_parent(demo: Database, tmp_path: Path) -> None:
    count = print_letters(demo, tmp_path / "родителям.pdf", parents=True, on=ON)
    entries = _register(demo, AwardKind.THANKS_PARENTS)
    assert len(entries) == count > 0
    assert len({n for n, _p, _d in entries}) == count
    with demo.read() as s:
        guardians = set(s.scalars(select(Guardianship.guardian_id)).all())
        for award in s.scalars(select(Award).where(Award.kind == AwardKind.THANKS_PARENTS)):
            assert award.person_id in guardians
            assert award.pair_id is not None
            child = s.get(Pair, award.pair_id).mentor.person
            assert child.kind == PersonKind.PUPIL
            assert award.person_id in {g.guardian_id for g in s.scalars(
                select(Guardianship).where(Guardianship.child_id == child.id))}
    print_letters(demo, tmp_path / "ещё.pdf", parents=True, on=ON)
    assert _register(demo, AwardKind.THANKS_PARENTS) == entries
    # Letters to mentors and to parents are numbered apart.
    print_letters(demo, tmp_path / "наставникам.pdf", on=ON)
    assert all(n.startswith("Б-") for n, _p, _d in _register(demo, AwardKind.THANKS))
    assert all(n.startswith("БР-") for n, _p, _d in entries)


def test_a_cancelled_letter_batch_registers_nothing(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(MentorDeskError):
        print_letters(demo, tmp_path / "п.pdf", on=ON, cancelled=lambda: True)
    assert _register(demo, AwardKind.THANKS) == []
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*pdf*")) == []


def test_diplomas_need_a_choice_on_an_empty_register(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        print_diplomas(demo, tmp_path / "г.pdf", on=ON)
    assert "--ids" in caught.value.message and "реестре" in caught.value.message
    assert not (tmp_path / "г.pdf").exists()
    best = _worked_mentors(demo)[:2]
    out = tmp_path / "грамоты.pdf"
    assert print_diplomas(demo, out, ids=best, on=ON) == 2
    entries = _register(demo, AwardKind.DIPLOMA)
    assert [n for n, _p, _d in entries] == ["Г-2027-001", "Г-2027-002"]
    text = _text(out)
    assert "ГРАМОТА" in text and "награждается" in text and "Лучший наставник" in text
    with demo.read() as s:
        names = [s.get(MentorProfile, i).person.full_name for i in best]
    assert all(name in text for name in names)
    # With no ids, the register's diplomas are printed again, and nothing is added.
    assert print_diplomas(demo, tmp_path / "снова.pdf", on=date(2027, 6, 5)) == 2
    assert _register(demo, AwardKind.DIPLOMA) == entries
    # One more mentor: the next number.
    third = _worked_mentors(demo)[2]
    print_diplomas(demo, tmp_path / "третья.pdf", ids=[third], on=ON)
    assert [n for n, _p, _d in _register(demo, AwardKind.DIPLOMA)][-1] == "Г-2027-003"


def test_awards_need_a_writable_database(demo_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "копия.sqlite"
    shutil.copyfile(demo_file, copy)
    db = open_database(copy, read_only=True)
    try:
        with pytest.raises(ReadOnlyError) as caught:
            print_letters(db, tmp_path / "п.pdf", on=ON)
        assert "реестр наград" in caught.value.message
    finally:
        db.close()
    assert not (tmp_path / "п.pdf").exists()


def test_reprints_from_an_existing_register(final: Database, tmp_path: Path) -> None:
    diplomas = _register(final, AwardKind.DIPLOMA)
    assert diplomas, "the stage-7 demo awards its best mentors"
    out = tmp_path / "грамоты.pdf"
    assert print_diplomas(final, out) == len(diplomas)
    assert _register(final, AwardKind.DIPLOMA) == diplomas
    text = _text(out)
    assert all(f"№ {n}" in text for n, _p, _d in diplomas)
    before = _register(final, AwardKind.THANKS_PARENTS)
    count = print_letters(final, tmp_path / "родителям.pdf", parents=True, on=ON)
    after = _register(final, AwardKind.THANKS_PARENTS)
    assert after[:len(before)] == before
    assert len(after) - len(before) <= count
    numbers = [n for n, _p, _d in after]
    assert len(numbers) == len(set(numbers))


def test_award_candidates(final: Database) -> None:
    mentors = _worked_mentors(final)
    diplomas = award_candidates(final, AwardKind.DIPLOMA)
    assert {c.mentor_id for c in diplomas} >= set(mentors)
    holders = {n for n, _p, _d in _register(final, AwardKind.DIPLOMA)}
    assert {c.number for c in diplomas if c.number} == holders
    assert [c.full_name for c in diplomas] == sorted(c.full_name for c in diplomas)
    parents = award_candidates(final, AwardKind.THANKS_PARENTS)
    assert parents and len(parents) < len(diplomas)
    with final.read() as s:
        assert all(s.get(MentorProfile, c.mentor_id).person.kind == PersonKind.PUPIL
                   for c in parents)
