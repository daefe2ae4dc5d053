"""Years that stay small: the carried year answers like the full history, and the chain holds."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core.data import Transaction
from beancount.parser import parser, printer
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.generators.demo import demo_books
from kongtun.ledger.books.arrears import savings_arrears
from kongtun.ledger.books.fund import Fund, read_fund
from kongtun.ledger.loans.book import Loans, portfolio
from kongtun.ledger.loans.reader import read_loans
from kongtun.ledger.reports.fund_report import history_rows
from kongtun.ledger.reports.month import month_history
from kongtun.ledger.reports.welfare import annual_status
from kongtun.ledger.welfare.book import read_welfare
from kongtun.ledger.welfare.contributions import read_standings, statuses_on
from kongtun.ledger.years.carry import closing_balances
from kongtun.tests.conftest import messages

START = datetime.date(2024, 1, 1)
WITHDRAWAL = """
2024-06-20 * "ถอนเงินสัจจะระหว่างปี"
  Assets:Cash                -100.00 THB
  Liabilities:Savings:M0001   100.00 THB
"""


def split_demo(
    folder: Path, extra: str = "", book: str = "savings-group.beancount"
) -> tuple[Path, Path, str]:
    """A demo fund as one file, and its 2022-2023 part as the old year's file."""
    text = demo_books()[book] + extra
    full = folder / "full.beancount"
    full.write_text(text, encoding="utf-8")
    head = text[: text.index("\n20")] + "\n"
    raw, errors, _ = parser.parse_file(str(full))
    assert errors == []
    old = folder / "2022-2023.beancount"
    earlier = "".join(printer.format_entry(e) + "\n" for e in raw if e.date < START)
    old.write_text(head + earlier, encoding="utf-8")
    later = "".join(printer.format_entry(e) + "\n" for e in raw if e.date >= START)
    return full, old, later


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def load(path: Path) -> tuple[list[Any], list[Any], Fund]:
    entries, errors, options = loader.load_file(str(path))
    return entries, errors, read_fund(entries, options)[0]


def loans_of(entries: list[Any], fund: Fund) -> Loans:
    villages = {m.id: m.village for m in fund.members.values()}
    return read_loans(entries, fund.currency, villages)[0]


def carried_year(folder: Path, extra: str = "") -> tuple[Path, Path, Path]:
    full, old, later = split_demo(folder, extra)
    new = folder / "2024.beancount"
    result = run("carry", "--lang", "en", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote {new}: the books from 2024-01-01 on, opening balances carried from {old}\n"
    )
    with new.open("a", encoding="utf-8") as out:
        out.write("\n" + later)
    return full, old, new


def test_the_carried_year_gives_the_same_answers_as_the_full_history(tmp_path: Path) -> None:
    full, _, new = carried_year(tmp_path)
    full_entries, full_errors, whole = load(full)
    new_entries, new_errors, year = load(new)
    assert full_errors == new_errors == []
    assert year.books_start == START
    assert sorted(year.members) == sorted(whole.members)
    for member in whole.members:
        for account in whole.member_accounts(member):
            assert year.claim(account) == whole.claim(account), account
        assert year.members[member].joined == whole.members[member].joined
    end = datetime.date(2024, 12, 31)
    assert savings_arrears(year, end) == [
        a for a in savings_arrears(whole, end) if a.month >= START
    ]
    assert year.rules.on(end) == whole.rules.on(end)

    def balance_sheet(entries: list[Any]) -> dict[tuple[str, str], Decimal]:
        closing = closing_balances(entries, datetime.date(2030, 1, 1))
        return {k: v for k, v in closing.items() if k[0].startswith(("Assets", "Liabilities"))}

    assert balance_sheet(new_entries) == balance_sheet(full_entries)

    def income_2024(entries: list[Any]) -> dict[tuple[str, str], Decimal]:
        closing = closing_balances([e for e in entries if e.date >= START], END_OF_TIME)
        return {k: v for k, v in closing.items() if k[0].startswith(("Income", "Expenses"))}

    assert income_2024(new_entries) == income_2024(full_entries)

    def transactions(entries: list[Any], since: datetime.date) -> int:
        return sum(1 for e in entries if isinstance(e, Transaction) and e.date >= since)

    assert transactions(new_entries, START) == transactions(full_entries, START) + 1, (
        "the year's file holds the year and one opening transaction"
    )
    full_loans, year_loans = loans_of(full_entries, whole), loans_of(new_entries, year)
    for day in (START, datetime.date(2024, 9, 30), end):
        assert portfolio(year_loans.member_loans, day) == portfolio(full_loans.member_loans, day)
    by_id = full_loans.by_id()
    for loan in year_loans.loans:
        assert loan.schedule == by_id[loan.id].schedule, loan.id
        assert loan.state(end) == by_id[loan.id].state(end), loan.id

    carried = [e for e in new_entries if e.meta.get("carried") is True]
    assert 0 < len(carried) < transactions(full_entries, START) / 10, (
        "only the open loans' own entries come along"
    )
    assert {e.meta["loan"] for e in carried} == {
        loan.id
        for loan in loans_of(full_entries, whole).loans
        if loan.date < START and loan.state(START - datetime.timedelta(days=1)).repaid is None
    }


