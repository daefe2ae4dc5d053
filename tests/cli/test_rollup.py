"""``kongtun rollup``: funds found, read on a process pool (or from the cache), added up by
area; nothing silently dropped; the books never changed."""

from __future__ import annotations

import datetime
import json
import os
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core.data import Custom
from beancount.parser.parser import parse_file
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.cli.network import read_fund
from kongtun.generators.grants import NETWORK_FILE
from kongtun.generators.network import network_books
from kongtun.ledger.network.rollup import LeftOut

DATA = Path(__file__).resolve().parent.parent / "data"
SMALL = (DATA / "small-fund.beancount").read_text(encoding="utf-8")
#: (folder, province, district, tambon) of the test network's funds
PLACES = (
    ("a", "อุดรธานี", "เมืองอุดรธานี", "หมากแข้ง"),
    ("a", "อุดรธานี", "เมืองอุดรธานี", "นาดี"),
    ("b", "อุดรธานี", "กุมภวาปี", "ตูมใต้"),
    ("c", "ขอนแก่น", "ชุมแพ", "ไชยสอ"),
)


def grant(grant_id: str, grantor: str, day: str, area: str = "") -> str:
    """A 50,000 baht grant declared on ``day`` (two lines), 30,000 received on the 20th of
    January, 12,000 spent in February (6 households) and 8,000 in March (4 households)."""
    return f"""
{day} custom "grant" "{grant_id}" 50000 THB
  grantor: "{grantor}"
  purpose: "ซ่อมบ้าน"
  start: {day}
  end: 2024-12-31{area}
{day} custom "grant-line" "{grant_id}" "วัสดุ" 40000 THB
{day} custom "grant-line" "{grant_id}" "อบรม" 10000 THB
2024-01-20 * "ผู้ให้ทุน" "เงินงวดที่ 1"
  grant: "{grant_id}"
  Assets:Restricted:{grant_id}   30000 THB
  Equity:Grants:{grant_id}      -30000 THB
2024-02-10 * "ร้านวัสดุ" "ซื้อวัสดุ"
  grant: "{grant_id}"
  budget-line: "วัสดุ"
  households: 6
  Equity:Grants:{grant_id}       12000 THB
  Assets:Restricted:{grant_id}  -12000 THB
2024-03-10 * "ร้านวัสดุ" "ซื้อวัสดุ ชุดที่ 2"
  grant: "{grant_id}"
  budget-line: "วัสดุ"
  households: 4
  Equity:Grants:{grant_id}        8000 THB
  Assets:Restricted:{grant_id}   -8000 THB
"""


#: the grants of the test network's funds 3 and 4: a grant naming only its tambon (the
#: fund's province and district), one naming another province's tambon, one naming no area
#: (the fund's), and one declared after February (not in February's roll-up)
GRANTS = {
    3: grant("G1", "พอช.", "2024-01-10", '\n  tambon: "ปะโค"'),
    4: grant(
        "G2",
        "อบจ.อุดรธานี",
        "2024-01-10",
        '\n  province: "อุดรธานี"\n  district: "เมืองอุดรธานี"\n  tambon: "นาดี"',
    )
    + grant("G3", "พอช.", "2024-01-12")
    + grant("G4", "พอช.", "2024-03-01")
    .replace("2024-01-20", "2024-03-02")
    .replace("2024-02-10", "2024-03-03"),
}


def small_network(root: Path) -> list[Path]:
    """Four copies of the small fund in three districts of two provinces, funds 3 and 4 with
    grants (:data:`GRANTS`), and a file that is no fund (a list of accounts)."""
    paths = []
    for number, (folder, province, district, tambon) in enumerate(PLACES, 1):
        text = SMALL.replace('province: "อุดรธานี"', f'province: "{province}"')
        text = text.replace('district: "เมืองอุดรธานี"', f'district: "{district}"')
        text = text.replace('tambon: "หมากแข้ง"', f'tambon: "{tambon}"')
        text += GRANTS.get(number, "")
        path = root / folder / f"fund-{number}.beancount"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    (root / "a" / "accounts.beancount").write_text("2024-01-01 open Assets:Cash\n", "utf-8")
    return paths


