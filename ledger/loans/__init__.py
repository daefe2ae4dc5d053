"""Loans: schedules, moratoria, the loan book (member loans and the fund's borrowings), loan rules.

Built on kongtun.ledger.books; never imports welfare, reports or years. Inside, lowest first:
schedule, moratorium, book (the values), checks (one function per rule id), reader (the loan
pass, which reads the entries and calls the checks).
"""
