"""The publication guard's scanner: pure functions over strings, no app or database needed."""

import pytest

from review.guard import (
    Hit,
    Located,
    Match,
    find_identifiers,
    nhs_number_is_valid,
    scan_texts,
    term_key,
)

TERMS = ["Jayden Smith", "Zoë O'Neill", "Kelly Smith-Jones", "12 Acacia Road, Northbridge"]


def found(text: str, protected=TERMS) -> list[str]:
    return [m.found for m in find_identifiers(text, protected)]


def reasons(text: str, protected=TERMS) -> list[str]:
    return [m.reason for m in find_identifiers(text, protected)]


def assert_offsets(text: str, matches: list[Match]) -> None:
    for m in matches:
        assert text[m.start : m.end] == m.found, m


# Protected terms --------------------------------------------------------------------------


def test_a_whole_term_is_found_once_with_its_reason():
    text = "The health visitor saw Jayden Smith at home."
    matches = find_identifiers(text, TERMS)
    assert matches == [Match(23, 35, "Jayden Smith", "protected term “Jayden Smith”")]
    assert_offsets(text, matches)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("JAYDEN was seen", "JAYDEN"),
        ("jayden was seen", "jayden"),
        ("Jayden's mother", "Jayden"),
        ("Jayden’s mother", "Jayden"),
        ("Jayden’s", "Jayden"),
        ("the Smiths' house", "Smiths"),  # a plural is the same name
        ("Mrs Smith's view", "Smith"),
        ("They went to the Jones' house", "Jones"),
        ("(Jayden)", "Jayden"),
        ("“Jayden”", "Jayden"),
        ("Jayden.", "Jayden"),
    ],
)
def test_case_possessives_and_punctuation(text, expected):
    matches = find_identifiers(text, TERMS)
    assert [m.found for m in matches] == ([expected] if expected else [])
    assert_offsets(text, matches)


@pytest.mark.parametrize(
    "text", ["Jaydenville", "Ajayden", "Smithson", "Blacksmith", "Kellyanne", "Acaciaville"]
)
def test_whole_words_only(text):
    assert found(text) == []


def test_each_part_of_a_multi_word_term_is_protected():
    assert reasons("Smith said no.") == ["part of protected term “Jayden Smith”"]
    assert found("Jayden said no.") == ["Jayden"]
    assert found("Zoë agreed.") == ["Zoë"]
    assert found("O'Neill agreed.") == ["O'Neill"]
    # A hyphenated name protects each of its halves and the whole.
    assert found("Ms Smith-Jones and Mr Jones") == ["Smith-Jones", "Jones"]
    assert reasons("Kelly arrived") == ["part of protected term “Kelly Smith-Jones”"]


def test_a_whole_term_is_preferred_to_its_parts():
    text = "Jayden Smith and Kelly Smith-Jones; later Jayden alone."
    matches = find_identifiers(text, TERMS)
    assert [(m.found, m.reason) for m in matches] == [
        ("Jayden Smith", "protected term “Jayden Smith”"),
        ("Kelly Smith-Jones", "protected term “Kelly Smith-Jones”"),
        ("Jayden", "part of protected term “Jayden Smith”"),
    ]
    assert_offsets(text, matches)


def test_common_words_and_numbers_of_an_address_are_not_parts():
    text = "Child A lived on a busy road near the school; flat 12 was cold."
    assert found(text) == []
    # The distinctive word of the address is, and the whole address is found as one.
    assert reasons("The Acacia estate") == ["part of protected term “12 Acacia Road, Northbridge”"]
    assert found("They moved to 12 Acacia Road, Northbridge in 2021.") == [
        "12 Acacia Road, Northbridge"
    ]


def test_a_common_word_is_protected_when_entered_on_its_own():
    assert found("A family called Hill", ["Oliver Hill"]) == []
    assert found("A family called Hill", ["Oliver Hill", "Hill"]) == ["Hill"]


def test_parts_shorter_than_two_letters_are_ignored():
    assert found("Child A and Sibling B", ["A B Jones"]) == []
    assert found("Jo and Li", ["Jo Li"]) == ["Jo", "Li"]


def test_a_term_spaced_hyphenated_or_wrapped_differently_is_found():
    assert found("Ms Kelly Smith Jones") == ["Kelly Smith Jones"]
    assert found("Ms Kelly Smith‐Jones") == ["Kelly Smith‐Jones"]  # U+2010 hyphen
    assert found("Ms Kelly SmithJones") == ["Kelly SmithJones"]
    assert found("12 Acacia Road Northbridge") == ["12 Acacia Road Northbridge"]
    assert found("Zoe ONeill") == ["Zoe ONeill"]
    text = "The school nurse saw Jayden\nSmith twice."
    assert found(text) == ["Jayden\nSmith"]


