"""The mutation run of month closes: random edits of closed books, each one loaded.

A small fund over four months in six files (the main file includes the others), its first
three months closed. A *meaningful* edit changes what a closed month says — an amount, a
date within the month, an account, a member id in metadata, a narration, an entry deleted,
duplicated or inserted, a rule or a member line — and must be reported by
``closed-period-changed`` or ``closed-period-entry``. A *meaningless* edit changes only how
the books are written — indentation, blank lines, comments, amounts written ``100.00`` or
``100``, entries or included files in another order, an unrelated option — and must leave
the books without a single error.

:func:`run` makes the edits from a seed and counts them; ``bench/mutations.py`` prints the
counts of a large run, the tests run a seeded sample.
"""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from beancount import loader

from kongtun.ledger.years.closes import close_text, digest_days, month_end, read_closes
from kongtun.plugins.load_cache import full_check

MEMBERS = ("M0001", "M0002", "M0003", "M0004", "M0005", "M0006")
NAMES = (
    "นายสมชาย ใจดี",
    "นางบัวผัน ศรีสุข",
    "นางสาวเกษร ทองมา",
    "นายอำนาจ มีสุข",
    "นางจันทร์ ดีงาม",
    "นายบุญมี รักดี",
)
MONTHS = (1, 2, 3, 4)
CLOSED = (1, 2, 3)
DETECTED = ("closed-period-changed", "closed-period-entry")
AMOUNT = re.compile(r"(-?)(\d+)\.(\d\d) THB")

Files = dict[str, str]


def _deposit(day: datetime.date, index: int, member: str, amount: int) -> str:
    collector = MEMBERS[(index + 2) % len(MEMBERS)]
    return (
        f'{day.isoformat()} * "{NAMES[index]}" "ฝากสัจจะ"\n'
        f'  receipt: "R-{day.month:02d}{index:02d}"\n'
        f'  collector: "{collector}"\n'
        f"  Assets:Cash  {amount}.00 THB\n"
        f"  Liabilities:Savings:{member}  -{amount}.00 THB\n"
    )


def _month(month: int, rng: random.Random) -> str:
    blocks = []
    for index, member in enumerate(MEMBERS):
        day = datetime.date(2024, month, rng.randint(3, 12))
        blocks.append(_deposit(day, index, member, rng.randint(10, 40) * 10))
    day = datetime.date(2024, month, 20)
    blocks.append(
        f'{day.isoformat()} * "นำเงินฝากธนาคาร"\n  Assets:Bank  500.00 THB\n'
        "  Assets:Cash  -500.00 THB\n"
    )
    blocks.append(
        f'{day.isoformat()} * "ค่าเครื่องเขียน"\n  Expenses:Admin  35.50 THB\n'
        "  Assets:Cash  -35.50 THB\n"
    )
    return "\n".join(blocks)


def _setup() -> str:
    lines = [
        '2024-01-01 custom "fund" "savings-group"\n  name: "กลุ่มทดสอบ"\n',
        '2024-01-01 custom "rules" "ระเบียบกลุ่ม"\n  savings-monthly-min: 100 THB\n',
    ]
    for member, name in zip(MEMBERS, NAMES, strict=True):
        lines.append(f'2024-01-01 custom "member" "{member}" "{name}"\n  village: "หมู่ 2"\n')
    return "\n".join(lines)


