"""The books of a load, written out whole, to compare two versions of kongtun's code.

    python bench/books_model.py LEDGER... [--out FILE] [--drop N]

Loads each ledger (its plugin line included, no load cache) and prints one SHA-256 digest per
part of what kongtun's plugin learnt of the fund and its loans — the fund's directive, the
members, every member account's balance, the savings deposited by member and month, the
accounts kongtun opens, the carried history, the loans (schedules, moratoria, repayments,
restructurings), the grants, every problem and every error message of the load — and, with
``--out``, the whole text the digests are of (``diff`` two of them to see what changed). Run it
on main's code and on a change: the same digests mean the same model. ``--drop N`` also
compares a damaged copy of each ledger (every N-th block that pays savings or touches a loan
taken out: savings go negative, repayments lose their loan, year ends stop matching), so the
problems are compared too, not only clean books. The welfare model has its own script
(``bench/welfare_model.py``).
"""

from __future__ import annotations

import os
from typing import Any

os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"

from beancount import loader
from welfare_model import compare_main  # bench/: the driver both model scripts share

from kongtun.ledger.model import kept_books


def model_parts(path: str) -> dict[str, str]:
    """Each part of the books of one load, as text (``repr`` of kongtun's frozen values; sets
    and mappings sorted, so the text does not depend on the order of a walk)."""
    entries, errors, options = loader.load_file(path)
    books = kept_books(options)
    if books is None:
        raise SystemExit(f"{path}: kongtun's plugin did not run")
    fund = books.fund
    parts: dict[str, Any] = {
        "problems": books.problems,
        "errors": [f"{e.source.get('lineno')}: {e.message}" for e in errors],
        "entries": len(entries),
        "fund": (fund.info, fund.currency, fund.last_date, fund.books_start, fund.member_types),
        "rules": fund.rules,
        "members": sorted(fund.members.items()),
        "balances": sorted(fund.balances.items()),
        "deposits": sorted(fund.deposits.items()),
        "accounts": sorted(fund.accounts.items()),
        "opened-closed-posted": (
            sorted(fund.opened),
            sorted(fund.closed),
            sorted(fund.posted or ()),
        ),
        "customs": sorted(fund.customs.items()),
        "history": (sorted(fund.history.items()), sorted(fund.not_carried.items())),
        "loans": books.loans,
        "grants": books.grants,
    }
    return {
        name: "\n".join(map(repr, value)) if isinstance(value, (list, tuple)) else repr(value)
        for name, value in parts.items()
    }


#: the blocks ``--drop`` takes out: those that pay savings or touch a loan
BOOKS_BLOCKS = ("Liabilities:Savings:", "loan:")


def main() -> None:
    compare_main(
        __doc__.split("\n")[0],
        model_parts,
        BOOKS_BLOCKS,
        "also a copy without every N-th block that pays savings or touches a loan",
    )


if __name__ == "__main__":
    main()
