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
from weasyprint import HTML

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


#: the words of the issue, with sara am under each tone mark, and า before and after them
SARA_AM = "น้ำท่วม นา ค้างชำระ จำนวน ตำบล ทำ น่ำ ก้า ค๊ำ ค๋ำ ก้า ตา"


def test_pdf_text_keeps_sara_am(tmp_path: Path) -> None:
    """The text layer (search, copy, pdftotext) says ำ where the page shows it, and า where
    it shows า, whichever comes first: the PDF's Sarabun has glyphs of its own for the sara aa
    of ำ (kongtun.templates.pdf_fonts)."""
    assert pdf_text(tmp_path, "ค้างชำระ จำนวน ตำบล") == "ค้างชำระ จำนวน ตำบล"
    assert pdf_text(tmp_path, SARA_AM) == SARA_AM
    assert pdf_text(tmp_path, "น้ำ กา") == "น้ำ กา"


def test_the_pdf_font_draws_what_sarabun_draws(tmp_path: Path) -> None:
    """The copy of Sarabun in the PDF draws every word exactly as the original does (the new
    glyphs are copies of sara aa and the tone marks): the pages' images are the same."""
    html = (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><style>{sarabun_css()}'
        f'body {{ font-family: "Sarabun"; font-size: 24pt; }} b {{ font-weight: bold; }}'
        f"</style></head><body><p>{SARA_AM}</p><p><b>{SARA_AM}</b></p></body></html>"
    )
    drawn = []
    for name, document in (("original", HTML(string=html)), ("kongtun", None)):
        folder = tmp_path / name
        folder.mkdir()
        pdf = folder / "words.pdf"
        pdf.write_bytes(document.write_pdf() if document else render_pdf(html))
        drawn.append(to_images(pdf, folder))
    assert len(drawn[0]) == len(drawn[1]) == 1
    assert ink(drawn[0][0]) > 200
    assert ImageChops.difference(drawn[0][0], drawn[1][0]).getbbox() is None
