"""The app's own errors. Each message is Russian, written to be shown to a curator as is:
what happened, and what to do about it."""

from __future__ import annotations


class MentorDeskError(Exception):
    """Base of every error the app expects and explains."""

    def __init__(self, message: str, *, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class ValidationError(MentorDeskError):
    """User input that cannot be accepted; `field` names the form field when there is one."""

    def __init__(self, message: str, *, field: str = "", details: str = "") -> None:
        super().__init__(message, details=details)
        self.field = field


class NotFound(MentorDeskError):
    pass


class ConflictError(MentorDeskError):
    pass


class ConsentMissing(MentorDeskError):
    pass


class ReadOnlyError(MentorDeskError):
    pass


class StorageError(MentorDeskError):
    """The database cannot be opened, read or written (file problems, disk full, corruption)."""


class DatabaseLocked(StorageError):
    def __init__(self, message: str, *, owner: str = "") -> None:
        super().__init__(message)
        self.owner = owner


class SchemaTooNew(StorageError):
    pass


class DatabaseCorrupt(StorageError):
    pass
