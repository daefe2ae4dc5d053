"""The welfare model of a load, written out whole, to compare two versions of kongtun's code.

    python bench/welfare_model.py LEDGER... [--out FILE] [--drop N]

Loads each ledger (its plugin line included, no load cache) and prints one SHA-256 digest per
part of what kongtun's plugin learnt — every member's standing (spells, payments, lapses), the
claims as judged, the matching rounds with their eligible members, the money received by year
and source, administration costs, assets by year, the totals carried, every problem and every
error message of the load — and, with ``--out``, the whole text the digests are of (``diff`` two
of them to see what changed). Run it on main's code and on a change: the same digests mean the
same model. ``--drop N`` also compares a damaged copy of each ledger (every N-th contribution
and every N-th claim taken out): members lapse, pay while lapsed and claim in arrears, so the
problems are compared too, not only clean books.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"

from beancount import loader

from kongtun.ledger.model import kept_books


def model_parts(path: str) -> dict[str, str]:
    """Each part of the books of one load, as text (``repr`` of kongtun's frozen values)."""
    entries, errors, options = loader.load_file(path)
    books = kept_books(options)
    if books is None:
        raise SystemExit(f"{path}: kongtun's plugin did not run")
    parts: dict[str, Any] = {
        "problems": books.problems,
        "errors": [f"{e.source.get('lineno')}: {e.message}" for e in errors],
        "entries": len(entries),
    }
    welfare = books.welfare
    if welfare is not None:
        parts |= {
            "standings": sorted(welfare.standings.items()),
            "claims": welfare.claims,
            "rounds": welfare.rounds,
            "received": sorted(welfare.received.items()),
            "admin": sorted(welfare.admin.items()),
            "assets": sorted(welfare.assets.items()),
            "carried": welfare.carried,
            "benefits": welfare.benefits,
        }
    return {
        name: "\n".join(map(repr, value)) if isinstance(value, (list, tuple)) else repr(value)
        for name, value in parts.items()
    }


#: the blocks ``--drop`` takes out of a welfare fund: contributions and claims
WELFARE_BLOCKS = ("Income:Contributions:", "benefit:")


def damaged(path: str, every: int, folder: Path, markers: tuple[str, ...] = WELFARE_BLOCKS) -> str:
    """A copy of ``path`` without every ``every``-th of its blank-line separated blocks that
    hold one of ``markers`` (a welfare fund's contributions and claims unless told), next to
    nothing else: the same name in ``folder``."""
    blocks = Path(path).read_text(encoding="utf-8").split("\n\n")
    kept, seen = [], 0
    for block in blocks:
        if any(marker in block for marker in markers):
            seen += 1
            if seen % every == 0:
                continue
        kept.append(block)
    copy = folder / f"damaged-{Path(path).name}"
    copy.write_text("\n\n".join(kept), encoding="utf-8")
    return str(copy)


def compare_main(
    description: str,
    parts_of: Callable[[str], dict[str, str]],
    markers: tuple[str, ...],
    drop_help: str,
) -> None:
    """The command line both model scripts share (this one and ``bench/books_model.py``):
    digests of ``parts_of`` each ledger, and of its damaged copy with ``--drop``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("ledgers", nargs="+")
    parser.add_argument("--out", type=Path, help="write the whole model text here")
    parser.add_argument("--drop", type=int, help=drop_help)
    args = parser.parse_args()
    texts = []
    ledgers = list(args.ledgers)
    folder = Path(tempfile.mkdtemp(prefix="model-"))
    if args.drop:
        ledgers += [damaged(ledger, args.drop, folder, markers) for ledger in args.ledgers]
    for ledger in ledgers:
        for name, whole in parts_of(ledger).items():
            text = whole.replace(str(folder), "<copy>")  # the copies' folder differs each run
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            print(f"{Path(ledger).name}\t{name}\t{digest}\t{len(text)}")
            texts.append(f"## {Path(ledger).name} {name}\n{text}\n")
    shutil.rmtree(folder)
    if args.out is not None:
        args.out.write_text("".join(texts), encoding="utf-8")
    sys.stdout.flush()


def main() -> None:
    compare_main(
        __doc__.split("\n")[0],
        model_parts,
        WELFARE_BLOCKS,
        "also a copy without every N-th contribution",
    )


if __name__ == "__main__":
    main()
