"""One pass over the matches: the visibility filter, a deadline, and facet counts.

Whoosh's own stack (FilterCollector inside TimeLimitCollector, FacetCollector) walks each
match through three wrappers, starts a timer thread per search, and in Whoosh 2.7 a
TimeLimitCollector around a FilterCollector even skips the filter. This collector does the
three jobs in one loop, so the visibility rule can never be bypassed, and records the
matching documents for facet counts read from per-segment column caches.
"""

import time
from collections import Counter
from collections.abc import Iterable

from whoosh import collectors

from .schema import COUNTED

CHECK_EVERY = 256  # matches between looks at the clock
_columns: dict[tuple[str, str], list] = {}  # (segment id, field) -> value of each document


class Bounded(collectors.WrappingCollector):
    """Collects only allowed documents until the deadline; remembers which it collected."""

    def __init__(self, child, allowed: set[int], seconds: float):
        super().__init__(child)
        self.allowed = allowed
        self.seconds = seconds
        self.ids: list[int] = []

    def prepare(self, top_searcher, q, context) -> None:
        self.child.prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds
        self.ids = []

    def collect_matches(self) -> None:
        child, allowed, ids = self.child, self.allowed, self.ids
        collect, offset = child.collect, self.offset
        seen = 0
        for sub_docnum in child.matches():
            docnum = offset + sub_docnum
            if docnum not in allowed:
                continue
            ids.append(docnum)
            collect(sub_docnum)
            seen += 1
            if seen % CHECK_EVERY == 0 and time.monotonic() > self.deadline:
                raise collectors.TimeLimit

    def count(self) -> int:
        return len(self.ids)


def column(searcher, fieldname: str) -> list:
    """The field's value for every document of the searcher, from per-segment caches."""
    values: list = []
    for reader, _offset in searcher.reader().leaf_readers():
        if not reader.has_column(fieldname):  # an empty index
            values.extend([""] * reader.doc_count_all())
            continue
        segment = reader.segment()
        key = (segment.segment_id() if segment else str(id(reader)), fieldname)
        cached = _columns.get(key)
        if cached is None:
            if len(_columns) > 512:  # old segments of merged indexes
                _columns.clear()
            cached = _columns[key] = list(reader.column_reader(fieldname, translate=True))
        values.extend(cached)
    return values


def facet_counts(searcher, ids: Iterable[int], fieldname: str) -> dict[str, int]:
    """How many of the documents have each value (multi-valued fields: each of their values)."""
    values = column(searcher, COUNTED.get(fieldname, fieldname))
    counts = Counter(map(values.__getitem__, ids))
    if fieldname not in COUNTED:
        return dict(counts)
    exploded: Counter = Counter()
    for combination, n in counts.items():
        for value in combination.split(","):
            exploded[value] += n
    return dict(exploded)
