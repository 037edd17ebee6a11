"""On Linux the app says in Russian what the desktop lacks, instead of Qt's English abort."""

from __future__ import annotations

from mentordesk.ui.platform_check import NO_DISPLAY, prepare_platform


def found(_name: str) -> str | None:
    return "libxcb-cursor.so.0"


def missing(_name: str) -> str | None:
    return None


def test_x11_with_the_library_is_left_alone() -> None:
    env = {"DISPLAY": ":0"}
    assert prepare_platform(env, "linux", found) is None and "QT_QPA_PLATFORM" not in env


def test_x11_without_the_libraries_explains_what_to_install() -> None:
    message = prepare_platform({"DISPLAY": ":0"}, "linux", missing)
    assert message is not None and "sudo apt install libxcb-cursor0 libxcb-icccm4" in message

    def only_cursor_missing(name: str) -> str | None:
        return None if name == "xcb-cursor" else "lib.so"
    message = prepare_platform({"DISPLAY": ":0"}, "linux", only_cursor_missing)
    assert message is not None and "apt install libxcb-cursor0»" in message


def test_wayland_is_used_when_x11_cannot_start() -> None:
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
    assert prepare_platform(env, "linux", missing) is None
    assert env["QT_QPA_PLATFORM"] == "wayland"


def test_no_display_at_all() -> None:
    assert prepare_platform({}, "linux", found) == NO_DISPLAY


def test_offscreen_and_other_systems_are_not_touched() -> None:
    assert prepare_platform({"QT_QPA_PLATFORM": "offscreen"}, "linux", missing) is None
    assert prepare_platform({}, "win32", missing) is None
