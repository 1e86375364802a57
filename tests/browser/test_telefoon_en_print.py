"""Phone width, paper and long pages, in a real browser (issue 11, parts 4 and 5).

At 390x844 no main page is wider than the window, the header is compact with a menu button that
opens and closes the navigation (and without JavaScript the menu is simply open), and the
triagelijst keeps nummer, urgentie, termijn and Oppakken in view. Printing the dossier leaves out
navigation, buttons and forms but keeps its content. After an action on the 4 000+ px dossier the
confirmation shows in the section that changed, as a live region, in view; the table of contents
stays in view while scrolling. The favicon exists and every page links it.

The page measurements (width and header height per page) go to
test-artifacts/telefoon-en-print.txt and a PDF of the printed dossier next to it, for review.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from diensten.keuzes import DienstStatus
from diensten.selectors import diensten_voor
from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from meldingen.selectors import meldingen_voor
from tests.browser.helpers import inloggen, nieuwe_pagina, schermafdruk
from tests.factories import MedewerkerFactory, MeldingFactory, TeamFactory
from veiligthuis.models import Medewerker

pytestmark = pytest.mark.browser

TELEFOON = {"width": 390, "height": 844}
BREED = {"width": 1366, "height": 768}
# Demo banner plus closed header: the issue measured 250-300 px before the menu button.
MAX_KOPHOOGTE = 120
DEMO_WACHTWOORD = "veiligthuis-demo"
WACHTWOORD = "geheim-wachtwoord-123"
ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-artifacts"
S = MeldingStatus


def _pagina(browser: Browser, base_url: str, venster: dict, *, js: bool = True) -> Page:
    """A page in a fresh context (own cookies); the caller closes `page.context`."""
    return nieuwe_pagina(browser, base_url, venster, java_script_enabled=js)


def _breedte(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _kophoogte(page: Page) -> float:
    """Everything above the content: the demo banner and the header."""
    return page.evaluate("document.querySelector('main').getBoundingClientRect().top")


def _niet_bedekt(page: Page, selector: str) -> bool:
    """The element's centre is in the window and not under something else (a sticky bar)."""
    return page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            const vak = el.getBoundingClientRect();
            const x = vak.left + vak.width / 2, y = vak.top + Math.min(vak.height / 2, 10);
            if (y < 0 || y > window.innerHeight) return false;
            const bovenop = document.elementFromPoint(x, y);
            return bovenop !== null && (el === bovenop || el.contains(bovenop));
        }""",
        selector,
    )


def _naar_beneden(page: Page) -> None:
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function(
        "Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight"
    )


# --- demo data ------------------------------------------------------------------------------------


@pytest.fixture
def demo(transactional_db):
    call_command("demo_data", meldingen=300, adviezen=100, stdout=io.StringIO())


def _eerste(queryset, **filters):
    return queryset.filter(**filters).order_by("pk").first()


def _lang_dossier(onderzoeker: Medewerker) -> Melding:
    """An open dossier of the onderzoeker's team with the longest journal: a long page."""
    return (
        meldingen_voor(gebruiker=onderzoeker)
        .filter(team=onderzoeker.team, geanonimiseerd_op__isnull=True)
        .exclude(status__in=[S.AFGESLOTEN, S.DOORGESTUURD])
        .annotate(regels=Count("journaal"))
        .order_by("-regels", "pk")
        .first()
    )


