"""The consent state of every person of a base at once: one plain query, no subquery per row.

`consent.state_from` decides for one person from their consents; `consent_state_expr` is its SQL
twin, five correlated subqueries a row. For a whole base (50,000 people) both are slow, so the
bases read each consent signed by the day once, with flags the database computes per row
(valid on the day, valid for special-category data, withdrawn by the day), and fold them per
person here into one int (`VALID | VALID_SPECIAL | WITHDRAWN`). The result agrees with
`state_from`: a valid consent is OK (NEED_WRITTEN if special-category data needs a written one
and no valid consent has the flag); otherwise the latest consent signed by the day (by date,
then id) decides between WITHDRAWN and EXPIRED; no consent signed by the day is MISSING.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_, select
from sqlalchemy.orm import Session

from ..model import Consent
from .consent import ConsentState

# A person's consents on a day, as far as the state depends on them, as bits of one int.
VALID = 1  # some consent is valid on the day
VALID_SPECIAL = 2  # some valid consent covers special-category data
WITHDRAWN = 4  # the latest consent signed by the day (by date, then id) is withdrawn by the day


def summary_state(summary: int | None, special_needed: bool) -> ConsentState:
    """The `ConsentState` of a person with this summary (None: nothing signed by the day)."""
    if summary is None:
        return ConsentState.MISSING
    if summary & VALID:
        if special_needed and not summary & VALID_SPECIAL:
            return ConsentState.NEED_WRITTEN
        return ConsentState.OK
    return ConsentState.WITHDRAWN if summary & WITHDRAWN else ConsentState.EXPIRED


def consent_summaries(s: Session, today: date, *, person_ids: Sequence[int] | None = None,
                      profile: Any = None,
                      where: ColumnElement[bool] | None = None) -> dict[int, int]:
    """The summaries by person id of the given people, or of the people who have an entry of
    `profile` (MenteeProfile or MentorProfile) satisfying `where`. People with nothing signed
    by the day are absent."""
    c = Consent
    valid = and_(or_(c.withdrawn_on.is_(None), c.withdrawn_on > today),
                 or_(c.valid_until.is_(None), c.valid_until >= today))
    withdrawn = and_(c.withdrawn_on.is_not(None), c.withdrawn_on <= today)
    flags = (case((valid, VALID), else_=0)
             + case((and_(valid, c.special_category.is_(True)), VALID_SPECIAL), else_=0)
             + case((withdrawn, WITHDRAWN), else_=0))
    stmt = select(c.person_id, flags).where(c.signed_on <= today)
    if person_ids is not None:
        stmt = stmt.where(c.person_id.in_(person_ids))
    else:
        stmt = stmt.join(profile, profile.person_id == c.person_id)
        if where is not None:
            stmt = stmt.where(where)
    # Each person's consents oldest first: the last one read is the latest, and its withdrawn
    # bit is the one kept; the valid bits of all of them add up.
    stmt = stmt.order_by(c.person_id, c.signed_on, c.id)
    summaries: dict[int, int] = {}
    get = summaries.get
    for person_id, bits in s.connection().execute(stmt).all():
        summaries[person_id] = (get(person_id, 0) & (VALID | VALID_SPECIAL)) | bits
    return summaries
