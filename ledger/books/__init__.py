"""The books: the fund, its members and their accounts, the rules in force, savings arrears.

The lowest layer of the model above kongtun.ledger's base modules (i18n, thai, errors):
it imports nothing from loans, welfare, reports or years.
"""