def _paginas_per_rol() -> dict[str, list[tuple[str, str]]]:
    """(name, path) of the main pages, per demo role that opens them."""
    onderzoeker = Medewerker.objects.get(username="onderzoeker")
    meldingen = meldingen_voor(gebruiker=onderzoeker)
    eigen_b = meldingen.filter(
        Q(beoordelaar_1=onderzoeker) | Q(beoordelaar_2=onderzoeker), status=S.IN_BEOORDELING
    )
    in_beoordeling = eigen_b.order_by("pk").first()
    dienst = _eerste(diensten_voor(gebruiker=onderzoeker), status=DienstStatus.LOPEND) or _eerste(
        diensten_voor(gebruiker=onderzoeker)
    )
    assert in_beoordeling and dienst, "de demo heeft een melding in B en een dienst"
    return {
        "onderzoeker": [
            ("start", "/"),
            ("nieuwe melding", "/meldingen/nieuw/"),
            ("adviezen", "/adviezen/"),
            ("screening", "/screening/"),
            ("triagelijst", "/triagelijst/"),
            ("dossier", f"/meldingen/{_lang_dossier(onderzoeker).nummer}/"),
            ("beoordeling", f"/meldingen/{in_beoordeling.nummer}/beoordeling/"),
            ("besluit", f"/meldingen/{in_beoordeling.nummer}/besluit/"),
            ("diensten", "/diensten/"),
            ("dienst", f"/diensten/{dienst.pk}/"),
            ("notificaties", "/notificaties/"),
        ],
        "werkbegeleider": [
            ("start", "/"),
            ("werkbegeleider", "/werkbegeleider/"),
            ("triagelijst organisatie", "/triagelijst/organisatie/"),
            ("notificaties", "/notificaties/"),
            ("rapportages", "/rapportages/"),
            ("wachtlijstrapportage", "/rapportages/wachtlijst/"),
            ("kwartaalrapportage", "/rapportages/kwartaal/"),
        ],
        "directie": [("start", "/"), ("directie", "/directie/"), ("rapportages", "/rapportages/")],
    }


def test_geen_pagina_breder_dan_een_telefoon(browser, live_server, demo):
    """No horizontal scroll at 390 px on any main page; the header stays compact; no 404s."""
    metingen: list[tuple[str, str, str, int, float]] = []
    te_breed, te_hoog, ontbreekt = [], [], []
    for rol, paginas in _paginas_per_rol().items():
        page = _pagina(browser, live_server.url, TELEFOON)
        page.on("response", lambda r: ontbreekt.append(r.url) if r.status == 404 else None)
        try:
            inloggen(page, rol, DEMO_WACHTWOORD)
            for naam, pad in paginas:
                antwoord = page.goto(pad)
                assert antwoord is not None and antwoord.ok, (
                    rol,
                    pad,
                    antwoord and antwoord.status,
                )
                breedte, hoogte = _breedte(page), _kophoogte(page)
                metingen.append((rol, naam, pad, breedte, hoogte))
                if breedte > TELEFOON["width"]:
                    te_breed.append(f"{rol} {pad}: {breedte}px")
                if hoogte > MAX_KOPHOOGTE:
                    te_hoog.append(f"{rol} {pad}: {hoogte}px")
                if naam in ("start", "triagelijst"):
                    schermafdruk(page, f"telefoon-{rol}-{naam.replace(' ', '-')}")
        finally:
            page.context.close()

    ARTEFACTEN.mkdir(exist_ok=True)
    regels = [f"venster {TELEFOON['width']}x{TELEFOON['height']}: paginabreedte en kophoogte", ""]
    regels += [f"{r:15} {n:24} {b:5}px  kop {h:5.0f}px  {p}" for r, n, p, b, h in metingen]
    (ARTEFACTEN / "telefoon-en-print.txt").write_text("\n".join(regels) + "\n")

    assert not te_breed, "breder dan het venster:\n" + "\n".join(te_breed)
    assert not te_hoog, f"kop hoger dan {MAX_KOPHOOGTE}px:\n" + "\n".join(te_hoog)
    assert not ontbreekt, "404 tijdens het laden:\n" + "\n".join(sorted(set(ontbreekt)))


# --- header menu (factories: no demo needed) ------------------------------------------------------


@pytest.fixture
def team(transactional_db):
    return TeamFactory(naam="Haaglanden Centrum")


@pytest.fixture
def fatima(team):
    return MedewerkerFactory(
        username="fatima", first_name="Fatima", last_name="El Amrani", team=team
    )


