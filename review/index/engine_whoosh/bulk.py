"""Plain words scored a posting block at a time, instead of one matcher call per posting.

A plain word is looked for in five fields, and a tolerant query is an OR of words: Whoosh's
union matchers score every posting through four layers of Python calls (and look each
document's field length up in a column), which was most of a search's time. `Summed` reads
each term's posting blocks directly, scores them with the same BM25F formula and field
lengths cached per segment, adds them up per document (plus a fixed bonus per word matched,
for tolerant queries) and hands the collector one ready list. It is still an `Or` of the
same children, so highlighting, term listing and `docs_for_query` see the usual query.
"""

import threading
import time
from contextlib import contextmanager
from itertools import accumulate
from pickle import loads

from whoosh import query as q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

_LENGTH = [byte_to_length(b) for b in range(256)]
_clock = threading.local()  # this thread's search deadline (None: no limit)


@contextmanager
def deadline(seconds: float):
    """Within this block, scoring stops reading postings once `seconds` have passed; what
    was scored by then is the answer (`late()` says whether that happened)."""
    _clock.at, _clock.late = time.monotonic() + seconds, False
    try:
        yield
    finally:
        _clock.at, _clock.late = None, False


def late() -> bool:
    """Whether the deadline has passed (and scoring was cut short, or should be)."""
    at = getattr(_clock, "at", None)
    if at is not None and not _clock.late and time.monotonic() > at:
        _clock.late = True
    return getattr(_clock, "late", False)


_lengths: dict[tuple[str, str], list[int]] = {}  # (segment id, field) -> length per document


def field_lengths(reader, fieldname: str) -> list[int] | None:
    """Every document's length in a field of one segment (lengths never change in a segment)."""
    segment = reader.segment()
    if segment is None:
        return None
    key = (segment.segment_id(), fieldname)
    found = _lengths.get(key)
    if found is None:
        perdoc = getattr(reader, "_perdoc", None)
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc else None
        if column is None:
            return None
        if len(_lengths) > 1024:  # segments of indexes merged away since
            _lengths.clear()
        found = _lengths[key] = [_LENGTH[b] for b in column]
    return found


class _Scored(ListMatcher):
    """Document numbers with ready scores."""

    def score(self):
        return self._weights[self._i]

    def supports_block_quality(self):
        return False


def terms_of(part) -> list[tuple[str, str]] | None:
    """The (field, text) terms whose scores add up to this part's, or None if it is not a sum
    of plain terms (phrases, prefixes: scored the usual way)."""
    if isinstance(part, q.Term):
        return [(part.fieldname, part.text)] if part.boost == 1 else None
    if type(part) in (q.Or, Summed) and part.boost == 1 and not getattr(part, "bonus", 0):
        found = []
        for child in part.subqueries:
            terms = terms_of(child)
            if terms is None:
                return None
            found.extend(terms)
        return found
    return None


def _block_ids(matcher: W3LeafMatcher) -> None:
    """Load the current block's document numbers (Whoosh's `_read_ids`, the deltas summed
    in C rather than by a generator)."""
    if matcher._data is None:
        matcher._read_data()
    ids = matcher._data[0]
    matcher._ids = ids if matcher._byteids else tuple(accumulate(ids))


def _add_term(searcher, fieldname: str, text: str, into: dict[int, float]) -> None:
    """Add one term's BM25F score to each document of this (leaf) searcher that has it."""
    reader = searcher.reader()
    if (fieldname, text) not in reader:
        return
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # deleted documents: dropped in `Summed.matcher`
        matcher = matcher.child
    scorer = searcher.weighting.scorer(searcher, fieldname, text)
    lengths = field_lengths(reader, fieldname)
    get = into.get
    if type(scorer) is BM25FScorer and type(matcher) is W3LeafMatcher and lengths is not None:
        c1 = scorer.idf * (scorer.K1 + 1)
        c2 = scorer.K1 * (1 - scorer.B)
        c3 = scorer.K1 * scorer.B / scorer.avgfl
        while matcher.is_active():
            _block_ids(matcher)
            matcher._read_weights()
            for docnum, w in zip(matcher._ids, matcher._weights, strict=True):
                into[docnum] = get(docnum, 0.0) + c1 * w / (w + c2 + c3 * lengths[docnum])
            if late():
                return
            matcher._next_block()
        return
    while matcher.is_active() and not late():  # any other weighting or format: the usual way
        docnum = matcher.id()
        into[docnum] = get(docnum, 0.0) + scorer.score(matcher)
        matcher.next()


