"""kongtun.ledger — the fund model, in layers (docs/architecture.md).

Base modules here (i18n, thai, errors), then books/ (fund, members, accounts, rules), loans/
and welfare/ above them, reports/ above those and years/ on top. Pure functions from
Beancount entries to frozen values; no I/O beyond reading kongtun's own message catalogs, no
Fava, no click. This package imports nothing itself, so importing one layer never loads another.
"""
