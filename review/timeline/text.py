"""Text on the timeline: cleaning, agency names and how they match, summaries, and an
estimate of how wide a label is."""

import html
import re

import markdown as md
import nh3

from .model import NOT_RECORDED

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_BLOCK_END = re.compile(r"</(p|li|h\d|blockquote|tr|td|th|pre)>|<br\s*/?>", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def clean(text: str | None) -> str:
    """Text that is safe to put in XML once escaped: no control characters, spaces collapsed."""
    return " ".join(CONTROL_CHARACTERS.sub("", text or "").split())


def split_agencies(text: str | None) -> list[str]:
    """A KPE's agencies: "Police; Children's social care (MASH); GP" → three names.

    Semicolons and new lines separate; commas too, unless the text uses semicolons (then a
    comma belongs to a name: "Health visiting, 0-19 service; GP"). Never inside brackets.
    """
    text = CONTROL_CHARACTERS.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    separators = "\n;" if ";" in text else "\n;,"
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [name for name in (clean(p).strip(" .,;") for p in parts) if name]


def lane_name(name: str) -> str:
    """The agency an entry belongs to: its name without a bracketed team or unit."""
    name = clean(name)
    if not name:
        return NOT_RECORDED
    base = re.sub(r"\s+([,;:.])", r"\1", clean(_BRACKETS.sub(" ", name))) or name
    return base[0].upper() + base[1:]


def agency_key(name: str) -> str:
    """How agency names are matched: case, spaces and apostrophes do not matter."""
    name = clean(name)
    if not name:
        return ""
    return lane_name(name).translate(_APOSTROPHES).casefold()


def summarise(text: str | None, limit: int = 160) -> str:
    """A Markdown field as one line of plain text, shortened at a word to about `limit`."""
    rendered = md.markdown(text or "", output_format="html")
    plain = nh3.clean(_BLOCK_END.sub(" ", rendered), tags=set())
    plain = clean(html.unescape(plain))
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return cut + "…"


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of how wide text is (DejaVu Sans-like metrics); used only to fit labels."""
    width = 0.0
    for char in text:
        if char in "iljtfr.,;:'!|()[] ":
            width += 0.34
        elif char in "mwMWOQGD@%—":
            width += 0.86
        elif char.isupper() or char.isdigit():
            width += 0.68
        else:
            width += 0.58
    return width * size * (1.07 if bold else 1.0)


def truncate(text: str, width: float, size: float, bold: bool = False) -> tuple[str, str]:
    """(text that fits `width`, the full text if it had to be shortened, else "")."""
    if text_width(text, size, bold) <= width:
        return text, ""
    cut = text
    while cut and text_width(cut + "…", size, bold) > width:
        cut = cut[:-1]
    return cut.rstrip() + "…", text


def wrap(text: str, width: float, size: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


# --------------------------------------------------------------------------- the events table
