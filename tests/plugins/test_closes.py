"""Month closes: the digest, its independent recomputation, and the rules of closed books."""

from __future__ import annotations

import datetime
import random
import re
import textwrap
from pathlib import Path
from typing import Any

from beancount import loader
from hypothesis import given, settings
from hypothesis import strategies as st

from kongtun.ledger.years.closes import (
    canonical,
    close_digest,
    close_text,
    digest_days,
    month_end,
    read_closes,
)
from kongtun.tests.conftest import messages, write_ledger
from kongtun.tests.ledger import closes_recipe
from kongtun.tests.ledger.mutations import fixture, run

BOOKS = """
option "title" "Closes"
option "operating_currency" "THB"
plugin "kongtun.plugins.fund"

2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "member" "M0001" "นายสมชาย ใจดี"
2024-01-01 custom "member" "M0002" "นางบัวผัน ศรีสุข"

2024-09-05 * "ฝากสัจจะ"
  receipt: "R-0012"
  Assets:Cash                 100.00 THB
  Liabilities:Savings:M0001  -100.00 THB

2024-09-05 * "ฝากสัจจะ"
  Assets:Cash                 150.00 THB
  Liabilities:Savings:M0002

2024-09-12 * "ค่าเครื่องเขียน"
  Expenses:Admin               35.50 THB
  Assets:Cash                 -35.50 THB

2024-10-05 * "ฝากสัจจะ"
  Assets:Cash                 100.00 THB
  Liabilities:Savings:M0001  -100.00 THB
"""


def load(path: Path) -> tuple[list[Any], list[Any]]:
    entries, errors, _ = loader.load_file(str(path))
    return entries, errors


def close(path: Path, month: datetime.date) -> str:
    """Append the close of ``month`` as ``kongtun close`` writes it; its text."""
    entries, errors = load(path)
    assert errors == []
    closes, _ = read_closes(entries)
    last = month_end(month)
    previous = (closes[-1].digest, closes[-1].date) if closes else None
    days = digest_days(entries, last)
    text = close_text(days, last, previous, ["M0001"], "มติที่ 3/2567", entries=entries)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return text


def close_index(text: str) -> int:
    """The index of the line of September's close."""
    lines = text.splitlines()
    return lines.index(next(line for line in lines if line.startswith("2024-09-30")))


def closed(tmp_path: Path, *months: int) -> Path:
    path = write_ledger(tmp_path, BOOKS)
    for month in months:
        close(path, datetime.date(2024, month, 1))
    return path


def test_a_closed_month_loads_clean_and_the_close_reads_as_documented(tmp_path: Path) -> None:
    path = closed(tmp_path, 8, 9)
    _, errors = load(path)
    assert errors == []
    text = path.read_text(encoding="utf-8")
    assert '2024-08-31 custom "period-close" "sha256:' in text
    assert re.search(
        r'2024-09-30 custom "period-close" "sha256:[0-9a-f]{64}"\n'
        r'  previous: "sha256:[0-9a-f]{64}"\n'
        r'  closed-by: "M0001"\n'
        r'  resolution: "มติที่ 3/2567"\n'
        r'  day-2024-09-05: "[0-9a-f]{16}"\n'
        r'  day-2024-09-12: "[0-9a-f]{16}"\n',
        text,
    )
    first = text.split('2024-08-31 custom "period-close" ')[1]
    assert '  month-2024-01: "' in first  # the first close keeps each earlier month


def test_an_independent_recipe_gets_the_same_digest(tmp_path: Path) -> None:
    """tests/ledger/closes_recipe.py imports no kongtun: it is the recipe of docs/closes.md."""
    assert "kongtun" not in Path(closes_recipe.__file__).read_text(encoding="utf-8").split(
        '"""', 2
    )[2].replace("kongtun-close-v1", "")
    path = closed(tmp_path, 9)
    entries, _ = load(path)
    (close_entry,) = read_closes(entries)[0]
    assert closes_recipe.close_digest(entries, close_entry.date) == close_entry.digest
    demo = Path(__file__).resolve().parents[1] / "data" / "small-fund.beancount"
    demo_entries, _ = load(demo)
    for day in (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)):
        ours = close_digest(digest_days(demo_entries, day), day)
        assert closes_recipe.close_digest(demo_entries, day) == ours


