"""The release: ``python -m build`` makes an sdist and a wheel that ``twine check`` passes, and the
wheel, installed into a new virtual environment away from the source tree, runs.

Slow next to the other tests (a build, a new environment, an install from
PyPI or pip's cache: about a minute); marked ``release`` so that
``pytest -m "not release"`` leaves it out while working on something else.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from xlincome import __version__

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.release


def run(*command: str | Path, cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and wheel that ``python -m build`` makes from a copy of the project."""
    work = tmp_path_factory.mktemp("release")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "build", "dist",
                                                                 "out", "__pycache__", ".pytest_cache",
                                                                 ".hypothesis"))
    run(sys.executable, "-m", "build", "--outdir", work / "dist", source, cwd=work)
    return work / "dist"


def test_build_makes_one_sdist_and_one_pure_python_wheel_of_the_one_version(dist):
    assert sorted(path.name for path in dist.iterdir()) == [f"xlincome-{__version__}-py3-none-any.whl",
                                                            f"xlincome-{__version__}.tar.gz"]


def test_twine_check_passes_both(dist):
    done = run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()), cwd=dist)
    assert done.stdout.count("PASSED") == 2


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A new virtual environment (no system site-packages) with the wheel and its dependencies."""
    home = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(home / "env")
    bin_dir = home / "env" / ("Scripts" if os.name == "nt" else "bin")
    wheel = next(dist.glob("*.whl"))
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel, cwd=home)
    return bin_dir


def clean_environment(bin_dir: Path) -> dict:
    """The environment a user has after activating the new venv: nothing of the source tree on the path."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "XLWINGS"))}
    environment["PATH"] = f"{bin_dir}{os.pathsep}{environment.get('PATH', '')}"
    return environment


def test_installed_wheel_is_imported_from_the_new_environment_not_the_source_tree(installed, tmp_path):
    done = run(installed / "python", "-c", "import xlincome; print(xlincome.__file__)", cwd=tmp_path,
               env=clean_environment(installed))
    assert Path(done.stdout.strip()).is_relative_to(installed.parent)


def test_installed_command_says_its_version(installed, tmp_path):
    done = run(installed / "xlincome", "--version", cwd=tmp_path, env=clean_environment(installed))
    assert done.stdout.strip() == f"xlincome, version {__version__}"


def test_python_m_xlincome_shows_the_command_line_help(installed, tmp_path):
    done = run(installed / "python", "-m", "xlincome", "--help", cwd=tmp_path, env=clean_environment(installed))
    assert done.stdout.startswith("Usage: xlincome [OPTIONS] COMMAND [ARGS]...")
    for command in ("evaluate", "generate", "check", "templates", "excel"):
        assert f"  {command} " in done.stdout


def test_installed_command_evaluates_a_profile(installed, tmp_path):
    profiles = tmp_path / "profiles.csv"
    shutil.copy(ROOT / "examples" / "profiles.csv", profiles)
    run(installed / "xlincome", "evaluate", profiles, "-o", tmp_path / "results.csv", cwd=tmp_path,
        env=clean_environment(installed))
    with open(tmp_path / "results.csv", newline="", encoding="utf-8") as file:
        results = list(csv.DictReader(file))
    values = results[0]
    assert values["name"] == "Ana Ruiz" and len(results) == 12  # the twelve example profiles
    # floor (1500 + 3600 / 0.75) * 1.1 = 6930; service 125 * 30 * 48 / 12 = 15000
    assert float(values["revenue_floor"]) == pytest.approx(6930)
    assert float(values["service_income"]) == pytest.approx(15000)
