"""A lender's demo books: CODI's northern regional office, which lends to organisations.

:func:`lender_book` writes ``custom "fund" "lender"`` books whose borrowers are
organisations (its "members", each with its ``province:``), each loan disbursed and repaid
as the organisation's own books say, and the board's flood moratorium by province (board
resolution 10/2567: principal and interest suspended three months for organisations in the
listed provinces). Given the demo revolving fund (``borrowers``: its id, name, province and
its CODI loan), the lender's books hold that loan exactly as the fund's books do, so
``kongtun reconcile`` finds them in agreement. Other organisations make a portfolio: most pay
on time, one stopped paying (its principal is at risk).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from kongtun.generators.loans import (
    CODI_CONTRACT,
    CODI_FLOOD,
    CODI_LENT,
    CODI_LOAN,
    codi_loan,
    moratorium_text,
    thb,
)
from kongtun.generators.savings import END, revolving_members
from kongtun.ledger.loans.moratorium import Moratorium, apply_moratorium
from kongtun.ledger.loans.schedule import Terms, build_schedule

#: what the lender is called in its borrowers' books (Liabilities:Loans:CODI)
CODE: Final = "CODI"
START: Final = datetime.date(2022, 1, 1)
HEADER: Final = "; Sample books written by `kongtun demo` (seed {seed}). Synthetic organisations.\n"
FLOOD_PROVINCES: Final = ("เชียงราย", "พะเยา", "น่าน")


@dataclass(frozen=True)
class Borrower:
    """An organisation the lender lends to, and its loan."""

    id: str
    name: str
    province: str
    loan: str
    lent: datetime.date
    terms: Terms
    contract: str
    #: the instalments it paid before it stopped (None: it pays every one)
    stops_after: int | None = None


def other_borrowers(rng: random.Random) -> list[Borrower]:
    """A few more organisations of the north, one of which stopped paying."""
    places = (
        ("PHAYAO-1", "กลุ่มออมทรัพย์บ้านแม่ต๋ำ", "พะเยา"),
        ("NAN-1", "กองทุนหมุนเวียนบ้านดอนแก้ว", "น่าน"),
        ("CM-1", "สหกรณ์บ้านมั่นคงช้างคลาน", "เชียงใหม่"),
        ("LAMPANG-1", "กลุ่มออมทรัพย์บ้านป่าตัน", "ลำปาง"),
    )
    found = []
    for number, (org, name, province) in enumerate(places, start=8):
        lent = datetime.date(2022, rng.randint(4, 9), 10)
        principal = Decimal(rng.choice((300000, 500000, 800000, 1000000)))
        first = lent.replace(month=lent.month + 1, day=15)
        terms = Terms(principal, Decimal(4), "declining", 120, first)
        stops = 20 if org == "LAMPANG-1" else None
        found.append(
            Borrower(
                org,
                name,
                province,
                f"CODI-2565-{number:03d}",
                lent,
                terms,
                f"สัญญาเงินกู้ พอช. เลขที่ {number:03d}/2565",
                stops,
            )
        )
    return found


def _loan_lines(
    borrower: Borrower,
    moratoria: Sequence[Moratorium],
    end: datetime.date,
    provinces: Sequence[str],
) -> list[tuple[datetime.date, str]]:
    terms = borrower.terms
    lines = [
        (
            borrower.lent,
            f'{borrower.lent} * "{borrower.name}" "ให้กู้"\n'
            f'  loan: "{borrower.loan}"\n  rate: {terms.rate}\n  method: "{terms.method}"\n'
            f"  installments: {terms.installments}\n  first-due: {terms.first_due}\n"
            f'  approved: "{borrower.contract}"\n'
            f"  Assets:Loans:{borrower.id}  {thb(terms.principal)}\n"
            f"  Assets:Bank  {thb(-terms.principal)}",
        )
    ]
    schedule = build_schedule(terms)
    for moratorium in moratoria:
        if borrower.province in provinces and borrower.lent < moratorium.start:
            schedule = apply_moratorium(schedule, terms, moratorium)
    rows = [row for row in schedule if row.due <= end]
    if borrower.stops_after is not None:
        rows = rows[: borrower.stops_after]
    for row in rows:
        text = [
            f'{row.due} * "{borrower.name}" "รับชำระงวดที่ {row.number}"',
            f'  loan: "{borrower.loan}"',
            f"  Assets:Bank  {thb(row.principal + row.interest)}",
        ]
        if row.principal:
            text.append(f"  Assets:Loans:{borrower.id}  {thb(-row.principal)}")
        if row.interest:
            text.append(f"  Income:Interest:Loans  {thb(-row.interest)}")
        lines.append((row.due, "\n".join(text)))
    return lines


def lender_book(
    seed: int,
    borrowers: Sequence[Borrower],
    moratorium: Moratorium,
    end: datetime.date,
    *,
    provinces: Sequence[str] = FLOOD_PROVINCES,
    others: bool = True,
    header: str | None = None,
) -> str:
    """The lender's books: ``borrowers`` (and, with ``others``, a few more organisations of
    the north), their loans and repayments to ``end``, and ``moratorium`` declared for the
    organisations in ``provinces``."""
    rng = random.Random(f"lender:{seed}")
    everyone = [*borrowers, *(other_borrowers(rng) if others else [])]
    head = [
        (header or HEADER.format(seed=seed)).rstrip("\n"),
        'option "title" "CODI Northern Regional Office (loans to organisations)"',
        'option "operating_currency" "THB"',
        'plugin "kongtun.plugins.fund"',
        f'{START} custom "fava-extension" "kongtun.plugins.fava"',
        f'{START} custom "fund" "lender"\n  name: "สำนักงานภาคเหนือ สถาบันพัฒนาองค์กรชุมชน (พอช.)"\n'
        f'  code: "{CODE}"\n  province: "เชียงใหม่"',
    ]
    for one in everyone:
        head.append(
            f'{START} custom "member" "{one.id}" "{one.name}"\n  province: "{one.province}"'
        )
    capital = sum((one.terms.principal for one in everyone), Decimal(0))
    head.append(
        f'{START} * "ทุนหมุนเวียนสินเชื่อ"\n  Assets:Bank  {thb(capital)}\n'
        f"  Equity:Opening  {thb(-capital)}"
    )
    dated: list[tuple[datetime.date, str]] = []
    for one in everyone:
        dated.extend(_loan_lines(one, [moratorium], end, provinces))
    applies = "provinces " + ", ".join(provinces)
    dated.append((moratorium.declared, moratorium_text(moratorium, applies)))
    dated.sort(key=lambda pair: pair[0])
    body = [text for _, text in dated]
    return "\n".join(head[:4]) + "\n\n" + "\n\n".join([*head[4:], *body]) + "\n"


def revolving_borrower(seed: int, org: str, name: str, province: str, loan: str) -> Borrower:
    """The demo revolving fund of ``seed`` (see :func:`kongtun.generators.savings.revolving_fund`)
    as its lender sees it: its borrowing from CODI, as ``org`` in ``province``."""
    members = revolving_members(random.Random(f"revolving-fund:{seed}"))
    founders = [person for person in members if person.joined == START]
    _, _, terms = codi_loan(random.Random(f"revolving-fund-loans:{seed}"), founders)
    return Borrower(org, name, province, loan, CODI_LENT, terms, CODI_CONTRACT)


def codi_north(seed: int) -> str:
    """CODI's northern office's books, with the demo revolving fund's borrowing in them."""
    fund = revolving_borrower(
        seed, "RIMKHLONG", "กองทุนหมุนเวียนบ้านมั่นคงชุมชนริมคลอง", "เชียงราย", CODI_LOAN
    )
    return lender_book(seed, [fund], CODI_FLOOD, END)
