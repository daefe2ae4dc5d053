"""The welfare plugin alone reads its config as the fund plugin does: a bad one is an error."""

from __future__ import annotations

from pathlib import Path

from kongtun.plugins.welfare import check_welfare
from kongtun.tests.plugins.test_welfare import claim, load, rules_of


def test_a_bad_config_is_an_error_and_the_messages_stay_thai(tmp_path: Path) -> None:
    entries, errors, options = load(tmp_path, claim("2024-06-01", "birth", 1000))
    _, alone = check_welfare(entries, options, "lang=en")
    assert rules_of(alone) == ["plugin-config", "claim-waiting"]
    assert [error.message for error in alone[1:]] == [error.message for error in errors]
    assert alone[1].message.startswith("claim-waiting: สมาชิก M0001")


def test_the_config_chooses_the_language(tmp_path: Path) -> None:
    entries, _, options = load(tmp_path, claim("2024-06-01", "birth", 1000))
    _, alone = check_welfare(entries, options, "{'lang': 'en'}")
    assert [error.message for error in alone] == [
        "claim-waiting: member M0001 (member since 2024-01-15) claims birth for 2024-06-01, "
        "138 days later; the waiting period is 180 days, so the first day to claim is "
        "2024-07-13."
    ]
