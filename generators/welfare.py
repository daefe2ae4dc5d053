"""The demo community welfare fund: 300 members over three years, written to check clean.

:func:`welfare_book` also grows it for benchmarks (``kongtun demo --kind welfare-fund
--members N --years Y``): more founders and later joiners from an earlier start, a matching
round every year after the first, and with ``opens`` an ``open`` line for every account the
plugin would open itself, so that the text without the ``plugin`` line loads in bare Beancount.

The book follows its own rules the way a careful treasurer would: it keeps, for every
member, the months paid and the spell of membership, and pays a benefit only when the rules
allow it, in the amount they give. It shows

- monthly contributions of 30 THB (สัจจะวันละบาท) collected on the 5th, with the odd month
  skipped and caught up the next month (arrears), and members who stop paying and lapse
  after three missed months — some of whom rejoin after the assembly allows it;
- every benefit kind: birth, hospital nights (200 THB a night, 600 a stay, 1,000 a year),
  the elderly (200 THB a year from 60), education (500 THB a year), a flood (disaster) and
  death benefits in tiers by years of membership, paid to a named beneficiary;
- a round of state matching money via CODI every year after the first (365 THB per member
  of a year's standing on 30 September), local government support, donations and bank
  interest;
- administration costs well within the 20 % the rules allow.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from kongtun.generators.savings import (
    END,
    FAMILY,
    START,
    Book,
    Person,
    collection_days,
    schedule_members,
    thb,
)
from kongtun.ledger.books.accounts import chart_for, member_account
from kongtun.ledger.books.arrears import next_month
from kongtun.ledger.thai import be_year, thai_month
from kongtun.ledger.welfare.benefits import anniversary, expense_account, full_years
from kongtun.ledger.welfare.contributions import add_periods, periods_between

CONTRIBUTION: Final = 30
WAITING: Final = 180
LAPSE_AFTER: Final = 3
HEAD: Final = (
    'option "title" "Tha Sai Community Welfare Fund"',
    'option "operating_currency" "THB"',
    'plugin "kongtun.plugins.fund"',
    "",
    '2022-01-01 custom "fava-extension" "kongtun.plugins.fava"',
)
RULES: Final = """{day} custom "rules" "ระเบียบกองทุนสวัสดิการชุมชนตำบลท่าทราย พ.ศ. 2565"
  contribution: 30 THB
  contribution-period: "month"
  lapse-after-missed: 3
  waiting-days: 180
  rejoin: FALSE
  admin-max-share: 20
  matching-min-years: 1
  matching-max-times: 3
  matching-cutoff-inclusive: TRUE"""
BENEFITS: Final = """{day} custom "benefit" "birth" 1000 THB
  label: "ค่าทำขวัญบุตร"

{day} custom "benefit" "hospital-night" 200 THB
  label: "ค่านอนโรงพยาบาล"
  per: "คืน"
  max-per-claim: 600 THB
  max-per-year: 1000 THB

{day} custom "benefit" "elderly" 200 THB
  label: "สวัสดิการผู้สูงอายุ"
  min-age: 60
  max-per-year: 200 THB

{day} custom "benefit" "education" 500 THB
  label: "ทุนการศึกษาบุตร"
  max-per-year: 500 THB

{day} custom "benefit" "disaster" 2000 THB
  label: "ช่วยเหลือผู้ประสบภัย"
  max-per-year: 2000 THB

{day} custom "benefit" "death" 3000 THB
  label: "ค่าจัดการศพ"
  min-years: 0

{day} custom "benefit" "death" 5000 THB
  label: "ค่าจัดการศพ"
  min-years: 1

{day} custom "benefit" "death" 10000 THB
  label: "ค่าจัดการศพ"
  min-years: 2"""
BENEFIT_KINDS: Final = ("birth", "hospital-night", "elderly", "education", "disaster", "death")
DEATH_TIERS: Final = ((2, 10000), (1, 5000), (0, 3000))
FLOOD: Final = datetime.date(2023, 12, 12)


def rejoin_allowed(start: datetime.date) -> datetime.date:
    """The day the assembly allows lapsed members back: June of the book's second year."""
    return min(datetime.date(start.year + 1, 6, 1), datetime.date(END.year, 6, 1))


