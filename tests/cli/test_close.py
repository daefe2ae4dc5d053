"""``kongtun close``: a month closed atomically, or nothing written and a clear reason."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from beancount import loader
from click.testing import CliRunner, Result

from kongtun.cli.main import main
from kongtun.tests.conftest import write_ledger
from kongtun.tests.ledger import closes_recipe
from kongtun.tests.plugins.test_closes import BOOKS


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_close_appends_the_close_and_the_digest_is_the_auditors(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BOOKS)
    before = path.read_text(encoding="utf-8")
    result = run(
        "close",
        str(path),
        "--month",
        "2567-09",
        "--by",
        "M0001,M0002",
        "--resolution",
        'มติที่ 3 "รับรองบัญชี"',
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    digest = re.findall(r"sha256:[0-9a-f]{64}", result.stdout)[0]
    assert result.stdout == f"closed September 2024 in {path}: {digest}\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(before)
    assert text[len(before) :].startswith(
        f'\n2024-09-30 custom "period-close" "{digest}"\n'
        '  closed-by: "M0001 M0002"\n'
        '  resolution: "มติที่ 3 \\"รับรองบัญชี\\""\n'
    )
    entries, errors, _ = loader.load_file(str(path))
    assert errors == []
    assert closes_recipe.close_digest(entries, datetime.date(2024, 9, 30)) == digest
    th = run("close", str(path), "--month", "2024-10")
    assert th.exit_code == 0
    assert th.stdout.startswith(f"ปิดงวดเดือนตุลาคม 2567 ใน {path} แล้ว: sha256:")
    assert f'previous: "{digest}"' in path.read_text(encoding="utf-8")


def test_close_refuses_and_writes_nothing(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BOOKS)
    assert run("close", str(path), "--month", "2024-09").exit_code == 0
    before = path.read_bytes()
    cases = [
        (("--month", "2024-09"), "September 2024 is closed already; nothing was written."),
        (
            ("--month", "2024-08"),
            "August 2024 is before the last close (September 2024); months are closed in "
            "order. Correct an earlier month with an entry dated after the last close.",
        ),
        (
            ("--month", "2024-10", "--by", "M0001,M0099"),
            "--by M0099: no such member in the books. Give the ids of the members who closed.",
        ),
    ]
    for args, message in cases:
        result = run("close", str(path), *args, "--lang", "en")
        assert result.exit_code == 2
        assert result.stderr == f"kongtun: {message}\n"
        assert path.read_bytes() == before
    th = run("close", str(path), "--month", "2567-09")
    assert th.stderr == "kongtun: เดือนกันยายน 2567 ปิดงวดแล้ว ไม่ได้เขียนอะไร\n"
    broken = (
        before
        + b'\n2024-10-02 * "x"\n  Assets:Cash  1.00 THB\n  Liabilities:Savings:M0009  -1.00 THB\n'
    )
    path.write_bytes(broken)
    result = run("close", str(path), "--month", "2024-10", "--lang", "en")
    assert result.exit_code == 2
    assert "has 1 problem; fix it first" in result.stderr
    assert path.read_bytes() == broken
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
