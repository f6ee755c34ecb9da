"""Steps the browser tests share."""

from playwright.sync_api import Page, expect


def sign_in_as(page: Page, login) -> None:
    """Sign in through the real form (CSRF and all) and land on the reviews list."""
    page.goto("/auth/login")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    page.get_by_label("Email address").fill(login.email)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()
