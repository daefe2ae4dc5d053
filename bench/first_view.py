"""Benchmark: the fund page's first view after Fava reloads the books, as a share of the load.

    .venv/bin/python bench/first_view.py [--kind savings-group] [--members 1000 --years 13]
                                         [--repeat 5] [--reloads 2]
                                         [--before /path/to/another/checkout]
                                         [--ledger BOOKS.beancount]

Writes the books ``kongtun demo --kind KIND --members 1000 --years 13`` writes (the "medium"
size of bench/run.py, about 100,000 transactions) once (or takes existing books, ``--ledger``:
with kongtun's extension line), then in fresh processes
serves them with Fava's app, shows the fund report page once (Fava's own first-request work
and template compiling, outside the figures), reloads the books as Fava does when a file
changes (``FavaLedger.load_file``) and shows the page again. Each reload gives:

- ``load``: Beancount's loader with kongtun's plugin (what Fava calls to read the files);
- ``extension``: kongtun's extension at the reload (``after_load_file``);
- ``view``: the first request of the fund report page after the reload;
- ``share``: (extension + view) / load — what kongtun adds before the page shows, for every
  second the books take to load (the goal of issue 11: at most 0.05).

Wall-clock and CPU time (``time.process_time``) are both measured; shares of each are given.
With ``--before``, the same runs alternate with runs of another checkout's code (its own
``.venv``), the order swapped every round, so that drift on a shared machine touches both
alike. Medians over ``--repeat`` processes × ``--reloads`` reloads, with the lowest and the
highest. Ratios, not times, so that the figures mean the same on a fast and a slow machine.
Never run by the tests (but for a tiny run that checks that it works).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
EXTENSION = '\n2022-01-01 custom "fava-extension" "kongtun.plugins.fava"\n'
PARTS = ("load", "extension", "view")


class Clock:
    """Wall-clock and CPU seconds of the calls it wraps, by part."""

    def __init__(self) -> None:
        self.spent: dict[str, tuple[float, float]] = {}

    def wrap(self, part: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                was = self.spent.get(part, (0.0, 0.0))
                self.spent[part] = (
                    was[0] + time.perf_counter() - wall,
                    was[1] + time.process_time() - cpu,
                )

        return timed


def child(ledger: str, reloads: int) -> list[dict[str, float]]:
    """In a fresh process: serve ``ledger``, then reload it ``reloads`` times, each time
    timing the loader, the extension's reload work and the first view of the fund page."""
    import fava.core  # noqa: PLC0415 - only in the measuring process
    from fava.application import create_app  # noqa: PLC0415

    app = create_app([ledger])
    app.testing = True
    client = app.test_client()
    slug = client.get("/").headers["Location"].strip("/").split("/")[0]
    page = f"/{slug}/extension/KongTun/"
    assert client.get(page).status_code == 200
    fava_ledger = app.config["LEDGERS"][slug]
    extension = fava_ledger.extensions.get_extension("KongTun")
    runs = []
    for _ in range(reloads):
        clock = Clock()
        loader = fava.core.load_uncached
        fava.core.load_uncached = clock.wrap("load", loader)  # type: ignore[assignment]
        extension.after_load_file = clock.wrap("extension", extension.after_load_file)
        try:
            fava_ledger.load_file()
        finally:
            fava.core.load_uncached = loader  # type: ignore[assignment]
            del extension.after_load_file
        response = clock.wrap("view", client.get)(page)
        assert response.status_code == 200
        run = {}
        for part in PARTS:
            run[part], run[part + "_cpu"] = clock.spent[part]
        runs.append(run)
    return runs


def measure(python: str, ledger: Path, reloads: int) -> list[dict[str, float]]:
    env = {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
    done = subprocess.run(
        [python, str(HERE), "--child", str(ledger), "--reloads", str(reloads)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        raise SystemExit(f"first_view: {python} on {ledger} failed:\n{done.stderr}")
    runs: list[dict[str, float]] = json.loads(done.stdout)
    for run in runs:
        run["share"] = (run["extension"] + run["view"]) / run["load"]
        run["share_cpu"] = (run["extension_cpu"] + run["view_cpu"]) / run["load_cpu"]
    return runs


def summary(runs: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Median, lowest and highest of each figure."""
    return {
        key: {
            "median": statistics.median(run[key] for run in runs),
            "low": min(run[key] for run in runs),
            "high": max(run[key] for run in runs),
        }
        for key in runs[0]
    }


def report(name: str, runs: list[dict[str, float]]) -> str:
    figures = summary(runs)

    def spread(key: str, digits: int) -> str:
        f = figures[key]
        return f"{f['median']:.{digits}f} ({f['low']:.{digits}f}-{f['high']:.{digits}f})"

    return "\n".join(
        [
            f"{name}: {len(runs)} reloads",
            f"  share of the load, wall: {spread('share', 3)}; cpu: {spread('share_cpu', 3)}",
            f"  load s: {spread('load', 2)}; cpu {spread('load_cpu', 2)}",
            f"  extension at reload s: {spread('extension', 3)}; cpu {spread('extension_cpu', 3)}",
            f"  first view s: {spread('view', 3)}; cpu {spread('view_cpu', 3)}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="savings-group", help="savings-group, welfare-fund, ...")
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--years", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=5, help="processes for each checkout")
    parser.add_argument("--reloads", type=int, default=2, help="reloads in each process")
    parser.add_argument("--before", type=Path, default=None, help="another checkout to compare")
    parser.add_argument("--ledger", type=Path, default=None, help="existing books to serve")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.reloads)))
        return
    from kongtun.generators.scale import scale_book  # noqa: PLC0415 - not in the children

    pythons = {"this": sys.executable}
    if args.before is not None:
        pythons = {"before": str(args.before / ".venv" / "bin" / "python"), **pythons}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in pythons}
    with tempfile.TemporaryDirectory() as folder:
        ledger = args.ledger or Path(folder) / "books.beancount"
        if args.ledger is None:
            text = scale_book(args.members, args.years, kind=args.kind)
            if '"fava-extension"' not in text:
                text += EXTENSION
            ledger.write_text(text, encoding="utf-8")
            print(f"books: {args.kind}, {args.members} members, {args.years} years", end="")
        else:
            text = ledger.read_text(encoding="utf-8")
            if '"fava-extension"' not in text:
                raise SystemExit(f"first_view: {ledger} has no fava-extension line")
            print(f"books: {ledger}", end="")
        print(f", {text.count(' * ')} transactions")
        for round_ in range(args.repeat):
            names = list(pythons) if round_ % 2 == 0 else list(reversed(pythons))
            for name in names:
                results[name] += measure(pythons[name], ledger, args.reloads)
            print(f"done: round {round_ + 1} of {args.repeat}", file=sys.stderr)
    for name, runs in results.items():
        print(report(name, runs))


if __name__ == "__main__":
    main()
