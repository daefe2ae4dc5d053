"""The measured loan rates kept between loads: what each loan's terms cost on the balance
actually outstanding (``loan-rate-over-law``), measured once and remembered (docs/rules.md,
docs/performance.md round 10).

``loan-rate-over-law`` compares every member loan with the law's cap of 15 % a year on the
balance actually outstanding. Measuring that rate
(:func:`kongtun.ledger.loans.schedule.rate_on_balance`: Newton's method over the instalments,
about 320,000 instructions for a schedule) is a pure function of the terms that give the
schedule's amounts — principal, rate, method, instalments and the months between them
(:data:`kongtun.ledger.loans.checks.RateTerms`) — and a pass measures each terms once. A
ledger's loans are the same from one load to the next, so the rates a load measured are kept
for the next one: one small file a ledger, outside the books,
``$XDG_CACHE_HOME/kongtun/loan-rates/<SHA-256 of the ledger's absolute path>.json``
(``~/.cache`` without ``XDG_CACHE_HOME``), written atomically, holding each terms' rate and the
identity of the code that measures them (``ledger/loans/schedule.py`` and ``checks.py``):
kept rates are used only while that code is the same. Every loan is still compared with the
cap on every load; only the measurement of terms already measured is taken from the file.

Nothing is read before the first loan is measured (books without loans read no file); a file
is written only by a load that measured some terms anew, and holds the terms that load asked
for. A file that cannot be read, or holds anything not as written, is no file; one that
cannot be written is left, silently. As for the other load caches (one switch for all):
``KONGTUN_NO_CACHE=1`` and the commands that prove the books (``check --no-cache``,
``verify-chain``, ``verify-statement``, ``audit``, ``close``, ``carry``) measure every rate.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

from kongtun.ledger.loans.checks import RateTerms

FOLDER: Final = "loan-rates"

#: what the loads of this process did: ``read`` (a file's rates used), ``measured`` (terms
#: measured anew), ``written`` (a file written); read by the tests
COUNTS: dict[str, int] = {"read": 0, "measured": 0, "written": 0}


class LoanRates(MutableMapping[RateTerms, Decimal]):
    """The measured rates of one load (:data:`kongtun.ledger.loans.checks.MeasuredRates`): those
    kept for the ledger at ``ledger``, read on the first look-up, and those measured now."""

    def __init__(self, ledger: str) -> None:
        self.ledger = ledger
        self.rates: dict[RateTerms, Decimal] = {}
        #: the terms this load asked for, and whether any was measured anew
        self.asked: set[RateTerms] = set()
        self.measured = False
        self._path: Path | None = None
        self._read = False

    def __getitem__(self, terms: RateTerms) -> Decimal:
        if not self._read:
            self._load()
        self.asked.add(terms)
        return self.rates[terms]

    def __setitem__(self, terms: RateTerms, rate: Decimal) -> None:
        self.asked.add(terms)
        self.measured = True
        self.rates[terms] = rate

    def __delitem__(self, terms: RateTerms) -> None:
        del self.rates[terms]

    def __iter__(self) -> Iterator[RateTerms]:
        return iter(self.rates)

    def __len__(self) -> int:
        return len(self.rates)

    def _load(self) -> None:
        """Read the rates kept for this ledger (none when the caches are off)."""
        from kongtun.plugins.load_cache import cache_file, disabled, read_json  # noqa: PLC0415

        self._read = True
        if disabled():
            return
        self._path = cache_file(self.ledger, FOLDER)
        found = read_json(self._path)
        if found is None or found.get("code") != _code():
            return
        rates = read_rates(found.get("rates"))
        if rates:
            COUNTS["read"] += 1
            self.rates.update(rates)

    def keep(self) -> None:
        """Write the rates this load asked for, when it measured some anew."""
        if not self.measured or self._path is None:
            return
        from kongtun.plugins.load_cache import write_json  # noqa: PLC0415

        COUNTS["measured"] += 1
        kept = {_terms_text(terms): str(self.rates[terms]) for terms in sorted(self.asked)}
        if write_json(self._path, {"code": _code(), "rates": kept}):
            COUNTS["written"] += 1


def loan_rates(options: MutableMapping[str, Any]) -> LoanRates | None:
    """The measured rates for the load of ``options`` (None for books with no file name)."""
    ledger = options.get("filename")
    return LoanRates(str(ledger)) if ledger else None


def _code() -> str:
    """The identity of the code that measures a rate and gives a schedule's amounts."""
    from kongtun.ledger.loans import checks, schedule  # noqa: PLC0415
    from kongtun.plugins.load_cache import code_identity  # noqa: PLC0415

    return code_identity((str(schedule.__file__), str(checks.__file__)))


def _terms_text(terms: RateTerms) -> str:
    principal, rate, method, installments, every = terms
    return f"{principal}|{rate}|{method}|{installments}|{every}"


def read_rates(kept: object) -> dict[RateTerms, Decimal]:
    """The rates a file holds (terms as :func:`_terms_text` writes them -> the rate), or none
    at all when any is not as written."""
    if not isinstance(kept, dict):
        return {}
    rates: dict[RateTerms, Decimal] = {}
    try:
        for text, rate in kept.items():
            principal, number, method, installments, every = str(text).split("|")
            terms = (Decimal(principal), Decimal(number), method, int(installments), int(every))
            value = Decimal(str(rate)) if isinstance(rate, str) else None
            if (
                value is None
                or not value.is_finite()
                or not all(one.is_finite() for one in terms[:2])
            ):
                return {}
            rates[terms] = value
    except (ValueError, InvalidOperation):
        return {}
    return rates
