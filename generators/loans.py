"""Loans for the demo books: member loans, a borrowing from CODI, and the 2024 flood moratoria.

The repayments are written from kongtun's own schedules (:mod:`kongtun.ledger.loans.schedule`, with
:mod:`kongtun.ledger.loans.moratorium` applied), so ``kongtun check`` is clean on the demo while the
arrears and the portfolio at risk mean something: most borrowers pay on time, some pay late
and are charged what the rules allow, some repay early, and some stop paying (defaulted).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Literal, Protocol

from kongtun.ledger.loans.moratorium import Moratorium, apply_moratorium
from kongtun.ledger.loans.schedule import (
    Installment,
    Method,
    Terms,
    build_schedule,
    late_interest,
)
from kongtun.ledger.thai import be_year

Behaviour = Literal["on-time", "late", "early", "default"]
BEHAVIOURS: Final[tuple[Behaviour, ...]] = ("on-time", "late", "early", "default")
LATE_DAYS: Final = 20
FLOOD_START: Final = datetime.date(2024, 9, 1)
FLOOD_END: Final = datetime.date(2024, 11, 30)


def thb(number: Decimal | int) -> str:
    return f"{Decimal(number):.2f} THB"


def moratorium_text(
    m: Moratorium, applies_to: str, follows: str | None = None, *, lender: str | None = None
) -> str:
    """The ``custom "moratorium"`` directive of ``m`` (copying the dates of ``follows``; or,
    given the ``lender``'s moratorium it records, naming it with ``follows:`` and setting
    its own dates, as a fund records its lender's)."""
    lines = [f'{m.declared} custom "moratorium" "{m.title}"']
    if lender is not None:
        lines.append(f'  follows: "{lender}"')
    if follows is None:
        lines += [f"  start: {m.start}", f"  end: {m.end}"]
    else:
        lines.append(f'  follows: "{follows}"')
    lines.append(f'  applies-to: "{applies_to}"')
    if follows is None:
        lines += [f'  defer: "{m.defer}"', f'  interest: "{m.interest}"']
    lines.append(f'  resolution: "{m.resolution}"')
    return "\n".join(lines)


def flood(
    title: str,
    *,
    declared: datetime.date,
    scope: Literal["all", "borrowings", "villages"],
    targets: tuple[str, ...],
    defer: Literal["principal", "principal-and-interest"],
    interest: Literal["waived", "deferred", "accrues"],
    resolution: str,
) -> Moratorium:
    """The model of a flood moratorium the demo declares (its text: :func:`moratorium_text`)."""
    return Moratorium(
        title,
        declared,
        FLOOD_START,
        FLOOD_END,
        scope,
        targets,
        defer,
        interest,
        resolution,
        MappingProxyType({}),
    )


@dataclass
class LoanWriter:
    """Writes loans and their repayments into a demo book (``add(day, text)``)."""

    add: Callable[[datetime.date, str], None]
    end: datetime.date
    fine: Decimal = Decimal(0)
    late_rate: Decimal = Decimal(0)
    #: day -> cash received in repayments (banked the same day)
    cash: dict[datetime.date, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def disburse(
        self,
        *,
        loan: str,
        payee: str,
        account: str,
        terms: Terms,
        day: datetime.date,
        approved: str,
        guarantors: Sequence[str] = (),
        borrowing: bool = False,
    ) -> None:
        lines = [
            f'{day} * "{payee}" "{"เงินกู้จากแหล่งทุน" if borrowing else "จ่ายเงินกู้สมาชิก"}"',
            f'  loan: "{loan}"',
            f"  rate: {terms.rate}",
            f'  method: "{terms.method}"',
            f"  installments: {terms.installments}",
            f"  first-due: {terms.first_due}",
        ]
        if guarantors:
            lines.append(f'  guarantors: "{" ".join(guarantors)}"')
        lines.append(f'  approved: "{approved}"')
        if borrowing:
            lines += [
                f"  Assets:Bank  {thb(terms.principal)}",
                f"  {account}  {thb(-terms.principal)}",
            ]
        else:
            lines += [
                f"  {account}  {thb(terms.principal)}",
                f"  Assets:Bank  {thb(-terms.principal)}",
            ]
        self.add(day, "\n".join(lines))

    def repay(
        self,
        *,
        loan: str,
        payee: str,
        account: str,
        terms: Terms,
        moratoria: Sequence[Moratorium],
        behaviour: Behaviour,
        rng: random.Random,
        borrowing: bool = False,
    ) -> None:
        """Write the repayments of a loan up to the end of the demo, as ``behaviour`` says."""
        schedule = build_schedule(terms)
        for moratorium in moratoria:
            schedule = apply_moratorium(schedule, terms, moratorium)
        rows = [row for row in schedule if row.due <= self.end]
        stop = len(rows)
        if behaviour == "early" and rows:
            stop = rng.randrange(max(1, len(rows) // 3), len(rows) + 1)
        elif behaviour == "default" and rows:
            stop = len(rows) - rng.randint(1, min(len(rows), 6))  # stops 1 to 6 months back
        paid = Decimal(0)
        for index, row in enumerate(rows[:stop]):
            if behaviour == "early" and index == stop - 1 and index < len(schedule) - 1:
                principal = terms.principal - paid
                self._payment(
                    loan=loan,
                    payee=payee,
                    account=account,
                    row=row,
                    principal=principal,
                    charge=Decimal(0),
                    label="ปิดบัญชีก่อนกำหนด",
                    borrowing=borrowing,
                    day=row.due,
                )
                return
            day, charge = row.due, Decimal(0)
            covered = any(m.covers_day(row.due + datetime.timedelta(LATE_DAYS)) for m in moratoria)
            if behaviour == "late" and index % 3 == 1 and not covered:
                day = row.due + datetime.timedelta(days=LATE_DAYS)
                charge = self.fine + late_interest(row.principal, self.late_rate, LATE_DAYS)
                if day > self.end:
                    return
            label = f"ชำระงวดที่ {row.number}" + (" (ล่าช้า)" if charge else "")
            self._payment(
                loan=loan,
                payee=payee,
                account=account,
                row=row,
                principal=row.principal,
                charge=charge,
                label=label,
                borrowing=borrowing,
                day=day,
            )
            paid += row.principal

    def _payment(
        self,
        *,
        loan: str,
        payee: str,
        account: str,
        row: Installment,
        principal: Decimal,
        charge: Decimal,
        label: str,
        borrowing: bool,
        day: datetime.date,
    ) -> None:
        total = principal + row.interest + charge
        lines = [f'{day} * "{payee}" "{label}"', f'  loan: "{loan}"']
        if borrowing:
            lines.append(f"  {account}  {thb(principal)}")
            if row.interest:
                lines.append(f"  Expenses:Interest:Borrowings  {thb(row.interest)}")
            lines.append(f"  Assets:Bank  {thb(-total)}")
        else:
            lines.append(f"  Assets:Cash  {thb(total)}")
            if principal:
                lines.append(f"  {account}  {thb(-principal)}")
            if row.interest:
                lines.append(f"  Income:Interest:Loans  {thb(-row.interest)}")
            if charge:
                lines.append(f"  Income:Fines  {thb(-charge)}")
            self.cash[day] += total
        self.add(day, "\n".join(lines))

    def bank_the_cash(self) -> None:
        for day, amount in sorted(self.cash.items()):
            self.add(
                day,
                f'{day} * "นำเงินชำระหนี้ฝากธนาคาร"\n'
                f"  Assets:Bank  {thb(amount)}\n  Assets:Cash  {thb(-amount)}",
            )


def behaviour_of(rng: random.Random) -> Behaviour:
    roll = rng.random()
    if roll < 0.65:
        return "on-time"
    if roll < 0.80:
        return "late"
    if roll < 0.92:
        return "early"
    return "default"


def resolution(day: datetime.date, number: int) -> str:
    return f"มติกรรมการ ครั้งที่ {number}/{be_year(day)}"


def member_terms(
    amount: Decimal, rate: Decimal, count: int, first: datetime.date, method: Method = "declining"
) -> Terms:
    return Terms(amount, rate, method, count, first)


class PersonLike(Protocol):
    """What the demo knows of a member (``kongtun.ledger.demo.Person``)."""

    id: str
    name: str
    village: str
    joined: datetime.date
    exits: datetime.date | None


def covering(
    moratoria: Sequence[Moratorium],
    *,
    loan: str,
    kind: str,
    person: str,
    village: str,
    day: datetime.date,
) -> list[Moratorium]:
    return [
        m
        for m in moratoria
        if m.applies(loan=loan, kind=kind, party=person, village=village, disbursed=day)
    ]


#: The savings group's loan rules (written into its rules directive).
SAVINGS_GROUP_RULES: Final = (
    "  loan-max-multiple: 3\n  loan-max-amount: 50000 THB\n  loan-rate-max: 12\n"
    "  guarantors-above: 20000 THB\n  guarantors-min: 2\n  loans-max-open: 1\n"
    "  fine-late-installment: 20 THB\n  late-interest-rate: 5"
)
SAVINGS_GROUP_FLOOD: Final = flood(
    "น้ำท่วม 2567 หมู่ 2 และหมู่ 5",
    declared=datetime.date(2024, 9, 10),
    scope="villages",
    targets=("หมู่ 2", "หมู่ 5"),
    defer="principal",
    interest="accrues",
    resolution="มติกรรมการ ครั้งที่ 9/2567 (10 ก.ย. 2567)",
)


#: the last collection day on which the demo savings group lends
LEND_UNTIL: Final = datetime.date(2024, 10, 31)


@dataclass
class SavingsGroupLending:
    """Lends to members on collection days, within the savings group's rules."""

    rng: random.Random
    writer: LoanWriter
    borrowed: set[str] = field(default_factory=set)
    count: int = 0
    #: the first collection day on which the group lends
    lend_from: datetime.date = datetime.date(2022, 6, 1)
    #: loans a collection day are a few times this (a larger group lends more)
    size: int = 1

    def declare(self) -> None:
        m = SAVINGS_GROUP_FLOOD
        self.writer.add(m.declared, moratorium_text(m, "villages หมู่ 2, หมู่ 5"))

    def collection_day(
        self,
        day: datetime.date,
        people: Sequence[PersonLike],
        held: Callable[[str], Decimal],
        next_due: datetime.date,
    ) -> None:
        if not self.lend_from <= day <= LEND_UNTIL:
            return
        settled = [
            p for p in people if p.exits is None and p.joined <= day - datetime.timedelta(days=180)
        ]
        eligible = [p for p in settled if p.id not in self.borrowed]
        count = self.rng.choice((0, 1, 1, 2)) * self.size
        for person in self.rng.sample(eligible, min(len(eligible), count)):
            self.lend(person, day, settled, held, next_due)

    def lend(
        self,
        person: PersonLike,
        day: datetime.date,
        settled: Sequence[PersonLike],
        held: Callable[[str], Decimal],
        next_due: datetime.date,
    ) -> None:
        """One member's loan (within 3 × what they hold, at most 50,000) and its repayments."""
        ceiling = min(int(held(person.id) * 3) // 1000, 50)
        if ceiling < 2:
            return
        amount = Decimal(self.rng.randint(2, ceiling) * 1000)
        guarantors: list[str] = []
        if amount > 20000:
            others = [p.id for p in settled if p.id != person.id]
            guarantors = sorted(self.rng.sample(others, 2))
        flat = self.rng.random() < 0.1
        terms = Terms(
            amount,
            Decimal("7.2") if flat else Decimal(12),
            "flat" if flat else "declining",
            self.rng.choice((6, 10, 12, 12, 18, 24)),
            next_due,
        )
        self.count += 1
        loan = f"L{be_year(day)}-{self.count:03d}"
        self.borrowed.add(person.id)
        account = f"Assets:Loans:{person.id}"
        self.writer.disburse(
            loan=loan,
            payee=person.name,
            account=account,
            terms=terms,
            day=day,
            approved=resolution(day, day.month),
            guarantors=guarantors,
        )
        self.writer.repay(
            loan=loan,
            payee=person.name,
            account=account,
            terms=terms,
            moratoria=covering(
                [SAVINGS_GROUP_FLOOD],
                loan=loan,
                kind="member",
                person=person.id,
                village=person.village,
                day=day,
            ),
            behaviour=behaviour_of(self.rng),
            rng=self.rng,
        )


#: The revolving fund's loan rules.
REVOLVING_FUND_RULES: Final = (
    "  loan-max-amount: 60000 THB\n  loan-rate-max: 6\n  loans-max-open: 1\n"
    "  fine-late-installment: 50 THB\n  late-interest-rate: 5"
)
CODI_FLOOD: Final = flood(
    "พอช. พักชำระหนี้น้ำท่วม 2567",
    declared=datetime.date(2024, 9, 20),
    scope="borrowings",
    targets=("CODI",),
    defer="principal-and-interest",
    interest="waived",
    resolution="มติคณะกรรมการ พอช. ครั้งที่ 10/2567 (20 ก.ย. 2567)",
)
PASSED_ON: Final = flood(
    "ส่งต่อการพักชำระหนี้ พอช. แก่สมาชิก",
    declared=datetime.date(2024, 9, 25),
    scope="all",
    targets=(),
    defer="principal-and-interest",
    interest="waived",
    resolution="มติกรรมการกองทุน ครั้งที่ 9/2567 (25 ก.ย. 2567)",
)


#: the revolving fund's borrowing from CODI (the lender's books have it too: generators/lender.py)
CODI_LOAN: Final = "CODI-2565-007"
CODI_LENT: Final = datetime.date(2022, 3, 15)
CODI_CONTRACT: Final = "สัญญาเงินกู้ พอช. เลขที่ 007/2565"


def codi_loan(
    rng: random.Random, founders: Sequence[PersonLike]
) -> tuple[list[PersonLike], list[Decimal], Terms]:
    """The members who borrow for their houses, their amounts, and the terms of the fund's
    borrowing from CODI (their sum, 4 % a year over 15 years)."""
    borrowers = sorted(rng.sample(list(founders), min(len(founders), 30)), key=lambda p: p.id)
    amounts = [Decimal(rng.choice((40000, 45000, 50000, 55000, 60000))) for _ in borrowers]
    codi = Terms(sum(amounts, Decimal(0)), Decimal(4), "declining", 180, datetime.date(2022, 4, 15))
    return borrowers, amounts, codi


def revolving_fund_loans(
    add: Callable[[datetime.date, str], None],
    rng: random.Random,
    founders: Sequence[PersonLike],
    end: datetime.date,
) -> None:
    """CODI lends to the fund in March 2022; the fund on-lends to founding members for their
    houses; the 2024 flood moratorium of CODI is passed on to the members."""
    writer = LoanWriter(add, end, fine=Decimal(50), late_rate=Decimal(5))
    lent = datetime.date(2022, 3, 20)
    borrowers, amounts, codi = codi_loan(rng, founders)
    writer.disburse(
        loan=CODI_LOAN,
        payee="พอช.",
        account="Liabilities:Loans:CODI",
        terms=codi,
        day=CODI_LENT,
        approved=CODI_CONTRACT,
        borrowing=True,
    )
    writer.repay(
        loan=CODI_LOAN,
        payee="พอช.",
        account="Liabilities:Loans:CODI",
        terms=codi,
        moratoria=[CODI_FLOOD],
        behaviour="on-time",
        rng=rng,
        borrowing=True,
    )
    add(
        CODI_FLOOD.declared,
        moratorium_text(CODI_FLOOD, "borrowings CODI", lender=CODI_FLOOD.resolution),
    )
    add(PASSED_ON.declared, moratorium_text(PASSED_ON, "all", CODI_FLOOD.title))
    for number, (person, amount) in enumerate(zip(borrowers, amounts, strict=True), start=1):
        loan = f"H2565-{number:03d}"
        terms = Terms(amount, Decimal(6), "declining", 120, datetime.date(2022, 4, 5))
        account = f"Assets:Loans:{person.id}"
        writer.disburse(
            loan=loan,
            payee=person.name,
            account=account,
            terms=terms,
            day=lent,
            approved="มติกรรมการกองทุน ครั้งที่ 3/2565",
        )
        writer.repay(
            loan=loan,
            payee=person.name,
            account=account,
            terms=terms,
            moratoria=[PASSED_ON],
            behaviour=behaviour_of(rng),
            rng=rng,
        )
    writer.bank_the_cash()
