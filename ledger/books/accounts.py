"""The chart of accounts of each fund kind, and the accounts each member gets.

Account names are ASCII (Beancount rejects Thai in account names); the Thai name of each
account is in its ``name:`` metadata and in :data:`CHART`. A member's accounts end with the
member id: ``Liabilities:Savings:M0001``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal

from kongtun.ledger.i18n import N_
from kongtun.ledger.record import record

if TYPE_CHECKING:
    from kongtun.ledger.messages import SuspenseWarning

FundKind = Literal["savings-group", "welfare-fund", "revolving-fund", "lender"]
FUND_KINDS: Final[tuple[FundKind, ...]] = (
    "savings-group",
    "welfare-fund",
    "revolving-fund",
    "lender",
)
KIND_LABELS: Final[dict[FundKind, str]] = {
    "savings-group": N_("savings group"),
    "welfare-fund": N_("community welfare fund"),
    "revolving-fund": N_("revolving fund"),
    "lender": N_("lender to organisations"),
}

#: A member id: a capital letter, then capital letters, digits or '-', at most 20 characters.
MEMBER_ID: Final = re.compile(r"[A-Z][A-Z0-9-]{0,19}")

MemberAccountType = Literal["savings", "shares", "loans", "contributions"]


@record
class MemberAccountKind:
    """One kind of account every member of a fund has."""

    type: MemberAccountType
    parent: str
    name_th: str
    name_en: str
    #: The member's claim is the negated balance (savings owed to the member, shares held).
    credit: bool
    #: Must be zero when the member leaves (balance-sheet accounts).
    settle_on_exit: bool


MEMBER_ACCOUNT_KINDS: Final[dict[MemberAccountType, MemberAccountKind]] = {
    "savings": MemberAccountKind(
        "savings",
        "Liabilities:Savings",
        "เงินสัจจะสะสมของสมาชิก",
        "members' committed savings",
        credit=True,
        settle_on_exit=True,
    ),
    "shares": MemberAccountKind(
        "shares",
        "Equity:Shares",
        "ทุนเรือนหุ้นของสมาชิก",
        "members' shares",
        credit=True,
        settle_on_exit=True,
    ),
    "loans": MemberAccountKind(
        "loans",
        "Assets:Loans",
        "ลูกหนี้เงินกู้สมาชิก",
        "loans to members",
        credit=False,
        settle_on_exit=True,
    ),
    "contributions": MemberAccountKind(
        "contributions",
        "Income:Contributions",
        "เงินสมทบจากสมาชิก (สัจจะวันละบาท)",
        "members' contributions",
        credit=True,
        settle_on_exit=False,
    ),
}

MEMBER_ACCOUNT_LABELS: Final[dict[MemberAccountType, str]] = {
    "savings": N_("Savings"),
    "shares": N_("Shares"),
    "loans": N_("Loans owed"),
    "contributions": N_("Contributions"),
}

MEMBER_ACCOUNTS_BY_KIND: Final[dict[FundKind, tuple[MemberAccountType, ...]]] = {
    "savings-group": ("savings", "shares", "loans"),
    "welfare-fund": ("contributions",),
    "revolving-fund": ("savings", "loans"),
    #: a lender's "members" are the organisations it lends to (docs/network.md)
    "lender": ("loans",),
}

#: parent account -> member account type, for every kind (a posting is a member posting when
#: its account is one of these parents plus one more component).
MEMBER_PARENTS: Final[dict[str, MemberAccountType]] = {
    kind.parent: kind.type for kind in MEMBER_ACCOUNT_KINDS.values()
}


@record
class ChartAccount:
    """An account the fund's books open on the fund's date."""

    account: str
    name_th: str
    name_en: str
    kinds: tuple[FundKind, ...]


ALL: Final = FUND_KINDS
CHART: Final[tuple[ChartAccount, ...]] = (
    ChartAccount("Assets:Cash", "เงินสด", "cash in hand", ALL),
    ChartAccount("Assets:Bank", "เงินฝากธนาคาร", "money in the bank", ALL),
    ChartAccount("Equity:Opening", "ทุนยกมา", "opening balances", ALL),
    ChartAccount("Income:Interest:Bank", "ดอกเบี้ยเงินฝากธนาคาร", "bank interest", ALL),
    ChartAccount("Income:Fees:Entrance", "ค่าธรรมเนียมแรกเข้า", "entrance fees", ALL),
    ChartAccount("Income:Donations", "เงินบริจาค", "donations", ALL),
    ChartAccount("Expenses:Admin", "ค่าใช้จ่ายในการบริหาร", "administration costs", ALL),
    ChartAccount(
        "Income:Interest:Loans",
        "ดอกเบี้ยเงินกู้จากสมาชิก",
        "interest on member loans",
        ("savings-group", "revolving-fund", "lender"),
    ),
    ChartAccount(
        "Income:Fines",
        "ค่าปรับชำระล่าช้า",
        "late charges",
        ("savings-group", "revolving-fund", "lender"),
    ),
    ChartAccount(
        "Assets:Allowance:Loans",
        "ค่าเผื่อหนี้สงสัยจะสูญ",
        "allowance for doubtful loans",
        ("savings-group", "revolving-fund"),
    ),
    ChartAccount(
        "Expenses:BadDebts",
        "หนี้สงสัยจะสูญและหนี้สูญ",
        "doubtful and bad loans",
        ("savings-group", "revolving-fund"),
    ),
    ChartAccount(
        "Income:Recoveries",
        "หนี้สูญได้รับคืน",
        "bad loans recovered",
        ("savings-group", "revolving-fund"),
    ),
    ChartAccount(
        "Income:Matching:State",
        "เงินสมทบจากรัฐ (ผ่าน พอช.)",
        "state matching money (via CODI)",
        ("welfare-fund",),
    ),
    ChartAccount(
        "Income:Matching:LocalGov",
        "เงินสมทบจากองค์กรปกครองส่วนท้องถิ่น",
        "local government matching money",
        ("welfare-fund",),
    ),
    ChartAccount(
        "Expenses:Welfare", "จ่ายสวัสดิการแก่สมาชิก", "welfare benefits paid", ("welfare-fund",)
    ),
    ChartAccount(
        "Expenses:Interest:Borrowings",
        "ดอกเบี้ยจ่ายเงินกู้จากแหล่งทุน",
        "interest paid on borrowings",
        ("revolving-fund",),
    ),
)


def chart_for(kind: FundKind) -> tuple[ChartAccount, ...]:
    """The accounts a fund of ``kind`` opens on its date."""
    return tuple(account for account in CHART if kind in account.kinds)


def member_account(kind: MemberAccountType, member: str) -> str:
    """``Liabilities:Savings:M0001`` for (savings, M0001)."""
    return f"{MEMBER_ACCOUNT_KINDS[kind].parent}:{member}"


def split_member_account(account: str) -> tuple[MemberAccountType, str] | None:
    """(type, member id) when ``account`` is a member's account, else None."""
    parent, _, last = account.rpartition(":")
    kind = MEMBER_PARENTS.get(parent)
    if kind is None:
        return None
    return kind, last