def fixture(folder: Path, seed: int = 2567) -> Path:
    """Write the books into ``folder``, close their first three months; the main file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = {"setup.beancount": _setup()}
    files |= {f"2024-{m:02d}.beancount": _month(m, rng) for m in MONTHS}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    main = folder / "main.beancount"
    header = 'option "title" "Mutation fund"\noption "operating_currency" "THB"\n'
    header += "plugin \"kongtun.plugins.fund\" \"{'lang': 'en'}\"\n\n"
    header += "".join(f'include "{name}"\n' for name in files)
    main.write_text(header, encoding="utf-8")
    for month in CLOSED:
        entries, errors, _ = loader.load_file(str(main))
        assert not errors, errors
        closes, _ = read_closes(entries)
        last = month_end(datetime.date(2024, month, 1))
        previous = (closes[-1].digest, closes[-1].date) if closes else None
        days = digest_days(entries, last)
        text = close_text(days, last, previous, ["M0001"], "มติที่ 1", entries=entries)
        main.write_text(main.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return main


def read_files(folder: Path) -> Files:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())}


def write_files(folder: Path, files: Files) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _blocks(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if block.strip()]


def _closed_file(rng: random.Random, files: Files) -> str:
    return rng.choice(["setup.beancount", *(f"2024-{m:02d}.beancount" for m in CLOSED)])


def _pick_block(rng: random.Random, files: Files, pattern: str) -> tuple[str, list[str], int]:
    """A closed file, its blocks and the index of a block matching ``pattern``."""
    for _ in range(100):
        name = _closed_file(rng, files)
        blocks = _blocks(files[name])
        found = [i for i, block in enumerate(blocks) if re.search(pattern, block)]
        if found:
            return name, blocks, rng.choice(found)
    raise LookupError(pattern)


def _put(files: Files, name: str, blocks: list[str]) -> Files:
    return {**files, name: "\n\n".join(blocks) + "\n"}


# Meaningful edits: each returns the edited files.


def edit_amount(rng: random.Random, files: Files) -> Files:
    """One digit of a transaction's amounts (both postings, so it still balances)."""
    name, blocks, i = _pick_block(rng, files, AMOUNT.pattern)
    match = AMOUNT.search(blocks[i])
    assert match is not None
    digits = match.group(2) + match.group(3)
    at = rng.randrange(len(digits))
    new = digits[:at] + rng.choice([d for d in "0123456789" if d != digits[at]]) + digits[at + 1 :]
    value = f"{int(new[:-2])}.{new[-2:]}"
    old = f"{match.group(2)}.{match.group(3)}"
    blocks[i] = blocks[i].replace(f"{old} THB", f"{value} THB")
    return _put(files, name, blocks)


def edit_date(rng: random.Random, files: Files) -> Files:
    """A transaction moved to another day of its month."""
    name, blocks, i = _pick_block(rng, files, r"^2024-\d\d-\d\d \*")
    day = datetime.date.fromisoformat(blocks[i][:10])
    other = day.replace(day=rng.choice([d for d in range(2, 29) if d != day.day]))
    blocks[i] = other.isoformat() + blocks[i][10:]
    return _put(files, name, blocks)


def edit_account(rng: random.Random, files: Files) -> Files:
    """A posting to another account: another member's savings, or the bank for the cash."""
    name, blocks, i = _pick_block(rng, files, r"Liabilities:Savings:M\d{4}|Assets:Cash")
    block = blocks[i]
    if "Liabilities:Savings:" in block and rng.random() < 0.7:
        member = re.search(r"Liabilities:Savings:(M\d{4})", block)
        assert member is not None
        other = rng.choice([m for m in MEMBERS if m != member.group(1)])
        block = block.replace(member.group(0), f"Liabilities:Savings:{other}")
    else:
        block = block.replace("Assets:Cash", "Assets:Bank", 1)
    blocks[i] = block
    return _put(files, name, blocks)


def edit_meta_member(rng: random.Random, files: Files) -> Files:
    """The member id in a transaction's metadata (who collected it)."""
    name, blocks, i = _pick_block(rng, files, r'collector: "M\d{4}"')
    found = re.search(r'collector: "(M\d{4})"', blocks[i])
    assert found is not None
    other = rng.choice([m for m in MEMBERS if m != found.group(1)])
    blocks[i] = blocks[i].replace(found.group(0), f'collector: "{other}"')
    return _put(files, name, blocks)


