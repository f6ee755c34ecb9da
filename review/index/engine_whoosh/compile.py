"""The engine-neutral query tree as a Whoosh query, within the cost limits.

Plain words are matched tolerantly: each word (in any of the default fields, synonyms
included, since they are indexed in `expansions`) adds a fixed bonus to a document's score,
so documents with more of the words always rank first, then BM25F orders each group
(scored in bulk: `bulk.Summed`).
A prefix expands to at most MAX_EXPANSION terms; there are no leading wildcards and no
ranges but years.
"""

from whoosh import query as q

from .. import querylang as ql
from ..fields import DEFAULT_FIELDS, EXACT_FIELDS
from .bulk import BULK, Intersected, Phrase, Summed
from .schema import ANALYZER, INDEX_FIELDS

BONUS = 1000.0  # per plain word matched: far above any BM25F score
MAX_EXPANSION = 32  # terms all the prefixes of one query may expand to, together


def analyse(text: str) -> list[str]:
    return [t.text for t in ANALYZER(text)]


class Compiler:
    """Compiles one tree against one searcher's reader (for prefix expansion)."""

    def __init__(self, reader, messages: list[str]):
        self.reader = reader
        self.messages = messages
        self.budget = MAX_EXPANSION

    def note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def compile(self, node) -> q.Query:
        found = self._node(node)
        return found if found is not None else q.NullQuery

    def _node(self, node):
        if isinstance(node, ql.Everything):
            return q.Every()
        if isinstance(node, ql.Word):
            return self.word(node)
        if isinstance(node, ql.Phrase):
            return self.phrase(node.words, node.field)
        if isinstance(node, ql.Range):
            return q.NumericRange("year", node.start, node.end)
        if isinstance(node, ql.Tolerant):
            parts = [p for p in (self.word(w) for w in node.words) if p is not None]
            return Summed(parts, bonus=BONUS) if parts else None
        if isinstance(node, ql.AllOf | ql.AnyOf):
            parts = [p for p in (self._node(c) for c in node.parts) if p is not None]
            if not parts:
                return None
            if len(parts) == 1:
                return parts[0]
            if isinstance(node, ql.AnyOf):
                return Summed(parts)
            return Intersected(parts) if all(isinstance(p, BULK) for p in parts) else q.And(parts)
        if isinstance(node, ql.Exclude):
            inner = self._node(node.part)
            return q.Not(inner) if inner is not None else None
        return None

    def fields(self, field: str | None) -> list[str]:
        return list(DEFAULT_FIELDS) if field is None else [INDEX_FIELDS.get(field, field)]

    def word(self, word: ql.Word):
        if word.field in EXACT_FIELDS or word.field == "year":
            name = INDEX_FIELDS.get(word.field, word.field)
            return q.Term(name, word.text.lower())
        if word.prefix:
            return self.prefix(word.text.lower(), word.field)
        alternatives = [self.phrase((t,), word.field) for t in (word.text, *word.alternatives)]
        alternatives = [a for a in alternatives if a is not None]
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else Summed(alternatives)

    def phrase(self, words: tuple[str, ...], field: str | None):
        tokens = analyse(" ".join(words))
        if not tokens:
            self.note("Very common words (such as “the” or “was”) are left out of searches.")
            return None
        names = self.fields(field)
        if len(tokens) == 1:
            parts = [q.Term(f, tokens[0]) for f in names]
        else:
            parts = [Phrase(f, tokens) for f in names]
        return parts[0] if len(parts) == 1 else Summed(parts)

    def prefix(self, text: str, field: str | None):
        """The prefix's words, within the query's budget; None (left out) once it is spent.

        A prefix that no indexed word starts with matches nothing (NullQuery); one the spent
        budget could not expand is left out, as the message says, rather than emptying the
        whole search (prefixes are required words).
        """
        terms = []
        for name in self.fields(field):
            for term in self.reader.expand_prefix(name, text):
                if self.budget <= 0:
                    self.note(
                        f"Words ending in * matched too many words; we used the first "
                        f"{MAX_EXPANSION}."
                    )
                    return Summed(terms) if terms else None
                self.budget -= 1
                terms.append(q.Term(name, term.decode() if isinstance(term, bytes) else term))
        return Summed(terms) if terms else q.NullQuery