def test_unicode_names():
    assert found("ZOE O’NEILL was present") == ["ZOE O’NEILL"]
    decomposed = "Zoe\u0308 was present"  # e + combining diaeresis
    matches = find_identifiers(decomposed, TERMS)
    assert [m.found for m in matches] == ["Zoe\u0308"]
    assert_offsets(decomposed, matches)
    assert found("Søren visited", ["Søren Ås"]) == ["Søren"]
    assert found("Soren visited", ["Søren Ås"]) == ["Soren"]
    assert found("Ås visited", ["Søren Ås"]) == ["Ås"]
    assert found("Łukasz visited", ["Łukasz Nowak"]) == ["Łukasz"]
    assert found("Ahmed visited", ["أحمد"]) == []
    assert found("أحمد visited", ["أحمد"]) == ["أحمد"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("**Jay**den went home", "Jay**den"),
        ("*Jayden* went home", "Jayden"),
        ("J**ayden** went home", "J**ayden"),
        ("Jay_den_ went home", "Jay_den"),
        ("_Jayden_ went home", "Jayden"),
        ("`Jay`den went home", "Jay`den"),
        ("~~Jay~~den went home", "Jay~~den"),
        ("Jay\\*den went home", "Jay\\*den"),
        ("Jay<b></b>den went home", "Jay<b></b>den"),
        ("<em>Jay</em>den went home", "Jay</em>den"),
        ("J&#97;yden went home", "J&#97;yden"),
        ("Jay&shy;den went home", "Jay&shy;den"),
        ("Jay\u00adden went home", "Jay\u00adden"),
        ("Jay\u200bden went home", "Jay\u200bden"),
        ("[Jay](https://example.org)den went home", "Jay](https://example.org)den"),
    ],
)
def test_markdown_and_html_cannot_split_a_name(text, expected):
    matches = find_identifiers(text, TERMS)
    assert [m.found for m in matches] == [expected]
    assert matches[0].reason == "part of protected term “Jayden Smith”"
    assert_offsets(text, matches)


def test_emphasis_around_the_words_of_a_whole_term():
    text = "We met **Jayden** *Smith* at school."
    matches = find_identifiers(text, TERMS)
    assert [(m.found, m.reason) for m in matches] == [
        ("Jayden** *Smith", "protected term “Jayden Smith”")
    ]
    assert_offsets(text, matches)


def test_term_keys_fold_case_accents_apostrophes_and_spaces():
    assert term_key("  Zoë   O’Neill ") == term_key("zoe o'neill") == "zoe o'neill"
    assert term_key("SMITH‐JONES") == "smith-jones"


def test_terms_too_short_or_blank_are_ignored():
    assert found("A and B went to the shop.", ["A", " ", "", "?!"]) == []


# Patterns ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "postcode",
    ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "sw1a 1aa", "SW1A1AA", "ec1a 1bb",
     "W1A 0AX", "dn551pt"],
)  # fmt: skip
def test_postcodes(postcode):
    text = f"The family moved to {postcode}, near the park."
    matches = find_identifiers(text)
    assert [(m.found, m.reason) for m in matches] == [(postcode, "UK postcode")]
    assert_offsets(text, matches)


@pytest.mark.parametrize(
    "text",
    [
        "KPE 3 and KPE 12 happened in 2019.",
        "The A1 road and the M6 motorway.",
        "It cost £12,500 in 2019/20.",
        "Child A, aged 2; Sibling 1, aged 7.",
        "COVID-19 restrictions in 2020.",
        "Year 10 pupils and Key Stage 2.",
        "A level 3 assessment.",
    ],
)
def test_ordinary_text_has_no_postcode(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "text, date",
    [
        ("Child A (DOB 12/03/2019) was seen.", "12/03/2019"),
        ("DOB: 12.03.19", "12.03.19"),
        ("D.O.B. 3 March 2019", "3 March 2019"),
        ("d.o.b.: 3rd March 2019", "3rd March 2019"),
        ("Date of birth: 2019-03-12", "2019-03-12"),
        ("date of birth 12 Mar 2019", "12 Mar 2019"),
        ("Child A was born on 3 March 2019.", "3 March 2019"),
        ("Child A was born in March 2019.", "March 2019"),
        ("Sibling 1 was born in 2016.", "2016"),
        ("born at home on March 3, 2019", "March 3, 2019"),
        ("Child A, 12/03/2019 (DOB), was seen.", "12/03/2019"),
    ],
)
def test_dates_of_birth(text, date):
    matches = find_identifiers(text)
    assert [(m.found, m.reason) for m in matches] == [(date, "date of birth")]
    assert_offsets(text, matches)


