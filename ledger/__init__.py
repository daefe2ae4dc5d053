"""kongtun.ledger — the fund model.

Pure functions from Beancount entries to members, rules and checks. No I/O beyond reading
kongtun's own message catalogs, no Fava, no click.
"""

from kongtun.ledger.fund import Fund, read_fund

__all__ = ["Fund", "read_fund"]
