"""Invented demo data: two boards, one user per role, one worked review and three published ones.

EVERYTHING HERE IS INVENTED. The boards, agencies, people and events are fictional; children,
family members and practitioners appear only as pseudonyms ("Child A", "Mother", "Social
Worker 1"), as they would in a published review. No real place, school or address is named.

`load_demo()` is idempotent: boards are keyed on their names, users on their emails and
reviews on their titles, so a second run adds nothing; it does reset the demo users'
passwords (and roles) so that the logins it returns always work. It never commits: the
`flask demo` command does.

The data are literal structures below; a few small builders turn them into records. Long
texts are written as wrapped triple-quoted strings and unwrapped by `_md()` into the
markdown a person would type into the form (one line per paragraph or list item).
"""

import inspect
import re
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from .extensions import db
from .models import (
    Board,
    BoardAction,
    BoardQuestion,
    BoardResponse,
    CaseGroupMember,
    ChronologyEntry,
    ContributoryFactor,
    Conversation,
    Finding,
    KeyPracticeEpisode,
    ResearchQuestion,
    Review,
    ReviewMembership,
    ReviewStatus,
    Role,
    TaxonomyKind,
    TeamRole,
    User,
)
from .models.episodes import Effect
from .taxonomy import term

SUPPORTS = Effect.SUPPORTS.value
HINDERS = Effect.HINDERS.value

# --------------------------------------------------------------------------- boards and users

CHILDREN_BOARD = "Northbridge Safeguarding Children Partnership"
ADULTS_BOARD = "Eastmere Safeguarding Adults Board"
BOARDS = [(CHILDREN_BOARD, "scp"), (ADULTS_BOARD, "sab")]

# key, role, login label, email, display name, password, board name
USERS = [
    ("admin", Role.ADMIN, "Admin", "admin@demo.example.org", "Demo Administrator",
     "demo-admin-pass", None),
    ("lead", Role.LEAD_REVIEWER, "Lead reviewer", "lead@demo.example.org", "Demo Lead Reviewer 1",
     "demo-lead-pass", None),
    ("lead2", Role.LEAD_REVIEWER, "Lead reviewer 2", "lead2@demo.example.org",
     "Demo Lead Reviewer 2", "demo-lead2-pass", None),
    ("team", Role.TEAM_MEMBER, "Team member", "team@demo.example.org", "Demo Review Team Member",
     "demo-team-pass", None),
    ("board", Role.BOARD_MEMBER, "Board member", "board@demo.example.org", "Demo Board Member",
     "demo-board-pass", CHILDREN_BOARD),
    ("practitioner", Role.PRACTITIONER, "Practitioner", "practitioner@demo.example.org",
     "Demo Practitioner", "demo-practitioner-pass", None),
]  # fmt: skip

# The usual review team: two lead reviewers, one of them independent, and a senior manager.
LEADS = [
    ("lead", TeamRole.LEAD, "Lead reviewer (independent, SCIE accredited)", "Independent"),
    ("lead2", TeamRole.LEAD, "Lead reviewer; Learning and Review Manager", CHILDREN_BOARD),
]
ADULT_LEADS = [
    ("lead", TeamRole.LEAD, "Lead reviewer (independent, SCIE accredited)", "Independent"),
    ("lead2", TeamRole.LEAD, "Lead reviewer; Safeguarding Adults Board Manager", ADULTS_BOARD),
]
TEAM_MEMBER = (
    "team",
    TeamRole.TEAM,
    "Head of Service, Early Help and Family Support",
    "Northbridge Children's Services",
)

# Invented agency names used across the children's reviews.
CSC = "Northbridge Children's Services"
HEALTH = "Northbridge Community Health NHS Trust"
HOSPITAL = "Northbridge Hospitals NHS Trust"
POLICE = "Northbridge Police"
HOUSING = "Northbridge Council Housing Options"

# --------------------------------------------------------------------------- the worked review

