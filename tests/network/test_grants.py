"""The funds' grants in the network's roll-up: each fund's summary carries its grants as they
stood at the month's end, and the roll-up adds them up by the grant's own area and grantor."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kongtun.cli.load import load_books
from kongtun.ledger.grants.book import GrantSummary
from kongtun.ledger.model import load_errors, loaded_books
from kongtun.ledger.network.rollup import at_level, grant_rows, roll_up, rollup_json
from kongtun.ledger.network.summary import (
    GRANT_FIGURES,
    Area,
    FundGrant,
    FundSummary,
    from_json,
    fund_summary,
    grant_area,
    to_json,
)
from kongtun.ledger.reports.month import read_month
from kongtun.tests.conftest import write_ledger

MONTH = datetime.date(2024, 9, 1)
D = Decimal


def grant(
    grant_id: str, grantor: str, area: Area, amount: int, spent: int, *, households: int = 0
) -> FundGrant:
    figures = dict.fromkeys(GRANT_FIGURES, Decimal(0))
    figures |= {
        "amount": Decimal(amount),
        "received": Decimal(amount),
        "spent": Decimal(spent),
        "left": Decimal(amount - spent),
        "households": Decimal(households),
    }
    return FundGrant(grant_id, grantor, area, MappingProxyType(figures))


def fund(file: str, area: Area, *grants: FundGrant) -> FundSummary:
    figures = MappingProxyType({"members.end": Decimal(10)})
    return FundSummary(file, MONTH, "welfare-fund", "", area, figures, 0, None, (), grants)


SONGKHLA = Area("สงขลา", "หาดใหญ่", "คอหงส์")
SONGKHLA_2 = Area("สงขลา", "สะเดา", "ปริก")
TRANG = Area("ตรัง", "กันตัง", "บ่อน้ำร้อน")


def test_grants_add_up_by_their_own_area_and_by_grantor() -> None:
    """Two funds, both in Songkhla; grants in Songkhla and in Trang, from two grantors."""
    one = fund(
        "a.beancount",
        SONGKHLA,
        grant("G1", "พอช.", SONGKHLA, 100_000, 60_000, households=12),
        grant("G2", "อบจ.", TRANG, 40_000, 40_000),
    )
    two = fund(
        "b.beancount",
        SONGKHLA_2,
        grant("G1", "พอช.", SONGKHLA_2, 70_000, 10_000, households=5),
        grant("G9", "พอช.", TRANG, 30_000, 0, households=3),
    )
    grants = roll_up(MONTH, "province", [two, one]).grants
    assert [(a.area, a.grants, a.funds) for a in grants.areas] == [
        (("ตรัง",), 2, 2),
        (("สงขลา",), 2, 2),
    ]
    trang, songkhla = grants.areas
    assert trang.figures["amount"] == 70_000
    assert trang.figures["spent"] == 40_000
    assert trang.figures["left"] == 30_000
    assert (trang.figures["households"], trang.covers["households"]) == (D(3), 1)  # G2 has none
    assert trang.fund_covers["households"] == 1
    assert songkhla.figures["amount"] == 170_000
    assert (songkhla.figures["households"], songkhla.covers["households"]) == (D(17), 2)
    assert [(c.area, c.grantor, c.get("amount")) for c in grants.cells] == [
        (("ตรัง",), "พอช.", D(30_000)),
        (("ตรัง",), "อบจ.", D(40_000)),
        (("สงขลา",), "พอช.", D(170_000)),
    ]
    assert [(c.grantor, c.grants, c.funds, c.get("amount")) for c in grants.grantors] == [
        ("พอช.", 3, 2, D(200_000)),
        ("อบจ.", 1, 1, D(40_000)),
    ]
    total = grants.total
    assert (total.grants, total.funds, total.get("amount"), total.get("left")) == (
        4,
        2,
        D(240_000),
        D(130_000),
    )
    assert total.covers["amount"] == 4
    assert total.covers["households"] == 3
    by_district = roll_up(MONTH, "district", [one, two]).grants
    assert [a.area for a in by_district.areas] == [
        ("ตรัง", "กันตัง"),
        ("สงขลา", "สะเดา"),
        ("สงขลา", "หาดใหญ่"),
    ]
    # the funds' own figures are by the funds' area: both in Songkhla
    assert [a.area for a in roll_up(MONTH, "province", [one, two]).areas] == [("สงขลา",)]


def test_the_grants_in_json_and_csv() -> None:
    one = fund("a.beancount", SONGKHLA, grant("G1", "พอช.", TRANG, 100_000, 60_000, households=12))
    rollup = roll_up(MONTH, "province", [one])
    block = rollup_json(rollup)["grants"]
    assert isinstance(block, dict)
    (area,) = block["areas"]
    assert area["area"] == ["ตรัง"]
    assert area["figures"]["spent"] == {"value": "60000", "grants": 1, "funds": 1}
    assert area["grantors"][0]["grantor"] == "พอช."
    assert block["total"]["grants"] == 1
    rows = grant_rows(rollup)
    assert rows[0] == ["province", "grantor", "figure", "value", "grants", "funds"]
    assert ["ตรัง", "พอช.", "left", "40000", "1", "1"] in rows
    assert ["ตรัง", "*", "households", "12", "1", "1"] in rows
    assert ["*", "*", "grants", "1", "1", "1"] in rows


def summary(**area: str) -> GrantSummary:
    parts = {"province": "", "district": "", "tambon": ""} | area
    day = datetime.date(2024, 1, 1)
    zero = Decimal(0)
    return GrantSummary(
        "G1", "พอช.", "", parts["tambon"], parts["district"], parts["province"], day, day,
        zero, zero, zero, zero, zero, zero, zero, 0,
    )  # fmt: skip


def test_a_grant_is_counted_in_its_own_area_from_the_most_general_part_it_names() -> None:
    assert grant_area(summary(), SONGKHLA) == SONGKHLA
    assert grant_area(summary(tambon="ทุ่งใหญ่"), SONGKHLA) == Area("สงขลา", "หาดใหญ่", "ทุ่งใหญ่")
    assert grant_area(summary(district="สะเดา"), SONGKHLA) == Area("สงขลา", "สะเดา", "")
    assert grant_area(summary(province="ตรัง"), SONGKHLA) == Area("ตรัง", "", "")
    assert grant_area(summary(province="ตรัง", tambon="นาโยง"), SONGKHLA) == Area("ตรัง", "", "นาโยง")


LEDGER = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "welfare-fund"
  name: "กองทุนสวัสดิการชุมชนตำบลคอหงส์"
  province: "สงขลา"
  district: "หาดใหญ่"
  tambon: "คอหงส์"
2024-01-01 open Assets:Bank THB
2024-01-05 * "ดอกเบี้ย"
  Assets:Bank  10.00 THB
  Income:Interest:Bank  -10.00 THB
2024-02-01 custom "grant" "G1" 50000 THB
  grantor: "พอช."
  purpose: "ซ่อมบ้าน"
  start: 2024-02-01
  end: 2024-12-31
  tambon: "ทุ่งใหญ่"
2024-02-01 custom "grant-line" "G1" "วัสดุ" 50000 THB
2024-02-05 * "พอช." "เงินงวดที่ 1"
  grant: "G1"
  Assets:Restricted:G1   50000 THB
  Equity:Grants:G1      -50000 THB
2024-02-20 * "ร้านวัสดุ" "ซื้อวัสดุ"
  grant: "G1"
  budget-line: "วัสดุ"
  households: 7
  Equity:Grants:G1       20000 THB
  Assets:Restricted:G1  -20000 THB
2024-03-20 * "ร้านวัสดุ" "ซื้อวัสดุ ชุดที่ 2"
  grant: "G1"
  budget-line: "วัสดุ"
  households: 3
  Equity:Grants:G1       25000 THB
  Assets:Restricted:G1  -25000 THB
2024-03-01 custom "grant" "G2" 9000 THB
  grantor: "บริษัท"
  purpose: "ทุนการศึกษา"
  start: 2024-03-01
  end: 2024-12-31
2024-03-01 custom "grant-line" "G2" "ทุน" 9000 THB
"""


