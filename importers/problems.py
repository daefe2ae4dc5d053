"""What can be wrong with a file to import, each with a stable rule id and the sheet's row.

A problem is :class:`kongtun.ledger.problems.Problem` data, as the model's are: the rule id,
the file and row (0 when it is about the whole file), typed values. :func:`problem_text`
words it as ``file:row: rule-id: message`` in Thai or English, like ``kongtun check``, with
the templates of :data:`IMPORT_RULES` and the model's renderer. Every rule id is documented in
docs/importing.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from beancount.core.amount import Amount

from kongtun.ledger.i18n import N_, Lang
from kongtun.ledger.messages import render_problem
from kongtun.ledger.problems import Problem

IMPORT_RULES: Final[dict[str, str]] = {
    "import-file-missing": N_("no such file. Check the path and try again."),
    "import-file-empty": N_("the file is empty: there is nothing to import."),
    "import-file-too-large": N_(
        "the file is {size} bytes, more than the {limit} bytes a collection sheet or a bank "
        "statement can be. Check that this is the right file."
    ),
    "import-file-kind": N_(
        "kongtun reads collection sheets and bank statements saved as .xlsx or .csv, not "
        '"{suffix}". Save the sheet from Excel as .xlsx or .csv (CSV UTF-8 or Windows-874).'
    ),
    "import-file-unreadable": N_(
        "the file cannot be read as {kind} ({reason}). It may be cut short or damaged; save it "
        "again from Excel."
    ),
    "import-file-encrypted": N_(
        "the workbook is protected with a password. Open it in Excel, remove the password "
        "(File > Info > Protect Workbook) and save it again."
    ),
    "import-encoding-unknown": N_(
        "the text is neither UTF-8 nor Windows-874 (TIS-620). Save the sheet again as "
        '"CSV UTF-8" from Excel.'
    ),
    "import-encoding-mixed": N_(
        "this line is written in {this}, but line {first} in {other}: the file mixes two "
        "encodings (usually two files pasted together). Save the sheet again from Excel."
    ),
    "import-header-missing": N_(
        "no header row: kongtun looks for a row with the column {column}. The known headers "
        "are: {known}."
    ),
    "import-header-unknown": N_(
        'unknown column "{header}". The known headers are: {known}. Rename the column or delete it.'
    ),
    "import-header-duplicate": N_(
        'the column "{header}" appears twice (also column {first}). Keep one of them.'
    ),
    "import-number-bad": N_(
        '{column}: "{value}" is not an amount of money. Write a number such '
        "as 1,250.50 (Thai digits are fine), or leave the cell blank for 0."
    ),
    "import-number-satang": N_(
        '{column}: "{value}" has more than two decimals; money is counted to the satang.'
    ),
    "import-amount-negative": N_(
        "{column}: {amount} is negative. A collection sheet records money received; record a "
        "withdrawal or a refund in the ledger itself."
    ),
    "import-date-missing": N_(
        "the collection date is missing. Write it above the table (วันที่รับฝาก | 5/1/2568) or "
        "give it on the command line with --date 2025-01-05."
    ),
    "import-date-bad": N_(
        '"{value}" is not a date. Write it as 5/1/2568, 5 ม.ค. 2568 or 2025-01-05.'
    ),
    "import-date-conflict": N_(
        "the sheet says the collection was on {sheet}, the command line says {given}. Correct "
        "one of them."
    ),
    "import-account-bad": N_(
        '"{value}" is not an account the money can be received into. Write เงินสด (cash), '
        "ธนาคาร (bank) or an account of the ledger such as Assets:Bank:GSB."
    ),
    "import-member-missing": N_(
        "this row has amounts but no member id. Write the member's id (for example M0001)."
    ),
    "import-member-unknown": N_(
        "member {member} is not in the books. Correct the id, or declare the member in the "
        'ledger first with `custom "member"`.'
    ),
    "import-member-not-joined": N_(
        "member {member} joins on {joined}, after the collection on {date}. Correct the id or "
        "the date."
    ),
    "import-member-left": N_(
        "member {member} left the fund on {exited}; nothing can be received from them on "
        "{date}. Correct the id, or record the money in the ledger by hand."
    ),
    "import-name-mismatch": N_(
        'the name "{name}" is not the name of member {member} in the books ("{known}"). '
        "The row may be shifted: check the id and the name."
    ),
    "import-row-duplicate": N_(
        "member {member} appears a second time (first on row {first}). Add the amounts into one "
        "row."
    ),
    "import-row-total": N_(
        "the row's total says {stated}, but its amounts add up to {added}. Correct the total "
        "or the amounts."
    ),
    "import-totals-mismatch": N_(
        "the totals row says {stated} for {column}, but the rows add up to {added}. Correct "
        "the totals row or the rows."
    ),
    "import-after-totals": N_(
        "this row is below the totals row. Move it above the totals row, or delete it."
    ),
    "import-loan-unknown": N_(
        "loan {loan} is not in the books. Correct the loan id (it is the `loan:` of the "
        "disbursement)."
    ),
    "import-loan-other-member": N_(
        "loan {loan} was lent to {party}, not to member {member}. Correct the loan id or the "
        "member id."
    ),
    "import-loan-repaid": N_(
        "loan {loan} of member {member} was repaid in full on {repaid}. Record the money as "
        "savings, or correct the loan id."
    ),
    "import-loan-none": N_(
        "the row repays a loan, but member {member} has no open loan. Correct the row, or "
        "record the loan in the ledger first."
    ),
    "import-loan-ambiguous": N_(
        "member {member} has several open loans ({loans}); write which one this row repays in "
        "the column {column}."
    ),
    "import-conflict": N_(
        "{key} was imported before ({where}) with other amounts. Correct that transaction in "
        "the ledger by hand; kongtun does not change what is already in the books."
    ),
    "import-rule": N_("the books would break a rule with this row: {message}"),
    "import-nothing": N_(
        "no rows to import: every row is blank. Check that this is the right file."
    ),
    "import-ledger-missing": N_("cannot read the ledger {path}: no such file."),
    "import-ledger-broken": N_(
        "the ledger has problems already ({count}; see kongtun check {path}); fix them "
        "before importing, so that every problem found belongs to this file."
    ),
    "import-target-not-included": N_(
        "{target} is not part of the ledger {ledger}. Add `include` for it to the ledger first, "
        "or append to the ledger itself."
    ),
    "import-unidentified": N_(
        "this is neither a collection sheet (a column {column}) nor a bank statement in a known "
        "layout ({layouts}). Check the headers; docs/importing.md lists them."
    ),
    "import-bank-layout-unknown": N_(
        'unknown bank layout "{layout}". The layouts are: {layouts} (and those declared in the '
        'ledger with `custom "bank-csv"`).'
    ),
    "import-bank-layout-bad": N_(
        'the bank layout "{layout}" declared in the ledger needs `{key}`: {expected}.'
    ),
    "import-bank-columns": N_(
        'the statement has no column "{column}", which the layout {layout} needs. Export the '
        "statement again, or choose the layout with --bank."
    ),
    "import-bank-both": N_(
        "the line has both a withdrawal ({withdrawal}) and a deposit ({deposit}). Each line is "
        "one or the other."
    ),
    "import-bank-nothing": N_("the line has neither a withdrawal nor a deposit."),
    "import-date-ahead": N_(
        "the date {date} is more than a year after the books' last transaction ({last}). "
        "Check the year (พ.ศ. 2568 is ค.ศ. 2025); if the date is right, import again with "
        "--allow-far-dates."
    ),
    "import-date-back": N_(
        "the date {date} is more than a month before the books' last transaction ({last}): "
        "this money may be in the books already. Check the date; if it is right, import again "
        "with --allow-far-dates."
    ),
    "import-amount-huge": N_(
        "{amount} is more than {limit}, more than a community fund receives in one row. Check "
        "the number; if it is right, import again with --allow-large-amounts."
    ),
    "import-date-closed": N_(
        "the date {date} is in a closed month: the books are closed to {closed} (`custom "
        '"period-close"` at {close}), and a closed month does not change. Record the money as '
        "a correction dated after the close, on {after} or later, with the real date in its "
        "narration."
    ),
}


def import_problem(file: str, row: int, rule: str, **params: object) -> Problem:
    """The problem ``rule`` at ``row`` of ``file`` (row 0: the whole file), as data."""
    return Problem(rule, {"filename": file, "lineno": row}, params)


def thb(number: Decimal) -> Amount:
    """An amount of a sheet or a statement as a message parameter (money, in baht)."""
    return Amount(number, "THB")


def problem_text(problem: Problem, lang: Lang) -> str:
    """``file:row: rule-id: message`` (``file: rule-id: message`` for the whole file) in
    ``lang``, the import rules' words made by the one renderer of problems."""
    file, row = problem.source["filename"], problem.source["lineno"]
    where = f"{file}:{row}" if row else file
    return f"{where}: {render_problem(problem, lang, IMPORT_RULES)}"


class ImportFailure(Exception):
    """Raised where a file cannot be read at all; carries the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem_text(problem, "en") for problem in problems))
        self.problems = problems