WORKED_REVIEW = {
    "title": "Child A: a Learning Together systems review",
    "board": CHILDREN_BOARD,
    "review_type": "lt_full",
    "status": ReviewStatus.FINDINGS,
    "subject": "Child A",
    "period": (date(2022, 3, 1), date(2024, 2, 29)),
    "commissioned_on": date(2024, 4, 15),
    "status_changed_on": date(2024, 11, 4),
    "team": [*LEADS, TEAM_MEMBER],
    "lead_reviewer_names": "Dr Ann Invented (independent lead reviewer) and Ben Madeup",
    "independence_statement": """
        Dr Ann Invented is an independent lead reviewer, accredited by SCIE, who has never
        worked for any of the agencies involved. Ben Madeup is the Partnership's Learning and
        Review Manager; he had no part in the case or in managing anyone who worked on it.
    """,
    "report_version": "0.9",
    "family_composition": """
        - **Child A**, aged two and a half at the start of the period under review and four at
          its end.
        - **Sibling 1**, Child A's half-sibling, born during the period under review (May 2023).
        - **Mother**, in her mid-twenties, Child A's main carer throughout.
        - **Partner**, Mother's partner and Sibling 1's father; not Child A's father. In and out
          of the household during the period.
        - **Father**, Child A's father; had no contact with Child A during the period.
        - **Maternal Grandmother**, lived nearby and gave occasional childcare.
    """,
    "reason_for_review": """
        In February 2024 Child A, then aged four, was brought to the hospital Emergency
        Department with a fractured arm and bruising that could not be explained. Examinations
        also found Child A to be underweight, with extensive untreated dental decay. The
        Partnership's **rapid review** concluded that the case met the criteria for a local
        child safeguarding practice review: Child A had been seriously harmed, abuse and
        neglect were suspected, and there were indications that agencies could have worked
        together more effectively.

        The Partnership chose the SCIE **Learning Together** model because the case touched
        almost every part of the local system (police, the MASH, health visiting, general
        practice, housing, early years, school and children's social care) and because the
        same patterns had appeared in two earlier local reviews. The case is used as **a
        window on the system**: the aim is not to judge individual practitioners but to
        understand why their actions made sense at the time, and what in the system makes
        good practice harder or easier.
    """,
    "summary": """
        Child A lived with Mother and, for much of the period, with Mother's Partner. The
        police attended **three domestic abuse (DV) incidents** at the home; the first two
        were graded standard or medium risk and screened out at the MASH. After the family
        moved into temporary accommodation in September 2022, Child A's health visiting (HV)
        records moved to a new team and Child A missed two developmental reviews.

        A high-risk incident in November 2022 led to a strategy discussion, a section 47
        enquiry and a **child protection (CP) plan** under the category of neglect. Mother
        engaged well; she told professionals that Partner had left, and in June 2023 the plan
        was stepped down to **child in need (CIN)**, then closed to Early Help in October
        2023. Child A started school in September 2023; the school was not told about the
        recent CP plan.

        In November 2023 Child A told a teacher that Partner "shouts at Mummy and locks me in
        my room". The school's concern was redirected to Early Help. In December 2023 and
        January 2024, housing and the GP each saw signs that Partner had returned, but these
        were not shared. In February 2024 Child A was seriously injured.
    """,
    "family_involvement": """
        **Mother** met the lead reviewers twice, once with her independent domestic violence
        advocate (IDVA). She spoke openly about how hard it had been to tell professionals
        that Partner had come back, and about which workers she had trusted. Her views are
        recorded with the case group's and are quoted, with her agreement, in the findings.

        - **Maternal Grandmother** was invited and chose not to take part.
        - **Partner** was not approached while criminal proceedings were under way.
        - **Father** could not be traced.
        - **Child A** was too young to be interviewed. Child A's voice is represented through
          what Child A said and did as recorded at the time by nursery and school staff, and
          through the foster carer's account of Child A's first months in care.
    """,
    "limitations": """
        - Criminal proceedings delayed the conversation with the police officer until the
          proceedings had concluded; the police account is therefore more recent than the
          others.
        - The community midwife who booked Mother's pregnancy had left the health trust and
          could not be contacted; midwifery practice is drawn from the records alone.
        - The review looked at one family. The findings were tested with the case group, the
          review team and audit data, but they remain **hypotheses about the system** that
          the Partnership should check against its own intelligence.
        - Everyone involved knew the outcome. The lead reviewers worked to guard against
          hindsight and outcome bias at each stage (see each key practice episode).
    """,
    "research_questions": [
        "How well does the multi-agency system recognise and respond to repeated domestic "
        "abuse incidents that fall below the high-risk threshold when young children live in "
        "the household?",
        "What helps and hinders professionals in testing parents' accounts of who lives in "
        "the household, and in seeing the 'hidden men' around a child?",
        "How is a young child's daily lived experience, and the child's own voice, kept in "
        "view when a plan is stepped down from child protection to child in need and to "
        "early help?",
        "How reliably does safeguarding information travel with a young child across "
        "transitions: house moves, changes of health visiting team and the start of school?",
    ],
    "chronology": [
        (
            date(2022, 3, 8),
            "Police",
            """Officers attend a report of a verbal argument at the home. Mother says Partner
            pushed her; she declines to make a statement. Child A is asleep upstairs. DASH risk
            assessment graded **medium**. A notification is sent to the MASH.""",
            "Police incident log; DASH form",
        ),
        (
            date(2022, 3, 10),
            "Children's social care (MASH)",
            """The MASH screens the notification as not meeting the threshold for an assessment.
            Letters are sent to the GP and the health visiting team; Mother is sent a leaflet
            about local DV services.""",
            "MASH contact record",
        ),
        (
            date(2022, 4, 21),
            "Health visiting",
            """Two-and-a-half-year developmental review at home. Child A's speech is delayed and
            weight has fallen from the 25th to the 9th centile. Mother says Partner has moved
            out. HV plans a follow-up weight check in three months.""",
            "Health visiting electronic record",
        ),
        (
            date(2022, 6, 14),
            "GP",
            """Mother consults the GP with low mood and poor sleep; an antidepressant is
            prescribed. The MASH letter has been scanned into the record but not coded, and is
            not seen during the consultation.""",
            "GP record",
        ),
        (
            date(2022, 9, 2),
            "Housing",
            """After rent arrears and a notice to quit, the family is placed in temporary
            accommodation in another part of the borough. The housing officer notes that a man
            helped Mother to move.""",
            "Housing Options case notes",
        ),
        (
            date(2022, 9, 20),
            "Health visiting",
            """Child A's record is transferred to a new HV team. Two appointments for the
            overdue weight check are missed and recorded as "did not attend"; a letter is sent
            and the case is returned to universal service.""",
            "Health visiting electronic record",
        ),
        (
            date(2022, 10, 11),
            "Midwifery",
            """Booking appointment for Mother's second pregnancy. Partner attends and remains in
            the room; routine enquiry about domestic abuse is not made and the reason is
            recorded.""",
            "Maternity record",
        ),
        (
            date(2022, 11, 28),
            "Police",
            """Police attend a third incident after a neighbour hears screaming. Mother has a
            cut to her lip. Partner is arrested and later released with no further action. DASH
            graded **high**; referrals to MARAC and the MASH.""",
            "Police incident log; DASH form; MARAC referral",
        ),
        (
            date(2022, 11, 30),
            "Children's social care",
            """Multi-agency strategy discussion (police, CSC, HV, GP by telephone). A section 47
            enquiry is started and Social Worker 1 is allocated.""",
            "Strategy discussion record",
        ),
        (
            date(2022, 12, 20),
            "Children's social care",
            """Initial child protection conference. Child A becomes the subject of a **CP plan**
            under the category of neglect. The plan requires Partner to have no unsupervised
            contact with Child A.""",
            "Conference minutes; CP plan",
        ),
        (
            date(2023, 1, 12),
            "MARAC",
            """The case is heard at MARAC. Actions: IDVA to contact Mother; housing to flag the
            address. Mother declines IDVA support at first.""",
            "MARAC minutes",
        ),
        (
            date(2023, 3, 6),
            "Early years",
            """Child A starts 15 funded hours at a nursery. Over the next term attendance is 64%.
            Staff record that Child A is often hungry on arrival and arrives in the same
            clothes.""",
            "Nursery safeguarding and attendance records",
        ),
        (
            date(2023, 6, 15),
            "Children's social care",
            """Review child protection conference. Mother reports that Partner has his own
            tenancy and that she has completed a parenting course. The HV team sends apologies.
            The plan is stepped down to **CIN**.""",
            "Review conference minutes",
        ),
        (
            date(2023, 9, 5),
            "School",
            """Child A starts in the Reception class. The nursery's safeguarding file is not
            transferred, as no plan is open at the point of transfer; the school is not aware
            of the recent CP plan.""",
            "School admission and safeguarding records",
        ),
        (
            date(2023, 10, 20),
            "Children's social care",
            """The CIN plan is closed and the case is stepped down to Early Help. Social Worker 1
            moves to another team; the handover is by case note.""",
            "CSC case closure record; Early Help allocation",
        ),
        (
            date(2023, 11, 14),
            "School",
            """Child A tells the class teacher that Partner "shouts at Mummy and locks me in my
            room". The DSL records the words verbatim and telephones the front door, who advise
            an Early Help assessment.""",
            "School safeguarding log; front door contact record",
        ),
        (
            date(2023, 12, 5),
            "Housing",
            """Neighbours complain of shouting at night. The housing officer visits and sees men's
            work boots and a coat in the hallway; Mother says they belong to her brother. The
            complaint is handled under the anti-social behaviour procedure.""",
            "Housing case notes",
        ),
        (
            date(2024, 1, 18),
            "GP",
            """Mother consults a locum GP with a swollen wrist, which she says happened when she
            fell on ice. An X-ray is requested. No enquiry is made about domestic abuse.""",
            "GP record",
        ),
        (
            date(2024, 2, 10),
            "Hospital (Emergency Department)",
            """Child A is brought to the Emergency Department with a fractured arm and bruising.
            A child protection medical is arranged; police and CSC are informed the same day.""",
            "Emergency Department record; child protection medical report",
        ),
    ],
    "case_group": [
        {
            "label": "Social Worker 1",
            "role_title": "Social worker, Child Protection and CIN team",
            "agency": CSC,
            "agency_type": "children_s_social_care",
            "conversation_date": date(2024, 6, 11),
            "meetings": (True, True),
            "conversation": {
                "knew_then": """
                    Allocated at the strategy discussion in November 2022, about eighteen months
                    after qualifying. Knew of the police notifications, the MARAC referral and
                    the HV's concern about Child A's weight and speech. Did **not** know that
                    Partner had a history of domestic abuse in earlier relationships, which was
                    held by another police force.
                """,
                "did_and_why": """
                    Completed the section 47 enquiry and the assessment and visited every ten
                    working days, mostly by appointment because Mother worked mornings. By June
                    2023 Mother said that Partner had his own tenancy; she showed a copy of his
                    tenancy agreement and had finished a parenting course. The plan's outcomes
                    looked met, and recommending step-down to CIN felt like the right response
                    to a mother who had done everything asked of her.
                """,
                "what_helped": """
                    - A clear CP plan, agreed with the family at conference.
                    - A good working relationship with Health Visitor 1 in the early months.
                    - The Team Manager was available and approachable.
                """,
                "what_hindered": """
                    - A caseload of 24 children (the team's target is 18), including two
                      care proceedings.
                    - Announced visits, which were all the caseload allowed.
                    - No quick way to check with housing who was living at an address.
                    - The step-down template asks about "progress against the plan", not about
                      who lives in the home or what a day is like for the child.
                """,
                "view_now": """
                    Would now ask to see where Partner was living, and would see Child A alone
                    at nursery. Thinks the question "who else is in the household?" needs to be
                    asked by every agency every time, not only at conference.
                """,
            },
        },
        {
            "label": "Team Manager",
            "role_title": "Team manager, Child Protection and CIN team",
            "agency": CSC,
            "agency_type": "children_s_social_care",
            "conversation_date": date(2024, 6, 11),
            "meetings": (True, True),
            "conversation": {
                "knew_then": """
                    Supervised Social Worker 1 throughout. Knew the case as one of about 120
                    open to the team; understood it as a DV case where Mother was protective
                    and making progress.
                """,
                "did_and_why": """
                    Agreed the recommendation for step-down in supervision and chaired the
                    decision to close to Early Help. Supervision was monthly and, at that time,
                    mostly about case progression: visits in timescale, plans reviewed,
                    actions completed.
                """,
                "what_helped": """
                    A stable, experienced core team, and a good relationship with the police DV
                    unit, which made the strategy discussion in November 2022 quick and well
                    attended.
                """,
                "what_hindered": """
                    Three of the team's eight posts were filled by agency social workers. The
                    service was under pressure to reduce the number and length of CP plans,
                    and the monthly performance report showed plans open longer than nine
                    months in red. There was little time for reflective supervision.
                """,
                "view_now": """
                    The case "looked like a success story" on every measure the team reported.
                    Would welcome a step-down checklist that asks who is in the household and
                    what the child has said, and a reflective supervision slot for every
                    step-down decision.
                """,
            },
        },
        {
            "label": "Health Visitor 1",
            "role_title": "Health visitor, 0-19 service (second HV team)",
            "agency": HEALTH,
            "agency_type": "health_visiting",
            "conversation_date": date(2024, 6, 18),
            "meetings": (True, True),
            "conversation": {
                "knew_then": """
                    Received Child A's record on transfer in September 2022. The record showed
                    a falling weight and speech delay, and the MASH letter, but it was filed as
                    a scanned document and was not flagged on the front screen.
                """,
                "did_and_why": """
                    Offered two appointments for the weight check; both were missed. Following
                    the team's "did not attend" procedure, sent a letter and returned the child
                    to the universal caseload. After the CP plan began, visited with Social
                    Worker 1 and weighed Child A monthly.
                """,
                "what_helped": """
                    Joint visits with Social Worker 1 and the monthly weight checks under the
                    CP plan; Child A's weight improved in the first months of the plan.
                """,
                "what_hindered": """
                    - A caseload of more than 600 children, with two vacant posts in the team.
                    - The transfer of records between teams moves the record but not a
                      conversation between health visitors.
                    - The review conference in June 2023 clashed with a clinic that could not
                      be covered, so the team sent apologies and a short written report.
                """,
                "view_now": """
                    Now records missed appointments for under-fives as "was not brought" and
                    would talk directly to the previous HV at any transfer where there had been
                    a MASH notification.
                """,
            },
        },
        {
            "label": "GP",
            "role_title": "GP partner at the family's practice",
            "agency": "GP practice",
            "agency_type": "general_practice",
            "conversation_date": date(2024, 6, 20),
            "meetings": (True, False),
            "conversation": {
                "knew_then": """
                    Saw Mother in June 2022 for low mood. Was not aware of the MASH letter,
                    which had been scanned into the record without a code, so it did not show
                    as an alert.
                """,
                "did_and_why": """
                    Prescribed an antidepressant and offered a review in four weeks. Did not ask
                    about domestic abuse: without an alert, and in a ten-minute appointment,
                    nothing suggested it.
                """,
                "what_helped": """
                    The practice safeguarding lead's monthly meeting with the HV team, once the
                    CP plan started, meant that the practice knew about the plan.
                """,
                "what_hindered": """
                    Letters about children arrive in large volumes and are coded by
                    administrative staff; letters about adults' partners are not always linked
                    to the children's records. A locum GP in January 2024 had no way of knowing
                    about the family's history from the front screen.
                """,
                "view_now": """
                    Would like police DV notifications to arrive as coded alerts on every
                    household member's record, and for practice meetings with the HV team to
                    include children recently stepped down from CP plans.
                """,
            },
        },
        {
            "label": "Designated Safeguarding Lead",
            "role_title": "Deputy headteacher and Designated Safeguarding Lead (DSL)",
            "agency": "Primary school",
            "agency_type": "school_and_education",
            "conversation_date": date(2024, 6, 25),
            "meetings": (True, True),
            "conversation": {
                "knew_then": """
                    Knew nothing of the family's history when Child A started school. Noticed
                    within weeks that Child A was hungry, anxious at home time and reluctant to
                    take a coat off.
                """,
                "did_and_why": """
                    Recorded what Child A said in November 2023 word for word and telephoned
                    the front door the same day. When advised to complete an Early Help
                    assessment, did so, because the school had no information to challenge the
                    advice and no one at the front door mentioned the recent CP plan.
                """,
                "what_helped": """
                    The school's safeguarding training emphasises writing down the child's own
                    words, and the class teacher brought the concern straight to the DSL.
                """,
                "what_hindered": """
                    - No transfer of the nursery's safeguarding file.
                    - The front door call was taken by an agency worker who could see the case
                      was closed but, the DSL later learned, did not open the closed record.
                    - No feedback after the Early Help assessment was sent.
                """,
                "view_now": """
                    Would now use the escalation procedure and ask for a manager. Feels that
                    schools hold a great deal of what young children say, and that the system
                    does not always treat it as evidence.
                """,
            },
        },
        {
            "label": "Police Officer",
            "role_title": "Detective constable, Domestic Abuse Investigation Unit",
            "agency": POLICE,
            "agency_type": "police",
            "conversation_date": date(2024, 9, 3),
            "meetings": (False, True),
            "conversation": {
                "knew_then": """
                    Investigated the November 2022 incident. Knew of the two earlier call-outs
                    from the force system. Partner's record in another force area was not
                    visible on the local system.
                """,
                "did_and_why": """
                    Arrested Partner and completed a DASH assessment graded high, with
                    referrals to MARAC and the MASH. The case was closed with no further action
                    when Mother withdrew her support for a prosecution, which is common in DV
                    cases and did not feel unusual.
                """,
                "what_helped": """
                    The strategy discussion was convened within two days, and the unit and the
                    CP and CIN team know each other well.
                """,
                "what_hindered": """
                    Medium-risk incidents are notified to the MASH one at a time and are not
                    reviewed together unless a high-risk incident occurs. Checks on other
                    forces' records are slow and were not requested.
                """,
                "view_now": """
                    Thinks that a third incident at the same address within a year should
                    trigger a review of the whole history, whatever the grading of the latest
                    incident.
                """,
            },
        },
        {
            "label": "Housing Officer",
            "role_title": "Temporary accommodation officer",
            "agency": HOUSING,
            "agency_type": "housing",
            "conversation_date": date(2024, 7, 2),
            "meetings": (True, True),
            "conversation": {
                "knew_then": """
                    Placed the family in temporary accommodation in September 2022. Knew that
                    the address had a MARAC flag from January 2023 but not what it meant for
                    the children, or that a CP plan had ended.
                """,
                "did_and_why": """
                    Visited after the neighbours' complaint in December 2023 and saw men's
                    boots and a coat. Accepted Mother's explanation and handled the matter as
                    anti-social behaviour, because that is what the complaint was about and
                    the procedure did not ask about children.
                """,
                "what_helped": """
                    A good relationship with Mother, who trusted the officer enough to let them
                    in.
                """,
                "what_hindered": """
                    The anti-social behaviour procedure has no link to safeguarding, and housing
                    staff are not routinely invited to child protection or CIN meetings. The
                    MARAC flag had no review date and no named contact.
                """,
                "view_now": """
                    Would now ring children's social care about a MARAC-flagged address where
                    there are signs of a man in the home. Would like to be asked to CP and CIN
                    meetings when a family is in temporary accommodation.
                """,
            },
        },
        {
            "label": "Mother",
            "role_title": "Child A's mother",
            "agency": "Family",
            "agency_type": "family_member",
            "is_family_member": True,
            "conversation_date": date(2024, 8, 14),
            "meetings": (False, False),
            "conversation": {
                "knew_then": """
                    Mother said she knew that Partner was "bad news" but believed that he had
                    changed after the arrest, and that she could keep Child A away from him.
                """,
                "did_and_why": """
                    She let Partner come back in the summer of 2023 after Sibling 1 was born.
                    She did not tell professionals because she was frightened that the children
                    would be removed, and because the case was closing "and everyone was
                    pleased with me".
                """,
                "what_helped": """
                    Social Worker 1 "actually listened", and the IDVA, once she accepted
                    support, helped her understand what was happening to her.
                """,
                "what_hindered": """
                    Visits were always arranged in advance, so there was time to make the flat
                    look right. Different workers asked the same questions and no one seemed to
                    talk to each other.
                """,
                "view_now": """
                    "If someone had asked me straight out, on my own, whether he was back, I
                    think I would have told them." She wants professionals to see the children
                    on their own.
                """,
            },
        },
    ],
    "episodes": [
        {
            "title": "First domestic abuse notification screened out at the MASH",
            "dates": (date(2022, 3, 8), date(2022, 3, 10)),
            "agencies": "Police; Children's social care (MASH); Health visiting; GP",
            "what_happened": """
                Police attended an argument at the home; Mother said Partner had pushed her.
                The DASH was graded medium and a notification sent to the MASH. The MASH
                decided the threshold for an assessment was not met and sent information
                letters to the GP and HV team and a leaflet to Mother. No one spoke to Mother.
            """,
            "appraisal": """
                The decision was in line with the threshold document for a single
                medium-risk incident. With hindsight, it was a missed opportunity to learn
                who Partner was and to offer Mother support directly: a letter and a leaflet
                rely on a frightened parent to act. The letters to the GP and HV were good
                practice in principle but were not acted on (see KPE 2).
            """,
            "explanation": """
                The MASH received around 90 DV notifications a week. Screening each one on its
                own, against a threshold written for single incidents, was the only way to
                keep up. Nothing on the notification suggested a pattern: it was the first
                local incident, and Partner's history elsewhere was not visible.
            """,
            "how_normal": """
                Entirely normal. An audit of 40 medium-risk notifications in the same quarter
                found that 37 had the same outcome.
            """,
            "hindsight_guard": """
                The appraisal was written from the notification as it stood on 10 March 2022,
                and tested with the case group at follow-on meeting 1, who agreed that it
                looked like a routine case at the time.
            """,
            "factors": [
                (
                    "task_tools.thresholds",
                    HINDERS,
                    """The threshold document treats each DV incident separately and has no
                    guidance on young children in households with a first incident.""",
                ),
                (
                    "work_environment.workload",
                    HINDERS,
                    """Volumes of around 90 notifications a week left minutes per decision.""",
                ),
                (
                    "interagency.information_sharing",
                    HINDERS,
                    """Information letters to the GP and HV are sent without a named recipient
                    or any expected action.""",
                ),
                (
                    "individual.knowledge",
                    SUPPORTS,
                    """The MASH worker knew to copy information to universal services, which
                    at least put it on the health records.""",
                ),
            ],
        },
        {
            "title": "House move, transfer of health visiting team and missed appointments",
            "dates": (date(2022, 9, 2), date(2022, 11, 15)),
            "agencies": "Housing; Health visiting",
            "what_happened": """
                The family moved into temporary accommodation in another part of the borough.
                Child A's HV record was transferred electronically to a new team. The overdue
                weight check was offered twice; both appointments were missed, recorded as
                "did not attend", and Child A was returned to the universal caseload.
            """,
            "appraisal": """
                The transfer followed procedure, but the procedure moved a record, not a
                concern. Falling weight, speech delay and a DV notification together should
                have prompted a conversation between health visitors and a home visit rather
                than letters. Recording the missed appointments as the parent's choice ("did
                not attend") hid the fact that a two-year-old had not been brought.
            """,
            "explanation": """
                The new team had two vacancies and a backlog of transfers. The MASH letter was
                a scanned document, not an alert, so the new HV saw a child with a weight
                concern among many. The "did not attend" procedure was designed for adult
                clinics and was applied as written.
            """,
            "how_normal": """
                Normal. The health trust's own audit later found that fewer than one in five
                transfers between teams included any direct contact between practitioners.
            """,
            "hindsight_guard": """
                The reviewers read the record in the order and format the HV saw it, and
                asked health visitors from another team to say what they would have done
                with it.
            """,
            "factors": [
                (
                    "task_tools.recording_systems",
                    HINDERS,
                    """The electronic record shows scanned letters only in a separate tab, with
                    no flag on the front screen.""",
                ),
                (
                    "team.structure",
                    HINDERS,
                    """Team boundaries follow the family's address, so every house move changes
                    the health visitor.""",
                ),
                (
                    "child_family.engagement",
                    HINDERS,
                    """Mother was struggling with the move and with low mood; appointments by
                    letter to a temporary address were easily missed.""",
                ),
            ],
        },
        {
            "title": "Strategy discussion, section 47 enquiry and initial CP conference",
            "dates": (date(2022, 11, 28), date(2022, 12, 20)),
            "agencies": "Police; Children's social care; Health visiting; GP; MARAC",
            "what_happened": """
                After a high-risk incident, a strategy discussion was held within two days
                with police, CSC, HV and the GP. Social Worker 1 completed a section 47
                enquiry and Child A became the subject of a CP plan under the category of
                neglect, with a written agreement that Partner would have no unsupervised
                contact.
            """,
            "appraisal": """
                **Good practice.** The response was timely, multi-agency and focused on Child
                A's experience: the conference drew together the weight concerns, the missed
                appointments and the DV history for the first time. The plan was clear. Its
                weakness was that it relied on Mother's agreement to keep Partner away,
                without any means of checking it.
            """,
            "explanation": """
                The police DV unit and the CP and CIN team work closely and know each other;
                the high DASH score made the case a clear priority. Written agreements are a
                common tool where a parent is seen as protective and cooperative.
            """,
            "how_normal": """
                This is what the system is designed to do and usually does once a case
                reaches the high-risk threshold.
            """,
            "hindsight_guard": """
                The reviewers noted good practice explicitly, so that the appraisal was not
                coloured by the later outcome, and checked their view with the review team.
            """,
            "factors": [
                (
                    "interagency.information_sharing",
                    SUPPORTS,
                    """Police, CSC, HV and GP shared what they knew at the strategy
                    discussion.""",
                ),
                (
                    "team.supervision",
                    SUPPORTS,
                    """The Team Manager joined the strategy discussion and agreed the plan with
                    Social Worker 1.""",
                ),
                (
                    "child_family.history",
                    HINDERS,
                    """Partner's history of abuse in earlier relationships, held by another
                    force, was not known.""",
                ),
            ],
        },
        {
            "title": "Step-down from CP plan to CIN, and closure to Early Help",
            "dates": (date(2023, 6, 15), date(2023, 10, 20)),
            "agencies": "Children's social care; Health visiting; Early years",
            "what_happened": """
                At the review conference Mother reported that Partner had his own tenancy and
                showed his tenancy agreement; she had completed a parenting course. The HV
                team sent apologies and a short report. The plan was stepped down to CIN and,
                four months later, closed to Early Help. The nursery's records of hunger and
                poor attendance were not discussed at either point.
            """,
            "appraisal": """
                The plan's actions had been completed, but the decision rested on Mother's
                account of who lived in the household and on completion of tasks, rather than
                on evidence of change in Child A's daily life. Child A was not seen alone.
                The nursery, which saw Child A most often, was not asked for its view.
            """,
            "explanation": """
                Mother was articulate, warm and cooperative; every action on the plan was done.
                The tenancy agreement looked like evidence. The team was under pressure to
                reduce long CP plans, and supervision focused on progress against the plan.
                Social Worker 1 was relatively new and had 24 children on the caseload.
            """,
            "how_normal": """
                The case group thought the decision normal: "If the parent has done
                everything on the plan, it's very hard to argue for keeping it open."
            """,
            "hindsight_guard": """
                The reviewers listed what was known at each meeting before appraising the
                decision, and the case group at follow-on meeting 1 confirmed that the
                information about Partner's return was not available to professionals.
            """,
            "factors": [
                (
                    "organisation.performance_indicators",
                    HINDERS,
                    """Monthly reports show plans open more than nine months in red, an
                    implicit pressure to step down.""",
                ),
                (
                    "child_family.engagement",
                    HINDERS,
                    """Mother's cooperation was real but also concealed Partner's return: a
                    pattern of disguised compliance that is hard to see from the inside.""",
                ),
                (
                    "team.supervision",
                    HINDERS,
                    """Supervision was about case progression, with no space to ask "what if
                    we are wrong?".""",
                ),
                (
                    "individual.experience",
                    HINDERS,
                    """Social Worker 1 had limited experience of DV cases where a partner
                    returns.""",
                ),
            ],
        },
        {
            "title": "Child A starts school without the nursery's safeguarding information",
            "dates": (date(2023, 9, 5), date(2023, 9, 30)),
            "agencies": "Early years; School",
            "what_happened": """
                Child A moved from nursery to the Reception class. Because no plan was open at
                the time of transfer, the nursery's safeguarding file was not sent, and the
                school did not know that Child A had been on a CP plan three months earlier.
            """,
            "appraisal": """
                The nursery followed the local transfer procedure, which requires files to be
                sent only for children with an open plan. The outcome was that the school,
                which would see Child A every day, started with no history at all. The DSL's
                own observations in the first weeks were good practice.
            """,
            "explanation": """
                The procedure reflects a reasonable wish not to label children whose plans have
                ended. Nursery staff were not aware that the plan had only just been stepped
                down, and the transfer happened during the summer holidays.
            """,
            "how_normal": """
                Normal: the local procedure was followed as written. Three of the six nurseries
                asked by the review team said they would have done the same.
            """,
            "hindsight_guard": """
                The appraisal distinguishes what the procedure required from what the outcome
                suggests, and was checked with an early years adviser not involved in the case.
            """,
            "factors": [
                (
                    "task_tools.procedures",
                    HINDERS,
                    """The transfer procedure keys on plan status at the date of transfer, not
                    on recent history.""",
                ),
                (
                    "interagency.information_sharing",
                    HINDERS,
                    """No agency had the task of telling the school about the recent plan.""",
                ),
                (
                    "individual.knowledge",
                    SUPPORTS,
                    """The DSL noticed and recorded Child A's hunger and anxiety within
                    weeks.""",
                ),
            ],
        },
        {
            "title": "School's concern about what Child A said redirected to Early Help",
            "dates": (date(2023, 11, 14), date(2023, 11, 16)),
            "agencies": "School; Children's social care (front door)",
            "what_happened": """
                Child A told the class teacher that Partner "shouts at Mummy and locks me in my
                room". The DSL recorded the words verbatim and telephoned the front door the
                same day. The call was taken by an agency social worker, who advised an Early
                Help assessment. The closed CSC record was not opened. The school completed
                the assessment and received no feedback.
            """,
            "appraisal": """
                The school's response was prompt and exemplary in recording the **child's
                voice**. The front door response did not connect a disclosure naming Partner
                with a case closed four weeks earlier because of Partner's absence. Had the
                history been read, the disclosure would have met the threshold for a strategy
                discussion.
            """,
            "explanation": """
                The front door was handling high call volumes with several agency staff. The
                screen showed the case as closed to Early Help, which made an Early Help
                response look consistent. The service's performance measures emphasised a low
                "conversion rate" of contacts to referrals.
            """,
            "how_normal": """
                The review team's dip sample found similar redirections in several school
                contacts in the same term, though most were correctly judged.
            """,
            "hindsight_guard": """
                The reviewers recreated the screens the front door worker saw and tested the
                decision with experienced front door staff who did not know the outcome.
            """,
            "factors": [
                (
                    "interagency.referral_pathways",
                    HINDERS,
                    """Advice to complete an Early Help assessment was given without feedback
                    or a named contact.""",
                ),
                (
                    "work_environment.agency_staff",
                    HINDERS,
                    """Agency staff new to the area were less likely to open closed records or
                    to know the family.""",
                ),
                (
                    "individual.skills",
                    SUPPORTS,
                    """The DSL's verbatim recording preserved exactly what Child A said.""",
                ),
            ],
        },
        {
            "title": "Signs of Partner's return seen by housing and the GP but not connected",
            "dates": (date(2023, 12, 5), date(2024, 1, 18)),
            "agencies": "Housing; GP",
            "what_happened": """
                The housing officer visited after neighbours complained of shouting at night,
                saw men's boots and a coat, and accepted Mother's explanation. Six weeks later
                Mother saw a locum GP with a swollen wrist, which she said was from a fall.
                Neither agency shared what it had seen, and no one asked Mother about domestic
                abuse.
            """,
            "appraisal": """
                Each contact, taken alone, was handled reasonably. Together they were signs of
                a man in the household and of possible injury to Mother, at an address flagged
                at MARAC, in a family with a recently closed CP plan. Neither practitioner
                had the information that would have made the signs significant.
            """,
            "explanation": """
                The housing officer was following the anti-social behaviour procedure, which
                does not refer to safeguarding. The locum GP saw no alert on the record and
                had ten minutes. Mother's explanations were plausible, and she was frightened
                of what would happen if she told the truth.
            """,
            "how_normal": """
                Normal for both agencies. The case group described this as "the jigsaw
                problem": each agency holds a piece and no one holds the box lid.
            """,
            "hindsight_guard": """
                The case group at follow-on meeting 1 reviewed the two contacts without being
                told what happened next, before discussing them in the light of the outcome.
            """,
            "factors": [
                (
                    "organisation.policy",
                    HINDERS,
                    """The housing anti-social behaviour procedure has no safeguarding
                    prompt.""",
                ),
                (
                    "work_environment.it",
                    HINDERS,
                    """GP alerts depend on coding of incoming letters; the MASH and MARAC
                    letters had not been coded.""",
                ),
                (
                    "child_family.communication",
                    HINDERS,
                    """Mother gave plausible explanations out of fear of losing the
                    children.""",
                ),
            ],
        },
    ],
    "findings": [
        {
            "category": "mawi_crisis",
            "priority": "High",
            "themes": [
                "domestic_abuse_and_hidden_men",
                "thresholds_and_referrals",
                "information_sharing_and_handovers",
            ],
            "episodes": [1, 3],
            "short_title": "Domestic abuse notifications are handled one at a time",
            "statement": """
                The multi-agency front door responds to police domestic abuse (DV) notifications
                one incident at a time: where each is graded standard or medium risk, repeated
                incidents in a household with a young child do not add up to a referral, and
                no agency holds the accumulating picture.
            """,
            "manifestation": """
                Two DV incidents at Child A's home were screened out at the MASH before the
                third, high-risk incident (KPE 1). Each decision was correct against the
                threshold document; only the high DASH score in November 2022 brought the
                history together, at the strategy discussion (KPE 3).
            """,
            "underlying_evidence": """
                The case group and the review team recognised the pattern at once. The police
                said that medium-risk notifications are "read once and filed". The MASH
                manager confirmed that the screening tool has no field for earlier incidents.
            """,
            "prevalence": """
                The Partnership's audit of 40 medium-risk notifications found 37 screened out,
                11 of them for households with a child under five and at least one earlier
                incident. National reviews (including the national panel's annual reports)
                repeatedly find that repeated "lower-level" DV incidents are not seen as a
                pattern.
            """,
            "significance": """
                Young children living with repeated DV are at risk of harm that is cumulative
                and not visible in any single incident. A system that only responds to the
                most serious incident will reliably respond too late.
            """,
            "questions": [
                "How can the MASH screen a DV notification against the household's history, "
                "not only against the latest incident?",
                "Should a second or third notification within twelve months, where a child "
                "under five lives in the household, lead automatically to a multi-agency "
                "discussion?",
                "How will the Board know whether a change has made a difference?",
            ],
        },
        {
            "category": "mawi_assessment",
            "priority": "High",
            "themes": [
                "domestic_abuse_and_hidden_men",
                "step_up_step_down",
                "disguised_compliance",
            ],
            "episodes": [4, 7],
            "short_title": "A violent partner's departure is taken on trust",
            "statement": """
                Professionals tend to accept a parent's account that a violent partner has left
                the household, and the multi-agency system has no routine way of testing who
                lives with a child before a child protection (CP) plan is stepped down to
                child in need (CIN) or Early Help.
            """,
            "manifestation": """
                The step-down of Child A's plan rested on Mother's account and a copy of
                Partner's tenancy (KPE 4). When housing and the GP later saw signs that
                Partner was back, nothing prompted them to share or to ask (KPE 7).
            """,
            "underlying_evidence": """
                Every member of the case group described the household question as "something
                you ask at the start". Housing, which holds the most reliable information on
                who lives at an address, is not routinely part of CP or CIN planning.
            """,
            "prevalence": """
                "Hidden men" are among the most frequent themes in national analyses of
                serious case reviews. Two of the Partnership's earlier local reviews recorded
                similar findings about male carers not known to agencies.
            """,
            "significance": """
                The risk a plan is designed to manage can return unseen at the moment the
                system steps back. Step-down then removes the oversight that might have
                noticed.
            """,
            "questions": [
                "What would it take for housing to contribute to every CP and CIN plan for a "
                "family in temporary accommodation?",
                "Should a step-down decision require evidence from more than one agency about "
                "who lives in the household?",
            ],
        },
        {
            "category": "human_reasoning",
            "priority": "Medium",
            "themes": ["rule_of_optimism", "neglect", "the_child_s_voice"],
            "episodes": [4, 6, 7],
            "short_title": "The rule of optimism after a family is seen as engaging",
            "statement": """
                Once a family is seen as "engaging well", professionals tend to interpret new
                information in the light of that view (the rule of optimism), so that small
                signs of deterioration are explained away rather than added up.
            """,
            "manifestation": """
                Nursery records of hunger and poor attendance were not weighed at step-down
                (KPE 4); a child's disclosure was read against a closed, "successful" case
                (KPE 6); and Mother's explanations for a man's boots and a wrist injury were
                accepted (KPE 7).
            """,
            "underlying_evidence": """
                The Team Manager described the case as "a success story on every measure".
                Practitioners in the review team's workshop said that challenging a cooperative
                parent "feels unfair" and is rarely supported by supervision.
            """,
            "prevalence": """
                The rule of optimism is one of the most consistently reported biases in child
                protection research and in reviews (Dingwall and colleagues; Munro). Local
                audits of step-down decisions have not looked for it.
            """,
            "significance": """
                Optimism is a natural and often helpful stance in work with families, but
                without deliberate challenge it makes professionals least alert at the moment
                the risk is returning.
            """,
            "questions": [
                "How do supervision and step-down meetings build in a deliberate challenge "
                '("what if we are wrong?")?',
                "How is the child's lived experience, including what early years staff see "
                "every day, given weight equal to parental engagement?",
            ],
        },
        {
            "category": "family_professional",
            "priority": "Medium",
            "themes": ["neglect", "disguised_compliance"],
            "episodes": [2, 4],
            "short_title": "Missed appointments seen as the parent's choice",
            "statement": """
                Young children's missed health appointments are recorded as the parent's "did
                not attend" rather than as the child who "was not brought", which frames them
                as parental choice and means they rarely prompt a safeguarding response; visits
                arranged in advance let a family show professionals what they expect to see.
            """,
            "manifestation": """
                Two missed weight checks after the house move led to a letter and a return to
                the universal caseload (KPE 2). Announced visits during the CP and CIN plans
                gave Mother time to "make the flat look right" (KPE 4).
            """,
            "underlying_evidence": """
                The HV team's procedure was written for adult clinics and applied to all ages.
                Mother's own account confirms that announced visits shaped what professionals
                saw.
            """,
            "prevalence": """
                The health trust has since found "did not attend" used for most under-fives'
                missed appointments across all HV teams. "Was not brought" has been
                recommended by several national reviews and professional bodies.
            """,
            "significance": """
                Neglect often shows first as missed health care. If missed appointments are
                treated as a parent's right to decline, the earliest sign of neglect goes
                unrecorded as a concern about the child.
            """,
            "questions": [
                'Will the Board ask all health providers to adopt "was not brought" for '
                "children, with a clear response to repeated missed appointments?",
                "What is the expected balance of announced and unannounced visits under CP "
                "and CIN plans, and how is it monitored?",
            ],
        },
        {
            "category": "tools",
            "priority": "High",
            "themes": ["transitions_between_services", "information_sharing_and_handovers"],
            "episodes": [2, 5],
            "short_title": "A child's history is lost at transitions once a plan has closed",
            "statement": """
                Safeguarding information travels with a young child across transitions only
                when a plan is open: the HV record transfer and the nursery-to-school transfer
                procedure both key on current status, so the history of a recent CP plan is
                lost just as a new agency takes over.
            """,
            "manifestation": """
                The HV record moved between teams without a conversation (KPE 2), and the
                nursery's safeguarding file did not go to school because the plan had ended
                (KPE 5).
            """,
            "underlying_evidence": """
                The procedures were followed as written. The early years adviser and the
                school DSLs on the review team said they would expect the same outcome in
                other cases.
            """,
            "prevalence": """
                Transitions and handovers ("a relay race" in which the baton is dropped) are a
                recurring theme in national reviews. The Partnership's own transfer procedure
                has not been reviewed since 2019.
            """,
            "significance": """
                Transitions are moments of heightened risk, when the new agency knows least.
                Tools that drop history at those moments make it less likely that patterns
                will be recognised.
            """,
            "questions": [
                "Should the transfer procedure cover children whose plans ended within the "
                "last twelve months?",
                "How can HV transfers between teams include a practitioner-to-practitioner "
                "conversation where there has been a MASH notification?",
            ],
        },
        {
            "category": "management_systems",
            "priority": "High",
            "themes": [
                "thresholds_and_referrals",
                "performance_indicators_and_defensive_practice",
                "workload_and_supervision",
            ],
            "episodes": [1, 4, 6],
            "short_title": "Performance measures that encourage step-down",
            "statement": """
                Performance measures that emphasise reducing the number and length of CP plans
                and the "conversion rate" of contacts to referrals, at a time of high demand
                and reliance on agency staff, encourage step-down and redirection to Early
                Help, and leave referrers holding the risk without feedback.
            """,
            "manifestation": """
                MASH volumes shaped the screening of DV notifications (KPE 1); the red-rated
                measure of long CP plans formed part of the context for step-down (KPE 4); and
                the school's concern was redirected without the closed record being read
                (KPE 6).
            """,
            "underlying_evidence": """
                Managers in the review team confirmed that the measures are discussed at every
                performance meeting. Caseloads and vacancy rates were above target throughout
                the period.
            """,
            "prevalence": """
                Munro (2011) described how performance indicators can drive defensive,
                compliance-focused practice. Staffing returns show the same pressures across
                the Partnership's front door and CP and CIN teams.
            """,
            "significance": """
                Measures meant to show efficiency can, unintentionally, reward decisions that
                move risk elsewhere. The Board cannot rely on practitioners' judgement if the
                management system pulls the other way.
            """,
            "questions": [
                "What measures would tell the Board about the quality of front door and "
                "step-down decisions, not only their number?",
                "How will partners be assured that referrers receive feedback on every "
                "redirected concern?",
                "What is the Board's plan for front door staffing and caseloads?",
            ],
        },
    ],
}

