"""Shared by the services tests (the demonstration databases are in tests/conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest

from mentordesk.services.database import Database
from mentordesk.services.programme import create_programme


@pytest.fixture
def programme(db: Database) -> int:
    return create_programme(db, title="Программа наставничества", starts_on=date(2026, 9, 1),
                            ends_on=date(2027, 8, 31), organisation_name="МБОУ СОШ № 5")
