"""A provincial network's grant books, from the articles: 102 tambon project grants of CODI's
quality-of-life programme (2565) adding up to 8,688,849 baht, spent by budget line, with a
budget transfer, a late voucher, a budget line declared late, one grant converted to a
revolving fund, and planted problems that ``kongtun check`` finds exactly (:data:`PLANTED`).
``kongtun demo DIR --grant-network`` writes it (docs/grants.md); the sample books of
``kongtun demo`` stay clean without it.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Final

from kongtun.generators.savings import HEADER

#: the file ``kongtun demo DIR --grant-network`` writes
NETWORK_FILE: Final = "grant-network.beancount"
#: the figures of the articles: one region's approvals in 2565
GRANTS: Final = 102
TOTAL: Final = Decimal(8_688_849)
PROVINCES: Final = (
    ("สงขลา", ("หาดใหญ่", "สะเดา", "จะนะ", "รัตภูมิ")),
    ("พัทลุง", ("เมืองพัทลุง", "ควนขนุน", "ป่าบอน")),
    ("ตรัง", ("เมืองตรัง", "กันตัง", "ย่านตาขาว")),
    ("สตูล", ("เมืองสตูล", "ละงู")),
    ("นครศรีธรรมราช", ("ทุ่งสง", "ปากพนัง", "ร่อนพิบูลย์")),
)
START: Final = datetime.date(2022, 3, 1)
END: Final = datetime.date(2022, 9, 30)
LINES: Final = ("วัสดุอุปกรณ์", "อบรมและประชุม", "บริหารโครงการ")
SEED_LINE: Final = "ทุนหมุนเวียนต่อยอด"
#: the grant (by number) behind each planted problem, and the problem's rule id
PLANTED: Final[dict[str, str]] = {
    "grant-outside-period": "G2565-017",  # a late voucher, after the period
    "grant-over-budget": "G2565-023",  # materials overspent, training underspent
    "grant-untagged": "G2565-040",  # bank interest into the project account, untagged
    "grant-line-unknown": "G2565-051",  # a voucher on a line the grant does not have
    "grant-over-amount": "G2565-066",  # a tranche paid over (returned after the end)
    "grant-share-short": "G2565-080",  # the converted grant: 8,000 of a 10,000 share
    "grant-leftover": "G2565-095",  # 2,500 left, neither returned nor converted
    "grant-unknown": "G2565-999",  # a voucher tagged with no declared grant
    "grant-line-late": "G2565-030",  # materials declared on 1 June, after its first voucher
}
#: the day the late line is declared (the first materials voucher is in April or May)
LATE_LINE: Final = datetime.date(2022, 6, 1)
TRANSFERRED: Final = "G2565-005"
CONVERTED: Final = "G2565-080"


def grant_id(number: int) -> str:
    return f"G2565-{number:03d}"


def thb(number: Decimal | int) -> str:
    return f"{Decimal(number):.2f} THB"


def amounts(rng: random.Random) -> list[Decimal]:
    """102 amounts adding up to :data:`TOTAL`: the even share, varied in pairs (+d, -d)."""
    base, extra = divmod(int(TOTAL), GRANTS)
    found = [base + (1 if index < extra else 0) for index in range(GRANTS)]
    for index in range(0, GRANTS, 2):
        step = rng.randrange(0, 150) * 100
        found[index] += step
        found[index + 1] -= step
    return [Decimal(amount) for amount in found]


def day_in(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


class Writer:
    """The entries of the book, sorted by date when written out."""

    def __init__(self) -> None:
        self.entries: list[tuple[datetime.date, int, str]] = []

    def add(self, day: datetime.date, text: str) -> None:
        self.entries.append((day, len(self.entries), text))

    def money(
        self, day: datetime.date, grant: str, title: str, lines: list[str], meta: str = ""
    ) -> None:
        body = "\n".join(f"  {line}" for line in lines)
        self.add(day, f'{day} * {title}\n  grant: "{grant}"\n{meta}{body}')

    def spend(
        self,
        day: datetime.date,
        grant: str,
        line: str,
        amount: Decimal,
        words: str,
        *,
        households: int | None = None,
    ) -> None:
        meta = f'  budget-line: "{line}"\n'
        if households:
            meta += f"  households: {households}\n"
        held, restricted = f"Equity:Grants:{grant}", f"Assets:Restricted:{grant}"
        lines = [f"{held}  {thb(amount)}", f"{restricted}  {thb(-amount)}"]
        self.money(day, grant, f'"ร้านค้าในตำบล" "{words}"', lines, meta)


def declare(
    out: Writer, number: int, amount: Decimal, area: tuple[str, str, str], share: Decimal
) -> dict[str, Decimal]:
    """The grant and its lines; the budget of each line."""
    grant = grant_id(number)
    province, district, tambon = area
    names = (*LINES[:2], SEED_LINE) if grant == CONVERTED else LINES
    first, second = (amount * Decimal("0.60")).quantize(1), (amount * Decimal("0.25")).quantize(1)
    budget = dict(zip(names, (first, second, amount - first - second), strict=True))
    share_line = f"\n  community-share: {thb(share)}" if share else ""
    out.add(
        START,
        f'{START} custom "grant" "{grant}" {thb(amount)}\n  grantor: "พอช."\n'
        f'  purpose: "โครงการพัฒนาคุณภาพชีวิตตำบล{tambon}"\n  start: {START}\n  end: {END}'
        f'{share_line}\n  tambon: "{tambon}"\n  district: "{district}"\n  province: "{province}"',
    )
    for name, money in budget.items():
        late = grant == PLANTED["grant-line-late"] and name == LINES[0]
        day = LATE_LINE if late else START
        out.add(day, f'{day} custom "grant-line" "{grant}" "{name}" {thb(money)}')
    return budget


def receive(out: Writer, rng: random.Random, grant: str, amount: Decimal) -> None:
    first = (amount * Decimal("0.6")).quantize(1)
    for day, money, words in (
        (day_in(rng, START, datetime.date(2022, 3, 20)), first, "เงินงวดที่ 1"),
        (
            day_in(rng, datetime.date(2022, 6, 1), datetime.date(2022, 6, 20)),
            amount - first,
            "เงินงวดที่ 2",
        ),
    ):
        lines = [
            f"Assets:Restricted:{grant}  {thb(money)}",
            f"Equity:Grants:{grant}  {thb(-money)}",
        ]
        out.money(day, grant, f'"พอช." "{words}"', lines)


def spend_all(out: Writer, rng: random.Random, grant: str, budget: dict[str, Decimal]) -> None:
    """Every line spent to its budget in the period (the planted grants differ)."""
    spent = dict(budget)
    if grant == TRANSFERRED:
        day = datetime.date(2022, 5, 15)
        out.add(
            day,
            f'{day} custom "grant-transfer" "{grant}" "{LINES[1]}" "{LINES[0]}" {thb(5000)}\n'
            '  approved-by: "พอช. หนังสือที่ 45/2565"',
        )
        spent[LINES[0]] += 5000
        spent[LINES[1]] -= 5000
    if grant == PLANTED["grant-over-budget"]:
        spent[LINES[0]] += 1200
        spent[LINES[1]] -= 1200
    if grant == PLANTED["grant-leftover"]:
        spent[LINES[2]] -= 2500
    materials = spent[LINES[0]]
    half = (materials / 2).quantize(1)
    for part, money in enumerate((half, materials - half)):
        # the second half after the second tranche (paid by 20 June): never more spent than received
        first = datetime.date(2022, 6, 21) if part else datetime.date(2022, 4, 1)
        day = day_in(rng, first, datetime.date(2022, 8 if part else 5, 28))
        words = f"ซื้อวัสดุซ่อมแซมบ้าน ชุดที่ {part + 1}"
        out.spend(day, grant, LINES[0], money, words, households=rng.randrange(8, 30))
    out.spend(
        day_in(rng, datetime.date(2022, 4, 1), datetime.date(2022, 7, 31)),
        grant,
        LINES[1],
        spent[LINES[1]],
        "ค่าอบรมและประชุมชี้แจงโครงการ",
    )
    if grant == CONVERTED:
        convert(out, grant, budget[SEED_LINE])
        return
    line = "ค่าเดินทาง" if grant == PLANTED["grant-line-unknown"] else LINES[2]
    late = grant == PLANTED["grant-outside-period"]
    day = datetime.date(2022, 10, 5) if late else day_in(rng, datetime.date(2022, 8, 1), END)
    out.spend(day, grant, line, spent[LINES[2]], "ค่าบริหารโครงการและจัดทำรายงาน")


def convert(out: Writer, grant: str, seed: Decimal) -> None:
    """The converted grant: its seed line on the last day, the community's share after the end,
    both into the network's own revolving fund by resolutions."""
    resolution = 'resolution: "มติที่ประชุมเครือข่าย ครั้งที่ 3/2565"'
    for day, money, line in (
        (END, seed, f'  budget-line: "{SEED_LINE}"\n'),
        (datetime.date(2022, 10, 15), Decimal(8000), ""),
    ):
        lines = [
            f"Equity:Grants:{grant}  {thb(money)}",
            f"Equity:Revolving  {thb(-money)}",
            f"Assets:Bank  {thb(money)}",
            f"Assets:Restricted:{grant}  {thb(-money)}",
        ]
        out.money(
            day, grant, '"เครือข่าย" "โอนเป็นกองทุนหมุนเวียนต่อยอด"', lines, f"{line}  {resolution}\n"
        )


