"""The books of one load: what kongtun's plugin learns in its one pass, for every consumer.

:func:`read_books` reads the fund (members, rules, month-end records, the accounts kongtun
keeps), the loans with their schedules under the moratoria, and — for books whose members
contribute (a welfare fund) — the welfare model and every member's standing, with every
problem found on the way. It returns them as one frozen :class:`Books`, with the ``open`` and
``close`` directives kongtun adds to the ledger (the accounts of the fund and its members,
each benefit's expense account, each lender's account).

The plugin (:mod:`kongtun.plugins.fund`) reads the books once per load and leaves them in
the load's options map (:func:`keep_books`); the Fava extension, the command line and the
importers take them from there (:func:`loaded_books`) instead of reading the entries again.

How the books travel, and its limits:

- Beancount's loader gives its plugins the options map it returns, and Fava keeps that same
  dict as ``ledger.options`` (``fava.core.FavaLedger.load_file`` calls the loader and stores
  its result; every reload makes a new dict). A private key, :data:`KEY`, holds the books
  there, so a consumer finds the books of *this* load and no other: another load has its own
  options map.
- The key holds a small :class:`Handoff`, not the books themselves: Fava's options page shows
  ``str()`` of every option (a handoff says one line), and Beancount pickles the options map
  into its load cache after a slow load (``bean-check``): a handoff pickles empty, so a load
  from the cache finds no books and :func:`loaded_books` reads them from its entries.
- The books are of the entries the plugin saw. Plugins listed after kongtun's that add
  transactions are not in them; the Open and Close directives kongtun adds are not either
  (the model ignores them: :attr:`Fund.opened` is the accounts the ledger opens itself).
- Pass :func:`loaded_books` the entries of the load whose options you pass.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, Final

from beancount.core import data

from kongtun.ledger.books.accounts import MemberAccountType
from kongtun.ledger.books.checks import plugin_missing
from kongtun.ledger.books.fund import AccountLife, DayWatch, Fund, Member
from kongtun.ledger.grants.needs import Grants, needs_grants
from kongtun.ledger.i18n import gettext
from kongtun.ledger.loans.book import Loans
from kongtun.ledger.loans.checks import MeasuredRates
from kongtun.ledger.loans.reader import (
    LoanReader,
    loan_breaches,
    moratorium_scope_problems,
    read_fund_and_loans,
)
from kongtun.ledger.problems import Problem
from kongtun.ledger.record import record

if TYPE_CHECKING:
    from kongtun.ledger.welfare.book import Welfare, WelfarePass

#: The options map's key for the books of the load (no Beancount option has a colon).
KEY: Final = "kongtun:books"
#: kongtun's plugin, as a ledger loads it
PLUGIN: Final = "kongtun.plugins.fund"


@record
class Books:
    """What one pass over the books learnt: the fund, its loans, its welfare model (None when
    the members do not contribute) and every problem, in the order of the plugin's errors."""

    fund: Fund
    loans: Loans
    welfare: Welfare | None
    problems: tuple[Problem, ...]
    #: money given for a purpose (docs/grants.md); empty when the books declare no grant
    grants: Grants = field(default_factory=Grants)


def loan_problems(
    loans: Loans, reader: LoanReader, fund: Fund, rates: MeasuredRates | None = None
) -> list[Problem]:
    """Every loan problem of a finished pass (unreadable terms, broken rules), in the order of
    the ledger's lines (``rates``: see :func:`read_books`)."""
    breaches = loan_breaches(loans, reader, fund.members, fund.rules, rates)
    scopes = moratorium_scope_problems(loans, reader, fund)
    return sorted(
        [*reader.problems, *breaches, *scopes],
        key=lambda found: (str(found.source["filename"]), int(found.source["lineno"] or 0)),
    )


def _welfare_fund(fund: Fund) -> bool:
    return fund.info is not None and fund.info.kind == "welfare-fund"


