"""Member statements: a hand-checked month, and Hypothesis: closing = the ledger's balance."""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import realization
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.books.accounts import MEMBER_ACCOUNT_KINDS, member_account
from kongtun.ledger.books.fund import Fund
from kongtun.ledger.model import Books, loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.reports.statements import (
    LoansSection,
    SavingsArrearsSection,
    member_lines_total,
    statement,
    statements,
)

SMALL = Path(__file__).resolve().parent.parent / "data" / "small-fund.beancount"
FEB = datetime.date(2024, 2, 1)
D = Decimal


def small() -> tuple[list[Any], Fund, Books]:
    entries, errors, options = loader.load_file(str(SMALL))
    assert errors == []
    model = loaded_books(entries, options)
    return entries, model.fund, model


def test_a_month_of_one_member() -> None:
    entries, fund, model = small()
    books = read_month(entries, model, datetime.date(2024, 2, 20))  # any day names its month
    s = statement(fund, books, fund.members["M0001"])
    assert (s.period.start, s.period.end) == (FEB, datetime.date(2024, 2, 29))
    month = {m.kind: (m.opening, m.increase, m.decrease, m.closing) for m in s.month}
    assert month == {
        "savings": (D("120.75"), D("100.00"), D(0), D("220.75")),
        "shares": (D("50.00"), D("50.00"), D(0), D("100.00")),
        "loans": (D(0), D("250.00"), D("50.00"), D("200.00")),
    }
    year = {m.kind: (m.opening, m.increase, m.closing) for m in s.year}
    assert year["savings"] == (D(0), D("220.75"), D("220.75"))
    assert [(line.date.day, dict(line.changes)) for line in s.lines] == [
        (5, {"savings": D("100.00"), "shares": D("50.00")}),
        (10, {"loans": D("250.00")}),
        (25, {"loans": D("-50.00")}),
    ]
    assert s.lines[0].narration == "ฝากสัจจะ ก.พ. 2567"
    (loans,) = s.sections
    assert isinstance(loans, LoansSection)
    (loan,) = loans.loans
    assert (loan.id, loan.outstanding_start, loan.outstanding) == ("L2567-001", D(0), D(200))
    assert (loan.paid_principal, loan.paid_interest, loan.due_in_month) == (D(50), D("2.50"), D(0))
    assert loan.amount_overdue == 0
    assert loan.moratoria == ()
    # the first instalment (10 March) is the next one; paid ahead by the 25 February payment
    assert [(row.number, row.due, row.status) for row in loan.rows] == [
        (1, datetime.date(2024, 3, 10), "paid")
    ]
    assert s.closing("savings") == D("220.75")


def test_savings_arrears_and_an_exit_on_the_statement() -> None:
    entries, fund, model = small()
    books = read_month(entries, model, FEB)
    short = statement(fund, books, fund.members["M0002"])
    assert len(short.sections) == 1
    section = short.sections[0]
    assert isinstance(section, SavingsArrearsSection)
    assert [(a.month, a.saved, a.shortfall) for a in section.arrears] == [(FEB, D("60.00"), D(40))]
    left = statement(fund, books, fund.members["M0003"])
    assert left.status_left
    assert left.closing("savings") == 0


def test_who_gets_a_statement() -> None:
    entries, fund, model = small()
    feb = statements(fund, read_month(entries, model, FEB))
    assert [s.member.id for s in feb] == ["M0001", "M0002", "M0003", "M0004"]
    march = statements(fund, read_month(entries, model, datetime.date(2024, 3, 1)))
    assert [s.member.id for s in march] == ["M0001", "M0002", "M0004"], "M0003 left in February"
    jan = statements(fund, read_month(entries, model, datetime.date(2024, 1, 1)))
    assert [s.member.id for s in jan] == ["M0001", "M0002", "M0003"], "M0004 joins in February"


START = datetime.date(2024, 1, 1)
IDS = ("M0001", "M0002", "M0003")
KINDS = ("savings", "shares", "loans")
days = st.integers(min_value=0, max_value=200).map(lambda n: START + datetime.timedelta(days=n))
postings = st.tuples(
    days,
    st.sampled_from(IDS),
    st.sampled_from(KINDS),
    st.integers(min_value=-50_000, max_value=50_000).map(lambda n: Decimal(n) / 100),
)


