"""The engine-neutral query tree that `querylang` parses into and every engine compiles."""

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    prefix: bool = False
    alternatives: tuple[str, ...] = ()  # respellings that also count (typo recovery)


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class Range:
    field: str
    start: int
    end: int


@dataclass(frozen=True)
class AllOf:
    parts: tuple


@dataclass(frozen=True)
class AnyOf:
    parts: tuple


@dataclass(frozen=True)
class Exclude:
    part: object


@dataclass(frozen=True)
class Tolerant:
    """Plain words: a document needs one of them; the more it has, the higher it ranks."""

    words: tuple[Word, ...]


@dataclass(frozen=True)
class Everything:
    """An empty query: every document the user may read, newest first."""


Node = Word | Phrase | Range | AllOf | AnyOf | Exclude | Tolerant | Everything


@dataclass
class Parsed:
    tree: Node
    messages: list[str] = field(default_factory=list)


def plain_words(node: Node | None) -> list[Word]:
    """The tolerant (unfielded, unquoted) words of a tree, in order: what may be respelt."""
    if isinstance(node, Word):
        return [node] if node.field is None and not node.prefix else []
    if isinstance(node, Tolerant):
        return list(node.words)
    if isinstance(node, AllOf | AnyOf):
        return [w for p in node.parts for w in plain_words(p)]
    return []


def respell(node: Node, spellings: dict[str, tuple[str, ...]]) -> Node:
    """The same tree with respelt words also matching their respellings."""
    if isinstance(node, Word) and node.text in spellings and node.field is None:
        return replace(node, alternatives=spellings[node.text])
    if isinstance(node, Tolerant):
        return Tolerant(tuple(respell(w, spellings) for w in node.words))
    if isinstance(node, AllOf | AnyOf):
        return type(node)(tuple(respell(p, spellings) for p in node.parts))
    return node


def tolerant_size(node: Node | None) -> int:
    """How many plain words the top of the tree asks for (0 if it is not a tolerant query)."""
    if isinstance(node, Tolerant):
        return len(node.words)
    if isinstance(node, AllOf):
        return max((tolerant_size(p) for p in node.parts), default=0)
    return 0
