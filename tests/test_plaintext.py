"""Search documents' text from simple Markdown without Python-Markdown is the very same text."""

import importlib.util
import random
import sys
from pathlib import Path

from test_markdown_simple import PIECES, generated, strings

from review.demo import demo_file
from review.index.plaintext import full_plain_text, plain_text, simple_plain_text

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def agrees(text: str) -> bool:
    """True when the fast path took `text` (and then it must agree); False when it declined."""
    fast = simple_plain_text(text)
    if fast is None:
        return False
    assert fast == full_plain_text(text), text
    return True


def corpus_texts(count: int) -> list[str]:
    """Fields as the national-scale benchmark's corpus writes them (generate_corpus.Writer)."""
    spec = importlib.util.spec_from_file_location("corpus", BENCHMARKS / "generate_corpus.py")
    corpus = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(corpus)
    rng = random.Random(2026)
    writer = corpus.Writer(rng, corpus.pseudo_words(rng, 500), corpus.place_names(rng, 50))
    levels = list(corpus.FACTORS)
    texts = []
    for _ in range(count // 5):
        texts += [
            writer.markdown("Child A", rng.randint(1, 4), 3),
            writer.evidence("Ashbrook"),
            writer.significance(),
            writer.kpe_text(corpus.FACTORS[rng.choice(levels)], 2, "Baby M"),
            writer.factor(rng.choice(levels)),
        ]
    return texts


def test_the_corpus_texts_give_the_same_text_and_nearly_all_take_the_fast_path():
    texts = corpus_texts(3000)
    taken = sum(agrees(t) for t in texts)
    assert taken > 0.95 * len(texts)


def test_the_demo_and_relevance_texts_give_the_same_text():
    demo = [demo_file("reviews.json"), demo_file("working-file.json")]
    texts = {t for t in strings(demo) if " " in t}
    texts |= set((BENCHMARKS / "relevance" / "findings.txt").read_text("utf-8").split("\n\n"))
    taken = sum(agrees(t) for t in texts)
    assert len(texts) > 200 and taken > len(texts) / 2


#: what people also type: trailing spaces, tabs, entities, HTML, control and odd space characters
ODD = ["a ", " \n", "\t", "&amp;", "&", "<b>", "x\x00y", "\x0c", "\xa0", "\u2028", "\r", "é"]


def test_generated_and_malformed_texts_give_the_same_text():
    rng = random.Random(20261128)
    pieces = PIECES + ODD * 3
    texts = [generated(rng) for _ in range(6000)]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(6000)]
    texts += [t.replace("\n", rng.choice([" \n", "\n ", "\r\n", "\n\n\n"])) for t in texts[:3000]]
    taken = sum(agrees(t) for t in texts)
    assert taken > 2000  # the fast path is really exercised, not only declined


def test_what_the_text_says_without_its_markup():
    text = "The **health visitor** saw *Child A*.\nA & B > C\n\n- one\n- *two*\n\nAfter."
    expected = "The health visitor saw Child A.\nA & B > C\n\n\none\n\ntwo\n\n\nAfter."
    assert simple_plain_text(text) == expected == plain_text(text)
    assert plain_text("A [link](https://example.org) and `code`") == "A link and code"
    assert simple_plain_text("A [link](https://example.org)") is None
    assert plain_text(None) == plain_text("") == ""