# --------------------------------------------------------------------------- published reviews

CHILD_B = {
    "title": "Child B: a shorter Learning Together review",
    "board": CHILDREN_BOARD,
    "review_type": "lt_short",
    "status": ReviewStatus.PUBLISHED,
    "subject": "Child B",
    "period": (date(2021, 1, 1), date(2022, 6, 30)),
    "commissioned_on": date(2022, 9, 1),
    "signed_off_on": date(2023, 5, 10),
    "published_on": date(2023, 6, 20),
    "team": LEADS,
    "family_composition": """
        - **Child B**, aged 14 at the start of the period under review.
        - **Mother**, Child B's main carer.
        - **Sibling 1** and **Sibling 2**, Child B's younger brothers.
    """,
    "reason_for_review": """
        Child B, aged 15, was seriously injured in a stabbing in June 2022. Over the previous
        eighteen months Child B had been missing from home repeatedly, had been excluded from
        school and had been arrested in another county with drugs. The Partnership commissioned
        a **shorter Learning Together review** focused on the response to adolescent risk and
        **criminal exploitation**.
    """,
    "summary": """
        Child B went missing 14 times in 2021. Return home interviews were offered but mostly
        declined. After a permanent exclusion Child B moved to alternative provision, where
        attendance was low. In March 2022 Child B was arrested in another county with drugs
        and cash and was treated first as an offender. A referral under the National Referral
        Mechanism was made two months later.
    """,
    "family_involvement": """
        Mother met the lead reviewers and spoke about her repeated calls to the police and
        her sense that "no one saw him as a child". Child B chose not to take part.
    """,
    "limitations": """
        This was a shorter review: the case group was small and there was one follow-on
        meeting. The findings should be read with the Partnership's thematic work on
        exploitation.
    """,
    "research_questions": [
        "How well do agencies recognise criminal exploitation when an adolescent goes "
        "missing repeatedly?",
        "What helps and hinders professionals in seeing an exploited young person as a child "
        "in need of protection rather than as an offender?",
    ],
    "chronology": [
        (
            date(2021, 2, 3),
            "Police",
            "First missing episode; Child B found in a neighbouring "
            "town after two days. A return home interview is offered and declined.",
            "Police missing person record",
        ),
        (
            date(2021, 10, 12),
            "School",
            "Child B is permanently excluded after bringing a knife "
            "to school, and moves to alternative provision (AP).",
            "School exclusion record",
        ),
        (
            date(2022, 3, 21),
            "Police",
            "Child B is arrested in another county with drugs and "
            "cash and is charged; the arresting force notifies the home force.",
            "Police custody record",
        ),
        (
            date(2022, 6, 18),
            "Hospital (Emergency Department)",
            "Child B is admitted with stab wounds.",
            "Emergency Department record",
        ),
    ],
    "case_group": [
        {
            "label": "Social Worker 2",
            "role_title": "Social worker, Adolescent Support team",
            "agency": CSC,
            "agency_type": "children_s_social_care",
            "conversation_date": date(2022, 11, 8),
            "meetings": (True, False),
            "conversation": {
                "knew_then": "Knew of the missing episodes and the exclusion; suspected "
                "exploitation from the autumn of 2021 but had no direct evidence.",
                "did_and_why": "Opened a CIN plan and tried to build a relationship with "
                "Child B, who rarely kept appointments.",
                "what_helped": "Mother's willingness to share everything she knew.",
                "what_hindered": "No contextual safeguarding meeting existed at the time; "
                "each missing episode was handled separately.",
                "view_now": "Would push for a strategy discussion on exploitation after the "
                "third missing episode.",
            },
        },
        {
            "label": "Missing Person Coordinator",
            "role_title": "Missing person coordinator",
            "agency": POLICE,
            "agency_type": "police",
            "conversation_date": date(2022, 11, 15),
            "meetings": (True, False),
            "conversation": {
                "knew_then": "Recorded 14 missing episodes and several sightings with older "
                "young people known for drug supply.",
                "did_and_why": "Graded each episode on its own facts; most were graded "
                "medium because Child B always returned.",
                "what_helped": "A weekly missing-children meeting with CSC.",
                "what_hindered": "Return home interviews were offered by a commissioned "
                "service whose reports arrived weeks later.",
                "view_now": "Repeated returns were treated as reassurance; they were part of "
                "the pattern.",
            },
        },
        {
            "label": "AP Pastoral Lead",
            "role_title": "Pastoral lead, alternative provision",
            "agency": "Alternative provision academy",
            "agency_type": "school_and_education",
            "conversation_date": date(2022, 11, 22),
            "meetings": (True, False),
            "conversation": {
                "knew_then": "Knew Child B only after the exclusion; received a brief "
                "transfer note.",
                "did_and_why": "Reported absences daily to the local authority, as required.",
                "what_helped": "Small class sizes when Child B did attend.",
                "what_hindered": "Part-time timetable left Child B unoccupied in the afternoons.",
                "view_now": "Exclusion was the point at which the risk rose sharply.",
            },
        },
    ],
    "episodes": [
        {
            "title": "Repeated missing episodes handled one at a time",
            "dates": (date(2021, 2, 3), date(2021, 12, 20)),
            "agencies": "Police; Children's social care; commissioned return home service",
            "what_happened": "Child B went missing 14 times. Each was graded and closed on "
            "return; return home interviews were offered and mostly declined.",
            "appraisal": "Each response met procedure, but no one reviewed the episodes "
            "together until late in the year, and the sightings with older young people were "
            "not linked to exploitation.",
            "explanation": "The missing procedure is organised around the single episode; "
            "Child B's safe return each time felt reassuring.",
            "how_normal": "Normal practice at the time across the Partnership.",
            "hindsight_guard": "Episodes were appraised using only what each record showed "
            "at the time, and checked at the follow-on meeting.",
            "factors": [
                (
                    "task_tools.procedures",
                    HINDERS,
                    "The missing procedure had no trigger for "
                    "reviewing repeated episodes together.",
                ),
                (
                    "team.communication",
                    SUPPORTS,
                    "The weekly missing-children meeting kept police and CSC in contact.",
                ),
            ],
        },
        {
            "title": "Permanent exclusion and move to alternative provision",
            "dates": (date(2021, 10, 12), date(2021, 11, 30)),
            "agencies": "School; Alternative provision; Children's social care",
            "what_happened": "After bringing a knife to school, Child B was permanently "
            "excluded and moved to AP on a part-time timetable.",
            "appraisal": "The exclusion was lawful but was not treated as a safeguarding "
            "event; no multi-agency meeting considered what the knife might mean.",
            "explanation": "The school's focus was on the safety of other pupils; the knife "
            "was read as behaviour rather than as a sign of exploitation.",
            "how_normal": "The review team thought this typical of exclusions at the time.",
            "hindsight_guard": "The reviewers asked two DSLs from other schools how they "
            "would have read the incident without knowing the outcome.",
            "factors": [
                (
                    "organisation.policy",
                    HINDERS,
                    "The exclusion policy had no link to safeguarding or exploitation procedures.",
                ),
                (
                    "child_family.needs",
                    HINDERS,
                    "Child B's unmet learning needs had not been assessed.",
                ),
            ],
        },
        {
            "title": "Arrest in another county treated first as an offence",
            "dates": (date(2022, 3, 21), date(2022, 5, 30)),
            "agencies": "Police (two forces); Youth justice; Children's social care",
            "what_happened": "Child B was arrested with drugs and cash far from home and "
            "charged. A National Referral Mechanism referral followed two months later.",
            "appraisal": "The delay meant Child B was seen as an offender before being seen "
            "as a possible victim of exploitation.",
            "explanation": "Custody staff in the other force did not have the missing "
            "history; the charging decision was made within hours.",
            "how_normal": "Common in cross-border county lines cases.",
            "hindsight_guard": "Reviewed with the youth justice service against the "
            "guidance in force at the time.",
            "factors": [
                (
                    "interagency.information_sharing",
                    HINDERS,
                    "The other force could not see the home force's missing records.",
                ),
                (
                    "individual.knowledge",
                    SUPPORTS,
                    "The youth justice worker recognised exploitation and made the referral.",
                ),
            ],
        },
    ],
    "findings": [
        {
            "category": "mawi_crisis",
            "priority": "High",
            "themes": ["adolescent_risk_and_exploitation", "silo_working"],
            "episodes": [1, 3],
            "statement": "Agencies respond to each missing episode as a separate incident, so "
            "a pattern of repeated missing that signals criminal exploitation is recognised "
            "late.",
            "manifestation": "Fourteen missing episodes were closed one by one (KPE 1); the "
            "arrest in another county was first treated as an offence (KPE 3).",
            "underlying_evidence": "Police and CSC members of the case group described the "
            "same approach for all missing children.",
            "prevalence": "The Partnership's missing-children data show many children with "
            "five or more episodes a year and no exploitation screening.",
            "significance": "Exploited young people are harmed while the system waits for a "
            "single decisive incident.",
            "questions": [
                "Should a set number of missing episodes trigger an exploitation strategy "
                "discussion?",
                "How will return home interview findings reach the allocated worker within days?",
            ],
        },
        {
            "category": "human_reasoning",
            "priority": "Medium",
            "themes": ["adolescent_risk_and_exploitation", "the_child_s_voice"],
            "episodes": [2, 3],
            "statement": "Professionals tend to see adolescents involved in crime as making "
            "choices, which makes it harder to see them as children in need of protection.",
            "manifestation": "The knife and the arrest were both read as behaviour and "
            "offending before exploitation was considered (KPE 2, KPE 3).",
            "underlying_evidence": "Mother's account and the case group's reflections both "
            'describe Child B being seen as "streetwise".',
            "prevalence": 'National reviews of exploitation report the same "adultification"'
            " of teenagers.",
            "significance": "Framing a child as an offender delays protection and can push "
            "the child further towards those exploiting them.",
            "questions": [
                "How is the language used about adolescents in records and meetings reviewed?",
                "What training helps professionals hold both offending and exploitation in mind?",
            ],
        },
    ],
}

