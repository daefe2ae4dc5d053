"""Generators of sample books: the demo funds and the scaled benchmark books.

Outside the model: they write ledger text with the model's helpers (accounts, schedules,
moratoria) and nothing in kongtun.ledger imports them.
"""
