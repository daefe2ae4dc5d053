"""Members' contributions to a welfare fund, period by period, and each member's standing.

A welfare fund's rules say what a member contributes and how often; a member who falls too
far behind lapses (ขาดจากการเป็นสมาชิก), and may rejoin only when the rules allow it::

    2024-01-01 custom "rules" "ระเบียบกองทุนสวัสดิการ 2567"
      contribution: 30 THB            ; per period
      contribution-period: "month"    ; month (default) | year (calendar year)
      lapse-after-missed: 3           ; lapsed once 3 periods are over and unpaid
      lapse-after-days: 90            ; ... or 90 days after the paid-up period ended
      rejoin: TRUE                    ; a lapsed member may rejoin

    2024-01-05 * "นางสมศรี" "เงินสมทบ ม.ค. 2567"
      Assets:Cash                     30 THB
      Income:Contributions:M0001     -30 THB

    2025-02-01 custom "member-rejoin" "M0001"   ; after lapsing: a new membership spell

How money becomes periods: the first period is the one the member joins in; each period
costs the ``contribution`` in force on its first day (or on the joining day). Money paid is
applied to the periods in order, so 90 THB covers January to March whatever the days it was
paid. A period is *missed* once it is over and not covered. On any day a member is

- ``active``: no missed period;
- ``in arrears``: some missed periods, but not yet lapsed;
- ``lapsed``: from the first day on which the missed periods reach ``lapse-after-missed``,
  or the days since the paid-up period ended exceed ``lapse-after-days`` (the rules in
  force on the first unpaid period's first day count). Money paid on that day still
  counts. Lapsing is final for the spell: later money does not revive it; the member
  rejoins with ``custom "member-rejoin"``, which starts a new spell (new periods, new
  waiting period, tenure counted from the rejoining day);
- ``left``: after ``custom "member-exit"``.

A fund whose rules set no ``contribution`` tracks no periods: its members are active until
they leave.
"""

from __future__ import annotations

import bisect
import datetime
import operator
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

from beancount.core import data

from kongtun.ledger.books.accounts import split_member_account
from kongtun.ledger.books.fund import OPENING_KEY, ZERO, Fund, Member
from kongtun.ledger.books.rules import RulesBook
from kongtun.ledger.problems import Problem
from kongtun.ledger.record import record
from kongtun.ledger.welfare.checks import (
    contribution_while_lapsed,
    rejoin_not_allowed,
    rejoin_not_lapsed,
    rejoin_unknown,
)

Period = Literal["month", "year"]
StatusKind = Literal["not-member", "active", "arrears", "lapsed", "left"]
DAY: Final = datetime.timedelta(days=1)


def period_start(day: datetime.date, period: Period) -> datetime.date:
    """The first day of the period ``day`` is in."""
    return day.replace(day=1) if period == "month" else day.replace(month=1, day=1)


