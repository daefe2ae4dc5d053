"""``kongtun provision LEDGER --date D [--format json] [--write]``: the allowance for doubtful
loans the rules require on a day, loan by loan (:mod:`kongtun.ledger.loans.provision`).

Without ``--write`` it only shows it. With ``--write`` it appends the entry that brings the
allowance to it (``provision: TRUE``, ``Expenses:BadDebts`` against
``Assets:Allowance:Loans``), then loads the books again: if they do not check out clean, the
file is put back byte for byte and the command stops."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import click

from kongtun.cli.carry import load_clean
from kongtun.cli.check import report_line
from kongtun.cli.common import LANG_OPTION, day_option, fail, say, words
from kongtun.cli.files import write_atomic
from kongtun.cli.load import load_books
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.i18n import N_, Lang
from kongtun.ledger.loans.provision import Provision, provision, provision_entry
from kongtun.ledger.model import loaded_books
from kongtun.ledger.thai import message_date, money, money_figure


def read_provision(ledger: str, day: datetime.date, lang: Lang) -> Provision:
    """Load ``ledger`` (clean) and give the allowance its rules require on ``day``."""
    entries, options = load_clean(ledger, lang)
    books = loaded_books(entries, options)
    loans = books.loans
    return provision(loans.member_loans, books.fund.rules.on(day), day, loans.allowance)


def provision_text(found: Provision, lang: Lang, currency: str = "THB") -> str:
    """The allowance loan by loan, then its total, the one recorded and the change."""
    out = [
        words(
            lang,
            N_("Allowance for doubtful loans on {day} (rules: {rules})"),
            day=message_date(found.day, lang),
            rules=found.rules,
        ),
        "  ".join(
            words(lang, head)
            for head in (
                N_("Loan"),
                N_("Member"),
                N_("Outstanding"),
                N_("Days past due"),
                N_("Rate"),
                N_("Required"),
            )
        ),
    ]
    for line in found.lines:
        out.append(
            f"{line.loan.id}  {line.loan.party}  {money_figure(line.outstanding, lang)}  "
            f"{line.days_past_due}  {line.rate} %  {money_figure(line.required, lang)}"
        )
    out.append(
        words(
            lang,
            N_("Required {required}; recorded {recorded}; change {change}"),
            required=money(found.required, currency, lang),
            recorded=money(found.recorded, currency, lang),
            change=money(found.change, currency, lang),
        )
    )
    return "\n".join(out) + "\n"


def provision_json(found: Provision) -> str:
    """The allowance as JSON (amounts as decimal strings, dates ISO)."""
    payload = {
        "day": found.day.isoformat(),
        "rules": found.rules,
        "loans": [
            {
                "loan": line.loan.id,
                "member": line.loan.party,
                "outstanding": str(line.outstanding),
                "days_past_due": line.days_past_due,
                "band": line.band,
                "rate": str(line.rate),
                "required": str(line.required),
            }
            for line in found.lines
        ],
        "required": str(found.required),
        "recorded": str(found.recorded),
        "change": str(found.change),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def append_checked(path: Path, text: str, lang: Lang) -> None:
    """Append ``text`` to ``path`` atomically; put the file back and stop if the books do not
    load clean with it."""
    before = path.read_bytes()
    joint = b"" if before.endswith(b"\n") or not before else b"\n"
    write_atomic(path, before + joint + b"\n" + text.encode("utf-8"))
    _, errors, _ = load_books(path)
    if errors:
        write_atomic(path, before)
        for error in errors:
            click.echo(report_line(error, lang).text(), err=True)
        fail(lang, N_("the provision did not check out, so nothing was written."))


@click.command(
    "provision",
    cls=KongtunCommand,
    help=N_(
        "Show the allowance for doubtful loans LEDGER's rules require on --date, loan by loan "
        "(provision-30, -90, -180, -365: per cent of the principal outstanding by days past "
        "due), "
        "the allowance recorded and the change; with --write, append the entry that records it."
    ),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@day_option("--date", "day", N_("The day of the allowance (2024-12-31 or 2567-12-31)."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("text for people, json for programs."),
)
@click.option("--write", is_flag=True, help=N_("Append the entry that records the change."))
@LANG_OPTION
def provision_command(
    *, ledger: str, day: datetime.date | None, fmt: str, write: bool, lang: Lang
) -> None:
    if day is None:
        fail(lang, N_("--date is needed: the day of the allowance, such as 2567-12-31."))
    found = read_provision(ledger, day, lang)
    click.echo(provision_json(found) if fmt == "json" else provision_text(found, lang), nl=False)
    if not write:
        return
    if not found.change:
        say(lang, N_("the allowance is already what the rules require; nothing was written."))
        return
    append_checked(Path(os.path.abspath(ledger)), provision_entry(found), lang)
    say(lang, N_("recorded the allowance in {path}"), path=ledger)