def test_the_recipe_in_the_docs_is_the_tested_one() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "closes.md"
    recipe = Path(closes_recipe.__file__).read_text(encoding="utf-8")
    body = recipe.split('"""', 2)[2].strip()
    assert body in docs.read_text(encoding="utf-8")


def test_formatting_does_not_change_the_digest(tmp_path: Path) -> None:
    """Whitespace, comments, blank lines, amounts written otherwise, the order of the entries
    and of included files, and unrelated options do not change the digest."""
    plain = write_ledger(tmp_path, BOOKS, "plain.beancount")
    header, _, body = textwrap.dedent(BOOKS).partition('2024-01-01 custom "fund"')
    blocks = ('2024-01-01 custom "fund"' + body).split("\n\n")
    (tmp_path / "a.beancount").write_text("\n\n".join(reversed(blocks[:2])), encoding="utf-8")
    other = "\n\n; a comment\n\n\n".join(blocks[2:]).replace("  ", "    ")
    other = other.replace("100.00 THB", "100 THB").replace("35.50 THB", "35.5 THB ; stationery")
    (tmp_path / "b.beancount").write_text(other, encoding="utf-8")
    main = tmp_path / "main.beancount"
    header = header.replace('"Closes"', '"Other title"') + 'option "render_commas" "TRUE"\n'
    main.write_text(header + 'include "b.beancount"\ninclude "a.beancount"\n', encoding="utf-8")
    day = datetime.date(2024, 9, 30)
    digests = []
    for path in (plain, main):
        entries, errors = load(path)
        assert errors == []
        digests.append(close_digest(digest_days(entries, day), day))
    assert digests[0] == digests[1]


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_the_day_digest_does_not_depend_on_the_order_of_entries(seed: int) -> None:
    entries, _, _ = loader.load_string(textwrap.dedent(BOOKS).replace("plugin", "; plugin"))
    shuffled = list(entries)
    random.Random(seed).shuffle(shuffled)
    day = datetime.date(2024, 9, 30)
    assert close_digest(digest_days(shuffled, day), day) == close_digest(
        digest_days(entries, day), day
    )
    assert all(canonical(entry) is None or "lineno" not in canonical(entry) for entry in entries)  # type: ignore[operator]


def test_a_changed_amount_in_a_closed_month(tmp_path: Path) -> None:
    path = closed(tmp_path, 8, 9)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("35.50 THB", "53.50 THB"), encoding="utf-8")
    _, errors = load(path)
    line = text.splitlines().index('2024-09-12 * "ค่าเครื่องเขียน"') + 1
    close_line = close_index(text)
    digest = re.findall(r'2024-09-30 custom "period-close" "(sha256:[0-9a-f]{16})', text)[0]
    assert [(e.source["lineno"], e.rule) for e in errors] == [(line, "closed-period-changed")]
    assert messages(errors, "en") == [
        f"closed-period-changed: the books were closed to 2024-09-30 by {path}:{close_line + 1} "
        f"({digest}…), but the entries of 2024-09-12 are no longer those that were closed: "
        "this entry's amount 53.50 was 35.50 when the month was closed. Undo the change; "
        "correct a closed month only with an entry dated after the close (docs/closes.md)."
    ]
    assert messages(errors, "th") == [
        f"closed-period-changed: บัญชีปิดงวดถึงวันที่ 2024-09-30 (30 ก.ย. 2567) แล้วที่ "
        f"{path}:{close_line + 1} ({digest}…) แต่รายการของวันที่ 2024-09-12 (12 ก.ย. 2567) "
        "ไม่ใช่รายการที่ปิดงวดไว้แล้ว: จำนวนเงิน 53.50 ของรายการนี้ ตอนปิดงวดคือ 35.50 "
        "ให้ยกเลิกการแก้ไข การแก้ไขเดือนที่ปิดงวดแล้วทำได้ด้วยรายการใหม่ที่ลงวันที่หลังการปิดงวดเท่านั้น "
        "(docs/closes.md)"
    ]


