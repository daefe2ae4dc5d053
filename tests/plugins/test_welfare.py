"""The welfare checks, one test per rule id: the breach, and the boundary that passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from beancount.core import data

from kongtun.plugins.welfare import check_welfare
from kongtun.tests.conftest import Loaded, load_text, messages

HEAD = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "welfare-fund"
  name: "กองทุนสวัสดิการทดสอบ"
2024-01-01 custom "rules" "ระเบียบ 2567"
  contribution: 30 THB
  lapse-after-missed: 3
  waiting-days: 180
2024-01-01 custom "benefit" "hospital-night" 200 THB
  per: "night"
  max-per-claim: 600 THB
  max-per-year: 1000 THB
2024-01-01 custom "benefit" "birth" 1000 THB
2024-01-15 custom "member" "M0001" "นางสมศรี ใจดี"
  birth-date: 1964-03-01
2024-01-15 * "นางสมศรี" "เงินสมทบ ม.ค.-ธ.ค. 2567"
  Assets:Cash                  360 THB
  Income:Contributions:M0001  -360 THB
"""


def load(tmp_path: Path, body: str) -> Loaded:
    return load_text(tmp_path, HEAD + body)


def rules_of(errors: list[Any]) -> list[str]:
    return [getattr(error, "rule", type(error).__name__) for error in errors]


def claim(day: str, kind: str, amount: int, units: int | None = None, member: str = "M0001") -> str:
    account = {"hospital-night": "HospitalNight"}.get(kind, kind.capitalize())
    lines = [f'{day} * "สวัสดิการ"', f'  member: "{member}"', f'  benefit: "{kind}"']
    if units is not None:
        lines.append(f"  units: {units}")
    lines += [f"  Expenses:Welfare:{account}  {amount} THB", f"  Assets:Cash  {-amount} THB"]
    return "\n" + "\n".join(lines) + "\n"


# -- the tests the issue asks for ------------------------------------------------------------


def test_waiting_period_138_days_is_rejected(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, claim("2024-06-01", "birth", 1000))
    assert messages(errors) == [
        "claim-waiting: member M0001 (member since 2024-01-15) claims birth for 2024-06-01, "
        "138 days later; the waiting period is 180 days, so the first day to claim is "
        "2024-07-13."
    ]
    assert errors[0].source["lineno"] == 20


def test_waiting_period_187_days_is_allowed(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, claim("2024-07-20", "birth", 1000))
    assert errors == []


def test_waiting_period_first_day_is_allowed(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, claim("2024-07-13", "birth", 1000))
    assert errors == []


def test_benefit_waiting_days_overrides_the_rules(tmp_path: Path) -> None:
    body = """
2024-01-01 custom "benefit" "disaster" 2000 THB
  waiting-days: 30
""" + claim("2024-02-14", "disaster", 2000)
    _, errors, _ = load(tmp_path, body)
    assert errors == []


def test_hospital_caps_per_stay_and_per_year(tmp_path: Path) -> None:
    body = claim("2024-08-01", "hospital-night", 600, units=5) + claim(
        "2024-09-10", "hospital-night", 400, units=3
    )
    entries, errors, _ = load(tmp_path, body)
    assert errors == []
    opens = {e.account: e for e in entries if isinstance(e, data.Open)}
    assert opens["Expenses:Welfare:HospitalNight"].meta["name"] == ("สวัสดิการ: เจ็บป่วยและรักษาพยาบาล")


def test_claim_amount_over_the_yearly_cap(tmp_path: Path) -> None:
    body = claim("2024-08-01", "hospital-night", 600, units=5) + claim(
        "2024-09-10", "hospital-night", 600, units=3
    )
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "claim-amount: member M0001 is paid 600.00 THB of benefit hospital-night on "
        "2024-09-10; the rules in force give 400.00 THB (3 night × 200.00 THB, at most "
        "1,000.00 THB a year, 600.00 THB already paid). Pay 400.00 THB, or correct the claim."
    ]


def test_claim_amount_over_the_stay_cap_in_thai(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, claim("2024-08-01", "hospital-night", 1000, units=5))
    assert errors[0].message == (
        "claim-amount: สมาชิก M0001 ได้รับสวัสดิการ hospital-night 1,000.00 บาท เมื่อ "
        "2024-08-01 (1 ส.ค. 2567) แต่ระเบียบที่ใช้อยู่ให้ 600.00 บาท (5 night × 200.00 บาท, "
        "ไม่เกิน 600.00 บาท ต่อครั้ง) ให้จ่าย 600.00 บาท หรือแก้ไขรายการเบิก"
    )