def add_periods(start: datetime.date, count: int, period: Period) -> datetime.date:
    """The first day of the period ``count`` periods after the one starting on ``start``."""
    if period == "year":
        return start.replace(year=start.year + count)
    months = start.year * 12 + start.month - 1 + count
    return datetime.date(months // 12, months % 12 + 1, 1)


def periods_between(first: datetime.date, day: datetime.date, period: Period) -> int:
    """How many periods from the one starting on ``first`` to the one ``day`` is in."""
    if period == "year":
        return day.year - first.year
    return (day.year - first.year) * 12 + day.month - first.month


@record
class Calendar:
    """The periods of spells that begin in the same period at the same cost: shared by them
    (one per joining month and cost, not one per member)."""

    period: Period
    #: prefix[k] = what the first k periods cost; (0,) when the fund tracks no contributions
    prefix: tuple[Decimal, ...]
    #: begins[k] = the first day of period k (0 is the first), as far as ``prefix`` goes
    begins: tuple[datetime.date, ...]

    @property
    def tracked(self) -> bool:
        return len(self.prefix) > 1


@record
class Spell:
    """One stretch of membership: from joining (or rejoining) to lapsing, leaving or now."""

    start: datetime.date
    calendar: Calendar
    pay_dates: tuple[datetime.date, ...]
    #: money paid in this spell up to and including each date of pay_dates
    pay_totals: tuple[Decimal, ...]
    lapsed: datetime.date | None

    @property
    def period(self) -> Period:
        return self.calendar.period

    @property
    def prefix(self) -> tuple[Decimal, ...]:
        """prefix[k] = what the first k periods cost; (0,) when the fund tracks none."""
        return self.calendar.prefix

    @property
    def tracked(self) -> bool:
        return len(self.calendar.prefix) > 1

    @property
    def first(self) -> datetime.date:
        return self.calendar.begins[0]

    def period_begins(self, index: int) -> datetime.date:
        """The first day of the spell's period ``index`` (0 is the first)."""
        begins = self.calendar.begins
        if index < len(begins):
            return begins[index]
        return add_periods(begins[0], index, self.calendar.period)

    def paid(self, day: datetime.date) -> Decimal:
        """Money paid in this spell up to and including ``day``."""
        index = bisect.bisect_right(self.pay_dates, day)
        return self.pay_totals[index - 1] if index else ZERO

    def covered(self, money: Decimal) -> int:
        """How many periods ``money`` pays for, from the first."""
        prefix = self.calendar.prefix
        if money < prefix[-1]:
            return max(bisect.bisect_right(prefix, money) - 1, 0)
        last = prefix[-1] - prefix[-2]
        return len(prefix) - 1 + int((money - prefix[-1]) // last)

    def ended(self, day: datetime.date) -> int:
        """How many periods of the spell are over before ``day``."""
        return max(0, periods_between(self.first, day, self.period))

    def missed(self, day: datetime.date) -> int:
        """Periods over and unpaid on ``day``."""
        if not self.tracked:
            return 0
        return max(0, self.ended(day) - self.covered(self.paid(day)))

    def arrears_on(self, day: datetime.date) -> tuple[int, datetime.date | None]:
        """:meth:`missed` and :meth:`paid_through` on ``day``, the money paid counted once
        (every claim asks it: the steps of :meth:`paid`, :meth:`covered`, :meth:`ended` and
        :meth:`period_begins` written out)."""
        calendar = self.calendar
        prefix = calendar.prefix
        if len(prefix) <= 1:
            return 0, None
        index = bisect.bisect_right(self.pay_dates, day)
        money = self.pay_totals[index - 1] if index else ZERO
        if money < prefix[-1]:
            count = max(bisect.bisect_right(prefix, money) - 1, 0)
        else:
            count = self.covered(money)
        begins = calendar.begins
        through = None
        if count:
            through = (begins[count] if count < len(begins) else self.period_begins(count)) - DAY
        ended = periods_between(begins[0], day, calendar.period)
        return max(0, ended - count), through

    def paid_through(self, day: datetime.date) -> datetime.date | None:
        """The last day of the last period paid for on ``day`` (None when none is)."""
        if not self.tracked:
            return None
        count = self.covered(self.paid(day))
        return self.period_begins(count) - DAY if count else None


@record
class Status:
    """A member's standing on one day."""

    kind: StatusKind
    #: the day the member's current spell began (joining or rejoining)
    since: datetime.date | None = None
    missed: int = 0
    paid_through: datetime.date | None = None
    lapsed: datetime.date | None = None


#: a :class:`Status`'s fields in order: kind, since, missed, paid through, lapsed
StatusValues = tuple[
    StatusKind, datetime.date | None, int, datetime.date | None, datetime.date | None
]
_NOT_MEMBER: Final[StatusValues] = ("not-member", None, 0, None, None)


@record
class Standing:
    """A member's spells of membership, for their status on any day."""

    member: Member
    spells: tuple[Spell, ...]

    def spell_on(self, day: datetime.date) -> Spell | None:
        found = None
        for spell in self.spells:
            if spell.start <= day:
                found = spell
        return found

    def member_since(self, day: datetime.date) -> datetime.date | None:
        """The day the current spell began when the member is active or in arrears on ``day``
        (None when not a member, lapsed or left): :meth:`status_on`'s ``since`` for those two
        kinds, without working out the money paid (a matching round asks it of every member)."""
        member = self.member
        if day < member.joined or (member.exited is not None and day > member.exited):
            return None
        spell = self.spell_on(day)
        if spell is None or (spell.lapsed is not None and spell.lapsed <= day):
            return None
        return spell.start

    def status_on(self, day: datetime.date) -> Status:
        return Status(*self.status_values(day))

    def status_values(self, day: datetime.date) -> StatusValues:
        """:meth:`status_on` as the plain tuple of its fields (kind, since, missed,
        paid through, lapsed): what a claim reads, without making the record."""
        member = self.member
        spell = self.spell_on(day)
        if spell is None or day < member.joined:
            return _NOT_MEMBER
        if member.exited is not None and day > member.exited:
            return ("left", spell.start, 0, None, None)
        missed, through = spell.arrears_on(day)
        if spell.lapsed is not None and spell.lapsed <= day:
            return ("lapsed", spell.start, missed, through, spell.lapsed)
        return ("arrears" if missed else "active", spell.start, missed, through, None)


#: A member's contribution (or ``member-rejoin``), as :func:`build_standings` reads it: the
#: day, the order on the day (rejoins 0 before money 1), the posting's amount as written (money
#: paid is a credit: negative; a rejoin's is zero) and the entry. A plain tuple of what the
#: posting holds: the welfare pass makes one per contribution, ~100,000 on a big book.
ContributionEvent = tuple[datetime.date, int, Decimal, Any]
MONEY: Final = 1
REJOIN: Final = 0


def _calendar(
    book: RulesBook,
    start: datetime.date,
    period: Period,
    horizon: datetime.date,
    steps: dict[tuple[datetime.date, Period], tuple[datetime.date, Decimal | None]] | None = None,
) -> Calendar:
    """What the periods of a spell starting on ``start`` cost, up to ``horizon``'s period
    (``steps``: period's first day -> the next one's and the contribution in force on it, when
    positive; shared by the calendars of one walk, so the rules are read once per period)."""
    first = period_start(start, period)
    first_rule = book.on(start).amount("contribution")
    if first_rule is None or first_rule.number is None or first_rule.number <= 0:
        return Calendar(period, (ZERO,), (first,))
    steps = {} if steps is None else steps
    cost = total = first_rule.number
    prefix = [ZERO, cost]
    begins = [first]
    begin = first
    while True:
        try:
            begin, number = steps[begin, period]
        except KeyError:
            after = add_periods(begin, 1, period)
            rule = book.on(after).amount("contribution")
            valid = rule is not None and rule.number is not None and rule.number > 0
            number = rule.number if valid and rule is not None else None
            steps[begin, period] = (after, number)
            begin = after
        if begin > horizon and len(begins) >= 2:
            break
        begins.append(begin)
        if number is not None:
            cost = number
        total += cost
        prefix.append(total)
    return Calendar(period, tuple(prefix), tuple(begins))


def _deadline(
    book: RulesBook, unpaid_from: datetime.date, begins: datetime.date, period: Period
) -> datetime.date | None:
    """The day a spell lapses if no more money comes, when its first unpaid period begins on
    ``begins`` and its unpaid days on ``unpaid_from`` (None: it never lapses)."""
    rules = book.on(unpaid_from)
    candidates = []
    missed = rules.integer("lapse-after-missed")
    if missed:
        candidates.append(add_periods(begins, missed, period))
    days = rules.integer("lapse-after-days")
    if days:
        candidates.append(unpaid_from + datetime.timedelta(days=days))
    return min(candidates) if candidates else None


#: events in date order, rejoins before money on the same day (a C key: the walk's sort)
_EVENT_ORDER: Final = operator.itemgetter(0, 1)


def _period(book: RulesBook, day: datetime.date) -> Period:
    return "year" if book.on(day).text("contribution-period") == "year" else "month"


def read_standings(
    fund: Fund, entries: Sequence[data.Directive]
) -> tuple[dict[str, Standing], list[Problem]]:
    """Every member's spells from the contributions and ``member-rejoin`` lines; one pass."""
    events = ContributionEvents(fund.members)
    contributors: dict[str, str | None] = {}
    currency = fund.currency
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                account = posting.account
                member = contributors.get(account, "")
                if member == "":
                    member = contributors[account] = contributor(account)
                units = posting.units
                if (
                    member is None
                    or units is None
                    or units.number is None
                    or units.currency != currency
                ):
                    continue
                events.money(member, entry, units.number)
        elif isinstance(entry, data.Custom) and entry.type == "member-rejoin":
            events.rejoin(entry)
    return build_standings(fund, events)


def contributor(account: str) -> str | None:
    """The member whose contributions ``account`` takes (None for other accounts)."""
    split = split_member_account(account)
    return split[1] if split is not None and split[0] == "contributions" else None


class ContributionEvents:
    """The contributions and rejoins of every member, gathered in a pass over the entries."""

    def __init__(self, members: Mapping[str, Member]) -> None:
        #: the fund's members (their exits included): a rejoin names one of them
        self.members = members
        self.by_member: dict[str, list[ContributionEvent]] = defaultdict(list)
        self.problems: list[Problem] = []
        #: the money of each member was gathered in date order (no need to sort it again
        #: unless the member rejoined: a rejoin goes before money of the same day)
        self.in_order = False
        #: the members with a ``member-rejoin`` among their events
        self.rejoined: set[str] = set()

    def money(self, member: str, entry: data.Transaction, number: Decimal) -> None:
        """A posting of ``number`` to ``member``'s contributions account (credit: paid)."""
        self.by_member[member].append((entry.date, MONEY, number, entry))

    def rejoin(self, entry: data.Custom) -> None:
        """A ``custom "member-rejoin"`` line."""
        values = entry.values or []
        member_id = values[0].value if values else None
        member = self.members.get(member_id) if isinstance(member_id, str) else None
        unknown = rejoin_unknown(entry, member_id, member)
        if unknown is not None:
            self.problems.append(unknown)
        elif member is not None:
            self.by_member[member.id].append((entry.date, REJOIN, ZERO, entry))
            self.rejoined.add(member.id)


def build_standings(
    fund: Fund, gathered: ContributionEvents
) -> tuple[dict[str, Standing], list[Problem]]:
    """Every member's spells from the events of a pass (see :func:`read_standings`)."""
    problems = list(gathered.problems)
    events = gathered.by_member
    walk = _Walk(fund.rules, fund.last_date or datetime.date.min, fund.currency, problems)
    in_order, rejoined = gathered.in_order, gathered.rejoined
    standings = {
        member_id: Standing(
            member,
            walk.spells(
                member,
                events.get(member_id, ()),
                in_order=in_order and member_id not in rejoined,
            ),
        )
        for member_id, member in fund.members.items()
    }
    return standings, problems


class _Walk:
    """One member's events in date order, into spells; the rules broken on the way.

    What the walk works out once for the whole fund rather than once per member or per
    contribution: the calendar of each joining month (its periods' costs and first days), and
    the lapse deadline of each period as the first unpaid one (the rules in force on its first
    day decide it; the same for every member).
    """

    def __init__(
        self, book: RulesBook, horizon: datetime.date, currency: str, problems: list[Problem]
    ) -> None:
        self.book = book
        self.horizon = horizon
        self.currency = currency
        self.problems = problems
        self.calendars: dict[tuple[datetime.date, Decimal | None, Period], Calendar] = {}
        self.deadlines: dict[tuple[datetime.date, Period], datetime.date | None] = {}
        self.by_calendar: dict[int, list[datetime.date | None]] = {}
        self.steps: dict[tuple[datetime.date, Period], tuple[datetime.date, Decimal | None]] = {}
        #: a spell's starting day -> its calendar
        self.by_start: dict[datetime.date, Calendar] = {}
        #: (starting day, first period's first day, period) -> the deadline with nothing paid
        #: of a spell joined after its first period began
        self.first_deadlines: dict[
            tuple[datetime.date, datetime.date, Period], datetime.date | None
        ] = {}

    def spell(self, start: datetime.date) -> Spell:
        """A new spell from ``start``, nothing paid yet (the calendar of each starting day
        looked up once: many members join on the same day)."""
        calendar = self.by_start.get(start)
        if calendar is None:
            book = self.book
            period = _period(book, start)
            cost = book.on(start).amount("contribution")
            key = (period_start(start, period), None if cost is None else cost.number, period)
            calendar = self.calendars.get(key)
            if calendar is None:
                calendar = _calendar(book, start, period, self.horizon, self.steps)
                self.calendars[key] = calendar
            self.by_start[start] = calendar
        return Spell(start, calendar, (), (), None)

    def calendar_deadlines(self, calendar: Calendar) -> list[datetime.date | None]:
        """Periods paid (1 or more, within the calendar) -> the lapse deadline, shared by the
        spells of ``calendar`` (from the second period on, a deadline depends on the period's
        first day only); the first item is no deadline (a spell's own: :meth:`deadline`)."""
        key = id(calendar)  # the calendars are kept in ``self.calendars``: ids are not reused
        try:
            return self.by_calendar[key]
        except KeyError:
            period, deadlines, book = calendar.period, self.deadlines, self.book
            found: list[datetime.date | None] = [None]
            for begins in calendar.begins[1:]:
                try:
                    found.append(deadlines[begins, period])
                except KeyError:
                    deadline = deadlines[begins, period] = _deadline(book, begins, begins, period)
                    found.append(deadline)
            self.by_calendar[key] = found
            return found

    def deadline(self, spell: Spell, count: int) -> datetime.date | None:
        """The day ``spell`` lapses if no more money comes once ``count`` periods are paid."""
        begins = spell.period_begins(count)
        period = spell.calendar.period
        if begins < spell.start:  # the first period, joined after its first day
            first = (spell.start, begins, period)
            try:
                return self.first_deadlines[first]
            except KeyError:
                found = _deadline(self.book, spell.start, begins, period)
                self.first_deadlines[first] = found
                return found
        key = (begins, period)
        try:
            return self.deadlines[key]
        except KeyError:
            found = self.deadlines[key] = _deadline(self.book, begins, begins, period)
            return found

    def spells(
        self, member: Member, events: Sequence[ContributionEvent], *, in_order: bool = False
    ) -> tuple[Spell, ...]:
        """The member's spells: a rejoin the rules allow ends one and starts the next
        (``in_order``: the events are already in the walk's order)."""
        spells: list[Spell] = []
        current = _Open(self, self.spell(member.joined))
        ordered = events if in_order else sorted(events, key=_EVENT_ORDER)
        index, count = 0, len(ordered)
        while index < count:
            index = current.pay_until(ordered, index)  # the usual: money while the spell stands
            if index == count:
                break
            event = ordered[index]
            index += 1
            day, order, posted, _ = event
            if day < current.spell.start:
                continue  # before joining: the member checks report it
            deadline = current.deadline
            if deadline is not None and deadline <= day:
                current.lapses_before(event)
            if order == REJOIN:
                if self.rejoins(member, event, current.lapsed):
                    spells.append(current.closed())
                    current = _Open(self, self.spell(day))
            elif current.lapsed is not None:
                self.lapsed_money(member, event, current.lapsed)
            else:
                current.pay(day, -posted)
        lapsed = current.deadline if current.lapsed is None else current.lapsed
        if lapsed is not None and member.exited is not None and lapsed > member.exited:
            lapsed = None
        current.lapsed = lapsed
        spells.append(current.closed())
        return tuple(spells)

    def rejoins(
        self, member: Member, event: ContributionEvent, lapsed: datetime.date | None
    ) -> bool:
        """Whether a ``member-rejoin`` starts a new spell (else it breaks a rule)."""
        day, _, _, entry = event
        found = rejoin_not_lapsed(entry, member.id, lapsed)
        if found is None and lapsed is not None:
            found = rejoin_not_allowed(entry, member.id, lapsed, self.book.on(day))
        if found is not None:
            self.problems.append(found)
        return found is None

    def lapsed_money(self, member: Member, event: ContributionEvent, lapsed: datetime.date) -> None:
        """Money paid after the spell lapsed: it counts for nothing."""
        day, _, posted, entry = event
        found = contribution_while_lapsed(
            entry,
            member,
            lapsed=lapsed,
            day=day,
            amount=-posted,
            currency=self.currency,
        )
        if found is not None:
            self.problems.append(found)


#: bounds that never hold money: the periods paid are counted again at the next payment
_NEVER: Final = (Decimal("Infinity"), Decimal("-Infinity"))
#: bounds that always hold it: a spell that tracks no periods
_ALWAYS: Final = (Decimal("-Infinity"), Decimal("Infinity"))
#: the next period's money when the period after it is beyond the calendar: never reached
_NOWHERE: Final = Decimal("-Infinity")
#: the deadline of a spell that never lapses, as :meth:`_Open.pay_until` compares it
_LAST_DAY: Final = datetime.date.max


class _Open:
    """The spell being walked: the money paid so far, and the day it lapses if no more comes
    (worked out again only when the money pays for another period: while the money stays
    within ``floor`` and ``next_at``, the periods paid are the same)."""

    __slots__ = (
        "afters",
        "count",
        "dates",
        "deadline",
        "deadlines",
        "floor",
        "lapsed",
        "money",
        "next_at",
        "prefix",
        "spell",
        "totals",
        "walk",
    )

    def __init__(self, walk: _Walk, spell: Spell) -> None:
        self.walk = walk
        self.spell = spell
        self.dates: list[datetime.date] = []
        self.totals: list[Decimal] = []
        self.money = ZERO
        self.count = 0
        self.deadline = walk.deadline(spell, 0) if spell.tracked else None
        self.lapsed: datetime.date | None = None
        #: the spell's cost of the first k periods (None when it tracks none)
        self.prefix = spell.prefix if spell.tracked else None
        #: periods paid -> the deadline, for every spell of the same calendar (from 1 period)
        self.deadlines = walk.calendar_deadlines(spell.calendar)
        #: afters[k] = the money that pays for k + 2 periods (:data:`_NOWHERE` beyond the
        #: calendar): what the usual payment compares with once k periods are paid
        self.afters = [*(self.prefix or ())[2:], _NOWHERE, _NOWHERE]
        self.floor, self.next_at = self.bounds(0) if self.prefix is not None else _ALWAYS

    def bounds(self, count: int) -> tuple[Decimal, Decimal]:
        """The money that pays for exactly ``count`` periods: from ``floor`` up to ``next_at``."""
        prefix = self.prefix
        assert prefix is not None
        return (prefix[count], prefix[count + 1]) if count + 1 < len(prefix) else _NEVER

    def pay_until(self, events: Sequence[ContributionEvent], first: int) -> int:
        """Pay the money of ``events`` from ``index`` on while nothing else can happen (no
        rejoin, none before the spell, the deadline not reached); the index of the first
        event not taken. The hot loop of the standings: locals, :meth:`pay` inline, and the
        usual payment (one more period paid, within the calendar) counted inline with two
        comparisons of money, its deadline from the calendar's table and the next price from
        :attr:`afters`. The events are in date order (rejoins first on their day), so only
        the first can come before the spell: it is the only one compared with its start."""
        if self.lapsed is not None:
            return first
        start, dates, totals, deadlines = self.spell.start, self.dates, self.totals, self.deadlines
        prefix, afters = self.prefix or (ZERO,), self.afters
        ends, size = len(events), len(prefix)
        money, count, floor, next_at = self.money, self.count, self.floor, self.next_at
        stop = self.deadline or _LAST_DAY
        after = prefix[count + 2] if count + 2 < size else _NOWHERE
        seen = dates[-1] if dates else None
        add_day, add_total = dates.append, totals.append
        if first < ends and events[first][0] < start:
            return first  # the events are in date order: only the first can be before the spell
        index = ends
        for index in range(first, ends):
            day, order, posted, _ = events[index]
            if order == REJOIN or stop <= day:
                break
            money -= posted
            if day == seen:
                totals[-1] = money
            else:
                add_day(day)
                add_total(money)
                seen = day
            if money >= next_at:
                if money < after:  # one more period, within the calendar (the usual)
                    count += 1
                    floor, next_at, stop = next_at, after, deadlines[count] or _LAST_DAY
                    after = afters[count]
                    continue
            elif money >= floor:
                continue
            self.money, self.count = money, count
            self.count_periods(money)
            count, floor, next_at = self.count, self.floor, self.next_at
            stop = self.deadline or _LAST_DAY
            after = prefix[count + 2] if count + 2 < size else _NOWHERE
        else:
            index = ends
        self.money, self.count, self.floor, self.next_at = money, count, floor, next_at
        self.deadline = None if stop is _LAST_DAY else stop
        return index

    def lapses_before(self, event: ContributionEvent) -> None:
        """Lapse the spell if its deadline passed before ``event`` (a rejoin: on its day)."""
        deadline = self.deadline
        day, order, _, entry = event
        if (
            self.lapsed is None
            and deadline is not None
            and (deadline < day or (order == REJOIN and deadline <= day))
            # money carried in a year's opening was paid before that file began
            and OPENING_KEY not in entry.meta
        ):
            self.lapsed = deadline

    def pay(self, day: datetime.date, amount: Decimal) -> None:
        """Money paid on ``day``."""
        self.money = money = self.money + amount
        dates = self.dates
        if dates and dates[-1] == day:
            self.totals[-1] = money
        else:
            dates.append(day)
            self.totals.append(money)
        if not self.floor <= money < self.next_at:
            self.count_periods(money)

    def count_periods(self, money: Decimal) -> None:
        """The periods ``money`` pays for, and the deadline once they are paid."""
        prefix = self.prefix
        if prefix is None:
            return
        count = self.count
        if count < len(prefix) and prefix[count] <= money < prefix[-1]:
            # the money only grew since (as it mostly does): from the periods paid so far
            while prefix[count + 1] <= money:
                count += 1
        else:
            count = self.spell.covered(money)
        self.floor, self.next_at = self.bounds(count)
        if count != self.count:
            self.count = count
            if count == 0:
                self.deadline = self.walk.deadline(self.spell, 0)
                return
            deadlines = self.deadlines
            if count < len(deadlines):
                self.deadline = deadlines[count]
            else:  # paid beyond the calendar
                self.deadline = self.walk.deadline(self.spell, count)

    def closed(self) -> Spell:
        """The spell with the money paid in it and the day it lapsed."""
        spell = self.spell
        return Spell(
            spell.start, spell.calendar, tuple(self.dates), tuple(self.totals), self.lapsed
        )


def statuses_on(standings: Mapping[str, Standing], day: datetime.date) -> dict[str, Status]:
    """Every member's status on ``day``."""
    return {member_id: standing.status_on(day) for member_id, standing in standings.items()}