def _add_part(searcher, part, into: dict[int, float]) -> None:
    terms = terms_of(part)
    if terms is not None:
        for fieldname, text in terms:
            _add_term(searcher, fieldname, text, into)
        return
    _scores_of(part.matcher(searcher), into)


class Bulk:
    """A query whose `_scores(leaf searcher)` gives every match's score at once: one matcher
    over every segment from those scores, or the lists themselves."""

    def matcher(self, searcher, context=None):
        return _listed(searcher, self._scores, self.boost)

    def listed(self, searcher) -> tuple[list[int], list[float]]:
        """Every matching document (in order) and its score, without a matcher."""
        return _lists(searcher, self._scores, self.boost)


class Summed(Bulk, q.Or):
    """An OR whose clauses' scores add up (as Whoosh's `Or` does), computed in bulk; with a
    bonus, every clause a document matches adds it too (words found, for tolerant queries)."""

    def __init__(self, subqueries, bonus: float = 0.0, boost: float = 1.0):
        super().__init__(subqueries, boost=boost)
        self.bonus = bonus

    def __eq__(self, other):
        return super().__eq__(other) and self.bonus == getattr(other, "bonus", None)

    def __hash__(self):
        return super().__hash__() ^ hash(self.bonus)

    def normalize(self):
        return self

    def _scores(self, searcher) -> dict[int, float]:
        if not self.bonus:
            total: dict[int, float] = {}
            for part in self.subqueries:
                _add_part(searcher, part, total)
            return total
        total = {}
        get, bonus = total.get, self.bonus
        for part in self.subqueries:
            found: dict[int, float] = {}
            _add_part(searcher, part, found)
            for docnum, score in found.items():
                total[docnum] = get(docnum, 0.0) + score + bonus
        return total


class Intersected(Bulk, q.And):
    """An AND of bulk-scored parts (required prefixes, words and phrases): each part's scores
    computed at once, the documents every part has kept, their scores added up (as Whoosh's
    `And` does), instead of intersecting the parts' matchers posting by posting."""

    def normalize(self):
        return self

    def _scores(self, searcher) -> dict[int, float]:
        total: dict[int, float] | None = None
        for part in self.subqueries:
            found: dict[int, float] = {}
            if isinstance(part, Bulk):
                found = part._scores(searcher)
            else:
                _add_part(searcher, part, found)
            total = found if total is None else {d: total[d] + s for d, s in found.items()
                                                 if d in total}  # fmt: skip
            if not total or late():
                break
        return total or {}


class Phrase(Bulk, q.Phrase):
    """Whoosh's exact phrase (words at consecutive positions, scored as the sum of its words'
    BM25F), found by intersecting the words' documents first and reading positions only for
    the documents that have every word, instead of walking spans document by document."""

    def _scores(self, searcher) -> dict[int, float]:
        reader = searcher.reader()
        fieldname = self.fieldname
        found: dict[int, float] = {}
        fmt = searcher.schema[fieldname].format if fieldname in searcher.schema else None
        if fmt is None or not fmt.supports("positions") or self.slop != 1:
            return _scores_of(q.Phrase.matcher(self, searcher), found)
        words = list(dict.fromkeys(self.words))
        postings = {}
        for word in words:
            if (fieldname, word) not in reader:
                return found
            postings[word] = _postings(reader, fieldname, word)
            if postings[word] is None:  # not a plain segment: the usual way
                return _scores_of(q.Phrase.matcher(self, searcher), found)
        candidates = None
        for word in sorted(words, key=lambda w: len(postings[w])):
            candidates = (
                set(postings[word]) if candidates is None else candidates & postings[word].keys()
            )
            if not candidates:
                return found
        decode = _decoder(fmt)
        scorers = {w: _bm25(searcher, reader, fieldname, w) for w in words}
        offsets = list(enumerate(self.words))[1:]
        later = {w for _i, w in offsets}
        head = postings[self.words[0]]
        for n, docnum in enumerate(candidates):
            if n % 256 == 255 and late():
                break
            first = decode(head[docnum][1])
            positions = {w: set(decode(postings[w][docnum][1])) for w in later}
            if any(all(p + i in positions[w] for i, w in offsets) for p in first):
                found[docnum] = sum(scorers[w](docnum, postings[w][docnum][0]) for w in self.words)
        return found


