"""The demo books that `kongtun demo DIR` writes: file name -> ledger text (three funds and
the revolving fund's lender)."""

from __future__ import annotations

from kongtun.generators.lender import codi_north
from kongtun.generators.savings import revolving_fund, savings_group
from kongtun.generators.welfare import welfare_book


def welfare_fund(seed: int) -> str:
    """The demo community welfare fund (see :mod:`kongtun.generators.welfare`)."""
    return welfare_book(seed)


def demo_books(seed: int = 2567) -> dict[str, str]:
    """File name -> ledger text for the three demo funds and the revolving fund's lender."""
    return {
        "savings-group.beancount": savings_group(seed),
        "welfare-fund.beancount": welfare_fund(seed),
        "revolving-fund.beancount": revolving_fund(seed),
        "codi-north.beancount": codi_north(seed),  # the lender of the revolving fund
    }
