"""The sample files of the golden tests, written by kongtun's own sheet writer.

Only ``KONGTUN_UPDATE_GOLDEN=1 pytest tests/importers/test_golden.py`` writes them (and the
golden ``.beancount`` beside each); otherwise the committed files are read.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Final

from kongtun.importers.sheet_writer import MemberRow, csv_text, evaluate_totals, write_xlsx

DATA: Final = Path(__file__).resolve().parent / "data"
BOOKS: Final = DATA / "books.beancount"
DAY: Final = datetime.date(2025, 1, 5)
TITLE: Final = "ใบรับฝากเงินประจำเดือน ม.ค. 2568 กลุ่มออมทรัพย์ทดสอบ"
TO_THAI: Final = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ROWS: Final = (
    MemberRow("M0001", "นางสมศรี ใจดี", {"savings": Decimal(200), "shares": Decimal(50)}),
    MemberRow("M0002", "นายสมชาย มั่นคง", {"savings": Decimal("1000.50")}),
    MemberRow(
        "M0003",
        "นางมาลี ทองคำ",
        {
            "savings": Decimal(100),
            "principal": Decimal("138.17"),
            "interest": Decimal("391.83"),
            "fine": Decimal(20),
        },
        note="ชำระล่าช้า",
    ),
    MemberRow(
        "M0004",
        "นายบุญมี ศรีสุข",
        {"savings": Decimal(100), "principal": Decimal("64.08"), "interest": Decimal("195.92")},
        loan="L2567-002",
    ),
    MemberRow("M0006", "นายวิชัย บุญมาก"),
)
GSB: Final = (
    "วันที่,รายการ,ถอน,ฝาก,คงเหลือ,ช่องทาง\r\n"
    "2/1/2568,ดอกเบี้ยเงินฝาก,,12.34,1012.34,SYSTEM\r\n"
    '6/1/2568,ฝากเงินสด,,"2,260.50","3,272.84",สาขา\r\n'
    '10/1/2568,ค่าธรรมเนียมสมุดเล่มใหม่,10.00,,"3,262.84",สาขา\r\n'
)
KTB: Final = (
    "Transaction Date,Time,Description,Amount,Balance,Reference No.\r\n"
    "2025-01-06,10:15,CASH DEPOSIT,2260.50,3272.84,FT25006A1\r\n"
    "2025-01-15,14:02,TRANSFER TO 123-4-56789-0,-500.00,2772.84,FT25015B7\r\n"
    "2025-01-31,00:00,INTEREST,1.25,2774.09,IN2501310\r\n"
)
COOP: Final = (
    "Statement of account 020-1-23456-7\r\n"
    "Posting Date,Details,Debit,Credit,Balance\r\n"
    "06.01.2568,Cash deposit,,2260.50,3272.84\r\n"
    "06.01.2568,Cash deposit,,2260.50,5533.34\r\n"
    "20.01.2568,ค่าธรรมเนียม SMS,20.00,,5513.34\r\n"
)


def write_samples(folder: Path = DATA) -> list[Path]:
    """Every sample input, written again."""
    xlsx = folder / "sample.xlsx"
    write_xlsx(xlsx, TITLE, DAY, "เงินสด", ROWS)
    evaluate_totals(xlsx)
    text = csv_text(TITLE, DAY, "เงินสด", ROWS)
    utf8 = folder / "sample.utf8.csv"
    utf8.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    cp874 = folder / "sample.cp874.csv"
    cp874.write_bytes(text.translate(TO_THAI).encode("cp874"))
    gsb = folder / "bank-gsb.csv"
    gsb.write_bytes(GSB.encode("cp874"))
    ktb = folder / "bank-ktb.csv"
    ktb.write_bytes(KTB.encode("utf-8"))
    coop = folder / "bank-coop.csv"
    coop.write_bytes(COOP.encode("utf-8"))
    return [xlsx, utf8, cp874, gsb, ktb, coop]
