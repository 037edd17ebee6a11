"""Before Qt starts on Linux: find a display Qt can use, or say in Russian what is missing.

Qt's X11 plugin needs a dozen xcb libraries (since Qt 6.5 also libxcb-cursor0) that many
desktops lack; without them Qt prints an English message and aborts. A curator should read
what to install instead.
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
# The libraries Qt's X11 plugin loads, with their Debian/Ubuntu/Astra package names.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0", "xcb-render-util": "libxcb-render-util0", "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0", "xcb-randr": "libxcb-randr0", "xcb-shape": "libxcb-shape0",
    "xcb-xfixes": "libxcb-xfixes0", "xcb-sync": "libxcb-sync1", "xcb-shm": "libxcb-shm0",
    "xcb-util": "libxcb-util1", "X11-xcb": "libx11-xcb1",
}


def missing_libraries_message(packages: list[str]) -> str:
    return (
        "Для работы окна не хватает системных библиотек. Установите их командой "
        f"«sudo apt install {' '.join(packages)}» (Debian, Ubuntu, Astra Linux) "
        "и запустите MentorDesk снова."
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
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if find_library(lib) is None]
    if not missing:
        return None
    if has_wayland and env.get("QT_QPA_PLATFORM") != "xcb":
        env["QT_QPA_PLATFORM"] = "wayland"
        return None
    return missing_libraries_message(missing)
