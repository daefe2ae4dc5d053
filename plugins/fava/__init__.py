"""kongtun's Fava extension: ``custom "fava-extension" "kongtun.plugins.fava"``.

Adds a page "กองทุน" (Fund) to Fava: the fund, the rules in force, and every member with
what they have saved, hold in shares, owe and have contributed. Thai by default;
``custom "fava-extension" "kongtun.plugins.fava" "{'lang': 'en'}"`` for English.
"""

from __future__ import annotations

import datetime
from functools import cached_property
from importlib import resources
from typing import Any

import jinja2
from beancount.core.amount import Amount
from fava.ext import FavaExtensionBase

from kongtun.ledger.accounts import KIND_LABELS, MEMBER_ACCOUNT_LABELS, FundKind, MemberAccountType
from kongtun.ledger.errors import FundError
from kongtun.ledger.fund import read_fund
from kongtun.ledger.i18n import DEFAULT_LANG, N_, Lang, gettext, parse_lang
from kongtun.ledger.overview import Overview, overview
from kongtun.ledger.thai import money, thai_date


class KongTun(FavaExtensionBase):
    """The fund's pages in Fava."""

    report_title = "กองทุน · Fund"

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        value = self.config.get("lang") if isinstance(self.config, dict) else None
        self.lang: Lang = parse_lang(value) or DEFAULT_LANG
        self._overview: Overview | None = None

    @cached_property
    def jinja_env(self) -> jinja2.Environment:
        """Fava's environment, with kongtun's templates (one look for Fava and paper)."""
        folder = str(resources.files("kongtun.templates"))
        base = super().jinja_env
        assert base.loader is not None
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder), base.loader])
        return base.overlay(loader=loader)

    def after_load_file(self) -> None:
        self._overview = None

    def gettext(self, message: str) -> str:
        return gettext(message, self.lang)

    def kind_label(self, kind: FundKind) -> str:
        return gettext(KIND_LABELS[kind], self.lang)

    def account_label(self, kind: MemberAccountType) -> str:
        return gettext(MEMBER_ACCOUNT_LABELS[kind], self.lang)

    def rule_value(self, value: object) -> str:
        """A rule's value as the committee reads it."""
        if isinstance(value, bool):
            return gettext(N_("yes") if value else N_("no"), self.lang)
        if isinstance(value, Amount) and value.number is not None:
            return money(value.number, value.currency, self.lang)
        return str(value)

    def money(self, number: Any) -> str:
        return money(number, self.overview().currency, self.lang)

    def date(self, day: datetime.date | None) -> str:
        if day is None:
            return ""
        return thai_date(day) if self.lang == "th" else day.isoformat()

    def overview(self) -> Overview:
        """The fund as of the last entry, computed once per load."""
        if self._overview is None:
            entries: Any = self.ledger.all_entries
            fund, _ = read_fund(entries, self.ledger.options, self.lang)
            problems = sum(1 for error in self.ledger.errors if isinstance(error, FundError))
            day = fund.last_date or datetime.date.today()
            self._overview = overview(fund, day, problems)
        return self._overview
