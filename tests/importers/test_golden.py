"""Golden pairs: each sample file and the transactions the importers make of it.

The ``.beancount`` beside each sample is what the beangulp importer extracts from it against
tests/importers/data/books.beancount. They are only written with ``KONGTUN_UPDATE_GOLDEN=1``;
a missing golden file fails the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from beancount import loader
from beancount.parser import printer

from kongtun.importers.bank_csv import BankStatementImporter
from kongtun.importers.collection_sheet import CollectionSheetImporter
from kongtun.importers.problems import ImportFailure, problem_text
from kongtun.tests.importers.samples import BOOKS, DATA, write_samples

UPDATE = os.environ.get("KONGTUN_UPDATE_GOLDEN") == "1"
SAMPLES: dict[str, CollectionSheetImporter | BankStatementImporter] = {
    "sample.xlsx": CollectionSheetImporter(),
    "sample.utf8.csv": CollectionSheetImporter(),
    "sample.cp874.csv": CollectionSheetImporter(),
    "bank-gsb.csv": BankStatementImporter("gsb"),
    "bank-ktb.csv": BankStatementImporter("ktb"),
    "bank-coop.csv": BankStatementImporter("coop"),
}


def extracted(name: str) -> str:
    entries, errors, _ = loader.load_file(str(BOOKS))
    assert errors == []
    importer = SAMPLES[name]
    path = str(DATA / name)
    new = importer.extract(path, entries)
    importer.sort(new)
    text = "".join(printer.format_entry(entry) + "\n" for entry in new)
    return text.replace(str(DATA) + os.sep, "")


@pytest.fixture(scope="module")
def samples() -> None:
    if UPDATE:
        write_samples()


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.usefixtures("samples")
def test_golden(name: str) -> None:
    golden = DATA / f"{name}.beancount"
    text = extracted(name)
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run with KONGTUN_UPDATE_GOLDEN=1 to write it"
    assert text == golden.read_text(encoding="utf-8")


def test_the_three_sheets_say_the_same() -> None:
    """The .xlsx, the UTF-8 and the Windows-874 (Thai digits) sheets give the same books."""

    def body(name: str) -> list[str]:
        lines = (DATA / f"{name}.beancount").read_text(encoding="utf-8").splitlines()
        return [line for line in lines if "source:" not in line]

    assert body("sample.xlsx") == body("sample.utf8.csv") == body("sample.cp874.csv")


def test_samples_are_what_the_writer_writes(tmp_path: Path) -> None:
    """The committed CSV samples are the writer's output (the xlsx differs only in its dates)."""
    write_samples(tmp_path)
    for name in SAMPLES:
        if name.endswith(".csv"):
            assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_the_sheet_importer_alone_names_the_missing_header() -> None:
    importer = CollectionSheetImporter()
    path = str(DATA / "bank-ktb.csv")
    assert not importer.identify(path)
    with pytest.raises(ImportFailure) as caught:
        importer.extract(path, [])
    (problem,) = caught.value.problems
    assert problem_text(problem, "en") == (
        f"{path}: import-header-missing: no header row: kongtun looks for a row with the column "
        "รหัสสมาชิก / Member ID. The known headers are: ลำดับ / no, รหัสสมาชิก / member id, "
        "ชื่อ-สกุล / name, เงินสัจจะ / savings, หุ้น / shares, เงินต้น / principal, "
        "ดอกเบี้ย / interest, ค่าปรับ / fine, เงินสมทบ / welfare, เลขที่สัญญา / loan id, "
        "รวม / total, หมายเหตุ / note."
    )
