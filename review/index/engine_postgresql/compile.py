"""The engine-neutral query tree as SQL over `search_document`, for PostgreSQL full-text search.

Every word and phrase is analysed by PostgreSQL itself (`to_tsvector('english', …)`: the
Snowball English stemmer, as the documents were), in one round trip per query, and written
into tsquery text by hand, so the tree keeps its meaning exactly:

- plain words (`Tolerant`) match when any of them does (one tsquery joined by `|`, one GIN
  lookup) and rank by how many of them a document has (`coverage`), then by `ts_rank`
  weighed by rarity;
- `AND`, `OR`, `NOT` and brackets become SQL `AND`, `OR`, `NOT` around `@@` tests;
- a phrase is its lexemes joined by `<N>` (the distances PostgreSQL found between them);
- `title:` / `text:` / `review:` restrict lexemes to their weight (A / C / D); the label
  fields (`theme:`, `board:` …) match lexemes stored with the field's name in front
  ("~theme:neglect"), a phrase in a label field is then checked against the label's text;
- a trailing `*` is a tsquery prefix (`:*`), looked up inside the GIN index;
- `year:` and `kind:` compare columns.
"""

import re
from dataclasses import dataclass, field

from sqlalchemy import text

from .. import querylang as ql
from ..fields import EXACT_FIELDS

CONFIG = "english"
#: query field -> the weight its words carry in `words` (fields of the plain-word search)
WEIGHTED = {"title": "A", "body": "C", "review": "D"}
#: label fields matched by prefixed lexemes -> SQL of their text (to check a phrase in them)
LABEL_TEXT = {
    "board": "d.board",
    "category": "d.category",
    "theme": "array_to_string(d.themes, ' ')",
    "level": "array_to_string(d.levels, ' ')",
    "review_type": "d.review_type",
    "agency_type": "array_to_string(d.agencies, ' ')",
    "questions": "d.body",
}
#: a phrase operator between two quoted lexemes ("'dip' <1> 'sampl'"), not text inside one
PHRASE = re.compile(r"(?:'|:[A-D]+) <\d+> '")
COMMON = "Very common words (such as “the” or “was”) are left out of searches."
_ANALYSE = text(
    "SELECT u.t, l.lexeme, l.positions FROM unnest(CAST(:texts AS text[])) AS u(t) "
    f"LEFT JOIN LATERAL unnest(to_tsvector('{CONFIG}', u.t)) AS l ON true"
)


def quote(lexeme: str) -> str:
    """A lexeme as a tsquery literal (taken as it is, never parsed again)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def analyse(connection, texts: set[str]) -> dict[str, list[tuple[int, str]]]:
    """Each text's (position, lexeme) pairs in order, from PostgreSQL's own analysis."""
    found: dict[str, list[tuple[int, str]]] = {t: [] for t in texts}
    if texts:
        for source, lexeme, where in connection.execute(_ANALYSE, {"texts": sorted(texts)}):
            if lexeme is not None:
                found[source].extend((p, lexeme) for p in where or [1])
    return {t: sorted(pairs) for t, pairs in found.items()}


def texts_of(node) -> set[str]:
    """Every text of the tree PostgreSQL must analyse."""
    if isinstance(node, ql.Word):
        return {node.text, *node.alternatives}
    if isinstance(node, ql.Phrase):
        return {" ".join(node.words)}
    if isinstance(node, ql.Tolerant):
        return {t for w in node.words for t in texts_of(w)}
    if isinstance(node, ql.AllOf | ql.AnyOf):
        return {t for p in node.parts for t in texts_of(p)}
    if isinstance(node, ql.Exclude):
        return texts_of(node.part)
    return set()


@dataclass
class Compiled:
    """SQL for one query: the match, its coverage and the tsquery to rank and highlight by."""

    where: str
    coverage: str
    rank_query: str  # tsquery text of every word and phrase ("" when there is nothing)
    params: dict = field(default_factory=dict)
    ranked: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # query, lexemes

    @property
    def has_phrase(self) -> bool:
        """Whether a match may need a document's words read again to check positions."""
        return any(isinstance(v, str) and PHRASE.search(v) for v in self.params.values())