@pytest.mark.parametrize(
    "text",
    [
        "On 3 March 2022 the health visitor visited.",
        "12/03/2019: GP appointment missed.",
        "Between March 2019 and June 2020 the family moved twice.",
        "Mother was born in Poland. In 2015 she moved to the UK.",
        "Sibling 1 was born during the period under review.",
        "It must be borne in mind that in 2019 services changed.",
        "The newborn was seen on 4 May 2021.",
    ],
)
def test_plain_dates_are_not_dates_of_birth(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700 900 123",
        "07700-900-123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "020 7946 0018",
        "(020) 7946 0018",
        "+44 20 7946 0018",
        "0161 496 0000",
        "(0161) 496 0000",
        "01632 960123",
        "0800 123 4567",
    ],
)
def test_phone_numbers(phone):
    text = f"Mother's number was {phone} until May."
    matches = find_identifiers(text)
    assert [(m.found, m.reason) for m in matches] == [(phone, "phone number")]
    assert_offsets(text, matches)


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 and 2020, 1,500 families; 10 000 referrals.",
        "The review cost £12,345,678.",
        "Seen on 01/02/2023 and 01-02-2023 10 times.",
        "At 09:30 and 0.5 of a day.",
        "KPE 1 to KPE 12, Finding 3.",
        "Call 999 or 111.",
        "Ref 2019-2020-123456.",
    ],
)
def test_ordinary_numbers_are_not_phone_numbers(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "email", ["jayden.smith@example.org", "K.Smith-Jones+school@mail.example.co.uk", "a_b@x.io"]
)
def test_email_addresses(email):
    text = f"Write to {email}."
    matches = [m for m in find_identifiers(text) if m.reason == "e-mail address"]
    assert [m.found for m in matches] == [email]
    assert_offsets(text, matches)


def test_ordinary_at_signs_are_not_email_addresses():
    assert find_identifiers("Meet @ 10; child@risk; the team @ Northbridge.") == []


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919", "401 023 2137"])
def test_nhs_numbers(number):
    text = f"NHS number {number}."
    matches = find_identifiers(text)
    assert [(m.found, m.reason) for m in matches] == [(number, "NHS number")]
    assert_offsets(text, matches)


def test_nhs_check_digit():
    assert nhs_number_is_valid("943 476 5919")
    assert not nhs_number_is_valid("943 476 5918")  # wrong check digit
    assert not nhs_number_is_valid("000 000 0000")  # all one digit
    assert not nhs_number_is_valid("123456789")  # nine digits
    # 10 would be the check digit of 1234567890's first nine: never issued.
    assert not nhs_number_is_valid("1234567890")
    assert find_identifiers("Case 943 476 5918 and 1234567890.") == []


def test_a_chronology_like_text_is_clean():
    text = (
        "**3 March 2022** – Health visitor (HV1) home visit; 2 children seen. Weight 9.5 kg.\n"
        "14/03/2022 – GP: missed appointment (the 3rd in 2022). Referral ref 2022/0431.\n"
        "- KPE 4: the strategy discussion on 1 April 2022 at 10:00, 6 agencies, 45 minutes.\n"
        "Child A (aged 2) and Sibling 1 (aged 7) lived with Mother and Partner."
    )
    assert find_identifiers(text, TERMS) == []


def test_several_details_in_one_text_come_in_order_with_their_offsets():
    text = (
        "Jayden's mother (tel. 07700 900123, DOB 1/2/1990) lived at 12 Acacia Road, "
        "Northbridge, NB1 2XY; e-mail zoe@example.org."
    )
    matches = find_identifiers(text, TERMS)
    assert [(m.found, m.reason) for m in matches] == [
        ("Jayden", "part of protected term “Jayden Smith”"),
        ("07700 900123", "phone number"),
        ("1/2/1990", "date of birth"),
        ("12 Acacia Road, Northbridge", "protected term “12 Acacia Road, Northbridge”"),
        ("NB1 2XY", "UK postcode"),
        ("zoe@example.org", "e-mail address"),  # the longer first, at the same start
        ("zoe", "part of protected term “Zoë O'Neill”"),
    ]
    assert_offsets(text, matches)


def test_allowed_parts_are_not_protected_alone():
    board = "Northbridge Safeguarding Children Partnership"
    assert found("The Northbridge partnership", TERMS) == ["Northbridge"]
    assert find_identifiers("The Northbridge partnership", TERMS, allowed_parts=[board]) == []
    assert [
        m.found
        for m in find_identifiers("At 12 Acacia Road, Northbridge", TERMS, allowed_parts=[board])
    ] == ["12 Acacia Road, Northbridge"]


# Located texts and hits -------------------------------------------------------------------


def test_scan_texts_gives_each_hit_its_place_and_an_excerpt():
    long = (
        "The review team discussed the referral at length and agreed that the account given "
        "by Jayden’s mother was plausible at the time, given what was known to the GP then."
    )
    items = [
        Located("Finding 1", "Statement", "A clean statement.", "findings.finding_edit",
                {"review_id": 1, "finding_id": 2}, "statement"),
        Located("KPE 1", "What happened", long, "episodes.episode_edit",
                {"review_id": 1, "episode_id": 3}, "what_happened"),
    ]  # fmt: skip
    hits = scan_texts(items, TERMS)
    assert len(hits) == 1
    hit = hits[0]
    assert isinstance(hit, Hit)
    assert (hit.section, hit.field, hit.endpoint, hit.params, hit.anchor) == (
        "KPE 1",
        "What happened",
        "episodes.episode_edit",
        {"review_id": 1, "episode_id": 3},
        "what_happened",
    )
    assert hit.match.found == "Jayden" and hit.text == long
    assert "Jayden’s mother" in hit.excerpt
    assert hit.excerpt.startswith("…") and hit.excerpt.endswith("…")
    assert len(hit.excerpt) < 100