END_OF_TIME = datetime.date(2100, 1, 1)
END_2024 = datetime.date(2024, 12, 31)


def test_the_carried_year_finds_the_same_problems(tmp_path: Path) -> None:
    full, _, new = carried_year(tmp_path / ".", extra=WITHDRAWAL)
    _, full_errors, _ = load(full)
    _, new_errors, _ = load(new)
    assert [e.rule for e in new_errors] == [e.rule for e in full_errors] == ["savings-withdrawal"]
    assert messages(new_errors) == messages(full_errors)


def test_verify_chain(tmp_path: Path) -> None:
    _, old, new = carried_year(tmp_path)
    result = run("verify-chain", "--lang", "en", str(old), str(new))
    assert (result.exit_code, result.stdout) == (
        0,
        "chain verified: 2 files, each opening equals the previous closing.\n",
    )


def test_verify_chain_finds_an_edit_of_the_closed_year(tmp_path: Path) -> None:
    _, old, new = carried_year(tmp_path)
    text = old.read_text(encoding="utf-8")
    old.write_text(text.replace("ค่าเครื่องเขียนและถ่ายเอกสาร", "ค่าเครื่องเขียน", 1), encoding="utf-8")
    result = run("verify-chain", "--lang", "en", str(old), str(new))
    assert result.exit_code == 1
    assert (
        "carry-digest-mismatch: the opening balances were carried from 2022-2023.beancount "
        "when its digest was sha256:" in result.stdout
    )
    # a deposit into the bank edited (an expense edited would break the recorded year end:
    # year-end-mismatch, and the old year would not load clean)
    edited = re.sub(
        r"(Assets:Bank +)14300\.00 THB\n( +Assets:Cash +)-14300\.00 THB",
        r"\g<1>14200.00 THB\n\g<2>-14200.00 THB",
        text,
        count=1,
    )
    old.write_text(edited, encoding="utf-8")
    assert edited != text
    result = run("verify-chain", "--lang", "en", str(old), str(new))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any("carry-balance-mismatch: Assets:Bank opens with" in line for line in lines)
    assert any("carry-balance-mismatch: Assets:Cash opens with" in line for line in lines)


def test_carry_refuses_and_writes_nothing(tmp_path: Path) -> None:
    _, old, _ = split_demo(tmp_path)
    before = old.read_bytes()
    taken = tmp_path / "taken.beancount"
    taken.write_text("; mine\n", encoding="utf-8")
    result = run("carry", "--lang", "en", str(old), str(taken))
    assert result.exit_code == 2
    assert result.stderr == (
        f"kongtun: {taken} exists; kongtun carry never overwrites books. Choose another name.\n"
    )
    assert taken.read_bytes() == b"; mine\n"
    new = tmp_path / "new.beancount"
    result = run("carry", "--lang", "en", "--start", "2023-06-01", str(old), str(new))
    assert result.exit_code == 2
    assert "transactions dated on or after 2023-06-01" in result.stderr
    assert not new.exists()
    assert old.read_bytes() == before


def test_carry_refuses_books_with_problems(tmp_path: Path) -> None:
    _, old, _ = split_demo(tmp_path)
    old.write_text(
        old.read_text(encoding="utf-8") + WITHDRAWAL.replace("2024", "2023"), encoding="utf-8"
    )
    new = tmp_path / "new.beancount"
    result = run("carry", "--lang", "en", str(old), str(new))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"kongtun: {old} has 1 problem; fix it first (kongtun check {old}).\n"
    )
    assert ": savings-withdrawal: " in result.stderr
    assert not new.exists()


def test_verify_chain_in_the_wrong_order(tmp_path: Path) -> None:
    _, old, new = carried_year(tmp_path)
    result = run("verify-chain", "--lang", "en", str(new), str(old))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{old}:1: carry-opening-missing: this file should start with one opening transaction "
        "carried from the previous year's books (carried-from metadata), but has 0. Write the "
        "file with `kongtun carry`, or check the order of the files.\n"
    )


