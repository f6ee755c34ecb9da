"""The patterns that identify anyone without a protected term: postcodes, dates of birth, phone
numbers, e-mail addresses and NHS numbers."""

import re
from collections.abc import Callable
from dataclasses import dataclass

BEFORE = r"(?<![^\W_])"  # not preceded by a letter or digit: a whole word starts here
AFTER = r"(?![^\W_])"  # not followed by a letter or digit: a whole word ends here
TERM_GLUE = r"[\s'\-.,]*"  # between the words of a term: spaces, hyphens, apostrophes, dots, commas


@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern
    reason: str
    kind: str  # matches of one kind inside another of the same kind are reported once
    priority: int = 0  # at the same span, the lower wins
    group: str | int = 0
    check: Callable[[str], bool] | None = None  # on the group as projected
    cue: Callable[[str], bool] | None = None  # on the whole match as written in the original
    gate: re.Pattern | None = None  # a text this never finds cannot match: the rule is skipped
    near_digits: bool = False  # every match lies within a few characters of its digits


_DIGITS = re.compile(r"\d+")


def digit_windows(text: str, margin: int = 8) -> list[tuple[int, int]]:
    """The stretches of `text` around its digits (runs closer than 2 × `margin` merged): a
    postcode, a phone number or an NHS number starts and ends within `margin` of its digits,
    so those rules need not look anywhere else."""
    windows: list[tuple[int, int]] = []
    for run in _DIGITS.finditer(text):
        start, end = max(0, run.start() - margin), min(len(text), run.end() + margin)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