CHILD_C = {
    "title": "Child C: a child safeguarding practice review",
    "board": CHILDREN_BOARD,
    "review_type": "cspr",
    "status": ReviewStatus.PUBLISHED,
    "subject": "Child C",
    "period": (date(2022, 4, 1), date(2023, 3, 31)),
    "commissioned_on": date(2023, 5, 15),
    "signed_off_on": date(2024, 3, 12),
    "published_on": date(2024, 4, 30),
    "team": [*LEADS, TEAM_MEMBER],
    "family_composition": """
        - **Child C**, born during the period under review.
        - **Mother**, aged 19, a care leaver.
        - **Father**, Child C's father, who lived with Mother for part of the period.
    """,
    "reason_for_review": """
        At ten weeks old Child C was admitted to hospital with a skull fracture and rib
        fractures of different ages. The Partnership's rapid review recommended a **local
        child safeguarding practice review** using a systems approach.
    """,
    "summary": """
        Mother was a care leaver with a personal adviser. Father was not known to maternity or
        health visiting services; his history of violence in a previous relationship was held
        by police. At eight weeks a small bruise on Child C's ear was seen at a GP appointment
        and recorded without referral.
    """,
    "family_involvement": """
        Mother took part, supported by her personal adviser. Father declined.
    """,
    "limitations": """
        The GP who saw Child C at eight weeks was a locum who could not be traced; the GP
        practice's safeguarding lead contributed instead.
    """,
    "research_questions": [
        "How do agencies find out about, and assess, fathers and male carers before and "
        "after a baby's birth?",
        "How well is guidance on bruising in non-mobile babies known and followed?",
    ],
    "chronology": [
        (
            date(2022, 6, 7),
            "Midwifery",
            "Antenatal booking; Mother attends alone and names "
            "Father; the booking form records no details about him.",
            "Maternity record",
        ),
        (
            date(2022, 12, 19),
            "Health visiting",
            'New birth visit; Father present but not spoken to; HV records "partner supportive".',
            "Health visiting record",
        ),
        (
            date(2023, 2, 13),
            "GP",
            "Eight-week check; a small bruise on Child C's ear is recorded. No referral is made.",
            "GP record",
        ),
        (
            date(2023, 3, 1),
            "Hospital (Emergency Department)",
            "Child C is admitted with a skull fracture and older rib fractures.",
            "Hospital record",
        ),
    ],
    "case_group": [
        {
            "label": "Community Midwife",
            "role_title": "Community midwife",
            "agency": "Northbridge Maternity Services",
            "agency_type": "midwifery",
            "conversation_date": date(2023, 9, 5),
            "meetings": (True, True),
            "conversation": {
                "knew_then": "Knew Mother was a care leaver; knew Father's first name only.",
                "did_and_why": "Completed the booking with Mother; the form had no section "
                "for the father's history.",
                "what_helped": "Continuity of carer: the same midwife throughout pregnancy.",
                "what_hindered": "Father never attended an antenatal appointment.",
                "view_now": "Would ask to meet Father and would check with police and CSC.",
            },
        },
        {
            "label": "Health Visitor 2",
            "role_title": "Health visitor",
            "agency": HEALTH,
            "agency_type": "health_visiting",
            "conversation_date": date(2023, 9, 12),
            "meetings": (True, True),
            "conversation": {
                "knew_then": "Knew of Mother's care history; nothing about Father.",
                "did_and_why": "Completed the new birth visit; spoke mainly with Mother "
                "because she was the client.",
                "what_helped": "A thorough handover from the midwife.",
                "what_hindered": "The HV record is built around mother and baby; fathers "
                "have no record of their own.",
                "view_now": "Would now record and speak to every adult in the household.",
            },
        },
        {
            "label": "Practice Safeguarding Lead",
            "role_title": "GP safeguarding lead",
            "agency": "GP practice",
            "agency_type": "general_practice",
            "conversation_date": date(2023, 9, 19),
            "meetings": (True, True),
            "conversation": {
                "knew_then": "Was not involved at the time; reviewed the record for the review.",
                "did_and_why": "Spoke for the practice in place of the locum GP.",
                "what_helped": "The practice has a clear protocol on bruising in babies.",
                "what_hindered": "Locum GPs receive no induction to local safeguarding protocols.",
                "view_now": "The protocol exists but is not reaching the people who need it.",
            },
        },
    ],
    "episodes": [
        {
            "title": "Father not known to antenatal and health visiting services",
            "dates": (date(2022, 6, 7), date(2022, 12, 19)),
            "agencies": "Midwifery; Health visiting",
            "what_happened": "Neither the booking nor the new birth visit gathered "
            "information about Father, although he was present at the new birth visit.",
            "appraisal": "Father's history of violence would have been found by a routine "
            "check; no process asked for one.",
            "explanation": "Both services work with the mother as their client, and their "
            "forms reflect that.",
            "how_normal": "Normal practice across both services.",
            "hindsight_guard": "The forms were reviewed as they were at the time.",
            "factors": [
                (
                    "task_tools.assessment_forms",
                    HINDERS,
                    "Booking and new birth forms have no section for fathers or male carers.",
                ),
                (
                    "individual.skills",
                    SUPPORTS,
                    "The midwife built a trusting relationship with Mother.",
                ),
            ],
        },
        {
            "title": "Bruise on a non-mobile baby recorded without referral",
            "dates": (date(2023, 2, 13), None),
            "agencies": "GP",
            "what_happened": "At the eight-week check a locum GP recorded a small bruise on "
            "Child C's ear and accepted Mother's explanation.",
            "appraisal": "Local guidance says that any bruise on a non-mobile baby needs "
            "referral; this was not followed.",
            "explanation": "The locum had no induction to local protocols and saw a small "
            "mark on a well-looking baby.",
            "how_normal": "The practice found similar gaps in locum knowledge in an audit.",
            "hindsight_guard": "Appraised against the protocol the practice held at the time.",
            "factors": [
                ("work_environment.staffing", HINDERS, "Reliance on locum GPs without induction."),
                (
                    "task_tools.procedures",
                    SUPPORTS,
                    "A clear protocol existed and is now part of locum induction.",
                ),
            ],
        },
    ],
    "findings": [
        {
            "category": "family_professional",
            "priority": "High",
            "themes": ["domestic_abuse_and_hidden_men"],
            "episodes": [1],
            "statement": "Universal health services tend to work with the mother as their "
            "client, so that fathers and male carers remain unknown and unassessed.",
            "manifestation": "Father was present but never assessed (KPE 1).",
            "underlying_evidence": "Midwives and HVs in the case group described this as normal.",
            "prevalence": 'The national panel has highlighted "invisible men" in infant '
            "injury cases.",
            "significance": "Risk from a male carer cannot be managed if he is not known.",
            "questions": [
                "How will maternity and HV services routinely record and engage fathers?",
                "What checks should follow when a new adult joins a household with a baby?",
            ],
        },
        {
            "category": "tools",
            "priority": "Medium",
            "themes": ["information_sharing_and_handovers"],
            "episodes": [1],
            "statement": "Assessment forms in maternity and health visiting have no place for "
            "the father's history, so the tools themselves make him invisible.",
            "manifestation": "The booking form recorded nothing about Father (KPE 1).",
            "underlying_evidence": "The same forms are used across the trust.",
            "prevalence": "All antenatal bookings in the trust use this form.",
            "significance": "What the form does not ask is rarely asked.",
            "questions": [
                "Will the Board ask the trust to revise the booking and new birth forms?",
                "How will the Board check that the revised forms are used?",
            ],
        },
        {
            "category": "management_systems",
            "priority": "High",
            "themes": ["workload_and_supervision"],
            "episodes": [2],
            "statement": "Locum and temporary staff are not routinely inducted into local "
            "safeguarding protocols, so guidance reaches permanent staff but not the people "
            "most likely to see a family once.",
            "manifestation": "The bruising protocol was not followed by a locum GP (KPE 2).",
            "underlying_evidence": "The practice audit found the same gap in other locum "
            "consultations.",
            "prevalence": "Use of locums is rising across primary care.",
            "significance": "A protocol is only as reliable as its reach.",
            "questions": [
                "How will the Board be assured that locum staff receive safeguarding induction?",
            ],
        },
    ],
}

