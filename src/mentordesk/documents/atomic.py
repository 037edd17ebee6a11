"""Writing a document so that a failed or cancelled build never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import MentorDeskError


class DocumentError(MentorDeskError):
    """A document could not be made or saved; the message says why, in Russian."""


@contextmanager
def atomic_output(target: Path, suffix: str) -> Iterator[Path]:
    """A temporary file beside `target` (e.g. suffix ".pdf"), renamed onto it only when the
    block succeeds; removed on any error. Disk and permission problems become DocumentError."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=f"{suffix}.tmp",
                                        dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise DocumentError(
            f"Не удаётся сохранить документ в папку «{target.parent}»: нет доступа "
            "или папки не существует. Выберите другую папку.",
            details=str(exc),
        ) from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except DocumentError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DocumentError(
            f"Не удаётся записать «{target.name}»: файл открыт в другой программе, "
            "нет места на диске или нет доступа. Закройте файл и повторите.",
            details=str(exc),
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