def test_the_caps_start_again_each_year(tmp_path: Path) -> None:
    body = (
        claim("2024-08-01", "hospital-night", 600, units=5)
        + claim("2024-09-10", "hospital-night", 400, units=3)
        + """
2025-01-10 * "เงินสมทบ 2568"
  Assets:Cash                  360 THB
  Income:Contributions:M0001  -360 THB
"""
        + claim("2025-01-20", "hospital-night", 600, units=3)
    )
    _, errors, _ = load(tmp_path, body)
    assert errors == []


LAPSE = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "welfare-fund"
2024-01-01 custom "rules" "ระเบียบ 2567"
  contribution: 30 THB
  lapse-after-missed: 3
2024-01-01 custom "benefit" "birth" 1000 THB
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2024-01-05 * "เงินสมทบ ม.ค.-มี.ค."
  Assets:Cash                  90 THB
  Income:Contributions:M0001  -90 THB
"""


def test_lapsed_after_three_missed_months_claim_rejected(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, LAPSE + claim("2024-07-01", "birth", 1000))
    assert messages(errors) == [
        "claim-lapsed: member M0001 lapsed on 2024-07-01 (contributions paid up to "
        "2024-03-31); a lapsed member cannot claim birth on 2024-07-01. If the rules allow "
        'it the member rejoins (`custom "member-rejoin"`) and waits out a new waiting period.'
    ]


def test_in_arrears_the_day_before_lapsing(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, LAPSE + claim("2024-06-30", "birth", 1000))
    assert messages(errors) == [
        "claim-arrears: member M0001 is behind with contributions on 2024-06-30 (periods "
        "unpaid: 2, paid up to 2024-03-31); birth is paid only to members whose "
        "contributions are up to date. Record the missing contributions first."
    ]


def test_paying_on_the_lapse_day_keeps_the_membership(tmp_path: Path) -> None:
    body = """
2024-07-01 * "เงินสมทบ เม.ย.-มิ.ย."
  Assets:Cash                  90 THB
  Income:Contributions:M0001  -90 THB
""" + claim("2024-07-01", "birth", 1000)
    _, errors, _ = load_text(tmp_path, LAPSE + body)
    assert errors == []


def test_contribution_while_lapsed(tmp_path: Path) -> None:
    body = """
2024-07-02 * "เงินสมทบหลังขาดสมาชิกภาพ"
  Assets:Cash                  90 THB
  Income:Contributions:M0001  -90 THB
"""
    _, errors, _ = load_text(tmp_path, LAPSE + body)
    assert messages(errors) == [
        "contribution-while-lapsed: member M0001 lapsed on 2024-07-01; this contribution of "
        "90.00 THB on 2024-07-02 belongs to no membership. Record "
        '`custom "member-rejoin" "M0001"` first if the rules allow rejoining, or refund the money.'
    ]


def test_rejoin_not_allowed(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, LAPSE + '2024-08-01 custom "member-rejoin" "M0001"\n')
    assert messages(errors) == [
        "rejoin-not-allowed: member M0001 (lapsed on 2024-07-01) rejoins, but the rules in force "
        '("ระเบียบ 2567") do not allow rejoining. Record the assembly\'s decision `rejoin: TRUE` '
        "in a dated rules directive, or register the person as a new member."
    ]


def test_rejoin_starts_a_new_waiting_period(tmp_path: Path) -> None:
    body = (
        """
2024-07-15 custom "rules" "มติที่ประชุมใหญ่: รับสมาชิกที่ขาดส่งกลับเข้าได้"
  rejoin: TRUE
  waiting-days: 180
2024-08-01 custom "member-rejoin" "M0001"
2024-08-01 * "เงินสมทบ ส.ค. 2567 - ก.ค. 2568"
  Assets:Cash                  360 THB
  Income:Contributions:M0001  -360 THB
"""
        + claim("2024-12-01", "birth", 1000)
        + claim("2025-02-01", "birth", 1000)
    )
    _, errors, _ = load_text(tmp_path, LAPSE + body)
    assert messages(errors) == [
        "claim-waiting: member M0001 (member since 2024-08-01) claims birth for 2024-12-01, "
        "122 days later; the waiting period is 180 days, so the first day to claim is "
        "2025-01-28."
    ]


def test_rejoin_not_lapsed_and_unknown(tmp_path: Path) -> None:
    body = """
