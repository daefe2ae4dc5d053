"""kongtun's Fava extension, served by Fava's real app through its test client: every view,
both languages, and bad input answered on the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from fava.application import create_app

from kongtun.ledger.books.accounts import may_hold_suspense

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "examples" / "savings-group.beancount"
SMALL = ROOT / "tests" / "data" / "small-fund.beancount"
PAGE = "/ban-khok-samran-savings-group/extension/KongTun/"
SMALL_PAGE = "/ban-don-mai-savings-group/extension/KongTun/"


def get(path: Path, url: str) -> tuple[int, str]:
    app = create_app([str(path)])
    app.testing = True
    response = app.test_client().get(url)
    return response.status_code, response.get_data(as_text=True)


def with_extension(path: Path, folder: Path, config: str = "") -> Path:
    text = path.read_text(encoding="utf-8")
    line = '2024-01-01 custom "fava-extension" "kongtun.plugins.fava"'
    if line in text:
        text = text.replace(line, line + config)
    else:
        text += f"\n{line}{config}\n"
    books = folder / path.name
    books.write_text(text, encoding="utf-8")
    return books


def test_fund_report_is_the_default_view_in_thai() -> None:
    status, html = get(EXAMPLE, PAGE)
    assert status == 200
    assert "กลุ่มออมทรัพย์เพื่อการผลิตบ้านโคกสำราญ" in html
    assert "รายงานกองทุน · มีนาคม 2567" in html
    assert "ณ วันที่ 31 มีนาคม 2567" in html
    assert (
        '<tr data-rule="savings-withdrawal-allowed">'
        '<td class="kongtun-card-title">ถอนเงินสัจจะระหว่างเป็นสมาชิกได้ (savings-withdrawal-allowed)'
        '</td><td data-label="ค่าที่กำหนด">ไม่ใช่</td>'
    ) in html
    assert (
        '<tr data-rule="savings-monthly-min"><td class="kongtun-card-title">'
        'เงินสัจจะขั้นต่ำต่อเดือน (savings-monthly-min)</td><td data-label="ค่าที่กำหนด">100.00 บาท</td></tr>'
    ) in html
    assert "บัญชีไม่มีข้อผิดพลาด" in html
    assert 'class="kongtun-chart"' in html
    assert "Traceback" not in html


def test_member_list_view() -> None:
    status, html = get(EXAMPLE, PAGE + "?page=members")
    assert status == 200
    link = '<a class="kongtun-person" href="?page=statement&amp;month=2567-03&amp;member=M0001">'
    member = f'<td data-label="เลขที่สมาชิก">{link}M0001</a></td>'
    assert f'{member}<td data-label="ชื่อ–สกุล">{link}นางสมศรี ใจดี</a></td>' in html
    assert '<td class="num" data-label="เงินสัจจะสะสม">300.00</td>' in html, "M0001's savings"
    # Thai dictionary order: บุญมี, มาลี, สมชาย, สมศรี
    order = [html.index(name) for name in ("นายบุญมี", "นางสาวมาลี", "นายสมชาย", "นางสมศรี")]
    assert order == sorted(order)


def test_statement_view(tmp_path: Path) -> None:
    books = with_extension(SMALL, tmp_path)
    status, html = get(books, SMALL_PAGE + "?page=statement&member=M0001&month=2567-02")
    assert status == 200
    assert "รายงานบัญชีสมาชิก · กุมภาพันธ์ 2567" in html
    assert "นายสมชาย ใจดี (M0001)" in html
    assert "220.75 บาท" in html
    assert '<input name="member" value="M0001"' in html
    # which day every figure is on, in the Buddhist Era
    assert '<p class="kongtun-figures-day">ยอด ณ วันที่ 29 ก.พ. 2567 วันสิ้นเดือน</p>' in html


def test_loans_view_and_english(tmp_path: Path) -> None:
    books = with_extension(SMALL, tmp_path, " \"{'lang': 'en'}\"")
    status, html = get(books, SMALL_PAGE + "?page=loans&month=2024-02")
    assert status == 200
    assert "Loans to members · February 2024" in html
    assert "นายสมชาย ใจดี (M0001)" in html
    assert "Outstanding: 200.00 THB" in html
    status, html = get(books, SMALL_PAGE + "?page=welfare")
    assert status == 200
    assert "Fund report" in html, "a savings group has no welfare view: the report instead"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?month=2024-13", "2024-13 is not a month: write it as 2024-09 or 2567-09."),
        (
            "?month=2023-01",
            "The books have no figures for January 2023: they run from January 2024 to March 2024.",
        ),
        ("?page=statement&member=M0099", "No member has the id or a name with M0099."),
    ],
)
def test_bad_input_is_answered_on_the_page(tmp_path: Path, query: str, message: str) -> None:
    books = with_extension(SMALL, tmp_path, " \"{'lang': 'en'}\"")
    status, html = get(books, SMALL_PAGE + query)
    assert status == 200
    assert f'<p class="kongtun-error">{message}</p>' in html


def test_problems_are_counted(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"kongtun.plugins.fava"', "\"kongtun.plugins.fava\" \"{'lang': 'en'}\""
    )
    text += '\n2024-03-31 * "x"\n  Assets:Cash  5 THB\n  Liabilities:Savings:M0009  -5 THB\n'
    books = tmp_path / "books.beancount"
    books.write_text(text, encoding="utf-8")
    status, html = get(books, PAGE)
    assert status == 200
    assert "As of 31 March 2024" in html
    assert "<dt>Problems in the books</dt>" in html
    errors = '<a href="/ban-khok-samran-savings-group/errors/"'
    assert f'{errors} class="kongtun-bad kongtun-sum-problems">1</a>' in html
    status, errors = get(books, "/ban-khok-samran-savings-group/api/errors")
    assert status == 200
    assert "member-unknown: Liabilities:Savings:M0009" in errors


def test_money_in_suspense_is_a_warning_on_every_page(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text += (
        '\n2024-03-29 ! "โอนเข้า ไม่ทราบที่มา"\n  Assets:Bank  250.00 THB\n'
        "  Assets:Suspense  -250.00 THB\n"
    )
    books = tmp_path / "books.beancount"
    books.write_text(text, encoding="utf-8")
    warning = (
        '<p class="kongtun-warning" role="status">คำเตือน: Assets:Suspense (รายการรอตรวจสอบ) '
        "มีเงินค้างอยู่ 250.00 บาท"
    )
    for page in ("", "?page=members", "?page=loans", "?page=statement&member=M0001"):
        status, html = get(books, PAGE + page)
        assert status == 200
        assert warning in html, page
    status, html = get(EXAMPLE, PAGE)
    assert '<p class="kongtun-warning"' not in html


def test_the_suspense_walk_is_skipped_only_for_books_posting_to_no_suspense_account() -> None:
    """The warning and the workpaper's suspense section read the postings only when the
    books post to ``Assets:Suspense`` or below it (``Fund.posted``; unknown: they may)."""
    assert may_hold_suspense(None)
    assert may_hold_suspense({"Assets:Cash", "Assets:Suspense"})
    assert may_hold_suspense({"Assets:Suspense:Bank"})
    assert not may_hold_suspense({"Assets:Cash", "Assets:SuspenseX", "Assets:Bank:Suspense"})
    assert not may_hold_suspense(set())


def test_books_without_members(tmp_path: Path) -> None:
    books = tmp_path / "empty.beancount"
    books.write_text(
        'option "title" "Empty"\n'
        '2024-01-01 custom "fava-extension" "kongtun.plugins.fava" "{\'lang\': \'en\'}"\n'
        "2024-01-01 open Assets:Cash\n",
        encoding="utf-8",
    )
    for view in ("", "?page=members", "?page=loans", "?page=welfare"):
        status, html = get(books, "/empty/extension/KongTun/" + view)
        assert status == 200
        assert "January 2024" in html
        assert 'class="kongtun-error"' not in html
    status, html = get(books, "/empty/extension/KongTun/?page=statement")
    assert '<p class="kongtun-error">Nobody was a member in this month.</p>' in html


def test_thai_digits_from_the_extension_config(tmp_path: Path) -> None:
    books = with_extension(SMALL, tmp_path, " \"{'digits': 'thai'}\"")
    status, html = get(books, SMALL_PAGE + "?page=statement&member=M0001&month=๒๕๖๗-๐๒")
    assert status == 200
    assert "รายงานบัญชีสมาชิก · กุมภาพันธ์ ๒๕๖๗" in html
    assert "๒๒๐.๗๕ บาท" in html


WELFARE = ROOT / "examples" / "welfare-fund.beancount"
WELFARE_PAGE = "/ban-khok-samran-community-welfare-fund/extension/KongTun/"


def test_a_paused_loan_on_the_statement_and_the_loans_page(tmp_path: Path) -> None:
    books = with_extension(SMALL, tmp_path)
    status, html = get(books, SMALL_PAGE + "?page=statement&member=M0001&month=2024-03")
    assert status == 200
    assert 'data-loan="L2567-001"' in html
    assert "<strong>พักชำระหนี้ตาม ภัยแล้ง 2567</strong>" in html
    assert "มติที่ประชุมใหญ่ ครั้งที่ 1/2567" in html
    assert '<td class="num kongtun-loan-outstanding">200.00 บาท</td>' in html
    status, html = get(books, SMALL_PAGE + "?page=loans&month=2024-03")
    assert status == 200
    assert "เงินกู้รายสัญญา" in html
    assert '<td data-label="การพักชำระหนี้">พักชำระหนี้ตาม ภัยแล้ง 2567</td>' in html
    assert "PAR 30 (ค้างชำระเกิน 30 วัน)" in html
    assert "การพักชำระหนี้ที่มีผลอยู่" in html


def test_the_report_shows_par(tmp_path: Path) -> None:
    books = with_extension(SMALL, tmp_path, " \"{'lang': 'en'}\"")
    status, html = get(books, SMALL_PAGE + "?month=2024-02")
    assert status == 200
    assert "Loans to members and portfolio at risk" in html
    assert '<span class="kongtun-loans-outstanding">200.00 THB</span>' in html
    assert '<td class="num kongtun-par-share" data-label="Share of the portfolio">0.0%</td>' in html


def test_the_welfare_page_from_the_welfare_model() -> None:
    status, html = get(WELFARE, WELFARE_PAGE + "?page=welfare&month=2023-11")
    assert status == 200
    assert "สวัสดิการที่จ่ายแยกตามประเภท" in html
    assert (
        '<tr data-kind="hospital-night"><td class="kongtun-card-title">ค่านอนโรงพยาบาล</td>' in html
    )
    assert "สถานะการส่งเงินสมทบของสมาชิกทุกคน" in html
    # the committee's page names members; W0003 lapsed in July 2023
    assert (
        '<tr data-status="lapsed"><td class="kongtun-card-title"><a class="kongtun-person"' in html
    )
    assert 'member=W0003">นางสาวมาลี ทองคำ (W0003)</a></td>' in html
    status, html = get(WELFARE, WELFARE_PAGE + "?page=statement&member=W0002&month=2023-11")
    assert status == 200
    assert "สวัสดิการที่ได้รับ" in html
    assert "1,000.00 บาท" in html


def test_loans_in_the_report_and_a_statement(tmp_path: Path) -> None:
    revolving = with_extension(ROOT / "examples" / "revolving-fund.beancount", tmp_path)
    page = "/ban-mankong-rim-nam-revolving-fund/extension/KongTun/"
    status, html = get(revolving, page + "?month=2024-09")
    assert status == 200
    assert "หนี้ค้างชำระ (PAR)" in html
    assert "พอช. พักชำระหนี้น้ำท่วม 2567" in html
    status, html = get(revolving, page + "?page=statement&month=2024-09&member=R0002")
    assert status == 200
    assert "H2567-002" in html
    assert "พักชำระหนี้" in html
    assert "Traceback" not in html


YEAR_END = ROOT / "tests" / "data" / "year-end-2567.beancount"
YEAR_END_PAGE = "/year-end/extension/KongTun/"


def test_the_annual_report_view(tmp_path: Path) -> None:
    titled = tmp_path / "titled"
    titled.mkdir()
    source = titled / YEAR_END.name
    source.write_text(
        'option "title" "Year End"\n' + YEAR_END.read_text(encoding="utf-8"), encoding="utf-8"
    )
    books = with_extension(source, tmp_path)
    status, html = get(books, YEAR_END_PAGE + "?page=annual&month=2567-12")
    assert status == 200, html[:500]
    assert "รายงานประจำปีต่อที่ประชุมใหญ่ · ปีบัญชี 2567" in html
    assert '<p class="kongtun-figures-day">ยอด ณ วันที่ 31 ธ.ค. 2567 วันสิ้นปีบัญชี</p>' in html
    assert '<tr data-purpose="reserve"><td>ทุนสำรอง</td><td class="num">644.96</td>' in html
    assert "นายเจ็ด (M0007)" in html
    assert "Traceback" not in html
    # the view is offered only to books that share out a surplus
    status, html = get(EXAMPLE, PAGE)
    assert "?page=annual" not in html


def test_the_annual_view_has_its_own_year_box(tmp_path: Path) -> None:
    """Issue 19: the year is typed in its own box, in either era (Thai digits too)."""
    titled = tmp_path / "titled"
    titled.mkdir()
    source = titled / YEAR_END.name
    source.write_text(
        'option "title" "Year End"\n' + YEAR_END.read_text(encoding="utf-8"), encoding="utf-8"
    )
    books = with_extension(source, tmp_path)
    for year in ("2567", "2024", "๒๕๖๗"):
        status, html = get(books, YEAR_END_PAGE + f"?page=annual&year={year}")
        assert status == 200, html[:500]
        assert "รายงานประจำปีต่อที่ประชุมใหญ่ · ปีบัญชี 2567" in html
        assert f'name="year" value="{year}"' in html
        assert '<input name="month"' not in html
    status, html = get(books, YEAR_END_PAGE + "?page=annual&year=2567&month=2568-03")
    assert "ปีบัญชี 2567" in html  # the year box, not the month box
    status, html = get(books, YEAR_END_PAGE + "?page=annual&year=25x7")
    assert status == 200
    assert "25x7 ไม่ใช่ปี ให้เขียนเป็น 2567 หรือ 2024" in html
    status, html = get(books, YEAR_END_PAGE + "?page=annual&year=2580")
    assert "บัญชีไม่มีตัวเลขของปี 2580" in html
    assert "Traceback" not in html


def test_the_december_statement_in_fava_shows_the_dividend(tmp_path: Path) -> None:
    titled = tmp_path / "titled"
    titled.mkdir()
    source = titled / YEAR_END.name
    source.write_text(
        'option "title" "Year End"\n' + YEAR_END.read_text(encoding="utf-8"), encoding="utf-8"
    )
    books = with_extension(source, tmp_path)
    status, html = get(books, YEAR_END_PAGE + "?page=statement&member=M0009&month=2567-12")
    assert status == 200
    assert "<h3>เงินปันผลและเงินเฉลี่ยคืนประจำปี 2567</h3>" in html
    assert '<tr><td>เงินปันผล (6.00 %)</td><td class="num">18.31</td></tr>' in html


def test_month_kept_as_typed_with_previous_and_next(tmp_path: Path) -> None:
    status, html = get(EXAMPLE, PAGE + "?page=members&month=2567-02")
    assert status == 200
    assert '<input name="month" value="2567-02"' in html
    assert 'href="?page=members&amp;month=2567-01" rel="prev"' in html
    assert 'href="?page=members&amp;month=2567-03" rel="next"' in html
    _, html = get(EXAMPLE, PAGE + "?page=members&month=2024-02")
    assert '<input name="month" value="2024-02"' in html
    assert 'href="?page=members&amp;month=2024-01" rel="prev"' in html


@pytest.mark.parametrize("typed", ["M0001", "m1", "0001", "๐๐๐๑", "สมศรี"])
def test_a_member_found_by_id_or_part_of_a_name(typed: str) -> None:
    status, html = get(EXAMPLE, PAGE + f"?page=statement&member={typed}")
    assert status == 200
    assert '<td class="kongtun-member">นางสมศรี ใจดี (M0001)</td>' in html


def test_a_name_several_members_share_lists_them() -> None:
    _, html = get(EXAMPLE, PAGE + "?page=statement&member=นาย")
    assert "สมาชิกที่ตรงกับ นาย:" in html
    assert '<ul class="kongtun-choices">' in html
    assert 'member=M0002">นายบุญมี ศรีสุข (M0002)</a>' in html
    assert 'member=M0004">นายสมชาย มั่นคง (M0004)</a>' in html
    assert "M0001" not in html.split('<ul class="kongtun-choices">')[1].split("</ul>")[0]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("welfare", "กองทุนนี้ไม่มีหน้า welfare หน้าของกองทุนนี้คือ: report (รายงานกองทุน)"),
        ("nonsense", "ไม่มีหน้า nonsense หน้าที่มีคือ: report (รายงานกองทุน)"),
    ],
)
def test_a_page_that_does_not_apply_says_so(page: str, message: str) -> None:
    status, html = get(EXAMPLE, PAGE + f"?page={page}")
    assert status == 200
    assert f'<p class="kongtun-error">{message}' in html


def test_the_extension_serves_sarabun() -> None:
    app = create_app([str(EXAMPLE)])
    app.testing = True
    response = app.test_client().get(PAGE + "Sarabun-Regular.ttf")
    assert response.status_code == 200
    assert response.mimetype == "font/ttf"
    assert response.get_data()[:4] == b"\x00\x01\x00\x00", "a TrueType font"
    _, html = get(EXAMPLE, PAGE)
    assert f'src: url("{PAGE}Sarabun-Regular.ttf") format("truetype")' in html
