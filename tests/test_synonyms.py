"""Which acronyms and practice concepts a document's text implies (found at index time)."""

from review.index.synonyms import Synonyms, acronym_expansions, concept_expansions

GROUPS = [
    ("was not brought", "did not attend", "missed appointments"),
    ("bed sharing", "co-sleeping"),
    ("disguised compliance", "superficial cooperation"),
]


def test_a_concept_matches_its_phrases_word_by_word_after_stemming():
    assert concept_expansions("missed two appointments", GROUPS) == []
    assert concept_expansions("She missed an appointment.", GROUPS) == list(GROUPS[0])
    assert concept_expansions("Two missed appointment letters", GROUPS) == list(GROUPS[0])
    assert concept_expansions("the baby was not brought to clinic", GROUPS) == list(GROUPS[0])
    # articles are ignored, both in the text and in the phrases
    assert concept_expansions("bed sharing with the baby", GROUPS) == list(GROUPS[1])
    assert concept_expansions("the bed, the sharing", GROUPS) == list(GROUPS[1])
    assert concept_expansions("the bed was sharing", GROUPS) == []


def test_concepts_come_in_the_order_of_their_groups_and_once_each():
    text = "Co-sleeping again. Disguised compliance; bed sharing; missed appointments."
    assert concept_expansions(text, GROUPS) == [*GROUPS[0], *GROUPS[1], *GROUPS[2]]


def test_acronyms_both_ways_and_together_with_concepts():
    table = {"DV": ["domestic violence", "domestic abuse"], "A&E": ["emergency department"]}
    assert acronym_expansions("DV was reported", table) == [
        "DV", "domestic violence", "domestic abuse",
    ]  # fmt: skip
    assert acronym_expansions("Domestic abuse at home; went to A&E", table) == [
        "A&E", "emergency department", "DV", "domestic violence", "domestic abuse",
    ]  # fmt: skip
    assert acronym_expansions("DVD and A&Ex", table) == []
    both = Synonyms(table, GROUPS).expansions("DV and disguised compliance; DV again")
    assert both.split("\n") == [
        "DV", "domestic violence", "domestic abuse", "disguised compliance",
        "superficial cooperation",
    ]  # fmt: skip
