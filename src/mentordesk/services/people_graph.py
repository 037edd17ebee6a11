"""Deleting a record with everything that hangs on it, so that undo can put it all back.

Before a delete, `capture` reads the row and, following the schema's foreign keys, every row
the database would remove with it (ON DELETE CASCADE) and every link it would blank (SET NULL).
`restore` writes them back with their own ids, parents first. Audited rows (people, consents,
guardianships, the two bases) go through the ORM both ways, so the audit log records the
deletion and the return; the rest (plans, answers, attendance) is plain rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, insert, select, update
from sqlalchemy.orm import Session

from ..errors import ConflictError
from ..model import Base
from ..model.events import AUDITED

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Captured:
    """Rows removed by one deletion, parents first, and links to put back afterwards."""

    root_table: str
    root_id: int
    rows: tuple[tuple[str, dict[str, Any]], ...]
    nulled: tuple[tuple[str, dict[str, Any], str, Any], ...]  # table, primary key, column, value

    def count(self, table: str) -> int:
        return sum(1 for name, _ in self.rows if name == table)


def _tables() -> dict[str, Table]:
    return {t.name: t for t in Base.metadata.sorted_tables}


def _classes() -> dict[str, type]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers
            if isinstance(m.local_table, Table)}


def _pk(table: Table, row: dict[str, Any]) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


def capture(s: Session, table_name: str, root_id: int,
            also: Iterable[tuple[str, str]] = ()) -> Captured:
    """Everything deleting `table_name` row `root_id` would remove. `also` names extra
    (table, column) links to follow as if they cascaded (a draft pair of a deleted mentor)."""
    tables = _tables()
    extra = set(also)
    seen: dict[tuple[str, Key], dict[str, Any]] = {}
    nulled: list[tuple[str, dict[str, Any], str, Any]] = []

    def walk(table: Table, column: Any, values: Sequence[Any]) -> None:
        if not values:
            return
        found = [dict(r) for r in s.execute(select(table).where(column.in_(values))).mappings()]
        new = [r for r in found if (table.name, _pk(table, r)) not in seen]
        for r in new:
            seen[(table.name, _pk(table, r))] = r
        if not new:
            return
        for child in tables.values():
            for fk in child.foreign_keys:
                if fk.column.table is not table:
                    continue
                keys = [r[fk.column.name] for r in new]
                link = (child.name, fk.parent.name)
                if fk.ondelete == "CASCADE" or link in extra:
                    walk(child, fk.parent, keys)
                elif fk.ondelete == "SET NULL":
                    for link_row in s.execute(select(child).where(fk.parent.in_(keys))).mappings():
                        pk = {c.name: link_row[c.name] for c in child.primary_key.columns}
                        nulled.append((child.name, pk, fk.parent.name, link_row[fk.parent.name]))

    root = tables[table_name]
    walk(root, root.c.id, [root_id])
    order = {name: i for i, name in enumerate(tables)}
    rows = sorted(((name, row) for (name, _), row in seen.items()), key=lambda x: order[x[0]])
    kept = [n for n in nulled if (n[0], tuple(n[1].values())) not in seen]
    return Captured(table_name, root_id, tuple(rows), tuple(kept))


def delete_captured(s: Session, captured: Captured) -> None:
    """Delete what `capture` found, children first. Plain rows go first (they only ever hang
    below audited ones); audited rows then go through the ORM, so the audit log names each."""
    tables, classes = _tables(), _classes()
    audited = []
    for name, row in reversed(captured.rows):
        table = tables[name]
        cls = classes.get(name)
        if cls is not None and cls in AUDITED:
            audited.append((cls, _pk(table, row)))
        else:
            s.execute(table.delete().where(_match(table, _pk(table, row))))
    for cls, key in audited:
        obj = s.get(cls, key)
        if obj is not None:
            s.delete(obj)
            s.flush()


def _match(table: Table, key: Key) -> Any:
    cols = list(table.primary_key.columns)
    return and_(*(c == v for c, v in zip(cols, key, strict=True)))


def restore_captured(s: Session, captured: Captured) -> None:
    tables, classes = _tables(), _classes()
    for name, row in captured.rows:
        table = tables[name]
        cols = list(table.primary_key.columns)
        taken = s.execute(select(*cols).where(_match(table, _pk(table, row)))).first()
        if taken is not None:
            raise ConflictError(
                "Удалённую запись не удаётся вернуть: её место уже заняла новая запись. "
                "Внесите данные заново.", details=f"{name} {_pk(table, row)}")
    by_table: dict[str, list[dict[str, Any]]] = {}
    for name, row in captured.rows:
        by_table.setdefault(name, []).append(row)
    for name in tables:  # sorted: parents before children
        rows = by_table.get(name)
        if not rows:
            continue
        cls = classes.get(name)
        if cls is not None and cls in AUDITED:
            s.add_all(cls(**row) for row in rows)
            s.flush()
        else:
            s.flush()
            s.execute(insert(tables[name]), rows)
    for name, pk, column, value in captured.nulled:
        table = tables[name]
        s.execute(update(table).where(_match(table, tuple(pk.values())),
                                      table.c[column].is_(None)).values({column: value}))