class Compiler:
    def __init__(self, lexemes: dict[str, list[tuple[int, str]]], messages: list[str]):
        self.lexemes = lexemes
        self.messages = messages
        self.params: dict = {}
        self.coverage: list[str] = []
        self.ranked: dict[str, tuple[str, ...]] = {}  # tsquery text -> its lexemes

    def note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def param(self, value) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def matches(self, tsquery: str) -> str:
        return f"d.words @@ CAST({self.param(tsquery)} AS tsquery)"

    def compile(self, node) -> Compiled:
        where = self.node(node) or "false"
        coverage = " + ".join(self.coverage) or "0"
        rank = " | ".join(f"({q})" for q in self.ranked)
        return Compiled(where, coverage, rank, self.params, list(self.ranked.items()))

    def rank(self, query: str | None, *sources: str) -> None:
        """Rank by this query too, weighed by the rarity of its lexemes (none for prefixes)."""
        if query:
            lexemes = tuple(lex for s in sources for _p, lex in self.lexemes.get(s) or [])
            self.ranked.setdefault(query, lexemes)

    def node(self, node) -> str | None:
        if isinstance(node, ql.Everything):
            return "true"
        if isinstance(node, ql.Word):
            return self.word(node)
        if isinstance(node, ql.Phrase):
            return self.phrase(node.words, node.field)
        if isinstance(node, ql.Range):
            return f"d.year BETWEEN {self.param(node.start)} AND {self.param(node.end)}"
        if isinstance(node, ql.Tolerant):
            forms = [f for f in (self.forms(w) for w in node.words) if f]
            if not forms:
                return None
            self.coverage.extend(f"({self.matches(self.any_of(f))})::int" for f in forms)
            return self.tolerant([q for f in forms for q in f])
        if isinstance(node, ql.AllOf | ql.AnyOf):
            parts = [p for p in (self.node(c) for c in node.parts) if p is not None]
            if not parts:
                return None
            joiner = " AND " if isinstance(node, ql.AllOf) else " OR "
            return "(" + joiner.join(parts) + ")"
        if isinstance(node, ql.Exclude):
            inner = self.node(node.part)
            return f"NOT coalesce({inner}, false)" if inner is not None else None
        return None

    def tsquery(self, source: str, weight: str = "", prefix: str = "") -> str | None:
        """A text's lexemes as tsquery text: one lexeme, or a phrase with its distances."""
        pairs = self.lexemes.get(source) or []
        if not pairs:
            return None
        parts, last = [], None
        for position, lexeme in pairs:
            if last is not None and position == last:
                continue  # two lexemes of one token ("multi-agency"): keep the first
            item = quote(prefix + lexeme) + (f":{weight}" if weight else "")
            if last is not None:
                parts.append(f"<{position - last}>")
            parts.append(item)
            last = position
        return " ".join(parts)

    @staticmethod
    def any_of(queries: list[str]) -> str:
        return " | ".join(f"({q})" for q in queries)

    def forms(self, word: ql.Word) -> list[str]:
        """A plain word's tsqueries: the word, its respellings, acronym meanings (phrases)."""
        queries = [q for q in (self.tsquery(t) for t in (word.text, *word.alternatives)) if q]
        if not queries:
            self.note(COMMON)
            return []
        self.rank(self.any_of(queries), word.text, *word.alternatives)
        return queries

    def plain(self, word: ql.Word) -> str | None:
        """A plain word (and its respellings) in the fields searched by default."""
        return self.any_of(self.forms(word)) or None

    def tolerant(self, queries: list[str]) -> str:
        """Any of these, with phrases tested apart: a tsquery with a phrase in it makes the
        database read the words of *every* document it matches to check positions, so the
        plain words go in one index test (no rereading) and the phrases in another."""
        plain, phrases = [], []
        for query in queries:
            (phrases if PHRASE.search(query) else plain).append(query)
        tests = [self.matches(self.any_of(part)) for part in (plain, phrases) if part]
        return tests[0] if len(tests) == 1 else "(" + " OR ".join(tests) + ")"

    def word(self, word: ql.Word) -> str | None:
        target = word.field
        if target == "year":
            return f"d.year = {self.param(int(word.text))}" if word.text.isdigit() else "false"
        if target in EXACT_FIELDS:
            return f"d.doc_type = {self.param(word.text.lower())}"
        if word.prefix:
            return self.prefix(word.text, target)
        if target is None:
            found = self.plain(word)
            return self.matches(found) if found else None
        return self.phrase((word.text,), target)

    def phrase(self, words: tuple[str, ...], target: str | None) -> str | None:
        source = " ".join(words)
        if target in LABEL_TEXT:
            pairs = self.lexemes.get(source) or []
            if not pairs:
                self.note(COMMON)
                return None
            lexemes = dict.fromkeys(lex for _p, lex in pairs)
            narrow = " & ".join(quote(f"~{target}:{lex}") for lex in lexemes)
            found = self.matches(narrow)
            if len(lexemes) > 1:  # the words are there: check they are there together
                phrase = self.tsquery(source)
                found += (
                    f" AND to_tsvector('{CONFIG}', {LABEL_TEXT[target]})"
                    f" @@ CAST({self.param(phrase)} AS tsquery)"
                )
            return f"({found})"
        query = self.tsquery(source, WEIGHTED.get(target, ""))
        if query is None:
            self.note(COMMON)
            return None
        self.rank(self.tsquery(source), source)
        return self.matches(query)

    def prefix(self, word: str, target: str | None) -> str:
        raw = word.lower()
        stems = [lex for _p, lex in self.lexemes.get(word) or []][:1]
        starts = list(dict.fromkeys([raw, *stems]))
        if target in LABEL_TEXT:
            items = [quote(f"~{target}:{s}") + ":*" for s in starts]
        else:
            weight = WEIGHTED.get(target, "")
            items = [quote(s) + f":*{weight}" for s in starts]
            self.rank(" | ".join(quote(s) + ":*" for s in starts))
        return self.matches(" | ".join(items))