def test_menuknop_opent_en_sluit_het_menu(browser, live_server, fatima):
    page = _pagina(browser, live_server.url, TELEFOON)
    try:
        inloggen(page, "fatima")
        knop = page.get_by_role("button", name="Menu")
        hoofdmenu = page.get_by_role("navigation", name="Hoofdmenu")
        kop = page.locator("header .gebruiker")

        expect(knop).to_be_visible()
        expect(knop).to_have_attribute("aria-expanded", "false")
        expect(knop).to_have_attribute("aria-controls", "hoofdmenu")
        expect(hoofdmenu).to_be_hidden()
        assert _kophoogte(page) <= MAX_KOPHOOGTE

        knop.click()
        expect(knop).to_have_attribute("aria-expanded", "true")
        expect(hoofdmenu.get_by_role("link", name="Triagelijst")).to_be_visible()
        # Who is logged in, in which team and role, and logging out: all in the open menu.
        expect(kop).to_contain_text("Fatima El Amrani")
        expect(kop).to_contain_text("Haaglanden Centrum · Onderzoeker")
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        assert _breedte(page) <= TELEFOON["width"]

        knop.click()
        expect(knop).to_have_attribute("aria-expanded", "false")
        expect(hoofdmenu).to_be_hidden()

        # Escape closes the open menu and puts focus back on the button.
        knop.click()
        hoofdmenu.get_by_role("link", name="Diensten").focus()
        page.keyboard.press("Escape")
        expect(hoofdmenu).to_be_hidden()
        expect(knop).to_be_focused()

        knop.click()
        hoofdmenu.get_by_role("link", name="Triagelijst").click()
        expect(page).to_have_url(re.compile(r"/triagelijst/$"))
        expect(hoofdmenu).to_be_hidden()

        # On a wide screen there is no button: the navigation is always shown.
        page.set_viewport_size(BREED)
        expect(knop).to_be_hidden()
        expect(hoofdmenu.get_by_role("link", name="Triagelijst")).to_be_visible()
    finally:
        page.context.close()


