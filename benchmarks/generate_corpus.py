"""A national-scale synthetic corpus of Learning Together case reviews, for the search benchmark.

EVERYTHING THIS WRITES IS INVENTED: boards, places, services, people (pseudonyms only) and
events are made up from the word lists below; no real case, place or person is described.

The default is the national scale of the search issue: 5,000 reviews, 50,000 findings and
100,000 key practice episodes (10 findings and 20 KPEs a review), with their contributory
factors (2-4 a KPE), Board questions (1-4 a finding), themes, finding-KPE links and case groups.
`--reviews 500` makes a tenth of it; the per-review counts are flags too.

Rows go in with SQLAlchemy Core (`session.execute(insert(Table), rows)`), which never passes
through the ORM unit of work, and the app is built with `WHOOSH_INDEX_DIR=""`, so the search
hooks neither index nor slow the load. Build the index afterwards with the app's own
`review.search.reindex()` (search_bench.py times it).

    python benchmarks/generate_corpus.py --reviews 500            # -> benchmarks/.data/r500/
    python benchmarks/generate_corpus.py                          # 5,000 reviews (national)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"

# Passwords and tokens of the benchmark users (an invented, throwaway corpus).
PASSWORD = "bench-password-1"
TOKENS = {
    "practitioner": "bench-token-practitioner",
    "board_member": "bench-token-board-member",
    "lead": "bench-token-lead-reviewer",
}

# --------------------------------------------------------------------------------- words

PLACE_A = [
    "North",
    "East",
    "West",
    "South",
    "Ash",
    "Oak",
    "Bramble",
    "Kings",
    "Queens",
    "Mill",
    "Fen",
    "Hollow",
    "Stone",
    "Brook",
    "Elm",
    "Wood",
    "Marsh",
    "Hart",
    "Lang",
    "Red",
    "White",
    "Black",
    "Green",
    "Castle",
    "Church",
    "Bridge",
    "Thorn",
    "Wil",
    "Har",
    "Ald",
    "Beck",
    "Cold",
    "Fair",
    "High",
    "Long",
    "New",
    "Old",
    "Rose",
    "Salt",
    "Silver",
    "Sand",
    "Wey",
    "Ave",
    "Tam",
    "Cal",
    "Dun",
    "Glen",
    "Pen",
    "Tre",
    "Ros",
]
PLACE_B = [
    "bridge",
    "mere",
    "combe",
    "ford",
    "ham",
    "ton",
    "field",
    "ley",
    "wick",
    "by",
    "worth",
    "stead",
    "bury",
    "dale",
    "moor",
    "well",
    "holme",
    "gate",
    "minster",
    "stow",
    "cliffe",
    "hurst",
    "den",
    "burn",
    "haven",
    "port",
    "thorpe",
]
SYLLABLES = [
    "ka",
    "ve",
    "lo",
    "ri",
    "ta",
    "ne",
    "mo",
    "sa",
    "li",
    "du",
    "ber",
    "tan",
    "vel",
    "cor",
    "mis",
    "han",
    "pel",
    "dor",
    "vin",
    "sel",
    "tor",
    "ga",
    "ro",
    "fen",
    "lis",
    "mar",
    "bel",
    "quin",
    "tessa",
    "ny",
    "ox",
    "al",
    "ur",
    "ith",
    "en",
    "ay",
]

PROFESSIONALS = [
    "social worker",
    "health visitor",
    "GP",
    "school nurse",
    "midwife",
    "police officer",
    "designated safeguarding lead",
    "family support worker",
    "early help practitioner",
    "team manager",
    "CAMHS clinician",
    "housing officer",
    "probation officer",
    "IDVA",
    "paediatrician",
    "emergency department nurse",
    "youth worker",
    "substance misuse worker",
    "adult social worker",
    "LADO",
    "MASH screener",
    "children's centre worker",
    "independent reviewing officer",
    "child protection chair",
    "practice manager",
    "named nurse for safeguarding",
    "community psychiatric nurse",
    "SENCO",
    "educational psychologist",
    "youth offending officer",
    "student social worker",
    "agency social worker",
    "team leader",
    "duty social worker",
    "health visiting team leader",
]
AGENCIES = [
    "children's social care",
    "the MASH",
    "the health visiting service",
    "general practice",
    "the emergency department",
    "CAMHS",
    "the police public protection unit",
    "housing",
    "the school",
    "early help",
    "probation",
    "the substance misuse service",
    "adult mental health services",
    "the midwifery service",
    "the youth offending team",
    "the children's centre",
    "adult social care",
    "the GP practice",
    "the A&E department",
    "the domestic abuse service",
    "the nursery",
    "the leaving care team",
    "the LADO service",
    "the police",
    "the hospital trust",
    "the voluntary sector family project",
]
AGENCY_NAMES = [  # the `agencies` field of a KPE, as a review team writes it
    "CSC",
    "Police",
    "HV",
    "GP",
    "School",
    "CAMHS",
    "Midwifery",
    "Housing",
    "Early help",
    "A&E",
    "Probation",
    "MASH",
    "Nursery",
    "Adult mental health",
    "IDVA service",
    "YOT",
]
CHILDREN = ["Child", "Young Person", "Adult", "Baby"]
FAMILY = [
    "the mother",
    "the father",
    "the mother's partner",
    "the stepfather",
    "the maternal grandmother",
    "an older sibling",
    "the paternal aunt",
    "the father's new partner",
    "the family",
    "both parents",
    "the child's carer",
]
TEND_TO = [
    "accept parents' accounts at face value",
    "rely on the last assessment rather than the whole history",
    "close cases once engagement improves",
    "focus on the mother and overlook the father or a new partner",
    "treat each DV notification as a separate incident",
    "wait for another agency to make the referral",
    "interpret missed appointments as a health matter rather than as neglect",
    "see the child only with a parent present",
    "downgrade concerns that do not meet the CP threshold",
    "record concerns without sharing them",
    "step a case down to early help before the plan has worked",
    "assume the GP already knows",
    "hear the child's voice through the parent",
    "respond to the presenting incident rather than to cumulative harm",
    "defer to the agency with statutory responsibility",
    "read better school attendance as evidence that the child is safe",
    "avoid challenging a colleague's decision in a strategy discussion",
    "rely on self-report of drug and alcohol use",
    "treat a teenager's risk-taking as a lifestyle choice",
    "lose sight of the baby while working with the adults",
    "frame exploitation as offending",
    "wait for a disclosure before acting on neglect",
    "view disguised compliance as genuine change",
]
WHEN = [
    "a family moves between local authorities",
    "a case is stepped down from CIN to early help",
    "the MASH receives a police notification with no named child",
    "a young person turns eighteen and moves to adult services",
    "the allocated social worker changes",
    "a parent disengages after a strategy discussion",
    "the HV service hears of a new baby from the midwife",
    "a referral is screened out with NFA",
    "CAMHS closes a case after missed appointments",
    "a child is electively home educated",
    "a new partner joins the household",
    "the school's DSL raises a concern during the holidays",
    "the GP practice is not invited to the ICPC",
    "a child is not brought to health appointments",
    "the family is placed in temporary accommodation out of area",
    "a MARAC referral is made without a CSC referral",
    "a looked after child returns home",
    "the CP plan ends and a CIN plan begins",
    "an A&E attendance is not followed up",
    "a pre-birth assessment starts late",
]
MEANS = [
    "risk accumulates without anyone holding the whole picture",
    "the child's lived experience is not understood",
    "information that would change the assessment stays in one agency",
    "decisions are made on partial information",
    "the rule of optimism goes unchallenged",
    "harm to children may not be recognised in time",
    "each agency believes another is acting",
    "the professional network loses sight of the child",
    "fathers and male carers remain invisible to services",
    "the history is re-told rather than analysed",
    "thresholds are applied inconsistently across the partnership",
    "the family experiences services as fragmented",
    "early warning signs are seen as isolated events",
    "practitioners feel unable to escalate",
    "plans drift without review",
]
SYSTEM = [
    "relies on the goodwill of individual practitioners to share information across boundaries",
    "does not routinely include GPs in strategy discussions",
    "measures the timeliness of assessments rather than their quality",
    "offers no forum for practitioners to challenge each other's thresholds",
    "treats police DV notifications as information rather than referrals",
    "has no way to track children who are not brought to health appointments",
    "hands cases between teams through the recording system alone",
    "depends on a single practitioner to link adult and children's services",
    "treats escalation as a failure of relationships rather than a tool",
    "separates the assessment of the adults from the assessment of the child",
    "rewards case closure over sustained change",
    "gives the MASH no time to read the history",
    "lets each agency hold its own chronology",
    "has no shared view of who is in the household",
]
OBSERVATIONS = [
    "practitioners felt they had no time to read the history",
    "the GP was rarely asked for information",
    "supervision focused on deadlines rather than on the child",
    "professionals trusted the mother's account because she was articulate",
    "the school knew of the new partner but did not think it relevant",
    "the health visitor had concerns but expected social care to act",
    "there was confusion about who was the lead professional",
    "the child was seen but not spoken to alone",
    "the escalation policy was known but seen as a last resort",
    "the DASH risk assessment was scored as standard risk",
    "agency staff covered the team for most of the period",
    "the case conference minutes arrived six weeks late",
    "the IT system did not show previous referrals",
    "interpreters were not used at key visits",
    "the father was never invited to meetings",
]
FORMS = [
    "early help assessment form",
    "MASH contact record",
    "single assessment template",
    "DASH risk checklist",
    "referral form",
    "core group record",
    "chronology template",
    "strategy discussion record",
    "CIN plan template",
    "health visiting record",
]
NORMALITY = [
    "usual practice",
    "common across the partnership",
    "typical of busy duty teams",
    "seen in other reviews",
    "something practitioners recognised at once",
    "a known gap that had not been addressed",
    "normal when caseloads are high",
]
QUESTIONS = [
    "How assured is the Board that {a} share information when {w}?",
    "What does the Board know about how often {w}, and with what effect?",
    "Does the Board want {a} to review how professionals {t}?",
    "Is the Board aware that the multi-agency system {s}?",
    "What would need to change so that {a} no longer {t}?",
    "How will the Board know whether the new arrangements have reduced the risk that {m}?",
    "Should the Board ask {a} to audit cases where {w}?",
    "What support do practitioners need to challenge each other when {w}?",
]
KPE_EVENTS = [
    "screens out a police DV notification",
    "carries out a new birth visit after a change of address",
    "holds a strategy discussion without the GP",
    "closes the CIN plan at the six-month review",
    "decides on a CIN plan at the ICPC",
    "refers during the summer holidays",
    "discharges after two missed appointments",
    "does not pass pre-birth concerns to the HV",
    "sees an unexplained injury",
    "moves the family to temporary accommodation",
    "completes an early help assessment without the father",
    "plans the transition to adult mental health services",
    "attends a third domestic incident",
    "assesses the mother's partner",
    "receives a MARAC referral",
    "holds a core group meeting without the school",
    "records a disclosure by the child",
    "steps the case down to early help",
    "receives a LADO referral",
    "notices weight loss at a school nurse check",
    "allocates the case to an agency social worker",
    "closes after no further action",
]
APPRAISAL = [
    "With hindsight, this was a missed opportunity to {t2}.",
    "The review team judged that the response was reasonable given what was known, although {m}.",
    "In retrospect the decision relied on {o}.",
    "Good practice was seen: the {p} {good}.",
    "The outcome was not predictable, but the process meant that {m}.",
]
GOOD = [
    "saw the child alone",
    "escalated to the team manager",
    "checked the history",
    "spoke to the father",
    "shared the concern the same day",
    "used an interpreter",
    "made a referral to the MASH",
    "invited the GP to the meeting",
]
T2 = [
    "bring the professional network together",
    "speak to the child alone",
    "ask about the new partner",
    "read the full history",
    "escalate the disagreement",
    "hold a strategy discussion",
    "share the DASH with the school",
    "invite the GP to the conference",
]
EXPLAIN = [
    "It made sense at the time because {o}.",
    "The {p} told the review team that {o}.",
    "Practitioners described how {o}, and this shaped the decision.",
    "Given that {o}, the decision looked proportionate.",
    "The {f2} did not prompt the practitioner to consider {c}.",
]
CONSIDER = [
    "the father's history",
    "previous referrals",
    "the child's own view",
    "cumulative harm",
    "the risk to an unborn baby",
    "the impact of parental mental health",
    "exploitation",
    "the needs of siblings",
    "the family's housing history",
]
FACTORS = {
    "child_family": [
        "{F} presented as cooperative and articulate, which reassured professionals.",
        "{F} moved address {n} times in two years, so no service knew the family well.",
        "The child rarely spoke in front of {f}, and was not seen alone.",
        "{F} declined early help but accepted a referral to the children's centre.",
        "The family's first language was not English and no interpreter was booked.",
    ],
    "individual": [
        "The {p} was newly qualified and had not worked with coercive control before.",
        "The {p} had a caseload of {n} families and little time to read the history.",
        "The {p} had known the family for years and felt optimistic about change.",
        "The {p} was confident and experienced and challenged the threshold decision.",
    ],
    "task_tools": [
        "The {f2} has no field for the mother's partner, so he was not assessed.",
        "The recording system did not show previous referrals on the front screen.",
        "The {f2} asks about risk to adults but not about the children in the household.",
        "The threshold document was read as a checklist rather than as guidance.",
    ],
    "team": [
        "Supervision focused on case throughput rather than on reflection.",
        "The team had no regular space to discuss cases with the {p}.",
        "The team manager was covering two teams during the period.",
        "Peer challenge in the team was strong and the {p} was supported to escalate.",
    ],
    "work_environment": [
        "Caseloads in the team averaged {n} children.",
        "{n} per cent of the team were agency staff during the period.",
        "The IT system was replaced mid-way through the case and records were lost.",
        "The MASH received {n} notifications a week and read each one once.",
    ],
    "organisation": [
        "Performance indicators reward the timeliness of assessments over their quality.",
        "A restructure moved the service into a new directorate with new priorities.",
        "The culture valued closing cases over holding uncertainty.",
        "Leaders had made neglect a priority and commissioned training for {a}.",
    ],
    "interagency": [
        "There is no shared protocol between {a} and {a2} on information sharing.",
        "The referral pathway from {a} to {a2} was unclear to practitioners.",
        "Commissioning arrangements meant {a} could not accept self-referrals.",
        "National guidance on {c} was interpreted differently by {a} and {a2}.",
    ],
}
SITES = ("Family Hub", "Medical Centre", "Primary School", "project", "estate", "team")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FIELD_WORDS = [  # words the query mix samples (all appear in the texts above)
    "supervision",
    "neglect",
    "referral",
    "threshold",
    "father",
    "partner",
    "history",
    "escalation",
    "assessment",
    "notification",
    "housing",
    "school",
    "attendance",
    "appointments",
    "transition",
    "exploitation",
    "caseload",
    "interpreter",
    "optimism",
    "compliance",
    "chronology",
    "strategy",
    "conference",
    "injury",
    "disclosure",
    "baby",
    "mother",
    "midwife",
    "information",
    "sharing",
    "agency",
    "staff",
    "history",
    "plan",
    "closure",
    "timeliness",
    "quality",
    "challenge",
    "stepped",
    "accommodation",
    "alcohol",
    "drug",
    "teenager",
    "risk",
    "weight",
    "nurse",
    "health",
    "visitor",
    "police",
    "incident",
]


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """Invented local names (IT systems, projects, estates): the corpus's long tail."""
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(found)


