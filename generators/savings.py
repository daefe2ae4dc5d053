"""Sample books for the demo and the tour: the same text every time for the same seed.

The demo funds (:func:`kongtun.generators.demo.demo_books` gives ``{file name: ledger text}``):

- a savings group (about 150 members over 3 years: joins, exits, monthly savings and shares,
  the minimum raised by an assembly in 2024, some months saved short);
- a community welfare fund (300 members: contributions, lapses, every benefit kind, two
  rounds of state matching money; :mod:`kongtun.generators.welfare`);
- a revolving fund (members' savings; a CODI housing loan on-lent to members; the 2024 flood
  moratorium passed on from CODI to the members).

The savings group lends to its members within its rules (on time, late, repaid early,
defaulted) and declares a flood moratorium for two villages (:mod:`kongtun.generators.loans`).

People's names are synthetic: a random given name joined to a random family name from lists
of common words. No real person's record is used.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Final

from beancount.core import data

from kongtun.generators.loans import (
    REVOLVING_FUND_RULES,
    SAVINGS_GROUP_RULES,
    LoanWriter,
    SavingsGroupLending,
    revolving_fund_loans,
)
from kongtun.generators.provisions import add_year_end_provisions
from kongtun.generators.troubled import add_troubled_loans
from kongtun.ledger.books.accounts import MEMBER_ACCOUNTS_BY_KIND, chart_for, member_account
from kongtun.ledger.books.arrears import next_month
from kongtun.ledger.thai import thai_month

FEMALE: Final = (
    "สมศรี",
    "มาลี",
    "บุญมา",
    "ประไพ",
    "สุนีย์",
    "วันเพ็ญ",
    "จันทร์เพ็ญ",
    "ทองใบ",
    "คำปุ่น",
    "บัวผัน",
    "สายสุนีย์",
    "ลำดวน",
    "อำไพ",
    "พรทิพย์",
    "นงลักษณ์",
    "รัตนา",
    "สมปอง",
    "ละเอียด",
    "บุญเรือน",
    "ทองม้วน",
    "กาญจนา",
    "ศรีไพร",
    "อรุณี",
    "เพ็ญศรี",
)
MALE: Final = (
    "สมชาย",
    "บุญมี",
    "ประเสริฐ",
    "สมศักดิ์",
    "ทองดี",
    "คำแสน",
    "บุญเลิศ",
    "วิชัย",
    "สุรชัย",
    "ชัยวัฒน์",
    "อุดม",
    "สมบัติ",
    "เสถียร",
    "ประยูร",
    "สำราญ",
    "บุญส่ง",
    "ทองสุข",
    "มานพ",
    "ไพโรจน์",
    "สมหมาย",
    "คำมี",
    "จำลอง",
    "ทวี",
    "สุพจน์",
)
FAMILY: Final = (
    "ใจดี",
    "ศรีสุข",
    "มั่นคง",
    "ทองคำ",
    "แก้วมณี",
    "บุญมาก",
    "สุขสวัสดิ์",
    "พรหมมา",
    "ศรีวงศ์",
    "จันทร์หอม",
    "ดวงแก้ว",
    "ชัยมงคล",
    "อินทร์แก้ว",
    "บุญยืน",
    "คำภา",
    "วงศ์ใหญ่",
    "สายทอง",
    "พันธ์ดี",
    "รักษาศรี",
    "เพชรงาม",
    "นาคสวัสดิ์",
    "ปัญญาดี",
    "สมบูรณ์",
    "ศรีจันทร์",
    "หอมจันทร์",
    "แสงทอง",
    "ทิพย์มณี",
    "บัวงาม",
    "โพธิ์ทอง",
    "มีสุข",
)
EXIT_REASONS: Final = ("ย้ายถิ่น", "ลาออก", "เสียชีวิต")
START: Final = datetime.date(2022, 1, 1)
END: Final = datetime.date(2024, 12, 31)
HEADER: Final = "; Sample books written by `kongtun demo` (seed {seed}). Synthetic people.\n"


def thb(number: Decimal | int) -> str:
    return f"{Decimal(number):.2f} THB"


@dataclass
class Book:
    """Lines of a ledger being written, kept in date order on output."""

    head: list[str] = field(default_factory=list)
    dated: list[tuple[datetime.date, int, str]] = field(default_factory=list)

    def add(self, day: datetime.date, text: str) -> None:
        self.dated.append((day, len(self.dated), text))

    def text(self, seed: int) -> str:
        body = [text for _, _, text in sorted(self.dated)]
        return HEADER.format(seed=seed) + "\n".join(self.head) + "\n\n" + "\n\n".join(body) + "\n"


@dataclass
class Person:
    id: str
    name: str
    village: str
    joined: datetime.date
    exits: datetime.date | None = None
    reason: str = ""


def people(
    rng: random.Random, prefix: str, count: int, villages: int
) -> list[tuple[str, str, str]]:
    """(id, name, village) for ``count`` synthetic members."""
    out = []
    for number in range(1, count + 1):
        female = rng.random() < 0.6
        given = rng.choice(FEMALE if female else MALE)
        title = ("นาง" if rng.random() < 0.7 else "นางสาว") if female else "นาย"
        out.append(
            (
                f"{prefix}{number:04d}",
                f"{title}{given} {rng.choice(FAMILY)}",
                f"หมู่ {rng.randint(1, villages)}",
            )
        )
    return out


def collection_days(start: datetime.date = START, end: datetime.date = END) -> list[datetime.date]:
    """The 5th of every month from the start to the end of the demo."""
    days, month = [], start
    while month <= end:
        days.append(month.replace(day=5))
        month = next_month(month)
    return days


def schedule_members(
    rng: random.Random,
    prefix: str,
    *,
    founders: int,
    later: int,
    exits: int,
    villages: int,
    start: datetime.date = START,
    end: datetime.date = END,
) -> list[Person]:
    """Founders join on the first day; the rest join over the years; some leave."""
    people_list = people(rng, prefix, founders + later, villages)
    span = (end - start).days - 60
    members = []
    for index, (member_id, name, village) in enumerate(people_list):
        joined = (
            start if index < founders else start + datetime.timedelta(days=30 + rng.randrange(span))
        )
        members.append(Person(member_id, name, village, joined))
    members.sort(key=lambda p: (p.joined, p.id))
    for person in rng.sample(members, exits):
        earliest = person.joined + datetime.timedelta(days=120)
        if earliest < end - datetime.timedelta(days=30):
            person.exits = earliest + datetime.timedelta(
                days=rng.randrange((end - datetime.timedelta(days=30) - earliest).days)
            )
            person.reason = rng.choice(EXIT_REASONS)
    return members


def member_lines(book: Book, person: Person) -> None:
    book.add(
        person.joined,
        f'{person.joined} custom "member" "{person.id}" "{person.name}"\n'
        f'  village: "{person.village}"',
    )


SAVINGS_GROUP_HEAD: Final = (
    'option "title" "Ban Nong Bua Thong Savings Group"',
    'option "operating_currency" "THB"',
    'plugin "kongtun.plugins.fund"',
    "",
    '2022-01-01 custom "fava-extension" "kongtun.plugins.fava"',
    # importing (docs/importing.md): Fava's Import page, and bank lines kongtun can name
    '2022-01-01 custom "fava-option" "import-config" "importers.py"',
    '2022-01-01 custom "fava-option" "import-dirs" "import"',
    '2022-01-01 custom "bank-match" "ดอกเบี้ย" "Income:Interest:Bank"',
    '2022-01-01 custom "bank-match" "ค่าธรรมเนียม" "Expenses:Admin"',
)
#: the assembly's amendment of the demo savings group (the monthly minimum raised to 200)
AMENDED: Final = datetime.date(2024, 1, 1)


@dataclass
class Saver:
    """What the savings group's generator keeps between collection days."""

    rng: random.Random
    book: Book
    members: list[Person]
    start: datetime.date
    pledge: dict[str, Decimal]
    savings: dict[str, Decimal] = field(default_factory=dict)
    shares: dict[str, Decimal] = field(default_factory=dict)

    def deposit(self, day: datetime.date, person: Person, minimum: Decimal) -> Decimal:
        """One member's deposit on a collection day (none when they missed it): the cash in."""
        first = day <= person.joined + datetime.timedelta(days=31) and person.joined != self.start
        roll = self.rng.random()
        if roll < 0.03:
            return Decimal(0)  # missed the collection day: shows as arrears
        amount = max(self.pledge[person.id], minimum)
        if roll < 0.06:
            amount = minimum / 2  # saved short
        share = Decimal(self.rng.choice((0, 50, 50, 100)))
        lines = [
            f'{day} * "{person.name}" "ฝากสัจจะ {thai_month(day)}"',
            f"  Assets:Cash  {thb(amount + share + (20 if first else 0))}",
            f"  Liabilities:Savings:{person.id}  {thb(-amount)}",
        ]
        if share:
            lines.append(f"  Equity:Shares:{person.id}  {thb(-share)}")
        if first:
            lines.append(f"  Income:Fees:Entrance  {thb(-20)}")
        self.book.add(day, "\n".join(lines))
        self.savings[person.id] += amount
        self.shares[person.id] += share
        return amount + share + (20 if first else 0)

    def collection_day(self, day: datetime.date, lending: SavingsGroupLending) -> None:
        """Deposits, the banking of the cash, stationery, loans and exits of one day."""
        minimum = Decimal(200 if day >= AMENDED else 100)
        cash = Decimal(0)
        for person in self.members:
            if person.joined > day or (person.exits is not None and person.exits < day):
                continue
            cash += self.deposit(day, person, minimum)
        self.book.add(
            day,
            f'{day} * "นำเงินฝากธนาคาร {thai_month(day)}"\n'
            f"  Assets:Bank  {thb(cash)}\n  Assets:Cash  {thb(-cash)}",
        )
        self.book.add(
            day,
            f'{day} * "ค่าเครื่องเขียนและถ่ายเอกสาร"\n'
            f"  Expenses:Admin  {thb(60)}\n  Assets:Bank  {thb(-60)}",
        )
        lending.collection_day(
            day,
            self.members,
            lambda member: self.savings[member] + self.shares[member],
            next_month(day).replace(day=5),
        )
        for person in self.members:
            if person.exits is not None and day <= person.exits < next_month(day).replace(day=5):
                _exit(self.book, person, self.savings, self.shares)


