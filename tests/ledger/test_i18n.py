"""Every message a user can read has a Thai translation, and the formats are Thai."""

from __future__ import annotations

import datetime
import string
from decimal import Decimal
from importlib import resources

from babel.messages.pofile import read_po

from kongtun.ledger.i18n import N_n, Plural, catalog, gettext, ngettext, plural_catalog
from kongtun.ledger.messages import RULES
from kongtun.ledger.thai import money, thai_date, thai_month


def test_every_extracted_message_has_a_thai_translation() -> None:
    template = resources.files("kongtun.ledger").joinpath("locale", "kongtun.pot")
    with template.open("rb") as handle:
        ids = {message.id for message in read_po(handle) if message.id}
    assert len(ids) > 40
    missing = sorted(
        str(msgid)
        for msgid in ids
        if (
            Plural(*msgid) not in plural_catalog("th")
            if isinstance(msgid, tuple)
            else str(msgid) not in catalog("th")
        )
    )
    assert missing == []


def test_plurals_follow_the_language() -> None:
    found = N_n("{count:,} problem found.", "{count:,} problems found.")
    assert ngettext(found, 1, "en").format(count=1) == "1 problem found."
    assert ngettext(found, 10497, "en").format(count=10497) == "10,497 problems found."
    assert ngettext(found, 1, "th").format(count=1) == "พบข้อผิดพลาด 1 รายการ"
    assert ngettext(found, 2, "th").format(count=2) == "พบข้อผิดพลาด 2 รายการ"


def test_every_rule_message_is_extracted() -> None:
    template = resources.files("kongtun.ledger").joinpath("locale", "kongtun.pot")
    with template.open("rb") as handle:
        ids = {message.id for message in read_po(handle)}
    assert sorted(set(RULES.values()) - ids) == []


def test_thai_placeholders_match_english() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for msgid, msgstr in catalog("th").items():
        assert fields(msgid) == fields(msgstr), msgid


def test_thai_formats() -> None:
    assert thai_date(datetime.date(2024, 9, 20)) == "20 ก.ย. 2567"
    assert thai_date(datetime.date(2024, 9, 20), wide=True) == "20 กันยายน 2567"
    assert thai_month(datetime.date(2024, 1, 5)) == "ม.ค. 2567"
    assert money(Decimal("1234.5"), "THB", "th") == "1,234.50 บาท"
    assert money(Decimal("1234.505"), "THB", "en") == "1,234.51 THB"
    assert gettext("Savings", "th") == "เงินสัจจะสะสม"
    assert gettext("Savings", "en") == "Savings"


def test_the_thai_catalog_compiles_without_errors() -> None:
    """Babel's own checks (what `make i18n` runs): placeholders compatible, nothing broken."""
    path = resources.files("kongtun.ledger").joinpath("locale", "th", "LC_MESSAGES", "kongtun.po")
    with path.open("rb") as handle:
        po = read_po(handle, locale="th")
    problems = [(message.id, [str(e) for e in errors]) for message, errors in po.check()]
    assert problems == []
