"""Set up MentorDesk from a bare Python and run it or its tests.

    python dev.py app  [args...]         # the app (python -m mentordesk args...)
    python dev.py test [pytest args...]  # the whole test suite, or what the args select

Standard library only: this runs before anything is installed, on Linux and Windows alike.
It always uses the repository's own .venv (never an activated one), creates it when missing,
and reinstalls the project (`pip install -e ".[test]"`) whenever pyproject.toml has changed
since the last successful install. Extra pip arguments come from MENTORDESK_PIP_ARGS.
"""

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

MIN_PYTHON = (3, 11)

# Checked before any function is defined: older Pythons only have to parse this file.
if sys.version_info < MIN_PYTHON:
    sys.stderr.write(
        f"MentorDesk требует Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} или новее, "
        f"а запущен Python {sys.version_info[0]}.{sys.version_info[1]}.\n"
        "Установите Python с python.org и запустите команду снова.\n"
    )
    sys.exit(1)

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
STAMP = VENV / ".mentordesk-stamp"
INSTALL_SPEC = ".[test]"
PIP_ARGS_ENV = "MENTORDESK_PIP_ARGS"
NO_TESTS_COLLECTED = 5  # pytest.ExitCode.NO_TESTS_COLLECTED

USAGE = """\
Использование:
  python dev.py app  [аргументы...]         подготовить окружение и запустить MentorDesk
  python dev.py test [аргументы pytest...]  подготовить окружение и запустить тесты"""


def say(message: str) -> None:
    print(message, flush=True)


def fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr, flush=True)
    return code


def venv_python() -> Path:
    # Windows venvs keep executables in Scripts\, every other platform in bin/.
    candidates = [VENV / "Scripts" / "python.exe", VENV / "bin" / "python"]
    if os.name != "nt":
        candidates.reverse()
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def venv_is_usable(python: Path) -> bool:
    """The interpreter exists, starts and is new enough (a moved or outdated .venv is not)."""
    if not python.exists():
        return False
    probe = f"import sys; sys.exit(0 if sys.version_info >= {MIN_PYTHON!r} else 1)"
    try:
        result = subprocess.run([str(python), "-c", probe], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def create_venv() -> bool:
    say("Создаю окружение Python в папке .venv…")
    try:
        # Symlinks on POSIX, copies on Windows: what `python -m venv` does by default.
        venv.create(VENV, with_pip=True, clear=True, symlinks=(os.name != "nt"))
    except Exception as error:  # noqa: BLE001 - ensurepip missing, disk full, no rights…
        shutil.rmtree(VENV, ignore_errors=True)  # never leave a half-made .venv behind
        hint = ""
        if sys.platform.startswith("linux"):
            hint = "\nВ Debian/Ubuntu установите пакет python3-venv: sudo apt install python3-venv"
        fail(f"Не удалось создать окружение .venv: {error}{hint}")
        return False
    return True


def pyproject_hash() -> str:
    return hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()


def extra_pip_args() -> list[str]:
    raw = os.environ.get(PIP_ARGS_ENV, "").strip()
    if not raw:
        return []
    if os.name == "nt":  # keep backslashes in Windows paths; drop the quotes around words
        return [word.strip('"') for word in shlex.split(raw, posix=False)]
    return shlex.split(raw)


def install(python: Path) -> bool:
    say("Устанавливаю зависимости… (в первый раз это может занять несколько минут)")
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["-e", INSTALL_SPEC] + extra_pip_args()
    code = subprocess.call(command, cwd=str(ROOT), env=child_env())
    if code != 0:
        fail(f"Не удалось установить зависимости (pip завершился с кодом {code}).")
        return False
    STAMP.write_text(pyproject_hash() + "\n", encoding="utf-8")
    return True


def installed_hash() -> str:
    try:
        return STAMP.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def ensure_environment() -> Path | None:
    """Return the .venv interpreter with the project installed, or None after a message."""
    if not PYPROJECT.is_file():
        fail(f"Не найден файл {PYPROJECT}: запускайте dev.py из папки MentorDesk.")
        return None
    python = venv_python()
    if not venv_is_usable(python):
        if VENV.exists():
            say("Окружение .venv повреждено или устарело — создаю заново.")
        if not create_venv():
            return None
        python = venv_python()
    if installed_hash() != pyproject_hash() and not install(python):
        return None
    return python


def child_env() -> dict[str, str]:
    """The environment of an activated .venv, whatever venv the caller may have activated."""
    env = dict(os.environ)
    env.pop("PYTHONHOME", None)
    env["VIRTUAL_ENV"] = str(VENV)
    scripts = venv_python().parent
    env["PATH"] = str(scripts) + os.pathsep + env.get("PATH", "")
    return env


def run(command: list[str], cwd: Path | None = None) -> int:
    """Run a child to the end and return its exit code; Ctrl+C reaches it, not us."""
    process = subprocess.Popen(command, cwd=str(cwd) if cwd else None, env=child_env())
    while True:
        try:
            code = process.wait()
            break
        except KeyboardInterrupt:
            continue  # the child got the same Ctrl+C; wait for it to finish
    if code < 0:  # killed by a signal (POSIX): report it the way a shell would
        return 128 - code
    return code


def run_app(python: Path, args: list[str]) -> int:
    say("Запускаю MentorDesk…")
    # The caller's working directory stays, so `--db demo.sqlite` lands where they are.
    return run([str(python), "-m", "mentordesk"] + args)


def run_tests(python: Path, args: list[str]) -> int:
    say("Запускаю тесты…")
    # From the repository root, so pytest finds pyproject.toml and its testpaths.
    code = run([str(python), "-m", "pytest"] + args, cwd=ROOT)
    if code == NO_TESTS_COLLECTED:
        return fail("Ошибка: pytest не нашёл ни одного теста (код 5). Проверьте путь и фильтры.")
    return code


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        say(USAGE)
        return 0 if argv else 2
    command, args = argv[0], argv[1:]
    runners = {"app": run_app, "test": run_tests}
    if command not in runners:
        return fail(f"Неизвестная команда «{command}».\n\n{USAGE}", 2)
    python = ensure_environment()
    if python is None:
        return 1
    return runners[command](python, args)


if __name__ == "__main__":
    try:  # a Windows console with a non-Cyrillic code page must not crash on our messages
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
        sys.stderr.reconfigure(errors="replace")  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        pass
    sys.exit(main(sys.argv[1:]))
