"""Sarabun for PDFs whose text layer keeps the sara am (ำ).

HarfBuzz's Thai shaper always draws ำ as nikhahit + sara aa, and the sara aa glyph is the one
า uses; WeasyPrint gives each glyph one text in the PDF's ToUnicode map, that of the first
cluster it is seen in, so "ค้างชำระ" read back as "ค้างชาระ". The copy made here has glyphs of
their own (same outlines, same widths) for a sara aa that follows a nikhahit, one per tone mark
between them (``uni0E32.am``, ``uni0E32.am8`` ... ``uni0E32.amB``), and for a tone mark that
sits between the two; one contextual substitution, appended to the font's own ``ccmp``, puts
them in. The drawing is unchanged (tests/templates/test_pdf.py compares the images); each new
glyph is only ever seen in an ำ cluster, so its text is always "ำ" (or the tone and ำ), and
า keeps its own.

The copies are made once per process, in a temporary folder, from the fontpkg-sarabun files.
"""

from __future__ import annotations

import copy
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import fontpkg_sarabun
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.ttLib import TTFont

WEIGHTS = ("Regular", "Bold")
SARA_AA = "uni0E32"
TONES = ("uni0E48", "uni0E49", "uni0E4A", "uni0E4B")


def original(weight: str) -> Path:
    return Path(fontpkg_sarabun.ROOT) / "files" / f"Sarabun-{weight}.ttf"


def copies_of(order: list[str]) -> dict[str, str]:
    """The new glyphs (name -> the glyph whose outline it copies)."""
    new = {f"{SARA_AA}.am": SARA_AA}
    for tone in TONES:
        new[f"{SARA_AA}.am{tone[-1]}"] = SARA_AA
        for glyph in order:
            if glyph.split(".")[0] == tone:
                new[f"{glyph}.am"] = glyph
    return new


def features(order: list[str]) -> str:
    """The substitution (feature file syntax): after Sarabun's own ``ccmp``, which may have
    joined nikhahit and a tone mark into one glyph (``uni0E4D0E49``) or narrowed them."""
    nikhahit = "[uni0E4D uni0E4D.narrow]"
    rules = [f"  sub {nikhahit} {SARA_AA}' by {SARA_AA}.am;"]
    for tone in TONES:
        joined = f"[uni0E4D{tone[3:]} uni0E4D{tone[3:]}.narrow]"
        rules.append(f"  sub {joined} {SARA_AA}' by {SARA_AA}.am{tone[-1]};")
        for glyph in (g for g in order if g.split(".")[0] == tone):
            rules.append(f"  sub {nikhahit} {glyph} {SARA_AA}' by {SARA_AA}.am{tone[-1]};")
            rules.append(f"  sub {nikhahit} {glyph}' {SARA_AA} by {glyph}.am;")
    body = "\n".join(rules)
    return (
        f"languagesystem DFLT dflt;\nlanguagesystem thai dflt;\nfeature ccmp {{\n{body}\n}} ccmp;\n"
    )


def subst_records(subtable: Any) -> list[Any]:
    """The lookup references of a (chained) contextual substitution, in any format."""
    rules = [subtable]
    for rule_set in getattr(subtable, "ChainSubRuleSet", None) or []:
        rules += list(rule_set.ChainSubRule) if rule_set else []
    for class_set in getattr(subtable, "ChainSubClassSet", None) or []:
        rules += list(class_set.ChainSubClassRule) if class_set else []
    return [record for rule in rules for record in getattr(rule, "SubstLookupRecord", None) or []]


def append_lookups(font: Any, ours: Any) -> None:
    """``ours`` (a GSUB table with one ``ccmp``) appended to ``font``'s GSUB, its lookups
    after the font's own in every ``ccmp`` feature."""
    gsub = font["GSUB"].table
    base = len(gsub.LookupList.Lookup)
    for lookup in ours.LookupList.Lookup:
        gsub.LookupList.Lookup.append(lookup)
        for subtable in lookup.SubTable:
            for record in subst_records(subtable):
                record.LookupListIndex += base
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    (ccmp,) = [r for r in ours.FeatureList.FeatureRecord if r.FeatureTag == "ccmp"]
    added = [index + base for index in ccmp.Feature.LookupListIndex]
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex += added
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def keep_sara_am(source: Path, target: Path) -> None:
    """Write to ``target`` the font ``source`` with the glyphs and substitution above."""
    font = TTFont(str(source))
    order = list(font.getGlyphOrder())
    new = copies_of(order)
    font.setGlyphOrder(order + list(new))
    glyphs, metrics = font["glyf"], font["hmtx"]
    for name, model in new.items():
        glyphs[name] = copy.deepcopy(glyphs[model])
        metrics.metrics[name] = metrics.metrics[model]
    font["maxp"].numGlyphs = len(font.getGlyphOrder())
    scratch = TTFont(str(source))
    scratch.setGlyphOrder(font.getGlyphOrder())
    addOpenTypeFeaturesFromString(scratch, features(order), tables=["GSUB"])
    append_lookups(font, scratch["GSUB"].table)
    font.save(str(target))


@cache
def pdf_fonts() -> dict[str, Path]:
    """The original Sarabun file's URI -> its copy that keeps the sara am, made once."""
    folder = Path(tempfile.mkdtemp(prefix="kongtun-fonts-"))
    made = {}
    for weight in WEIGHTS:
        target = folder / f"Sarabun-{weight}-am.ttf"
        keep_sara_am(original(weight), target)
        made[original(weight).as_uri()] = target
    return made


def with_pdf_fonts(html: str) -> str:
    """``html`` with the Sarabun files it links replaced by the copies that keep sara am."""
    for uri, copied in pdf_fonts().items():
        html = html.replace(f'url("{uri}")', f'url("{copied.as_uri()}")')
    return html