def place_names(rng: random.Random, count: int) -> list[str]:
    found: set[str] = set()
    while len(found) < count:
        name = rng.choice(PLACE_A) + rng.choice(PLACE_B)
        if rng.random() < 0.2:
            name = rng.choice(("Upper", "Lower", "Great", "Little", "East", "West")) + " " + name
        found.add(name)
    return sorted(found)


class Writer:
    """Sentences and paragraphs from the word lists, with one random generator."""

    def __init__(self, rng: random.Random, rare: list[str], places: list[str]):
        self.r = rng
        self.rare = rare
        self.places = places

    def c(self, items):
        return self.r.choice(items)

    def rare_word(self) -> str:
        # Zipf-like: a few local names are common, most are rare
        n = len(self.rare)
        return self.rare[min(n - 1, int(n * self.r.random() ** 3))]

    def fill(self, template: str, child: str = "Child A") -> str:
        c = self.c
        return template.format(
            a=c(AGENCIES),
            a2=c(AGENCIES),
            p=c(PROFESSIONALS),
            t=c(TEND_TO),
            w=c(WHEN),
            m=c(MEANS),
            s=c(SYSTEM),
            o=c(OBSERVATIONS),
            f=c(FAMILY),
            F=c(FAMILY).capitalize(),
            f2=c(FORMS),
            c=c(CONSIDER),
            n=self.r.randint(2, 40),
            t2=c(T2),
            good=c(GOOD),
            child=child,
        )

    def statement(self) -> str:
        c = self.c
        return self.c(
            [
                f"Professionals tend to {c(TEND_TO)} when {c(WHEN)}, which means {c(MEANS)}.",
                f"The multi-agency system {c(SYSTEM)}, so {c(MEANS)}.",
                f"When {c(WHEN)}, professionals routinely {c(TEND_TO)}, and {c(MEANS)}.",
                f"There is no shared understanding between {c(AGENCIES)} and {c(AGENCIES)} of what "
                f"to do when {c(WHEN)}, so {c(MEANS)}.",
                f"Professionals tend to {c(TEND_TO)}, and the multi-agency system {c(SYSTEM)}.",
            ]
        )

    def sentence(self, child: str) -> str:
        c, r = self.c, self.r
        year = r.randint(2010, 2025)
        return c(
            [
                f"In this case, the {c(PROFESSIONALS)} met {c(FAMILY)} on {r.randint(2, 12)} "
                f"occasions, but {c(OBSERVATIONS)}.",
                f"The review team heard from the case group that {c(OBSERVATIONS)}.",
                f"The chronology shows that {c(AGENCIES)} knew of {c(FAMILY)}'s difficulties from "
                f"{c(MONTHS)} {year}.",
                f"Between {c(MONTHS)} {year} and {c(MONTHS)} {year + 1}, {c(AGENCIES)} received "
                f"{r.randint(2, 9)} notifications about {child}.",
                f"Professionals tend to {c(TEND_TO)}; here the {c(PROFESSIONALS)} did the same.",
                f"The multi-agency system {c(SYSTEM)}.",
                f"The {c(FORMS)} used by {c(AGENCIES)} did not prompt anyone to consider "
                f"{c(CONSIDER)}.",
                f"Staff at the {self.rare_word().capitalize()} {c(SITES)} "
                f"in {c(self.places)} said that {c(OBSERVATIONS)}.",
                f"{child} was known to {c(AGENCIES)} and {c(AGENCIES)}, but {c(MEANS)}.",
                f"The {c(PROFESSIONALS)} recorded the concern on the "
                f"{self.rare_word().capitalize()} system, where {c(OBSERVATIONS)}.",
            ]
        )

    def paragraph(self, child: str, sentences: int) -> str:
        return " ".join(self.sentence(child) for _ in range(sentences))

    def markdown(self, child: str, paragraphs: int, sentences: int) -> str:
        """Markdown as people type it: paragraphs, sometimes a list, sometimes bold."""
        parts = []
        for _ in range(paragraphs):
            if self.r.random() < 0.15:
                parts.append("\n".join(f"- {self.sentence(child)}" for _ in range(3)))
            else:
                text = self.paragraph(child, sentences)
                if self.r.random() < 0.2:
                    text = f"**{self.c(NORMALITY).capitalize()}.** " + text
                parts.append(text)
        return "\n\n".join(parts)

    def evidence(self, board_place: str) -> str:
        c, r = self.c, self.r
        return "\n\n".join(
            [
                f"Audit data from {r.randint(10, 90)} cases held by {c(AGENCIES)} in "
                f"{board_place} show that professionals {c(TEND_TO)} in "
                f"{r.randint(20, 80)} per cent of them.",
                f"Practitioners at the follow-on meetings said that {c(OBSERVATIONS)}; "
                f"{c(MEANS)}. A dip sample of {r.randint(20, 200)} MASH contacts found that "
                f"{c(OBSERVATIONS)}.",
            ]
        )

    def prevalence(self, board_place: str) -> str:
        c = self.c
        return (
            f"This is not unique to {board_place}: members of the case group said it was "
            f"{c(NORMALITY)}, and similar patterns appear in other reviews where {c(WHEN)}."
        )

    def significance(self) -> str:
        c = self.c
        return (
            f"This matters because {c(MEANS)}. If it is left unaddressed, {c(MEANS)}, and "
            f"practitioners in {c(AGENCIES)} will continue to {c(TEND_TO)}."
        )

    def question(self) -> str:
        return self.fill(self.c(QUESTIONS))

    def kpe_title(self) -> str:
        agency = self.c(AGENCY_NAMES)
        return f"{agency} {self.c(KPE_EVENTS)}"

    def kpe_text(self, template_list, n: int, child: str) -> str:
        return " ".join(self.fill(self.c(template_list), child) for _ in range(n))

    def factor(self, level_key: str) -> str:
        return " ".join(self.fill(self.c(FACTORS[level_key])) for _ in range(self.r.randint(1, 2)))