def snapshot(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(root.rglob("*.beancount"))}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["rollup", *args])
    return result.exit_code, result.stdout, result.stderr


def test_rollup_by_district_writes_json_csv_and_html(tmp_path: Path) -> None:
    books = tmp_path / "books"
    small_network(books)
    before = snapshot(books)
    out = tmp_path / "out"
    code, stdout, stderr = run(
        str(books),
        "--month",
        "2567-02",
        "--by",
        "district",
        "--out",
        str(out),
        "--workers",
        "2",
        "--lang",
        "en",
    )
    assert code == 0, stderr
    assert stdout.splitlines() == [
        f"wrote {out}/rollup-2024-02-district{ext}"
        for ext in (".json", ".csv", "-grants.csv", ".html")
    ]
    assert stderr.splitlines()[-1] == (
        "4 funds found, 4 included (4 read, 0 from the cache), 0 left out, 0 with problems."
    )
    figures = json.loads((out / "rollup-2024-02-district.json").read_text(encoding="utf-8"))
    assert [area["area"] for area in figures["areas"]] == [
        ["ขอนแก่น", "ชุมแพ"],
        ["อุดรธานี", "กุมภวาปี"],
        ["อุดรธานี", "เมืองอุดรธานี"],
    ]
    assert [area["funds"] for area in figures["areas"]] == [1, 1, 2]
    total = figures["total"]["figures"]
    assert total["members.end"] == {"value": "12", "funds": 4}
    assert total["loans.outstanding"] == {"value": "800.00", "funds": 4}
    assert figures["complete"] is True
    rows = (out / "rollup-2024-02-district.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "province,district,figure,value,funds"
    assert "อุดรธานี,เมืองอุดรธานี,members.end,6,2" in rows
    assert "*,*,loans.outstanding,800.00,4" in rows
    html = (out / "rollup-2024-02-district.html").read_text(encoding="utf-8")
    assert "Roll-up of February 2024 by district" in html
    assert "Funds it covers" in html
    assert "Grants by the grant&#39;s own area · Grants 3" in html
    grants = (out / "rollup-2024-02-district-grants.csv").read_text(encoding="utf-8")
    rows = grants.splitlines()
    assert rows[0] == "province,district,grantor,figure,value,grants,funds"
    # by the grant's own area: G2 of the fund in ขอนแก่น is counted in เมืองอุดรธานี
    assert "อุดรธานี,เมืองอุดรธานี,อบจ.อุดรธานี,amount,50000,1,1" in rows
    assert "*,*,พอช.,grants,2,2,2" in rows  # G1 and G3; G4 is declared in March
    assert "*,*,*,spent,36000,3,2" in rows  # February's vouchers only
    assert figures["grants"]["total"]["figures"]["left"] == {
        "value": "54000",
        "grants": 3,
        "funds": 2,
    }
    assert len(list((out / "summaries").glob("*.json"))) == 4
    assert snapshot(books) == before


def test_rollup_in_thai(tmp_path: Path) -> None:
    books = tmp_path / "books"
    small_network(books)
    code, _, stderr = run(
        str(books),
        "--month",
        "2567-02",
        "--by",
        "province",
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "1",
    )
    assert code == 0, stderr
    assert stderr.splitlines()[-1] == (
        "พบกองทุน 4 กองทุน รวมในตัวเลข 4 กองทุน (อ่านบัญชี 4 กองทุน ใช้ที่เก็บไว้ 0 กองทุน) "
        "ไม่ได้รวม 0 กองทุน มีปัญหา 0 กองทุน"
    )
    html = (tmp_path / "out" / "rollup-2024-02-province.html").read_text(encoding="utf-8")
    assert "สรุปรวมเดือนกุมภาพันธ์ 2567 รายจังหวัด" in html


def test_a_second_run_reads_only_the_fund_that_changed(tmp_path: Path) -> None:
    books = tmp_path / "books"
    paths = small_network(books)
    out = tmp_path / "out"
    args = (str(books), "--month", "2024-02", "--out", str(out), "--lang", "en")
    assert run(*args)[0] == 0
    first = (out / "rollup-2024-02-tambon.json").read_text(encoding="utf-8")
    code, _, stderr = run(*args)
    assert stderr.splitlines()[-1].startswith("4 funds found, 4 included (0 read, 4 from")
    with paths[2].open("a", encoding="utf-8") as changed:
        changed.write("\n; checked by the district on 2024-03-15\n")
    code, _, stderr = run(*args)
    assert code == 0
    assert stderr.splitlines()[-1].startswith("4 funds found, 4 included (1 read, 3 from")
    assert (out / "rollup-2024-02-tambon.json").read_text(encoding="utf-8") == first


def test_a_cache_of_another_version_is_not_used(tmp_path: Path) -> None:
    books = tmp_path / "books"
    small_network(books)
    out = tmp_path / "out"
    args = (str(books), "--month", "2024-02", "--out", str(out), "--lang", "en")
    assert run(*args)[0] == 0
    for cached in (out / "summaries").glob("*.json"):
        stored = json.loads(cached.read_text(encoding="utf-8"))
        stored["kongtun"] = "0.0.1"
        cached.write_text(json.dumps(stored), encoding="utf-8")
    assert "(4 read, 0 from the cache)" in run(*args)[2]


def test_funds_left_out_or_with_problems_are_listed_and_exit_1(tmp_path: Path) -> None:
    books = tmp_path / "books"
    paths = small_network(books)
    with paths[1].open("a", encoding="utf-8") as broken:
        broken.write(
            '\n2024-02-20 * "ถอนเงินสัจจะ"\n  Assets:Cash  -50.00 THB\n'
            "  Liabilities:Savings:M0001  50.00 THB\n"
        )
    late = books / "c" / "late.beancount"
    late.write_text(
        SMALL.replace('2024-01-01 custom "fund"', '2024-01-01 custom "fund"').replace(
            "2024-", "2025-"
        ),
        encoding="utf-8",
    )
    before = snapshot(books)
    line = paths[1].read_text(encoding="utf-8").count("\n") - 2
    code, _, stderr = run(
        str(books), "--month", "2024-02", "--out", str(tmp_path / "out"), "--lang", "en"
    )
    assert code == 1
    assert stderr.splitlines()[-3:] == [
        f"{late}: the books have no figures for February 2024: they run from January 2025 "
        "to March 2025; left out.",
        f"{paths[1]}:{line}: savings-withdrawal: the books have 1 problem (kongtun check "
        f"{paths[1]} lists it); included.",
        "5 funds found, 4 included (5 read, 0 from the cache), 1 left out, 1 with problems.",
    ]
    figures = json.loads((tmp_path / "out" / "rollup-2024-02-tambon.json").read_text("utf-8"))
    assert figures["complete"] is False
    assert figures["left_out"][0]["reason"] == "month-outside"
    assert figures["with_problems"][0]["first"]["rule"] == "savings-withdrawal"
    assert snapshot(books) == before
    thai = run(str(books), "--month", "2024-02", "--out", str(tmp_path / "out"))
    assert thai[0] == 1
    assert thai[2].splitlines()[-3] == (
        f"{late}: บัญชีไม่มีตัวเลขของเดือนกุมภาพันธ์ 2567 บัญชีมีตั้งแต่มกราคม 2568 ถึงมีนาคม 2568 ไม่ได้รวมในตัวเลข"
    )


def test_bad_input_fails_with_one_line(tmp_path: Path) -> None:
    code, _, stderr = run(
        str(tmp_path / "nowhere"),
        "--month",
        "2024-02",
        "--out",
        str(tmp_path / "out"),
        "--lang",
        "en",
    )
    assert (code, stderr) == (
        2,
        f"kongtun: cannot read {tmp_path / 'nowhere'}: no such file or folder. Check the path.\n",
    )
    code, _, stderr = run(
        str(tmp_path), "--month", "2024-02", "--out", str(tmp_path / "out"), "--lang", "en"
    )
    assert (code, stderr) == (
        2,
        f'kongtun: no fund ledger (a .beancount file with custom "fund") under {tmp_path}.\n',
    )
    assert not (tmp_path / "out").exists()


def test_demo_network_is_deterministic_and_clean(tmp_path: Path) -> None:
    assert network_books(6, 3) == network_books(6, 3)
    assert network_books(6, 3) != network_books(6, 4)
    runner = CliRunner()
    made = runner.invoke(
        main, ["demo", "--network", "--funds", "6", "--seed", "3", "--lang", "en", str(tmp_path)]
    )
    assert made.exit_code == 0, made.output
    assert made.stdout == f"wrote 6 funds into {tmp_path}\n"
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.beancount"))
    assert written == sorted(network_books(6, 3))
    code, _, stderr = run(
        str(tmp_path),
        "--month",
        "2024-12",
        "--by",
        "province",
        "--out",
        str(tmp_path / "out"),
        "--lang",
        "en",
    )
    assert code == 0, stderr
    again = runner.invoke(main, ["demo", "--network", "--funds", "6", "--seed", "3", str(tmp_path)])
    assert again.exit_code == 0


@pytest.mark.filterwarnings("ignore")
def test_dask_gives_the_process_pools_figures(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    books = tmp_path / "books"
    small_network(books)
    args = ("--month", "2024-02", "--by", "district", "--lang", "en")
    assert run(str(books), *args, "--out", str(tmp_path / "pool"), "--workers", "2")[0] == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        assert len(cluster.workers) == 2
        code, _, stderr = run(
            str(books),
            *args,
            "--out",
            str(tmp_path / "dask"),
            "--scheduler",
            cluster.scheduler_address,
        )
        assert code == 0, stderr
        # a scheduler file, as `dask scheduler --scheduler-file` writes it (its address)
        address = {"address": cluster.scheduler_address}
        (tmp_path / "scheduler.json").write_text(json.dumps(address), encoding="utf-8")
        by_file = run(
            str(books),
            *args,
            "--out",
            str(tmp_path / "file"),
            "--scheduler",
            str(tmp_path / "scheduler.json"),
        )
        assert by_file[0] == 0, by_file[2]
    name = "rollup-2024-02-district"
    for ext in (".json", ".csv", "-grants.csv"):
        pool = (tmp_path / "pool" / f"{name}{ext}").read_text(encoding="utf-8")
        assert (tmp_path / "dask" / f"{name}{ext}").read_text(encoding="utf-8") == pool
        assert (tmp_path / "file" / f"{name}{ext}").read_text(encoding="utf-8") == pool


def close_january(path: Path) -> str:
    result = CliRunner().invoke(
        main,
        ["close", str(path), "--month", "2024-01", "--by", "M0001,M0002", "--resolution", "1/2567"],
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split(": ")[-1].strip()


def test_the_witness_reports_a_close_rewritten_after_it_was_recorded(tmp_path: Path) -> None:
    books = tmp_path / "books"
    paths = small_network(books)
    before = paths[0].read_text(encoding="utf-8")
    first = close_january(paths[0])
    out = tmp_path / "out"
    args = (str(books), "--month", "2024-02", "--out", str(out), "--lang", "en")
    assert run(*args)[0] == 0
    witness = out / "closes-witness.jsonl"
    recorded = witness.read_text(encoding="utf-8")
    assert recorded.count("\n") == 1
    assert json.loads(recorded)["digest"] == first
    assert json.loads(recorded)["seen"] == "2024-02"
    assert run(*args)[0] == 0
    assert witness.read_text(encoding="utf-8") == recorded  # seen already: nothing appended
    # January rewritten and closed again: the fund's own check is clean, the network is not
    paths[0].write_text(before.replace("ฝากสัจจะ ม.ค. 2567", "ฝากเงิน ม.ค. 2567"), "utf-8")
    again = close_january(paths[0])
    assert again != first
    assert CliRunner().invoke(main, ["check", str(paths[0])]).exit_code == 0
    code, _, stderr = run(*args)
    assert code == 1
    assert stderr.splitlines()[-2:] == [
        f"WARNING: {paths[0]}: the close of January 2024 is not the one the network recorded "
        f"in the roll-up of February 2024: it was {first}, it is now {again}. The fund's books "
        "of that month were changed after they were closed; ask the fund's committee why "
        "(docs/network.md).",
        "4 funds found, 4 included (1 read, 3 from the cache), 0 left out, 0 with problems.",
    ]
    assert witness.read_text(encoding="utf-8") == recorded  # the first digest holds
    figures = json.loads((out / "rollup-2024-02-tambon.json").read_text(encoding="utf-8"))
    assert figures["complete"] is False
    assert figures["closes_changed"][0]["recorded"] == first
    assert figures["closes_changed"][0]["now"] == again
    html = (out / "rollup-2024-02-tambon.html").read_text(encoding="utf-8")
    assert "Month closes changed since the network recorded them" in html
    thai = run(str(books), "--month", "2024-02", "--out", str(out))
    assert (
        thai[2]
        .splitlines()[-2]
        .startswith(f"คำเตือน: {paths[0]}: ค่าปิดงวดของเดือนมกราคม 2567 ไม่ตรงกับที่เครือข่ายบันทึกไว้")
    )


def test_a_damaged_witness_stops_before_anything(tmp_path: Path) -> None:
    books = tmp_path / "books"
    small_network(books)
    witness = tmp_path / "witness.jsonl"
    witness.write_text(
        '{"fund": ["a", "b", "c", "d"], "file": "x", "month": "2024-01", '
        '"digest": "sha256:00", "seen": "2024-02"}\nnot json\n',
        "utf-8",
    )
    code, stdout, stderr = run(
        str(books),
        "--month",
        "2024-02",
        "--out",
        str(tmp_path / "out"),
        "--witness",
        str(witness),
        "--lang",
        "en",
    )
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"kongtun: {witness}:2: this line of the network's witness of closes is not a record; "
        "nothing was read or written. Restore the file from a backup (it is only ever appended "
        "to).\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_fund_that_cannot_be_read_comes_back_left_out(tmp_path: Path) -> None:
    missing = read_fund(str(tmp_path / "gone.beancount"), datetime.date(2024, 2, 1))
    assert missing.summary is None
    assert missing.left is not None
    assert missing.left.file == str(tmp_path / "gone.beancount")
    empty = tmp_path / "empty.beancount"
    empty.write_text('plugin "kongtun.plugins.fund"\n2024-01-01 open Assets:Cash\n', "utf-8")
    outcome = read_fund(str(empty), datetime.date(2024, 2, 1))
    assert outcome.left == LeftOut(str(empty), "no-fund")
    era = tmp_path / "era.beancount"
    era.write_text(SMALL.replace('2024-02-05 * "นายสมชาย', '2567-02-05 * "นายสมชาย'), "utf-8")
    outcome = read_fund(str(era), datetime.date(2024, 2, 1))
    assert outcome.left is not None
    assert outcome.left.reason == "buddhist-era"


def test_a_scheduler_that_does_not_answer_stops_the_rollup(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    books = tmp_path / "books"
    small_network(books)
    code, _, stderr = run(
        str(books),
        "--month",
        "2024-02",
        "--out",
        str(tmp_path / "out"),
        "--scheduler",
        "tcp://127.0.0.1:9",
        "--lang",
        "en",
    )
    assert code == 2
    assert stderr.startswith("kongtun: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert stderr.endswith(
        "); nothing was written. Start it (docs/network.md), or leave out --scheduler to use "
        "this computer.\n"
    )
    assert not (tmp_path / "out").exists()


def test_the_rollup_page_in_a_browser(tmp_path: Path) -> None:
    from kongtun.tests.plugins.test_browser import browse  # noqa: PLC0415 - Chromium's helper

    books = tmp_path / "books"
    small_network(books)
    out = tmp_path / "out"
    assert run(str(books), "--month", "2567-02", "--by", "district", "--out", str(out))[0] == 0
    page = out / "rollup-2024-02-district.html"
    dom = browse(page.as_uri(), "rollup-district.png", tmp_path / "profile")
    assert "สรุปรวมเดือนกุมภาพันธ์ 2567 รายอำเภอ" in dom
    assert "ขอนแก่น · ชุมแพ" in dom
    assert "ทุกพื้นที่" in dom
    assert "ทุนโครงการตามพื้นที่ของทุน · ทุนโครงการ 3" in dom
    assert "ทุนโครงการตามผู้ให้ทุน" in dom
    assert dom.count('class="kongtun-chart"') == 3  # members, loans, and grants by area


GOLDEN = Path(__file__).resolve().parent / "data"
UPDATE = os.environ.get("KONGTUN_UPDATE_SNAPSHOTS") == "1"


@pytest.mark.parametrize("ext", [".csv", ".json", "-grants.csv"])
def test_the_rollup_files_golden(tmp_path: Path, ext: str) -> None:
    books = tmp_path / "books"
    small_network(books)
    out = tmp_path / "out"
    assert run(str(books), "--month", "2024-02", "--by", "district", "--out", str(out))[0] == 0
    name = f"rollup-2024-02-district{ext}"
    written = (out / name).read_text(encoding="utf-8")
    if UPDATE:
        (GOLDEN / name).write_text(written, encoding="utf-8")
    assert (GOLDEN / name).exists(), f"no golden file {GOLDEN / name}: KONGTUN_UPDATE_SNAPSHOTS=1"
    assert written == (GOLDEN / name).read_text(encoding="utf-8")


def test_the_grant_network_by_province_adds_up_to_8_688_849(tmp_path: Path) -> None:
    """The example of issue 18: the demo's 102 tambon grants by province, through the roll-up,
    each province's amount the sum of its grants as the ledger declares them."""
    made = CliRunner().invoke(main, ["demo", str(tmp_path / "books"), "--grant-network"])
    assert made.exit_code == 0, made.output
    ledger = tmp_path / "books" / NETWORK_FILE
    declared: dict[str, Decimal] = defaultdict(Decimal)
    entries, _, _ = parse_file(str(ledger))
    for entry in entries:
        if isinstance(entry, Custom) and entry.type == "grant":
            declared[entry.meta["province"]] += entry.values[1].value.number
    assert len(declared) == 5
    out = tmp_path / "out"
    args = ("--month", "2565-12", "--by", "province", "--out", str(out), "--lang", "en")
    code, _, stderr = run(str(tmp_path / "books"), *args)
    assert code == 1  # the eight planted problems: included, listed
    assert stderr.splitlines()[-1] == (
        "1 funds found, 1 included (1 read, 0 from the cache), 0 left out, 1 with problems."
    )
    rolled = json.loads((out / "rollup-2022-12-province.json").read_text(encoding="utf-8"))
    grants = rolled["grants"]
    by_province = {
        area["area"][0]: Decimal(area["figures"]["amount"]["value"]) for area in grants["areas"]
    }
    assert by_province == declared
    assert sum(by_province.values(), Decimal(0)) == Decimal("8688849.00")
    assert grants["total"]["figures"]["amount"] == {
        "value": "8688849.00",
        "grants": 102,
        "funds": 1,
    }
    assert [row["grantor"] for row in grants["grantors"]] == ["พอช."]
    assert grants["total"]["figures"]["converted"]["value"] == "18828.00"
    assert grants["total"]["figures"]["left"]["value"] == "2500.00"  # the planted leftover
    rows = (out / "rollup-2022-12-province-grants.csv").read_text(encoding="utf-8").splitlines()
    assert "*,*,amount,8688849.00,102,1" in rows
    html = (out / "rollup-2022-12-province.html").read_text(encoding="utf-8")
    assert "8,688,849.00" in html


def test_a_cached_summary_of_the_first_format_is_read_again(tmp_path: Path) -> None:
    """A summary cached by a kongtun of format 1 has no grants: it is not taken as none."""
    books = tmp_path / "books"
    small_network(books)
    out = tmp_path / "out"
    args = (str(books), "--month", "2024-02", "--out", str(out), "--lang", "en")
    assert run(*args)[0] == 0
    first = (out / "rollup-2024-02-tambon.json").read_text(encoding="utf-8")
    for cached in (out / "summaries").glob("*.json"):
        stored = json.loads(cached.read_text(encoding="utf-8"))
        stored["summary"]["format"] = "kongtun-fund-summary/1"
        del stored["summary"]["grants"]
        cached.write_text(json.dumps(stored), encoding="utf-8")
    code, _, stderr = run(*args)
    assert code == 0
    assert "(4 read, 0 from the cache)" in stderr
    assert (out / "rollup-2024-02-tambon.json").read_text(encoding="utf-8") == first
