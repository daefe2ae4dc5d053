"""The built wheel: only ``kongtun`` goes into site-packages, and it loads a fund's books.

Builds the wheel from this checkout, installs it (with its dependencies) into a fresh virtual
environment, and loads a sample ledger with the plugin there — not from the source tree.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "savings-group.beancount"


@pytest.mark.slow
def test_wheel_installs_and_loads_a_ledger(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("kongtun-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"kongtun", wheel.name.split("-py3")[0] + ".dist-info"}
    for part in ("ledger", "plugins", "importers", "templates", "cli", "tests"):
        assert f"kongtun/{part}/__init__.py" in names, part
    assert "kongtun/ledger/locale/th/LC_MESSAGES/kongtun.po" in names
    assert "kongtun/templates/KongTun.html" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    where = subprocess.run(
        [str(python), "-c", "import kongtun.ledger; print(kongtun.ledger.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert where.startswith(str(venv)), where

    check = subprocess.run(
        [str(venv / "bin" / "kongtun"), "check", "--lang", "en", str(SAMPLE)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert (check.returncode, check.stdout) == (0, ""), check.stderr
    assert check.stderr == f"No problems found in {SAMPLE}.\n"

    broken = tmp_path / "broken.beancount"
    broken.write_text(
        SAMPLE.read_text(encoding="utf-8")
        + ('\n2024-12-30 * "x"\n  Assets:Cash  1 THB\n  Liabilities:Savings:M9999  -1 THB\n'),
        encoding="utf-8",
    )
    check = subprocess.run(
        [str(venv / "bin" / "kongtun"), "check", str(broken)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert check.returncode == 1
    assert "member-unknown: Liabilities:Savings:M9999 เป็นบัญชีของสมาชิก M9999" in check.stdout
