"""axe-core on every kind of page of the demo, as each role, at desktop and phone width.

Each role signs in and walks the site from the reviews list, following its links (never a
download, a sign-out or a form). Pages that differ only in their record ids count as one kind;
one of each kind is checked. axe-core is the copy bundled in axe-playwright-python, so
nothing comes from the internet. The violations found are written to
tests/artefacts/axe/<role>.json (empty when all is well) and must be none; at phone width
(390 px) no page may be wider than the screen. Screenshots of the first pages at each width
(and of /board) go beside them.
"""

import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from .helpers import sign_in_as

ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts" / "axe"
SKIP = re.compile(r"(\.docx|\.png|\.csv|\.ico|/static/|/auth/logout|draft=1|/api/)")
PER_KIND = 1
MAX_PAGES = 45
ROLES = ["Admin", "Lead reviewer", "Team member", "Board member", "Practitioner"]
PHONE = {"width": 390, "height": 844}


def kind_of(path: str) -> str:
    """/reviews/3/episodes/12 and /reviews/4/episodes/7 are the same kind of page."""
    return re.sub(r"\d+", "{id}", path.split("?")[0])


def crawl(page, start: str, origin: str) -> list[str]:
    """Same-site pages reachable by links from `start`, at most PER_KIND of each kind."""
    seen_kinds: dict[str, int] = {}
    queue, visited, pages = deque([start]), set(), []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        if path in visited or SKIP.search(path):
            continue
        visited.add(path)
        kind = kind_of(path)
        if seen_kinds.get(kind, 0) >= PER_KIND:
            continue
        response = page.goto(path)
        if (
            response is None
            or response.status != 200
            or "text/html" not in (response.headers.get("content-type", ""))
        ):
            continue
        seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
        pages.append(path)
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in links:
            target = urljoin(page.url, href.split("#")[0])
            if target.startswith(origin):
                queue.append(target)
    return pages


def violations(page, axe: Axe) -> list[dict]:
    results = axe.run(page)
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results.response["violations"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_nothing_on_any_page_as_each_role(browser, live_server, role):
    login = live_server.login_for(role)
    name = role.lower().replace(" ", "-")
    axe = Axe()
    found: dict[str, dict[str, list]] = {}
    for width, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
        page = context.new_page()
        try:
            sign_in_as(page, login)
            urls = crawl(page, f"{live_server.url}/reviews/", live_server.url)
            assert len(urls) >= 5, f"{role}: only {urls} reachable"
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            for n, url in enumerate(urls):
                page.goto(url)
                if n < 4 or url.startswith("/board"):  # a look at the layout at this width
                    slug = re.sub(r"[^\w]+", "-", url).strip("-") or "home"
                    page.screenshot(path=ARTEFACTS / f"{name}-{width}-{slug}.png", full_page=True)
                if width == "phone":
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    if wide > PHONE["width"]:
                        found.setdefault(width, {}).setdefault(url, []).append(
                            {"rule": "sideways-scroll", "impact": "serious",
                             "help": f"the page is {wide} px wide", "targets": []}
                        )  # fmt: skip
                problems = violations(page, axe)
                if problems:
                    found.setdefault(width, {}).setdefault(url, []).extend(problems)
        finally:
            context.close()
    (ARTEFACTS / f"{name}.json").write_text(json.dumps(found, indent=2) + "\n")
    summary = sorted({(w, p["rule"], p["impact"]) for w, pages in found.items()
                      for ps in pages.values() for p in ps})  # fmt: skip
    assert not found, f"{role}: axe violations {summary}; see tests/artefacts/axe/{name}.json"
