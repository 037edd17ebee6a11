"""Before Qt starts on Linux: find a display Qt can use, or say in Russian what is missing.

Since Qt 6.5 the X11 plugin needs libxcb-cursor0, which many desktops lack; without it Qt
prints an English message and aborts. A curator should read what to install instead.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, MutableMapping

NO_DISPLAY = (
    "Не найден графический экран: MentorDesk — оконная программа. Запустите её из рабочего "
    "стола. Снимки экранов без экрана делает команда «mentordesk shots»."
)
NO_XCB_CURSOR = (
    "Для работы окна не хватает системной библиотеки libxcb-cursor0. Установите её "
    "(в Debian, Ubuntu, Astra Linux: sudo apt install libxcb-cursor0) и запустите MentorDesk снова."
)


def prepare_platform(
    env: MutableMapping[str, str] | None = None,
    platform: str = sys.platform,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
) -> str | None:
    """Choose the Qt platform when it is safe to; return a Russian message when Qt cannot start."""
    env = os.environ if env is None else env
    if platform != "linux" or env.get("QT_QPA_PLATFORM") not in (None, "", "xcb"):
        return None
    has_x11, has_wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if not has_x11 and not has_wayland:
        return NO_DISPLAY
    if find_library("xcb-cursor") is not None:
        return None
    if has_wayland and env.get("QT_QPA_PLATFORM") != "xcb":
        env["QT_QPA_PLATFORM"] = "wayland"
        return None
    return NO_XCB_CURSOR