#: what an Intersected may hold (anything else is ANDed by Whoosh's matchers)
BULK = (q.Term, q.Or, Phrase, Intersected)


def _decoder(fmt):
    """Positions from a posting's value, as Whoosh's `Positions.decode_positions` reads them
    (its pickled list of deltas after the frequency), with the sum done in C."""
    if type(fmt) is not Positions:
        return fmt.decode_positions

    def decode(value: bytes) -> list[int]:
        codes = value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b"."
        return list(accumulate(loads(codes)))

    return decode


def _postings(reader, fieldname: str, text: str) -> dict[int, tuple[float, bytes]] | None:
    """Every posting of a term in one segment: document -> (weight, encoded positions)."""
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if type(matcher) is not W3LeafMatcher:
        return None
    found = {}
    while matcher.is_active():
        _block_ids(matcher)
        matcher._read_weights()
        matcher._read_values()
        found.update(
            zip(matcher._ids, zip(matcher._weights, matcher._values, strict=True), strict=True)
        )
        matcher._next_block()
    return found


def _bm25(searcher, reader, fieldname: str, text: str):
    scorer = searcher.weighting.scorer(searcher, fieldname, text)
    lengths = field_lengths(reader, fieldname)
    if type(scorer) is not BM25FScorer or lengths is None:
        return lambda docnum, w: scorer._score(w, searcher.doc_field_length(docnum, fieldname, 1))
    c1 = scorer.idf * (scorer.K1 + 1)
    c2 = scorer.K1 * (1 - scorer.B)
    c3 = scorer.K1 * scorer.B / scorer.avgfl
    return lambda docnum, w: c1 * w / (w + c2 + c3 * lengths[docnum])


def _scores_of(matcher, into: dict[int, float]) -> dict[int, float]:
    get = into.get
    while matcher.is_active() and not late():
        docnum = matcher.id()
        into[docnum] = get(docnum, 0.0) + matcher.score()
        matcher.next()
    return into


def _listed(searcher, scores, boost: float):
    """One matcher over every segment of the searcher, from each segment's scores."""
    ids, values = _lists(searcher, scores, boost)
    return _Scored(ids, values) if ids else NullMatcher()


def _deleted(reader, found: dict[int, float]):
    """The segment's deleted documents (whoosh3 keeps them as a set; Whoosh 2.7 asks one by
    one)."""
    deleted = getattr(reader, "deleted_docs_set", None)
    return deleted if deleted is not None else [d for d in found if reader.is_deleted(d)]


def _lists(searcher, scores, boost: float) -> tuple[list[int], list[float]]:
    ids: list[int] = []
    values: list[float] = []
    for sub, offset in searcher.leaf_searchers():
        found = scores(sub)
        reader = sub.reader()
        if reader.has_deletions():
            for docnum in _deleted(reader, found):
                found.pop(docnum, None)
        ordered = sorted(found)
        ids.extend([d + offset for d in ordered] if offset else ordered)
        values.extend(
            [found[d] * boost for d in ordered] if boost != 1 else map(found.get, ordered)
        )
    return ids, values