def summarise(path: Path, month: datetime.date) -> FundSummary:
    entries, errors, options = load_books(path)
    books = loaded_books(entries, options)
    month_books = read_month(entries, books, month)
    return fund_summary(books.fund, month_books, load_errors(errors, options), (), str(path))


def test_the_summary_carries_the_grants_as_they_stood_at_the_months_end(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, LEDGER, "fund.beancount")
    january = summarise(path, datetime.date(2024, 1, 1))
    assert january.problems == 0
    assert january.grants == ()  # G1 is declared in February
    (g1,) = summarise(path, datetime.date(2024, 2, 1)).grants
    assert (g1.grant, g1.grantor, g1.area) == ("G1", "พอช.", Area("สงขลา", "หาดใหญ่", "ทุ่งใหญ่"))
    assert dict(g1.figures) == {
        "amount": 50000,
        "received": 50000,
        "share": 0,
        "spent": 20000,
        "returned": 0,
        "converted": 0,
        "left": 30000,
        "households": 7,
    }
    march = summarise(path, datetime.date(2024, 3, 1))
    g1, g2 = march.grants
    assert (g1.figures["spent"], g1.figures["left"], g1.figures["households"]) == (
        D(45000),
        D(5000),
        D(10),
    )
    assert (g2.grant, g2.area) == ("G2", Area("สงขลา", "หาดใหญ่", "คอหงส์"))  # the fund's
    written = json.loads(json.dumps(to_json(march), ensure_ascii=False))
    assert written["format"] == "kongtun-fund-summary/2"
    assert written["grants"][0] == {
        "grant": "G1",
        "grantor": "พอช.",
        "province": "สงขลา",
        "district": "หาดใหญ่",
        "tambon": "ทุ่งใหญ่",
        "amount": "50000",
        "received": "50000",
        "share": "0",
        "spent": "45000",
        "returned": "0",
        "converted": "0",
        "left": "5000",
        "households": 10,
    }
    assert from_json(written) == march


