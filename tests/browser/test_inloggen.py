"""Logging in and out in a real browser, including keyboard use and the layout at 1366x768."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import MedewerkerFactory, MeldingFactory, TeamFactory

pytestmark = pytest.mark.browser

WACHTWOORD = "geheim-wachtwoord-123"
LOGIN_URL = re.compile(r"/inloggen/(\?next=/)?$")
HOME_URL = re.compile(r"^http://[^/]+/$")


@pytest.fixture
def team(transactional_db):
    return TeamFactory(naam="Haaglanden Centrum")


@pytest.fixture
def fatima(team):
    return MedewerkerFactory(
        username="fatima",
        first_name="Fatima",
        last_name="El Amrani",
        team=team,
        rollen=["onderzoeker"],
    )


def _inloggen(page, gebruikersnaam: str, wachtwoord: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()


def _geen_horizontale_scrollbalk(page) -> None:
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 1366, f"pagina is {breedte}px breed bij een venster van 1366px"


def test_anoniem_naar_inlogpagina(page):
    page.goto("/")

    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    _geen_horizontale_scrollbalk(page)


def test_verkeerd_wachtwoord(page, fatima):
    _inloggen(page, "fatima", "fout-wachtwoord")

    expect(page.get_by_role("alert")).to_have_text(
        "Gebruikersnaam of wachtwoord onjuist. Probeer het opnieuw."
    )
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("fatima")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)


def test_inloggen_toont_naam_team_rol_en_teamcijfers(page, fatima, team):
    MeldingFactory.create_batch(2, team=team)
    MeldingFactory(team=team, op_triagelijst=True)
    MeldingFactory(team=TeamFactory(naam="Zoetermeer"))  # another team's: not counted

    _inloggen(page, "fatima", WACHTWOORD)

    expect(page).to_have_url(HOME_URL)
    kop = page.locator("header .gebruiker")
    expect(kop).to_contain_text("Fatima El Amrani")
    expect(kop).to_contain_text("Haaglanden Centrum")
    expect(kop).to_contain_text("Onderzoeker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")
    cijfers = page.get_by_role("region", name=re.compile("Haaglanden Centrum"))
    expect(cijfers).to_be_visible()
    expect(cijfers.get_by_test_id("ontvangen")).to_have_text("2")
    expect(cijfers.get_by_test_id("op-triagelijst")).to_have_text("1")
    expect(cijfers.get_by_test_id("in-beoordeling")).to_have_text("0")
    expect(cijfers.get_by_test_id("overschreden")).to_have_text("0")
    expect(page.get_by_text("U heeft geen meldingen in beoordeling.")).to_be_visible()
    _geen_horizontale_scrollbalk(page)


def test_uitloggen_terug_naar_inlogpagina(page, fatima):
    _inloggen(page, "fatima", WACHTWOORD)
    expect(page).to_have_url(HOME_URL)

    page.get_by_role("button", name="Uitloggen").click()

    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)


def test_inloggen_met_alleen_het_toetsenbord(page, fatima):
    page.goto("/")
    gebruikersnaam = page.get_by_label("Gebruikersnaam")
    wachtwoord = page.get_by_label("Wachtwoord")
    knop = page.get_by_role("button", name="Inloggen")

    expect(gebruikersnaam).to_be_focused()
    page.keyboard.type("fatima")
    page.keyboard.press("Tab")
    expect(wachtwoord).to_be_focused()
    page.keyboard.type(WACHTWOORD)
    page.keyboard.press("Tab")
    expect(knop).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(wachtwoord).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(HOME_URL)
    expect(page.locator("header .gebruiker")).to_contain_text("Fatima El Amrani")


def _csp_fouten(page) -> list[str]:
    """Collect what the browser refuses under the Content-Security-Policy."""
    fouten: list[str] = []
    page.on(
        "console",
        lambda bericht: (
            fouten.append(bericht.text)
            if bericht.type == "error" and "Content Security Policy" in bericht.text
            else None
        ),
    )
    return fouten


def test_inloggen_met_app_instellen_en_herstelcode(page, fatima, settings):
    from base64 import b32decode

    from django_otp.oath import totp

    from veiligthuis.inloggen.services import activeringscode_uitgeven

    settings.VT_2FA_VERPLICHT = True
    fouten = _csp_fouten(page)
    beheer = MedewerkerFactory(username="beheer", team=None, rollen=["beheer"])
    _activering, activeringscode = activeringscode_uitgeven(medewerker_id=fatima.pk, door=beheer)

    _inloggen(page, "fatima", WACHTWOORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.locator("svg.qr")).to_have_count(0)
    page.get_by_label("Activeringscode").fill("FOUT-FOUT-FOUT")
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("alert")).to_have_text("Deze activeringscode klopt niet.")
    page.get_by_label("Activeringscode").fill(activeringscode)
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.locator("svg.qr")).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)
    geheim = page.get_by_test_id("geheim").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(f"{totp(b32decode(geheim)):06d}")
    page.get_by_role("button", name="Instellen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie is ingesteld")
    herstelcode = page.get_by_role("list", name="Herstelcodes").get_by_role("listitem").first
    code = herstelcode.inner_text()
    page.get_by_role("link", name=re.compile("verder")).click()
    expect(page).to_have_url(HOME_URL)
    expect(page.get_by_test_id("demobanner")).to_have_count(0)

    page.get_by_role("button", name="Uitloggen").click()
    _inloggen(page, "fatima", WACHTWOORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(HOME_URL)
    expect(page.locator("header .gebruiker")).to_contain_text("Fatima El Amrani")
    assert fouten == []


def test_geen_csp_schendingen_en_api_documentatie_werkt(page, fatima):
    fouten = _csp_fouten(page)
    _inloggen(page, "fatima", WACHTWOORD)
    expect(page.get_by_test_id("demobanner")).to_contain_text("Demo — geen 2FA")
    page.goto("/triagelijst/")
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Veilig Thuis")
    assert fouten == []