def test_a_change_before_the_month_is_found_to_its_month(tmp_path: Path) -> None:
    """The first close keeps a digest of each earlier month: the change is found there."""
    path = closed(tmp_path, 9)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"นางบัวผัน ศรีสุข"', '"นางบัวผัน ศรีสุขดี"'), encoding="utf-8")
    _, errors = load(path)
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-changed", 5)]
    assert (
        "the entries of 2024-01-01 are no longer those that were closed: which entry"
        in (messages(errors)[0])
    )


def test_a_new_entry_on_a_day_without_entries_and_the_boundary(tmp_path: Path) -> None:
    path = closed(tmp_path, 9)
    text = path.read_text(encoding="utf-8")
    late = (
        '\n2024-09-20 * "ฝากสัจจะ"\n  Assets:Cash  10.00 THB\n'
        "  Liabilities:Savings:M0002  -10.00 THB\n"
    )
    path.write_text(text + late, encoding="utf-8")
    _, errors = load(path)
    line = len(text.splitlines()) + 2
    close_line = close_index(text) + 1
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-entry", line)]
    assert messages(errors, "en") == [
        f"closed-period-entry: this entry is dated 2024-09-20, but the books were closed to "
        f"2024-09-30 by {path}:{close_line}. Date it after the close: a correction of a closed "
        "month is a new entry in an open month."
    ]
    assert messages(errors, "th") == [
        f"closed-period-entry: รายการนี้ลงวันที่ 2024-09-20 (20 ก.ย. 2567) แต่บัญชีปิดงวดถึงวันที่ "
        f"2024-09-30 (30 ก.ย. 2567) แล้วที่ {path}:{close_line} ให้ลงวันที่หลังการปิดงวด "
        "การแก้ไขเดือนที่ปิดงวดแล้วคือรายการใหม่ในเดือนที่ยังไม่ปิดงวด"
    ]
    # the boundary: the first day after the close is open
    path.write_text(text + late.replace("2024-09-20", "2024-10-01"), encoding="utf-8")
    assert load(path)[1] == []


def test_a_correction_by_a_later_entry_is_clean(tmp_path: Path) -> None:
    """docs/closes.md's example: a wrong amount corrected in the next month."""
    path = closed(tmp_path, 9)
    correction = (
        '\n2024-10-03 * "แก้ไขค่าเครื่องเขียน 12 ก.ย. 2567: ใบเสร็จ 53.50 บาท บันทึกไว้ 35.50 บาท"\n'
        '  corrects: "2024-09-12"\n'
        "  Expenses:Admin   18.00 THB\n"
        "  Assets:Cash     -18.00 THB\n"
    )
    path.write_text(path.read_text(encoding="utf-8") + correction, encoding="utf-8")
    assert load(path)[1] == []


