"""``kongtun demo``: the same books for the same seed, all clean, never over a user's file."""

from __future__ import annotations

from pathlib import Path

from beancount import loader
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.generators.demo import demo_books
from kongtun.ledger.books.arrears import savings_arrears
from kongtun.ledger.books.fund import read_fund

NAMES = [
    "codi-north.beancount",
    "revolving-fund.beancount",
    "savings-group.beancount",
    "welfare-fund.beancount",
]
#: what kongtun demo writes for the import tour (tests/importers/test_demo_import.py)
IMPORT_FILES = ["import", "importers.py"]


def test_same_seed_same_books_and_another_seed_others() -> None:
    assert demo_books(7) == demo_books(7)
    assert demo_books(7)["savings-group.beancount"] != demo_books(8)["savings-group.beancount"]


def test_demo_writes_clean_books(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--lang", "en", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(NAMES + IMPORT_FILES)
    assert result.stdout.splitlines()[0] == f"wrote {tmp_path / 'savings-group.beancount'}"
    for name in NAMES:
        check = CliRunner().invoke(main, ["check", "--lang", "en", str(tmp_path / name)])
        assert (check.exit_code, check.stdout) == (0, ""), name


def test_the_savings_group_is_realistic(tmp_path: Path) -> None:
    path = tmp_path / "savings-group.beancount"
    path.write_text(demo_books()["savings-group.beancount"], encoding="utf-8")
    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    fund, _ = read_fund(entries, options)
    assert fund.info is not None
    assert fund.info.kind == "savings-group"
    assert 140 <= len(fund.members) <= 160
    left = [m for m in fund.members.values() if m.exited is not None]
    assert 5 <= len(left) <= 20
    assert {m.joined.year for m in fund.members.values()} == {2022, 2023, 2024}
    assert fund.last_date is not None
    assert fund.last_date.year == 2024
    arrears = savings_arrears(fund, fund.last_date)
    assert 50 < len(arrears) < 1000, "some members save short, most do not"
    names = [m.name for m in fund.members.values()]
    assert all(name.startswith(("นาย", "นาง")) for name in names)


def test_demo_never_overwrites_a_users_file(tmp_path: Path) -> None:
    mine = tmp_path / "savings-group.beancount"
    mine.write_text("; my own books\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["demo", "--lang", "en", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kongtun: {mine} exists and was not written by kongtun demo; nothing was written. "
        "Choose another directory.\n"
    )
    assert mine.read_bytes() == b"; my own books\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["savings-group.beancount"]


def test_demo_rewrites_its_own_books(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["demo", str(tmp_path)]).exit_code == 0
    first = (tmp_path / "welfare-fund.beancount").read_bytes()
    assert runner.invoke(main, ["demo", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "welfare-fund.beancount").read_bytes() == first
    assert oct((tmp_path / "welfare-fund.beancount").stat().st_mode & 0o777) != "0o600"


def test_kind_needs_members(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "--kind", "welfare-fund", "--lang", "en", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        "kongtun: --kind chooses the kind of fund --members grows; nothing was written. "
        "Add --members N, or leave out --kind for the sample books.\n"
    )
    thai = runner.invoke(main, ["demo", "--kind", "welfare-fund", str(tmp_path)])
    assert thai.exit_code == 2
    assert thai.stderr.startswith("kongtun: --kind ใช้เลือกชนิดของกองทุน")
    assert list(tmp_path.iterdir()) == []


def test_kind_welfare_fund_writes_a_grown_welfare_fund(tmp_path: Path) -> None:
    args = ["demo", "--kind", "welfare-fund", "--members", "30", "--years", "2", "--lang", "en"]
    result = CliRunner().invoke(main, [*args, str(tmp_path)])
    assert result.exit_code == 0, result.output
    (book,) = tmp_path.iterdir()
    assert book.name == "scale-welfare-30x2.beancount"
    assert '2023-01-01 custom "fund" "welfare-fund"' in book.read_text(encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--lang", "en", str(book)])
    assert (check.exit_code, check.stdout) == (0, "")
    assert CliRunner().invoke(main, [*args, str(tmp_path)]).exit_code == 0, "it may replace it"
