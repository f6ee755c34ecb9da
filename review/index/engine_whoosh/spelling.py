"""Respelling unknown words, from the vocabulary of what the user may read, and nothing else.

A word is unknown when no document the user may read contains it (a word found only in a
draft they cannot open is unknown to them too). Candidates come from the index's unstemmed
vocabulary and each is kept only if a document the user may read contains it, so a
respelling can never reveal a word of someone else's draft.
"""

from .. import querylang as ql
from .bulk import terms_of
from .compile import Compiler
from .run import allowed_documents

MAX_RESPELT = 4  # words respelt per search: each costs a scan of the vocabulary
MIN_LENGTH = 4  # shorter words are too often right already


class Speller:
    def __init__(self, searcher, visibility):
        self.searcher = searcher
        self.compiler = Compiler(searcher.reader(), [])
        self.allowed = allowed_documents(searcher, visibility)
        self.corrector = searcher.corrector("spell")

    def visible(self, word: str) -> bool:
        """Whether a document the user may read has this word (in any searched field)."""
        query = self.compiler.word(ql.Word(word))
        if query is None:
            return True  # a stop word: nothing to respell
        terms = terms_of(query)  # walked lazily, term by term: the first visible match will do
        reader = self.searcher.reader()
        matchers = (
            (reader.postings(f, t) for f, t in terms if (f, t) in reader)
            if terms is not None
            else [query.matcher(self.searcher)]
        )
        for matcher in matchers:
            while matcher.is_active():
                if matcher.id() in self.allowed:
                    return True
                matcher.next()
        return False

    def respellings(self, words: list[ql.Word]) -> dict[str, tuple[str, ...]]:
        """Unknown word -> the visible words it may have meant (best first).

        Words of five letters or more also match fuzzily: every visible word within two
        edits (up to three); shorter ones take the single closest word within one edit.
        """
        found: dict[str, tuple[str, ...]] = {}
        tried = 0
        for word in dict.fromkeys(w.text for w in words):
            text = word.lower()
            if len(text) < MIN_LENGTH or not text.isalpha() or word.isupper():
                continue  # short words and acronyms (MASH, LADO) are not misspellings
            if self.visible(text):
                continue
            tried += 1
            if tried > MAX_RESPELT:
                break
            fuzzy = len(text) >= 5
            # prefix=1: typos rarely change the first letter, and it makes the scan far cheaper
            candidates = self.corrector.suggest(text, limit=8, maxdist=2 if fuzzy else 1, prefix=1)
            good = [c for c in candidates if c != text and self.visible(c)]
            if good:
                found[word] = tuple(good[:3] if fuzzy else good[:1])
        return found
