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

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"

from beancount import loader

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


def damaged(path: str, every: int, folder: Path) -> str:
    """A copy of ``path`` without every ``every``-th block (blank-line separated) that pays
    savings or touches a loan: the same name in ``folder``."""
    blocks = Path(path).read_text(encoding="utf-8").split("\n\n")
    kept, seen = [], 0
    for block in blocks:
        if "Liabilities:Savings:" in block or "loan:" in block:
            seen += 1
            if seen % every == 0:
                continue
        kept.append(block)
    copy = folder / f"damaged-{Path(path).name}"
    copy.write_text("\n\n".join(kept), encoding="utf-8")
    return str(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ledgers", nargs="+")
    parser.add_argument("--out", type=Path, help="write the whole model text here")
    parser.add_argument("--drop", type=int, help="also a copy without every N-th such block")
    args = parser.parse_args()
    texts = []
    ledgers = list(args.ledgers)
    folder = Path(tempfile.mkdtemp(prefix="books-model-"))
    if args.drop:
        ledgers += [damaged(ledger, args.drop, folder) for ledger in args.ledgers]
    for ledger in ledgers:
        for name, whole in model_parts(ledger).items():
            text = whole.replace(str(folder), "<copy>")  # the copies' folder differs each run
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            print(f"{Path(ledger).name}\t{name}\t{digest}\t{len(text)}")
            texts.append(f"## {Path(ledger).name} {name}\n{text}\n")
    shutil.rmtree(folder)
    if args.out is not None:
        args.out.write_text("".join(texts), encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
