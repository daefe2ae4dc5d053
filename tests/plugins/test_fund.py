"""The fund plugin, one test per rule id: the breach, and the boundary that passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from beancount.core import data

from kongtun.ledger.books.rules import RULE_KEYS
from kongtun.plugins.fund import check_fund
from kongtun.tests.conftest import Loaded, load_text, messages

HEAD = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
  name: "กลุ่มทดสอบ"
2024-01-01 custom "rules" "ระเบียบ 2567"
  savings-monthly-min: 100 THB
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
"""


def load(tmp_path: Path, body: str) -> Loaded:
    return load_text(tmp_path, HEAD + body)


def rules_of(errors: list[Any]) -> list[str]:
    return [getattr(error, "rule", type(error).__name__) for error in errors]


def test_clean_books_open_the_accounts(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "savings-group"
    2024-01-05 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-05 * "ฝากสัจจะ"
      Assets:Cash                 150 THB
      Liabilities:Savings:M0001  -100 THB
      Equity:Shares:M0001         -50 THB
    """
    entries, errors, _ = load_doc
    assert errors == []
    opens = {e.account: e for e in entries if isinstance(e, data.Open)}
    assert opens["Liabilities:Savings:M0001"].date.isoformat() == "2024-01-05"
    assert opens["Liabilities:Savings:M0001"].meta["name"] == "เงินสัจจะสะสมของสมาชิก นางสมศรี ใจดี"
    assert opens["Assets:Cash"].meta["name"] == "เงินสด"
    assert opens["Assets:Cash"].date.isoformat() == "2024-01-01"
    assert "Assets:Loans:M0001" in opens
    assert "Income:Contributions:M0001" not in opens


def test_own_open_directives_are_kept(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    2023-06-01 open Assets:Cash THB
    2024-01-01 custom "fund" "savings-group"
    """
    entries, errors, _ = load_doc
    assert errors == []
    cash = [e for e in entries if isinstance(e, data.Open) and e.account == "Assets:Cash"]
    assert [e.date.isoformat() for e in cash] == ["2023-06-01"]


def test_member_unknown(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-05 * "ฝาก"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0002  -100 THB
""",
    )
    assert messages(errors) == [
        "member-unknown: Liabilities:Savings:M0002 belongs to member M0002, who is not "
        'declared. Declare the member with `custom "member" "M0002" "NAME"` on or before '
        "2024-01-05, or correct the account."
    ]
    assert errors[0].source["lineno"] == 9


def test_member_unknown_in_thai(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-05 * "ฝาก"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0002  -100 THB
""",
    )
    assert errors[0].message == (
        "member-unknown: Liabilities:Savings:M0002 เป็นบัญชีของสมาชิก M0002 "
        'ซึ่งไม่ได้ประกาศเป็นสมาชิก ให้ประกาศด้วย `custom "member" "M0002" "ชื่อ"` '
        "ภายใน 2024-01-05 (5 ม.ค. 2567) หรือแก้ชื่อบัญชีให้ถูกต้อง"
    )


def test_member_not_joined(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-02-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
2024-01-31 * "ฝากก่อนเข้า"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0002  -100 THB
2024-02-01 * "ฝากวันเข้า"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0002  -100 THB
""",
    )
    assert messages(errors) == [
        "member-not-joined: Liabilities:Savings:M0002: member M0002 joins on 2024-02-01, "
        "after this posting on 2024-01-31. Correct the date of the transaction or the "
        "member's joining date."
    ]


def test_member_left(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-05 * "ฝาก"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
2024-06-30 * "คืนเงินวันพ้นสมาชิก"
  Assets:Cash                -100 THB
  Liabilities:Savings:M0001   100 THB
2024-06-30 custom "member-exit" "M0001" "ย้ายถิ่น"
2024-07-01 * "ฝากหลังพ้นสมาชิก"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
""",
    )
    assert rules_of(errors) == ["member-left", "member-exit-balance"] or rules_of(errors) == [
        "member-left"
    ]
    assert messages(errors)[0] == (
        "member-left: Liabilities:Savings:M0001: member M0001 left on 2024-06-30; nothing "
        "may be posted to a member's accounts after the exit (this posting is on 2024-07-01). "
        "Date the payout on or before the exit, or correct the member."
    )


def test_exit_closes_accounts_and_payout_on_exit_day_passes(tmp_path: Path) -> None:
    entries, errors, _ = load(
        tmp_path,
        """
2024-01-05 * "ฝาก"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
2024-06-30 * "คืนเงินวันพ้นสมาชิก"
  Assets:Cash                -100 THB
  Liabilities:Savings:M0001   100 THB
2024-06-30 custom "member-exit" "M0001" "ย้ายถิ่น"
""",
    )
    assert errors == []
    closes = {e.account: e.date.isoformat() for e in entries if isinstance(e, data.Close)}
    assert closes == {
        "Liabilities:Savings:M0001": "2024-06-30",
        "Equity:Shares:M0001": "2024-06-30",
        "Assets:Loans:M0001": "2024-06-30",
    }


def test_member_id_malformed(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-01 custom "member" "m0002" "นายบุญมี ศรีสุข"
2024-01-01 custom "member" "A2345678901234567890" "ยี่สิบตัวอักษร"
2024-01-01 custom "member" "A23456789012345678901" "ยี่สิบเอ็ดตัวอักษร"
""",
    )
    assert messages(errors) == [
        'member-id-malformed: member id "m0002" is malformed. A member id starts with a '
        "capital letter A-Z followed by capital letters, digits or '-', at most 20 "
        "characters, e.g. M0001.",
        'member-id-malformed: member id "A23456789012345678901" is malformed. A member id '
        "starts with a capital letter A-Z followed by capital letters, digits or '-', at most "
        "20 characters, e.g. M0001.",
    ]


def test_member_malformed(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-01 custom "member" "M0002"
""",
    )
    assert messages(errors) == [
        "member-malformed: a member line needs an id and a name, for example: "
        '`2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"`.'
    ]


def test_member_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "ledger.beancount"
    _, errors, _ = load(
        tmp_path,
        """
2024-03-01 custom "member" "M0001" "นายบุญมี ศรีสุข"
""",
    )
    assert messages(errors) == [
        f"member-duplicate: member M0001 is declared a second time (first at {path}:7). "
        "Each member is declared once; give this member another id or delete the line."
    ]
    assert errors[0].source["lineno"] == 9


def test_member_exit_unknown_and_duplicate(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-02-01 custom "member-exit" "M0009" "ลาออก"
2024-02-01 custom "member-exit" "M0001" "ลาออก"
2024-02-02 custom "member-exit" "M0001" "ลาออก"
""",
    )
    assert messages(errors) == [
        "member-exit-unknown: member M0009 leaves, but was never declared. Declare the member "
        'with `custom "member"` first, or correct the id.',
        "member-exit-duplicate: member M0001 already left on 2024-02-01. Delete this second exit.",
    ]


def test_member_exit_before_join(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-03-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
2024-02-28 custom "member-exit" "M0002" "ลาออก"
2024-03-01 custom "member" "M0003" "นายทองดี มั่นคง"
2024-03-01 custom "member-exit" "M0003" "ลาออกวันเดียวกัน"
""",
    )
    assert messages(errors) == [
        "member-exit-before-join: member M0002 leaves on 2024-02-28, before joining on "
        "2024-03-01. Correct one of the dates."
    ]


def test_member_exit_balance(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-05 * "ฝาก"
  Assets:Cash                 150 THB
  Liabilities:Savings:M0001  -100 THB
  Equity:Shares:M0001         -50 THB
2024-06-30 * "คืนเฉพาะสัจจะ"
  Assets:Cash                -100 THB
  Liabilities:Savings:M0001   100 THB
2024-06-30 custom "member-exit" "M0001" "ลาออก"
""",
    )
    assert messages(errors) == [
        "member-exit-balance: member M0001 leaves on 2024-06-30 with 50.00 THB still in "
        "Equity:Shares:M0001. Pay it out or settle it on or before the exit date."
    ]
    assert errors[0].source["lineno"] == 16


def test_savings_negative(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-01 custom "rules" "ถอนได้"
  savings-withdrawal-allowed: TRUE
2024-01-05 * "ฝาก"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
2024-02-05 * "ถอนหมด"
  Assets:Cash                -100 THB
  Liabilities:Savings:M0001   100 THB
2024-03-05 * "ถอนเกิน"
  Assets:Cash                 -20 THB
  Liabilities:Savings:M0001    20 THB
""",
    )
    assert messages(errors) == [
        "savings-negative: the savings of member M0001 fall to -20.00 THB on 2024-03-05: a "
        "member cannot withdraw more than they have saved."
    ]


def test_negative_within_a_day_is_judged_at_the_end_of_the_day(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-01 custom "rules" "ถอนได้"
  savings-withdrawal-allowed: TRUE
2024-01-05 * "ถอนก่อน"
  Assets:Cash                 -50 THB
  Liabilities:Savings:M0001    50 THB
2024-01-05 * "ฝากทีหลังในวันเดียวกัน"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
""",
    )
    assert errors == []


def test_shares_negative(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-05 * "ซื้อหุ้น"
  Assets:Cash            50 THB
  Equity:Shares:M0001   -50 THB
2024-02-05 * "ขายคืนหุ้นหมด"
  Assets:Cash           -50 THB
  Equity:Shares:M0001    50 THB
2024-02-06 * "ขายคืนเกิน"
  Assets:Cash           -10 THB
  Equity:Shares:M0001    10 THB
""",
    )
    assert messages(errors) == [
        "shares-negative: the shares of member M0001 fall to -10.00 THB on 2024-02-06: a "
        "member cannot take out more shares than they hold."
    ]


def test_savings_withdrawal(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-01-05 * "ฝาก"
  Assets:Cash                 300 THB
  Liabilities:Savings:M0001  -300 THB
2024-02-05 * "ถอนระหว่างเป็นสมาชิก"
  Assets:Cash                -100 THB
  Liabilities:Savings:M0001   100 THB
2024-03-01 custom "rules" "มติที่ประชุมใหญ่ 1/2567"
  savings-withdrawal-allowed: TRUE
2024-03-05 * "ถอนหลังแก้ระเบียบ"
  Assets:Cash                -100 THB
  Liabilities:Savings:M0001   100 THB
""",
    )
    assert messages(errors) == [
        "savings-withdrawal: member M0001 withdraws 100.00 THB of committed (สัจจะ) savings "
        'on 2024-02-05 while still a member, which the rules in force ("ระเบียบ 2567") do not '
        "allow. Pay savings out on the exit date, or record the assembly's amendment "
        "`savings-withdrawal-allowed: TRUE` in a dated rules directive."
    ]


def test_fund_missing(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    """
    _, errors, _ = load_doc
    assert messages(errors) == [
        "fund-missing: the ledger loads kongtun but declares no fund. Add a line such as "
        '`2024-01-01 custom "fund" "savings-group"` before the first member.'
    ]
    assert errors[0].source["lineno"] == 1


def test_fund_duplicate_and_unknown_kind(tmp_path: Path) -> None:
    path = tmp_path / "ledger.beancount"
    _, errors, _ = load(
        tmp_path,
        """
2024-01-02 custom "fund" "welfare-fund"
2024-01-02 custom "fund" "village-fund"
""",
    )
    assert messages(errors) == [
        f"fund-duplicate: the fund is declared a second time (first at {path}:3). Keep one "
        '`custom "fund"` line and delete this one.',
        f"fund-duplicate: the fund is declared a second time (first at {path}:3). Keep one "
        '`custom "fund"` line and delete this one.',
    ]


def test_fund_kind_unknown(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "village-fund"
    """
    _, errors, _ = load_doc
    assert messages(errors)[0] == (
        'fund-kind-unknown: unknown fund kind "village-fund". Write one of: savings-group, '
        "welfare-fund, revolving-fund, lender."
    )


def test_rules_unknown_key(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-02-01 custom "rules" "พิมพ์ผิด"
  saving-monthly-min: 100 THB
""",
    )
    assert messages(errors) == [
        'rules-unknown-key: unknown rule "saving-monthly-min". Check the spelling; the known '
        f"rules are: {', '.join(sorted(RULE_KEYS))}."
    ]
    assert "savings-monthly-min, savings-withdrawal-allowed" in messages(errors)[0]
    assert errors[0].source["lineno"] == 9


def test_rules_bad_value(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-02-01 custom "rules" "ผิดชนิด"
  savings-monthly-min: "หนึ่งร้อย"
  savings-withdrawal-allowed: 1
2024-03-01 custom "rules" "ถูกต้อง"
  savings-monthly-min: 0 THB
  savings-withdrawal-allowed: FALSE
""",
    )
    assert messages(errors) == [
        'rules-bad-value: rule "savings-monthly-min" needs an amount in baht such as 100 THB, '
        'not "หนึ่งร้อย". For example: savings-monthly-min: 100 THB',
        'rules-bad-value: rule "savings-withdrawal-allowed" needs TRUE or FALSE, not 1. For '
        "example: savings-withdrawal-allowed: TRUE",
    ]


def test_rules_bad_value_in_thai(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path,
        """
2024-02-01 custom "rules" "ผิดสกุลเงิน"
  savings-monthly-min: 100 USD
""",
    )
    assert [error.message for error in errors] == [
        'rules-bad-value: ระเบียบ "savings-monthly-min" ต้องเป็นจำนวนเงินบาท เช่น 100 THB '
        "ไม่ใช่ 100 USD ตัวอย่าง: savings-monthly-min: 100 THB"
    ]


def test_member_account_kind(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "welfare-fund"
    2024-01-01 custom "member" "W0001" "นางมาลี มีสุข"
    2024-01-05 * "ฝากผิดบัญชี"
      Assets:Cash                 30 THB
      Liabilities:Savings:W0001  -30 THB
    2024-01-05 * "เงินสมทบ"
      Assets:Cash                   30 THB
      Income:Contributions:W0001   -30 THB
    """
    _, errors, _ = load_doc
    assert messages(errors) == [
        "member-account-kind: Liabilities:Savings:W0001: a community welfare fund keeps no "
        "such account for its members. Member accounts of a community welfare fund are: "
        "Income:Contributions:W0001."
    ]


def test_plugin_config(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund" "lang=en"
    2024-01-01 custom "fund" "savings-group"
    """
    _, errors, _ = load_doc
    assert messages(errors) == [
        "plugin-config: cannot read the plugin's configuration 'lang=en'. Write it as a "
        "Python dict, for example: \"{'lang': 'en'}\"; lang is th or en."
    ]


def test_plugin_config_english(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund" "{'lang': 'en'}"
    2024-01-01 custom "fund" "savings-group"
    2024-01-05 * "ฝาก"
      Assets:Cash                 100 THB
      Liabilities:Savings:M0002  -100 THB
    """
    _, errors, _ = load_doc
    assert errors[0].message.startswith("member-unknown: Liabilities:Savings:M0002 belongs to")


def test_plugin_never_raises(tmp_path: Path) -> None:
    entries, _, options = load(tmp_path, "")
    broken = {**options, "operating_currency": 5, "filename": "books.beancount"}
    out, errors = check_fund(entries, broken)
    assert out is entries
    assert rules_of(errors) == ["internal-error"]
    assert errors[0].render("en") == (
        "internal-error: kongtun could not check this ledger (TypeError: 'int' object is not "
        "subscriptable). The books themselves are unchanged; please report this with the "
        "ledger file."
    )
    assert errors[0].source == {"filename": "books.beancount", "lineno": 0}


def test_plugin_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """The pass pauses the cyclic collector (see plugins/common.py) and restores it, whether
    the caller had it on or off, and after an internal error too."""
    import gc  # noqa: PLC0415 - this test only

    entries, _, options = load(tmp_path, "")
    broken = {**options, "operating_currency": 5, "filename": "books.beancount"}
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            for opts in (options, broken):
                check_fund(entries, dict(opts))
                assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
