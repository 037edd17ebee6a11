"""Build tests/fixtures/schema_NNNN.sqlite: the released schema with a little data.

Run once per released schema revision, right after the release, and commit the file:
    python -m tests.storage.make_fixture
It must never be regenerated for an old revision; later migrations are tested against it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from mentordesk import model as m
from mentordesk.services.database import open_database
from mentordesk.services.programme import create_programme
from mentordesk.storage import migrate


def build(out_dir: Path) -> Path:
    os.environ["MENTORDESK_HOME"] = tempfile.mkdtemp()
    rev = migrate.head_revision()
    path = out_dir / f"schema_{rev}.sqlite"
    if path.exists():
        sys.exit(f"{path} exists: a released fixture is never regenerated")
    db = open_database(path)
    pid = create_programme(db, title="Программа наставничества МБОУ СОШ № 1 на 2025/2026 учебный год",
                           starts_on=date(2025, 9, 1), ends_on=date(2026, 8, 31),
                           organisation_name="МБОУ СОШ № 1")
    with db.write() as s:
        anna = m.Person(last_name="Ёлкина", first_name="Анна", patronymic="Сергеевна",
                        sex=m.Sex.FEMALE, kind=m.PersonKind.PUPIL, birth_date=date(2012, 3, 5),
                        group_name="7А", grade=7)
        teacher = m.Person(last_name="Шевчук", first_name="Ольга", patronymic="Ильинична",
                           sex=m.Sex.FEMALE, kind=m.PersonKind.TEACHER,
                           birth_date=date(1985, 10, 1), position="учитель математики")
        s.add_all([anna, teacher])
        s.add(m.Consent(person=anna, signer=m.ConsentSigner.GUARDIAN,
                        guardian_name="Ёлкина Мария Петровна", signed_on=date(2025, 9, 10)))
        s.add(m.MenteeProfile(person=anna, programme_id=pid, entered_on=date(2025, 9, 15),
                              interests=["шахматы"], subjects=["математика"]))
        s.add(m.MentorProfile(person=teacher, programme_id=pid, entered_on=date(2025, 9, 15),
                              competences=["олимпиадная математика"], capacity=2))
        # Since 0002: the curator's weights of the matcher.
        s.add(m.MatchWeight(programme_id=pid, component="mutual", weight=55))
    db.close()
    for suffix in ("-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


if __name__ == "__main__":
    print(build(Path(__file__).resolve().parent.parent / "fixtures"))