def test_a_broken_chain_and_a_malformed_close(tmp_path: Path) -> None:
    path = closed(tmp_path, 8, 9)
    text = path.read_text(encoding="utf-8")
    previous = re.findall(r'previous: "(sha256:[0-9a-f]{64})"', text)[0]
    wrong = "sha256:" + "0" * 64
    path.write_text(
        text.replace(f'previous: "{previous}"', f'previous: "{wrong}"'), encoding="utf-8"
    )
    _, errors = load(path)
    line = close_index(text) + 1
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-chain", line)]
    assert messages(errors, "en") == [
        f"closed-period-chain: the close of 2024-09-30 names {wrong} as the close before it, "
        f"but the close before it is {previous} (or the month is closed twice). The chain of "
        "closes is broken: restore the closes as they were written, or ask the committee to "
        "check the books."
    ]
    assert messages(errors, "th") == [
        f"closed-period-chain: การปิดงวดถึงวันที่ 2024-09-30 (30 ก.ย. 2567) ระบุ {wrong} "
        f"เป็นการปิดงวดครั้งก่อน แต่การปิดงวดครั้งก่อนคือ {previous} (หรือเดือนนี้ถูกปิดงวดสองครั้ง) "
        "สายการปิดงวดขาด ให้คืนรายการปิดงวดให้เหมือนที่เขียนไว้เดิม หรือให้คณะกรรมการตรวจสอบบัญชี"
    ]
    path.write_text(text + '\n2024-10-30 custom "period-close" "sha256:12"\n', encoding="utf-8")
    _, errors = load(path)
    assert messages(errors, "en") == [
        'period-close-malformed: a `custom "period-close"` is dated on the last day of a month '
        'and gives one digest "sha256:" with 64 hex digits (and `previous:`, when there is one, '
        "a digest too); this one on 2024-10-30 is not. Write closes with `kongtun close`, never "
        "by hand."
    ]
    assert messages(errors, "th") == [
        'period-close-malformed: รายการปิดงวด `custom "period-close"` ต้องลงวันที่วันสุดท้ายของเดือน '
        'และมีค่าสรุป (digest) หนึ่งค่าแบบ "sha256:" ตามด้วยเลขฐานสิบหก 64 ตัว (ถ้ามี `previous:` '
        "ต้องเป็นค่าสรุปเช่นกัน) รายการนี้ลงวันที่ 2024-10-30 (30 ต.ค. 2567) ไม่เป็นเช่นนั้น "
        "ให้ปิดงวดด้วยคำสั่ง `kongtun close` อย่าเขียนเอง"
    ]


def test_the_mutation_run_sample(tmp_path: Path) -> None:
    """A seeded sample of bench/mutations.py: every meaningful edit of a closed month found,
    no meaningless edit flagged."""
    fixture(tmp_path)
    counts = run(tmp_path, 108, 100, seed=7)
    assert counts.missed == []
    assert counts.false_alarms == []
    assert sum(counts.meaningful.values()) >= 100
    assert sum(counts.detected.values()) == sum(counts.meaningful.values())
    assert sum(counts.meaningless.values()) == 100
    assert len(counts.meaningful) == 9
    assert len(counts.meaningless) == 5
    # the entry that differs and what changed are told for every kind, with the closes'
    # lists of each day's entries (a narration, a member's name, an entry deleted: issue 16)
    for kind in counts.meaningful:
        assert counts.told[kind] == counts.meaningful[kind], kind


def _changed(tmp_path: Path, old: str, new: str) -> tuple[Path, str, list[Any]]:
    """September closed, then ``old`` written as ``new``: the file, its text before, errors."""
    tmp_path.mkdir(exist_ok=True)
    path = closed(tmp_path, 9)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text, load(path)[1]


def _line_of(text: str, start: str) -> int:
    return text.splitlines().index(start) + 1


def _what(errors: list[Any], lang: str) -> list[str]:
    """The part of each message that says what changed."""
    return [
        message.split("closed: ", 1)[-1]
        .split("ไว้แล้ว: ", 1)[-1]
        .split(". Undo", 1)[0]
        .split(" ให้ยกเลิก", 1)[0]
        for message in messages(errors, lang)
    ]


def test_the_first_entry_that_differs_is_named_not_the_days_first(tmp_path: Path) -> None:
    """The second entry of 5 September changed (one digit): the error is at it, not at the
    day's first entry, and says what its amount was."""
    _, text, errors = _changed(
        tmp_path,
        "  Assets:Cash                 150.00 THB",
        "  Assets:Cash                 180.00 THB",
    )
    second = [i for i, line in enumerate(text.splitlines(), 1) if line == '2024-09-05 * "ฝากสัจจะ"']
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-changed", second[1])]
    assert _what(errors, "en") == [
        "this entry's amount 180.00 was 150.00 when the month was closed"
    ]
    assert _what(errors, "th") == ["จำนวนเงิน 180.00 ของรายการนี้ ตอนปิดงวดคือ 150.00"]


