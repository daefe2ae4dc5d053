"""A fund's daily load with one file a year: the last year's file against ten years in one.

    python bench/years.py [--members 1000] [--years 10] [--repeat 3]

Writes a savings group of ``--members`` over ``--years`` years, splits it at the start of the
last year with ``kongtun carry`` (as a committee would), and measures the load of the full
history and of the last year's file, each in a fresh process.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from beancount.parser import parser, printer

from kongtun.generators.scale import scale_book, scale_start

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import measure  # noqa: E402 - bench/ is not a package


def split(full: Path, start: datetime.date, folder: Path) -> Path:
    """The last year's file: the earlier years carried forward, then the year's entries."""
    text = full.read_text(encoding="utf-8")
    head = text[: text.index("\n20")] + "\n"
    raw, errors, _ = parser.parse_file(str(full))
    assert not errors, errors[:3]
    old = folder / "earlier.beancount"
    old.write_text(
        head + "".join(printer.format_entry(e) + "\n" for e in raw if e.date < start),
        encoding="utf-8",
    )
    new = folder / "last-year.beancount"
    kongtun = Path(sys.executable).parent / "kongtun"
    subprocess.run(
        [str(kongtun), "carry", "--start", start.isoformat(), str(old), str(new)],
        check=True,
        capture_output=True,
    )
    with new.open("a", encoding="utf-8") as out:
        out.write("".join(printer.format_entry(e) + "\n" for e in raw if e.date >= start))
    return new


def main() -> None:
    parser_ = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser_.add_argument("--members", type=int, default=1000)
    parser_.add_argument("--years", type=int, default=10)
    parser_.add_argument("--repeat", type=int, default=3)
    args = parser_.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        full = folder / "full.beancount"
        full.write_text(scale_book(args.members, args.years), encoding="utf-8")
        start = scale_start(1)
        last = split(full, start, folder)
        whole = measure("load", full, args.repeat)
        year = measure("load", last, args.repeat)
    result = {
        "members": args.members,
        "years": args.years,
        "full": whole,
        "last_year": year,
        "ratio_last_year_to_full": year["seconds"] / whole["seconds"],
    }
    print(
        f"{args.years} years in one file: {whole['seconds']:.2f} s, {whole['peak_mb']:.0f} MB; "
        f"the last year's file: {year['seconds']:.2f} s, {year['peak_mb']:.0f} MB "
        f"(ratio {result['ratio_last_year_to_full']:.3f})"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
