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
    priority: int = 0  # at the same span, the lower wins (a whole term over a part)
    group: str | int = 0
    check: Callable[[str], bool] | None = None


_POSTCODE = re.compile(
    BEFORE + r"[a-pr-uwyz][a-hk-y]?\d[\da-hjkm-npr-y]?[ \t]?\d[abd-hjlnp-uw-z]{2}" + AFTER
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DATE = (
    r"(?<![\w/.\-])(?:"
    r"[0-3]?\d[/.\-][01]?\d[/.\-](?:\d{4}|\d\d)"  # 03/04/2019, 3.4.19, 03-04-2019
    r"|\d{4}-[01]?\d-[0-3]?\d"  # 2019-04-03
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"  # 3 April 2019, 3rd of April
    rf"|{_MONTH}\s+{_YEAR}"  # April 2019
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"  # April 3, 2019
    rf"|{_YEAR}"  # 2019, after “born in” or “DOB”
    r")(?![^\W_])"
)
_DOB_WORDS = r"(?:d\.?[ \t]?o\.?[ \t]?b\b\.?|date\s+of\s+birth|birth\s?date|born)"
# A date after the words, up to three words away within the sentence (“born on”, “born in
# hospital on”, “DOB:”), or a date followed by them (“3.4.2019 (DOB)”).
_DOB_AFTER = re.compile(
    BEFORE + _DOB_WORDS + AFTER + r"[\s:,\-()]*(?:[^\W\d_]+[ \t\n,]+){0,3}?" + rf"(?P<date>{_DATE})"
)
_DOB_BEFORE = re.compile(
    rf"(?P<date>{_DATE})" + r"[ \t,:\-]*\(?[ \t]*" + BEFORE + r"(?:d\.?[ \t]?o\.?[ \t]?b\b|"
    r"date\s+of\s+birth)"
)

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

_NHS = re.compile(r"(?<![\w.,+/\-])(\d{3})([ \t\-]?)(\d{3})\2(\d{4})(?![\w]|[.,/\-]\d)")


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


PATTERN_RULES = (
    _Rule(_POSTCODE, "UK postcode", "postcode"),
    _Rule(_DOB_AFTER, "date of birth", "dob", group="date"),
    _Rule(_DOB_BEFORE, "date of birth", "dob", group="date"),
    _Rule(_PHONE, "phone number", "phone", check=_looks_like_a_phone_number),
    _Rule(_EMAIL, "e-mail address", "email"),
    _Rule(_NHS, "NHS number", "nhs", check=nhs_number_is_valid),
)