def test_a_changed_account_metadata_and_flag_are_told(tmp_path: Path) -> None:
    _, _, errors = _changed(
        tmp_path / "a", "  Liabilities:Savings:M0002\n", "  Liabilities:Savings:M0001\n"
    )
    assert _what(errors, "en") == [
        "this entry's account Liabilities:Savings:M0001 was Liabilities:Savings:M0002 when the "
        "month was closed"
    ]
    assert _what(errors, "th") == [
        "บัญชี Liabilities:Savings:M0001 ของรายการนี้ ตอนปิดงวดคือ Liabilities:Savings:M0002"
    ]
    _, _, errors = _changed(
        tmp_path / "b", '  receipt: "R-0012"\n', '  receipt: "R-0012"\n  checked: "yes"\n'
    )
    assert _what(errors, "en") == ["this entry's checked was added after the month was closed"]
    assert _what(errors, "th") == ["checked ของรายการนี้ถูกเพิ่มหลังการปิดงวด"]
    _, _, errors = _changed(
        tmp_path / "c", '2024-09-12 * "ค่าเครื่องเขียน"', '2024-09-12 ! "ค่าเครื่องเขียน"'
    )
    assert _what(errors, "en") == ["this entry's flag was * when the month was closed"]
    assert _what(errors, "th") == ["ตอนปิดงวด เครื่องหมายของรายการนี้คือ *"]


def test_a_changed_date_is_told_at_the_moved_entry(tmp_path: Path) -> None:
    _, text, errors = _changed(tmp_path, '2024-09-12 * "ค่าเครื่องเขียน"', '2024-09-05 * "ค่าเครื่องเขียน"')
    line = _line_of(text, '2024-09-12 * "ค่าเครื่องเขียน"')
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-changed", line)]
    assert "the entries of 2024-09-05 are" in messages(errors, "en")[0]
    assert _what(errors, "en") == ["this entry was dated 2024-09-12 when the month was closed"]
    assert _what(errors, "th") == ["ตอนปิดงวด รายการนี้ลงวันที่ 2024-09-12 (12 ก.ย. 2567)"]


def test_a_new_entry_on_a_day_with_entries_is_a_closed_period_entry(tmp_path: Path) -> None:
    """Issue 16: an entry added on a closed day that already had entries (also a copy of one
    of them) is ``closed-period-entry`` at the new entry, not a changed day."""
    path = closed(tmp_path, 9)
    text = path.read_text(encoding="utf-8")
    late = (
        '\n2024-09-05 * "ฝากสัจจะ"\n  Assets:Cash  10.00 THB\n'
        "  Liabilities:Savings:M0002  -10.00 THB\n"
    )
    path.write_text(text + late, encoding="utf-8")
    errors = load(path)[1]
    line = len(text.splitlines()) + 2
    close_line = close_index(text) + 1
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-entry", line)]
    assert messages(errors, "en") == [
        f"closed-period-entry: this entry is dated 2024-09-05, but the books were closed to "
        f"2024-09-30 by {path}:{close_line}. Date it after the close: a correction of a closed "
        "month is a new entry in an open month."
    ]
    assert messages(errors, "th") == [
        f"closed-period-entry: รายการนี้ลงวันที่ 2024-09-05 (5 ก.ย. 2567) แต่บัญชีปิดงวดถึงวันที่ "
        f"2024-09-30 (30 ก.ย. 2567) แล้วที่ {path}:{close_line} ให้ลงวันที่หลังการปิดงวด "
        "การแก้ไขเดือนที่ปิดงวดแล้วคือรายการใหม่ในเดือนที่ยังไม่ปิดงวด"
    ]
    stationery = text.split('2024-09-12 * "ค่าเครื่องเขียน"', 1)[1].split("\n\n", 1)[0]
    copy = '\n2024-09-12 * "ค่าเครื่องเขียน"' + stationery + "\n"
    path.write_text(text + copy, encoding="utf-8")
    errors = load(path)[1]
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-entry", line)]