def matching_rounds(start: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """(cut-off, paid) of the state matching round of every year after the book's first."""
    return [
        (datetime.date(year, 9, 30), datetime.date(year, 12, 20 if year % 2 else 18))
        for year in range(start.year + 1, END.year + 1)
    ]


@dataclass
class Account:
    """What the treasurer knows of one member."""

    person: Person
    birth: datetime.date
    start: datetime.date
    covered: int = 0
    lapsed: datetime.date | None = None
    stops: datetime.date | None = None
    rejoins: bool = False
    used: dict[tuple[str, int], int] = field(default_factory=dict)
    matched: int = 0

    @property
    def first(self) -> datetime.date:
        return self.start.replace(day=1)

    def due(self, day: datetime.date) -> int:
        """Months owed up to and including ``day``'s month."""
        return periods_between(self.first, day, "month") + 1

    def lapse_day(self) -> datetime.date:
        return add_periods(self.first, self.covered + LAPSE_AFTER, "month")

    def member_on(self, day: datetime.date) -> bool:
        person = self.person
        return (
            person.joined <= day
            and (person.exits is None or day <= person.exits)
            and (self.lapsed is None or day < self.lapsed)
        )

    def in_good_standing(self, day: datetime.date) -> bool:
        """A member, up to date and past the waiting period on ``day``."""
        missed = periods_between(self.first, day, "month") - self.covered
        return self.member_on(day) and missed <= 0 and (day - self.start).days >= WAITING


def _pay(book: Book, day: datetime.date, account: Account, months: int, fee: bool) -> int:
    person = account.person
    amount = months * CONTRIBUTION
    lines = [
        f'{day} * "{person.name}" "เงินสมทบวันละบาท {thai_month(day)}"',
        f"  Assets:Cash  {thb(amount + (20 if fee else 0))}",
        f"  Income:Contributions:{person.id}  {thb(-amount)}",
    ]
    if fee:
        lines.append(f"  Income:Fees:Entrance  {thb(-20)}")
    book.add(day, "\n".join(lines))
    account.covered += months
    return amount + (20 if fee else 0)


def _claim(
    book: Book,
    day: datetime.date,
    account: Account,
    *,
    kind: str,
    amount: int,
    title: str,
    extra: tuple[str, ...] = (),
) -> None:
    person = account.person
    expense = expense_account(kind)
    book.add(
        day,
        "\n".join(
            [
                f'{day} * "{person.name}" "{title}"',
                f'  member: "{person.id}"',
                f'  benefit: "{kind}"',
                *extra,
                f"  {expense}  {thb(amount)}",
                f"  Assets:Bank  {thb(-amount)}",
            ]
        ),
    )
    key = (kind, day.year)
    account.used[key] = account.used.get(key, 0) + amount


def _monthly_claims(
    rng: random.Random, book: Book, accounts: list[Account], day: datetime.date
) -> None:
    """Benefits claimed in the month of collection day ``day`` (paid from the 8th to 28th)."""
    for account in accounts:
        when = day.replace(day=rng.randint(8, 28))
        if not account.in_good_standing(when):
            continue
        age = full_years(account.birth, when)
        roll = rng.random()
        if roll < 0.02:
            nights = rng.randint(1, 6)
            left = 1000 - account.used.get(("hospital-night", when.year), 0)
            amount = min(nights * 200, 600, left)
            if amount > 0:
                _claim(
                    book,
                    when,
                    account,
                    kind="hospital-night",
                    amount=amount,
                    title=f"ค่านอนโรงพยาบาล {nights} คืน",
                    extra=(f"  units: {nights}",),
                )
        elif roll < 0.024 and 18 <= age <= 45:
            _claim(book, when, account, kind="birth", amount=1000, title="ค่าทำขวัญบุตร")
        if (
            when.month == 5
            and 28 <= age <= 55
            and rng.random() < 0.08
            and not account.used.get(("education", when.year))
        ):
            _claim(book, when, account, kind="education", amount=500, title="ทุนการศึกษาบุตร")
        elderly_day = when.replace(day=15)
        if (
            when.month == 12
            and not account.used.get(("elderly", when.year))
            and full_years(account.birth, elderly_day) >= 60
            and account.in_good_standing(elderly_day)
        ):
            _claim(
                book,
                elderly_day,
                account,
                kind="elderly",
                amount=200,
                title="สวัสดิการผู้สูงอายุประจำปี",
            )


def _death_claim(rng: random.Random, book: Book, account: Account) -> None:
    person = account.person
    assert person.exits is not None
    died = person.exits
    paid = died + datetime.timedelta(days=rng.randint(3, 10))
    if paid > END or not account.in_good_standing(died):
        return
    years = full_years(account.start, died)
    amount = next(baht for least, baht in DEATH_TIERS if years >= least)
    heir = f"{rng.choice(('นาย', 'นาง', 'นางสาว'))}{rng.choice(('สมปอง', 'บุญมี', 'มาลี', 'ทองใบ'))}"
    heir += f" {person.name.split(' ')[-1] if ' ' in person.name else rng.choice(FAMILY)}"
    _claim(
        book,
        paid,
        account,
        kind="death",
        amount=amount,
        title="ค่าจัดการศพ (สมาชิกเสียชีวิต)",
        extra=(f'  beneficiary: "{heir}"',),
    )


def _matching(
    book: Book, accounts: list[Account], cut_off: datetime.date, paid: datetime.date
) -> None:
    eligible = [
        account
        for account in accounts
        if account.member_on(cut_off)
        and anniversary(account.start, 1) <= cut_off
        and account.matched < 3
    ]
    for account in eligible:
        account.matched += 1
    amount = 365 * len(eligible)
    fiscal = be_year(cut_off)
    book.add(
        paid,
        f'{paid} * "พอช." "เงินสมทบจากรัฐบาลผ่าน พอช. ปีงบประมาณ {fiscal} '
        f'({len(eligible)} คน × 365 บาท)"\n'
        f'  matching: "codi-{fiscal}"\n'
        f"  cut-off: {cut_off}\n"
        "  basis: 365 THB\n"
        f"  Assets:Bank  {thb(amount)}\n"
        f"  Income:Matching:State  {thb(-amount)}",
    )


def _welfare_head(book: Book, start: datetime.date) -> datetime.date:
    """The fund, its rules and benefits, and the assembly's rejoin rule (its date)."""
    book.add(
        start,
        f'{start} custom "fund" "welfare-fund"\n'
        '  name: "กองทุนสวัสดิการชุมชนตำบลท่าทราย"\n'
        '  province: "นครศรีธรรมราช"\n  district: "เมืองนครศรีธรรมราช"\n'
        '  tambon: "ท่าทราย"',
    )
    book.add(start, RULES.format(day=start))
    book.add(start, BENEFITS.format(day=start))
    allowed = rejoin_allowed(start)
    book.add(
        allowed,
        f'{allowed} custom "rules" "มติที่ประชุมใหญ่ 1/{be_year(allowed)}: '
        'สมาชิกที่ขาดส่งกลับเข้าได้"\n'
        "  rejoin: TRUE",
    )
    return allowed


def _accounts(rng: random.Random, book: Book, people: list[Person]) -> list[Account]:
    """Each member's contribution account (birth date, a lapse and rejoin for some)."""
    accounts = []
    for person in people:
        birth = datetime.date(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28))
        account = Account(person, birth, person.joined)
        if rng.random() < 0.06:
            account.stops = person.joined + datetime.timedelta(days=rng.randint(200, 700))
            account.rejoins = rng.random() < 0.5
        accounts.append(account)
        book.add(
            person.joined,
            f'{person.joined} custom "member" "{person.id}" "{person.name}"\n'
            f'  village: "{person.village}"\n  birth-date: {birth}',
        )
    return accounts


