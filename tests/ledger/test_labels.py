"""Rule keys inside Thai sentences carry their Thai label, from the one table of labels
(issue 12); no message words its plural as "(s)"."""

from __future__ import annotations

import re
from importlib import resources

from babel.messages.pofile import read_po

from kongtun.ledger.books.rules import RULE_KEYS
from kongtun.ledger.i18n import gettext
from kongtun.ledger.labels import RULE_LABELS, labelled
from kongtun.ledger.messages import RULES, render


def named_keys(text: str) -> set[str]:
    """The rule keys a message names in its sentences (not in ledger text between backticks)."""
    sentences = text.split("`")[::2]
    return {
        key
        for key in RULE_KEYS
        for part in sentences
        if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", part)
    }


def test_every_rule_key_named_in_a_message_has_a_label() -> None:
    for rule, template in RULES.items():
        for key in named_keys(gettext(template, "th")):
            assert key in RULE_LABELS, (rule, key)
            assert gettext(RULE_LABELS[key][0], "th") != RULE_LABELS[key][0], key


def test_a_thai_message_labels_the_key_and_english_keeps_it() -> None:
    params = {"member": "M0001", "loan": "L1", "rate": 15, "limit": 12, "rules": "ระเบียบ"}
    assert render("loan-rate-over-rules", params, "th") == (
        "loan-rate-over-rules: M0001 เงินกู้ L1 ดอกเบี้ยร้อยละ 15 ต่อปี เกินระเบียบ "
        'อัตราดอกเบี้ยเงินกู้สูงสุด (loan-rate-max) ร้อยละ 12 ต่อปี ("ระเบียบ") '
        "ให้คิดดอกเบี้ยไม่เกินร้อยละ 12 ต่อปี"
    )
    assert render("loan-rate-over-rules", params, "en") == (
        "loan-rate-over-rules: M0001 loan L1 at 15 % a year is above the rules' loan-rate-max "
        'of 12 % a year ("ระเบียบ"). Lend at 12 % a year or less.'
    )


def test_ledger_text_between_backticks_keeps_its_key() -> None:
    assert labelled("ตั้ง `loan-rate-max: 12` แทน loan-rate-max", "th") == (
        "ตั้ง `loan-rate-max: 12` แทน อัตราดอกเบี้ยเงินกู้สูงสุด (loan-rate-max)"
    )
    assert labelled("loans-max-open-extra", "th") == "loans-max-open-extra"


def test_no_plural_in_parentheses() -> None:
    template = resources.files("kongtun.ledger").joinpath("locale", "kongtun.pot")
    with template.open("rb") as handle:
        ids = [message.id for message in read_po(handle) if message.id]
    texts = [text for found in ids for text in ([found] if isinstance(found, str) else found)]
    assert [text for text in texts if "(s)" in text] == []
