"""Runs and fields written as text are the XML the element-by-element builders make."""

import pytest
from lxml import etree

from review.exports import ooxml, wml


def parsed(fragment: str) -> bytes:
    """The fragment's elements, in canonical form, as they land in a paragraph."""
    p = etree.fromstring(f"<w:p {wml.nsdecls('w')}>{fragment}</w:p>")
    return etree.tostring(p, method="c14n")


def built(make) -> bytes:
    p = etree.fromstring(f"<w:p {wml.nsdecls('w')}/>")
    make(p)
    return etree.tostring(p, method="c14n")


@pytest.mark.parametrize(
    "words",
    [
        "plain words", " leading", "trailing ", "a\ttab", "\tstarts with a tab", "A&E <b> > x",
        "carriage\rreturn", "new\nline", "quotes \" and '", "“curly” – dash", "", "\t",
    ],
)  # fmt: skip
@pytest.mark.parametrize(
    "formatting",
    [{}, {"bold": True}, {"italic": True}, {"bold": True, "italic": True, "font": "Courier New"},
     {"br": True}],
)  # fmt: skip
def test_a_run_is_what_ooxml_makes(words, formatting):
    assert parsed(wml.run(words, **formatting)) == built(
        lambda p: ooxml.run(p, words, **formatting)
    )


def test_fields_are_what_ooxml_makes():
    assert parsed(wml.simple_field("PAGEREF _Toc000001 \\h", "7")) == built(
        lambda p: ooxml.simple_field(p, "PAGEREF _Toc000001 \\h", "7")
    )
    assert parsed(wml.field_begin('TOC \\o "1-2"', dirty=True) + wml.FIELD_END) == built(
        lambda p: (ooxml.field_begin(p, 'TOC \\o "1-2"', dirty=True), ooxml.field_end(p))
    )


def test_attributes_keep_every_character():
    value = 'a&b <c> "d"\n\te'
    made = etree.fromstring(f'<w:p {wml.nsdecls("w")} w:x="{wml.attribute(value)}"/>')
    assert made.get(ooxml.qn("w:x")) == value