def test_zonder_javascript_is_het_menu_gewoon_open(browser, live_server, fatima):
    page = _pagina(browser, live_server.url, TELEFOON, js=False)
    try:
        inloggen(page, "fatima")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(
            page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Diensten")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        assert _breedte(page) <= TELEFOON["width"]
    finally:
        page.context.close()


# --- triagelijst ----------------------------------------------------------------------------------


def _in_beeld_horizontaal(locator, breedte: int) -> None:
    expect(locator).to_be_visible()
    vak = locator.bounding_box()
    assert vak is not None and vak["x"] >= 0 and vak["x"] + vak["width"] <= breedte, vak


def test_triagelijst_op_een_telefoon(browser, live_server, fatima, team):
    meldingen = [MeldingFactory(team=team, op_triagelijst=True) for _ in range(3)]
    page = _pagina(browser, live_server.url, TELEFOON)
    try:
        inloggen(page, "fatima")
        page.goto("/triagelijst/")
        assert _breedte(page) <= TELEFOON["width"]
        for melding in meldingen:
            rij = page.get_by_test_id(f"rij-{melding.nummer}")
            _in_beeld_horizontaal(rij.get_by_role("link", name=melding.nummer, exact=True), 390)
            # Urgentie stands under the number (its own column is left out on a phone).
            _in_beeld_horizontaal(rij.locator(".vt-urgentie").locator("visible=true"), 390)
            _in_beeld_horizontaal(rij.get_by_test_id("termijn"), 390)
            _in_beeld_horizontaal(rij.get_by_role("link", name=f"Oppakken {melding.nummer}"), 390)
            # The waiting time moves under the number instead of disappearing.
            expect(rij).to_contain_text(re.compile(r"werkdag(en)? wachtend"))
        tabel = page.locator(".vt-tabel-scroll")
        assert tabel.evaluate("el => el.scrollWidth <= el.clientWidth"), "de tabel past"
        expect(page.get_by_role("columnheader", name="Gemeente")).to_be_hidden()
        schermafdruk(page, "telefoon-triagelijst-factories")

        # At desktop width every column is there again, without the phone summary.
        page.set_viewport_size(BREED)
        for kolom in (
            "Ontvangen",
            "Werkdagen wachtend",
            "Urgentie",
            "Laatste activiteit",
            "Gemeente",
        ):
            expect(page.get_by_role("columnheader", name=kolom)).to_be_visible()
        rij = page.get_by_test_id(f"rij-{meldingen[0].nummer}")
        expect(rij.get_by_test_id("wachtend")).to_be_visible()
        expect(rij.get_by_text(re.compile(r"werkdag(en)? wachtend"))).to_be_hidden()
    finally:
        page.context.close()


# --- the dossier: paper, confirmations, table of contents ------------------------------------------

DOSSIER_SECTIES = (
    "overzicht",
    "betrokkenen",
    "verrijking",
    "radar",
    "activiteiten",
    "consulten",
    "journaal",
    "geschiedenis",
)


def _zichtbaar_interactief(page: Page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
                'nav, form, button, input, select, textarea, summary, a.knop'))
            .filter(el => el.checkVisibility())
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + ' ' + (el.textContent || '').trim().slice(0, 40))"""
    )


def test_dossier_afdrukken_toont_de_inhoud_zonder_menu_en_formulieren(page, live_server, demo):
    melding = _lang_dossier(Medewerker.objects.get(username="onderzoeker"))
    inloggen(page, "onderzoeker", DEMO_WACHTWOORD)
    page.goto(f"/meldingen/{melding.nummer}/")
    expect(page.locator("#journaal form")).to_be_visible()  # on screen the forms are there

    page.emulate_media(media="print")
    assert _zichtbaar_interactief(page) == []
    expect(page.locator("header.kop")).to_be_hidden()
    expect(page.locator("#acties")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding {melding.nummer}")
    for sectie in DOSSIER_SECTIES:
        expect(page.locator(f"#{sectie}")).to_be_visible()
        expect(page.locator(f"#{sectie} h2")).to_be_visible()
    expect(page.locator("table.termijnen")).to_be_visible()
    eerste_regel = melding.journaal.order_by("-geschreven_op").first()
    expect(page.locator("#journaal .journaalregel").first).to_contain_text(
        eerste_regel.tekst.splitlines()[0][:40]
    )
    ARTEFACTEN.mkdir(exist_ok=True)
    page.pdf(path=str(ARTEFACTEN / "dossier-afgedrukt.pdf"), format="A4")


def test_bevestiging_staat_in_de_sectie_die_veranderde(browser, live_server, demo):
    melding = _lang_dossier(Medewerker.objects.get(username="onderzoeker"))
    page = _pagina(browser, live_server.url, TELEFOON)
    try:
        inloggen(page, "onderzoeker", DEMO_WACHTWOORD)
        page.goto(f"/meldingen/{melding.nummer}/")
        assert page.evaluate("document.documentElement.scrollHeight") > 4000, "een lang dossier"

        # htmx: a journaalregel. Only the section changes; its live region says what happened.
        journaal = page.locator("#journaal")
        journaal.get_by_label("Feit").check()
        journaal.get_by_label("Bron").fill("Telefoontje met de school")
        journaal.get_by_label("Tekst").fill("Mentor bevestigt dat Noor vandaag op school was.")
        knop = journaal.get_by_role("button", name="Toevoegen aan het journaal")
        # The button high in the window, the top of the section (where the message goes) above it.
        knop.evaluate("el => { el.scrollIntoView({block: 'center'}); window.scrollBy(0, 300); }")
        expect(journaal.get_by_role("heading", name="Journaal", exact=True)).not_to_be_in_viewport()
        knop.click()

        status = journaal.get_by_role("status")
        expect(status).to_have_text("De journaalregel is toegevoegd.")
        expect(status).to_be_in_viewport()
        assert _niet_bedekt(page, "#journaal-bericht"), "niet onder de inhoudsbalk"
        expect(journaal.locator(".journaalregel").first).to_contain_text("Noor vandaag op school")
        expect(page).to_have_url(re.compile(rf"/meldingen/{melding.nummer}/$"))  # no reload
        expect(page.locator("main > .berichten")).to_have_count(0)
        # The button the user pressed was swapped too; focus is on the new one.
        expect(journaal.get_by_role("button", name="Toevoegen aan het journaal")).to_be_focused()

        # Plain POST and redirect (no htmx on this form): the page opens at the section and the
        # confirmation is there, not at the top of a page several thousand pixels tall.
        activiteiten = page.locator("#activiteiten")
        activiteiten.get_by_label("Soort activiteit").select_option(label="Gesprek")
        moment = timezone.localtime() - timedelta(hours=1)
        activiteiten.get_by_label("Datum en tijd").fill(moment.strftime("%Y-%m-%dT%H:%M"))
        activiteiten.get_by_label("Met wie").fill("Moeder")
        activiteiten.get_by_role("button", name="Activiteit vastleggen").click()
        expect(page).to_have_url(re.compile(r"#activiteiten$"))
        status = activiteiten.get_by_role("status")
        expect(status).to_have_text("De activiteit is vastgelegd.")
        expect(status).to_be_in_viewport()
        assert _niet_bedekt(page, "#activiteiten-bericht"), "niet onder de inhoudsbalk"
        expect(page.locator("main > .berichten")).to_have_count(0)
    finally:
        page.context.close()


def test_inhoud_blijft_in_beeld(browser, live_server, demo):
    melding = _lang_dossier(Medewerker.objects.get(username="onderzoeker"))
    pad = f"/meldingen/{melding.nummer}/"
    inhoud_selector = "nav.dossier-inhoud"

    # Desktop: beside the sections, the whole list stays in view.
    page = _pagina(browser, live_server.url, BREED)
    try:
        inloggen(page, "onderzoeker", DEMO_WACHTWOORD)
        page.goto(pad)
        inhoud = page.get_by_role("navigation", name="Inhoud")
        _naar_beneden(page)
        expect(inhoud).to_be_in_viewport(ratio=1)
        expect(inhoud.get_by_role("link", name="Overzicht")).to_be_in_viewport()
        inhoud.get_by_role("link", name="Journaal").click()
        expect(page.locator("#journaal h2")).to_be_in_viewport()
    finally:
        page.context.close()

    # Phone: a closed bar at the top of the window that opens, jumps and closes again.
    page = _pagina(browser, live_server.url, TELEFOON)
    try:
        inloggen(page, "onderzoeker", DEMO_WACHTWOORD)
        page.goto(pad)
        inhoud = page.get_by_role("navigation", name="Inhoud")
        expect(inhoud.get_by_role("link", name="Journaal")).to_be_hidden()
        _naar_beneden(page)
        expect(inhoud).to_be_in_viewport(ratio=1)
        assert inhoud.bounding_box()["height"] < 60, "dicht is het een smalle balk"
        inhoud.get_by_text("Inhoud", exact=True).click()
        inhoud.get_by_role("link", name="Overzicht").click()
        expect(inhoud.get_by_role("link", name="Journaal")).to_be_hidden()
        assert _niet_bedekt(page, "#overzicht h2"), "de kop staat niet onder de balk"
        assert _niet_bedekt(page, inhoud_selector)
        # Escape folds the open list away again and leaves focus on "Inhoud".
        inhoud.get_by_text("Inhoud", exact=True).click()
        inhoud.get_by_role("link", name="Radar").focus()
        page.keyboard.press("Escape")
        expect(inhoud.get_by_role("link", name="Radar")).to_be_hidden()
        expect(inhoud.get_by_text("Inhoud", exact=True)).to_be_focused()
    finally:
        page.context.close()

    # Phone without JavaScript: the same <details> bar, still in view at the bottom of the page.
    page = _pagina(browser, live_server.url, TELEFOON, js=False)
    try:
        inloggen(page, "onderzoeker", DEMO_WACHTWOORD)
        page.goto(pad)
        inhoud = page.get_by_role("navigation", name="Inhoud")
        _naar_beneden(page)
        expect(inhoud).to_be_in_viewport(ratio=1)
        inhoud.get_by_text("Inhoud", exact=True).click()
        expect(inhoud.get_by_role("link", name="Statusgeschiedenis")).to_be_visible()
    finally:
        page.context.close()


# --- favicon --------------------------------------------------------------------------------------


def test_favicon_bestaat_en_elke_pagina_linkt_hem(page, fatima):
    page.goto("/inloggen/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href == "/static/favicon.svg"
    antwoord = page.request.get(href)
    assert antwoord.status == 200
    assert antwoord.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in antwoord.text()
    inloggen(page, "fatima")
    expect(page.locator("link[rel=icon]")).to_have_attribute("href", "/static/favicon.svg")