def test_a_changed_narration_or_payee_is_told(tmp_path: Path) -> None:
    """Issue 16: the close lists a token of each entry of a day; a changed narration (or
    payee) is named at the entry, though the words it had cannot be given back."""
    _, text, errors = _changed(tmp_path / "a", '"ค่าเครื่องเขียน"', '"ค่าเครื่องเขียนสำนักงาน"')
    line = _line_of(text, '2024-09-12 * "ค่าเครื่องเขียน"')
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-changed", line)]
    assert _what(errors, "en") == ["this entry's narration was changed after the month was closed"]
    assert _what(errors, "th") == ["คำอธิบายของรายการนี้ถูกแก้หลังการปิดงวด"]
    _, _, errors = _changed(
        tmp_path / "b", '2024-09-12 * "ค่าเครื่องเขียน"', '2024-09-12 * "ร้านสมใจ" "ค่าเครื่องเขียน"'
    )
    assert _what(errors, "en") == ["this entry's payee was changed after the month was closed"]
    assert _what(errors, "th") == ["ผู้รับเงินของรายการนี้ถูกแก้หลังการปิดงวด"]
    _, _, errors = _changed(
        tmp_path / "c", '2024-09-12 * "ค่าเครื่องเขียน"', '2024-09-12 * "ร้านสมใจ" "ค่ากระดาษ"'
    )
    assert _what(errors, "en") == [
        "this entry's payee and narration were changed after the month was closed"
    ]
    assert _what(errors, "th") == ["ผู้รับเงินและคำอธิบายของรายการนี้ถูกแก้หลังการปิดงวด"]


def test_a_changed_member_name_is_told(tmp_path: Path) -> None:
    """A member's name changed in a closed month (January: the member lines' day)."""
    path = write_ledger(tmp_path, BOOKS)
    for month in range(1, 10):
        close(path, datetime.date(2024, month, 1))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("นายสมชาย ใจดี", "นายสมชาย ใจงาม"), encoding="utf-8")
    errors = load(path)[1]
    line = _line_of(text, '2024-01-01 custom "member" "M0001" "นายสมชาย ใจดี"')
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-changed", line)]
    assert _what(errors, "en") == [
        'this entry\'s text "นายสมชาย ใจงาม" was changed after the month was closed'
    ]
    assert _what(errors, "th") == ['ข้อความ "นายสมชาย ใจงาม" ของรายการนี้ถูกแก้หลังการปิดงวด']


def test_an_entry_changed_twice_is_named(tmp_path: Path) -> None:
    """An amount changed in more than one digit (both postings): named, how not told."""
    _, text, errors = _changed(
        tmp_path,
        "  Expenses:Admin               35.50 THB\n  Assets:Cash                 -35.50 THB\n",
        "  Expenses:Admin               99.75 THB\n  Assets:Cash                 -99.75 THB\n",
    )
    line = _line_of(text, '2024-09-12 * "ค่าเครื่องเขียน"')
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-changed", line)]
    assert _what(errors, "en") == [
        "this entry is not as it was when the month was closed: something other than its words "
        "changed (an amount, an account, metadata, tags or its flag)"
    ]
    assert _what(errors, "th") == [
        "รายการนี้ไม่เหมือนตอนปิดงวด มีการแก้ส่วนที่ไม่ใช่ข้อความ (จำนวนเงิน บัญชี ข้อมูลประกอบ แท็ก หรือเครื่องหมาย)"
    ]


REMOVED = (
    '2024-09-05 * "ฝากสัจจะ"\n  Assets:Cash                 150.00 THB\n'
    "  Liabilities:Savings:M0002\n"
)


def test_a_removed_entry_is_told_by_its_place(tmp_path: Path) -> None:
    """An entry removed with no entry like it left: its kind and place in the close's list
    (the day's records sorted: M0001's deposit of 100 is first, M0002's of 150 second), at
    the entry next to it."""
    path, text, errors = _changed(tmp_path, REMOVED, "")
    line = _line_of(text, '2024-09-05 * "ฝากสัจจะ"')  # M0001's deposit, left
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-changed", line)]
    close_line = close_index(path.read_text(encoding="utf-8")) + 1
    digest = read_closes(load(path)[0])[0][0].digest[:23]
    assert messages(errors, "en") == [
        f"closed-period-changed: the books were closed to 2024-09-30 by {path}:{close_line} "
        f"({digest}…), but the entries of 2024-09-05 are no longer those that were closed: an "
        "entry of this day was removed after the month was closed (a transaction, number 2 of "
        "the day's 2 as the close lists them), just after this one. Undo the change; correct a "
        "closed month only with an entry dated after the close (docs/closes.md)."
    ]
    assert _what(errors, "th") == [
        "รายการหนึ่งของวันนี้ถูกลบหลังการปิดงวด (รายการบัญชี ลำดับที่ 2 จาก 2 รายการของวันนั้น"
        "ตามที่การปิดงวดเรียงไว้) อยู่หลังรายการนี้"
    ]


