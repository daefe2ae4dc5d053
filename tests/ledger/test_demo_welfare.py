"""The demo welfare fund checks clean and shows everything a welfare fund does."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from kongtun.generators.demo import welfare_fund
from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.reports.welfare import annual_status
from kongtun.ledger.welfare.book import read_welfare
from kongtun.tests.conftest import load_text


def test_demo_welfare_fund(tmp_path: Path) -> None:
    text = welfare_fund(2567)
    assert welfare_fund(2567) == text
    entries, errors, options = load_text(tmp_path, text)
    assert errors == []
    fund, _ = read_fund(entries, options)
    welfare, _ = read_welfare(fund, entries)
    assert len(fund.members) == 300
    kinds = Counter(claim.kind for claim in welfare.claims)
    assert set(kinds) == {"birth", "hospital-night", "elderly", "education", "disaster", "death"}
    assert all(claim.accepted for claim in welfare.claims)
    lapsed = {
        member
        for member, standing in welfare.standings.items()
        if any(spell.lapsed is not None for spell in standing.spells)
    }
    rejoined = {m for m, standing in welfare.standings.items() if len(standing.spells) > 1}
    assert len(lapsed) >= 5
    assert rejoined
    assert rejoined <= lapsed
    assert [matching.id for matching in welfare.rounds] == ["codi-2566", "codi-2567"]
    assert all(m.amount == m.expected > 0 for m in welfare.rounds)

    welfare_total = Decimal(0)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                units = posting.units
                if posting.account.startswith("Expenses:Welfare") and units is not None:
                    welfare_total += units.number or Decimal(0)
    status = annual_status(welfare, 2024)
    assert sum((row.baht_total for row in status.benefits_by_category), Decimal(0)) == welfare_total
    assert status.members.founding == 180
    assert status.members.cumulative == 300
    assert dict(status.members.by_status)["left"] == 20
    assert status.members.matching_eligible == len(welfare.rounds[1].eligible)
    received = {row.source: row.total for row in status.received}
    assert received["state"] == sum((m.amount for m in welfare.rounds), Decimal(0))
    assert received["local-gov"] > 0
    assert received["donations"] > 0
    assert status.admin <= status.assets * Decimal("0.2")
