"""The publication guard: finds identifying details in the texts a published report may contain.

Pure functions over strings: no Flask, no database session, so they are tested on their own and
can run anywhere. What of a review is scanned is its publication, every string of it
(`review.exports.publication`). One job per module:
`folding` and `confusables` (what counts as the same letter), `projection` (the text as written
and as displayed, mapped back to the original), `patterns` (postcodes, dates of birth, phone
numbers, e-mail addresses, NHS numbers), `terms` (protected-term rules), `scan` (the scan
itself).

What is flagged
---------------
- **Protected terms**, the list a review's team keeps (real names, addresses, school names),
  and each term's **variants** (nicknames, other spellings: “variant “Jay” of protected term
  “Jayden Smith””): case-, accent- and apostrophe-insensitive (“ZOE” finds “Zoë”, “O’Neill”
  finds “O'Neill”); **look-alike letters** from other scripts are the letters they look like
  (Unicode TR39 confusables: a Cyrillic “а” in “Jаyden”); **whole words only** (“Jayden” finds
  “Jayden's”, “Jayden’s”, “*Jayden*” and the apostrophe-less “Jaydens”, not “Jaydenville”),
  plurals too (“the Smiths”, “the Joneses”), with flexible spaces, hyphens and full stops
  inside a term (“Smith-Jones” finds “Smith Jones”; a term wrapped over two lines is found).
  **Each part** of a multi-word term or variant is protected on its own as well (“Jayden
  Smith” finds “Smith”; “St Aidan's CE Primary School” finds “St Aidans”), except parts that
  cannot identify anyone by themselves: parts with fewer than two letters, parts with digits
  (house numbers, postcode halves) and the common words of `data/common-words.txt` (“the”,
  “of”, “road”, “school”…). So an address “12 Acacia Road” protects “Acacia” and the whole
  address, but not every “road” in the report. A name that is also a common word (a surname
  “Hill” or “Green”) is protected alone when it is entered as a term of its own: a whole term
  is always protected. Words of the Board's name are not protected as parts either.
- **Patterns**: UK postcodes, with any spacing; dates of birth (a written date near “DOB”,
  “D.O.B.”, “date of birth”, “born”, “born … on”, or “b.”: plain dates are the stuff of a
  chronology and are not flagged); UK phone numbers (mobile and landline, national or +44,
  with spaces, dashes or brackets); e-mail addresses; NHS numbers in any usual grouping,
  validated with the modulus 11 check digit.

Markdown and HTML cannot hide a term: each text is scanned twice, as written (markup acting as
a word break) and as displayed with the markup removed (“**Jay**den”, “J*ayden*”, “Jay_den_”,
“`Jay`den”, “Jay<b></b>den”, “J&#97;yden”, an invisible soft hyphen), and every match is mapped
back to its offsets in the original text (`text[m.start:m.end] == m.found`). Plain ASCII
without markup is scanned as it is, with one regex for all the terms.
"""

from .folding import fold, scan_fold, term_key
from .patterns import PATTERN_RULES, nhs_number_is_valid
from .scan import Hit, Located, Match, Scanner, excerpt, find_identifiers, scan_texts
from .terms import COMMON_WORDS

__all__ = [
    "COMMON_WORDS",
    "PATTERN_RULES",
    "Hit",
    "Located",
    "Match",
    "Scanner",
    "excerpt",
    "find_identifiers",
    "fold",
    "nhs_number_is_valid",
    "scan_fold",
    "scan_texts",
    "term_key",
]