def test_a_summary_of_format_1_is_not_read_as_one_without_grants(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, LEDGER, "fund.beancount")
    old = to_json(summarise(path, datetime.date(2024, 3, 1)))
    old["format"] = "kongtun-fund-summary/1"
    del old["grants"]
    with pytest.raises(ValueError, match="not a kongtun-fund-summary/2 summary"):
        from_json(old)


AREAS = st.sampled_from([SONGKHLA, SONGKHLA_2, TRANG, Area("", "", "")])
GRANTS = st.builds(
    grant,
    st.sampled_from(["G1", "G2", "G3"]),
    st.sampled_from(["พอช.", "อบจ.", "บริษัท"]),
    AREAS,
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    households=st.integers(0, 50),
)
FUNDS = st.builds(
    lambda n, area, grants: fund(f"f{n}.beancount", area, *grants),
    st.integers(0, 1000),
    AREAS,
    st.lists(GRANTS, max_size=4),
)


@given(
    st.lists(FUNDS, max_size=8, unique_by=lambda s: s.file),
    st.sampled_from(["tambon", "district", "province"]),
)
def test_grants_by_area_and_by_grantor_add_up_to_the_total(
    funds: list[FundSummary], by: str
) -> None:
    grants = roll_up(MONTH, by, funds).grants  # type: ignore[arg-type]
    assert grants == roll_up(MONTH, by, list(reversed(funds))).grants  # type: ignore[arg-type]
    every = [g for f in funds for g in f.grants]
    assert grants.total.grants == len(every)
    for key in GRANT_FIGURES:
        total = sum((g.figures[key] for g in every), Decimal(0))
        assert grants.total.get(key) == total
        assert sum((a.get(key) for a in grants.areas), Decimal(0)) == total
        assert sum((a.get(key) for a in grants.grantors), Decimal(0)) == total
        assert sum((c.get(key) for c in grants.cells), Decimal(0)) == total
    for area in grants.areas:
        inside = [g for g in every if at_level(g.area, by) == area.area]  # type: ignore[arg-type]
        assert area.grants == len(inside)
        assert area.grants == sum(c.grants for c in grants.of_area(area.area))
