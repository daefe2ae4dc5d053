"""Loans that go wrong, in the demo savings group: one restructured, one written off.

Two of the demo's defaulted loans (borrowers who stopped paying; those no moratorium covers,
the first by id) are taken further, as a committee would:

- the first is restructured on 15 October 2024 (``custom "loan-restructure"``): the interest
  unpaid that day is capitalised by a transaction of the same day, the principal outstanding
  is repaid over 12 instalments at 6 % a year after one month of grace, and the borrower pays
  the new instalments on their days;
- of the one owing least of the others, 300 THB (all, if it owes less) is written off on
  10 December 2024 against ``Expenses:BadDebts`` (the allowance is set aside only at the year
  end, :mod:`kongtun.generators.provisions`), and a
  fifth of that is recovered on 25 December 2024 — small enough that the year's thin surplus
  still pays what the rules give.

The first member loan of 2024 is marked as paying off an outside debt (a daily moneylender at
120 % a year: ``outside-creditor:`` and ``outside-rate:`` on its disbursement).

The figures come from kongtun's own model of the books written so far, so ``kongtun check``
stays clean; the year end, written after this, sees the bad debt and the recovery.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Final

from kongtun.ledger.loans.book import Loan
from kongtun.ledger.loans.restructure import Restructuring, restructured_schedule

RESTRUCTURED_ON: Final = datetime.date(2024, 10, 15)
WRITTEN_OFF_ON: Final = datetime.date(2024, 12, 10)
RECOVERED_ON: Final = datetime.date(2024, 12, 25)
END: Final = datetime.date(2024, 12, 31)
WRITTEN_OFF: Final = Decimal(300)
OUTSIDE_CREDITOR: Final = "นายทุนนอกระบบ (เงินกู้รายวัน)"
OUTSIDE_RATE: Final = Decimal(120)


def thb(number: Decimal) -> str:
    return f"{number:.2f} THB"


def _defaulted(loans: tuple[Loan, ...]) -> list[Loan]:
    """Member loans owing at the end with two instalments or more overdue on 15 October,
    covered by no moratorium and never restructured, by id."""
    found = []
    for loan in loans:
        if loan.kind != "member" or loan.moratoria or loan.restructurings:
            continue
        state = loan.state(RESTRUCTURED_ON)
        if state.overdue_installments >= 2 and state.outstanding > 0:
            found.append(loan)
    return sorted(found, key=lambda loan: loan.id)


def restructure_lines(loan: Loan, add: Callable[[datetime.date, str], None]) -> None:
    """Restructure ``loan`` on :data:`RESTRUCTURED_ON` and pay its new instalments."""
    day = RESTRUCTURED_ON
    state = loan.state(day)
    capitalised = state.interest_due
    add(
        day,
        f'{day} custom "loan-restructure" "{loan.id}"\n  installments: 12\n  rate: 6\n'
        '  grace-months: 1\n  overdue-interest: "capitalise"\n'
        '  approved: "มติกรรมการ ครั้งที่ 10/2567 (ปรับโครงสร้างหนี้)"',
    )
    if capitalised:
        add(
            day,
            f'{day} * "{loan.party}" "ปรับโครงสร้างหนี้ ทบดอกเบี้ยค้างเข้าเงินต้น"\n'
            f'  loan: "{loan.id}"\n  {loan.account}  {thb(capitalised)}\n'
            f"  Income:Interest:Loans  {thb(-capitalised)}",
        )
    restructuring = Restructuring(loan.id, day, 12, Decimal(6), 1, "capitalise", "", {})
    rows = restructured_schedule(loan.terms, restructuring, state.outstanding + capitalised)
    for row in rows:
        if row.due > END:
            break
        lines = [
            f'{row.due} * "{loan.party}" "ชำระงวดที่ {row.number} (หลังปรับโครงสร้างหนี้)"',
            f'  loan: "{loan.id}"',
            f"  Assets:Bank  {thb(row.amount)}",
        ]
        if row.principal:
            lines.append(f"  {loan.account}  {thb(-row.principal)}")
        lines.append(f"  Income:Interest:Loans  {thb(-row.interest)}")
        add(row.due, "\n".join(lines))


def write_off_lines(loan: Loan, add: Callable[[datetime.date, str], None]) -> None:
    """Write :data:`WRITTEN_OFF` of ``loan`` off on :data:`WRITTEN_OFF_ON` (all of it when it
    owes less), and recover a fifth of that."""
    day = WRITTEN_OFF_ON
    owed = min(loan.state(day).outstanding, WRITTEN_OFF)
    add(
        day,
        f'{day} * "{loan.party}" "ตัดหนี้สูญ {loan.id}"\n  loan: "{loan.id}"\n'
        '  approved: "มติกรรมการ ครั้งที่ 12/2567 (ตัดหนี้สูญ)"\n'
        f"  Expenses:BadDebts  {thb(owed)}\n  {loan.account}  {thb(-owed)}",
    )
    recovered = (owed / 5).quantize(Decimal("0.01"))
    add(
        RECOVERED_ON,
        f'{RECOVERED_ON} * "{loan.party}" "รับคืนหนี้สูญ {loan.id}"\n  loan: "{loan.id}"\n'
        f"  Assets:Bank  {thb(recovered)}\n  Income:Recoveries  {thb(-recovered)}",
    )


def refinance_lines(loans: list[Loan], dated: list[tuple[datetime.date, int, str]]) -> None:
    """Mark the first member loan of 2024 (by date and id) among ``loans`` as paying off an
    outside creditor: its disbursement's text in ``dated`` gains the creditor and rate."""
    chosen = min(
        (loan for loan in loans if loan.kind == "member" and loan.date.year == END.year),
        key=lambda loan: (loan.date, loan.id),
        default=None,
    )
    if chosen is None:
        return
    for index, (day, order, text) in enumerate(dated):
        if day == chosen.date and f'loan: "{chosen.id}"' in text and "  rate: " in text:
            head, approved, rest = text.partition("  approved: ")
            line, _, postings = rest.partition("\n")
            extra = f'\n  outside-creditor: "{OUTSIDE_CREDITOR}"\n  outside-rate: {OUTSIDE_RATE}'
            dated[index] = (day, order, head + approved + line + extra + "\n" + postings)
            return


def add_troubled_loans(
    text: str,
    add: Callable[[datetime.date, str], None],
    dated: list[tuple[datetime.date, int, str]],
) -> None:
    """Restructure one defaulted loan of the books ``text`` and write another off (``add``);
    mark one loan of 2024 as refinancing an outside debt (in ``dated``, the book's lines)."""
    # imported here: only the demo books need a model of themselves
    from beancount import loader  # noqa: PLC0415 - lazy

    from kongtun.ledger.model import loaded_books  # noqa: PLC0415 - lazy

    entries, _, options = loader.load_string(text)
    loans = loaded_books(entries, options).loans.loans
    defaulted = _defaulted(loans)
    refinance_lines([loan for loan in loans if loan not in defaulted[:1]], dated)
    if len(defaulted) >= 2:
        restructure_lines(defaulted[0], add)
        smallest = min(
            defaulted[1:], key=lambda loan: (loan.state(WRITTEN_OFF_ON).outstanding, loan.id)
        )
        write_off_lines(smallest, add)
