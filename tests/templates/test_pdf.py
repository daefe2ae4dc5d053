"""PDF through WeasyPrint: Thai drawn with real glyphs of the Sarabun font, not boxes.

A page is turned into an image with poppler's pdftoppm (installed by .ci/run). Two Thai words
of the same length are drawn on two pages: with real glyphs the images differ and have ink;
missing glyphs would draw the same empty boxes for both. pdffonts shows the embedded font and
pdftotext reads the Thai text back.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from kongtun.templates.render import render_pdf, sarabun_css

WORDS = ("กองทุน", "สมาชิก")


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"the PDF tests need {tool}: apt-get install poppler-utils (.ci/run does)")
    return found


def thai_pages() -> str:
    fonts = sarabun_css()
    pages = "".join(
        f'<p style="font-size: 64pt; page-break-after: always">{word}</p>' for word in WORDS
    )
    return (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><style>{fonts}'
        f'body {{ font-family: "Sarabun"; }}</style></head><body>{pages}</body></html>'
    )


def to_images(pdf: Path, folder: Path) -> list[Image.Image]:
    subprocess.run(
        [poppler("pdftoppm"), "-r", "40", "-gray", "-png", str(pdf), str(folder / "page")],
        check=True,
    )
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page-*.png"))]


def ink(image: Image.Image) -> int:
    return sum(image.histogram()[:128])


def test_thai_words_are_drawn_with_real_glyphs(tmp_path: Path) -> None:
    pdf = tmp_path / "thai.pdf"
    pdf.write_bytes(render_pdf(thai_pages()))
    fonts = subprocess.run(
        [poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "Sarabun" in fonts
    assert " yes " in fonts, "the font is embedded"
    text = subprocess.run(
        [poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert [line for line in text.split() if line.strip()] == list(WORDS)
    first, second = to_images(pdf, tmp_path)
    assert ink(first) > 200, "glyphs are drawn"
    assert ink(second) > 200, "glyphs are drawn"
    difference = ImageChops.difference(first, second)
    assert ink(ImageChops.invert(difference)) > 200, "different words, different shapes"


def pdf_text(tmp_path: Path, words: str) -> str:
    fonts = sarabun_css()
    html = (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><style>{fonts}'
        f'body {{ font-family: "Sarabun"; }}</style></head><body><p>{words}</p></body></html>'
    )
    pdf = tmp_path / "words.pdf"
    pdf.write_bytes(render_pdf(html))
    return subprocess.run(
        [poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.xfail(
    strict=True,
    reason=(
        "WeasyPrint gives each glyph one text in the PDF's ToUnicode map, that of the first "
        "cluster it is seen in; HarfBuzz's Thai shaper always splits sara am (U+0E33) into "
        "nikhahit + sara aa, and sara aa is the glyph of า too: the text layer cannot say both "
        "(docs/reports.md, 'PDF text')"
    ),
)
def test_pdf_text_keeps_sara_am(tmp_path: Path) -> None:
    """The words of the issue, read back from the PDF's text layer. Strict: when WeasyPrint
    (or the font) learns to keep sara am, this test fails and the mark is to be removed."""
    assert pdf_text(tmp_path, "ค้างชำระ จำนวน ตำบล") == "ค้างชำระ จำนวน ตำบล"


def test_what_the_pdf_text_layer_does_to_sara_am(tmp_path: Path) -> None:
    """How the sara am is lost, pinned: it reads as sara aa (the glyph HarfBuzz draws it
    with); and a sara am under a tone mark seen first makes every later า read as ้ำ."""
    assert pdf_text(tmp_path, "ค้างชำระ จำนวน ตำบล") == "ค้างชาระ จานวน ตาบล"
    assert pdf_text(tmp_path, "น้ำ กา") == "น้ำ ก้ำ"
