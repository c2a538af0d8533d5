"""`pip install .` works from any folder (issue 12).

The templates used to sit beside the packages, read through `../templates`: only the editable
install found them, and an installed `bantin digest` raised TemplateNotFound. This builds the
wheel from a copy of the sources, installs it alone into a fresh virtualenv, and runs the
installed `bantin` from an empty folder, so nothing can be found through the checkout.

The dependencies are the project's own virtualenv's, reached through a `.pth` line placed
*after* the fresh venv's site-packages: the wheel's `digest` and `bot` come first, and nothing
is downloaded (`--no-build-isolation`, `--no-deps`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_bc9d6e7807c2e2ea.txt"

pytestmark = pytest.mark.slow


def _run(
    *command: str | Path, cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "BANTIN", "VIRTUAL_ENV"))
    }
    env |= {"PYTHONNOUSERSITE": "1", "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": ""}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy_sources(target: Path) -> None:
    """The files a wheel is built from, without caches or the editable install's metadata."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("digest", "bot"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv holding only the bantin wheel."""
    work = tmp_path_factory.mktemp("wheel")
    source, wheels, venv = work / "source", work / "wheels", work / "venv"
    _copy_sources(source)
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-q",
        "-w",
        wheels,
        source,
        cwd=work,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("bantin-*.whl")
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    put = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "-q",
        wheel,
        cwd=work,
    )
    assert put.returncode == 0, put.stderr
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work)
    Path(site.stdout.strip(), "zz_bantin_dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    return venv / "bin"


def test_installed_packages_come_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    where = _run(
        installed / "python",
        "-c",
        "import bot, digest; print(digest.__file__); print(bot.__file__)",
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert Path(line).is_relative_to(installed.parent), line


def test_installed_bantin_digest_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    shutil.copy2(SEED, tmp_path / "report.txt")
    result = _run(installed / "bantin", "digest", "report.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "TemplateNotFound" not in result.stderr
    assert "Ninh Thuận" in result.stdout and "Thu ngân sách: 2.099 tỷ đồng" in result.stdout
    html = _run(installed / "bantin", "digest", "--format", "html", "report.txt", cwd=tmp_path)
    assert html.returncode == 0 and "<b>" in html.stdout, html.stderr


def test_installed_console_answers_from_packaged_templates(
    installed: Path, tmp_path: Path
) -> None:
    """The bot's replies and the database migrations are package data too."""
    result = _run(installed / "bantin", "console", cwd=tmp_path, stdin="/trogiup\n")
    assert result.returncode == 0, result.stderr
    assert "/tinh" in result.stdout, result.stdout
