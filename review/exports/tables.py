"""Column widths sized to a table's content, so that a short column never breaks a word.

Word and LibreOffice break a word across lines when a column is narrower than it ("Priorit/y",
"Decembe/r"). Each column gets at least the width of its longest word (header in bold) and
then a share of the rest in proportion to how much text it holds, as Word's "AutoFit to
contents" would; the widths are then fixed in the file, so every program lays it out alike.
"""

from collections.abc import Sequence

#: Arial's advance widths in em, roughly, by class of character (Liberation Sans has the same)
_NARROW = set("iljtfrI.,;:'!|()[]{} ’‘")
_WIDE = set("mwMW@%—")
_CAPITAL = 0.70
_LOWER = 0.55
#: cell padding left and right (Word's default 0.19 cm each side) plus a safety margin, in cm
CELL_PADDING_CM = 0.5
POINT_CM = 2.54 / 72


def text_cm(text: str, size_pt: float = 11, bold: bool = False) -> float:
    """An estimate (slightly generous) of how wide `text` is set in Arial at `size_pt`."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.30
        elif char in _WIDE:
            em += 0.90
        elif char.isupper() or char.isdigit():
            em += _CAPITAL
        else:
            em += _LOWER
    return em * size_pt * POINT_CM * (1.08 if bold else 1.0)


def _longest_word(text: str, bold: bool) -> float:
    return max((text_cm(word, bold=bold) for word in text.split()), default=0.0)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total_cm: float) -> list:
    """Widths in cm, summing to `total_cm`, for a table with these header words and cells."""
    columns = len(header)
    least = [CELL_PADDING_CM + _longest_word(h, True) for h in header]
    wanted = [CELL_PADDING_CM + text_cm(h, bold=True) for h in header]
    for row in rows:
        for index, cell in enumerate(row[:columns]):
            lines = cell.splitlines() or [""]
            least[index] = max(least[index], CELL_PADDING_CM + _longest_word(cell, False))
            wanted[index] = max(
                wanted[index], CELL_PADDING_CM + max(text_cm(line) for line in lines)
            )
    wanted = [max(w, m) for w, m in zip(wanted, least, strict=True)]
    if sum(wanted) <= total_cm:  # everything fits on one line: share out what is left
        spare = total_cm - sum(wanted)
        return [w + spare * w / sum(wanted) for w in wanted]
    if sum(least) >= total_cm:  # even the longest words do not fit: shrink in proportion
        return [m * total_cm / sum(least) for m in least]
    # Every column gets its longest word; the rest goes to columns by how much they want.
    spare = total_cm - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]
