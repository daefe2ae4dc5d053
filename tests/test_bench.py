"""The benchmark code works (a tiny run of it); benchmarks themselves assert no time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from beancount import loader
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.generators.scale import scale_book

ROOT = Path(__file__).resolve().parent.parent


def test_tiny_bench_runs_and_writes_results(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "tiny,welfare-tiny",
            "--repeat",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0].split()[:5] == ["size", "kind", "txns", "bare", "s"]
    assert lines[2].split()[:2] == ["tiny", "savings-group"]
    assert lines[3].split()[:2] == ["welfare-tiny", "welfare-fund"]
    (result,) = tmp_path.glob("bench-*.json")
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["machine"]["cores"] >= 1
    assert [row["kind"] for row in report["results"]] == ["savings-group", "welfare-fund"]
    for tiny in report["results"]:
        assert tiny["transactions"] > 2000
        assert tiny["bare"]["errors"] == tiny["kongtun"]["errors"] == 0
        assert tiny["bare"]["entries"] == tiny["kongtun"]["entries"]
        assert tiny["kongtun_first"]["errors"] == 0
        assert set(tiny["ratios"]) == {
            "load_time",
            "load_cpu",
            "first_load_cpu",
            "peak_memory",
            "overview_vs_balance_sheet",
        }
        assert all(value > 0 for value in tiny["ratios"].values())


def test_bench_refuses_an_unknown_size(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "huge", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown size(s) huge" in done.stderr


def test_scale_books_pass_the_check(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["demo", "--members", "60", "--years", "2", str(tmp_path)])
    assert made.exit_code == 0, made.output
    book = tmp_path / "scale-60x2.beancount"
    assert book.read_text(encoding="utf-8").count(" * ") > 60 * 8
    check = runner.invoke(main, ["check", "--lang", "en", str(book)])
    assert (check.exit_code, check.stdout) == (0, "")
    again = runner.invoke(main, ["demo", "--members", "60", "--years", "2", str(tmp_path)])
    assert again.exit_code == 0, "kongtun demo may replace the books it wrote"


def test_years_bench_runs() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "years.py"),
            "--members",
            "60",
            "--years",
            "3",
            "--repeat",
            "1",
            "--instructions",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    first, daily, counted, data = done.stdout.splitlines()
    assert first.startswith("3 years in one file: ")
    assert daily.startswith("the daily load: the last year's file with kongtun ")
    assert counted.startswith("the daily load by instructions: ")
    result = json.loads(data)
    # the goal's measure (docs/performance.md): the same entries, no errors either way
    found = result["instructions"]
    assert found["daily"] > found["bare"] > 0
    assert found["daily_load"]["entries"] == found["bare_load"]["entries"]
    assert found["daily_load"]["errors"] == found["bare_load"]["errors"] == 0
    assert result["full"]["errors"] == result["last_year"]["errors"] == 0
    assert result["last_year_first"]["errors"] == 0
    assert result["last_year"]["entries"] < result["full"]["entries"]


def test_collector_bench_counts_full_collections() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "collector.py"), "--members", "40,60"],
        capture_output=True,
        text=True,
        check=True,
    )
    header, *rows = done.stdout.splitlines()
    assert header.split()[:4] == ["members", "txns", "full", "collections:"]
    assert [row.split()[0] for row in rows] == ["40", "60"]
    for row in rows:
        members, txns, full_bare, full_kongtun, cpu_bare, cpu_kongtun, kept = row.split()
        assert int(txns) > int(members) * 5
        assert int(full_bare) >= 0
        assert int(full_kongtun) >= 0
        assert float(cpu_bare) > 0
        assert float(cpu_kongtun) > 0
        assert int(kept) > 0, "kongtun's modules are tracked objects a bare load has not"


def test_instructions_measures_a_daily_load_and_its_bare_twin(tmp_path: Path) -> None:
    """bench/instructions.py (the measure of docs/performance.md's goals): the daily load of
    a small fund and the same books without kongtun's plugin line, each under cachegrind."""
    ledger = tmp_path / "fund.beancount"
    ledger.write_text(scale_book(30, 1), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "instructions.py"), str(ledger), "--label", "t"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["label"] == "t"
    assert found["daily"] > found["bare"] > 0
    assert found["ratio"] == round(found["daily"] / found["bare"], 4)
    # the same entries, and no errors either way: a fair twin
    assert found["daily_load"]["entries"] == found["bare_load"]["entries"]
    assert found["daily_load"]["errors"] == found["bare_load"]["errors"] == 0


def test_instructions_measures_the_first_load_after_a_days_entries(tmp_path: Path) -> None:
    """``--append``: the day's entries appended to copies of the books and of their bare twin
    after the caches were written; the books given are left as they were."""
    ledger = tmp_path / "fund.beancount"
    ledger.write_text(scale_book(30, 1), encoding="utf-8")
    before = ledger.read_bytes()
    day = tmp_path / "day.beancount"
    day.write_text(
        '\n2025-02-03 * "ฝากสัจจะ"\n  Assets:Cash  10 THB\n  Liabilities:Savings:M0002  -10 THB\n',
        encoding="utf-8",
    )
    script = str(ROOT / "bench" / "instructions.py")
    done = subprocess.run(
        [sys.executable, script, str(ledger), "--append", str(day)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["daily"] > found["bare"] > 0
    plain = loader.load_file(str(ledger))[0]
    assert found["daily_load"]["entries"] == found["bare_load"]["entries"] == len(plain) + 1
    assert found["daily_load"]["errors"] == found["bare_load"]["errors"] == 0
    assert ledger.read_bytes() == before


def test_instructions_measures_bench_run_sizes() -> None:
    """``--sizes`` writes bench/run.py's books (``make bench`` measures the goals' so); an
    unknown size is refused with the known ones."""
    script = str(ROOT / "bench" / "instructions.py")
    done = subprocess.run(
        [sys.executable, script, "--sizes", "tiny"], capture_output=True, text=True, check=True
    )
    (line,) = done.stdout.splitlines()
    found = json.loads(line)
    assert found["label"] == "tiny"
    assert found["daily"] > found["bare"] > 0
    assert found["daily_load"]["entries"] == found["bare_load"]["entries"] > 3000
    refused = subprocess.run(
        [sys.executable, script, "--sizes", "tiny,huge"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2
    assert "unknown sizes huge: tiny, small, medium" in refused.stderr
