"""The app's own errors. Each message is Russian, written to be shown to a curator as is:
what happened, and what to do about it."""

from __future__ import annotations

import errno


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


class WriteProtected(StorageError):
    """The file or its folder cannot be written: it can still be opened for reading."""


class DatabaseLocked(StorageError):
    def __init__(self, message: str, *, owner: str = "") -> None:
        super().__init__(message)
        self.owner = owner


class SchemaTooNew(StorageError):
    pass


class DatabaseCorrupt(StorageError):
    pass


_OS_REASONS = {
    errno.EROFS: "диск или папка только для чтения",
    errno.EACCES: "нет прав доступа",
    errno.EPERM: "нет прав доступа",
    errno.EISDIR: "это папка, а не файл",
    errno.ENOTDIR: "в пути есть файл там, где должна быть папка",
    errno.ENOENT: "файл или папка не найдены",
    errno.ENOSPC: "на диске нет места",
    errno.EDQUOT: "исчерпана квота на диске",
    errno.EEXIST: "файл уже существует",
    errno.ENAMETOOLONG: "слишком длинное имя файла",
    errno.EBUSY: "файл занят другой программой",
    errno.EIO: "ошибка чтения или записи диска",
}


def os_reason(exc: BaseException) -> str:
    """A file-system error in plain Russian (the system's own text is often English)."""
    if isinstance(exc, OSError) and exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    if isinstance(exc, OSError) and exc.strerror:
        return f"ошибка файловой системы ({exc.strerror})"
    return str(exc)