#: Where an imported bank line goes when no rule says what it is (รายการรอตรวจสอบ).
SUSPENSE: Final = "Assets:Suspense"


@record
class Suspense:
    """What is in :data:`SUSPENSE` (and below it): how many postings, their balance, and the
    sum of their amounts whatever their sign (``gross``)."""

    count: int
    balance: Decimal
    gross: Decimal


def suspense_held(entries: Iterable[object]) -> Suspense:
    """The postings to :data:`SUSPENSE` in ``entries`` (transactions), and their balance."""
    count, balance, gross = 0, Decimal(0), Decimal(0)
    for entry in entries:
        for posting in getattr(entry, "postings", None) or ():
            account = posting.account
            if (account == SUSPENSE or account.startswith(SUSPENSE + ":")) and posting.units:
                count += 1
                balance += posting.units.number or 0
                gross += abs(posting.units.number or 0)
    return Suspense(count, balance, gross)


def may_hold_suspense(posted: Iterable[str] | None) -> bool:
    """Whether the books may post to :data:`SUSPENSE` or below it, from every account their
    transactions post to (``Fund.posted``; None when not known: they may)."""
    prefix = SUSPENSE + ":"
    return posted is None or any(a == SUSPENSE or a.startswith(prefix) for a in posted)


def suspense_warning(
    entries: Iterable[object], currency: str, posted: Iterable[str] | None = None
) -> SuspenseWarning | None:
    """The warning while :data:`SUSPENSE` holds money, or None when it is back to zero
    (``posted``: every account the books post to, when known: no walk when none is under
    :data:`SUSPENSE`)."""
    held = suspense_held(entries if may_hold_suspense(posted) else ())
    if not held.balance:
        return None
    # the words are imported by the loads that have something to say (docs/performance.md)
    from kongtun.ledger.messages import SuspenseWarning  # noqa: PLC0415

    return SuspenseWarning(SUSPENSE, held.balance, currency)
