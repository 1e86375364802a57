"""Playwright in the Debian chromium package, against pytest-django's live server.

Sync Playwright keeps an asyncio loop running in the main thread while the browser is open, so
Django's guard against database access from async code would refuse the test's own ORM calls;
the tests run strictly one request at a time, which makes switching that guard off safe here.
"""

import os
import shutil

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=nl-NL",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session. Missing chromium fails in CI, skips locally."""
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium ontbreekt in CI: installeer het Debian-pakket 'chromium'.")
        pytest.skip(
            "chromium is niet geïnstalleerd (apt-get install chromium); browsertests overgeslagen."
        )

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh context (no cookies) and page per test, with relative URLs on the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