def test_a_carried_welfare_fund_gives_the_same_answers(tmp_path: Path) -> None:
    """Contribution standing, claims and matching rounds in the carried 2024 file."""
    over_cap = """
2024-11-20 * "ค่านอนโรงพยาบาลเกินสิทธิ์"
  member: "W0001"
  benefit: "hospital-night"
  units: 30
  Expenses:Welfare:HospitalNight  3000.00 THB
  Assets:Cash                    -3000.00 THB
"""
    for extra in ("", over_cap):
        folder = tmp_path / ("over-cap" if extra else "clean")
        folder.mkdir()
        full, old, later = split_demo(folder, extra, book="welfare-fund.beancount")
        new = folder / "2024.beancount"
        result = run("carry", "--lang", "en", str(old), str(new))
        assert result.exit_code == 0, result.output
        with new.open("a", encoding="utf-8") as out:
            out.write("\n" + later)
        full_entries, full_errors, whole = load(full)
        new_entries, new_errors, year = load(new)
        assert messages(new_errors) == messages(full_errors)
        if extra:
            assert [e.rule for e in new_errors] == ["claim-amount"]
        standings_full, _ = read_standings(whole, full_entries)
        standings_year, _ = read_standings(year, new_entries)
        for day in (START, datetime.date(2024, 3, 31), datetime.date(2024, 7, 1), END_2024):
            assert statuses_on(standings_year, day) == statuses_on(standings_full, day), day
        if not extra:
            assert run("verify-chain", "--lang", "en", str(old), str(new)).exit_code == 0


def test_a_welfare_fund_is_carried_from_the_first_of_january(tmp_path: Path) -> None:
    _, old, _ = split_demo(tmp_path, book="welfare-fund.beancount")
    new = tmp_path / "next.beancount"
    result = run("carry", "--lang", "en", "--start", "2024-02-01", str(old), str(new))
    assert result.exit_code == 2
    assert result.stderr == (
        "--start 2024-02-01 is read as 1 February 2024 (CE 2024-02-01, B.E. 2567-02-01).\n"
        "kongtun: a welfare fund's books are carried from 1 January: its caps and limits are "
        "per calendar year. Leave out --start, or give a 1 January.\n"
    )
    assert not new.exists()


def histories(entries: list[Any], fund: Fund) -> list[Any]:
    """The fund report's 12-month history for every month of 2024."""
    return [
        history_rows(month_history(entries, fund, datetime.date(2024, month, 1)), fund)
        for month in range(1, 13)
    ]


def status_2024(entries: list[Any], fund: Fund) -> Any:
    return annual_status(read_welfare(fund, entries)[0], 2024)


def chained(folder: Path, book: str) -> tuple[Path, Path]:
    """The full history, and 2024 carried from 2023 carried from 2022."""
    text = demo_books()[book]
    full = folder / "full.beancount"
    full.write_text(text, encoding="utf-8")
    head = text[: text.index("\n20")] + "\n"
    raw, errors, _ = parser.parse_file(str(full))
    assert errors == []

    def part(first: int, last: int) -> str:
        return "".join(printer.format_entry(e) + "\n" for e in raw if first <= e.date.year <= last)

    current = folder / "2022.beancount"
    current.write_text(head + part(0, 2022), encoding="utf-8")
    for year in (2023, 2024):
        new = folder / f"{year}.beancount"
        result = run("carry", "--lang", "en", str(current), str(new))
        assert result.exit_code == 0, result.output
        with new.open("a", encoding="utf-8") as out:
            out.write("\n" + part(year, year))
        current = new
    return full, current


def test_the_carried_year_looks_back_like_the_full_history(tmp_path: Path) -> None:
    """The 12-month history of every month, and the welfare status since the start."""
    for book in ("savings-group.beancount", "revolving-fund.beancount", "welfare-fund.beancount"):
        folder = tmp_path / book.split(".")[0]
        folder.mkdir()
        full, old, later = split_demo(folder, book=book)
        new = folder / "2024.beancount"
        assert run("carry", "--lang", "en", str(old), str(new)).exit_code == 0
        text = new.read_text(encoding="utf-8")
        assert text.count('custom "month-end"') == 12
        assert '2023-12-31 custom "month-end" "ธันวาคม 2566"' in text
        with new.open("a", encoding="utf-8") as out:
            out.write("\n" + later)
        full_entries, full_errors, whole = load(full)
        new_entries, new_errors, year = load(new)
        assert full_errors == new_errors == []
        assert histories(new_entries, year) == histories(full_entries, whole), book
        if book.startswith("welfare"):
            assert 'custom "since-start" "benefit"' in text
            assert "contributions-not-carried: " in text
            carried, complete = status_2024(new_entries, year), status_2024(full_entries, whole)
            assert carried == complete
            assert any(row.people_total > row.people for row in carried.benefits_by_kind)


def test_a_chain_of_carried_years_looks_back_like_the_full_history(tmp_path: Path) -> None:
    for book in ("savings-group.beancount", "welfare-fund.beancount"):
        folder = tmp_path / book.split(".")[0]
        folder.mkdir()
        full, last = chained(folder, book)
        full_entries, _, whole = load(full)
        new_entries, new_errors, year = load(last)
        assert new_errors == []
        assert histories(new_entries, year) == histories(full_entries, whole), book
        if book.startswith("welfare"):
            assert status_2024(new_entries, year) == status_2024(full_entries, whole)
