"""``kongtun welfare-status``: CODI's annual status figures, in Thai, English and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.generators.demo import welfare_fund
from kongtun.generators.savings import savings_group


def test_welfare_status_in_english_and_json(tmp_path: Path) -> None:
    ledger = tmp_path / "welfare.beancount"
    ledger.write_text(welfare_fund(2567), encoding="utf-8")
    before = ledger.read_bytes()
    runner = CliRunner()
    result = runner.invoke(main, ["welfare-status", str(ledger), "--year", "2024", "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("กองทุนสวัสดิการชุมชนตำบลท่าทราย: annual status for 2024 (as of 2024-12-23)")
    assert "  cumulative members" in result.output
    assert any(line.split()[-1] == "300" for line in lines if "cumulative members" in line)
    assert "the state (via CODI)" in result.output
    thai = runner.invoke(main, ["welfare-status", str(ledger), "--year", "2567"])
    assert thai.exit_code == 0
    assert thai.output.splitlines()[0].startswith(
        "กองทุนสวัสดิการชุมชนตำบลท่าทราย: แบบแสดงสถานะกองทุน ปี 2567"
    )
    as_json = runner.invoke(
        main, ["welfare-status", str(ledger), "--year", "2024", "--format", "json"]
    )
    figures = json.loads(as_json.output)
    assert figures["members"]["cumulative"] == 300
    assert figures["members"]["by_status"]["left"] == 20
    assert {row["kind"] for row in figures["benefits_by_kind"]} >= {"death", "elderly"}
    assert ledger.read_bytes() == before


def test_welfare_status_needs_a_welfare_fund(tmp_path: Path) -> None:
    ledger = tmp_path / "savings.beancount"
    ledger.write_text(savings_group(2567), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["welfare-status", str(ledger), "--year", "2024", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert result.output == (
        f"kongtun: {ledger} is not the ledger of a welfare fund; welfare-status needs one.\n"
    )
    missing = CliRunner().invoke(
        main, ["welfare-status", str(tmp_path / "none.beancount"), "--year", "2024", "--lang", "en"]
    )
    assert missing.exit_code == 2
    assert "no such file" in missing.output


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "welfare-fund.beancount"


def test_members_behind_by_id_and_with_names() -> None:
    runner = CliRunner()
    args = ["welfare-status", str(EXAMPLE), "--behind-on", "2023-06-01", "--lang", "en"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert result.stderr == (
        "--behind-on 2023-06-01 is read as 1 June 2023 (CE 2023-06-01, B.E. 2566-06-01).\n"
    )
    assert result.stdout == (
        "Members behind with contributions on 2023-06-01: 1\n"
        "W0003  in arrears  2 periods missed, paid up to 2023-03-31\n"
    )
    named = runner.invoke(main, [*args[:-2], "--names"])
    assert named.stdout.splitlines()[1] == (
        "W0003  ค้างส่ง  ขาดส่ง 2 งวด ส่งถึง 2023-03-31 (31 มี.ค. 2566)  นางสาวมาลี ทองคำ  หมู่ 5"
    )
    lapsed = runner.invoke(main, [*args[:3], "2023-07-01", "--lang", "en"])
    assert lapsed.stdout.splitlines()[1] == (
        "W0003  lapsed  3 periods missed, paid up to 2023-03-31"
    )
    nothing = runner.invoke(main, ["welfare-status", str(EXAMPLE), "--lang", "en"])
    assert nothing.exit_code == 2
    assert nothing.output == "kongtun: give --year (or --behind-on).\n"


def test_members_behind_as_json() -> None:
    """``--behind-on DATE --format json`` prints JSON, as ``--year`` does (issue 12)."""
    runner = CliRunner()
    args = ["welfare-status", str(EXAMPLE), "--behind-on", "2566-07-01", "--format", "json"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "behind_on": "2023-07-01",
        "count": 1,
        "members": [
            {
                "member": "W0003",
                "status": "lapsed",
                "missed": 3,
                "paid_through": "2023-03-31",
                "lapsed": "2023-07-01",
            }
        ],
    }
    named = json.loads(runner.invoke(main, [*args, "--names"]).stdout)
    assert named["members"][0]["name"] == "นางสาวมาลี ทองคำ"
    assert named["members"][0]["village"] == "หมู่ 5"
