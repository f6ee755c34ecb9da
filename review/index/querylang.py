"""What people type, cleaned and parsed into an engine-neutral query tree, within cost limits.

Every search engine behind `review.search` compiles the same tree, so the query language is
the same on each: plain words are matched tolerantly (ranked by how many of them a document
has, all-words matches first), while explicit `AND`, `OR`, `NOT`, "phrases", `field:` filters
and trailing-`*` prefixes keep their exact meaning. The parser never raises: whatever it
cannot use is dropped and said in a message.
"""

import re
from dataclasses import replace

from .fields import QUERY_FIELDS, RANGE_FIELDS, STOP_WORDS
from .querytree import (  # noqa: F401  (the tree is part of this module's interface)
    AllOf,
    AnyOf,
    Everything,
    Exclude,
    Node,
    Parsed,
    Phrase,
    Range,
    Tolerant,
    Word,
    plain_words,
    respell,
    tolerant_size,
)

MAX_QUERY = 500  # characters
MAX_CLAUSES = 16  # different words, phrases and filters in one query: each costs a posting walk
MAX_DEPTH = 6  # nested brackets
MIN_PREFIX = 3  # letters before a trailing *


def clean(text: str, messages: list[str]) -> str:
    """Make any input safe to parse, saying what was changed."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text or "").strip()
    if len(text) > MAX_QUERY:
        text = text[:MAX_QUERY]
        messages.append(f"Your search was cut to its first {MAX_QUERY} characters.")

    def unknown(match: re.Match) -> str:
        name = match.group(1)
        if name.lower() in QUERY_FIELDS:
            return name.lower() + ":"
        messages.append(
            f"“{name}:” is not something we can search by, so we searched for what follows it. "
            f"You can use: {', '.join(sorted(set(QUERY_FIELDS) - {'body', 'factor'}))}."
        )
        return ""

    return re.sub(r"(?<![\w\"])([A-Za-z_]+):(?=\S)", unknown, text)


_TOKEN = re.compile(
    r"""(?P<phrase>"[^"]*"?)
      | (?P<open>\()
      | (?P<close>\))
      | (?P<field>[a-z_]+):
      | (?P<range>\[[^\]]*\]?)
      | (?P<word>[^\s()"\[\]]+)""",
    re.VERBOSE,
)
_OPERATORS = {"AND", "OR", "NOT"}
_WORD = re.compile(r"[^\W_]+(?:[&.'’-][^\W_]+)*")


class _Parser:
    def __init__(self, text: str, messages: list[str]):
        self.tokens = [(m.lastgroup, m.group(m.lastgroup)) for m in _TOKEN.finditer(text)]
        self.pos = 0
        self.messages = messages
        self.clauses = 0
        self.seen: set = set()
        self.notes: set[str] = set()

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.add(message)
            self.messages.append(message)

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse(self) -> Node | None:
        node = self.any_of(0)
        while self.pos < len(self.tokens):  # a stray ")" ends a group early: keep going
            self.take()
            self.note("A closing bracket had no opening one, so we ignored it.")
            more = self.any_of(0)
            node = _combine_and([n for n in (node, more) if n is not None])
        return node

    def any_of(self, depth: int) -> Node | None:
        parts = [self.all_of(depth)]
        while self.peek() == ("word", "OR"):
            self.take()
            parts.append(self.all_of(depth))
        parts = list(dict.fromkeys(p for p in parts if p is not None))
        if len(parts) == 1:
            return parts[0]
        return AnyOf(tuple(parts)) if parts else None

    def all_of(self, depth: int) -> Node | None:
        parts = [self.sequence(depth)]
        while self.peek() == ("word", "AND"):
            self.take()
            parts.append(self.sequence(depth))
        return _combine_and(list(dict.fromkeys(p for p in parts if p is not None)))

    def sequence(self, depth: int) -> Node | None:
        """Juxtaposed items: plain words are tolerant, everything else is required."""
        plain: list[Word] = []
        required: list[Node] = []
        while True:
            kind, value = self.peek()
            if kind is None or kind == "close" or (kind == "word" and value in ("AND", "OR")):
                break
            item = self.unary(depth)
            if item is None:
                continue
            if isinstance(item, Word) and item.field is None and not item.prefix:
                if item.text.lower() not in STOP_WORDS and item not in plain:
                    plain.append(item)  # "the", "was" and repeated words are left out quietly
            else:
                required.append(item)
        if len(plain) == 1:
            required.insert(0, plain[0])
        elif plain:
            required.insert(0, Tolerant(tuple(plain)))
        return _combine_and(required)

    def unary(self, depth: int) -> Node | None:
        kind, value = self.take()
        if kind == "word" and value == "NOT":
            following = self.peek()
            if following[0] in (None, "close") or following in (("word", "AND"), ("word", "OR")):
                self.note("“NOT” needs something after it, so we ignored it.")
                return None
            part = self.unary(depth)
            return Exclude(part) if part is not None else None
        if kind == "field":
            return self.fielded(value, depth)
        return self.atom(kind, value, depth, None)

    def fielded(self, name: str, depth: int) -> Node | None:
        target = QUERY_FIELDS[name]
        kind, value = self.peek()
        if kind in (None, "close") or (kind == "word" and value in _OPERATORS):
            self.note(f"“{name}:” needs a word after it, so we ignored it.")
            return None
        self.take()
        if kind == "range" or (kind == "word" and ".." in value):
            return self.range(name, target, value)
        node = self.atom(kind, value, depth, target)
        return _with_field(node, target) if node is not None else None

    def range(self, name: str, target: str, value: str) -> Node | None:
        if target not in RANGE_FIELDS:
            self.note(f"Ranges work on years only (e.g. year:2020..2024), not on “{name}:”.")
            return None
        years = [int(y) for y in re.findall(r"\d{4}", value)][:2]
        if not years:
            self.note("A year range needs two years, e.g. year:2020..2024.")
            return None
        start, end = min(years), max(years)
        return self._count(Range(target, start, end))

    def atom(self, kind, value, depth: int, target: str | None) -> Node | None:
        if kind == "open":
            if depth + 1 > MAX_DEPTH:
                self.note(f"Brackets nest at most {MAX_DEPTH} deep; we searched the inner words.")
                inner = self.any_of(depth)
            else:
                inner = self.any_of(depth + 1)
            if self.peek()[0] == "close":
                self.take()
            else:
                self.note("A bracket was not closed, so we closed it at the end.")
            return inner
        if kind == "close":
            return None
        if kind == "phrase":
            if not value.endswith('"') or len(value) == 1:
                self.note("A quote was not closed, so we closed it at the end.")
            words = tuple(_WORD.findall(value.strip('"')))
            if not words:
                return None
            if len(words) == 1:
                return self._count(Word(words[0], target))
            return self._count(Phrase(words, target))
        if kind == "range":
            self.note("Ranges work on years only, e.g. year:2020..2024.")
            return None
        if value in _OPERATORS:
            self.note(f"“{value}” needs words on both sides, so we ignored it.")
            return None
        return self.word(value, target)

    def word(self, value: str, target: str | None) -> Node | None:
        stripped = value.lstrip("*?")
        if stripped != value or "?" in stripped or "*" in stripped.rstrip("*"):
            self.note("Wildcards work only at the end of a word (e.g. supervis*), so we "
                      "searched the letters without them.")  # fmt: skip
        prefix = value.endswith("*") and stripped == value and "?" not in value
        words = _WORD.findall(value.replace("*", " ").replace("?", " "))
        if not words:
            return None
        if prefix and (len(words) > 1 or len(words[0]) < MIN_PREFIX):
            self.note(f"A word ending in * needs at least {MIN_PREFIX} letters before it.")
            prefix = False
        if len(words) > 1:  # "child's/parent" and the like: each part is a word
            nodes = [self._count(Word(w, target)) for w in words]
            nodes = [n for n in nodes if n is not None]
            return Phrase(tuple(words), target) if len(nodes) == len(words) else None
        return self._count(Word(words[0], target, prefix=prefix))

    def _count(self, node: Node) -> Node | None:
        if node in self.seen:  # the same word twice costs nothing more
            return node
        self.seen.add(node)
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            self.note(f"A search can have at most {MAX_CLAUSES} words; we left out the rest.")
            return None
        return node


def _combine_and(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _with_field(node: Node, target: str) -> Node:
    """`title:(a OR "b c")` puts every word and phrase inside under the field."""
    if isinstance(node, Word | Phrase):
        return node if node.field else replace(node, field=target)
    if isinstance(node, AllOf | AnyOf):
        return type(node)(tuple(_with_field(p, target) for p in node.parts))
    if isinstance(node, Tolerant):
        return AllOf(tuple(_with_field(w, target) for w in node.words))
    if isinstance(node, Exclude):
        return Exclude(_with_field(node.part, target))
    return node


def parse(text: str, messages: list[str]) -> Node | None:
    """The tree for cleaned text; `Everything` for no text; None if nothing usable is left."""
    if not text.strip():
        return Everything()
    node = _Parser(text, messages).parse()
    if node is None:
        messages.append("Your search had no words we could use.")
    elif isinstance(node, Exclude):
        node = AllOf((Everything(), node))
    return node
