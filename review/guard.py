"""The publication guard: finds identifying details in the texts a published report may contain.

Pure functions over strings (and, for `review_texts`, over a review's attributes): no Flask, no
database session, so they are tested on their own and can run anywhere.

What is flagged
---------------
- **Protected terms**, the list a review's team keeps (real names, addresses, school names):
  case-, accent- and apostrophe-insensitive (“ZOE” finds “Zoë”, “O’Neill” finds “O'Neill”),
  **whole words only** (“Jayden” finds “Jayden's”, “Jayden’s” and “*Jayden*”, not
  “Jaydenville”), with flexible spaces, hyphens and full stops inside a term (“Smith-Jones”
  finds “Smith Jones”; a term wrapped over two lines is still found).
  **Each part** of a multi-word term is protected on its own as well (“Jayden Smith” finds
  “Smith”), except parts that cannot identify anyone by themselves: parts with fewer than two
  letters, parts with digits (house numbers, postcode halves) and the common words in
  `COMMON_WORDS` (“the”, “of”, “road”, “school”…). So an address “12 Acacia Road” protects
  “Acacia” and the whole address, but not every “road” in the report. A name that is also a
  common word (a surname “Hill” or “Green”) is protected alone when it is entered as a term of
  its own: a whole term is always protected. Words of the Board's name are not protected as
  parts either (see `publication_hits`).
- **Patterns**: UK postcodes; dates of birth (a date next to “DOB”, “D.O.B.”, “date of birth”,
  “born”: plain dates are the stuff of a chronology and are not flagged); UK phone numbers
  (mobile and landline, national or +44, with spaces, dashes or brackets); e-mail addresses;
  NHS numbers (ten digits, validated with the modulus 11 check digit).

Markdown and HTML cannot hide a term: each text is scanned twice, as written (markup acting as
a word break) and as displayed with the markup removed (“**Jay**den”, “J*ayden*”, “Jay_den_”,
“`Jay`den”, “Jay<b></b>den”, “J&#97;yden”, an invisible soft hyphen), and every match is mapped
back to its offsets in the original text (`text[m.start:m.end] == m.found`).
"""

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Matches ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One identifying detail in a text: where it is (offsets into the original text), what was
    found there, and why it is flagged."""

    start: int
    end: int
    found: str
    reason: str


@dataclass(frozen=True)
class Located:
    """A text a report may contain, with where it sits in the report (section and field) and
    the page that changes it (an endpoint, its arguments and the form field as anchor)."""

    section: str
    field: str
    text: str
    endpoint: str
    params: dict
    anchor: str = ""


@dataclass(frozen=True)
class Hit:
    """A match in a located text, with a short excerpt around it (for the review's editors)."""

    section: str
    field: str
    text: str
    endpoint: str
    params: dict
    anchor: str
    match: Match
    excerpt: str


# Folding: what counts as "the same letter" -----------------------------------------------

APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4\uff07"
HYPHENS = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
LETTERS = {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ı": "i"}


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character as the scanner compares it: lower case, no accents, plain punctuation."""
    if char in INVISIBLE:
        return ""
    if char in APOSTROPHES:
        return "'"
    if char in HYPHENS:
        return "-"
    folded = _strip_marks(_strip_marks(char).casefold())
    return "".join(LETTERS.get(c, c) for c in folded)


def fold(text: str) -> str:
    """The text as the scanner compares it (case, accents, apostrophes and hyphens folded)."""
    return "".join(_fold_char(c) for c in text)


def term_key(term: str) -> str:
    """What makes two protected terms the same: “Zoë  O’Neill” and “zoe o'neill” are one."""
    return " ".join(fold(term).split())


# Projections: the text as scanned, with a map back to the original ------------------------


@dataclass
class _Projection:
    text: str
    starts: list[int]  # for each character of `text`: where its source starts in the original
    ends: list[int]  # ... and where it ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


_MARKUP = re.compile(
    r"(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<target>\]\([^()\s]*(?:\s+\"[^\"]*\")?\))"
)
_JOINED_AWAY = frozenset("*_~`\\[]")  # emphasis, code, escapes and link brackets


def _project(text: str, *, joined: bool) -> _Projection:
    """The folded text; with `joined`, Markdown and HTML markup removed as a reader sees it."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(chars: str, start: int, end: int) -> None:
        for c in chars:
            out.append(c)
            starts.append(start)
            ends.append(end)

    i = 0
    while i < len(text):
        char = text[i]
        markup = _MARKUP.match(text, i) if char in "<&]" else None
        if markup and markup.lastgroup == "tag":
            if not joined:
                emit(" ", i, markup.end())  # a tag breaks words as written
            i = markup.end()
            continue
        if markup and markup.lastgroup == "entity":
            decoded = html.unescape(markup.group())
            emit(fold(decoded), i, markup.end())
            i = markup.end()
            continue
        if markup and markup.lastgroup == "target" and joined:
            i = markup.end()  # a link's address is not displayed (it is scanned as written)
            continue
        if unicodedata.combining(char):
            # A combining accent belongs to the letter before it: widen that letter's span.
            j = len(out) - 1
            while j >= 0 and ends[j] == i:
                ends[j] = i + 1
                j -= 1
            i += 1
            continue
        if not (joined and char in _JOINED_AWAY):
            emit(_fold_char(char), i, i + 1)
        i += 1
    return _Projection("".join(out), starts, ends)


# Rules -----------------------------------------------------------------------------------

BEFORE = r"(?<![^\W_])"  # not preceded by a letter or digit: a whole word starts here
AFTER = r"(?![^\W_])"  # not followed by a letter or digit: a whole word ends here
TERM_GLUE = r"[\s'\-.,]*"  # between the words of a term: spaces, hyphens, apostrophes, dots, commas

#: Parts of a multi-word term that are not protected on their own (see the module docstring).
_COMMON_WORDS = """
    a an and at by for from in into of on or the to with de del della der di du la le les van
    von y mr mrs ms miss mx dr st saint sir
    road rd street lane ln avenue ave close drive dr way court ct place pl crescent cres
    gardens gdns grove terrace square sq mews walk row hill park green view rise vale end
    house flat flats apartment apartments estate block floor lodge cottage farm
    north south east west upper lower new old great little
    school primary secondary academy college nursery infant infants junior juniors high
    church ce cofe rc catholic community centre center children family
    hospital surgery practice medical health clinic
    mother father mum dad child baby brother sister aunt uncle grandmother grandfather
    nan gran partner son daughter
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern
    reason: str
    kind: str  # matches of one kind inside another of the same kind are reported once
    priority: int = 0  # at the same span, the lower wins (a whole term over a part)
    group: str | int = 0
    check: Callable[[str], bool] | None = None


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _term_regex(folded: str) -> re.Pattern | None:
    words = re.findall(r"[^\W_]+", folded)
    if sum(len(w) for w in words) < 2:
        return None
    return _compile(BEFORE + TERM_GLUE.join(re.escape(w) for w in words) + AFTER)


def _parts(folded: str) -> list[str]:
    """The words of a term that are protected on their own (see the module docstring): a
    hyphenated name is a part, and so is each of its halves."""
    parts = []
    for chunk in re.split(r"[\s,/.()&;:+]+", folded):
        chunk = chunk.strip("-")
        halves = chunk.split("-")
        for part in [chunk, *halves] if len(halves) > 1 else halves:
            part = re.sub(r"'s?$", "", part.strip("'"))  # “Mary's” also protects “Mary”
            letters = re.sub(r"['\-]", "", part)
            if len(letters) >= 2 and letters.isalpha() and part not in COMMON_WORDS:
                parts.append(part)
    return parts


def _term_rules(protected: Iterable[str], allowed_parts: Iterable[str] = ()) -> list[_Rule]:
    allowed = {fold(word) for text in allowed_parts for word in re.findall(r"[^\W_]+", text)}
    wholes: list[_Rule] = []
    parts: list[_Rule] = []
    seen: set[str] = set()
    for raw in protected:
        term = " ".join(str(raw).split())
        key = term_key(term)
        regex = _term_regex(key)
        if regex is None or key in seen:
            continue
        seen.add(key)
        wholes.append(_Rule(regex, f"protected term “{term}”", "protected"))
        pieces = _parts(key)
        if len(pieces) == 1 and pieces[0] == key:
            continue
        for piece in pieces:
            if piece in allowed:
                continue
            if (piece_regex := _term_regex(piece)) is not None:
                parts.append(_Rule(piece_regex, f"part of protected term “{term}”", "protected", 1))
    return wholes + parts


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


class Scanner:
    """The rules for one list of protected terms, compiled once for many texts."""

    def __init__(self, protected: Iterable[str] = (), *, allowed_parts: Iterable[str] = ()):
        self.rules = [*_term_rules(protected, allowed_parts), *PATTERN_RULES]

    def find(self, text: str) -> list[Match]:
        if not text or not text.strip():
            return []
        written = _project(text, joined=False)
        displayed = _project(text, joined=True)
        projections = [written] if displayed.text == written.text else [written, displayed]
        candidates: list[tuple[int, int, int, str, str]] = []
        for projection in projections:
            for rule in self.rules:
                for found in rule.regex.finditer(projection.text):
                    a, b = found.span(rule.group)
                    if a < 0 or a == b:
                        continue
                    if rule.check and not rule.check(found.group(rule.group)):
                        continue
                    start, end = projection.span(a, b)
                    candidates.append((start, end, rule.priority, rule.kind, rule.reason))
        kept: list[tuple[int, int, int, str, str]] = []
        for start, end, priority, kind, reason in sorted(
            set(candidates), key=lambda c: (c[0], c[0] - c[1], c[2], c[4])
        ):
            if any(k[3] == kind and k[0] <= start and end <= k[1] for k in kept):
                continue
            kept.append((start, end, priority, kind, reason))
        return [Match(s, e, text[s:e], reason) for s, e, _, _, reason in kept]


def find_identifiers(
    text: str, protected: Iterable[str] = (), *, allowed_parts: Iterable[str] = ()
) -> list[Match]:
    """Every identifying detail in `text`, in order: protected terms and the patterns.

    Words of `allowed_parts` (e.g. the Board's name) are not protected as parts of a term.
    """
    return Scanner(protected, allowed_parts=allowed_parts).find(text)


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    """A short, one-line extract around text[start:end], cut at word boundaries."""
    a, b = max(0, start - width), min(len(text), end + width)
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else b
    middle = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + middle + ("…" if b < len(text) else "")


def scan_texts(
    items: Iterable[Located], protected: Iterable[str] = (), *, allowed_parts: Iterable[str] = ()
) -> list[Hit]:
    """Every identifying detail in the located texts, each with where to put it right."""
    scanner = Scanner(protected, allowed_parts=allowed_parts)
    hits = []
    for item in items:
        for match in scanner.find(item.text):
            hits.append(
                Hit(
                    section=item.section,
                    field=item.field,
                    text=item.text,
                    endpoint=item.endpoint,
                    params=item.params,
                    anchor=item.anchor,
                    match=match,
                    excerpt=excerpt(item.text, match.start, match.end),
                )
            )
    return hits


# The texts of a review -------------------------------------------------------------------

REVIEW_FIELDS = (
    ("reason_for_review", "Why this case?"),
    ("summary", "The case in brief"),
    ("family_composition", "Family composition"),
    ("family_involvement", "Family involvement"),
    ("limitations", "Limitations"),
)
EPISODE_FIELDS = (
    ("title", "Title"),
    ("agencies", "Agencies and roles involved"),
    ("what_happened", "What happened"),
    ("appraisal", "Appraisal of practice"),
    ("explanation", "Why it made sense at the time"),
    ("how_normal", "How normal was it?"),
    ("hindsight_guard", "How hindsight bias was guarded against"),
)
FINDING_FIELDS = (
    ("statement", "Statement"),
    ("manifestation", "How did the issue manifest in this case?"),
    ("underlying_evidence", "How do we know it is an underlying issue?"),
    ("prevalence", "How widespread is the pattern?"),
    ("significance", "Why does it matter?"),
)


def _introduction(review: Any) -> Iterator[Located]:
    rid = {"review_id": review.id}
    yield Located("Cover", "Title", review.title, "reviews.edit", rid, "title")
    yield Located(
        "Cover", "Subject pseudonym", review.subject_pseudonym, "reviews.edit", rid,
        "subject_pseudonym",
    )  # fmt: skip
    for attr, label in REVIEW_FIELDS:
        yield Located("Introduction", label, getattr(review, attr), "reviews.edit", rid, attr)


def _research_questions(review: Any) -> Iterator[Located]:
    for n, question in enumerate(review.research_questions, 1):
        where = {"review_id": review.id, "question_id": question.id}
        yield Located(
            "Research questions", f"Question {n}", question.text, "reviews.question_edit", where,
            "text",
        )  # fmt: skip


def _review_team(review: Any) -> Iterator[Located]:
    """The review team by job title and agency (the report names them so, if at all)."""
    for n, member in enumerate(review.memberships, 1):
        where = {"review_id": review.id, "member_id": member.id}
        for attr, label in (("role_title", "job title"), ("agency", "agency")):
            yield Located(
                "Review team", f"Member {n}: {label}", getattr(member, attr),
                "reviews.member_edit", where, attr,
            )  # fmt: skip


def _case_group(review: Any) -> Iterator[Located]:
    """The case group by label, role and agency: never names, but checked all the same."""
    for n, member in enumerate(review.case_group, 1):
        where = {"review_id": review.id, "member_id": member.id}
        for attr, label in (("label", "label"), ("role_title", "role"), ("agency", "agency")):
            yield Located(
                "Case group", f"Member {n}: {label}", getattr(member, attr),
                "casegroup.member_edit", where, attr,
            )  # fmt: skip


def _episodes(review: Any) -> Iterator[Located]:
    for kpe in review.episodes:
        section = f"KPE {kpe.number}"
        where = {"review_id": review.id, "episode_id": kpe.id}
        for attr, label in EPISODE_FIELDS:
            yield Located(section, label, getattr(kpe, attr), "episodes.episode_edit", where, attr)
        for n, factor in enumerate(kpe.factors, 1):
            yield Located(
                section, f"Contributory factor {n}", factor.description, "episodes.factor_edit",
                {**where, "factor_id": factor.id}, "description",
            )  # fmt: skip


def _findings(review: Any) -> Iterator[Located]:
    for finding in review.findings:
        section = f"Finding {finding.number}"
        where = {"review_id": review.id, "finding_id": finding.id}
        for attr, label in FINDING_FIELDS:
            yield Located(
                section, label, getattr(finding, attr), "findings.finding_edit", where, attr
            )
        for n, question in enumerate(finding.questions, 1):
            yield Located(
                section, f"Board question {n}", question.text, "findings.question_edit",
                {**where, "question_id": question.id}, "text",
            )  # fmt: skip


ACTION_FIELDS = (
    ("what", "what"),
    ("owner_role", "owner (role)"),
    ("owner_agency", "owner (agency)"),
    ("reason", "reason for not doing it"),
    ("evidence_of_impact", "evidence of impact"),
)


def _board_response(review: Any) -> Iterator[Located]:
    """The Board's response and actions: in the report once recorded, after sign-off."""
    for finding in review.findings:
        section = f"The Board's response to Finding {finding.number}"
        where = {"review_id": review.id, "finding_id": finding.id}
        response = getattr(finding, "response", None)
        if response is not None:
            yield Located(
                section, "Response", response.response, "board.respond", where, "response"
            )
        for n, action in enumerate(getattr(finding, "actions", []), 1):
            for attr, label in ACTION_FIELDS:
                yield Located(
                    section, f"Action {n}: {label}", getattr(action, attr), "board.action_edit",
                    {**where, "action_id": action.id}, attr,
                )  # fmt: skip


def _chronology(review: Any) -> Iterator[Located]:
    for n, entry in enumerate(review.chronology, 1):
        where = {"review_id": review.id, "entry_id": entry.id}
        for attr, label in (("agency", "agency"), ("event", "event"), ("source", "source")):
            yield Located(
                "Chronology", f"Entry {n}: {label}", getattr(entry, attr),
                "chronology.entry_edit", where, attr,
            )  # fmt: skip


def _conversations(review: Any) -> Iterator[Located]:
    for n, member in enumerate(review.case_group, 1):
        if member.conversation is None:
            continue
        where = {"review_id": review.id, "member_id": member.id}
        for attr in ("knew_then", "did_and_why", "what_helped", "what_hindered", "view_now"):
            yield Located(
                "Conversations", f"Member {n}: {attr.replace('_', ' ')}",
                getattr(member.conversation, attr), "casegroup.conversation", where, attr,
            )  # fmt: skip


#: Every source of text that an export or publication of a review may contain, in report
#: order. Themes are taxonomy terms (no free text) and are not scanned. A new export that
#: includes more of the review adds its source here: one line.
PUBLISHED_SOURCES: tuple[Callable[[Any], Iterable[Located]], ...] = (
    _introduction,
    _research_questions,
    _review_team,
    _case_group,
    _episodes,
    _findings,
    _board_response,
)
#: Internal working notes that no export includes (the chronology and the conversations);
#: they are scanned only if a report starts to include them (move them up).
INTERNAL_SOURCES: tuple[Callable[[Any], Iterable[Located]], ...] = (
    _chronology,
    _conversations,
)


def review_texts(review: Any, sources=PUBLISHED_SOURCES) -> list[Located]:
    """The non-empty texts of `review` that a published report may contain."""
    return [
        located
        for source in sources
        for located in source(review)
        if located.text and located.text.strip()
    ]


def publication_hits(review: Any) -> list[Hit]:
    """Every identifying detail left in the texts of the review's report.

    The words of the Board's name are not protected as parts of a term: the report names its
    Board, so a town in a protected address (“12 Acacia Road, Northbridge”) is not flagged
    wherever the “Northbridge Safeguarding Children Partnership” is. The whole address is.
    """
    return scan_texts(
        review_texts(review),
        [t.term for t in review.protected_terms],
        allowed_parts=[review.board.name] if review.board else [],
    )
