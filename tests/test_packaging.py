"""What an installed MentorDesk must carry: every package, the fonts, the Alembic scripts.

`[tool.setuptools] packages` is a hand-written list (resources/ is mapped into the package), so
a new subpackage that nobody adds there would work from the checkout and vanish from a build.
"""

from __future__ import annotations

import fnmatch
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
FONT_FILES = ["PTSans-Regular.ttf", "PTSans-Bold.ttf", "PTSerif-Regular.ttf", "PTSerif-Bold.ttf"]
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")


def _setuptools_config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["tool"]["setuptools"]


def _packages_on_disk() -> set[str]:
    inits = (SRC / "mentordesk").rglob("__init__.py")
    found = {".".join(init.parent.relative_to(SRC).parts) for init in inits}
    return found | {"mentordesk.resources"}


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(_setuptools_config()["packages"])
    missing = sorted(_packages_on_disk() - listed)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


@pytest.mark.parametrize("name", FONT_FILES)
def test_font_ships_and_is_truetype(name: str) -> None:
    from mentordesk.resources import FONTS

    path = Path(FONTS) / name
    assert path.is_file(), f"{name} is missing from mentordesk.resources.FONTS ({FONTS})"
    assert path.read_bytes()[:4] in TRUETYPE_MAGIC, f"{name} is not a TrueType font"


def test_alembic_scripts_ship_with_the_package() -> None:
    migrations = files("mentordesk.migrations")
    assert migrations.joinpath("env.py").is_file()
    assert migrations.joinpath("script.py.mako").is_file()
    revisions = [
        entry.name
        for entry in migrations.joinpath("versions").iterdir()
        if entry.name.endswith(".py") and entry.name != "__init__.py"
    ]
    assert revisions, "mentordesk/migrations/versions holds no revision"


@pytest.mark.parametrize(
    ("package", "relative"),
    [("mentordesk.migrations", "script.py.mako")]
    + [("mentordesk.resources", f"fonts/{name}") for name in FONT_FILES],
)
def test_package_data_globs_cover_non_python_files(package: str, relative: str) -> None:
    """A wheel only carries non-.py files that `package-data` names."""
    globs = _setuptools_config().get("package-data", {}).get(package, [])
    assert any(fnmatch.fnmatch(relative, glob) for glob in globs), (
        f"{relative} is not matched by [tool.setuptools.package-data] {package!r}: {globs}"
    )