def test_both_places_of_a_removed_entry(tmp_path: Path) -> None:
    """The first of the day's list removed: the error stands on the entry that followed it
    (the other end of the list from the test above)."""
    first = '2024-09-05 * "ฝากสัจจะ"\n  receipt: "R-0012"\n'
    whole = first + (
        "  Assets:Cash                 100.00 THB\n  Liabilities:Savings:M0001  -100.00 THB\n"
    )
    _, _, errors = _changed(tmp_path, whole, "")
    assert [e.rule for e in errors] == ["closed-period-changed"]
    assert _what(errors, "en") == [
        "an entry of this day was removed after the month was closed (a transaction, number 1 "
        "of the day's 2 as the close lists them), just before this one"
    ]
    assert _what(errors, "th") == [
        "รายการหนึ่งของวันนี้ถูกลบหลังการปิดงวด (รายการบัญชี ลำดับที่ 1 จาก 2 รายการของวันนั้น"
        "ตามที่การปิดงวดเรียงไว้) อยู่ก่อนรายการนี้"
    ]


def test_a_close_without_the_list_still_verifies_and_cannot_tell(tmp_path: Path) -> None:
    """A close written before closes listed their entries' tokens: the same digest, clean,
    and a narration changed is what cannot be told."""
    path = closed(tmp_path, 9)
    text = path.read_text(encoding="utf-8")
    old = "\n".join(line for line in text.splitlines() if "entries-" not in line) + "\n"
    assert old != text
    path.write_text(old, encoding="utf-8")
    assert load(path)[1] == []
    path.write_text(old.replace('"ค่าเครื่องเขียน"', '"ค่าเครื่องเขียนสำนักงาน"'), encoding="utf-8")
    errors = load(path)[1]
    assert _what(errors, "en") == [
        "which entry changed, and how, cannot be told (a narration, a payee, an entry removed "
        "or several changes); this is the day's first entry"
    ]
    assert _what(errors, "th") == [
        "บอกไม่ได้ว่ารายการใดถูกแก้และแก้อย่างไร (คำอธิบายรายการ ผู้รับเงิน รายการที่ถูกลบ "
        "หรือแก้หลายจุด) นี่คือรายการแรกของวันนั้น"
    ]


STATIONERY = (
    '2024-09-12 * "ค่าเครื่องเขียน"\n  Expenses:Admin               35.50 THB\n'
    "  Assets:Cash                 -35.50 THB\n"
)


def test_a_removed_day(tmp_path: Path) -> None:
    """Every entry of a day removed: at the close, with the kinds the close lists."""
    path, _, errors = _changed(tmp_path, STATIONERY, "")
    close_line = close_index(path.read_text(encoding="utf-8")) + 1
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("closed-period-changed", close_line)]
    assert _what(errors, "en") == [
        "every entry of that day was removed after the month was closed (as the close lists "
        "them: a transaction)"
    ]
    assert _what(errors, "th") == [
        "รายการทุกรายการของวันนั้นถูกลบหลังการปิดงวด (ตามที่การปิดงวดเรียงไว้: รายการบัญชี)"
    ]


def test_a_removed_day_of_a_close_without_the_list(tmp_path: Path) -> None:
    path = closed(tmp_path, 9)
    text = path.read_text(encoding="utf-8")
    old = "\n".join(line for line in text.splitlines() if "entries-" not in line) + "\n"
    path.write_text(old.replace(STATIONERY, ""), encoding="utf-8")
    errors = load(path)[1]
    assert _what(errors, "en") == ["the entries of that day are no longer in the books"]
    assert _what(errors, "th") == ["รายการของวันนั้นไม่อยู่ในบัญชีแล้ว"]
