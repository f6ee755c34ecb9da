"""The fast parser of simple Markdown gives what Python-Markdown's path gives, or declines."""

import random

import pytest

from review.demo import demo_file
from review.exports.markdown_docx import parse_full, parse_markdown
from review.exports.markdown_simple import parse_simple
from review.exports.parsed import Para, Run


def strings(value):
    """Every string inside nested dicts and lists (the demo's data files)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def agrees(text: str) -> bool:
    """True when the fast parser took `text` (and then it must agree); False when it declined."""
    fast = parse_simple(text)
    if fast is None:
        return False
    assert fast == parse_full(text), text
    return True


def test_the_demo_texts_parse_the_same_and_most_take_the_fast_path():
    demo = [demo_file("reviews.json"), demo_file("working-file.json")]
    texts = {t for t in strings(demo) if " " in t}  # every text, not keys or dates
    taken = sum(agrees(t) for t in texts)
    assert len(texts) > 50 and taken > len(texts) / 2


def test_a_field_with_emphasis_and_a_list():
    text = "The **health visitor** saw *Child A*.\n\n- a first point\n- a *second* one\n\nAfter."
    assert parse_simple(text) == [
        Para([Run("The "), Run("health visitor", bold=True), Run(" saw "),
              Run("Child A", italic=True), Run(".")]),
        Para([Run("a first point")], kind="bullet", list_id=0),
        Para([Run("a "), Run("second", italic=True), Run(" one")], kind="bullet", list_id=0),
        Para([Run("After.")]),
    ]  # fmt: skip
    assert parse_markdown(text) == parse_full(text)


@pytest.mark.parametrize(
    "text",
    [
        "a [link](https://example.org)", "`code`", "snake_case", "# Heading", "> quote",
        "a\n- not a list without a blank line", "- one\n\n- two (a loose list)", "- one\n  two",
        "***strong em***", "**a *b* c**", "a*b*c", "* lone star *", "---", "a\nb\n===",
        "1) one", "A &amp; B", "line  \nbreak", "    code", "a | b\n--|--\n1 | 2", "nbsp\xa0here",
        "tab\there", "**unclosed",
    ],
)  # fmt: skip
def test_anything_else_goes_the_full_way(text):
    assert parse_simple(text) is None
    assert parse_markdown(text) == parse_full(text)


WORDS = [
    "the", "health", "visitor", "GP", "A&E", "Child", "A's", "“quoted”", "(aside)", "42", "7.5",
    "end.", "comma,", "semi;", "colon:", "what?", "wow!", "‘single’", '"double"', "café", "x",
    "a-b", "—", "–", "1st", "#3", "50%", "£20", "a>b", "it's", "e.g.", "+1", "=", "12.30pm",
]  # fmt: skip
PIECES = [
    *WORDS, *WORDS, " ", " ", " ", "  ", "\n", "\n", "\n\n", "\n \n", "*", "**", "***", " *",
    "* ", "**", " **", "- ", "* ", "+ ", "1. ", "2. ", "10. ", "3) ", "#", "> ", " ", "  ",
    "\r\n", "\n- ", "\n* ", "\n1. ", "\n\n- ", "\n\n1. ", "\n\n", "---", "\n   ", "&", "_",
]  # fmt: skip


def emphasised(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 7))]
    i = rng.randrange(len(words))
    j = rng.randrange(i, min(len(words), i + 3))
    star = rng.choice(["*", "**"])
    words[i] = star + words[i]
    words[j] = words[j] + star
    return " ".join(words)


def generated(rng: random.Random) -> str:
    """Half well-formed simple Markdown (so the fast path is taken often), half anything."""
    if rng.random() < 0.5:
        blocks, was_list = [], False
        for _ in range(rng.randint(1, 4)):
            marker = "" if was_list else rng.choice(["", "- ", "* ", "+ ", "1. "])
            lines = [marker + emphasised(rng) for _ in range(rng.randint(1, 3))]
            blocks.append("\n".join(lines))
            was_list = bool(marker)
        return rng.choice(["\n\n", "\n\n\n", "\n \n", "\r\n\r\n"]).join(blocks)
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))


def test_generated_texts_parse_the_same():
    rng = random.Random(20261127)
    taken = sum(agrees(generated(rng)) for _ in range(6000))
    assert taken > 1500  # the fast path is really exercised, not only declined
