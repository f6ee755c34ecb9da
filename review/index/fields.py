"""What a search document holds and what people may search by: shared by every engine."""

import re
from functools import lru_cache

from whoosh.lang.snowball.english import EnglishStemmer

#: facet name (URL argument) -> (document field holding its values, label shown to people)
FACETS = {
    "category": ("category_facet", "Category"),
    "theme": ("theme_facet", "Theme"),
    "level": ("level_facet", "Contributory factor level"),
    "board": ("board_facet", "Board"),
    "review_type": ("type_facet", "Review type"),
    "year": ("year_facet", "Year"),
    "agency": ("agency_facet", "Agency type"),
}
MULTI_VALUED = {"theme_facet", "level_facet", "agency_facet"}

#: fields a query may name (`category:tools`), as people write them -> document field
QUERY_FIELDS = {
    "title": "title",
    "text": "body",
    "body": "body",
    "review": "review",
    "board": "board",
    "category": "category",
    "theme": "theme",
    "level": "level",
    "factor": "level",
    "type": "review_type",
    "agency": "agency_type",
    "question": "questions",
    "questions": "questions",
    "year": "year",
    "kind": "doc_type",
}
#: where plain words are looked for (labels: category, themes, factors, board, review type)
DEFAULT_FIELDS = ("title", "body", "expansions", "review", "labels")
#: the only fields that take ranges (`year:2020..2024`): cheap, small, numeric
RANGE_FIELDS = {"year"}
#: fields holding one exact value, matched without stemming
EXACT_FIELDS = {"doc_type"}

#: the usual English stop words (Whoosh's short list and the common function words)
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves may us yet tbd""".split()  # noqa: SIM905
)

#: a word: letters and digits, joined by & (A&E) or a dot (e.g.); the same words as the
#: earlier r"\w+(?:&\w+|\.?\w+)*" (a greedy \w+ leaves no word character to a joinerless part)
#: found in two thirds of the time
WORD_PATTERN = r"\w+(?:[&.]\w+)*"
_WORD_RE = re.compile(WORD_PATTERN)
_stemmer = EnglishStemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball English (Porter2): "stopped" -> "stop", "referred" -> "refer".

    whoosh3's `whoosh.lang.porter` never undoubles consonants ("stopped" -> "stopp"), so we
    never use it; see the README's note on the upstream bug.
    """
    return _stemmer.stem(word)


def stems(text: str, *, stop: bool = False) -> list[str]:
    """The stemmed words of a text, lower-cased (optionally without stop words).

    ASCII text is lower-cased whole before its words are found (the same words, faster: a
    full reindex stems every document); other text word by word, as lower-casing may change
    what counts as a word character.
    """
    if text.isascii():
        words = _WORD_RE.findall(text.lower())
    else:
        words = [w.lower() for w in _WORD_RE.findall(text)]
    if stop:
        words = [w for w in words if w not in STOP_WORDS and len(w) > 1]
    return list(map(stem, words))
