"""The books: the fund, its members and their accounts, the rules in force, savings arrears,
and their rules' checks (:mod:`kongtun.ledger.books.checks`, one function per rule id).

The lowest layer of the model above kongtun.ledger's base modules (i18n, thai, problems,
messages): it imports nothing from loans, welfare, reports or years.
"""
