"""The raw WordprocessingML python-docx has no API for: fields, list numbering, settings.

- Fields (PAGE, NUMPAGES, TOC) are runs of `w:fldChar` begin / `w:instrText` / separate /
  the last known result / end. Word recalculates them when `w:updateFields` is set.
- Numbered lists restart at 1 only if each list has its own `w:num` (with a start override)
  pointing at a shared `w:abstractNum`, which holds the look of each level.

The body's paragraphs and tables are written as text (`wml`); these elements serve the header,
footer, settings and numbering parts.
"""

import re
from functools import cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# w:settings children that must come after w:updateFields (the schema fixes the order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)  # fmt: skip


def element(tag: str, **attrs) -> OxmlElement:
    made = OxmlElement(tag)
    for name, value in attrs.items():
        made.set(qn(f"w:{name}"), str(value))
    return made


def update_fields_on_open(settings) -> None:
    """Ask Word to refresh every field (page counts, the table of contents) when it opens."""
    root = settings.element
    existing = root.find(qn("w:updateFields"))
    if existing is not None:
        existing.set(qn("w:val"), "true")
        return
    flag = element("w:updateFields", val="true")
    for name in _AFTER_UPDATE_FIELDS:
        later = root.find(qn(f"w:{name}"))
        if later is not None:
            later.addprevious(flag)
            return
    root.append(flag)


@cache
def _clark(tag: str) -> str:
    """`qn` remembered: a long report asks for the same few names tens of thousands of times."""
    return qn(tag)


def sub(parent, tag: str, **attrs):
    """A new child element (fast: no parsing, unlike OxmlElement)."""
    child = etree.SubElement(parent, _clark(tag))
    for name, value in attrs.items():
        child.set(_clark(f"w:{name}"), str(value))
    return child


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters XML cannot hold."""
    return _INVALID_XML.sub("", text)


def run(p, text: str, *, bold=False, italic=False, font: str = "", br=False):
    """Append a run (w:r) with its text to the paragraph element `p`."""
    r = sub(p, "w:r")
    if bold or italic or font:
        r_pr = sub(r, "w:rPr")
        if font:
            sub(r_pr, "w:rFonts", ascii=font, hAnsi=font, cs=font)
        if bold:
            sub(r_pr, "w:b")
        if italic:
            sub(r_pr, "w:i")
    if br:
        sub(r, "w:br")
    for number, piece in enumerate(text.split("\t")):
        if number:
            sub(r, "w:tab")
        if piece:
            t = sub(r, "w:t")
            t.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                t.set(XML_SPACE, "preserve")
    return r


def field_begin(p, instruction: str, *, dirty: bool = False) -> None:
    """The start of a field; a `dirty` one is recalculated by Word when the file opens."""
    begin = sub(sub(p, "w:r"), "w:fldChar", fldCharType="begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = sub(sub(p, "w:r"), "w:instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    sub(sub(p, "w:r"), "w:fldChar", fldCharType="separate")


def field_end(p) -> None:
    sub(sub(p, "w:r"), "w:fldChar", fldCharType="end")


def simple_field(p, instruction: str, result: str) -> None:
    """A field within one paragraph, e.g. PAGE, showing `result` until it is updated."""
    field_begin(p, instruction)
    run(p, result)
    field_end(p)


BULLETS = ("•", "–", "•")
NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")


class Numbering:
    """Adds this document's list definitions and one `w:num` per numbered list."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        abstract_ids = [
            int(a.get(qn("w:abstractNumId"))) for a in self.root.iterfind(qn("w:abstractNum"))
        ]
        num_ids = [int(n.get(qn("w:numId"))) for n in self.root.iterfind(qn("w:num"))]
        self._next_abstract = max(abstract_ids, default=0) + 1
        self._next_num = max(num_ids, default=0) + 1
        self.bullet_abstract = self._add_abstract(bullet=True)
        self.number_abstract = self._add_abstract(bullet=False)
        self._bullet_num: int | None = None

    def _add_abstract(self, *, bullet: bool) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        abstract = element("w:abstractNum", abstractNumId=abstract_id)
        abstract.append(element("w:nsid", val=f"{0x5E710000 + abstract_id:08X}"))
        abstract.append(element("w:multiLevelType", val="hybridMultilevel"))
        for level in range(3):
            lvl = element("w:lvl", ilvl=level)
            lvl.append(element("w:start", val=1))
            if bullet:
                lvl.append(element("w:numFmt", val="bullet"))
                lvl.append(element("w:lvlText", val=BULLETS[level]))
            else:
                lvl.append(element("w:numFmt", val=NUMBER_FORMATS[level]))
                lvl.append(element("w:lvlText", val=f"%{level + 1}."))
            lvl.append(element("w:lvlJc", val="left"))
            p_pr = element("w:pPr")
            p_pr.append(element("w:ind", left=720 * (level + 1) - 360, hanging=360))
            lvl.append(p_pr)
            if bullet:
                r_pr = element("w:rPr")
                r_pr.append(element("w:rFonts", ascii="Arial", hAnsi="Arial", hint="default"))
                lvl.append(r_pr)
            abstract.append(lvl)
        existing = self.root.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        else:
            self.root.insert(0, abstract)
        return abstract_id

    def _add_num(self, abstract_id: int, restart: bool) -> int:
        num_id = self._next_num
        self._next_num += 1
        num = element("w:num", numId=num_id)
        num.append(element("w:abstractNumId", val=abstract_id))
        if restart:
            for level in range(3):
                override = element("w:lvlOverride", ilvl=level)
                override.append(element("w:startOverride", val=1))
                num.append(override)
        self.root.append(num)
        return num_id

    def new_list(self) -> int:
        """A numbered list that starts at 1."""
        return self._add_num(self.number_abstract, restart=True)

    @property
    def bullets(self) -> int:
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self.bullet_abstract, restart=False)
        return self._bullet_num
