"""kongtun's benchmarks: how its cost grows, against bare Beancount on the same machine.

    python bench/run.py [--sizes small,medium,large,welfare-small] [--repeat 3] [--out DIR]

For each size it writes a fund (``kongtun.generators.scale``: a savings group for ``small``,
``medium`` and ``large``, a community welfare fund for ``welfare-small`` ...) twice — with
kongtun's plugin line and without it (the same text otherwise: every account has its own
``open``) — and measures, each in a fresh process and as the median of ``--repeat`` runs:

- the load time and peak memory of bare Beancount and of Beancount with kongtun, and ratios:
  kongtun's daily load (its verified-year-ends cache written by an earlier load: the books
  dated two minutes back, the cache in a folder of the run) and its first load (no cache,
  ``KONGTUN_NO_CACHE=1``: every recorded year end checked), bare, daily and first alternating;
- kongtun's plugin alone on the loaded entries (its per-transaction cost);
- Fava's balance sheet API and kongtun's Fava page on the same ledger, and their ratio.

Results are printed as a table and written to ``--out`` as JSON with the machine's
description. Benchmarks are not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from kongtun.generators.scale import PLUGIN_LINE, ScaleKind, scale_book
from kongtun.plugins.load_cache import STAMP_SETTLED_NS

HERE = Path(__file__).resolve().parent
#: name -> (kind, members, years); about 10k, 100k and 300k transactions for each kind
SIZES: dict[str, tuple[ScaleKind, int, int]] = {
    "tiny": ("savings-group", 300, 1),
    "small": ("savings-group", 1350, 1),
    "medium": ("savings-group", 1000, 13),
    "large": ("savings-group", 3000, 13),
    "welfare-tiny": ("welfare-fund", 300, 1),
    "welfare-small": ("welfare-fund", 1300, 1),
    "welfare-medium": ("welfare-fund", 1000, 13),
    "welfare-large": ("welfare-fund", 3000, 13),
}


def compile_kongtun() -> None:
    """Byte-compile kongtun's modules once, as installing it from a wheel does.

    Beancount's modules in the venv were compiled when pip installed them; kongtun's, in an
    editable install, are compiled on first import and the ``.pyc`` is written only when
    Python may write it (this machine sets PYTHONDONTWRITEBYTECODE). Without this step every
    kongtun run would compile its sources again and bare Beancount would not: not the same
    footing.
    """
    import compileall  # noqa: PLC0415 - only here

    for package in ("ledger", "generators", "plugins", "importers", "cli", "templates"):
        compileall.compile_dir(str(HERE.parent / package), quiet=1)


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    except OSError:
        memory = "?"
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_kb": memory,
        "python": platform.python_version(),
        "beancount": version("beancount"),
        "fava": version("fava"),
        "kongtun": version("kongtun"),
    }


def settle_change_time() -> None:
    """Wait until a file dated back just now has an old enough change time for kongtun's
    caches to keep its stamp (plugins/load_cache.py ``STAMP_SETTLED_NS``), as a committee's
    file saved long before the day's first load has: otherwise the first measured daily load
    would keep it, a write no later load makes."""
    time.sleep(STAMP_SETTLED_NS / 1e9 + 0.5)


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over ``runs``."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure(
    what: str, ledger: Path, repeat: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, str(HERE / "measure.py"), what, str(ledger)],
            check=False,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
        )
        if done.returncode:
            raise SystemExit(f"bench: measuring {what} on {ledger} failed:\n{done.stderr}")
        runs.append(json.loads(done.stdout))
    return median_of(runs)


def bench_size(name: str, repeat: int, folder: Path) -> dict[str, Any]:
    kind, members, years = SIZES[name]
    text = scale_book(members, years, kind=kind)
    with_plugin = folder / f"{name}.beancount"
    bare = folder / f"{name}-bare.beancount"
    with_plugin.write_text(text, encoding="utf-8")
    bare.write_text(text.replace(PLUGIN_LINE, "", 1), encoding="utf-8")
    transactions = text.count(" * ")
    result: dict[str, Any] = {
        "size": name,
        "kind": kind,
        "members": members,
        "years": years,
        "transactions": transactions,
    }
    # kongtun's caches (docs/year-end.md) vouch only for files older than a minute, kept in a
    # folder of this run: the books are dated back and one load writes the cache
    past = time.time() - 120
    os.utime(with_plugin, (past, past))
    settle_change_time()
    daily = {"XDG_CACHE_HOME": str(folder / "cache")}
    first = {**daily, "KONGTUN_NO_CACHE": "1"}
    measure("load", with_plugin, 1, daily)
    # bare, daily and first loads alternate, so that drift on a shared machine touches all alike
    runs = [(bare, None), (with_plugin, daily), (with_plugin, first)]
    loads = [measure("load", path, 1, env) for _ in range(repeat) for path, env in runs]
    result["bare"] = median_of(loads[0::3])
    result["kongtun"] = median_of(loads[1::3])
    result["kongtun_first"] = median_of(loads[2::3])
    # each kongtun run against the bare run just before it: the spread of the ratio
    result["pairs"] = {
        key: [k[key] / b[key] for b, k in zip(loads[0::3], loads[1::3], strict=True)]
        for key in ("seconds", "cpu_seconds")
    }
    result["pairs_first"] = {
        key: [k[key] / b[key] for b, k in zip(loads[0::3], loads[2::3], strict=True)]
        for key in ("seconds", "cpu_seconds")
    }
    if result["bare"]["errors"] or result["kongtun"]["errors"] or result["kongtun_first"]["errors"]:
        raise SystemExit(f"{name}: the benchmark books have errors: {result}")
    result["layer"] = measure("layer", with_plugin, repeat, daily)
    result["pages"] = measure("pages", with_plugin, repeat, daily)
    result["ratios"] = {
        "load_time": result["kongtun"]["seconds"] / result["bare"]["seconds"],
        "load_cpu": result["kongtun"]["cpu_seconds"] / result["bare"]["cpu_seconds"],
        "first_load_cpu": result["kongtun_first"]["cpu_seconds"] / result["bare"]["cpu_seconds"],
        "peak_memory": result["kongtun"]["peak_mb"] / result["bare"]["peak_mb"],
        "overview_vs_balance_sheet": result["pages"]["kongtun_overview"]
        / result["pages"]["balance_sheet"],
    }
    result["layer_us_per_transaction"] = result["layer"]["seconds"] / transactions * 1e6
    result["layer_cpu_us_per_transaction"] = result["layer"]["cpu_seconds"] / transactions * 1e6
    return result


def spread(ratios: list[float]) -> str:
    """The lowest and highest of the paired ratios: ``1.01-1.06``."""
    return f"{min(ratios):.2f}-{max(ratios):.2f}"


def table(results: list[dict[str, Any]]) -> str:
    head = (
        f"{'size':<16}{'kind':<15}{'txns':>8}{'bare s':>9}{'kongtun s':>11}{'time x':>8}"
        f"{'cpu x':>7}{'pairs (cpu)':>13}"
        f"{'bare MB':>9}{'kongtun MB':>12}{'mem x':>7}{'layer us/txn':>14}{'(cpu)':>7}"
        f"{'page/bal.sheet':>16}{'first cpu x':>13}{'pairs (first)':>15}"
    )
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(
            f"{r['size']:<16}{r['kind']:<15}{r['transactions']:>8}{r['bare']['seconds']:>9.2f}"
            f"{r['kongtun']['seconds']:>11.2f}{r['ratios']['load_time']:>8.3f}"
            f"{r['ratios']['load_cpu']:>7.3f}{spread(r['pairs']['cpu_seconds']):>13}"
            f"{r['bare']['peak_mb']:>9.0f}{r['kongtun']['peak_mb']:>12.0f}"
            f"{r['ratios']['peak_memory']:>7.3f}{r['layer_us_per_transaction']:>14.1f}"
            f"{r['layer_cpu_us_per_transaction']:>7.1f}"
            f"{r['ratios']['overview_vs_balance_sheet']:>16.3f}"
            f"{r['ratios']['first_load_cpu']:>13.3f}{spread(r['pairs_first']['cpu_seconds']):>15}"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default="small,medium,large,welfare-small,welfare-medium,welfare-large"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    unknown = sorted(set(args.sizes.split(",")) - set(SIZES))
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; sizes are {', '.join(SIZES)}")
    compile_kongtun()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        # kongtun's load caches for every load of this run, never the user's ~/.cache
        os.environ["XDG_CACHE_HOME"] = str(Path(folder) / "cache")
        for name in args.sizes.split(","):
            results.append(bench_size(name, args.repeat, Path(folder)))
            print(f"done: {name}", file=sys.stderr)
    print(table(results))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = args.out / f"bench-{stamp}.json"
    path.write_text(
        json.dumps({"machine": machine(), "repeat": args.repeat, "results": results}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
