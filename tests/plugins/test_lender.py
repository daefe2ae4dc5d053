"""A lender's books (``custom "fund" "lender"``): organisations as its members, loans to them,
and its board's moratoria by province (``moratorium-province-unknown``)."""

from __future__ import annotations

from pathlib import Path

from fava.application import create_app

from kongtun.generators.lender import codi_north
from kongtun.ledger.model import loaded_books
from kongtun.tests.conftest import Loaded, messages


def test_a_moratorium_by_province_pauses_the_loans_there(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "lender"
      code: "CODI"
    2022-01-01 custom "member" "MAESAI" "กองทุนหมุนเวียนบ้านแม่สาย"
      province: "เชียงราย"
    2022-01-01 custom "member" "DOI" "กองทุนบ้านดอย"
      province: "น่าน"
    2022-01-05 * "เงินทุน"
      Assets:Bank   1000000.00 THB
      Equity:Opening
    2022-03-15 * "ให้กู้"
      loan: "CODI-A"
      rate: 4
      method: "flat"
      installments: 12
      first-due: 2022-04-15
      approved: "สัญญา 007/2565"
      Assets:Loans:MAESAI  120000.00 THB
      Assets:Bank
    2022-03-20 * "ให้กู้"
      loan: "CODI-B"
      rate: 4
      method: "flat"
      installments: 12
      first-due: 2022-04-20
      approved: "สัญญา 008/2565"
      Assets:Loans:DOI  60000.00 THB
      Assets:Bank
    2022-04-25 custom "moratorium" "น้ำท่วม"
      start: 2022-05-01
      end: 2022-07-31
      applies-to: "provinces เชียงราย"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติคณะกรรมการ ครั้งที่ 10/2565"
    """
    entries, errors, options = load_doc
    assert errors == []
    books = loaded_books(entries, options)
    assert books.fund.info is not None
    assert books.fund.info.kind == "lender"
    by_id = books.loans.by_id()
    assert [m.title for m in by_id["CODI-A"].moratoria] == ["น้ำท่วม"]
    assert by_id["CODI-B"].moratoria == ()
    # the instalment of 15 May moves three months on, to 15 August
    assert [row.due.isoformat() for row in by_id["CODI-A"].schedule[1:3]] == [
        "2022-08-15",
        "2022-09-15",
    ]


def test_moratorium_province_unknown(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "lender"
      code: "CODI"
    2022-01-01 custom "member" "MAESAI" "กองทุนหมุนเวียนบ้านแม่สาย"
      province: "เชียงราย"
    2022-01-05 * "เงินทุน"
      Assets:Bank   1000000.00 THB
      Equity:Opening
    2022-03-15 * "ให้กู้"
      loan: "CODI-A"
      rate: 4
      method: "flat"
      installments: 12
      first-due: 2022-04-15
      approved: "สัญญา 007/2565"
      Assets:Loans:MAESAI  120000.00 THB
      Assets:Bank
    2022-04-25 custom "moratorium" "น้ำท่วม"
      start: 2022-05-01
      end: 2022-07-31
      applies-to: "provinces เชียงราย, จ.น่าน"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติคณะกรรมการ ครั้งที่ 10/2565"
    """
    _, errors, _ = load_doc
    assert [(e.source["lineno"], e.rule) for e in errors] == [(20, "moratorium-province-unknown")]
    assert messages(errors) == [
        'moratorium-province-unknown: moratorium "น้ำท่วม": `applies-to` names the province '
        '"จ.น่าน", which is not one of Thailand\'s 77 provinces as written in Thai, so it '
        "covers no organisation. Write the province's name in full as in the organisations' "
        "`province:` (for example: provinces เชียงราย, พะเยา), without จ. or จังหวัด."
    ]
    assert messages(errors, "th") == [
        'moratorium-province-unknown: การพักชำระหนี้ "น้ำท่วม": `applies-to` ระบุจังหวัด '
        '"จ.น่าน" ซึ่งไม่ใช่ชื่อจังหวัดใดใน 77 จังหวัดของประเทศไทยตามที่เขียนเป็นภาษาไทย '
        "จึงไม่ครอบคลุมองค์กรใด ให้เขียนชื่อจังหวัดเต็มตามที่เขียนไว้ใน `province:` "
        "ขององค์กร (เช่น provinces เชียงราย, พะเยา) โดยไม่ต้องมี จ. หรือ จังหวัด"
    ]


def test_a_real_province_where_no_organisation_is(load_doc: Loaded) -> None:
    # the boundary: น่าน is a province (no moratorium-province-unknown), but the lender lends
    # to no organisation there: moratorium-scope-unknown
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "lender"
      code: "CODI"
    2022-01-01 custom "member" "MAESAI" "กองทุนหมุนเวียนบ้านแม่สาย"
      province: "เชียงราย"
    2022-01-05 * "เงินทุน"
      Assets:Bank   1000000.00 THB
      Equity:Opening
    2022-03-15 * "ให้กู้"
      loan: "CODI-A"
      rate: 4
      method: "flat"
      installments: 12
      first-due: 2022-04-15
      approved: "สัญญา 007/2565"
      Assets:Loans:MAESAI  120000.00 THB
      Assets:Bank
    2022-04-25 custom "moratorium" "น้ำท่วม"
      start: 2022-05-01
      end: 2022-07-31
      applies-to: "provinces เชียงราย, น่าน"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติคณะกรรมการ ครั้งที่ 10/2565"
    """
    _, errors, _ = load_doc
    assert messages(errors) == [
        'moratorium-scope-unknown: moratorium "น้ำท่วม": `applies-to` names provinces "น่าน", '
        "but no organisation the lender lends to is in this province. Correct the name; "
        "separate several with commas, for example: villages หมู่ 1, หมู่ 2."
    ]


def test_fava_shows_the_demo_lenders_pages(tmp_path: Path) -> None:
    """The demo lender in Fava: the fund page, its organisations, its loans, a statement."""
    books = tmp_path / "codi-north.beancount"
    books.write_text(codi_north(2567), encoding="utf-8")
    app = create_app([str(books)])
    app.testing = True
    client = app.test_client()
    page = "/codi-northern-regional-office-loans-to-organisations/extension/KongTun/"
    for query in ("", "?page=members", "?page=loans", "?page=statement&member=RIMKHLONG"):
        response = client.get(page + query)
        assert response.status_code == 200, query
    loans = client.get(page + "?page=loans").get_data(as_text=True)
    assert "CODI-2565-007" in loans
    assert "กองทุนหมุนเวียนบ้านมั่นคงชุมชนริมคลอง" in loans


def test_lender_code_missing(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "lender"
      name: "สำนักงานภาคเหนือ พอช."
    """
    _, errors, _ = load_doc
    assert [(e.source["lineno"], e.rule) for e in errors] == [(4, "lender-code-missing")]
    assert messages(errors) == [
        "lender-code-missing: a lender's books need `code:`, the name its borrowers give it "
        "in their Liabilities:Loans account (a capital letter, then letters, digits or -), "
        'not "". For example: code: "CODI".'
    ]
    assert messages(errors, "th") == [
        "lender-code-missing: บัญชีของผู้ให้กู้ต้องมี `code:` คือชื่อที่องค์กรที่กู้ใช้ในบัญชี "
        "Liabilities:Loans ของตน (ขึ้นต้นด้วยอักษรภาษาอังกฤษตัวใหญ่ ตามด้วยตัวอักษร ตัวเลข "
        'หรือ -) ไม่ใช่ "" ตัวอย่าง: code: "CODI"'
    ]


def test_lender_code_that_is_no_account_name(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "lender"
      code: "พอช."
    """
    _, errors, _ = load_doc
    assert [e.rule for e in errors] == ["lender-code-missing"]
    assert 'not "พอช."' in messages(errors)[0]


def test_lender_code_boundary(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "lender"
      code: "C"
    """
    _, errors, _ = load_doc
    assert errors == []