def planted(out: Writer, grant: str) -> None:
    """The planted problems beside the spending (see :data:`PLANTED`)."""
    restricted, held = f"Assets:Restricted:{grant}", f"Equity:Grants:{grant}"
    if grant == PLANTED["grant-untagged"]:
        day = datetime.date(2022, 6, 30)
        interest = Decimal("12.50")
        out.add(
            day,
            f'{day} * "ธนาคาร" "ดอกเบี้ยเงินฝากบัญชีโครงการ"\n'
            f"  {restricted}  {thb(interest)}\n  Income:Interest:Bank  {thb(-interest)}",
        )
    if grant == PLANTED["grant-over-amount"]:
        out.money(
            datetime.date(2022, 6, 25),
            grant,
            '"พอช." "เงินงวดที่ 2 (โอนซ้ำบางส่วน)"',
            [f"{restricted}  {thb(1000)}", f"{held}  {thb(-1000)}"],
        )
        out.money(
            datetime.date(2022, 10, 10),
            grant,
            '"พอช." "คืนเงินที่โอนเกิน"',
            [f"{held}  {thb(1000)}", f"{restricted}  {thb(-1000)}"],
            '  resolution: "หนังสือ พอช. ที่ 77/2565 ขอคืนเงินที่โอนเกิน"\n',
        )
    if grant == CONVERTED:
        out.money(
            datetime.date(2022, 4, 20),
            grant,
            '"ครัวเรือนในโครงการ" "ส่วนสมทบของชุมชน"',
            [f"{restricted}  {thb(8000)}", f"Equity:Grants:{grant}:Community  {thb(-8000)}"],
        )