def edit_narration(rng: random.Random, files: Files) -> Files:
    """A word of a narration."""
    name, blocks, i = _pick_block(rng, files, r'\* ".*"')
    blocks[i] = re.sub(r'"([^"]*)"\n', r'"\1 (แก้)"\n', blocks[i], count=1)
    return _put(files, name, blocks)


def edit_delete(rng: random.Random, files: Files) -> Files:
    """A transaction deleted."""
    name, blocks, i = _pick_block(rng, files, r"^2024-\d\d-\d\d \*")
    del blocks[i]
    return _put(files, name, blocks)


def edit_duplicate(rng: random.Random, files: Files) -> Files:
    """A transaction written twice."""
    name, blocks, i = _pick_block(rng, files, r"^2024-\d\d-\d\d \*")
    blocks.insert(rng.randrange(len(blocks) + 1), blocks[i])
    return _put(files, name, blocks)


def edit_insert(rng: random.Random, files: Files) -> Files:
    """A new transaction dated inside a closed month."""
    month = rng.choice(CLOSED)
    name = f"2024-{month:02d}.beancount"
    blocks = _blocks(files[name])
    day = datetime.date(2024, month, rng.randint(2, 28))
    member = rng.choice(MEMBERS)
    new = _deposit(day, MEMBERS.index(member), member, rng.randint(1, 9) * 10).rstrip("\n")
    blocks.insert(rng.randrange(len(blocks) + 1), new)
    return _put(files, name, blocks)


def edit_rule(rng: random.Random, files: Files) -> Files:
    """A rule's value or a member's line (name, village)."""
    text = files["setup.beancount"]
    choice = rng.randrange(3)
    if choice == 0:
        value = rng.choice([50, 120, 150, 200])
        text = text.replace("savings-monthly-min: 100 THB", f"savings-monthly-min: {value} THB")
    elif choice == 1:
        member = rng.randrange(len(MEMBERS))
        text = text.replace(NAMES[member], NAMES[member] + "ดี")
    else:
        member_id = MEMBERS[rng.randrange(len(MEMBERS))]
        text = text.replace(f'"{member_id}" "', f'"{member_id}" "นาย', 1)
    return {**files, "setup.beancount": text}


MEANINGFUL: dict[str, Callable[[random.Random, Files], Files]] = {
    "amount": edit_amount,
    "date": edit_date,
    "account": edit_account,
    "meta-member": edit_meta_member,
    "narration": edit_narration,
    "delete": edit_delete,
    "duplicate": edit_duplicate,
    "insert": edit_insert,
    "rule-or-member": edit_rule,
}


# Meaningless edits


def _any_file(rng: random.Random, files: Files) -> str:
    return rng.choice([name for name in files if name != "main.beancount"])


def noop_indent(rng: random.Random, files: Files) -> Files:
    """Postings and metadata indented otherwise, amounts aligned, trailing spaces."""
    name = _any_file(rng, files)
    width = rng.choice([1, 4, 6])
    text = re.sub(r"(?m)^  (\S)", " " * width + r"\1", files[name])
    text = re.sub(r"(?m)  (-?\d+\.\d\d THB)$", r"          \1", text)
    return {**files, name: text.replace("\n", "   \n", rng.randint(0, 5))}


def noop_comments(rng: random.Random, files: Files) -> Files:
    """Comments and blank lines between entries, after amounts."""
    name = _any_file(rng, files)
    blocks = _blocks(files[name])
    for _ in range(rng.randint(1, 4)):
        blocks.insert(rng.randrange(len(blocks) + 1), f"; หมายเหตุ {rng.randint(1, 999)}\n")
    text = "\n\n\n".join(blocks) + "\n"
    text = re.sub(r"(?m)(THB)$", r"\1 ; checked", text, count=rng.randint(0, 3))
    return {**files, name: text}