def _contribution(
    rng: random.Random, book: Book, account: Account, day: datetime.date, allowed: datetime.date
) -> Decimal:
    """One member's contribution on a collection day (a rejoin first, where due): cash in."""
    person = account.person
    if person.joined > day or (person.exits is not None and person.exits < day):
        return Decimal(0)
    if account.lapsed is None and account.lapse_day() <= day:
        account.lapsed = account.lapse_day()
    if account.lapsed is not None:
        if not (
            account.rejoins and day >= max(allowed, account.lapsed + datetime.timedelta(days=120))
        ):
            return Decimal(0)
        book.add(day, f'{day} custom "member-rejoin" "{person.id}"')
        account.start, account.covered = day, 0
        account.lapsed, account.stops, account.rejoins = None, None, False
    if account.stops is not None and day >= account.stops:
        return Decimal(0)
    owed = account.due(day) - account.covered
    if owed <= 0 or (owed == 1 and rng.random() < 0.04):
        return Decimal(0)  # paid ahead, or skips this month and catches up next month
    return Decimal(_pay(book, day, account, owed, fee=False))


def _events(
    rng: random.Random,
    book: Book,
    accounts: list[Account],
    day: datetime.date,
    rounds: list[tuple[datetime.date, datetime.date]],
) -> None:
    """Claims, the flood, exits (and death claims) and matching rounds of a collection day."""
    _monthly_claims(rng, book, accounts, day)
    following = next_month(day).replace(day=5)
    if day <= FLOOD < following:
        for account in accounts:
            if account.person.village == "หมู่ 3" and account.in_good_standing(FLOOD):
                _claim(
                    book, FLOOD, account, kind="disaster", amount=2000, title="ช่วยเหลือผู้ประสบอุทกภัย"
                )
    for account in accounts:
        person = account.person
        if person.exits is not None and day <= person.exits < following:
            book.add(
                person.exits,
                f'{person.exits} custom "member-exit" "{person.id}" "{person.reason}"',
            )
            if person.reason == "เสียชีวิต":
                _death_claim(rng, book, account)
    for cut_off, paid in rounds:
        if day <= paid < following:
            _matching(book, accounts, cut_off, paid)