2024-03-01 custom "member-rejoin" "M0001"
2024-03-01 custom "member-rejoin" "M0009"
"""
    _, errors, _ = load_text(tmp_path, LAPSE + body)
    assert messages(errors) == [
        'rejoin-unknown: member "M0009" rejoins, but is not a declared member who has not '
        "left. A member who left with member-exit joins again under a new id; check the id.",
        "rejoin-not-lapsed: member M0001 rejoins on 2024-03-01 but has not lapsed: only a "
        "lapsed member rejoins. Delete this line, or record the missed contributions as they "
        "were.",
    ]


# -- benefit lines -----------------------------------------------------------------------------


def test_benefit_malformed(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, '2024-02-01 custom "benefit" "Birth" 500 THB\n')
    assert messages(errors) == [
        "benefit-malformed: a benefit line needs a kind in lower case and an amount in THB, "
        'for example: `2024-01-01 custom "benefit" "hospital-night" 200 THB`.'
    ]


def test_benefit_unknown_key_and_bad_value(tmp_path: Path) -> None:
    body = """
2024-02-01 custom "benefit" "elderly" 200 THB
  min-ages: 60
  max-per-year: 200
"""
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        'benefit-unknown-key: benefit elderly: unknown key "min-ages". Check the spelling; a '
        "benefit line knows: category, label, max-per-claim, max-per-year, "
        "max-units-per-year, min-age, min-years, on-death, per, waiting-days.",
        'benefit-bad-value: benefit elderly: "max-per-year" needs an amount in baht such as '
        "100 THB, not 200. For example: max-per-year: 1000 THB",
    ]


# -- claims ------------------------------------------------------------------------------------


def test_claim_malformed(tmp_path: Path) -> None:
    body = """
2024-08-01 * "จ่ายสวัสดิการ ไม่ระบุสมาชิก"
  Expenses:Welfare   500 THB
  Assets:Cash       -500 THB
"""
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "claim-malformed: a benefit payment needs `member:` and `benefit:` metadata and an "
        'amount posted to Expenses:Welfare, for example: `member: "M0001"`, `benefit: '
        '"birth"`. Add what is missing, or take the welfare posting out of this transaction.'
    ]


def test_claim_member_unknown(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, claim("2024-08-01", "birth", 1000, member="M0002"))
    assert messages(errors) == [
        'claim-member-unknown: benefit birth is paid to "M0002", who is not a declared '
        'member. Correct `member:` or declare the member with `custom "member"`.'
    ]


def test_claim_benefit_unknown(tmp_path: Path) -> None:
    body = claim("2024-08-01", "education", 500).replace("Welfare:Education", "Welfare")
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        'claim-benefit-unknown: no benefit "education" is in force on 2024-08-01; benefits in '
        "force: birth, hospital-night. Correct `benefit:` or declare the benefit with "
        '`custom "benefit"` on or before that date.'
    ]


def test_a_later_declaration_replaces_the_tiers(tmp_path: Path) -> None:
    body = (
        """
2024-08-01 custom "benefit" "birth" 1500 THB
"""
        + claim("2024-07-31", "birth", 1000)
        + claim("2024-08-01", "birth", 1500)
    )
    _, errors, _ = load(tmp_path, body)
    assert errors == []


def test_claim_member_left(tmp_path: Path) -> None:
    body = '2024-08-01 custom "member-exit" "M0001" "ย้ายถิ่น"\n' + claim("2024-08-02", "birth", 1000)
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "claim-member-left: member M0001 left on 2024-08-01; only a benefit paid on death "
        "can be paid after the exit, not birth. Date the payment on or before the exit, or "
        "correct the claim."
    ]


def test_claim_on_the_exit_day_passes(tmp_path: Path) -> None:
    body = '2024-08-01 custom "member-exit" "M0001" "ย้ายถิ่น"\n' + claim("2024-08-01", "birth", 1000)
    _, errors, _ = load(tmp_path, body)
    assert errors == []


DEATH = """
2024-01-01 custom "benefit" "death" 3000 THB
  min-years: 0
2024-01-01 custom "benefit" "death" 10000 THB
  min-years: 5
