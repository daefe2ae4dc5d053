"""A daily load against bare Beancount by instructions: the measure of the goals in
docs/performance.md (one load's CPU time on a shared 2-core machine moves by 10–20 %; the
instructions it runs move by well under 0.1 %).

    python bench/instructions.py LEDGER [--bare BARE] [--label LABEL] [--append ENTRIES]
    python bench/instructions.py --sizes small,welfare-small   # bench/run.py's books

``LEDGER`` is a fund's main file with kongtun's ``plugin`` line; ``BARE`` the same file without
it (default: written beside a copy, the ``plugin`` line taken out, as ``bench/run.py`` writes
its pairs). ``--sizes`` writes ``bench/run.py``'s books of those sizes instead (``make bench``
measures the goals' sizes so), one line each. Steps, all in fresh processes of this Python:

1. kongtun's sources compiled to byte code (a load that compiles them counts the compiler);
2. the ledger dated two minutes back (kongtun writes its caches only for files over a minute
   old) and loaded once, plainly, with ``XDG_CACHE_HOME`` a folder of the run: kongtun's caches
   written, as on the committee's computer after its first load of the day;
3. ``valgrind --tool=cachegrind --cache-sim=no`` with ``PYTHONHASHSEED=0`` on
   ``bench/measure.py load`` of the ledger (the daily load, the caches read) and then of the
   bare file: the instructions of each whole process.

``--append ENTRIES`` measures instead the first load after a day's entries: copies of the
ledger and its bare twin (the books given are left as they are), the caches written as in 2.,
then the entries of the file ENTRIES appended to both copies and both dated back again before
3.: the daily load finds its file changed, hashes it anew and keeps its new stamp.

Prints one JSON line: both counts, their ratio, and what ``bench/measure.py`` said of each load
(its CPU seconds under valgrind mean nothing). Needs valgrind (``apt-get install valgrind``).
Measure a change's figure and its bare figure in the same checkout in the same run: the
checkout's path alone moves a ~116k figure by tens of millions of instructions.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kongtun import cli, generators, importers, ledger, plugins
from kongtun.generators.scale import PLUGIN_LINE, scale_book

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import SIZES, settle_change_time  # noqa: E402 - bench/ is not a package


def instructions(ledger: Path, env: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """The instructions of a whole ``bench/measure.py load`` of ``ledger`` under cachegrind, and
    what the load printed."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cachegrind.out"
        done = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                f"--cachegrind-out-file={out}",
                sys.executable,
                str(HERE / "measure.py"),
                "load",
                str(ledger),
            ],
            env={**env, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            check=True,
        )
        for line in out.read_text(encoding="utf-8").splitlines():
            if line.startswith("summary:"):
                return int(line.split()[1]), json.loads(done.stdout)
    raise SystemExit(f"cachegrind wrote no summary for {ledger}")


def compile_kongtun() -> None:
    """kongtun's sources compiled to byte code (a load that compiles them counts the compiler);
    stops with how to install valgrind where it is missing."""
    if shutil.which("valgrind") is None:
        raise SystemExit("bench/instructions.py needs valgrind: apt-get install valgrind")
    for package in (ledger, plugins, cli, importers, generators):
        compileall.compile_dir(str(Path(str(package.__file__)).parent), quiet=1)


def _copied(path: Path, folder: Path) -> Path:
    """A copy of ``path`` in ``folder`` (the books given are never changed)."""
    folder.mkdir(exist_ok=True)
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return copy


def bare_twin(ledger: Path, folder: Path) -> Path:
    """``ledger`` without kongtun's ``plugin`` line, written in ``folder`` (a fair twin only of
    books that open their own accounts, as the benchmark books do: kongtun opens the others)."""
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(PLUGIN_LINE.strip())]
    if len(kept) == len(lines):
        raise SystemExit(f"{ledger}: no line {PLUGIN_LINE.strip()!r} to take out; give --bare")
    bare = folder / f"{ledger.stem}-bare{ledger.suffix}"
    bare.write_text("".join(kept), encoding="utf-8")
    return bare


def daily_against_bare(
    books: Path, bare: Path | None, label: str, append: str | None = None
) -> dict[str, Any]:
    """The figures of one ledger: its daily load and its bare twin's, under cachegrind.

    ``append``: entries appended to copies of both files after the caches were written (the
    copies dated back again): the first load after a day's entries, which finds the file
    changed (hashed anew, and its new stamp kept: plugins/load_cache.py)."""
    with tempfile.TemporaryDirectory() as folder:
        twin = bare.resolve() if bare else bare_twin(books, Path(folder))
        if append is not None:
            books = _copied(books, Path(folder) / "books")
            twin = twin if bare is None else _copied(twin, Path(folder))
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(folder) / "cache")}
        env.pop("KONGTUN_NO_CACHE", None)
        back = time.time() - 120
        os.utime(books, (back, back))
        settle_change_time()
        subprocess.run(
            [sys.executable, str(HERE / "measure.py"), "load", str(books)],
            env=env,
            capture_output=True,
            check=True,
        )
        if append is not None:
            for path in (books, twin):
                with path.open("a", encoding="utf-8") as out:
                    out.write(append)
                os.utime(path, (back, back))
            settle_change_time()
        daily, daily_load = instructions(books, env)
        plain, bare_load = instructions(twin, env)
    return {
        "label": label,
        "ledger": str(books),
        "daily": daily,
        "bare": plain,
        "ratio": round(daily / plain, 4),
        "daily_load": daily_load,
        "bare_load": bare_load,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledger", type=Path, nargs="?")
    parser.add_argument("--bare", type=Path, help="the same books without the plugin line")
    parser.add_argument("--label", default="", help="a name for the line printed")
    parser.add_argument("--sizes", help=f"bench/run.py's books instead: {', '.join(SIZES)}")
    parser.add_argument(
        "--append",
        type=Path,
        help="a file of entries appended to copies of LEDGER and BARE after the caches are "
        "written: the first load after a day's entries",
    )
    args = parser.parse_args()
    if (args.ledger is None) == (args.sizes is None):
        parser.error("give a LEDGER or --sizes")
    compile_kongtun()
    if args.ledger is not None:
        append = args.append.read_text(encoding="utf-8") if args.append else None
        found = daily_against_bare(args.ledger.resolve(), args.bare, args.label, append)
        print(json.dumps(found))
        return
    names = args.sizes.split(",")
    unknown = [name for name in names if name not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {', '.join(unknown)}: {', '.join(SIZES)}")
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            kind, members, years = SIZES[name]
            books = Path(folder) / f"{name}.beancount"
            books.write_text(scale_book(members, years, kind=kind), encoding="utf-8")
            print(json.dumps(daily_against_bare(books, None, name)), flush=True)


if __name__ == "__main__":
    main()
