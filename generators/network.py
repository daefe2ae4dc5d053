"""A network of funds for roll-ups: ``kongtun demo --network DIR --funds N --seed S``.

:func:`network_books` writes ``funds`` funds of mixed kinds and sizes — savings groups (6 to
60 members over 1 to 3 years), community welfare funds (10 to 80 members, over 1 or 3
years) and revolving funds (the demo's) — spread over four provinces, two districts each and
two tambons each (:data:`AREAS`). Each fund is one of the demo generators' books with its
own seed, name and area (the ``province``, ``district`` and ``tambon`` of its
``custom "fund"``). The same ``funds`` and ``seed`` give the same files, byte for byte.
When there are revolving funds, their lender's books are written too (:data:`LENDER_FILE`,
see :mod:`kongtun.generators.lender`): each fund's borrowing from CODI has its own loan id,
and the lender's books hold it as the fund's do (``kongtun reconcile`` agrees).
"""

from __future__ import annotations

import random
import re
from typing import Final

from kongtun.generators.lender import Borrower, lender_book, revolving_borrower
from kongtun.generators.loans import CODI_FLOOD, CODI_LOAN
from kongtun.generators.savings import END, revolving_fund, savings_group
from kongtun.generators.scale import scale_start
from kongtun.generators.welfare import welfare_book

NETWORK_HEADER: Final = (
    "; Network sample books written by `kongtun demo --network DIR --funds {funds} --seed {seed}`"
    ". Synthetic people. Fund {number} of {funds}.\n"
)
#: province (folder) -> its name and districts -> tambons
AREAS: Final[dict[str, tuple[str, dict[str, tuple[str, ...]]]]] = {
    "chiang-rai": ("เชียงราย", {"แม่สาย": ("เวียงพางคำ", "ศรีเมืองชุม"), "เชียงของ": ("เวียง", "สถาน")}),
    "nakhon-si-thammarat": (
        "นครศรีธรรมราช",
        {"เมืองนครศรีธรรมราช": ("ท่าทราย", "ท่าวัง"), "ปากพนัง": ("หูล่อง", "บางพระ")},
    ),
    "sa-kaeo": ("สระแก้ว", {"วังน้ำเย็น": ("ทุ่งมหาเจริญ", "ตาหลังใน"), "อรัญประเทศ": ("ป่าไร่", "ทับพริก")}),
    "khon-kaen": ("ขอนแก่น", {"เมืองขอนแก่น": ("ในเมือง", "ศิลา"), "ชุมแพ": ("โนนหัน", "ไชยสอ")}),
}
KIND_NAMES: Final = {
    "savings-group": "กลุ่มออมทรัพย์เพื่อการผลิต",
    "welfare-fund": "กองทุนสวัสดิการชุมชน",
    "revolving-fund": "กองทุนหมุนเวียน",
}
_FUND_META: Final = re.compile(
    r'(custom "fund" "[a-z-]+"\n)  name: "[^"]*"\n  province: "[^"]*"\n  district: "[^"]*"\n'
    r'  tambon: "[^"]*"'
)


_MEMBER: Final = re.compile(r'custom "member" "(\w+)" "[^"]*"\n  village: "([^"]*)"')
_LENT: Final = re.compile(
    r'^(\d{4}-\d{2}-\d{2}) \* [^\n]*\n  loan: "[^"]*"\n  rate: [^\n]*\n'
    r"(?:  [^\n]*\n)*?  Assets:Loans:(\w+) ",
    re.M,
)
_FLOOD_VILLAGES: Final = ("หมู่ 2", "หมู่ 5")