ADULT_D = {
    "title": "Adult D: a safeguarding adults review",
    "board": ADULTS_BOARD,
    "review_type": "sar",
    "status": ReviewStatus.PUBLISHED,
    "subject": "Adult D",
    "period": (date(2022, 6, 1), date(2023, 11, 30)),
    "commissioned_on": date(2024, 1, 10),
    "signed_off_on": date(2025, 1, 20),
    "published_on": date(2025, 3, 5),
    "team": ADULT_LEADS,
    "family_composition": """
        - **Adult D**, a man in his sixties who lived alone.
        - **Sister**, who lived in another part of the country.
    """,
    "reason_for_review": """
        Adult D died at home in November 2023 in conditions of severe **self-neglect**. He was
        known to housing, his GP, adult social care and substance misuse services. The Board
        commissioned a **safeguarding adults review (SAR)** using a systems approach.
    """,
    "summary": """
        Adult D drank heavily, hoarded and often declined help. Each agency offered services
        and closed its involvement when he did not engage. A multi-agency self-neglect meeting
        was never convened.
    """,
    "family_involvement": """
        Adult D's Sister spoke to the lead reviewers by telephone about his life and about her
        attempts to get help for him.
    """,
    "limitations": """
        Adult D's own voice is available only through records and his Sister's account.
    """,
    "research_questions": [
        "How do agencies work together when an adult who self-neglects declines help?",
        "How is mental capacity considered when an adult repeatedly refuses services?",
    ],
    "chronology": [
        (
            date(2022, 7, 14),
            "Housing",
            "Tenancy visit finds the flat severely cluttered; Adult D declines a referral.",
            "Housing case notes",
        ),
        (
            date(2023, 1, 9),
            "Adult social care",
            "Care Act assessment started; closed after two failed visits.",
            "Adult social care record",
        ),
        (
            date(2023, 5, 22),
            "Substance misuse service",
            "Adult D is discharged after three missed appointments.",
            "Substance misuse service record",
        ),
        (date(2023, 11, 28), "Police", "Adult D is found dead at home.", "Police record"),
    ],
    "case_group": [
        {
            "label": "Housing Officer",
            "role_title": "Tenancy officer",
            "agency": "Eastmere Homes",
            "agency_type": "housing",
            "conversation_date": date(2024, 4, 9),
            "meetings": (True, True),
            "conversation": {
                "knew_then": "Knew the flat was cluttered and that Adult D drank.",
                "did_and_why": "Offered a referral, which Adult D refused; respected his choice.",
                "what_helped": "A long-standing relationship with Adult D.",
                "what_hindered": "No forum in which to raise concern about an adult who "
                "refuses help.",
                "view_now": "Would call for a multi-agency meeting.",
            },
        },
        {
            "label": "Social Worker (Adults)",
            "role_title": "Social worker, adult social care",
            "agency": "Eastmere Adult Social Care",
            "agency_type": "adult_social_care",
            "conversation_date": date(2024, 4, 16),
            "meetings": (True, True),
            "conversation": {
                "knew_then": "Received a referral from the GP about self-neglect.",
                "did_and_why": "Made two visits; closed the assessment when Adult D did not "
                "answer.",
                "what_helped": "A clear referral from the GP.",
                "what_hindered": "Caseload pressures and a duty system that closes "
                "non-engaging referrals.",
                "view_now": "Capacity should have been assessed, not assumed.",
            },
        },
        {
            "label": "Recovery Worker",
            "role_title": "Recovery worker",
            "agency": "Eastmere Recovery Service",
            "agency_type": "substance_misuse_services",
            "conversation_date": date(2024, 4, 23),
            "meetings": (False, True),
            "conversation": {
                "knew_then": "Knew Adult D's drinking was increasing.",
                "did_and_why": "Discharged him after three missed appointments, under the "
                "service's policy.",
                "what_helped": "Adult D attended well when seen at home.",
                "what_hindered": "The contract counts only clinic attendances.",
                "view_now": "Discharge for non-attendance does not fit people who self-neglect.",
            },
        },
    ],
    "episodes": [
        {
            "title": "Care Act assessment closed after two failed visits",
            "dates": (date(2023, 1, 9), date(2023, 2, 6)),
            "agencies": "Adult social care; GP",
            "what_happened": "An assessment was started after a GP referral and closed when "
            "Adult D did not answer the door twice.",
            "appraisal": "Capacity to decline was assumed, not assessed, and no other agency "
            "was consulted before closure.",
            "explanation": "The duty system was designed to manage demand; non-engagement "
            "was a standard reason for closure.",
            "how_normal": "Normal within the duty team at the time.",
            "hindsight_guard": "Appraised against the self-neglect policy then in force.",
            "factors": [
                ("work_environment.caseloads", HINDERS, "High duty caseloads."),
                (
                    "organisation.policy",
                    HINDERS,
                    "The self-neglect policy had no escalation route for refusals.",
                ),
            ],
        },
        {
            "title": "Discharge from the recovery service for missed appointments",
            "dates": (date(2023, 4, 3), date(2023, 5, 22)),
            "agencies": "Substance misuse service",
            "what_happened": "Adult D missed three clinic appointments and was discharged "
            "with a letter to the GP.",
            "appraisal": "The discharge followed policy but removed the one service working "
            "on his drinking.",
            "explanation": "The service is commissioned and measured on clinic attendance.",
            "how_normal": "Standard practice in the service.",
            "hindsight_guard": "Checked with the commissioner against the contract at the time.",
            "factors": [
                (
                    "interagency.commissioning",
                    HINDERS,
                    "The contract rewards attendance rather than outreach.",
                ),
                ("child_family.engagement", HINDERS, "Adult D found clinics hard to attend."),
                (
                    "individual.skills",
                    SUPPORTS,
                    "The recovery worker had built rapport on home visits.",
                ),
            ],
        },
    ],
    "findings": [
        {
            "category": "mawi_assessment",
            "priority": "High",
            "themes": ["silo_working", "neglect"],
            "episodes": [1, 2],
            "statement": "When an adult who self-neglects declines help, each agency tends to "
            "close its own involvement, and there is no routine multi-agency forum to hold "
            "the shared concern.",
            "manifestation": "Adult social care and the recovery service both closed (KPE 1, "
            "KPE 2) without any joint discussion.",
            "underlying_evidence": "The case group could not name a forum they would have used.",
            "prevalence": "National analyses of SARs find self-neglect in many reviews.",
            "significance": "A person can be left with no service at all through a series of "
            "reasonable single-agency decisions.",
            "questions": [
                "Will the Board establish a multi-agency self-neglect risk meeting?",
                "How will agencies be expected to consult each other before closing?",
            ],
        },
        {
            "category": "human_reasoning",
            "priority": "Medium",
            "themes": ["rule_of_optimism"],
            "episodes": [1],
            "statement": "Professionals tend to treat an adult's refusal of help as a "
            '"lifestyle choice" without assessing capacity, especially executive capacity.',
            "manifestation": "Capacity was assumed when the assessment was closed (KPE 1).",
            "underlying_evidence": "Case group members described this as the usual approach.",
            "prevalence": "Widely reported in SARs on self-neglect.",
            "significance": "Respect for autonomy can become a reason not to look further.",
            "questions": [
                "How does training on the Mental Capacity Act address executive capacity?",
                "How will the Board test whether practice has changed?",
            ],
        },
        {
            "category": "management_systems",
            "priority": "Medium",
            "themes": ["performance_indicators_and_defensive_practice"],
            "episodes": [2],
            "statement": "Commissioning and performance measures that count clinic attendance "
            "lead services to discharge the people least able to attend.",
            "manifestation": "Adult D was discharged after three missed appointments (KPE 2).",
            "underlying_evidence": "The contract and its performance reports confirm it.",
            "prevalence": "The same measure applies to all clients of the service.",
            "significance": "The most vulnerable are discharged first.",
            "questions": [
                "Will commissioners review discharge-for-non-attendance clauses?",
            ],
        },
    ],
}

