"""Welfare funds: contributions and standings, benefits, claims, matching money.

Built on kongtun.ledger.books; never imports loans, reports or years.
"""
