"""Reports: the month pass, member statements, the fund report, the loan and welfare sections.

Read the model (books, loans, welfare); never imported by them. Frozen dataclasses that the
templates format.
"""
