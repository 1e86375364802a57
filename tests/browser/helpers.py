"""Shared steps of the browser tests: logging in, extra browser contexts, layout checks and
screenshots for review."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

WACHTWOORD = "geheim-wachtwoord-123"
HOME_URL = re.compile(r"^http://[^/]+/$")
VENSTERBREEDTE = 1366
SCHERMAFDRUKKEN = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def nieuwe_context(
    browser: Browser, base_url: str, venster: dict | None = None, *, timeout: int = 10_000, **opties
) -> BrowserContext:
    """A fresh context (own cookies) set up like the `page` fixture of conftest.py; `opties` go
    to Playwright (e.g. `java_script_enabled=False`, `bypass_csp=True`). The caller closes it."""
    context = browser.new_context(
        base_url=base_url,
        viewport=venster or {"width": VENSTERBREEDTE, "height": 768},
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        **opties,
    )
    context.set_default_timeout(timeout)
    return context


def nieuwe_pagina(browser: Browser, base_url: str, venster: dict | None = None, **opties) -> Page:
    """A page in a fresh context (see `nieuwe_context`); the caller closes `page.context`."""
    return nieuwe_context(browser, base_url, venster, **opties).new_page()


def inloggen(page: Page, gebruikersnaam: str, wachtwoord: str = WACHTWOORD) -> None:
    """Log in through the real login form and wait for the home page."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(HOME_URL)


def geen_horizontale_scrollbalk(page: Page) -> None:
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= VENSTERBREEDTE, (
        f"pagina {page.url} is {breedte}px breed bij een venster van {VENSTERBREEDTE}px"
    )


def schermafdruk(page: Page, naam: str) -> Path:
    """A full-page PNG in test-artifacts/screenshots/ (git-ignored), for a human to review."""
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    pad = SCHERMAFDRUKKEN / f"{naam}.png"
    page.screenshot(path=str(pad), full_page=True)
    return pad