def _savings_group_book(start: datetime.date) -> Book:
    """The savings group's head, fund and rules (with the 2024 amendment)."""
    book = Book(head=list(SAVINGS_GROUP_HEAD))
    book.add(
        start,
        f'{start} custom "fund" "savings-group"\n'
        '  name: "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัวทอง"\n'
        '  province: "สระแก้ว"\n  district: "วังน้ำเย็น"\n  tambon: "ทุ่งมหาเจริญ"',
    )
    book.add(
        start,
        f'{start} custom "rules" "ระเบียบกลุ่มออมทรัพย์ พ.ศ. 2565"\n'
        "  savings-monthly-min: 100 THB\n  savings-withdrawal-allowed: FALSE\n"
        + SAVINGS_GROUP_RULES,
    )
    return book


def savings_group(
    seed: int,
    *,
    founders: int = 60,
    later: int = 90,
    exits: int = 15,
    start: datetime.date = START,
    opens: bool = False,
) -> str:
    """The demo savings group; larger or longer (from ``start``) for benchmarks, with every
    account opened by an ``open`` line when ``opens`` (so it loads without the plugin)."""
    rng = random.Random(f"savings-group:{seed}")
    book = _savings_group_book(start)
    lending = SavingsGroupLending(
        random.Random(f"savings-group-loans:{seed}"),
        LoanWriter(book.add, END, fine=Decimal(20), late_rate=Decimal(5)),
    )
    lending.declare()
    if start < START:  # a longer book (benchmarks) lends from its sixth month on
        lending.lend_from = start + datetime.timedelta(days=150)
    lending.size = max(1, (founders + later) // 150)
    book.add(
        AMENDED,
        f'{AMENDED} custom "rules" "มติที่ประชุมใหญ่ 1/2567: สัจจะขั้นต่ำ 200 บาท"\n'
        "  savings-monthly-min: 200 THB",
    )
    members = schedule_members(
        rng, "M", founders=founders, later=later, exits=exits, villages=8, start=start
    )
    if opens:
        _open_lines(book, start, members)
    pledge = {p.id: Decimal(rng.choice((100, 100, 100, 150, 200, 200, 300, 500))) for p in members}
    saver = Saver(rng, book, members, start, pledge)
    saver.savings = {p.id: Decimal(0) for p in members}
    saver.shares = {p.id: Decimal(0) for p in members}
    for person in members:
        member_lines(book, person)
    for day in collection_days(start):
        saver.collection_day(day, lending)
    for year in range(start.year, END.year + 1):
        day, interest = datetime.date(year, 6, 30), rng.randint(800, 2500)
        book.add(
            day,
            f'{day} * "ดอกเบี้ยเงินฝากธนาคาร"\n'
            f"  Assets:Bank  {thb(interest)}\n  Income:Interest:Bank  {thb(-interest)}",
        )
    allocation = SCALE_ALLOCATION_RULES if opens else ALLOCATION_RULES
    book.add(start, f'{start} custom "rules" "ระเบียบการจัดสรรกำไรสุทธิ"\n{allocation}')
    add_troubled_loans(book.text(seed), book.add, book.dated)  # issue 15: loans gone wrong
    if not opens:  # the demo's provisions (the benchmark books keep their loans as they are)
        add_year_end_provisions(
            start, book.add, lambda: book.text(seed), range(start.year, END.year + 1)
        )
    add_year_ends(book, seed, range(start.year, END.year + 1), opens=opens)
    return book.text(seed)


#: how the demo savings group's assembly shares out each year's surplus (docs/year-end.md)
ALLOCATION_RULES: Final = (
    "  dividend-rate: 3\n  interest-return-rate: 10\n  reserve-min: 10\n"
    "  allocate-welfare: 5\n  allocate-committee: 3\n  allocate-public-benefit: 2\n"
    "  allocate-education: 2"
)

#: the benchmark books' (``kongtun demo --members N``): their shares grow for 13 years while the
#: surplus does not, and the demo's 3 % dividend took the reserve below its minimum
#: (``year-end-surplus-short``) from the sixth year; shares of the surplus (up to 3 % a year on
#: shares) fit every year's surplus
SCALE_ALLOCATION_RULES: Final = (
    "  allocate-dividend: 40\n  dividend-rate-max: 3\n  allocate-interest-return: 20\n"
    "  reserve-min: 10\n  allocate-welfare: 5\n  allocate-committee: 3\n"
    "  allocate-public-benefit: 2\n  allocate-education: 2"
)


def add_year_ends(book: Book, seed: int, years: range, *, opens: bool = False) -> None:
    """Each year's year end, as ``kongtun year-end --write`` would record it (with an ``open``
    line for every account it posts to that is not opened yet, when ``opens``)."""
    # imported here: only the demo books need the year end (not the benchmark books)
    from beancount import loader  # noqa: PLC0415 - lazy
    from beancount.parser import printer  # noqa: PLC0415 - lazy

    from kongtun.generators.payouts import payout_texts  # noqa: PLC0415 - lazy
    from kongtun.ledger.model import loaded_books  # noqa: PLC0415 - lazy
    from kongtun.ledger.years.year_end import (  # noqa: PLC0415 - lazy
        planned_entries,
        read_year_data,
        year_end,
    )

    entries, _, options = loader.load_string(book.text(seed))
    books = loaded_books(entries, options)
    found = read_year_data(entries, books.fund.currency)
    opened = set(books.fund.opened)
    written = {entry.account for entry in entries if isinstance(entry, data.Open)}
    for year in years:
        fund = replace(books.fund, opened=frozenset(opened))
        for entry in planned_entries(year_end(books, found, year), fund, "<demo>"):
            if isinstance(entry, data.Open):
                opened.add(entry.account)
                if opens and entry.account in written:
                    continue
                written.add(entry.account)
            if opens and isinstance(entry, data.Transaction):
                for account in sorted({p.account for p in entry.postings} - written):
                    written.add(account)
                    book.add(entry.date, f"{entry.date} open {account} THB")
            book.add(entry.date, printer.format_entry(entry).rstrip("\n"))
            if isinstance(entry, data.Transaction):  # the payout after the assembly
                for day, text in payout_texts(entry, END):
                    book.add(day, text)


def _open_lines(book: Book, start: datetime.date, members: list[Person]) -> None:
    """``open`` (and ``close``) lines for every account the plugin would open itself."""
    for account in chart_for("savings-group"):
        book.add(start, f"{start} open {account.account} THB")
    for person in members:
        for kind in MEMBER_ACCOUNTS_BY_KIND["savings-group"]:
            book.add(person.joined, f"{person.joined} open {member_account(kind, person.id)} THB")
            if person.exits is not None:
                book.add(person.exits, f"{person.exits} close {member_account(kind, person.id)}")


def _exit(
    book: Book, person: Person, savings: dict[str, Decimal], shares: dict[str, Decimal]
) -> None:
    assert person.exits is not None
    day = person.exits
    total = savings[person.id] + shares[person.id]
    lines = [f'{day} * "{person.name}" "คืนเงินสัจจะและหุ้นเมื่อพ้นสมาชิก ({person.reason})"']
    if savings[person.id]:
        lines.append(f"  Liabilities:Savings:{person.id}  {thb(savings[person.id])}")
    if shares[person.id]:
        lines.append(f"  Equity:Shares:{person.id}  {thb(shares[person.id])}")
    if total:
        lines.append(f"  Assets:Bank  {thb(-total)}")
        book.add(day, "\n".join(lines))
    book.add(day, f'{day} custom "member-exit" "{person.id}" "{person.reason}"')


def revolving_members(rng: random.Random) -> list[Person]:
    """The revolving fund's members (``rng``: the fund's own, first thing drawn from it)."""
    return schedule_members(rng, "R", founders=40, later=8, exits=0, villages=3)


def revolving_fund(seed: int) -> str:
    rng = random.Random(f"revolving-fund:{seed}")
    book = Book(
        head=[
            'option "title" "Ban Mankong Rim Khlong Housing Fund"',
            'option "operating_currency" "THB"',
            'plugin "kongtun.plugins.fund"',
            "",
            '2022-01-01 custom "fava-extension" "kongtun.plugins.fava"',
        ]
    )
    book.add(
        START,
        f'{START} custom "fund" "revolving-fund"\n'
        '  name: "กองทุนหมุนเวียนบ้านมั่นคงชุมชนริมคลอง"\n'
        '  province: "เชียงราย"\n  district: "แม่สาย"\n  tambon: "เวียงพางคำ"',
    )
    book.add(
        START,
        f'{START} custom "rules" "ระเบียบกองทุนหมุนเวียน พ.ศ. 2565"\n  savings-monthly-min: 200 THB\n'
        + REVOLVING_FUND_RULES,
    )
    members = revolving_members(rng)
    for person in members:
        member_lines(book, person)
    founders = [person for person in members if person.joined == START]
    revolving_fund_loans(book.add, random.Random(f"revolving-fund-loans:{seed}"), founders, END)
    for day in collection_days():
        cash = Decimal(0)
        for person in members:
            if person.joined > day:
                continue
            amount = Decimal(200 if rng.random() < 0.9 else 100)
            book.add(
                day,
                f'{day} * "{person.name}" "ออมทรัพย์บ้านมั่นคง {thai_month(day)}"\n'
                f"  Assets:Cash  {thb(amount)}\n"
                f"  Liabilities:Savings:{person.id}  {thb(-amount)}",
            )
            cash += amount
        book.add(
            day,
            f'{day} * "นำเงินฝากธนาคาร {thai_month(day)}"\n'
            f"  Assets:Bank  {thb(cash)}\n  Assets:Cash  {thb(-cash)}",
        )
    return book.text(seed)
