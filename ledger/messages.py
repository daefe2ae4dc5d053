"""Words for problems: every rule's message template, and the one renderer of a problem.

The model returns :class:`~kongtun.ledger.problems.Problem` values (rule id, where, typed
parameters) and never chooses a language. The edges — the Beancount plugin's errors, the CLI,
the importers, the Fava pages and the PDFs — turn them into words here, in Thai or English,
through the gettext catalogs: :func:`render` for text, :func:`to_error` for a Beancount error.
Each template is the English source; the Thai is in ``ledger/locale/th``. Stable ids,
documented in docs/rules.md with their fixes; the code that raises each id is listed in
:mod:`kongtun.ledger.registry`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final, NamedTuple

from beancount.core.amount import Amount

from kongtun.ledger.i18n import DEFAULT_LANG, N_, Lang, gettext
from kongtun.ledger.labels import labelled
from kongtun.ledger.problems import Msg, Phrase, Problem
from kongtun.ledger.thai import message_date, money

#: Rule id -> message template (English source; Thai in the catalog). Stable ids: documented
#: in docs/rules.md with their fixes; never renamed.
RULES: Final[dict[str, str]] = {
    "fund-missing": N_(
        "the ledger loads kongtun but declares no fund. Add a line such as "
        '`2024-01-01 custom "fund" "savings-group"` before the first member.'
    ),
    "fund-duplicate": N_(
        "the fund is declared a second time (first at {first}). Keep one "
        '`custom "fund"` line and delete this one.'
    ),
    "fund-kind-unknown": N_('unknown fund kind "{kind}". Write one of: {known}.'),
    "rules-unknown-key": N_(
        'unknown rule "{key}". Check the spelling; the known rules are: {known}.'
    ),
    "rules-bad-value": N_('rule "{key}" needs {expected}, not {value}. For example: {example}'),
    "member-malformed": N_(
        "a member line needs an id and a name, for example: "
        '`2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"`.'
    ),
    "member-id-malformed": N_(
        'member id "{member}" is malformed. A member id starts with a capital letter A-Z '
        "followed by capital letters, digits or '-', at most 20 characters, e.g. M0001."
    ),
    "member-duplicate": N_(
        "member {member} is declared a second time (first at {first}). Each member is "
        "declared once; give this member another id or delete the line."
    ),
    "member-unknown": N_(
        "{account} belongs to member {member}, who is not declared. Declare the member with "
        '`custom "member" "{member}" "NAME"` on or before {date}, or correct the account.'
    ),
    "member-not-joined": N_(
        "{account}: member {member} joins on {joined}, after this posting on {date}. "
        "Correct the date of the transaction or the member's joining date."
    ),
    "member-account-kind": N_(
        "{account}: a {kind} keeps no such account for its members. Member accounts of a "
        "{kind} are: {known}."
    ),
    "member-left": N_(
        "{account}: member {member} left on {exited}; nothing may be posted to a member's "
        "accounts after the exit (this posting is on {date}). Date the payout on or before "
        "the exit, or correct the member."
    ),
    "member-exit-unknown": N_(
        'member {member} leaves, but was never declared. Declare the member with `custom "member"` '
        "first, or correct the id."
    ),
    "member-exit-before-join": N_(
        "member {member} leaves on {exited}, before joining on {joined}. Correct one of the dates."
    ),
    "member-exit-duplicate": N_(
        "member {member} already left on {exited}. Delete this second exit."
    ),
    "member-exit-balance": N_(
        "member {member} leaves on {exited} with {balance} still in {account}. Pay it out or "
        "settle it on or before the exit date."
    ),
    "savings-negative": N_(
        "the savings of member {member} fall to {balance} on {date}: a member cannot withdraw "
        "more than they have saved."
    ),
    "shares-negative": N_(
        "the shares of member {member} fall to {balance} on {date}: a member cannot take out "
        "more shares than they hold."
    ),
    "savings-withdrawal": N_(
        "member {member} withdraws {amount} of committed (สัจจะ) savings on {date} while "
        'still a member, which the rules in force ("{rules}") do not allow. Pay savings out '
        "on the exit date, or record the assembly's amendment "
        "`savings-withdrawal-allowed: TRUE` in a dated rules directive."
    ),
    "carry-opening-missing": N_(
        "this file should start with one opening transaction carried from the previous "
        "year's books (carried-from metadata), but has {count}. Write the file with "
        "`kongtun carry`, or check the order of the files."
    ),
    "carry-digest-mismatch": N_(
        "the opening balances were carried from {source} when its digest was {carried}; "
        "that file's digest is now {digest}, so it changed after the year was carried. "
        "Find the change (the previous year is closed), or carry the year again."
    ),
    "carry-balance-mismatch": N_(
        "{account} opens with {opened} but closed the previous year with {closed}. "
        "Correct the opening transaction, or carry the year again with `kongtun carry`."
    ),
    "month-end-malformed": N_(
        'a `custom "month-end"` record is dated on the last day of a month and gives the '
        "month's figures: {keys} (amounts in {currency}) and members: (a whole number). "
        "Correct it, or carry the year again with `kongtun carry`."
    ),
    "month-end-duplicate": N_(
        "this month already has a month-end record (at {first}). Keep one and delete this one."
    ),
    "month-end-late": N_(
        "a month-end record is dated on or after {start}, the first day of these books: the "
        "history reads the books themselves from then on. Delete the record."
    ),
    "since-start-malformed": N_(
        'a `custom "since-start"` record is either "received" SOURCE with `amount:` (in '
        '{currency}), SOURCE one of: {sources}; or "benefit" KIND with `category:`, '
        "`claims:` (a whole number), `amount:` (in {currency}) and `members:` (the member "
        "ids paid, each once). Correct it, or carry the year again with `kongtun carry`."
    ),
    "since-start-duplicate": N_(
        "this total is already carried (at {first}): there is one since-start record for "
        "each source and each benefit kind and category. Keep one and delete this one."
    ),
    # loans (kongtun.ledger.loans.book)
    "loan-terms-missing": N_(
        "loan {loan} is disbursed without `{key}`. A disbursement carries the loan's terms, "
        "for example: {example}"
    ),
    "loan-terms-bad": N_(
        "loan {loan}: `{key}` needs {expected}, not {value}. For example: {example}"
    ),
    "loan-first-due-early": N_(
        "loan {loan}: the first instalment is due on {first_due}, before the loan is "
        "disbursed on {date}. Set first-due after the disbursement."
    ),
    "loan-duplicate": N_(
        "loan {loan} is disbursed a second time (first at {first}). Give each loan its own id, "
        "or write this transaction as a repayment (only `loan:`, no terms)."
    ),
    "loan-no-account": N_(
        "loan {loan} carries loan terms but pays nothing into a member's loan account "
        "(Assets:Loans:MEMBER, a positive amount) or from a lender (Liabilities:Loans:LENDER, a "
        "negative amount). Post the amount lent to one of them."
    ),
    "loan-not-approved": N_(
        "{member} loan {loan} has no `approved:` metadata. Write the committee resolution that "
        'approved it, for example: approved: "มติกรรมการ ครั้งที่ 3/2567".'
    ),
    "loan-over-max": N_(
        '{member} loan {loan} of {amount} is above the largest loan the rules ("{rules}") '
        "allow, loan-max-amount {limit}. Lend at most {limit}."
    ),
    "loan-over-multiple": N_(
        "{member} loan {loan} of {amount} brings the member's loans to {total}, above "
        'loan-max-multiple {multiple} × savings and shares of {base} = {limit} ("{rules}"). '
        "Lend less, or wait until the member has saved more."
    ),
    "loan-guarantors-missing": N_(
        "{member} loan {loan} of {amount} names too few guarantors ({count}); above {above} "
        'the rules ("{rules}") ask for at least {minimum}. List them as '
        '`guarantors: "M0002 M0003"`.'
    ),
    "loan-guarantor-invalid": N_(
        "{member} loan {loan}: guarantor {guarantor} {reason}. A guarantor is another member, "
        "active on the day of the loan; name another one."
    ),
    "loan-rate-over-rules": N_(
        "{member} loan {loan} at {rate} % a year is above the rules' loan-rate-max of {limit} % "
        'a year ("{rules}"). Lend at {limit} % a year or less.'
    ),
    "loan-rate-over-law": N_(
        "{member} loan {loan} costs {measured} % a year on the balance actually outstanding "
        "({method}, {rate} % a year), above the 15 % a year the Civil and Commercial Code "
        "allows (s. 654): interest above it is void. Lower the rate, or lend on the declining "
        "balance."
    ),
    "loans-max-open": N_(
        '{member} has {count} open loans with loan {loan}; the rules ("{rules}") allow {limit}. '
        "Have an earlier loan repaid first."
    ),
    "repayment-loan-unknown": N_(
        "this transaction names loan {loan}, which was never disbursed. Correct the `loan:` id "
        "to the one on the disbursement."
    ),
    "repayment-loan-repaid": N_(
        "repayment to loan {loan} on {date}, which was repaid in full on {repaid}. Correct the "
        "`loan:` id, or record the money as savings."
    ),
    "repayment-over-principal": N_(
        "repayment to loan {loan} on {date} pays {paid} of principal, more than the {outstanding} "
        "still owed. Record the rest as savings, or correct the amounts."
    ),
    "repayment-order": N_(
        "repayment to loan {loan} on {date} puts {principal} to principal and {interest} to "
        "interest while {due} of interest is due. A payment goes to the late charge first, "
        "then to the interest due, then to principal: record {expected_interest} as interest "
        "and {expected_principal} as principal."
    ),
    "late-charge-over-rules": N_(
        "late charge of {charge} on loan {loan} on {date} is above what the rules allow that "
        "day: {allowed} (overdue instalments {count} × fine-late-installment {fine}, plus "
        "late-interest-rate {late_rate} % a year on the overdue principal {overdue}, less "
        "{earlier} already charged for these arrears). Charge at most {allowed}."
    ),
    "late-charge-in-moratorium": N_(
        'late charge of {charge} on loan {loan} on {date}, inside the moratorium "{moratorium}" '
        "({start} to {end}; {resolution}) that pauses its instalments: nothing falls overdue "
        "during it. Remove the charge."
    ),
    "late-interest-over-law": N_(
        'the rules ("{rules}") set late-interest-rate at {rate} % a year, above the 5 % a year '
        "Thai law allows on the overdue instalment's principal (Civil and Commercial Code "
        "s. 224 and 224/1). Set it to 5 or less."
    ),
    "moratorium-missing": N_('moratorium "{title}" has no `{key}`. For example: {example}'),
    "moratorium-bad": N_(
        'moratorium "{title}": `{key}` needs {expected}, not {value}. For example: {example}'
    ),
    "moratorium-end-before-start": N_(
        'moratorium "{title}" ends on {end}, before it starts on {start}. Correct one of the dates.'
    ),
    # -- welfare funds (kongtun.ledger.welfare.contributions, benefits, welfare) ----------------
    "contribution-while-lapsed": N_(
        "member {member} lapsed on {lapsed}; this contribution of {amount} on {date} belongs "
        'to no membership. Record `custom "member-rejoin" "{member}"` first if the rules '
        "allow rejoining, or refund the money."
    ),
    "rejoin-unknown": N_(
        'member "{member}" rejoins, but is not a declared member who has not left. A member '
        "who left with member-exit joins again under a new id; check the id."
    ),
    "rejoin-not-lapsed": N_(
        "member {member} rejoins on {date} but has not lapsed: only a lapsed member rejoins. "
        "Delete this line, or record the missed contributions as they were."
    ),
    "rejoin-not-allowed": N_(
        'member {member} (lapsed on {lapsed}) rejoins, but the rules in force ("{rules}") do '
        "not allow rejoining. Record the assembly's decision `rejoin: TRUE` in a dated rules "
        "directive, or register the person as a new member."
    ),
    "benefit-malformed": N_(
        "a benefit line needs a kind in lower case and an amount in {currency}, for example: "
        '`2024-01-01 custom "benefit" "hospital-night" 200 {currency}`.'
    ),
    "benefit-unknown-key": N_(
        'benefit {kind}: unknown key "{key}". Check the spelling; a benefit line knows: {known}.'
    ),
    "benefit-bad-value": N_(
        'benefit {kind}: "{key}" needs {expected}, not {value}. For example: {example}'
    ),
    "benefit-tier-duplicate": N_(
        "benefit {kind} is declared twice for {years} or more years of membership on {date} "
        "(first at {first}). Lines of one kind on one day are its tiers by `min-years:`; "
        "delete one, or give it another `min-years:`."
    ),
    "claim-malformed": N_(
        "a benefit payment needs `member:` and `benefit:` metadata and an amount posted to "
        'Expenses:Welfare, for example: `member: "M0001"`, `benefit: "birth"`. Add what is '
        "missing, or take the welfare posting out of this transaction."
    ),
    "claim-member-unknown": N_(
        'benefit {benefit} is paid to "{member}", who is not a declared member. Correct '
        '`member:` or declare the member with `custom "member"`.'
    ),
    "claim-benefit-unknown": N_(
        'no benefit "{benefit}" is in force on {date}; benefits in force: {known}. Correct '
        '`benefit:` or declare the benefit with `custom "benefit"` on or before that date.'
    ),
    "claim-beneficiary-missing": N_(
        "benefit {benefit} for member {member} is paid after the member's death: name who "
        'receives it, e.g. `beneficiary: "นายสมชาย ใจดี"`.'
    ),
    "claim-death-no-exit": N_(
        "benefit {benefit} for member {member} is paid on the member's death, but the "
        'member has not left the fund. Record `custom "member-exit" "{member}" "เสียชีวิต"` '
        "on the date of death."
    ),
    "claim-member-left": N_(
        "member {member} left on {exited}; only a benefit paid on death can be paid after "
        "the exit, not {benefit}. Date the payment on or before the exit, or correct the claim."
    ),
    "claim-not-member": N_(
        "member {member} joins on {joined}, after this claim for {date}. Correct the date of "
        "the claim or the member's joining date."
    ),
    "claim-lapsed": N_(
        "member {member} lapsed on {lapsed} (contributions paid up to {through}); a lapsed "
        "member cannot claim {benefit} on {date}. If the rules allow it the member rejoins "
        '(`custom "member-rejoin"`) and waits out a new waiting period.'
    ),
    "claim-arrears": N_(
        "member {member} is behind with contributions on {date} (periods unpaid: {missed}, "
        "paid up to {through}); {benefit} is paid only to members whose contributions are up "
        "to date. Record the missing contributions first."
    ),
    "claim-waiting": N_(
        "member {member} (member since {since}) claims {benefit} for {date}, {days} days "
        "later; the waiting period is {waiting} days, so the first day to claim is {first}."
    ),
    "claim-tenure": N_(
        "full years of membership of member {member} on {date}: {years}; {benefit} needs at "
        "least {least}."
    ),
    "claim-birth-date-missing": N_(
        "benefit {benefit} needs an age of at least {least}, but member {member} has no "
        "`birth-date:` on the member line. Add it, e.g. `birth-date: 1950-05-01`."
    ),
    "claim-too-young": N_(
        "member {member} is {age} on {date}; benefit {benefit} needs an age of at least {least}."
    ),
    "claim-units-missing": N_(
        "benefit {benefit} is paid per {per}: write how many in `units:`, e.g. `units: 3`."
    ),
    "claim-amount": N_(
        "member {member} is paid {paid} of benefit {benefit} on {date}; the rules in force "
        "give {allowed} ({how}). Pay {allowed}, or correct the claim."
    ),
    "matching-malformed": N_(
        'matching round "{round}" needs `cut-off:` (a date), `basis:` (an amount per eligible '
        "member) and a posting to an Income:Matching account, for example: "
        "`cut-off: 2024-09-30` and `basis: 365 THB`."
    ),
    "matching-excess": N_(
        'matching round "{round}" received {amount}, but the members eligible on '
        "{cut_off} ({count}) × {basis} = {expected}. The excess of {difference} must be "
        'refunded: record the refund with `matching: "{round}"`.'
    ),
    "matching-short": N_(
        'matching round "{round}" received {amount}, but the members eligible on '
        "{cut_off} ({count}) × {basis} = {expected}: {difference} short. Check the member "
        "register and the cut-off date, or record the rest of the money with the same "
        "`matching:` id."
    ),
    "admin-over-share": N_(
        "administration costs in the year to {year_end} were {spent}, more than {share} per "
        "cent of the fund ({size} at the end of the year), which allows {limit}. Bring the "
        "costs back within admin-max-share, or record the assembly's new share in a dated "
        "rules directive."
    ),
    "plugin-config": N_(
        "cannot read the plugin's configuration {config}. Write it as a Python dict, "
        "for example: \"{{'lang': 'en'}}\"; lang is th or en."
    ),
    "plugin-missing": N_(
        "this ledger does not load kongtun's checks. Add the line "
        '`plugin "kongtun.plugins.fund"` near the top of the main file.'
    ),
    "internal-error": N_(
        "kongtun could not check this ledger ({error}). The books themselves are unchanged; "
        "please report this with the ledger file."
    ),
    # the year end (kongtun.ledger.years.checks)
    "allocation-over-100": N_(
        "the allocation gives {total} percent of the surplus, more than 100 percent. Lower the "
        "`allocate-…` percentages so that they add up to 100 or less (the reserve takes what "
        "is left)."
    ),
    "allocation-reserve-below-min": N_(
        "the reserve gets at most {reserve} percent of the surplus, below reserve-min {minimum} "
        "percent. "
        "Raise allocate-reserve, or lower the other `allocate-…` percentages."
    ),
    "allocation-dividend-over-cap": N_(
        "dividend-rate {rate} % a year is above dividend-rate-max {cap} %. Declare a dividend "
        "rate of at most {cap} %."
    ),
    "allocation-shapes-mixed": N_(
        "the rules set both {rate_key} (a rate) and {share_key} (a share of the surplus). "
        "Keep one of them: delete the other, or set it in a directive with replace: TRUE."
    ),
    "year-end-duplicate": N_(
        "the year end {year} ({step}) is recorded a second time (first at {first}). A year's "
        "surplus is shared out once: delete this transaction."
    ),
    "year-end-surplus-short": N_(
        "the year end {year}: the surplus is {surplus}, and what the rules give leaves the "
        "reserve {reserve}, below its minimum {minimum} ({short} short). Lower dividend-rate, "
        "interest-return-rate or the funds' amounts from the year's last day on, then record "
        "the year end again."
    ),
    "year-end-mismatch": N_(
        "the year end {year} gives {recorded} to {account} ({who}), but the rules in force on "
        "{date} give {expected}. Delete the year end's transactions and run "
        "`kongtun year-end --year {year} --write` again."
    ),
    "dividend-overpaid": N_(
        "{account} is paid {over} more than the year end allocated to it. A dividend or "
        "return is paid once: correct or delete the payment."
    ),
    # -- loans and moratoria: gaps a committee expects closed (issue 12) ------------------------
    "loan-guarantor-left": N_(
        "guarantor {guarantor} leaves the fund on {date} ({reason}) while {member} loan {loan}, "
        "which {guarantor} guarantees, still has {outstanding} of principal outstanding. Have "
        "the committee decide (another guarantor, or repayment) and write its resolution on "
        'this exit, for example: guarantees-resolution: "มติกรรมการ ครั้งที่ 5/2567".'
    ),
    "repayment-interest-over-due": N_(
        "repayment to loan {loan} on {date} puts {interest} to interest, more than the "
        "{allowed} of interest due by the next instalment on {next_due}. Interest beyond what "
        "is due is an overcharge: record the rest as principal or savings, or return it."
    ),
    "moratorium-scope-unknown": N_(
        'moratorium "{title}": `applies-to` names {scope} "{name}", but {why}. Correct the '
        "name; separate several with commas, for example: villages หมู่ 1, หมู่ 2."
    ),
    "moratorium-scope-empty": N_(
        'moratorium "{title}" (applies-to: "{applies_to}") covers no loan disbursed before '
        "its start on {start}, so it changes nothing. Correct `applies-to` or `start`, or "
        "remove it."
    ),
    "date-buddhist-era": N_(
        "this entry is dated {date}, a year of the Buddhist Era (B.E.), but the ledger's dates "
        "are in the Common Era (B.E. − 543). Write the date as {meant}."
    ),
    "period-close-malformed": N_(
        'a `custom "period-close"` is dated on the last day of a month and gives one digest '
        '"sha256:" with 64 hex digits (and `previous:`, when there is one, a digest too); '
        "this one on {date} is not. Write closes with `kongtun close`, never by hand."
    ),
    "closed-period-changed": N_(
        "the books were closed to {closed} by {close} ({digest}…), but the entries of {day} "
        "are no longer those that were closed: {change}. Undo the change; correct a closed "
        "month only with an entry dated after the close (docs/closes.md)."
    ),
    "closed-period-entry": N_(
        "this entry is dated {date}, but the books were closed to {closed} by {close}. Date it "
        "after the close: a correction of a closed month is a new entry in an open month."
    ),
    "closed-period-chain": N_(
        "the close of {closed} names {previous} as the close before it, but the close before "
        "it is {expected} (or the month is closed twice). The chain of closes is broken: "
        "restore the closes as they were written, or ask the committee to check the books."
    ),
    "carry-close-mismatch": N_(
        "the opening records {carried} as the last month close of {source}, but that file's "
        "last close is {last}. The previous year's closes changed after it was carried: "
        "restore them, or carry the year again with `kongtun carry`."
    ),
    # -- grants (kongtun.ledger.grants, docs/grants.md) ---------------------------------------
    "grant-malformed": N_("grant {grant}: {reason}. Correct the directive (docs/grants.md)."),
    "grant-unknown": N_(
        'grant "{grant}" is not declared; the grants of these books are: {known}. Correct '
        '`grant:` or declare the grant with `custom "grant"`.'
    ),
    "grant-line-unknown": N_(
        'grant {grant} has no budget line "{line}"; its lines are: {known}. Write the line '
        'in `budget-line:`, or declare it with `custom "grant-line"`.'
    ),
    "grant-untagged": N_(
        "{account} is money of grant {grant}, but this transaction does not say "
        '`grant: "{grant}"`. Add the tag, or post the fund\'s own money to its own accounts.'
    ),
    "grant-over-budget": N_(
        'grant {grant}: line "{line}" has used {used} on {date}, {over} over its budget of '
        "{budget}. Spend from another line, or record the grantor's approval of a budget "
        'transfer (`custom "grant-transfer"`) before this date.'
    ),
    "grant-outside-period": N_(
        "grant {grant}: money spent on {date}, outside the grant's period ({start} to {end}). "
        "Correct the date, or record the spending with the grantor's approval of a longer "
        "period."
    ),
    "grant-over-amount": N_(
        "grant {grant}: the grantor has paid {received} in all, more than the grant's amount "
        "of {amount}. Correct the tranche, or return what was paid over."
    ),
    "grant-share-short": N_(
        "grant {grant}: the community put in {paid} of its required share of {share} by the "
        "end of the period on {end}. Record the rest of the share, or the grantor's waiver."
    ),
    "grant-leftover": N_(
        "grant {grant} ended on {end} and {left} is still held for it on {last}. Return it to "
        "the grantor or convert it to the fund's loan capital by a transaction that records "
        "the resolution (`resolution:`)."
    ),
    "meeting-malformed": N_(
        "the meeting of {date} has `{key}: {value}`, which a meeting does not say. A `custom "
        '"meeting"` has a title, `kind:` "annual-general", "extraordinary-general" or '
        '"committee", `attendance:` the number present (a whole number) and `resolution-1:`, '
        "`resolution-2:` … as texts (docs/ledger-language.md)."
    ),
    # issue 15: restructuring one loan
    "loan-restructure-bad": N_(
        "restructuring of loan {loan} on {date}: `{key}` needs {expected}, not {value}. "
        "For example: {example}"
    ),
    "loan-restructure-repaid": N_(
        "loan {loan} is restructured on {date}, but no principal of it is outstanding at the "
        "end of that day. Remove the restructuring, or date it while the loan is still owed."
    ),
    "loan-restructure-not-approved": N_(
        "{member} loan {loan} is restructured on {date} without `approved:` metadata. Write "
        'the committee resolution that approved it, for example: approved: "มติกรรมการ ครั้งที่ '
        '5/2568".'
    ),
    "loan-restructure-rate-over": N_(
        "{member} loan {loan} is restructured on {date} at {rate} % a year, above {limit} % a "
        "year ({source}). Restructure at {limit} % a year or less."
    ),
    "loan-restructure-term-over": N_(
        "{member} loan {loan} is restructured on {date} over {months} months to its last "
        'instalment, more than the rules\' restructure-max-months of {limit} ("{rules}"). Give '
        "fewer instalments or a shorter grace period."
    ),
    "loan-restructure-capitalised": N_(
        'loan {loan} is restructured on {date} with overdue-interest "{treatment}", and '
        "{capitalised} of interest is added to the principal that day; it should be "
        "{expected} (the interest unpaid that day is {unpaid}). Record one transaction that "
        "day that debits the loan account and credits the interest income by the unpaid "
        "interest (capitalise), or none (waive)."
    ),
    # issue 15: writing a loan off, and recovering it
    "loan-write-off-not-approved": N_(
        "{member} loan {loan}: {amount} is written off on {date} without `approved:` "
        "metadata. Write the resolution that wrote it off, for example: approved: "
        '"มติที่ประชุมใหญ่ ครั้งที่ 1/2568".'
    ),
    "loan-recovery-bad": N_(
        "loan {loan}: {recovered} is recorded as recovered on {date}, but only {left} of it "
        "is written off and not yet recovered. Record what was not written off as a "
        "repayment (to the loan account), or correct the amount."
    ),
    # issue 15: the allowance for doubtful loans
    "loan-provision-mismatch": N_(
        "the allowance for doubtful loans is {recorded} at the end of {date}, but the rules "
        '("{rules}") require {required} that day (loans counted: {loans}). Change it by {change}: '
        "kongtun provision LEDGER --date DAY --write records it."
    ),
    "moratorium-province-unknown": N_(
        'moratorium "{title}": `applies-to` names the province "{name}", which is not one of '
        "Thailand's 77 provinces as written in Thai, so it covers no organisation. Write the "
        "province's name in full as in the organisations' `province:` (for example: "
        "provinces เชียงราย, พะเยา), without จ. or จังหวัด."
    ),
    "lender-code-missing": N_(
        "a lender's books need `code:`, the name its borrowers give it in their "
        'Liabilities:Loans account (a capital letter, then letters, digits or -), not "{code}". '
        'For example: code: "CODI".'
    ),
    # issue 15: the year end takes the allowance into account first
    "year-end-provision-mismatch": N_(
        "the year end {year} is recorded while the allowance for doubtful loans on {date} is "
        "{recorded}, but the rules require {required}: the surplus is not the year's. Delete "
        "the year end's transactions, record the allowance (kongtun provision LEDGER --date "
        "DAY --write), then the year end again."
    ),
    # issue 18: a line declared late, a restricted account overdrawn
    "grant-line-late": N_(
        'grant {grant}: budget line "{line}" is declared on {declared}, but {spent} was spent '
        "on it before that, from {first}. Date the line on the day the grantor approved it (on "
        "or before the first voucher), or move those vouchers to a line declared then."
    ),
    "grant-overdrawn": N_(
        "grant {grant}: this transaction of {date} takes {account} from {before} to {balance}: "
        "more is spent than the grant's tranches and the community's share put in until then. "
        "Record the tranche or share that paid for it on or before this date, or pay the rest "
        "from the fund's own money."
    ),
    # issue 19: covering a loss from the reserve
    "year-end-cover-over": N_(
        "the year end {year} covers {covered} of the loss from the reserve on {date}, more "
        "than {limit}: the loss to cover is {loss} and the reserve holds {reserve} that day. "
        "Cover at most {limit} (the rest stays carried forward): delete this transaction and "
        "run `kongtun year-end --year {year} --cover reserve --resolution TEXT --write` again."
    ),
    # issue 15: late charges at a restructuring, and the allowance set only by its entries
    "loan-restructure-late-charges": N_(
        'loan {loan} is restructured on {date} with late-charges "{treatment}", and {capitalised} '
        "of late charges is added to the principal that day; it should be {expected} (the late "
        "charges owed that day are {owed}: overdue instalments {count} × "
        "fine-late-installment {fine}, plus default interest {late_interest} on the overdue "
        "principal, less {earlier} already charged for these arrears). Credit the fines "
        "income by the late charges owed in the transaction that capitalises "
        '(late-charges: "capitalise"), or by nothing (waive).'
    ),
    "loan-allowance-posting": N_(
        "a transaction of {date} posts {amount} to {account} but is neither a provision "
        "(`provision: TRUE`) nor a loan's write-off (`loan:`), so the allowance would change "
        "unchecked. Record the change with kongtun provision LEDGER --date DAY --write, or "
        "write the loan off with its `loan:` and `approved:`."
    ),
}


class FundError(NamedTuple):
    """A problem in words, shaped like Beancount's errors (source, message, entry).

    It keeps the rule id and the parameters, so an edge can say it again in another language
    with :meth:`render` (``kongtun check --lang en`` on books whose plugin speaks Thai).
    """

    source: Mapping[str, Any]
    message: str
    entry: Any
    rule: str
    params: Mapping[str, object]

    def render(self, lang: Lang) -> str:
        """The message (``rule-id: text``) in ``lang``."""
        return render(self.rule, self.params, lang)

    def problem(self) -> Problem:
        """The problem as data again."""
        return Problem(self.rule, self.source, self.params, self.entry)


def format_param(value: object, lang: Lang) -> str:
    """One message parameter as the user reads it in ``lang``."""
    if isinstance(value, Msg):
        text = gettext(value, lang)
    elif isinstance(value, Phrase):
        text = gettext(value.msgid, lang).format(
            **{key: format_param(item, lang) for key, item in value.params.items()}
        )
    elif isinstance(value, Problem):  # a problem quoted in another one's message
        text = render_problem(value, lang)
    elif isinstance(value, Amount) and value.number is not None:
        text = money(value.number, value.currency, lang)
    elif isinstance(value, datetime.date):
        text = message_date(value, lang)
    elif isinstance(value, Decimal):
        text = f"{value:,}"
    elif isinstance(value, (list, tuple)):
        text = ", ".join(format_param(item, lang) for item in value)
    else:
        text = str(value)
    return text


def render(
    rule: str, params: Mapping[str, object], lang: Lang, catalog: Mapping[str, str] = RULES
) -> str:
    """``rule-id: message`` for ``rule`` in ``lang``: its template from ``catalog`` (the
    model's rules, or an edge's own, such as the importers' ``IMPORT_RULES``)."""
    template = labelled(gettext(catalog[rule], lang), lang)
    return f"{rule}: " + template.format(
        **{key: format_param(value, lang) for key, value in params.items()}
    )


def render_problem(problem: Problem, lang: Lang, catalog: Mapping[str, str] = RULES) -> str:
    """A problem in words: ``rule-id: message`` in ``lang`` (its template from ``catalog``)."""
    return render(problem.rule, problem.params, lang, catalog)


def to_error(problem: Problem, lang: Lang = DEFAULT_LANG) -> FundError:
    """The Beancount error for a problem, its message in ``lang``."""
    return FundError(
        problem.source, render_problem(problem, lang), problem.entry, problem.rule, problem.params
    )


def to_errors(problems: list[Problem], lang: Lang = DEFAULT_LANG) -> list[FundError]:
    """Beancount errors for problems, in ``lang``."""
    return [to_error(problem, lang) for problem in problems]


SUSPENSE_WARNING: Final = N_(
    "warning: {account} (lines waiting to be explained) holds {amount}. Find what each bank "
    "line in it is and move it to its account; the books are not final until {account} is "
    "back to zero."
)


class SuspenseWarning(NamedTuple):
    """Money waiting in Assets:Suspense (bank lines no rule explained): not a problem — it
    does not change ``kongtun check``'s exit status — but the books are not final
    (docs/importing.md). ``check`` says it on stderr and in its JSON (``warnings``), the Fava
    pages above every page."""

    account: str
    balance: Decimal
    currency: str

    def text(self, lang: Lang) -> str:
        amount = money(abs(self.balance), self.currency, lang)
        return gettext(SUSPENSE_WARNING, lang).format(account=self.account, amount=amount)

    def as_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "warning": "suspense-held",
            "account": self.account,
            "balance": f"{self.balance:.2f}",
            "currency": self.currency,
            "message": self.text(lang),
        }


class ErrorLine(NamedTuple):
    """One error of a load (Beancount's or kongtun's) in words: where it is, its rule id and
    its message — a line of ``kongtun check``, of the reports' list of problems, of Fava's."""

    file: str
    line: int
    rule: str
    message: str

    def text(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "rule": self.rule, "message": self.message}


def beancount_rule(error: Any) -> str:
    """A rule id for one of Beancount's own errors, from its class: ``beancount-parser``."""
    name = type(error).__name__
    name = name.removesuffix("Error") or name
    return "beancount-" + "".join(
        f"-{char.lower()}" if char.isupper() and index else char.lower()
        for index, char in enumerate(name)
    )


def error_line(error: Any, lang: Lang) -> ErrorLine:
    """A Beancount or kongtun error as a line in ``lang``."""
    source: Mapping[str, Any] = error.source or {}
    file = str(source.get("filename") or "<unknown>")
    line = int(source.get("lineno") or 0)
    if isinstance(error, FundError):
        return ErrorLine(file, line, error.rule, error.render(lang))
    rule = beancount_rule(error)
    return ErrorLine(file, line, rule, f"{rule}: {error.message}")
