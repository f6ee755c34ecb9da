"""Respelling unknown words from the vocabulary of what the user may read, with pg_trgm.

A word is unknown when no document the user may read contains it. Candidates come from
`search_word` (every word of the documents as written) by trigram similarity, within one
edit (shorter words) or two (five letters or more) and starting with the same letter, as on
Whoosh; each is kept only if a document the user may read contains it, so a respelling can
never reveal a word of someone else's draft.
"""

from sqlalchemy import text

from .. import querylang as ql
from ..visibility import Visibility
from .compile import CONFIG
from .run import visible_sql

MAX_RESPELT = 4  # words respelt per search
MIN_LENGTH = 4  # shorter words are too often right already
SIMILARITY = "0.2"  # pg_trgm threshold for `%`: low, since the edit distance decides
CANDIDATES = 20

_CANDIDATES = text(
    "SELECT word FROM search_word WHERE word % :w AND word <> :w AND left(word, 1) = left(:w, 1) "
    "ORDER BY similarity(word, :w) DESC, word LIMIT :n"
)


def edits(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def visible_words(connection, words: list[str], visibility: Visibility) -> set[str]:
    """Which of the words a document the user may read contains (stop words count as found)."""
    if not words:
        return set()
    params = {"words": words}
    rows = connection.execute(
        text(
            f"SELECT w FROM unnest(CAST(:words AS text[])) AS w "
            f"WHERE numnode(plainto_tsquery('{CONFIG}', w)) = 0 OR EXISTS ("
            f"SELECT 1 FROM search_document d WHERE {visible_sql(visibility, params)} "
            f"AND d.words @@ plainto_tsquery('{CONFIG}', w))"
        ),
        params,
    )
    return set(rows.scalars())


def respellings(connection, words: list[ql.Word], visibility: Visibility):
    """Unknown word -> the visible words it may have meant (best first)."""
    wanted = []
    for word in dict.fromkeys(w.text for w in words):
        lower = word.lower()
        if len(lower) < MIN_LENGTH or not lower.isalpha() or word.isupper():
            continue  # short words and acronyms (MASH, LADO) are not misspellings
        wanted.append(word)
    known = visible_words(connection, [w.lower() for w in wanted], visibility)
    unknown = [w for w in wanted if w.lower() not in known][:MAX_RESPELT]
    if not unknown:
        return {}
    connection.execute(text("SELECT set_config('pg_trgm.similarity_threshold', :s, true)"),
                       {"s": SIMILARITY})  # fmt: skip
    options: dict[str, list[str]] = {}
    for word in unknown:
        lower = word.lower()
        limit = 2 if len(lower) >= 5 else 1
        candidates = connection.scalars(_CANDIDATES, {"w": lower, "n": CANDIDATES}).all()
        close = [(edits(lower, c), n, c) for n, c in enumerate(candidates)]
        options[word] = [c for d, _n, c in sorted(close) if d <= limit]
    everything = sorted({c for cs in options.values() for c in cs})
    seen = visible_words(connection, everything, visibility)
    found = {}
    for word, candidates in options.items():
        good = [c for c in candidates if c in seen]
        if good:
            found[word] = tuple(good[:3] if len(word) >= 5 else good[:1])
    return found
