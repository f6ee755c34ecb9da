"""The report's own wording: the method in plain words, section introductions, headings."""

from datetime import date

from ..rendering import format_date

METHOD_MODEL = (
    "The review used the Social Care Institute for Excellence (SCIE) Learning Together "
    "model, a systems approach to case reviews (Fish, Munro and Bairstow, 2008). It treats "
    "the case as a window on the system: instead of asking who was to blame, it asks why "
    "what happened made sense to the people involved at the time, and what in the way "
    "agencies work together makes good practice harder or easier. It does not make "
    "recommendations; it gives the Board findings about the system, with questions for the "
    "Board to answer."
)

#: the model's stages, as the method describes them (the appendix); what this review did is
#: written from its own records (`report_method.method_facts`)
METHOD_STAGES = (
    ("Preparation", "The Board chooses the case and the type of review, agrees the period "
     "under review and the research questions, and appoints lead reviewers and a review team "
     "of senior managers who were not involved in the case."),
    ("Data collection", "Each member of the case group has a structured conversation with "
     "the lead reviewers about the case as it looked to them at the time: what they knew, "
     "what they did and why, and what helped or hindered them. No one writes an individual "
     "management report."),
    ("Organising and analysing", "The agencies' perspectives are put together into a "
     "narrative, and key practice episodes are chosen: moments significant to how the case "
     "developed. Each is appraised with hindsight, explained as it looked at the time, and "
     "its contributory factors recorded. The case group checks the analysis at follow-on "
     "meetings."),
    ("Generic patterns", "The review team then moves from this case to the system: which "
     "patterns are not peculiar to this family, how widespread they are, and why they "
     "matter. The findings are prioritised and tested with the case group and the review "
     "team."),
    ("Report", "The lead reviewers write the report, which the Board quality-assures and "
     "signs off before it is published. Everyone in it is referred to by a pseudonym, or by "
     "role and agency."),
)  # fmt: skip

FACTORS_INTRO = (
    "Contributory factors are recorded at the levels of an adapted London Protocol (Vincent "
    "and Taylor-Adams), each marked as supporting good practice or making poor practice more "
    "likely:"
)

FINDINGS_INTRO = (
    "Findings are grouped in SCIE's typology of underlying patterns. Each is written under the "
    "same headings: how the issue showed in this case, how we know it is an underlying issue "
    "and not something peculiar to this case, how widespread the pattern is, why it matters, "
    "and the questions it raises for the Board. The categories are:"
)

FINDING_HEADINGS = (
    ("manifestation", "How did the issue manifest in this case?"),
    ("underlying_evidence",
     "How do we know it is an underlying issue, not something peculiar to this case?"),
    ("prevalence", "How widespread is the pattern?"),
    ("significance", "Why does it matter?"),
)  # fmt: skip
QUESTIONS_HEADING = "Questions for the Board to consider"

EPISODE_HEADINGS = (
    ("what_happened", "What happened"),
    ("appraisal", "Appraisal of practice"),
    ("how_normal", "How usual was this practice?"),
    ("explanation", "Why it made sense at the time"),
    ("hindsight_guard", "Guarding against hindsight"),
)
FACTORS_HEADING = "Contributory factors"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def joined(words: list[str]) -> str:
    """a, b and c"""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def when(start: date | None, end: date | None) -> str:
    if start and end and end != start:
        return f"{format_date(start)} to {format_date(end)}"
    return format_date(start or end, empty="Date not recorded")


_WORDS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip


def number(count: int, *, start: bool = False) -> str:
    """A count as a report writes it: in words up to twenty (and at the start of a sentence,
    where a figure would begin it, capitalised); figures above."""
    if 0 <= count < len(_WORDS):
        word = _WORDS[count]
        return word.capitalize() if start else word
    return str(count)


def count(count: int, noun: str, nouns: str | None = None, *, start: bool = False) -> str:
    """ "one finding", "Six findings", "no meeting", with the noun agreeing with the number."""
    return f"{number(count, start=start)} {noun if count == 1 else nouns or noun + 's'}"


def verb(count: int, singular: str, plural_form: str) -> str:
    """The verb agreeing with a count: verb(1, "was", "were") -> "was"."""
    return singular if count == 1 else plural_form


def keywords(words: list[str], limit: int = 255) -> str:
    """Keywords joined by "; ", as many as fit the file property's 255 characters."""
    kept: list[str] = []
    for word in words:
        if len("; ".join([*kept, word])) > limit:
            break
        kept.append(word)
    return "; ".join(kept)
