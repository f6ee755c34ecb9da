"""The guided workflow in a real browser: sign in, start a review, fill the stages, watch the
stepper change. Every field is found by its label and every control by its role and name, so
these tests also check that the forms are labelled for assistive technology."""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import sign_in_as

pytestmark = pytest.mark.browser

REVIEW_TITLE = "Child Z: a browser-driven review"
KPE_TITLE = "Referral about bruising is closed after a single visit"


def review_tab(page: Page, name: str) -> None:
    """Follow one of the review's tabs ("Overview", "Case group", "Findings", …)."""
    page.get_by_role("navigation", name="This review").get_by_role(
        "link", name=name, exact=True
    ).click()


def stage(page: Page, key: str):
    return page.locator("ol.stepper").locator(f"li#stage-{key}")


def gaps(page: Page, key: str):
    return stage(page, key).locator("li.gap")


def test_lead_reviewer_fills_the_stages_and_the_stepper_follows(page: Page, live_server, shot):
    sign_in_as(page, live_server.lead)
    shot(page, "01-reviews")

    # Start a review.
    page.get_by_role("link", name="Start a review").click()
    expect(page.get_by_role("heading", name="Start a review", level=1)).to_be_visible()
    page.get_by_label("Title", exact=True).fill(REVIEW_TITLE)
    # The lead's own board if they have one; the demo lead is independent, so then a
    # children's board (the subject is a child).
    board_select = page.get_by_label("Commissioning board")
    boards = [b.strip() for b in board_select.locator("option").all_inner_texts()]
    board = live_server.lead.board or next((b for b in boards if "Children" in b), boards[0])
    board_select.select_option(label=board)
    page.get_by_label("Review type").select_option(label="Learning Together full review")
    page.get_by_label("Pseudonym of the subject").fill("Child Z")
    page.get_by_label("The case in brief").fill("An invented case, used only by the browser test.")
    shot(page, "02-new-review-form")
    page.get_by_role("button", name="Save").click()

    # The review's home page shows the stepper, with every early stage still to do.
    expect(page.get_by_role("heading", name=REVIEW_TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Review created")
    expect(page.get_by_role("main")).to_contain_text(f"{board} · Learning Together full review")
    stepper = page.locator("ol.stepper")
    expect(stepper.locator("> li.stepper__stage")).to_have_count(6)
    expect(stage(page, "preparation")).to_have_class(re.compile(r"stepper__stage--missing"))
    expect(stage(page, "preparation")).to_contain_text("Review type: Learning Together full")
    for key in ("data_collection", "analysis", "findings"):
        expect(stage(page, key)).to_have_class(re.compile(r"stepper__stage--not-started"))
    # Nothing after publication can be complete on a draft.
    expect(stage(page, "board_response")).not_to_have_class(re.compile(r"--complete\b"))
    expect(gaps(page, "data_collection")).to_contain_text(["No case group members yet"])
    expect(gaps(page, "analysis").filter(has_text="No key practice episodes yet")).to_have_count(1)
    expect(gaps(page, "findings")).to_contain_text(["No findings yet"])
    shot(page, "03-overview-before")

    # Stage 2: a case group member.
    review_tab(page, "Case group")
    expect(page.get_by_text("No case group members yet.")).to_be_visible()
    page.get_by_role("link", name="Add a case group member").click()
    page.get_by_label("Pseudonymous label").fill("Social Worker 1")
    page.get_by_label("Role", exact=True).fill("Social worker")
    page.get_by_label("Agency", exact=True).fill("Children's social care")
    page.get_by_label("Agency type").select_option(label="Children's social care")
    page.get_by_role("button", name="Save").click()
    members = page.get_by_role("table", name="Case group members")
    expect(members.get_by_role("link", name="Social Worker 1", exact=True)).to_be_visible()
    shot(page, "04-case-group")

    # Stage 3: a key practice episode with its contributory factor, on one form.
    review_tab(page, "Key practice episodes")
    page.get_by_role("link", name="Add a key practice episode").click()
    page.get_by_label("Short title").fill(KPE_TITLE)
    page.get_by_label("Date (or start of the episode)").fill("2023-03-01")
    # Agencies are the case group's: chosen, not typed.
    page.get_by_role("group", name="Agencies involved").get_by_label(
        "Children's social care"
    ).check()
    page.get_by_label("What happened?").fill("The referral was closed after one home visit.")
    row = page.get_by_role("group", name="Factor 1")
    row.get_by_label("Level", exact=True).select_option(label="Team")
    # Only the chosen level's sub-factors are offered (static/js/app.js).
    sub = row.get_by_label("Sub-factor (optional)")
    expect(sub.locator("optgroup[label='Team']")).not_to_have_attribute("hidden", "")
    expect(sub.locator("optgroup[label='Child and family']")).to_have_attribute("hidden", "")
    row.get_by_label("Description", exact=True).fill("The team had three vacant posts.")
    effect = row.get_by_role("group", name="Effect on practice")
    expect(effect.get_by_role("radio", name="Makes poor practice more likely")).not_to_be_checked()
    effect.get_by_role("radio", name="Supports good practice").check()
    shot(page, "05-episode-form-with-factor")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=KPE_TITLE, level=1)).to_be_visible()
    factors = page.get_by_role("region", name="Contributory factors")
    expect(factors.get_by_role("heading", name="Team", level=3)).to_be_visible()
    expect(factors).to_contain_text("The team had three vacant posts.")
    expect(factors).to_contain_text("Supports good practice")
    shot(page, "06-episode")

    # Stage 4: a finding linked to that episode.
    review_tab(page, "Findings")
    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("Finding statement").fill(
        "Professionals tend to rely on a parent's account of progress."
    )
    page.get_by_role("group", name="Key practice episodes where it shows").get_by_role(
        "checkbox", name=f"KPE 1: {KPE_TITLE}"
    ).check()
    page.get_by_role("button", name="Save").click()
    statement = re.compile("rely on a parent's account")
    expect(page.get_by_role("heading", name=statement, level=1)).to_be_visible()
    manifest = page.get_by_role("region", name="How did the issue manifest in this case?")
    expect(manifest.get_by_role("link", name=f"KPE 1: {KPE_TITLE}", exact=True)).to_be_visible()

    # Back on the overview, the stepper has moved on.
    review_tab(page, "Overview")
    expect(page.get_by_role("heading", name=REVIEW_TITLE, level=1)).to_be_visible()
    expect(gaps(page, "data_collection").filter(has_text="No case group members")).to_have_count(0)
    expect(gaps(page, "analysis").filter(has_text="No key practice episodes yet")).to_have_count(0)
    expect(gaps(page, "findings").filter(has_text="No findings yet")).to_have_count(0)
    expect(stepper.locator("li.gap", has_text="No findings yet")).to_have_count(0)

    # … and names what the new records still need.
    expect(gaps(page, "data_collection")).to_contain_text(
        ["1 case group member has no conversation recorded (Social Worker 1)"]
    )
    expect(gaps(page, "analysis")).to_contain_text(["KPE 1 has no appraisal of practice"])
    expect(gaps(page, "analysis").filter(has_text="no contributory factors")).to_have_count(0)
    expect(gaps(page, "findings")).to_contain_text(["Finding 1 has no Board questions"])
    expect(gaps(page, "findings").filter(has_text="is linked to no KPE")).to_have_count(0)
    expect(stage(page, "data_collection")).to_contain_text("1 case group member")
    expect(stage(page, "analysis")).to_contain_text("1 key practice episode")
    expect(stage(page, "findings")).to_contain_text("1 finding")
    for key in ("data_collection", "analysis", "findings"):
        expect(stage(page, key)).to_have_class(re.compile(r"stepper__stage--missing"))

    # A gap is a link to the page that fills it.
    gaps(page, "findings").get_by_role("link", name="Finding 1 has no Board questions").click()
    expect(page.get_by_role("heading", name="Edit Finding 1", level=1)).to_be_visible()
    questions = page.get_by_role("group", name="Questions for the Board")
    questions.get_by_label("Question for the Board").fill("How will the Board know?")
    questions.get_by_role("button", name="Add another question").click()
    questions = page.get_by_role("group", name="Questions for the Board")
    expect(questions.get_by_label("Question for the Board").first).to_have_value(
        "How will the Board know?"
    )
    questions.get_by_role("group", name="Question 2").get_by_label("Question for the Board").fill(
        "Who checks supervision?"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Who checks supervision?")).to_be_visible()
    review_tab(page, "Overview")
    expect(gaps(page, "findings").filter(has_text="no Board questions")).to_have_count(0)
    shot(page, "07-overview-after")


def test_a_refused_form_keeps_what_was_typed(page: Page, live_server, shot):
    sign_in_as(page, live_server.lead)
    page.get_by_role("link", name="Start a review").click()
    summary = "Typed before the mistake, and still here after it."
    page.get_by_label("Title", exact=True).fill("")
    page.get_by_label("Pseudonym of the subject").fill("Adult Q")
    page.get_by_label("The case in brief").fill(summary)
    page.get_by_label("Date commissioned").fill("2024-02-29")
    page.get_by_role("button", name="Save").click()

    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(alert.get_by_role("link", name=re.compile(r"^Title: "))).to_be_visible()
    # No board is pre-chosen for a lead reviewer without one: choosing is deliberate.
    expect(alert.get_by_role("link", name=re.compile(r"^Commissioning board: "))).to_be_visible()
    expect(alert).to_be_focused()  # static/js/app.js moves focus to the summary
    expect(page).to_have_title(re.compile(r"^Error: "))
    title = page.get_by_label("Title", exact=True)
    expect(title).to_have_value("")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Pseudonym of the subject")).to_have_value("Adult Q")
    expect(page.get_by_label("The case in brief")).to_have_value(summary)
    expect(page.get_by_label("Date commissioned")).to_have_value("2024-02-29")
    shot(page, "error-summary")

    # Putting it right saves the review with everything typed the first time.
    title.fill("Adult Q: a second attempt")
    page.get_by_label("Commissioning board").select_option(
        label="Eastmere Safeguarding Adults Board"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Adult Q: a second attempt", level=1)).to_be_visible()
    review_tab(page, "Preparation")
    expect(page.get_by_role("main")).to_contain_text(summary)


@pytest.mark.parametrize("where", ["sign-in page", "reviews page"])
def test_first_tab_reaches_the_skip_link(page: Page, live_server, shot, where):
    if where == "reviews page":
        sign_in_as(page, live_server.lead)
        page.goto("/reviews/")
    else:
        page.goto("/auth/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    shot(page, "skip-link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