def render(
    history: list[tuple[datetime.date, str, str, Decimal]],
    lives: dict[str, tuple[datetime.date, datetime.date | None]],
) -> str:
    lines = [
        'option "operating_currency" "THB"',
        'plugin "kongtun.plugins.fund"',
        '2024-01-01 custom "fund" "savings-group"',
        '2024-01-01 custom "rules" "r"',
        "  savings-withdrawal-allowed: TRUE",
    ]
    for member, (joined, exited) in lives.items():
        lines.append(f'{joined} custom "member" "{member}" "สมาชิก {member}"')
        if exited is not None:
            lines.append(f'{exited} custom "member-exit" "{member}" "ลาออก"')
    for day, member, kind, amount in history:
        parent = MEMBER_ACCOUNT_KINDS[kind].parent  # type: ignore[index]
        lines += [
            f'{day} * "x"',
            f"  {parent}:{member}  {amount} THB",
            f"  Assets:Cash  {-amount} THB",
        ]
    return "\n".join(lines) + "\n"


lives = st.fixed_dictionaries(
    {member: st.tuples(days, st.one_of(st.none(), days)) for member in IDS}
).map(
    lambda found: {
        member: (joined, None if exited is None else max(joined, exited))
        for member, (joined, exited) in found.items()
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=st.lists(postings, max_size=30),
    lives=lives,
    month=st.integers(min_value=1, max_value=7),
)
@example(
    history=[(datetime.date(2024, 3, 1), "M0001", "savings", Decimal(5))],
    lives={member: (START, None) for member in IDS},
    month=2,
)
def test_closing_balances_are_the_ledgers_balances(
    history: list[tuple[datetime.date, str, str, Decimal]],
    lives: dict[str, tuple[datetime.date, datetime.date | None]],
    month: int,
) -> None:
    """Any postings, joins and exits (even ones the rules reject): every statement's closing
    balance is Beancount's balance of that account at the end of the month."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "books.beancount"
        path.write_text(render(history, lives), encoding="utf-8")
        entries, _, options = loader.load_file(str(path))
    model = loaded_books(entries, options)
    fund = model.fund
    books = read_month(entries, model, datetime.date(2024, month, 1))
    end = books.period.end
    upto = [entry for entry in entries if entry.date <= end]
    real = realization.realize(upto)  # type: ignore[no-untyped-call]
    for s in statements(fund, books):
        for movement in s.month:
            account = member_account(movement.kind, s.member.id)
            node = realization.get(real, account)  # type: ignore[no-untyped-call]
            balance = (
                realization.compute_balance(node).get_currency_units("THB").number  # type: ignore[no-untyped-call]
                if node is not None
                else Decimal(0)
            )
            sign = -1 if MEMBER_ACCOUNT_KINDS[movement.kind].credit else 1
            assert movement.closing == sign * balance, (s.member.id, movement.kind)
            assert movement.opening + movement.increase - movement.decrease == movement.closing
            assert movement.opening + member_lines_total(s.lines, movement.kind) == movement.closing
    cash = realization.get(real, "Assets:Cash")  # type: ignore[no-untyped-call]
    expected = (
        realization.compute_balance(cash).get_currency_units("THB").number  # type: ignore[no-untyped-call]
        if cash is not None
        else Decimal(0)
    )
    report = fund_report(fund, books, 0)
    assert report.cash_closing == expected
    for money in report.members_money:
        parent = MEMBER_ACCOUNT_KINDS[money.kind].parent
        node = realization.get(real, parent)  # type: ignore[no-untyped-call]
        total = (
            realization.compute_balance(node).get_currency_units("THB").number  # type: ignore[no-untyped-call]
            if node is not None
            else Decimal(0)
        )
        sign = -1 if MEMBER_ACCOUNT_KINDS[money.kind].credit else 1
        assert money.closing == sign * total, money.kind