_POSTCODE = re.compile(  # any spacing: none, one or more spaces, a tab, a no-break space
    BEFORE + r"[a-pr-uwyz][a-hk-y]?\d[\da-hjkm-npr-y]?\s{0,3}\d[abd-hjlnp-uw-z]{2}" + AFTER
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_FULL_DATE = (
    r"[0-3]?\d[/.\-][01]?\d[/.\-](?:\d{4}|\d\d)"  # 03/04/2019, 3.4.19, 03-04-2019
    r"|\d{4}-[01]?\d-[0-3]?\d"  # 2019-04-03
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"  # 3 April 2019, 3rd of April
    rf"|{_MONTH}\s+{_YEAR}"  # April 2019
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"  # April 3, 2019
)
_DATE = rf"(?<![\w/.\-])(?:{_FULL_DATE}|{_YEAR})(?![^\W_])"  # a year alone after “born in”
_DAY_DATE = rf"(?<![\w/.\-])(?:{_FULL_DATE})(?![^\W_])"
_YEAR_ALONE = rf"(?<![\w/.\-]){_YEAR}(?![^\W_])"
_BORN = r"(?<![\w\-])born(?![^\W_])"  # not “first-born”, “newborn”, “borne”
_DOB_WORDS = rf"(?:d\.?[ \t]?o\.?[ \t]?b\b\.?|date\s+of\s+birth|birth\s?date|{_BORN})"
_WORDS = r"(?:[^\W\d_]+[ \t\n,]+)"  # words of the same sentence (no full stop)
# A date after the words, up to three words away within the sentence (“born on”, “born in
# hospital on”, “DOB:”), a year alone only after “in” (“born in 2016”, not “born out of the
# 2019 changes”); after “born … on”, up to six words of any kind (“born at 32 weeks on
# 3 March 2015”); or a date followed by the words (“3.4.2019 (DOB)”).
_CUE = BEFORE + _DOB_WORDS + AFTER + r"[\s:,\-()]*"
_DOB_AFTER = re.compile(_CUE + rf"{_WORDS}{{0,3}}?(?P<date>{_DAY_DATE})")
_DOB_YEAR = re.compile(_CUE + rf"(?:{_WORDS}{{0,2}}?in[ \t\n]+)?(?P<date>{_YEAR_ALONE})")
_BORN_ON = re.compile(
    _BORN + r"[ \t\n,]+(?:[^\W_]+[ \t\n,]+){0,6}?on[ \t\n]+" + rf"(?P<date>{_DAY_DATE})"
)
_DOB_BEFORE = re.compile(
    rf"(?P<date>{_DATE})" + r"[ \t,:\-]*\(?[ \t]*" + BEFORE + r"(?:d\.?[ \t]?o\.?[ \t]?b\b|"
    r"date\s+of\s+birth)"
)
# A chronology's line: the date, a colon or dash, then “Child A born” within three words.
_BORN_AFTER = re.compile(rf"(?P<date>{_DAY_DATE})[ \t]*[:\-][ \t]*{_WORDS}{{0,3}}?{_BORN}")
# “b.” as genealogies write it, after a word, a bracket or a comma (“Child A (b. 3.3.2015)”,
# “Mother, b. 1990”), never at the start of a line, where it numbers a list.
_BORN_B = re.compile(r"(?:(?<=[^\W_] )|(?<=[(,;:])|(?<=[),;:] ))b\.[ \t]?" + rf"(?P<date>{_DATE})")


def _lower_case_cue(original: str) -> bool:
    """“b. 1990” is a birth; “Plan B. 3 March 2022 …” ends a sentence and starts another."""
    return original.startswith("b")


_PHONE = re.compile(
    r"(?<![\w+\-/.])"
    r"(?:(?:\+|00)[ \t]?44[ \t]?(?:\([ \t]?0[ \t]?\)[ \t]?)?|\([ \t]?0|0)"
    r"[1-35789](?:[ \t\-()]{0,2}\d){8,9}"
    r"(?![\d])(?!-\d)"
)
_INTERNATIONAL = re.compile(r"^\(?[ \t]?(?:\+|00)[ \t]?44[ \t]?(?:\([ \t]?0[ \t]?\)[ \t]?)?")


def _looks_like_a_phone_number(found: str) -> bool:
    """Digit groups as UK numbers are written: the first group is a whole dialling code
    (“020”, “0161”, “07700”, or after +44 “20”, “7700”), no single stray digits, at most four
    groups. So “01-02-2023 10” (a date and a number) is not a phone number."""
    national = _INTERNATIONAL.sub("0", found)
    groups = re.findall(r"\d+", national)
    return 1 <= len(groups) <= 4 and len(groups[0]) >= 3 and all(len(g) >= 2 for g in groups)


_EMAIL = re.compile(
    r"(?<![\w.+\-%])[\w.%+\-]+@[^\W_](?:[\w\-]*[^\W_])?(?:\.[^\W_](?:[\w\-]*[^\W_])?)*"
    r"\.[a-z]{2,}(?![\w\-])"
)

# Ten digits in any usual grouping: 3-3-4 as issued, 3-4-3 as read out, or none at all.
_NHS = re.compile(
    r"(?<![\w.,+/\-])(?:\d{10}|\d{3,4}(?P<sep>[ \t\-])\d{3,4}(?P=sep)\d{3,4})(?![\w]|[.,/\-]\d)"
)


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check: weights 10 to 2 on the first nine digits; 11 minus
    the remainder is the tenth (11 counts as 0, 10 is never issued)."""
    digits = re.sub(r"\D", "", digits)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


#: Every date-of-birth rule needs one of these cues: most texts have none and skip them all.
_BIRTH_CUE = re.compile(r"born|birth|d\.?[ \t]?o\.?[ \t]?b|b\.")
_AT = re.compile("@")

PATTERN_RULES = (
    _Rule(_POSTCODE, "UK postcode", "postcode", near_digits=True),
    _Rule(_DOB_AFTER, "date of birth", "dob", group="date", gate=_BIRTH_CUE),
    _Rule(_DOB_YEAR, "date of birth", "dob", group="date", gate=_BIRTH_CUE),
    _Rule(_BORN_ON, "date of birth", "dob", group="date", gate=_BIRTH_CUE),
    _Rule(_DOB_BEFORE, "date of birth", "dob", group="date", gate=_BIRTH_CUE),
    _Rule(_BORN_AFTER, "date of birth", "dob", group="date", gate=_BIRTH_CUE),
    _Rule(_BORN_B, "date of birth", "dob", group="date", cue=_lower_case_cue, gate=_BIRTH_CUE),
    _Rule(_PHONE, "phone number", "phone", check=_looks_like_a_phone_number, near_digits=True),
    _Rule(_EMAIL, "e-mail address", "email", gate=_AT),
    _Rule(_NHS, "NHS number", "nhs", check=nhs_number_is_valid, near_digits=True),
)
