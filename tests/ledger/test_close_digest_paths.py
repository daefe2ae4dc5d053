"""The fast paths of the close digest give the documented digest (tests/ledger/closes_recipe.py).

kongtun writes most transactions' records directly (not through the JSON encoder) and hashes
the days once for all the closes of a load (``DayDigests``); the recipe of docs/closes.md,
which imports no kongtun, must agree on every record and every close, whatever the metadata
and in whatever order the closes are asked for.
"""

from __future__ import annotations

import datetime
import json
import textwrap
from typing import Any

from beancount import loader
from beancount.core.data import Transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from kongtun.ledger.years.closes import (
    DayDigests,
    _plain_transaction,
    canonical,
    close_digest,
    digest_days,
    month_end,
)
from kongtun.tests.ledger import closes_recipe

BOOKS = """
option "operating_currency" "THB"
2024-01-01 commodity THB
2024-01-01 open Assets:Cash
2024-01-01 open Assets:Bank
2024-01-01 open Assets:Stock
2024-01-01 open Liabilities:Savings:M0001
2024-01-01 open Expenses:Admin
2024-01-01 custom "member" "M0001" "นางสมศรี \\"ใจดี\\""

2024-01-05 * "ฝากสัจจะ"
  Assets:Cash                 100.00 THB
  Liabilities:Savings:M0001  -100.00 THB

2024-01-05 ! "ร้านค้า" "ซื้อ" #flood ^R-1 ^A-2
  receipt: "R-0012"
  rate: 1.50
  due: 2024-02-01
  paid: TRUE
  fee: 5.00 THB
  Expenses:Admin               35.50 THB
    note: "ค่า \\"ปากกา\\""
    count: 3
  ! Assets:Cash                -35.50 THB

2024-02-10 * "ย้ายเงิน"
  Assets:Bank                   0.00 THB
  Assets:Cash                  -0 THB

2024-02-10 * "หุ้น"
  Assets:Stock                  2 GOLD {10.00 THB}
  Assets:Cash                 -20.00 THB

2024-02-29 * "ราคา"
  Assets:Stock                  1 GOLD @ 11 THB
  Assets:Cash                 -11.00 THB

2024-03-03 * "ถอน" ""
  Liabilities:Savings:M0001    40 THB
  Assets:Cash                 -40 THB
"""


def _entries() -> list[Any]:
    entries, errors, _ = loader.load_string(textwrap.dedent(BOOKS))
    assert errors == []
    return entries


def _recipe_record(entry: Any) -> str | None:
    fields = closes_recipe.fields(entry)
    if fields is None:
        return None
    record = [entry.date.isoformat(), *fields, closes_recipe.meta(entry.meta)]
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def test_every_record_is_the_recipes() -> None:
    entries = _entries()
    assert len([entry for entry in entries if _recipe_record(entry) is not None]) == 8
    for entry in entries:
        assert canonical(entry) == _recipe_record(entry)
    # the direct path takes every transaction but those at a cost or a price
    direct = [_plain_transaction(entry) for entry in entries if isinstance(entry, Transaction)]
    assert [record is not None for record in direct] == [True, True, True, False, False, True]
    assert all(
        record in (None, _recipe_record(entry))
        for record, entry in zip(
            direct, [entry for entry in entries if isinstance(entry, Transaction)], strict=True
        )
    )


MONTHS = [month_end(datetime.date(2024, month, 1)) for month in range(1, 5)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(MONTHS), min_size=1, max_size=8))
def test_the_closes_in_any_order_get_the_recipes_digest(days: list[datetime.date]) -> None:
    """One ``DayDigests`` asked for closes forwards, backwards and again gives each time the
    digest the recipe computes from scratch."""
    entries = _entries()
    digests = digest_days(entries, MONTHS[-1])
    assert isinstance(digests, DayDigests)
    for day in days:
        assert close_digest(digests, day) == closes_recipe.close_digest(entries, day)
        assert close_digest(dict(digests), day) == close_digest(digests, day)


def test_a_changed_mapping_is_hashed_again() -> None:
    entries = _entries()
    digests = digest_days(entries, MONTHS[-1])
    before = close_digest(digests, MONTHS[-1])
    digests[datetime.date(2024, 3, 31)] = "0" * 64
    assert close_digest(digests, MONTHS[-1]) != before
    del digests[datetime.date(2024, 3, 31)]
    assert close_digest(digests, MONTHS[-1]) == before
    digests[datetime.date(2024, 1, 5)] = "1" * 64  # the same days, one changed
    changed = dict(digests)
    assert close_digest(digests, MONTHS[-1]) == close_digest(changed, MONTHS[-1]) != before