"""


def death_claim(day: str, amount: int, beneficiary: bool = True) -> str:
    lines = [f'{day} * "ค่าจัดการศพ"', '  member: "M0001"', '  benefit: "death"']
    if beneficiary:
        lines.append('  beneficiary: "นายสมชาย ใจดี"')
    lines += [f"  Expenses:Welfare:Death  {amount} THB", f"  Assets:Cash  {-amount} THB"]
    return "\n" + "\n".join(lines) + "\n"


def test_death_benefit_after_the_exit_is_judged_on_the_day_of_death(tmp_path: Path) -> None:
    body = DEATH + '2024-08-01 custom "member-exit" "M0001" "เสียชีวิต"\n'
    body += death_claim("2025-03-01", 3000)  # after the lapse date: judged on 2024-08-01
    _, errors, _ = load(tmp_path, body)
    assert errors == []


def test_claim_beneficiary_missing(tmp_path: Path) -> None:
    body = DEATH + '2024-08-01 custom "member-exit" "M0001" "เสียชีวิต"\n'
    body += death_claim("2024-08-05", 3000, beneficiary=False)
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "claim-beneficiary-missing: benefit death for member M0001 is paid after the "
        'member\'s death: name who receives it, e.g. `beneficiary: "นายสมชาย ใจดี"`.'
    ]


def test_claim_death_no_exit(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, DEATH + death_claim("2024-08-05", 3000))
    assert messages(errors) == [
        "claim-death-no-exit: benefit death for member M0001 is paid on the member's death, "
        'but the member has not left the fund. Record `custom "member-exit" "M0001" '
        '"เสียชีวิต"` on the date of death.'
    ]


def test_claim_tenure(tmp_path: Path) -> None:
    body = """
2024-01-01 custom "benefit" "funeral" 2000 THB
  min-years: 1
  waiting-days: 0
2024-08-01 custom "member-exit" "M0001" "เสียชีวิต"
""" + death_claim("2024-08-05", 2000).replace("death", "funeral").replace("Death", "Funeral")
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "claim-tenure: full years of membership of member M0001 on 2024-08-01: 0; funeral "
        "needs at least 1."
    ]


def test_death_benefit_tier_by_years(tmp_path: Path) -> None:
    text = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2019-01-01 custom "fund" "welfare-fund"
2019-01-01 custom "benefit" "death" 3000 THB
  min-years: 1
2019-01-01 custom "benefit" "death" 10000 THB
  min-years: 5
2019-03-01 custom "member" "M0001" "นายบุญมี ศรีสุข"
2019-03-01 custom "member" "M0002" "นางมาลี ทองคำ"
2024-02-29 custom "member-exit" "M0001" "เสียชีวิต"
2024-03-01 custom "member-exit" "M0002" "เสียชีวิต"
2024-03-10 * "ค่าจัดการศพ"
  member: "M0001"
  benefit: "death"
  beneficiary: "นางบัวผัน ศรีสุข"
  Expenses:Welfare:Death  10000 THB
  Assets:Cash            -10000 THB
2024-03-10 * "ค่าจัดการศพ"
  member: "M0002"
  benefit: "death"
  beneficiary: "นายทองดี ทองคำ"
  Expenses:Welfare:Death  10000 THB
  Assets:Cash            -10000 THB
"""
    _, errors, _ = load_text(tmp_path, text)
    assert messages(errors) == [
        "claim-amount: member M0001 is paid 10,000.00 THB of benefit death on 2024-03-10; the "
        "rules in force give 3,000.00 THB (the tier for 1 or more years of membership). Pay "
        "3,000.00 THB, or correct the claim."
    ]


def test_claim_not_member(tmp_path: Path) -> None:
    body = '2024-02-01 custom "member" "M0002" "นายสมชาย ใจดี"\n' + claim(
        "2024-01-20", "birth", 1000, member="M0002"
    )
    _, errors, _ = load(tmp_path, body)
    assert rules_of(errors) == ["claim-not-member"]
    assert messages(errors)[0] == (
        "claim-not-member: member M0002 joins on 2024-02-01, after this claim for 2024-01-20. "
        "Correct the date of the claim or the member's joining date."
    )


ELDERLY = """
2024-01-01 custom "benefit" "elderly" 200 THB
  min-age: 60
  max-per-year: 200 THB
  waiting-days: 0
"""