# --------------------------------------------------------------------------------- the app


@dataclass
class Sizes:
    reviews: int = 5000
    findings_per_review: int = 10
    kpes_per_review: int = 20
    boards: int = 150
    published_share: float = 0.85


def data_dir(reviews: int) -> Path:
    return DATA / f"r{reviews}"


def make_app(directory: Path, *, index: bool):
    """The app on the corpus's SQLite file; the Whoosh index beside it (or none)."""
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["REVIEW_INSTANCE_PATH"] = str(directory / "instance")
    from review import create_app

    return create_app(
        {
            "SECRET_KEY": "benchmark-only",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'corpus.sqlite'}",
            "WHOOSH_INDEX_DIR": str(directory / "whoosh") if index else "",
            "EXPORTS_DIR": str(directory / "exports"),
            "WTF_CSRF_ENABLED": False,
            "SEARCH_WRITER_TIMEOUT": 30.0,
            "SEARCH_RATE_LIMIT": "1000000/second",  # a benchmark is not a user to slow down
        }
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def generate(directory: Path, sizes: Sizes, *, seed: int = 2026, log=print) -> dict:
    """Create the database and fill it; returns counts and timings."""
    from sqlalchemy import insert, select, text
    from werkzeug.security import generate_password_hash

    from review.extensions import db
    from review.models import (
        Board,
        BoardQuestion,
        CaseGroupMember,
        ContributoryFactor,
        Finding,
        KeyPracticeEpisode,
        Review,
        ReviewMembership,
        TaxonomyTerm,
        User,
    )
    from review.models.findings import finding_episode, finding_theme
    from review.taxonomy import load_taxonomies

    db_file = directory / "corpus.sqlite"
    if db_file.exists():
        db_file.unlink()
    app = make_app(directory, index=False)
    rng = random.Random(seed)
    started = time.perf_counter()
    counts = dict.fromkeys(
        ("reviews", "findings", "kpes", "factors", "questions", "links", "themes", "members"), 0
    )
    with app.app_context():
        db.create_all()
        load_taxonomies()
        db.session.commit()
        terms: dict[str, dict[str, TaxonomyTerm]] = {}
        for t in db.session.scalars(select(TaxonomyTerm)):
            terms.setdefault(t.kind, {})[t.key] = t
        ids = {kind: {k: t.id for k, t in items.items()} for kind, items in terms.items()}
        subfactors: dict[str, list[int]] = {}
        for key, t in terms["factor_subfactor"].items():
            subfactors.setdefault(key.split(".")[0], []).append(t.id)
        levels = list(ids["factor_level"].items())
        categories = list(ids["finding_category"].values())
        themes = list(ids["theme"].values())
        agency_types = list(ids["agency_type"].items())
        review_types = list(ids["review_type"].values())
        board_kinds = ids["board_kind"]

        conn = db.session.connection()
        conn.execute(text("PRAGMA synchronous=OFF"))
        conn.execute(text("PRAGMA journal_mode=WAL"))
        now = datetime.now(UTC)

        places = place_names(rng, max(sizes.boards * 3, 400))
        board_places = places[: sizes.boards]
        board_rows = []
        for i, place in enumerate(board_places, start=1):
            kind = rng.choice(("scp", "scp", "scp", "sab", "lscb"))
            suffix = {
                "scp": "Safeguarding Children Partnership",
                "sab": "Safeguarding Adults Board",
                "lscb": "Local Safeguarding Children Board",
            }[kind]
            board_rows.append(
                {
                    "id": i,
                    "name": f"{place} {suffix}",
                    "kind_id": board_kinds[kind],
                    "created_at": now,
                    "updated_at": now,
                }
            )
        db.session.execute(insert(Board.__table__), board_rows)
        password_hash = generate_password_hash(PASSWORD)
        user_rows = [
            {
                "id": 1,
                "email": "practitioner@bench.example.org",
                "display_name": "Bench Practitioner",
                "role": "practitioner",
                "board_id": None,
            },
            {
                "id": 2,
                "email": "board_member@bench.example.org",
                "display_name": "Bench Board Member",
                "role": "board_member",
                "board_id": 1,
            },
            {
                "id": 3,
                "email": "lead@bench.example.org",
                "display_name": "Bench Lead Reviewer",
                "role": "lead_reviewer",
                "board_id": 1,
            },
        ]
        for row, key in zip(user_rows, ("practitioner", "board_member", "lead"), strict=True):
            row.update(
                password_hash=password_hash,
                active=True,
                api_token_hash=_digest(TOKENS[key]),
                created_at=now,
                updated_at=now,
            )
        db.session.execute(insert(User.__table__), user_rows)

        writer = Writer(rng, pseudo_words(rng, 20000), places)
        review_id = finding_id = kpe_id = factor_id = question_id = member_id = 0
        membership_id = 0
        chunk = 100
        statuses = ["draft", "analysis", "findings", "signed_off"]
        for start in range(0, sizes.reviews, chunk):
            rows: dict[str, list[dict]] = {
                k: []
                for k in (
                    "review",
                    "member",
                    "membership",
                    "kpe",
                    "factor",
                    "finding",
                    "question",
                    "link",
                    "theme",
                )
            }
            for _ in range(start, min(start + chunk, sizes.reviews)):
                review_id += 1
                # board 1 gets the first 40 reviews, so its board member sees some drafts
                board = 1 if review_id <= 40 else rng.randint(1, sizes.boards)
                place = board_places[board - 1]
                letter = chr(ord("A") + rng.randrange(26))
                child = f"{rng.choice(CHILDREN)} {letter}"
                published = rng.random() < sizes.published_share and review_id % 8 != 1
                status = "published" if published else rng.choice(statuses)
                commissioned = date(2012, 1, 1) + timedelta(days=rng.randrange(14 * 365))
                signed = commissioned + timedelta(days=rng.randint(150, 500))
                rows["review"].append(
                    {
                        "id": review_id,
                        "board_id": board,
                        "title": f"{child}: a {place} review ({commissioned.year})",
                        "review_type_id": rng.choice(review_types),
                        "subject_pseudonym": child,
                        "family_composition": f"{child}, "
                        f"{rng.choice(FAMILY)} and {rng.choice(FAMILY)}",
                        "period_start": commissioned - timedelta(days=700),
                        "period_end": commissioned - timedelta(days=30),
                        "reason_for_review": writer.paragraph(child, 2),
                        "summary": writer.paragraph(child, 3),
                        "family_involvement": "",
                        "limitations": "",
                        "status": status,
                        "commissioned_on": commissioned,
                        "signed_off_on": signed if status in ("signed_off", "published") else None,
                        "published_on": signed + timedelta(days=60) if published else None,
                        "status_changed_at": now,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                if review_id <= 40 and not published:  # the lead reviewer's own drafts
                    membership_id += 1
                    rows["membership"].append(
                        {
                            "id": membership_id,
                            "review_id": review_id,
                            "user_id": 3,
                            "team_role": "lead",
                            "role_title": "Lead reviewer",
                            "agency": "",
                            "position": 0,
                        }
                    )
                for position in range(rng.randint(6, 10)):
                    member_id += 1
                    key, type_id = rng.choice(agency_types)
                    rows["member"].append(
                        {
                            "id": member_id,
                            "review_id": review_id,
                            "position": position,
                            "label": f"Practitioner {position + 1}",
                            "role_title": rng.choice(PROFESSIONALS),
                            "agency": rng.choice(AGENCIES),
                            "agency_type_id": type_id,
                            "is_family_member": key == "family_member",
                            "conversation_date": None,
                            "attended_meeting_1": True,
                            "attended_meeting_2": False,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                review_kpes = []
                for number in range(1, sizes.kpes_per_review + 1):
                    kpe_id += 1
                    review_kpes.append(kpe_id)
                    began = commissioned - timedelta(days=rng.randint(40, 700))
                    rows["kpe"].append(
                        {
                            "id": kpe_id,
                            "review_id": review_id,
                            "number": number,
                            "title": writer.kpe_title(),
                            "date_from": began,
                            "date_to": began + timedelta(days=rng.randint(0, 90)),
                            "agencies": ", ".join(rng.sample(AGENCY_NAMES, rng.randint(1, 4))),
                            "what_happened": writer.markdown(child, rng.randint(1, 2), 3),
                            "appraisal": writer.kpe_text(APPRAISAL, rng.randint(2, 3), child),
                            "explanation": writer.kpe_text(EXPLAIN, rng.randint(2, 4), child),
                            "how_normal": f"The case group said this is {rng.choice(NORMALITY)}. "
                            + writer.sentence(child),
                            "hindsight_guard": "",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    for position in range(rng.randint(2, 4)):
                        factor_id += 1
                        level_key, level_id = rng.choice(levels)
                        rows["factor"].append(
                            {
                                "id": factor_id,
                                "episode_id": kpe_id,
                                "position": position,
                                "level_id": level_id,
                                "subfactor_id": rng.choice(subfactors[level_key]),
                                "effect": "hinders" if rng.random() < 0.8 else "supports",
                                "description": writer.factor(level_key),
                            }
                        )
                for number in range(1, sizes.findings_per_review + 1):
                    finding_id += 1
                    rows["finding"].append(
                        {
                            "id": finding_id,
                            "review_id": review_id,
                            "number": number,
                            "priority": rng.choice(("High", "Medium", "Low", "")),
                            "category_id": rng.choice(categories),
                            "statement": writer.statement(),
                            "manifestation": writer.markdown(child, rng.randint(2, 3), 3),
                            "underlying_evidence": writer.evidence(place),
                            "prevalence": writer.prevalence(place),
                            "significance": writer.significance(),
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    for position in range(rng.randint(1, 4)):
                        question_id += 1
                        rows["question"].append(
                            {
                                "id": question_id,
                                "finding_id": finding_id,
                                "position": position,
                                "text": writer.question(),
                            }
                        )
                    for episode in rng.sample(
                        review_kpes, min(len(review_kpes), rng.randint(1, 3))
                    ):
                        rows["link"].append({"finding_id": finding_id, "episode_id": episode})
                    for theme in rng.sample(themes, rng.randint(1, 3)):
                        rows["theme"].append({"finding_id": finding_id, "theme_id": theme})
            for key, table in (
                ("review", Review.__table__),
                ("membership", ReviewMembership.__table__),
                ("member", CaseGroupMember.__table__),
                ("kpe", KeyPracticeEpisode.__table__),
                ("factor", ContributoryFactor.__table__),
                ("finding", Finding.__table__),
                ("question", BoardQuestion.__table__),
                ("link", finding_episode),
                ("theme", finding_theme),
            ):
                if rows[key]:
                    db.session.execute(insert(table), rows[key])
            db.session.commit()
            done = min(start + chunk, sizes.reviews)
            if done % 500 == 0 or done == sizes.reviews:
                log(f"  {done:>6} reviews  {time.perf_counter() - started:7.1f} s")
        counts.update(
            reviews=review_id,
            findings=finding_id,
            kpes=kpe_id,
            factors=factor_id,
            questions=question_id,
            members=member_id,
        )
        counts["links"] = db.session.scalar(text("SELECT count(*) FROM finding_episode"))
        counts["themes"] = db.session.scalar(text("SELECT count(*) FROM finding_theme"))
        counts["published_reviews"] = db.session.scalar(
            text("SELECT count(*) FROM review WHERE status = 'published'")
        )
        db.session.execute(text("PRAGMA journal_mode=DELETE"))
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    counts["db_mb"] = round(db_file.stat().st_size / 1e6, 1)
    return counts


def make_postgresql_app(directory: Path, url: str, *, search: bool = True):
    """The app on the PostgreSQL copy of the corpus, searched by the PostgreSQL engine (or by
    nothing: `search=False` is the database alone, Whoosh with no index folder)."""
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["REVIEW_INSTANCE_PATH"] = str(directory / "instance")
    from review import create_app

    return create_app(
        {
            "SECRET_KEY": "benchmark-only",
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_BACKEND": "postgresql" if search else "whoosh",
            "WHOOSH_INDEX_DIR": "",
            "EXPORTS_DIR": str(directory / "exports"),
            "WTF_CSRF_ENABLED": False,
            "SEARCH_RATE_LIMIT": "1000000/second",
        }
    )


def load_postgresql(directory: Path, url: str, *, log=print) -> dict:
    """Copy the SQLite corpus, row for row, into a new PostgreSQL database named by `url`.

    The database is dropped and created again (through the server's `postgres` database, as
    the URL's user), the schema made by `create_all` as on SQLite, and every table streamed
    with COPY in dependency order (parents first, so foreign keys hold); sequences then
    continue after the copied ids. The search documents are not copied:
    `review.search.reindex()` builds them.
    """
    from psycopg.types.json import Json
    from sqlalchemy import JSON, create_engine, make_url, select, text

    from review.extensions import db

    target = make_url(url)
    started = time.perf_counter()
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        name = target.database
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    source = create_engine(f"sqlite:///{directory / 'corpus.sqlite'}")
    app = make_postgresql_app(directory, url, search=False)
    rows_copied: dict[str, int] = {}
    with app.app_context():
        db.create_all()
        tables = [t for t in db.metadata.sorted_tables if not t.name.startswith("search_")]
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for table in tables:
                names = [c.name for c in table.columns]
                as_json = [isinstance(c.type, JSON) for c in table.columns]
                copied = 0
                with source.connect() as read:
                    result = read.execution_options(yield_per=20000).execute(select(table))
                    columns = ", ".join(f'"{n}"' for n in names)
                    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                        for row in result:
                            copy.write_row(
                                [
                                    Json(v) if j and v is not None else v
                                    for v, j in zip(row, as_json, strict=True)
                                ]
                            )
                            copied += 1
                rows_copied[table.name] = copied
                key = table.c.get("id")
                if copied and key is not None and key.autoincrement in (True, "auto"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'(SELECT max(id) FROM "{table.name}"))'
                    )
            raw.commit()
        finally:
            raw.close()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        db.engine.dispose()
    source.dispose()
    seconds = round(time.perf_counter() - started, 1)
    log(f"  copied {sum(rows_copied.values())} rows into {target.database} in {seconds} s")
    return {"database": target.database, "rows": rows_copied, "seconds": seconds}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--findings-per-review", type=int, default=10)
    parser.add_argument("--kpes-per-review", type=int, default=20)
    parser.add_argument("--boards", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--dir", type=Path, help="default: benchmarks/.data/r<reviews>/")
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        help="also copy the corpus into this PostgreSQL database (dropped and created again)",
    )
    args = parser.parse_args(argv)
    sizes = Sizes(
        args.reviews,
        args.findings_per_review,
        args.kpes_per_review,
        min(args.boards, max(2, args.reviews // 5)),
    )
    directory = args.dir or data_dir(args.reviews)
    print(f"generating {sizes} into {directory}")
    counts = generate(directory, sizes, seed=args.seed)
    for key, value in counts.items():
        print(f"  {key:<18} {value}")
    if args.postgresql:
        print(f"copying it into {args.postgresql}")
        load_postgresql(directory, args.postgresql)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main()
