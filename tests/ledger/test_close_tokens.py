"""The tokens a close lists of each day's entries, as docs/closes.md describes them."""

from __future__ import annotations

import hashlib
import json
import textwrap
from typing import Any

from beancount import loader
from hypothesis import given
from hypothesis import strategies as st

from kongtun.ledger.years.changes import day_tokens, entry_token, read_tokens
from kongtun.ledger.years.closes import canonical

BOOKS = textwrap.dedent(
    """
    2024-01-01 open Assets:Cash
    2024-01-01 open Liabilities:Savings:M0001
    2024-01-01 custom "member" "M0001" "นายสมชาย ใจดี"
      village: "หมู่ 2"
    2024-09-05 * "ร้านสมใจ" "ฝากสัจจะ"
      receipt: "R-0012"
      Assets:Cash                 100.00 THB
      Liabilities:Savings:M0001  -100.00 THB
    2024-09-05 note Assets:Cash "นับเงินสด"
    """
)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _documented(record: str) -> str:
    """The token as docs/closes.md says it is made, written apart from kongtun's code."""
    fields = json.loads(record)
    letter = {"txn": "t", "custom": "c", "note": "n"}[fields[1]]
    words: list[Any] = []
    if fields[1] == "txn":
        words, fields[3], fields[4] = [fields[3], fields[4]], None, None
    elif fields[1] == "note":
        words, fields[3] = [fields[3]], None
    else:
        words = [value for value in fields[3] if isinstance(value, str)]
        fields[3] = [None if isinstance(value, str) else value for value in fields[3]]
    return letter + _sha(_json(fields))[:4] + "".join(_sha(_json(word))[:2] for word in words)


def _records() -> list[str]:
    entries, errors, _ = loader.load_string(BOOKS)
    assert errors == []
    return [record for entry in entries if (record := canonical(entry)) is not None]


def test_a_token_is_as_documented() -> None:
    records = _records()
    assert [entry_token(record) for record in records] == [
        _documented(record) for record in records
    ]
    assert [len(entry_token(record)) for record in records] == [9, 9, 7]
    assert [entry_token(record)[0] for record in records] == ["c", "t", "n"]


def test_a_day_lists_its_records_sorted_and_reads_back() -> None:
    records = [record for record in _records() if record.startswith('["2024-09-05"')]
    listed = day_tokens(list(reversed(records)))
    assert listed == " ".join(_documented(record) for record in sorted(records))
    assert read_tokens(listed) == tuple(listed.split())
    assert read_tokens("t12 zz") is None
    assert read_tokens(7) is None


@given(st.text(min_size=1, max_size=20))
def test_words_change_only_their_own_digits(narration: str) -> None:
    """A narration changed: the same letter, frame and payee's digits; the narration's are
    its own (two hex digits of its JSON)."""
    record = next(record for record in _records() if '"txn"' in record)
    fields = json.loads(record)
    fields[4] = narration
    changed = _json(fields)
    old, new = entry_token(record), entry_token(changed)
    assert new[:7] == old[:7]
    assert new[7:] == _sha(_json(narration))[:2]