# The Board's response to Child C, as a board member would find it: two findings answered
# (one action done, one overdue, one not being done), the third still awaiting a response.
CHILD_C["board_response"] = [
    {
        "response": "The Partnership **accepts** this finding. Fathers and partners will be "
        "asked about and recorded by every universal health service from the first booking.",
        "responded_on": date(2024, 7, 10),
        "actions": [
            {
                "what": "Add a “who else lives here or visits” question to the maternity "
                "booking and the health visiting new-birth visit.",
                "owner_role": "Head of Midwifery",
                "owner_agency": "Northbridge Hospitals NHS Trust",
                "due_on": date(2024, 12, 31),
                "status": "done",
                "completed_on": date(2025, 2, 14),
                "evidence_of_impact": "An audit of 60 new-birth visits found the question "
                "answered in 55.",
            },
            {
                "what": "Multi-agency training on working with fathers and hidden men.",
                "owner_role": "Learning and Development Lead",
                "owner_agency": "Northbridge Safeguarding Children Partnership",
                "due_on": date(2025, 3, 31),
                "status": "in_progress",
            },
        ],
    },
    {
        "response": "The Partnership accepts the finding in part: the forms will change, but "
        "the IT system cannot be replaced before its contract ends.",
        "responded_on": date(2024, 7, 10),
        "actions": [
            {
                "what": "Replace the health visiting IT system.",
                "owner_role": "Director of Operations",
                "owner_agency": "Northbridge Community Health NHS Trust",
                "status": "not_doing",
                "reason": "The contract runs to 2027; the forms are changed instead.",
            },
        ],
    },
]