class _WelfareStart:
    """Starts the welfare pass inside the member walk (``read_fund``'s ``days``) when the
    books' members contribute; the pass is kept for :func:`_welfare`."""

    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found: WelfarePass | None = None

    def __call__(
        self,
        currency: str,
        member_types: tuple[MemberAccountType, ...],
        members: Mapping[str, Member],
        customs: Sequence[data.Custom],
    ) -> DayWatch | None:
        if "contributions" not in member_types:
            return None
        # imported here: the books of a savings group never need the welfare model
        from kongtun.ledger.welfare.book import start_welfare  # noqa: PLC0415 - lazy

        self.found = start_welfare(currency, members, customs)
        return self.found.day


def _welfare(fund: Fund, found: WelfarePass | None) -> tuple[Welfare | None, list[Problem]]:
    """The welfare model of books whose members contribute (``found``: the pass the member
    walk read for it), and a welfare fund's problems."""
    if found is None:
        return None, []
    from kongtun.ledger.welfare.book import welfare_of  # noqa: PLC0415 - lazy

    welfare, problems = welfare_of(fund, found)
    # books that declare no fund have a model for the reports, and fund-missing as problem
    return welfare, problems if _welfare_fund(fund) else []


def _grants(
    fund: Fund, entries: Sequence[data.Directive]
) -> tuple[Grants, list[Problem], list[AccountLife]]:
    """The grant pass, for books that have anything of a grant (ledger/grants/needs.py)."""
    if not needs_grants(fund):
        return Grants(), [], []
    # imported here: most books declare no grant
    from kongtun.ledger.grants.reader import read_grants  # noqa: PLC0415 - lazy

    return read_grants(fund, entries)


def benefit_accounts(welfare: Welfare | None) -> list[AccountLife]:
    """The expense account of every benefit a welfare fund declares, opened on the date of its
    first declaration."""
    if welfare is None or not _welfare_fund(welfare.fund):
        return []
    from kongtun.ledger.welfare.benefits import CATEGORIES, expense_account  # noqa: PLC0415 - lazy

    lives = []
    for kind, benefit in sorted(welfare.benefits.first_declared().items()):
        label_th = benefit.label or gettext(CATEGORIES[benefit.category], "th")
        label_en = benefit.label or kind
        lives.append(
            AccountLife(
                expense_account(kind),
                benefit.date,
                None,
                f"สวัสดิการ: {label_th}",
                f"welfare: {label_en}",
                benefit.meta,
            )
        )
    return lives


def account_entries(fund: Fund, extra: Iterable[AccountLife] = ()) -> list[data.Directive]:
    """Open and Close directives for the accounts kongtun keeps, but not already written."""
    opened, closed = fund.opened, fund.closed
    new: list[data.Directive] = []
    lives = dict(fund.accounts)
    for life in extra:
        lives.setdefault(life.account, life)
    for life in lives.values():
        if life.account not in opened:
            meta = data.new_metadata(
                life.meta.get("filename", "<kongtun>"),
                life.meta.get("lineno", 0),
                {"name": life.name_th},
            )
            new.append(data.Open(meta, life.opened, life.account, [fund.currency], None))
        if life.closed is not None and life.account not in closed:
            source = life.close_meta or life.meta
            meta = data.new_metadata(source.get("filename", "<kongtun>"), source.get("lineno", 0))
            new.append(data.Close(meta, life.closed, life.account))
    return new


def lender_opens(loans: Loans, opened: Iterable[str]) -> list[data.Directive]:
    """Open directives for lenders' accounts the ledger uses but does not open."""
    done = set(opened)
    new: list[data.Directive] = []
    for loan in loans.borrowings:
        if loan.account in done:
            continue
        done.add(loan.account)
        meta = data.new_metadata(
            loan.meta.get("filename", "<kongtun>"),
            loan.meta.get("lineno", 0),
            {"name": f"เงินกู้จาก {loan.party}"},
        )
        new.append(data.Open(meta, loan.date, loan.account, [], None))
    return new


