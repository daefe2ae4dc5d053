"""Every message the welfare checks and reports can show has a Thai translation."""

from __future__ import annotations

from kongtun.ledger.i18n import catalog
from kongtun.ledger.messages import RULES
from kongtun.ledger.welfare.benefits import CATEGORIES
from kongtun.ledger.welfare.book import SOURCES, STATUS_LABELS


def test_every_message_is_translated_into_thai() -> None:
    thai = catalog("th")
    texts = [*RULES.values(), *CATEGORIES.values(), *SOURCES.values(), *STATUS_LABELS.values()]
    assert [text for text in texts if text not in thai] == []