def noop_amounts(rng: random.Random, files: Files) -> Files:
    """Amounts written with other decimals: 100.00 as 100 or 100.0."""
    name = _any_file(rng, files)
    style = rng.choice(["", ".0", ".000"])
    return {**files, name: re.sub(r"(-?\d+)\.00 THB", rf"\1{style} THB", files[name])}


def noop_order(rng: random.Random, files: Files) -> Files:
    """The entries of a file in another order."""
    name = _any_file(rng, files)
    blocks = _blocks(files[name])
    rng.shuffle(blocks)
    return _put(files, name, blocks)


def noop_includes(rng: random.Random, files: Files) -> Files:
    """The included files in another order, and an unrelated option."""
    main = files["main.beancount"]
    includes = re.findall(r'(?m)^include ".*"\n', main)
    shuffled = includes[:]
    while shuffled == includes:
        rng.shuffle(shuffled)
    head, _, rest = main.partition(includes[0])
    rest = rest.replace("".join(includes[1:]), "", 1)
    option = rng.choice(['option "render_commas" "TRUE"\n', 'option "title" "กลุ่มทดสอบ"\n', ""])
    return {**files, "main.beancount": head + option + "".join(shuffled) + rest}


MEANINGLESS: dict[str, Callable[[random.Random, Files], Files]] = {
    "indent": noop_indent,
    "comments": noop_comments,
    "amounts": noop_amounts,
    "order": noop_order,
    "includes": noop_includes,
}


@dataclass
class Counts:
    """What a run did: edits made and how each fared, by kind."""

    meaningful: Counter[str] = field(default_factory=Counter)
    detected: Counter[str] = field(default_factory=Counter)
    #: detected, and the error says which entry and what changed (not "cannot be told")
    told: Counter[str] = field(default_factory=Counter)
    meaningless: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)


def _errors(folder: Path) -> list[object]:
    """The errors of a load recomputing every close (never the verified-closes cache)."""
    with full_check():
        return list(loader.load_file(str(folder / "main.beancount"))[1])


def _rules(folder: Path) -> list[str]:
    return [getattr(error, "rule", type(error).__name__) for error in _errors(folder)]


#: what a closed-period-changed says when it cannot tell which entry changed, or how
UNTOLD = ("which entry changed", "the entries of that day are no longer")


def _told(errors: list[object]) -> bool:
    """Whether the first error of a closed month names the entry and what changed."""
    for error in errors:
        rule = getattr(error, "rule", "")
        if rule == "closed-period-entry":
            return True
        if rule == "closed-period-changed":
            change = getattr(error, "params", {}).get("change")
            return not str(getattr(change, "msgid", "")).startswith(UNTOLD)
    return False


def run(folder: Path, meaningful: int, meaningless: int, seed: int) -> Counts:
    """Make the edits (from ``seed``) on the books in ``folder`` (written by :func:`fixture`),
    each on the original books, and load the books after each."""
    rng = random.Random(seed)
    original = read_files(folder)
    counts = Counts()
    kinds = list(MEANINGFUL)
    for number in range(meaningful):
        kind = kinds[number % len(kinds)]
        edited = MEANINGFUL[kind](rng, original)
        if edited == original:
            continue
        write_files(folder, edited)
        counts.meaningful[kind] += 1
        errors = _errors(folder)
        if {getattr(error, "rule", "") for error in errors} & set(DETECTED):
            counts.detected[kind] += 1
            counts.told[kind] += _told(errors)
        else:
            counts.missed.append(f"{kind} #{number}")
    kinds = list(MEANINGLESS)
    for number in range(meaningless):
        kind = kinds[number % len(kinds)]
        write_files(folder, MEANINGLESS[kind](rng, original))
        counts.meaningless[kind] += 1
        rules = _rules(folder)
        if rules:
            counts.flagged[kind] += 1
            counts.false_alarms.append(f"{kind} #{number}: {rules}")
    write_files(folder, original)
    return counts
