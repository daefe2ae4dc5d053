"""Benchmark: member statements and the fund's page on a large ledger, as ratios.

    .venv/bin/python bench/reports.py [--members 1000] [--transactions 100000]

Writes a savings group of MEMBERS members and about TRANSACTIONS transactions (deposits to
savings and shares, loans and repayments, bank transfers, costs) over three years, then prints:

- the time to build every member's statement for one month (the one pass of
  ``read_month`` plus ``statements``) as a ratio to the ledger's load time (goal ≤ 0.25);
- the extension's fund report page as a ratio to Fava's balance sheet page (the page and its
  API call) on the same ledger, with the extension's caches cold and warm (goal ≤ 1.0).

Ratios, not times, so that the figures mean the same on a fast and a slow machine. Never run
by the tests.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from beancount import loader

from kongtun.ledger.fund import read_fund
from kongtun.ledger.statements import read_month, statements


def books(members: int, transactions: int, seed: int = 2567) -> str:
    """A savings group with ``members`` members and about ``transactions`` transactions."""
    rng = random.Random(seed)
    start = datetime.date(2022, 1, 1)
    lines = [
        'option "title" "Bench Savings Group"',
        'option "operating_currency" "THB"',
        'plugin "kongtun.plugins.fund"',
        '2022-01-01 custom "fava-extension" "kongtun.plugins.fava"',
        '2022-01-01 custom "fund" "savings-group"',
        '  name: "กลุ่มออมทรัพย์ทดสอบ"',
        '2022-01-01 custom "rules" "ระเบียบ"',
        "  savings-monthly-min: 100 THB",
        "  savings-withdrawal-allowed: FALSE",
    ]
    for n in range(1, members + 1):
        lines.append(f'2022-01-01 custom "member" "M{n:04d}" "สมาชิก {n:04d}"')
    months = 36
    per_month = max(1, transactions // months)
    loans = [0] * (members + 1)
    for index in range(months):
        first = datetime.date(start.year + (start.month - 1 + index) // 12, (index % 12) + 1, 1)
        for _ in range(per_month):
            day = first + datetime.timedelta(days=rng.randrange(28))
            member = rng.randrange(1, members + 1)
            who = f"M{member:04d}"
            roll = rng.random()
            if roll < 0.6:
                amount = rng.choice((100, 150, 200, 300))
                lines += [
                    f'{day} * "ฝากสัจจะ"',
                    f"  Assets:Cash  {amount + 50}.00 THB",
                    f"  Liabilities:Savings:{who}  -{amount}.00 THB",
                    f"  Equity:Shares:{who}  -50.00 THB",
                ]
            elif roll < 0.7 and loans[member] == 0:
                loans[member] = 3000
                lines += [
                    f'{day} * "กู้"',
                    f"  Assets:Loans:{who}  3000.00 THB",
                    "  Assets:Cash  -3000.00 THB",
                ]
            elif roll < 0.9 and loans[member] > 0:
                loans[member] -= 500
                lines += [
                    f'{day} * "ชำระ"',
                    "  Assets:Cash  530.00 THB",
                    f"  Assets:Loans:{who}  -500.00 THB",
                    "  Income:Interest:Loans  -30.00 THB",
                ]
            else:
                lines += [
                    f'{day} * "ฝากธนาคาร"',
                    "  Assets:Bank  100.00 THB",
                    "  Assets:Cash  -100.00 THB",
                ]
    return "\n".join(lines) + "\n"


def best(action: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--transactions", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.beancount"
        path.write_text(books(args.members, args.transactions), encoding="utf-8")
        entries, errors, options = loader.load_file(str(path))
        count = sum(1 for entry in entries if type(entry).__name__ == "Transaction")
        print(f"ledger: {args.members} members, {count} transactions, {len(errors)} errors")
        load = best(lambda: loader.load_file(str(path)), repeat=2)
        fund, _ = read_fund(entries, options)
        month = datetime.date(2024, 9, 1)

        def build() -> object:
            return statements(fund, read_month(entries, fund, month))

        built = best(build)
        print(f"load (beancount + kongtun plugin): {load:.2f} s")
        print(f"every member's statement for 2024-09: {built:.3f} s")
        print(f"ratio statements / load: {built / load:.3f} (goal <= 0.25)")
        fava_pages(path, load)


def fava_pages(path: Path, load: float) -> None:
    from fava.application import create_app  # noqa: PLC0415 (only for this part)

    app = create_app([str(path)])
    app.testing = True
    client = app.test_client()
    slug = "/bench-savings-group"

    def get(url: str) -> None:
        response = client.get(slug + url)
        assert response.status_code == 200, (url, response.status_code)

    def balance_sheet() -> None:
        get("/balance_sheet/")
        get("/api/balance_sheet")

    extension = app.config["LEDGERS"]["bench-savings-group"].extensions.get_extension("KongTun")

    def extension_load() -> None:
        extension.after_load_file()  # what the extension adds to each load of the books

    def extension_cold() -> None:
        extension._months.clear()  # a month not yet shown: its one pass, then the page
        get("/extension/KongTun/?month=2024-09")

    balance_sheet()  # Fava's own first-request work, outside the timings
    get("/extension/KongTun/?month=2024-09")
    sheet = statistics.median(best(balance_sheet, 1) for _ in range(3))
    cold = statistics.median(best(extension_cold, 1) for _ in range(3))
    loading = statistics.median(best(extension_load, 1) for _ in range(3))
    warm = statistics.median(
        best(lambda: get("/extension/KongTun/?month=2024-09"), 1) for _ in range(3)
    )
    print(f"Fava balance sheet (page + API): {sheet:.3f} s")
    print(f"kongtun fund report page: {warm:.3f} s; another month (its pass first): {cold:.3f} s")
    print(f"ratio fund page / balance sheet: {warm / sheet:.2f} (goal <= 1.0)")
    print(f"ratio another month's page / balance sheet: {cold / sheet:.2f}")
    print(f"kongtun's work at each load of the books (fund, last month): {loading:.2f} s")
    print(f"ratio of it to the ledger's load: {loading / load:.2f}")


if __name__ == "__main__":
    main()