def test_claim_too_young_and_the_birthday(tmp_path: Path) -> None:
    body = ELDERLY + claim("2024-02-29", "elderly", 200) + claim("2024-03-01", "elderly", 200)
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "claim-too-young: member M0001 is 59 on 2024-02-29; benefit elderly needs an age of "
        "at least 60."
    ]


def test_claim_birth_date_missing(tmp_path: Path) -> None:
    body = (
        ELDERLY
        + '2024-01-15 custom "member" "M0002" "นายสมชาย ใจดี"\n'
        + '2024-01-15 * "เงินสมทบ"\n  Assets:Cash  90 THB\n  Income:Contributions:M0002  -90 THB\n'
        + claim("2024-03-01", "elderly", 200, member="M0002")
    )
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "claim-birth-date-missing: benefit elderly needs an age of at least 60, but member "
        "M0002 has no `birth-date:` on the member line. Add it, e.g. `birth-date: 1950-05-01`."
    ]


def test_claim_units_missing(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, claim("2024-08-01", "hospital-night", 600))
    assert messages(errors) == [
        "claim-units-missing: benefit hospital-night is paid per night: write how many in "
        "`units:`, e.g. `units: 3`."
    ]


def test_max_units_per_year(tmp_path: Path) -> None:
    body = (
        """
2024-07-01 custom "benefit" "hospital-night" 100 THB
  per: "night"
  max-units-per-year: 10
"""
        + claim("2024-08-01", "hospital-night", 800, units=8)
        + claim("2024-09-01", "hospital-night", 300, units=3)
    )
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "claim-amount: member M0001 is paid 300.00 THB of benefit hospital-night on "
        "2024-09-01; the rules in force give 200.00 THB (2 night × 100.00 THB, at most 10 "
        "night a year, 8 already paid). Pay 200.00 THB, or correct the claim."
    ]


# -- matching money ----------------------------------------------------------------------------

MATCHING = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2022-01-01 custom "fund" "welfare-fund"
2022-01-01 custom "rules" "ระเบียบ"
  matching-cutoff-inclusive: {inclusive}
2023-09-30 custom "member" "M0001" "นางสมศรี ใจดี"
2023-10-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
2024-11-01 * "พอช." "เงินสมทบจากรัฐ รอบที่ 1"
  matching: "state-2567"
  cut-off: 2024-09-30
  basis: 365 THB
  Assets:Bank              365 THB
  Income:Matching:State   -365 THB
"""


def test_matching_cut_off_inclusive(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, MATCHING.format(inclusive="TRUE"))
    assert errors == []


def test_matching_cut_off_exclusive(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, MATCHING.format(inclusive="FALSE"))
    assert messages(errors) == [
        'matching-excess: matching round "state-2567" received 365.00 THB, but the members '
        "eligible on 2024-09-30 (0) × 365.00 THB = 0.00 THB. The excess of 365.00 THB must be "
        'refunded: record the refund with `matching: "state-2567"`.'
    ]


def test_matching_refund_settles_the_excess(tmp_path: Path) -> None:
    body = """
2024-12-01 * "พอช." "คืนเงินสมทบส่วนเกิน"
  matching: "state-2567"
  Assets:Bank             -365 THB
  Income:Matching:State    365 THB
"""
    _, errors, _ = load_text(tmp_path, MATCHING.format(inclusive="FALSE") + body)
    assert errors == []


def test_matching_short_and_at_most_three_times(tmp_path: Path) -> None:
    text = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2019-01-01 custom "fund" "welfare-fund"
2019-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
"""
    for year in (2020, 2021, 2022, 2023):
        text += f"""
{year}-11-01 * "พอช." "เงินสมทบจากรัฐ"
  matching: "state-{year}"
  cut-off: {year}-09-30
  basis: 365 THB
  Assets:Bank              365 THB
  Income:Matching:State   -365 THB
"""
    text += """
2023-11-01 * "อบต." "เงินสมทบจาก อบต."
  matching: "local-2023"
  cut-off: 2023-09-30
  basis: 365 THB
  Assets:Bank                 0.00 THB
  Income:Matching:LocalGov    0.00 THB
"""
    _, errors, _ = load_text(tmp_path, text)
    assert messages(errors) == [
        'matching-short: matching round "local-2023" received 0.00 THB, but the members '
        "eligible on 2023-09-30 (1) × 365.00 THB = 365.00 THB: 365.00 THB short. Check the member "
        "register and the cut-off date, or record the rest of the money with the same "
        "`matching:` id.",
        'matching-excess: matching round "state-2023" received 365.00 THB, but the members '
        "eligible on 2023-09-30 (0) × 365.00 THB = 0.00 THB. The excess of 365.00 THB must be "
        'refunded: record the refund with `matching: "state-2023"`.',
    ]