def _yearly_income(rng: random.Random, book: Book, start: datetime.date) -> None:
    """Bank interest each June, the local government's support each March, one donation."""
    for year in range(start.year, END.year + 1):
        day, interest = datetime.date(year, 6, 30), rng.randint(900, 2400)
        book.add(
            day,
            f'{day} * "ดอกเบี้ยเงินฝากธนาคาร"\n'
            f"  Assets:Bank  {thb(interest)}\n  Income:Interest:Bank  {thb(-interest)}",
        )
    for year in range(start.year + 1, END.year + 1):
        day, support = datetime.date(year, 3, 15), 25000 if year >= END.year else 20000
        book.add(
            day,
            f'{day} * "อบต.ท่าทราย" "เงินสนับสนุนกองทุนสวัสดิการจาก อบต. ปี {year + 543}"\n'
            f"  Assets:Bank  {thb(support)}\n  Income:Matching:LocalGov  {thb(-support)}",
        )
    donation = datetime.date(2024, 4, 13)
    book.add(
        donation,
        f'{donation} * "ผ้าป่าสามัคคี" "เงินบริจาคเข้ากองทุนในงานสงกรานต์"\n'
        f"  Assets:Bank  {thb(12500)}\n  Income:Donations  {thb(-12500)}",
    )


def welfare_book(
    seed: int,
    *,
    founders: int = 180,
    later: int = 120,
    exits: int = 20,
    start: datetime.date = START,
    opens: bool = False,
) -> str:
    """The demo welfare fund's ledger text; larger or longer (from ``start``) for benchmarks,
    with every account opened by an ``open`` line when ``opens`` (so it loads without the
    plugin)."""
    rng = random.Random(f"welfare-fund:{seed}")
    book = Book(head=list(HEAD))
    allowed = _welfare_head(book, start)
    people = schedule_members(
        rng, "W", founders=founders, later=later, exits=exits, villages=10, start=start
    )
    if opens:
        _open_lines(book, start, people)
    accounts = _accounts(rng, book, people)
    for account in accounts:
        if account.person.joined != start:
            _pay(book, account.person.joined, account, 1, fee=True)
    rounds = matching_rounds(start)
    admin = max((founders + later) // 2, 1)  # 150 THB a month for the demo's 300 members
    for day in collection_days(start):
        cash = sum(
            (_contribution(rng, book, account, day, allowed) for account in accounts), Decimal(0)
        )
        if cash:
            book.add(
                day,
                f'{day} * "นำเงินฝากธนาคาร {thai_month(day)}"\n'
                f"  Assets:Bank  {thb(cash)}\n  Assets:Cash  {thb(-cash)}",
            )
        book.add(
            day,
            f'{day} * "ค่าเครื่องเขียนและค่าพาหนะกรรมการ"\n'
            f"  Expenses:Admin  {thb(admin)}\n  Assets:Bank  {thb(-admin)}",
        )
        _events(rng, book, accounts, day, rounds)
    _yearly_income(rng, book, start)
    return book.text(seed)


def _open_lines(book: Book, start: datetime.date, people: list[Person]) -> None:
    """``open`` (and ``close``) lines for every account the plugin would open itself."""
    for chart in chart_for("welfare-fund"):
        book.add(start, f"{start} open {chart.account} THB")
    for kind in BENEFIT_KINDS:
        book.add(start, f"{start} open {expense_account(kind)} THB")
    for person in people:
        account = member_account("contributions", person.id)
        book.add(person.joined, f"{person.joined} open {account} THB")
        if person.exits is not None:
            book.add(person.exits, f"{person.exits} close {account}")
