"""Grants: money given for a purpose, spent by budget line, reported back to the giver.

Built on kongtun.ledger.books; never imports loans, welfare, reports or years. Inside, lowest
first: book (the grants, their lines and amendments, the money of each), checks (one function
per rule id), reader (the grant pass, which reads the entries and calls the checks).
Documented for users in docs/grants.md.
"""