PUBLISHED_REVIEWS = [CHILD_B, CHILD_C, ADULT_D]
ALL_REVIEWS = [WORKED_REVIEW, *PUBLISHED_REVIEWS]

# --------------------------------------------------------------------------- builders

_LIST_ITEM = re.compile(r"^([-*+]|\d{1,2}\.)\s")


def _md(text: str | None) -> str:
    """Dedent a wrapped literal and join its lines into one line per paragraph or list item."""
    if not text:
        return ""
    blocks = []
    for block in inspect.cleandoc(text).split("\n\n"):
        lines: list[str] = []
        is_list = bool(_LIST_ITEM.match(block))
        for raw in block.splitlines():
            line = " ".join(raw.split())
            if lines and not (is_list and _LIST_ITEM.match(line)):
                lines[-1] += " " + line
            else:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _ensure_boards() -> dict[str, Board]:
    boards = {}
    for name, kind in BOARDS:
        board = db.session.scalar(select(Board).where(Board.name == name))
        if board is None:
            board = Board(name=name, kind=term(TaxonomyKind.BOARD_KIND, kind))
            db.session.add(board)
        boards[name] = board
    db.session.flush()
    return boards


def _ensure_users(boards: dict[str, Board]) -> tuple[dict[str, User], list[tuple[str, str, str]]]:
    """Create the demo users, or reset an existing one's password, role and board."""
    users, logins = {}, []
    for key, role, label, email, name, password, board_name in USERS:
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None:
            user = User(email=email, display_name=name)
            db.session.add(user)
        user.role = role.value
        user.board = boards[board_name] if board_name else None
        user.active = True
        user.set_password(password)
        users[key] = user
        logins.append((label, email, password))
    db.session.flush()
    return users, logins


