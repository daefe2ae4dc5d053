"""Recompute a kongtun month close without kongtun: python closes_recipe.py LEDGER 2024-09-30

The auditor's recipe of docs/closes.md, copied there word for word (a test checks it): it
needs only Beancount, and prints the digest the close of that day must carry.
"""

import datetime
import hashlib
import json
import sys
from decimal import Decimal
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.core.amount import Amount


def num(n: Decimal | None) -> str | None:
    if n is None:
        return None
    return "0" if not n else format(n.normalize(), "f")


def val(v: Any) -> Any:
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (Decimal, int)):
        return ["D", num(Decimal(v))]
    if isinstance(v, Amount):
        return ["A", num(v.number), v.currency]
    if isinstance(v, datetime.date):
        return ["T", v.isoformat()]
    return ["S", str(v)]


def meta(m: Any) -> list[Any]:
    items = sorted((m or {}).items())
    return [[k, val(v)] for k, v in items if k not in ("filename", "lineno") and k[:2] != "__"]


def posting(p: Any) -> list[Any]:
    u, c = p.units, p.cost
    cost = None if c is None else [num(c.number), c.currency, val(c.date), c.label]
    price = None if p.price is None else [num(p.price.number), p.price.currency]
    return [p.account, num(u.number), u.currency, cost, price, p.flag, meta(p.meta)]


def fields(e: Any) -> list[Any] | None:  # noqa: PLR0911 - one case a kind
    if isinstance(e, data.Transaction) and e.flag != "P":
        tags, links = sorted(e.tags or ()), sorted(e.links or ())
        return ["txn", e.flag, e.payee, e.narration, tags, links, [posting(p) for p in e.postings]]
    if isinstance(e, data.Custom) and e.type != "period-close" and e.type[:5] != "fava-":
        return ["custom", e.type, [val(v.value) for v in e.values]]
    if isinstance(e, data.Balance):
        return ["balance", e.account, num(e.amount.number), e.amount.currency]
    if isinstance(e, data.Pad):
        return ["pad", e.account, e.source_account]
    if isinstance(e, data.Price):
        return ["price", e.currency, num(e.amount.number), e.amount.currency]
    if isinstance(e, data.Note):
        return ["note", e.account, e.comment]
    if isinstance(e, data.Event):
        return ["event", e.type, e.description]
    if isinstance(e, data.Commodity):
        return ["commodity", e.currency]
    if isinstance(e, data.Query):
        return ["query", e.name, e.query_string]
    if isinstance(e, data.Document):
        return ["document", e.account, e.filename.replace("\\", "/").rsplit("/", 1)[-1]]
    return None  # open, close, padding, the closes themselves, Fava's settings


def close_digest(entries: list[Any], last: datetime.date) -> str:
    days: dict[datetime.date, list[str]] = {}
    for e in entries:
        f = fields(e) if e.date <= last else None
        if f is not None:
            record = json.dumps(
                [e.date.isoformat(), *f, meta(e.meta)], ensure_ascii=False, separators=(",", ":")
            )
            days.setdefault(e.date, []).append(record)
    total = hashlib.sha256(b"kongtun-close-v1\n")
    for day in sorted(days):
        digest = hashlib.sha256()
        for record in sorted(days[day]):
            digest.update(record.encode("utf-8") + b"\n")
        total.update(f"{day.isoformat()} {digest.hexdigest()}\n".encode())
    return "sha256:" + total.hexdigest()


if __name__ == "__main__":
    entries, _, _ = loader.load_file(sys.argv[1])
    print(close_digest(entries, datetime.date.fromisoformat(sys.argv[2])))
