"""Loans: schedules, moratoria, the loan book (member loans and the fund's borrowings), loan rules.

Built on kongtun.ledger.books; never imports welfare, reports or years.
"""