def _membership(users: dict[str, User], spec: tuple) -> ReviewMembership:
    key, team_role, role_title, agency = spec
    return ReviewMembership(
        user=users[key], team_role=team_role.value, role_title=role_title, agency=agency
    )


def _case_group_member(spec: dict) -> CaseGroupMember:
    attended_1, attended_2 = spec["meetings"]
    agency_type = spec.get("agency_type")
    member = CaseGroupMember(
        label=spec["label"],
        role_title=spec["role_title"],
        agency=spec["agency"],
        agency_type=term(TaxonomyKind.AGENCY_TYPE, agency_type) if agency_type else None,
        is_family_member=spec.get("is_family_member", False),
        conversation_date=spec["conversation_date"],
        attended_meeting_1=attended_1,
        attended_meeting_2=attended_2,
    )
    member.conversation = Conversation(**{k: _md(v) for k, v in spec["conversation"].items()})
    return member


def _factor(subfactor_key: str, effect: str, description: str) -> ContributoryFactor:
    """A factor named by its sub-factor key ("team.supervision"); the level is the prefix."""
    level_key = subfactor_key.split(".", 1)[0]
    return ContributoryFactor(
        level=term(TaxonomyKind.FACTOR_LEVEL, level_key),
        subfactor=term(TaxonomyKind.FACTOR_SUBFACTOR, subfactor_key),
        effect=effect,
        description=_md(description),
    )


def _episode(spec: dict) -> KeyPracticeEpisode:
    date_from, date_to = spec["dates"]
    episode = KeyPracticeEpisode(
        title=spec["title"],
        date_from=date_from,
        date_to=date_to,
        agencies=spec["agencies"],
        what_happened=_md(spec["what_happened"]),
        appraisal=_md(spec["appraisal"]),
        explanation=_md(spec["explanation"]),
        how_normal=_md(spec["how_normal"]),
        hindsight_guard=_md(spec["hindsight_guard"]),
    )
    episode.factors.extend(_factor(*factor) for factor in spec["factors"])
    return episode


def _finding(spec: dict, episodes: list[KeyPracticeEpisode]) -> Finding:
    finding = Finding(
        statement=_md(spec["statement"]),
        short_title=spec.get("short_title", ""),
        category=term(TaxonomyKind.FINDING_CATEGORY, spec["category"]),
        priority=spec["priority"],
        manifestation=_md(spec["manifestation"]),
        underlying_evidence=_md(spec["underlying_evidence"]),
        prevalence=_md(spec["prevalence"]),
        significance=_md(spec["significance"]),
        episodes=[episodes[number - 1] for number in spec["episodes"]],
        themes=[term(TaxonomyKind.THEME, key) for key in spec["themes"]],
    )
    finding.questions.extend(BoardQuestion(text=_md(q)) for q in spec["questions"])
    return finding


def _build_review(spec: dict, boards: dict[str, Board], users: dict[str, User]) -> Review:
    period_start, period_end = spec["period"]
    changed_on = spec.get("published_on") or spec.get("status_changed_on")
    review = Review(
        board=boards[spec["board"]],
        title=spec["title"],
        review_type=term(TaxonomyKind.REVIEW_TYPE, spec["review_type"]),
        subject_pseudonym=spec["subject"],
        family_composition=_md(spec["family_composition"]),
        period_start=period_start,
        period_end=period_end,
        reason_for_review=_md(spec["reason_for_review"]),
        summary=_md(spec["summary"]),
        family_involvement=_md(spec["family_involvement"]),
        limitations=_md(spec["limitations"]),
        lead_reviewer_names=spec.get("lead_reviewer_names", ""),
        independence_statement=_md(spec.get("independence_statement", "")),
        report_version=spec.get("report_version", ""),
        status=spec["status"].value,
        commissioned_on=spec["commissioned_on"],
        signed_off_on=spec.get("signed_off_on"),
        published_on=spec.get("published_on"),
        status_changed_at=datetime(
            changed_on.year, changed_on.month, changed_on.day, 12, tzinfo=UTC
        )
        if changed_on
        else None,
    )
    review.research_questions.extend(
        ResearchQuestion(text=_md(q)) for q in spec["research_questions"]
    )
    review.memberships.extend(_membership(users, m) for m in spec["team"])
    review.case_group.extend(_case_group_member(m) for m in spec["case_group"])
    review.chronology.extend(
        ChronologyEntry(occurred_on=when, agency=agency, event=_md(event), source=source)
        for when, agency, event, source in spec["chronology"]
    )
    review.episodes.extend(_episode(e) for e in spec["episodes"])
    review.findings.extend(_finding(f, review.episodes) for f in spec["findings"])
    for finding, answer in zip(review.findings, spec.get("board_response", []), strict=False):
        finding.response = BoardResponse(
            response=answer["response"], responded_on=answer["responded_on"]
        )
        finding.actions.extend(BoardAction(**a) for a in answer["actions"])
    return review


def load_demo() -> list[tuple[str, str, str]]:
    """Add the demo boards, users and reviews that are missing; return the logins, admin first.

    Safe to run again: nothing is duplicated, and the demo users' passwords are reset to the
    ones returned. The caller commits.
    """
    with db.session.no_autoflush:
        boards = _ensure_boards()
        users, logins = _ensure_users(boards)
        for spec in ALL_REVIEWS:
            exists = db.session.scalar(
                select(Review.id).where(
                    Review.title == spec["title"], Review.board_id == boards[spec["board"]].id
                )
            )
            if exists is None:
                db.session.add(_build_review(spec, boards, users))
    db.session.flush()
    return logins
