"""The onderzoeker's day in a real browser: registering a melding, screening it, picking it up
from the triagelijst, onderdeel B and the besluit; the afwegingskader refusing a besluit, two
onderzoekers picking up the same melding at once, another team's melding never leaking, and
keyboard use and layout at 1366x768. Screenshots for review go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meldingen import afwegingskader
from meldingen.keuzes import MeldingStatus, RolInMelding
from meldingen.models import Besluit, Consult, Directbetrokkene, Melding, Statuswijziging
from meldingen.services import verrijking_overslaan
from tests.browser.helpers import (
    geen_horizontale_scrollbalk,
    inloggen,
    nieuwe_pagina,
    schermafdruk,
)
from tests.factories import (
    GemeenteFactory,
    MedewerkerFactory,
    MeldingFactory,
    PersoonFactory,
    TeamFactory,
)
from tests.meldingen.besluithulp import contact_vastleggen

pytestmark = pytest.mark.browser

S = MeldingStatus
DOSSIER_URL = re.compile(r"/meldingen/(VT-\d{4}-\d{6})/$")
SAMENVATTING = "Huisarts ziet blauwe plekken op de bovenarm van Noor; moeder oogt angstig."
BSN_NOOR = "111222333"  # passes the elfproef
VOLLEDIG_B = {
    "acute onveiligheid": "Nee",
    "structurele onveiligheid": "Nee",  # "afsluiten" fits it (meldingen.protocol)
    "disfunctioneren / multiproblematiek": "Onvoldoende bekend",
    "zorgen over de ontwikkeling": "Ja",
}
LETSEL_ONTBREEKT = (
    "afwegingskader 'Letsel: VA voor letselbeoordeling': een consult met vertrouwensarts "
    "is niet vastgelegd"
)


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def afwegingsregels(transactional_db):
    """The default kader comes from a data migration, which the transactional flush removes."""
    afwegingskader.standaardregels_aanmaken()


@pytest.fixture
def team_x(transactional_db):
    return TeamFactory(naam="Haaglanden Noord")


@pytest.fixture
def team_y(transactional_db):
    return TeamFactory(naam="Zuid-Holland Zuid")


def _onderzoeker(team, gebruikersnaam: str, voornaam: str, achternaam: str, **extra):
    return MedewerkerFactory(
        username=gebruikersnaam,
        first_name=voornaam,
        last_name=achternaam,
        team=team,
        rollen=extra.pop("rollen", ["onderzoeker"]),
        **extra,
    )


@pytest.fixture
def fatima(team_x):
    return _onderzoeker(team_x, "fatima", "Fatima", "El Amrani")


@pytest.fixture
def joris(team_x):
    return _onderzoeker(team_x, "joris", "Joris", "Jansen")


@pytest.fixture
def sanne(team_x):
    return _onderzoeker(team_x, "sanne", "Sanne", "de Vries")


@pytest.fixture
def vertrouwensarts(team_x):
    return _onderzoeker(team_x, "vera", "Vera", "Hoekstra", rollen=["vertrouwensarts"])


@pytest.fixture
def tweede_pagina(browser, live_server):
    """A second browser with its own cookies, for a second onderzoeker at the same time."""
    pagina = nieuwe_pagina(browser, live_server.url)
    yield pagina
    pagina.context.close()


def toont_bericht(page, tekst: str) -> None:
    """A success message of django.contrib.messages (role=status) with this text is shown."""
    expect(page.get_by_role("status").filter(has_text=tekst)).to_be_visible()


def _beantwoord_b(page, antwoorden: dict[str, str]) -> None:
    for vraag, antwoord in antwoorden.items():
        page.get_by_role("group", name=vraag).get_by_label(antwoord, exact=True).check()


def _b_werk_vastleggen(nummer: str) -> None:
    """What a B also holds before its besluit (meldingen.protocol): a gesprek with a
    directbetrokkene and every verrijkingstaak handled; recorded through the services here, the
    pages for them have their own tests."""
    melding = Melding.objects.get(nummer=nummer)
    contact_vastleggen(melding)
    for taak in melding.verrijkingstaken.filter(status="open"):
        verrijking_overslaan(taak_id=taak.pk, door=melding.beoordelaar_1, reden="Niet bereikbaar.")


def _besluit_invullen(page, onderbouwing: str) -> None:
    nummer = re.search(r"/meldingen/([^/]+)/besluit/", page.url).group(1)
    _b_werk_vastleggen(nummer)
    page.get_by_label("Afsluiten: geen vervolgstappen nodig").check()
    page.get_by_label("Onderbouwing").fill(onderbouwing)
    page.get_by_role("button", name="Besluit vastleggen").click()


# --- 1. the whole day -----------------------------------------------------------------------------


def test_van_registratie_tot_besluit(page, fatima, joris):
    inloggen(page, "fatima")

    # Register a melding with two directbetrokkenen, the second added with htmx.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Nieuwe melding"
    ).click()
    expect(page).to_have_url(re.compile(r"/meldingen/nieuw/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe melding")
    page.get_by_label("Kanaal").select_option(label="Telefoon")
    page.get_by_label("Hoedanigheid melder").select_option(label="Gezondheidszorg — huisarts")
    page.get_by_label("Naam melder").fill("Dokter Bakker")
    page.get_by_label("Organisatie").fill("Huisartsenpraktijk De Linde")
    page.get_by_label("Kindermishandeling — anders").check()
    page.get_by_label("Zorgen volgens de melder").fill(SAMENVATTING)

    kind = page.locator("#rij-0")
    kind.get_by_label("Rol in de melding").select_option(label="Kind in het gezin")
    kind.get_by_label("Voornamen").fill("Noor")
    kind.get_by_label("Achternaam").fill("Visser")
    kind.get_by_label("Geboortedatum").fill("2016-03-14")
    kind.get_by_label("BSN").fill(BSN_NOOR)

    page.get_by_role("button", name="Directbetrokkene toevoegen").click()
    vader = page.locator("#rij-1")
    expect(vader).to_be_visible()
    expect(page.locator("[data-rij]")).to_have_count(2)
    vader.get_by_label("Rol in de melding").select_option(label="Vermoedelijke pleger")
    vader.get_by_label("Voornamen").fill("Mark")
    vader.get_by_label("Achternaam").fill("Visser")
    schermafdruk(page, "melding-nieuw")

    page.get_by_role("button", name="Melding registreren").click()

    expect(page).to_have_url(DOSSIER_URL)
    nummer = DOSSIER_URL.search(page.url).group(1)
    toont_bericht(page, f"Melding {nummer} is geregistreerd.")
    expect(page.get_by_test_id("status")).to_have_text("Ontvangen")
    betrokkenen = page.locator("#betrokkenen")
    expect(betrokkenen).to_contain_text("Noor Visser")
    expect(betrokkenen).to_contain_text("Mark Visser")
    expect(betrokkenen).to_contain_text(BSN_NOOR)
    melding = Melding.objects.get(nummer=nummer)
    assert melding.team_id == fatima.team_id and melding.status == S.ONTVANGEN
    assert sorted(
        (str(d.persoon), d.rol, d.persoon.bsn)
        for d in Directbetrokkene.objects.filter(melding=melding).select_related("persoon")
    ) == [
        ("Mark Visser", RolInMelding.PLEGER, None),
        ("Noor Visser", RolInMelding.KIND, BSN_NOOR),
    ]

    # Screening A: niet acuut, urgentie hoog.
    page.locator("#acties").get_by_role("link", name="Screenen", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/meldingen/{nummer}/screenen/$"))
    page.get_by_label("Niet acuut: naar de triagelijst").check()
    page.get_by_label("Toelichting").fill("Geen direct gevaar; kind is op school gezien.")
    page.get_by_label("Urgentie op de triagelijst").select_option(label="Hoog")
    page.get_by_role("button", name="Screening vastleggen").click()
    toont_bericht(page, f"Melding {nummer} staat op de triagelijst met urgentie hoog.")

    # The triagelijst: pick it up with Joris as second beoordelaar, in the inline form.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Triagelijst").click()
    rij = page.get_by_test_id(f"rij-{nummer}")
    expect(rij).to_contain_text("Hoog")
    expect(rij).to_contain_text("Op triagelijst")
    rij.get_by_role("link", name=f"Oppakken {nummer}").click()
    formulier = page.get_by_role("form", name=f"Melding {nummer} oppakken")
    tweede = formulier.get_by_label("Tweede beoordelaar")
    expect(tweede).to_be_focused()
    tweede.select_option(label="Joris Jansen")
    geen_horizontale_scrollbalk(page)
    schermafdruk(page, "triagelijst")
    formulier.get_by_role("button", name=f"Oppakken {nummer}").click()

    expect(page).to_have_url(re.compile(rf"/meldingen/{nummer}/$"))
    expect(page.get_by_test_id("status")).to_have_text("In beoordeling")
    expect(page.locator("#overzicht")).to_contain_text("Fatima El Amrani en Joris Jansen")
    toont_bericht(page, f"U heeft melding {nummer} opgepakt met Joris Jansen.")

    # Onderdeel B: the four questions of the triage-instrument.
    page.locator("#acties").get_by_role("link", name="Veiligheidsbeoordeling B").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veiligheidsbeoordeling onderdeel B")
    _beantwoord_b(page, VOLLEDIG_B)
    page.get_by_role("button", name="Opslaan").click()
    toont_bericht(page, "Het triage-instrument is opgeslagen en volledig ingevuld.")
    expect(
        page.get_by_role("group", name="acute onveiligheid").get_by_label("Nee", exact=True)
    ).to_be_checked()

    # The besluit: afsluiten, with an onderbouwing.
    page.get_by_role("link", name=f"Terug naar dossier {nummer}").click()
    page.locator("#acties").get_by_role("link", name="Besluit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Besluit na de veiligheidsbeoordeling"
    )
    _besluit_invullen(page, "Moeder en huisarts pakken het samen op; geen zorgen over veiligheid.")

    expect(page).to_have_url(re.compile(rf"/meldingen/{nummer}/$"))
    expect(page.get_by_test_id("status")).to_have_text("Besloten")
    expect(page.get_by_test_id("besluit")).to_have_text("Afsluiten: geen vervolgstappen nodig")
    toont_bericht(page, "Het besluit is vastgelegd: Afsluiten: geen vervolgstappen nodig.")
    schermafdruk(page, "dossier")

    melding.refresh_from_db()
    assert melding.status == S.BESLOTEN
    assert (melding.beoordelaar_1_id, melding.beoordelaar_2_id) == (fatima.pk, joris.pk)
    besluit = Besluit.objects.get(melding=melding)
    assert besluit.route == "afsluiten" and besluit.genomen_door_id == fatima.pk
    assert list(
        Statuswijziging.objects.filter(melding=melding).values_list("van", "naar", "door_id")
    ) == [
        (S.ONTVANGEN, S.OP_TRIAGELIJST, fatima.pk),
        (S.OP_TRIAGELIJST, S.IN_BEOORDELING, fatima.pk),
        (S.IN_BEOORDELING, S.BESLOTEN, fatima.pk),
    ]


# --- 2. the afwegingskader refuses the besluit until the VA was consulted --------------------------


def test_besluit_geweigerd_zonder_consult_vertrouwensarts(page, fatima, joris, vertrouwensarts):
    melding = MeldingFactory(
        team=fatima.team, in_beoordeling=True, beoordelaar_1=fatima, beoordelaar_2=joris
    )
    nummer = melding.nummer
    inloggen(page, "fatima")

    page.goto(f"/meldingen/{nummer}/beoordeling/")
    _beantwoord_b(page, VOLLEDIG_B)
    page.get_by_label("Letsel (gezien of gemeld)").check()
    page.get_by_label("Toelichting op de signalen").fill("Blauwe plek op de bovenarm.")
    page.get_by_role("button", name="Opslaan").click()
    toont_bericht(page, "Het triage-instrument is opgeslagen en volledig ingevuld.")
    expect(page.get_by_label("Letsel (gezien of gemeld)")).to_be_checked()

    page.get_by_role("link", name="Naar het besluit").click()
    _besluit_invullen(page, "Geen zorgen meer na gesprek met de ouders.")

    fout = page.get_by_test_id("besluit-fout")
    expect(fout).to_be_visible()
    expect(fout).to_contain_text("Het besluit kan nog niet worden vastgelegd.")
    expect(fout).to_contain_text(LETSEL_ONTBREEKT)
    expect(page.get_by_label("Onderbouwing")).to_have_value(
        "Geen zorgen meer na gesprek met de ouders."
    )
    schermafdruk(page, "besluit-geweigerd")
    melding.refresh_from_db()
    assert melding.status == S.IN_BEOORDELING
    assert not Besluit.objects.filter(melding=melding).exists()

    # Record the consult with the vertrouwensarts from the besluit page itself (issue 12 item 8):
    # the onderbouwing typed before the refusal is still there afterwards.
    page.get_by_text("Eerst een consult of MDO vastleggen").click()
    consult = page.locator("#consult-hier")
    consult.get_by_label("Consult", exact=True).check()
    tijdstip = timezone.localtime(timezone.now() - timedelta(minutes=30))
    consult.get_by_label("Datum en tijd").fill(tijdstip.strftime("%Y-%m-%dT%H:%M"))
    consult.get_by_label("Vera Hoekstra").check()
    consult.get_by_label("Vraag").fill("Past de blauwe plek bij het verhaal van de ouders?")
    consult.get_by_label("Uitkomst en afspraken").fill(
        "Ja, passend bij een val; geen verder onderzoek."
    )
    consult.get_by_role("button", name="Consult of MDO vastleggen").click()
    toont_bericht(page, "Het consult of MDO is vastgelegd; uw besluit staat nog zoals u het typte.")
    expect(page).to_have_url(re.compile(rf"/meldingen/{nummer}/besluit/"))
    expect(page.get_by_label("Onderbouwing")).to_have_value(
        "Geen zorgen meer na gesprek met de ouders."
    )
    expect(page.get_by_label("Afsluiten: geen vervolgstappen nodig")).to_be_checked()
    assert list(Consult.objects.get(melding=melding).deelnemers.all()) == [vertrouwensarts]
    melding.refresh_from_db()
    assert melding.status == S.IN_BEOORDELING, "het consult neemt nog geen besluit"

    _besluit_invullen(page, "Letsel beoordeeld door de vertrouwensarts; past bij een val.")
    # (The browser keeps the #besluit of the page it came from through the redirect.)
    expect(page).to_have_url(re.compile(rf"/meldingen/{nummer}/(#besluit)?$"))
    expect(page.get_by_test_id("status")).to_have_text("Besloten")
    melding.refresh_from_db()
    assert melding.status == S.BESLOTEN
    assert Besluit.objects.get(melding=melding).route == "afsluiten"


# --- 3. two onderzoekers pick up the same melding ----------------------------------------------------


def test_tegelijk_oppakken_een_wint(page, tweede_pagina, fatima, joris, sanne):
    melding = MeldingFactory(team=fatima.team, op_triagelijst=True)
    nummer = melding.nummer
    paginas = {fatima.pk: page, joris.pk: tweede_pagina}
    knoppen = {}
    for gebruiker, pagina in ((fatima, page), (joris, tweede_pagina)):
        inloggen(pagina, gebruiker.username)
        pagina.goto("/triagelijst/")
        rij = pagina.get_by_test_id(f"rij-{nummer}")
        expect(rij).to_contain_text("Op triagelijst")
        rij.get_by_role("link", name=f"Oppakken {nummer}").click()
        formulier = pagina.get_by_role("form", name=f"Melding {nummer} oppakken")
        formulier.get_by_label("Tweede beoordelaar").select_option(label="Sanne de Vries")
        knoppen[gebruiker.pk] = formulier.get_by_role("button", name=f"Oppakken {nummer}")
        expect(knoppen[gebruiker.pk]).to_be_enabled()

    # Both confirm at the same moment, without reloading. Two Playwright clicks in a row would be
    # ~50 ms apart, enough for the first pick-up to finish before the second starts; a timer
    # in each page fires both clicks within a millisecond, so the requests really overlap.
    moment = page.evaluate("Date.now()") + 300
    for knop in knoppen.values():
        knop.evaluate(
            "(knop, moment) => setTimeout(() => knop.click(), moment - Date.now())", moment
        )

    for pagina in paginas.values():
        klaar = pagina.get_by_test_id("status").or_(pagina.get_by_role("alert"))
        expect(klaar).to_be_visible()

    melding.refresh_from_db()
    winnaar = melding.beoordelaar_1_id
    assert winnaar in paginas, "een van beide onderzoekers heeft de melding"
    verliezer = fatima.pk if winnaar == joris.pk else joris.pk
    assert melding.status == S.IN_BEOORDELING and melding.beoordelaar_2_id == sanne.pk
    oppakken = Statuswijziging.objects.filter(melding=melding, naar=S.IN_BEOORDELING)
    assert [(w.van, w.door_id) for w in oppakken] == [(S.OP_TRIAGELIJST, winnaar)]

    winnende = paginas[winnaar]
    expect(winnende).to_have_url(re.compile(rf"/meldingen/{nummer}/$"))
    expect(winnende.get_by_test_id("status")).to_have_text("In beoordeling")

    verliezende = paginas[verliezer]
    expect(verliezende).to_have_url(re.compile(r"/triagelijst/"))
    winnaar_naam = str(fatima if winnaar == fatima.pk else joris)
    melding_tekst = verliezende.get_by_role("alert")
    expect(melding_tekst).to_contain_text("Deze melding is al opgepakt door")
    expect(melding_tekst).to_contain_text(winnaar_naam)
    expect(melding_tekst).to_contain_text("Sanne de Vries")
    # The list is the refreshed one: the row shows the new state and no pick-up button.
    rij = verliezende.get_by_test_id(f"rij-{nummer}")
    expect(rij).to_contain_text("In beoordeling")
    expect(rij).to_contain_text(winnaar_naam)
    expect(rij.get_by_role("link", name=re.compile("Oppakken"))).to_have_count(0)
    expect(verliezende.get_by_role("form", name=f"Melding {nummer} oppakken")).to_have_count(0)


# --- 4. another team's melding never leaks -----------------------------------------------------------


def test_melding_van_ander_team_lekt_niet(page, fatima, team_y):
    melding = MeldingFactory(
        team=team_y,
        in_beoordeling=True,
        samenvatting="Zeldzame zorg: de buurman van de familie Oosterbeek-Quint hoort gegil.",
    )
    Directbetrokkene.objects.create(
        melding=melding,
        persoon=PersoonFactory(voornamen="Liam", achternaam="Oosterbeek-Quint", bsn="123456782"),
        rol=RolInMelding.SLACHTOFFER,
    )
    geheimen = [
        "Zeldzame zorg",
        "Oosterbeek-Quint",
        "123456782",
        *(str(d.persoon) for d in melding.directbetrokkenen.select_related("persoon")),
    ]
    inloggen(page, "fatima")

    for pad in ("", "screenen/", "beoordeling/", "besluit/", "oppakken/"):
        antwoord = page.goto(f"/meldingen/{melding.nummer}/{pad}")
        assert antwoord is not None and antwoord.status in (403, 404), pad
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile(r"^(Niet gevonden|Geen toegang)$")
        )
        inhoud = page.content()
        for geheim in geheimen:
            assert geheim not in inhoud, f"{geheim!r} staat op {pad or 'het dossier'}"


# --- 5. keyboard and layout ------------------------------------------------------------------------


def test_directbetrokkene_toevoegen_met_het_toetsenbord(page, fatima):
    inloggen(page, "fatima")
    page.goto("/meldingen/nieuw/")
    rij = page.locator("#rij-0")
    knop = page.get_by_role("button", name="Directbetrokkene toevoegen")

    rij.get_by_label("BSN").focus()
    page.keyboard.press("Tab")
    expect(rij.get_by_label("Ongeboren kind")).to_be_focused()  # the row's last field
    page.keyboard.press("Tab")
    expect(rij.get_by_role("button", name="Verwijderen")).to_be_focused()
    page.keyboard.press("Tab")
    expect(knop).to_be_focused()
    page.keyboard.press("Enter")

    nieuwe_rij = page.locator("#rij-1")
    expect(nieuwe_rij).to_be_visible()
    expect(nieuwe_rij.get_by_label("Rol in de melding")).to_be_focused()
    page.keyboard.press("Tab")
    expect(nieuwe_rij.get_by_label("Voornamen")).to_be_focused()
    page.keyboard.type("Mark")
    expect(nieuwe_rij.get_by_label("Voornamen")).to_have_value("Mark")
    geen_horizontale_scrollbalk(page)


def test_triagelijst_past_op_1366_breed(page, fatima, joris):
    gemeente = GemeenteFactory(naam="Súdwest-Fryslân en omliggende kernen")
    for urgentie in ("hoog", "midden", "laag"):
        MeldingFactory.create_batch(
            3, team=fatima.team, op_triagelijst=True, urgentie=urgentie, gemeente=gemeente
        )
    MeldingFactory(
        team=fatima.team,
        in_beoordeling=True,
        gemeente=gemeente,
        beoordelaar_1=joris,
        beoordelaar_2=MedewerkerFactory(
            team=fatima.team, first_name="Maximiliaan-Alexander", last_name="van Oldenbarnevelt"
        ),
        ontvangen_op=timezone.now() - timedelta(days=40),
    )
    inloggen(page, "fatima")
    page.goto("/triagelijst/")

    expect(page.get_by_role("status").filter(has_text="10 meldingen")).to_be_visible()
    expect(page.locator("tbody tr[data-testid^='rij-']")).to_have_count(10)
    assert page.viewport_size == {"width": 1366, "height": 768}
    geen_horizontale_scrollbalk(page)
    schermafdruk(page, "triagelijst-tien-meldingen")