def flood_covers_a_loan(text: str) -> bool:
    """The savings group's flood moratorium (villages หมู่ 2 and หมู่ 5, from 2024-09-01)
    covers a loan and both villages have members: else ``kongtun check`` finds it empty
    (``moratorium-scope-empty``) or its scope unknown (``moratorium-scope-unknown``)."""
    villages = dict(_MEMBER.findall(text))
    if not set(_FLOOD_VILLAGES) <= set(villages.values()):
        return False  # a village nobody lives in: moratorium-scope-unknown
    return any(
        day < "2024-09-01" and villages.get(member) in _FLOOD_VILLAGES
        for day, member in _LENT.findall(text)
    )


def _savings_group(rng: random.Random, seed: int) -> str:
    """A small savings group whose flood moratorium covers a loan (seeds are drawn until)."""
    while True:
        founders = rng.randint(6, 40)
        years = rng.randint(1, 3)
        text = savings_group(
            seed,
            founders=founders,
            later=rng.randint(0, 20),
            exits=founders // 10,
            start=scale_start(years),
            opens=True,
        )
        if flood_covers_a_loan(text):
            return text
        seed = rng.randrange(1_000_000)


def _book(rng: random.Random, seed: int) -> tuple[str, str]:
    """A fund of a kind and size drawn from ``rng``: (kind, ledger text)."""
    draw = rng.random()
    # a welfare fund of two years pays out more than it holds at its first year end
    # (admin-over-share on a fund of negative size): one or three years
    years = rng.choice((1, 3))
    if draw < 0.5:
        return "savings-group", _savings_group(rng, seed)
    if draw < 0.85:
        founders = rng.randint(10, 60)
        text = welfare_book(
            seed,
            founders=founders,
            later=rng.randint(0, 20),
            exits=founders // 10,
            start=scale_start(years),
            opens=True,
        )
        return "welfare-fund", text
    return "revolving-fund", revolving_fund(seed)


def network_books(funds: int, seed: int = 2567) -> dict[str, str]:
    """Relative file name -> ledger text for ``funds`` funds across :data:`AREAS`."""
    rng = random.Random(f"network:{seed}")
    places = [
        (folder, province, district, tambon)
        for folder, (province, districts) in AREAS.items()
        for district, tambons in districts.items()
        for tambon in tambons
    ]
    books: dict[str, str] = {}
    borrowers: list[Borrower] = []
    for number in range(1, funds + 1):
        folder, province, district, tambon = places[rng.randrange(len(places))]
        fund_seed = rng.randrange(1_000_000)
        kind, text = _book(rng, fund_seed)
        name = f"{KIND_NAMES[kind]}ตำบล{tambon} {number:04d}"
        if kind == "revolving-fund":  # its own loan id, as its lender's books have it
            loan = f"CODI-N{number:04d}"
            text = text.replace(f'loan: "{CODI_LOAN}"', f'loan: "{loan}"')
            borrowers.append(revolving_borrower(fund_seed, f"F{number:04d}", name, province, loan))
        meta = (
            f'\\1  name: "{name}"\n  province: "{province}"\n  district: "{district}"\n'
            f'  tambon: "{tambon}"'
        )
        body = _FUND_META.sub(meta, text.split("\n", 1)[1], count=1)
        header = NETWORK_HEADER.format(funds=funds, seed=seed, number=number)
        books[f"{folder}/fund-{number:04d}.beancount"] = header + body
    if borrowers:
        books[LENDER_FILE] = network_lender(borrowers, funds, seed)
    return books


#: the network's lender: CODI's office that lends to the network's revolving funds
LENDER_FILE: Final = "lender/codi.beancount"


def network_lender(borrowers: list[Borrower], funds: int, seed: int) -> str:
    """The books of the lender of the network's revolving funds (each borrows from CODI;
    the board's flood moratorium covers the provinces where they are)."""
    provinces = sorted({one.province for one in borrowers})
    header = NETWORK_HEADER.format(funds=funds, seed=seed, number=0).replace(
        "Fund 0 of", "The lender of the revolving funds among the"
    )
    return lender_book(
        seed, borrowers, CODI_FLOOD, END, provinces=provinces, others=False, header=header
    )