def with_new(entries: list[data.Directive], new: Sequence[data.Directive]) -> list[data.Directive]:
    """``sorted([*entries, *new], key=data.entry_sortkey)`` for ``entries`` already in that
    order — as Beancount gives them to a plugin: it sorts them after parsing and after each
    plugin. Each ``new`` directive is put in its place by a search from where the one before it
    went, not every entry's key worked out and sorted again: the same list, in the same order
    (a new one after the entries of the same key).

    The search gallops (1, 2, 4, … entries on) before it bisects: the new directives gather on
    a few days (the members' accounts opened on their joining days), so most lie where the one
    before them did and cost one key, where a bisection over the rest of the entries cost
    about 15 (a carried year's 3,021 accounts opened: 108 M instructions → 30 M,
    docs/performance.md, round 11)."""
    if not new:
        return entries
    key = data.entry_sortkey
    merged: list[data.Directive] = []
    start, total = 0, len(entries)
    keys = list(map(key, new))
    for index in sorted(range(len(new)), key=keys.__getitem__):  # stable, as sorted(new) is
        entry, wanted = new[index], keys[index]
        day = entry.date
        low, high, step = start, start, 1
        while high < total:
            other = entries[high].date  # a later day goes after, with no key worked out
            if other > day or (other == day and wanted < key(entries[high])):
                break
            low, high, step = high + 1, high + step, step * 2
        place = bisect.bisect_right(entries, wanted, lo=low, hi=min(high, total), key=key)
        merged.extend(entries[start:place])
        merged.append(entry)
        start = place
    merged.extend(entries[start:])
    return merged


def read_books(
    entries: Sequence[data.Directive],
    options: Mapping[str, Any],
    rates: MeasuredRates | None = None,
) -> tuple[Books, list[data.Directive]]:
    """The books of ``entries`` (sorted, as Beancount gives them) from one pass over the
    members, the loans and a welfare fund's contributions (read at the end of each day of
    the member walk), and the Open and Close directives kongtun adds to them. ``rates``: what
    the schedules of loan terms cost (``loan-rate-over-law``), measured already; those the
    pass measures are added to it (the plugin keeps them: :mod:`kongtun.plugins.loan_rates`)."""
    start = _WelfareStart()
    fund, fund_problems, loans, reader = read_fund_and_loans(entries, options, start)
    welfare, welfare_problems = _welfare(fund, start.found)
    grants, grant_problems, grant_lives = _grants(fund, entries)
    new = account_entries(fund, [*benefit_accounts(welfare), *grant_lives])
    opened = [entry.account for entry in new if isinstance(entry, data.Open)]
    new.extend(lender_opens(loans, [*fund.opened, *opened]))
    problems = [
        *fund_problems,
        *loan_problems(loans, reader, fund, rates),
        *welfare_problems,
        *grant_problems,
    ]
    return Books(fund, loans, welfare, tuple(problems), grants), new


class Handoff:
    """The books of one load, in its options map. Pickled (Beancount's load cache) it keeps
    nothing, and it prints as one line (Fava's options page)."""

    __slots__ = ("books",)

    def __init__(self, books: Books | None = None) -> None:
        self.books = books

    def __repr__(self) -> str:
        return "<kongtun: the books of this load>"

    def __reduce__(self) -> tuple[type[Handoff], tuple[()]]:
        return Handoff, ()


def keep_books(options: MutableMapping[str, Any], books: Books) -> None:
    """Leave ``books`` in the options map of the load that read them."""
    options[KEY] = Handoff(books)


def kept_books(options: Mapping[str, Any]) -> Books | None:
    """The books the plugin left in this load's options map, if it ran (and the load did not
    come from Beancount's cache)."""
    handoff = options.get(KEY)
    return handoff.books if isinstance(handoff, Handoff) else None


def loaded_books(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> Books:
    """The books of a load: those its plugin read, or read now from its ``entries`` (books
    loaded without kongtun's plugin, or from Beancount's cache)."""
    books = kept_books(options)
    if books is None:
        books, _ = read_books(entries, options)
    return books


def load_errors(errors: Sequence[Any], options: Mapping[str, Any]) -> list[Any]:
    """The problems of one load, as ``kongtun check`` lists them and every page that shows
    the books counts them: ``plugin-missing`` first when the books do not load kongtun's
    plugin (its checks did not run), then every error of the load, Beancount's and kongtun's."""
    found = list(errors)
    if PLUGIN not in {name for name, _ in options.get("plugin", [])}:
        top = str(options.get("filename") or "<kongtun>")
        from kongtun.ledger.messages import to_error  # noqa: PLC0415 - words at the edge

        found.insert(0, to_error(plugin_missing(top)))
    return found
