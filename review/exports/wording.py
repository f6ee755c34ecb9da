"""The report's own wording: the method in plain words, section introductions, headings."""

from datetime import date

from ..rendering import format_date

METHOD_INTRO = (
    "This review used the Social Care Institute for Excellence (SCIE) Learning Together "
    "model, a systems approach to case reviews (Fish, Munro and Bairstow, 2008). It treats "
    "the case as a window on the system: instead of asking who was to blame, it asks why "
    "what happened made sense to the people involved at the time, and what in the way "
    "agencies work together makes good practice harder or easier.",
    "The lead reviewers and the review team talked with the practitioners and managers who "
    "worked with the family (the case group), read the agencies' records, and met the case "
    "group twice to test their analysis. No one wrote an individual management report. The "
    "review does not make recommendations; it gives the Board findings about the system, "
    "with questions for the Board to answer.",
)

METHOD_STAGES = (
    ("Preparation", "The Board chose the case and the type of review, agreed the period under "
     "review and the research questions, and appointed two lead reviewers and a review team "
     "of senior managers who had not been involved in the case."),
    ("Data collection", "Each member of the case group had a structured conversation with "
     "the lead reviewers about the case as it looked to them at the time: what they knew, "
     "what they did and why, and what helped or hindered them."),
    ("Organising and analysing", "The agencies' perspectives were put together into a "
     "narrative, and key practice episodes were chosen: moments significant to how the case "
     "developed. Each was appraised with hindsight, explained as it looked at the time, and "
     "its contributory factors recorded. The case group checked the analysis at a first "
     "follow-on meeting."),
    ("Generic patterns", "The review team then moved from this case to the system: which "
     "patterns in the key practice episodes are not peculiar to this family, how widespread "
     "they are, and why they matter. The findings were prioritised and tested with the case "
     "group at a second follow-on meeting and with the review team."),
    ("Report", "The lead reviewers wrote this report; the Board quality-assured it and signed "
     "it off. Everyone in it is referred to by a pseudonym, or by role and agency."),
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