def network_book(seed: int = 2565) -> str:
    """The network's books (see the module's docstring)."""
    rng = random.Random(f"grant-network:{seed}")
    out = Writer()
    for number, amount in enumerate(amounts(rng), start=1):
        province, districts = PROVINCES[(number - 1) * len(PROVINCES) // GRANTS]
        area = (province, districts[number % len(districts)], f"ตำบลที่ {number:03d}")
        grant = grant_id(number)
        share = Decimal(10000) if grant == CONVERTED else Decimal(0)
        budget = declare(out, number, amount, area, share)
        receive(out, rng, grant, amount)
        planted(out, grant)
        spend_all(out, rng, grant, budget)
    day = datetime.date(2022, 7, 1)
    out.add(
        day,
        f'{day} * "ร้านค้า" "ค่าถ่ายเอกสาร"\n  grant: "{PLANTED["grant-unknown"]}"\n'
        f"  Expenses:Admin  {thb(350)}\n  Assets:Bank  {thb(-350)}",
    )
    day = datetime.date(2022, 12, 15)
    out.add(
        day,
        f'{day} * "ธนาคาร" "ดอกเบี้ยเงินฝาก"\n'
        f"  Assets:Bank  {thb(20)}\n  Income:Interest:Bank  {thb(-20)}",
    )
    head = [
        HEADER.format(seed=seed).rstrip("\n"),
        'option "title" "Southern Community Organisations Network: grants 2565"',
        'option "operating_currency" "THB"',
        'plugin "kongtun.plugins.fund"',
        "",
        '2022-01-01 custom "fava-extension" "kongtun.plugins.fava"',
        '2022-01-01 custom "fund" "revolving-fund"\n'
        '  name: "เครือข่ายองค์กรชุมชนภาคใต้ (โครงการพัฒนาคุณภาพชีวิต ปี 2565)"',
        "2022-01-01 open Assets:Bank THB",
    ]
    body = [text for _, _, text in sorted(out.entries, key=lambda item: (item[0], item[1]))]
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"