def test_matching_malformed(tmp_path: Path) -> None:
    body = """
2024-11-01 * "พอช." "เงินสมทบจากรัฐ"
  matching: "state-2567"
  basis: 365 THB
  Assets:Bank              365 THB
  Income:Matching:State   -365 THB
"""
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        'matching-malformed: matching round "state-2567" needs `cut-off:` (a date), `basis:` '
        "(an amount per eligible member) and a posting to an Income:Matching account, for "
        "example: `cut-off: 2024-09-30` and `basis: 365 THB`."
    ]


# -- administration costs ----------------------------------------------------------------------

ADMIN = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "welfare-fund"
2024-01-01 custom "rules" "ระเบียบ"
  admin-max-share: 20
2024-01-01 * "ยอดยกมา"
  Assets:Bank       10000 THB
  Equity:Opening   -10000 THB
2024-06-01 * "ค่าเครื่องเขียน"
  Expenses:Admin    {cost} THB
  Assets:Bank      -{cost} THB
"""


def test_admin_within_the_share(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, ADMIN.format(cost="1666.67"))  # 20 % of 8,333.33
    assert errors == []


def test_admin_over_share(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, ADMIN.format(cost="1700"))
    assert messages(errors) == [
        "admin-over-share: administration costs in the year to 2024-12-31 were 1,700.00 THB, "
        "more than 20 per cent of the fund (8,300.00 THB at the end of the year), which allows "
        "1,660.00 THB. Bring the costs back within admin-max-share, or record the assembly's "
        "new share in a dated rules directive."
    ]
    assert errors[0].source["lineno"] == 9


def test_benefit_tier_duplicate(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, '2024-01-01 custom "benefit" "birth" 500 THB\n')
    assert messages(errors) == [
        "benefit-tier-duplicate: benefit birth is declared twice for 0 or more years of "
        "membership on 2024-01-01 (first at "
        f"{errors[0].source['filename']}:13). Lines of one kind on one day are its tiers by "
        "`min-years:`; delete one, or give it another `min-years:`."
    ]


def test_rules_bad_value_for_a_choice(tmp_path: Path) -> None:
    _, errors, _ = load(
        tmp_path, '2024-02-01 custom "rules" "แก้ไข"\n  contribution-period: "week"\n'
    )
    assert messages(errors) == [
        'rules-bad-value: rule "contribution-period" needs one of: month, year, not "week". '
        'For example: contribution-period: "month"'
    ]
    assert errors[0].message == (
        'rules-bad-value: ระเบียบ "contribution-period" ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: month, '
        'year ไม่ใช่ "week" ตัวอย่าง: contribution-period: "month"'
    )


def test_no_diagnosis_in_messages(tmp_path: Path) -> None:
    body = claim("2024-08-01", "hospital-night", 1000, units=5).replace(
        "  units: 5", '  units: 5\n  diagnosis: "ไข้เลือดออก"'
    )
    _, errors, _ = load(tmp_path, body)
    assert rules_of(errors) == ["claim-amount"]
    assert all("ไข้เลือดออก" not in text for lang in ("th", "en") for text in messages(errors, lang))


def test_a_refund_of_contributions_reopens_arrears(tmp_path: Path) -> None:
    body = """
2024-02-01 * "คืนเงินสมทบที่รับเกิน"
  Assets:Cash                 -400 THB
  Income:Contributions:M0001   400 THB
""" + claim("2024-07-20", "birth", 1000)
    _, errors, _ = load(tmp_path, body)
    assert rules_of(errors) == ["claim-lapsed"]
    assert "(contributions paid up to no period)" in messages(errors)[0]


def test_the_welfare_plugin_alone(tmp_path: Path) -> None:
    entries, errors, options = load(tmp_path, claim("2024-06-01", "birth", 1000))
    _, alone = check_welfare(entries, options, "{'lang': 'en'}")
    assert messages(alone) == messages(errors)
    assert rules_of(alone) == ["claim-waiting"]
