"""`mentordesk check`: integrity, foreign keys, schema version and the domain's own rules.

It reads the file without writing to it, so it can be run on a damaged or newer database.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from ..errors import MentorDeskError
from ..model import MenteeProfile, MentorProfile, Pair, PairMember, PairStatus, Person
from ..storage import migrate
from ..storage.engine import corrupt_message, probe_sqlite, resolve_url, sqlite_path
from .database import Database, open_database

ACTIVE = (PairStatus.APPROVED, PairStatus.ACTIVE)


@dataclass
class CheckReport:
    target: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(target: str | os.PathLike[str] | None) -> CheckReport:
    url = resolve_url(target)
    path = sqlite_path(url)
    report = CheckReport(target=str(path) if path else url.render_as_string(hide_password=True))
    if path is not None:
        if not path.is_file():
            report.problems.append(f"Файл базы данных «{path}» не найден.")
            return report
        if not _check_sqlite_file(path, report):
            return report
    try:
        db = open_database(target, read_only=True)
    except MentorDeskError as exc:
        report.problems.append(exc.message)
        return report
    try:
        _check_domain(db, report)
    except SQLAlchemyError as exc:
        report.problems.append(f"Не удалось прочитать данные: {exc}")
    finally:
        db.close()
    return report


def _check_sqlite_file(path: os.PathLike[str], report: CheckReport) -> bool:
    from pathlib import Path

    p = Path(path)
    try:
        has_tables, revision = probe_sqlite(p)
        migrate.check_revision(revision, has_tables=has_tables)
    except MentorDeskError as exc:
        report.problems.append(exc.message)
        return False
    conn = sqlite3.connect(f"{p.as_uri()}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            report.problems.append(
                "Проверка целостности SQLite нашла повреждения: " + "; ".join(rows[:5])
            )
            return False
        report.passed.append("Целостность файла: в порядке")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            tables = sorted({r[0] for r in fk})
            report.problems.append(
                f"Нарушены ссылки между таблицами ({len(fk)} записей): " + ", ".join(tables)
            )
        else:
            report.passed.append("Ссылки между таблицами: в порядке")
    except sqlite3.DatabaseError:
        report.problems.append(corrupt_message(p))
        return False
    finally:
        conn.close()
    if revision != migrate.head_revision():
        report.warnings.append(
            "База создана предыдущей версией MentorDesk; схема обновится при следующем открытии."
        )
        return False
    return True


def _check_domain(db: Database, report: CheckReport) -> None:
    today = date.today()
    with db.read() as s:
        foreign = s.execute(
            select(Pair.id)
            .join(PairMember, PairMember.pair_id == Pair.id)
            .join(MenteeProfile, MenteeProfile.id == PairMember.mentee_id)
            .where(MenteeProfile.programme_id != Pair.programme_id)
        ).all()
        if foreign:
            report.problems.append(
                f"Наставляемые из другой программы в парах: {len(foreign)}."
            )
        load = s.execute(
            select(MentorProfile.id, MentorProfile.capacity, func.count(PairMember.id))
            .join(Pair, Pair.mentor_id == MentorProfile.id)
            .join(PairMember, PairMember.pair_id == Pair.id)
            .where(Pair.status.in_(ACTIVE), PairMember.left_on.is_(None))
            .group_by(MentorProfile.id, MentorProfile.capacity)
        ).all()
        over = [r for r in load if r[2] > r[1]]
        if over:
            report.warnings.append(
                f"У {len(over)} наставников наставляемых больше, чем они готовы взять."
            )
        active_people = s.scalars(
            select(MenteeProfile).join(PairMember, PairMember.mentee_id == MenteeProfile.id)
            .join(Pair, Pair.id == PairMember.pair_id).where(Pair.status.in_(ACTIVE))
            .options(selectinload(MenteeProfile.person).selectinload(Person.consents))
        ).unique().all()
        missing = [m for m in active_people
                   if not any(c.is_valid_on(today) for c in m.person.consents)]
        if missing:
            report.warnings.append(
                f"У {len(missing)} наставляемых в работающих парах нет действующего согласия "
                "на обработку персональных данных."
            )
    report.passed.append("Правила программы: проверены")
