"""The books' pass: what it keeps for the rest of the load, and how (docs/performance.md,
round 7): the savings deposits by member and month, the loans' cost measured once for each set
of terms, and the transactions tagged for a grant."""

from __future__ import annotations

import datetime
import gc
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kongtun.ledger.books.fund import Deposits
from kongtun.ledger.loans import checks
from kongtun.ledger.model import kept_books
from kongtun.tests.conftest import Loaded

D = Decimal
JAN, FEB = datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)


def test_deposits_by_member_and_month(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"
    2024-01-01 custom "fund" "savings-group"
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
    2024-01-05 * "ฝากสัจจะ"
      Assets:Cash                 300.00 THB
      Liabilities:Savings:M0001  -100.00 THB
      Liabilities:Savings:M0002  -200.00 THB
    2024-01-20 * "ฝากสัจจะ"
      Assets:Cash                  50.00 THB
      Liabilities:Savings:M0001   -50.00 THB
    2024-02-05 * "ฝากสัจจะ"
      Assets:Cash                 100.00 THB
      Liabilities:Savings:M0001  -100.00 THB
    2024-02-06 * "ซื้อหุ้น"
      Assets:Cash                 100.00 THB
      Equity:Shares:M0002        -100.00 THB
    """
    _, errors, options = load_doc
    assert errors == []
    books = kept_books(options)
    assert books is not None
    deposits = books.fund.deposits
    assert dict(deposits) == {
        ("M0001", JAN): D("150.00"),
        ("M0002", JAN): D("200.00"),
        ("M0001", FEB): D("100.00"),
    }
    assert deposits.get(("M0002", FEB), D(0)) == 0  # bought shares, saved nothing
    assert deposits.get(("M0009", JAN)) is None
    assert ("M0001", FEB) in deposits
    assert ("M0002", FEB) not in deposits
    assert ("M0001",) not in deposits  # type: ignore[comparison-overlap]  # not a key
    assert len(deposits) == 3
    # dates and amounts only: nothing there for the cyclic garbage collector to walk
    assert isinstance(deposits, Deposits)
    by_member: Any = deposits._by_member  # what the collector would see
    assert all(not gc.is_tracked(months) for months in by_member.values())


months = st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 1)).map(
    lambda day: day.replace(day=1)
)
amounts = st.decimals(min_value=0, max_value=10**6, places=2)


@given(st.dictionaries(st.tuples(st.sampled_from(["M1", "M2", "M3"]), months), amounts))
def test_deposits_is_the_mapping_it_replaces(
    flat: dict[tuple[str, datetime.date], Decimal],
) -> None:
    """Keyed by member then month, the deposits answer as the (member, month) dict did."""
    by_member: dict[str, dict[datetime.date, Decimal]] = {}
    for (member_id, month), amount in flat.items():
        by_member.setdefault(member_id, {})[month] = amount
    deposits = Deposits(by_member)
    assert dict(deposits) == flat
    assert deposits == flat
    assert len(deposits) == len(flat)
    assert sorted(deposits) == sorted(flat)
    for member_id in ("M1", "M2", "M3", "M4"):
        for month in (JAN, FEB):
            key = (member_id, month)
            assert deposits.get(key, D(0)) == flat.get(key, D(0))
            assert deposits.get(key) == flat.get(key)
            assert (key in deposits) == (key in flat)


def test_loan_cost_measured_once_for_each_terms(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"
    2024-01-01 custom "fund" "savings-group"
    2024-01-01 custom "rules" "ระเบียบ"
      loan-rate-max: 18
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
    2024-01-05 * "ฝากสัจจะ"
      Assets:Cash                 2000 THB
      Liabilities:Savings:M0001  -1000 THB
      Liabilities:Savings:M0002  -1000 THB
    2024-02-01 * "loan"
      loan: "L1"
      rate: 12
      method: "flat"
      installments: 12
      first-due: 2024-03-01
      approved: "มติ 1/2567"
      Assets:Loans:M0001   1200 THB
      Assets:Cash
    2024-04-01 * "loan"
      loan: "L2"
      rate: 12
      method: "flat"
      installments: 12
      first-due: 2024-05-01
      approved: "มติ 2/2567"
      Assets:Loans:M0002   1200 THB
      Assets:Cash
    2024-04-02 * "loan"
      loan: "L3"
      rate: 12
      method: "flat"
      installments: 12
      first-due: 2024-05-01
      approved: "มติ 2/2567"
      Assets:Loans:M0002   600 THB
      Assets:Cash
    """
    _, errors, options = load_doc
    books = kept_books(options)
    assert books is not None
    # L1 and L2 differ only by their days: the same amounts, the same cost, measured once
    assert [e.message.split(":")[0] for e in errors].count("loan-rate-over-law") == 3
    rates: checks.MeasuredRates = {}
    for loan in books.loans.member_loans:
        assert checks.loan_rate_over_law(loan, rates) == checks.loan_rate_over_law(loan)
    assert sorted(rates.values()) == [D("21.46"), D("21.46")]
    assert len(rates) == 2  # 1,200 and 600 THB


def test_grant_tagged_kept_by_the_fund_pass(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"
    2024-01-01 custom "fund" "savings-group"
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-05 * "ฝากสัจจะ"
      Assets:Cash                 100 THB
      Liabilities:Savings:M0001  -100 THB
    2024-01-06 * "ซื้อปุ๋ย"
      grant: "G9"
      Expenses:Admin               50 THB
      Assets:Cash
    """
    entries, errors, options = load_doc
    books = kept_books(options)
    assert books is not None
    tagged = [entry for entry in entries if "grant" in entry.meta]
    assert books.fund.grant_tagged == tuple(tagged)
    assert len(tagged) == 1
    # the grant pass read it from there, with no walk of its own: the grant is unknown
    assert [e.message.split(":")[0] for e in errors] == ["grant-unknown"]
