"""Hypothesis: any member history (joins, savings, withdrawals, exits, in any order)."""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

from beancount import loader
from beancount.core import realization
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.books.accounts import MEMBER_ACCOUNT_KINDS
from kongtun.ledger.books.fund import read_fund

START = datetime.date(2024, 1, 1)
IDS = ("M0001", "M0002", "M0003", "m04", "M0005")
KINDS = ("savings", "shares", "loans", "contributions")

days = st.integers(min_value=0, max_value=120).map(lambda n: START + datetime.timedelta(days=n))
amounts = st.integers(min_value=1, max_value=50_000).map(lambda n: Decimal(n) / 100)
events = st.one_of(
    st.tuples(st.just("join"), days, st.sampled_from(IDS)),
    st.tuples(st.just("exit"), days, st.sampled_from(IDS)),
    st.tuples(
        st.just("post"), days, st.sampled_from(IDS), st.sampled_from(KINDS), amounts, st.booleans()
    ),
    st.tuples(st.just("rules"), days, st.booleans()),
)


def render(history: list[tuple[object, ...]], kind: str) -> str:
    lines = ['plugin "kongtun.plugins.fund"', f'2024-01-01 custom "fund" "{kind}"']
    for event in history:
        if event[0] == "join":
            lines.append(f'{event[1]} custom "member" "{event[2]}" "สมาชิก {event[2]}"')
        elif event[0] == "exit":
            lines.append(f'{event[1]} custom "member-exit" "{event[2]}" "ลาออก"')
        elif event[0] == "rules":
            flag = "TRUE" if event[2] else "FALSE"
            lines += [f'{event[1]} custom "rules" "r"', f"  savings-withdrawal-allowed: {flag}"]
        else:
            _, day, member, account_kind, amount, deposit = event
            assert isinstance(amount, Decimal)
            assert isinstance(account_kind, str)
            parent = MEMBER_ACCOUNT_KINDS[account_kind].parent  # type: ignore[index]
            sign = -1 if deposit else 1
            lines += [
                f'{day} * "x"',
                f"  {parent}:{member}  {sign * amount} THB",
                f"  Assets:Cash  {-sign * amount} THB",
            ]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=st.lists(events, max_size=25),
    kind=st.sampled_from(["savings-group", "welfare-fund", "revolving-fund"]),
)
@example(history=[("exit", START, "M0001"), ("join", START, "M0001")], kind="savings-group")
def test_any_member_history(history: list[tuple[object, ...]], kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "books.beancount"
        path.write_text(render(history, kind), encoding="utf-8")
        entries, errors, options = loader.load_file(str(path))
        again_entries, again_errors, _ = loader.load_file(str(path))

    assert not [e for e in errors if getattr(e, "rule", "") == "internal-error"]
    assert not [e for e in errors if type(e).__name__ == "LoadError"], "the plugin never raises"
    for error in errors:
        assert error.source["filename"] == str(path), error
        assert error.source["lineno"] >= 1, error
    assert again_entries == entries
    assert [e.message for e in again_errors] == [e.message for e in errors]

    fund, _ = read_fund(entries, options)
    real = realization.realize(entries)  # type: ignore[no-untyped-call]
    for member_kind in fund.member_types:
        parent = MEMBER_ACCOUNT_KINDS[member_kind].parent
        node = realization.get(real, parent)  # type: ignore[no-untyped-call]
        if node is None:
            beancount_total = Decimal(0)
        else:
            balance = realization.compute_balance(node)  # type: ignore[no-untyped-call]
            beancount_total = balance.get_currency_units("THB").number
        model_total = sum(
            (
                balance
                for account, balance in fund.balances.items()
                if account.rpartition(":")[0] == parent
            ),
            Decimal(0),
        )
        assert model_total == beancount_total, parent
