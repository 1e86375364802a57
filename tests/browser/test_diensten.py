"""A full Onderzoek in a real browser, from the besluit to the monitoring: the beoordelaar decides
"Vervolg bij Veilig Thuis: Onderzoek", a werkbegeleider assigns the uitvoerder (a beoordelaar is
warned about, another onderzoeker is not), the uitvoerder carries out the protocol until the
checklist is complete, hands over to a ketenpartner with two veiligheidsafspraken added with htmx,
and a failed monitoring check turns into a new melding. Also: afronden refused with the Dutch list
of unmet requirements. Screenshots for review go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from diensten import services as dienst_services
from diensten.keuzes import DienstStatus
from diensten.models import (
    Conclusie,
    DienstStatuswijziging,
    Gesprek,
    Informant,
    Ketenpartner,
    Monitoringsmoment,
    Veiligheidsafspraak,
    Veiligheidsvoorwaarde,
    Vervolgdienst,
)
from meldingen import afwegingskader
from meldingen import services as melding_services
from meldingen.keuzes import Kanaal, MeldingStatus, RolInMelding
from meldingen.models import Directbetrokkene, Huishouden, Melding
from tests.browser.helpers import (
    geen_horizontale_scrollbalk,
    inloggen,
    nieuwe_pagina,
    schermafdruk,
)
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory, TeamFactory

pytestmark = pytest.mark.browser

D = DienstStatus
DIENST_URL = re.compile(r"/diensten/(\d+)/(#\w+)?$")
ONDERZOEK = "Vervolg bij Veilig Thuis: Onderzoek"
B_ANTWOORDEN = dict.fromkeys(
    ("acute_onveiligheid", "structurele_onveiligheid", "disfunctioneren", "zorgen_ontwikkeling"),
    "nee",
)
BEOORDELAAR_WAARSCHUWING = (
    "Let op: Fatima El Amrani was ook beoordelaar van deze melding. Het protocol vraagt een "
    "Onderzoek waar mogelijk door een andere onderzoeker te laten doen."
)
EISEN_ONDERZOEK = [
    "Noor Visser is gesproken",
    "Mark Visser is gesproken",
    "Er is minstens één veiligheidsvoorwaarde vastgelegd",
    "Minstens 2 informanten (professionals) zijn bevraagd",
    "Hoor en wederhoor is vastgelegd",
    "Conclusie over 'Kindermishandeling — anders'",
]


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def afwegingsregels(transactional_db):
    """The default kader comes from a data migration, which the transactional flush removes."""
    afwegingskader.standaardregels_aanmaken()


@pytest.fixture
def team(transactional_db):
    return TeamFactory(naam="Haaglanden Noord")


def _medewerker(team, gebruikersnaam: str, voornaam: str, achternaam: str, rollen: list[str]):
    return MedewerkerFactory(
        username=gebruikersnaam,
        first_name=voornaam,
        last_name=achternaam,
        team=team,
        rollen=rollen,
    )


@pytest.fixture
def fatima(team):
    """Onderzoeker and first beoordelaar of the melding."""
    return _medewerker(team, "fatima", "Fatima", "El Amrani", ["onderzoeker"])


@pytest.fixture
def joris(team):
    """Onderzoeker and second beoordelaar of the melding."""
    return _medewerker(team, "joris", "Joris", "Jansen", ["onderzoeker"])


@pytest.fixture
def sanne(team):
    """Onderzoeker who did not assess the melding: the preferred uitvoerder of the Onderzoek."""
    return _medewerker(team, "sanne", "Sanne", "de Vries", ["onderzoeker"])


@pytest.fixture
def wim(team):
    return _medewerker(team, "wim", "Wim", "Bakker", ["werkbegeleider"])


@pytest.fixture
def ketenpartner(transactional_db):
    Ketenpartner.objects.create(naam="GGZ Delfland", soort="GGZ")
    return Ketenpartner.objects.create(naam="Wijkteam Haagse Hout", soort="wijkteam")


@pytest.fixture
def paginas(browser, live_server):
    """Opens extra browsers with their own cookies (one per medewerker); closes them afterwards."""
    geopend = []

    def openen(gebruikersnaam: str):
        pagina = nieuwe_pagina(browser, live_server.url)
        geopend.append(pagina)
        inloggen(pagina, gebruikersnaam)
        return pagina

    yield openen
    for pagina in geopend:
        pagina.context.close()


def _melding_in_beoordeling(team, fatima, joris) -> Melding:
    """Kindermishandeling — anders; Noor (8) and her father Mark; B answered by the beoordelaar."""
    vandaag = timezone.localdate()
    huishouden = Huishouden.objects.create(
        straat="Laan van Meerdervoort", huisnummer="12", postcode="2517AB", woonplaats="Den Haag"
    )
    melding = MeldingFactory(
        team=team,
        in_beoordeling=True,
        beoordelaar_1=fatima,
        beoordelaar_2=joris,
        huishouden=huishouden,
        samenvatting="Juf ziet dat Noor bang is om naar huis te gaan; vader zou haar slaan.",
    )
    # The factory adds one child: make her Noor, 8 years old, and add her father.
    kind = melding.directbetrokkenen.select_related("persoon").get()
    kind.persoon.voornamen, kind.persoon.achternaam = "Noor", "Visser"
    kind.persoon.geboortedatum = vandaag - relativedelta(years=8, months=2)
    kind.persoon.save()
    Directbetrokkene.objects.create(
        melding=melding,
        persoon=PersoonFactory(
            voornamen="Mark",
            achternaam="Visser",
            geboortedatum=vandaag - relativedelta(years=38, months=5),
        ),
        rol=RolInMelding.PLEGER,
    )
    assert list(melding.aanleidingen.values_list("aanleiding", flat=True)) == ["km_anders"]
    # B includes contact with the directbetrokkenen (meldingen.protocol: contact_of_reden).
    melding_services.activiteit_vastleggen(
        melding_id=melding.pk,
        door=fatima,
        soort="huisbezoek",
        datum=timezone.now() - timedelta(minutes=30),
        met_wie="Noor en haar vader",
    )
    melding_services.beoordeling_b_vastleggen(
        melding_id=melding.pk, door=fatima, antwoorden=B_ANTWOORDEN
    )
    return melding


def toont_bericht(page, tekst: str) -> None:
    """A message of django.contrib.messages (role=status) with this text is shown."""
    expect(page.get_by_role("status").filter(has_text=tekst)).to_be_visible()


def _datum(dag) -> str:
    return dag.strftime("%Y-%m-%d")


def _status(page, label: str) -> None:
    expect(page.get_by_test_id("status")).to_have_text(label)


def _statusketen(dienst: Vervolgdienst) -> list[tuple[str, str, int]]:
    return list(
        DienstStatuswijziging.objects.filter(dienst=dienst).values_list("van", "naar", "door_id")
    )


# --- 1. the whole Onderzoek -----------------------------------------------------------------------


def test_onderzoek_van_besluit_tot_monitoring(
    page, paginas, team, fatima, joris, sanne, wim, ketenpartner
):
    melding = _melding_in_beoordeling(team, fatima, joris)
    nummer = melding.nummer
    vandaag = timezone.localdate()

    # The beoordelaar records the besluit "Vervolg bij Veilig Thuis: Onderzoek".
    inloggen(page, "fatima")
    page.goto(f"/meldingen/{nummer}/besluit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Besluit na de veiligheidsbeoordeling"
    )
    page.get_by_label(ONDERZOEK).check()
    page.get_by_label("Onderbouwing").fill(
        "Structurele zorgen over Noor; vader ontkent. Onderzoek naar de feiten is nodig."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()

    expect(page).to_have_url(re.compile(rf"/meldingen/{nummer}/$"))
    toont_bericht(page, f"Het besluit is vastgelegd: {ONDERZOEK}.")
    _status(page, "Naar vervolgdienst")
    expect(page.get_by_test_id("besluit")).to_have_text(ONDERZOEK)
    dienst = Vervolgdienst.objects.get(melding=melding)
    assert (dienst.type, dienst.status, dienst.uitvoerder_id) == (
        "onderzoek",
        D.WACHT_OP_START,
        None,
    )
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.NAAR_VERVOLGDIENST

    link = page.get_by_test_id("dienst-link")
    expect(link).to_have_text("Vervolgdienst: Onderzoek")
    link.click()
    expect(page).to_have_url(re.compile(rf"/diensten/{dienst.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Onderzoek bij melding {nummer}")
    _status(page, "Wacht op start")
    expect(page.get_by_test_id("uitvoerder")).to_have_text("nog niet toegewezen")
    expect(page.locator("#acties")).to_contain_text(
        "Wijs eerst een uitvoerder toe; de dienst start met diens eerste gesprek of huisbezoek."
    )

    # The werkbegeleider assigns a beoordelaar first (warned), then another onderzoeker (not).
    werkbegeleider = paginas("wim")
    werkbegeleider.goto(f"/diensten/{dienst.pk}/")
    acties = werkbegeleider.locator("#acties")
    expect(acties.get_by_role("heading", name="Uitvoerder toewijzen")).to_be_visible()
    acties.get_by_label("Uitvoerder").select_option(label="Fatima El Amrani")
    acties.get_by_role("button", name="Toewijzen").click()
    toont_bericht(werkbegeleider, "De uitvoerder is toegewezen.")
    toont_bericht(werkbegeleider, BEOORDELAAR_WAARSCHUWING)
    expect(werkbegeleider.get_by_test_id("uitvoerder")).to_have_text("Fatima El Amrani")
    dienst.refresh_from_db()
    assert dienst.uitvoerder_id == fatima.pk

    acties = werkbegeleider.locator("#acties")
    expect(acties.get_by_role("heading", name="Andere uitvoerder toewijzen")).to_be_visible()
    acties.get_by_label("Uitvoerder").select_option(label="Sanne de Vries")
    acties.get_by_role("button", name="Toewijzen").click()
    toont_bericht(werkbegeleider, "De uitvoerder is toegewezen.")
    expect(werkbegeleider.get_by_test_id("uitvoerder")).to_have_text("Sanne de Vries")
    expect(werkbegeleider.get_by_role("status").filter(has_text="Let op")).to_have_count(0)
    dienst.refresh_from_db()
    assert (dienst.uitvoerder_id, dienst.status) == (sanne.pk, D.WACHT_OP_START)

    # There is no start button: the uitvoerder's first gesprek starts the dienst (issue 12).
    uitvoerder = paginas("sanne")
    uitvoerder.goto(f"/diensten/{dienst.pk}/")
    expect(uitvoerder.locator("#acties")).to_contain_text(
        "De dienst start met het eerste gesprek of huisbezoek van de uitvoerder"
    )
    expect(uitvoerder.get_by_role("button", name="Dienst starten")).to_have_count(0)
    expect(uitvoerder.get_by_test_id("gestart-op")).to_have_text("nog niet gestart")
    checklist = uitvoerder.get_by_test_id("checklist")
    # every requirement open, plus "gestart met een gesprek of huisbezoek"
    expect(checklist.locator("li.onvoldaan")).to_have_count(len(EISEN_ONDERZOEK) + 1)

    # Gesprekken with both directbetrokkenen; the select shows their age today.
    for naam, rol, leeftijd in (
        ("Noor Visser", "Kind in het gezin", 8),
        ("Mark Visser", "Vermoedelijke pleger", 38),
    ):
        sectie = uitvoerder.locator("#gesprekken")
        sectie.get_by_label("Directbetrokkene").select_option(
            label=f"{naam} — {rol}, {leeftijd} jaar"
        )
        sectie.get_by_label("Datum").fill(_datum(vandaag))
        sectie.get_by_label("Gesprek", exact=True).check()
        sectie.get_by_label("Toelichting").fill(f"Gesprek met {naam} op school en thuis.")
        sectie.get_by_role("button", name="Gesprek vastleggen").click()
        toont_bericht(uitvoerder, "Het gesprek is vastgelegd.")
        expect(uitvoerder.get_by_test_id("gesprekken")).to_contain_text(naam)
    expect(uitvoerder.get_by_test_id("gesprekken").locator("tbody tr")).to_have_count(2)
    _status(uitvoerder, "Lopend")
    expect(uitvoerder.get_by_test_id("gestart-op")).to_have_text(f"{vandaag:%d-%m-%Y}")
    dienst.refresh_from_db()
    assert dienst.status == D.LOPEND and dienst.gestart_op is not None
    assert sorted(
        (str(g.directbetrokkene.persoon), g.vorm, g.datum, g.door_id)
        for g in Gesprek.objects.filter(dienst=dienst).select_related("directbetrokkene__persoon")
    ) == [
        ("Mark Visser", "gesprek", vandaag, sanne.pk),
        ("Noor Visser", "gesprek", vandaag, sanne.pk),
    ]

    # Two informanten: the huisarts with toestemming, the juf without but with an afweging.
    afweging = "Ouders weigeren; de veiligheid van Noor weegt zwaarder dan hun bezwaar."
    for naam, organisatie, toestemming in (
        ("Dokter Bakker", "Huisarts", True),
        ("Juf Ans", "Basisschool De Regenboog, leerkracht", False),
    ):
        sectie = uitvoerder.locator("#informanten")
        sectie.get_by_label(re.compile(r"^Naam\b")).fill(naam)
        sectie.get_by_label("Organisatie en functie").fill(organisatie)
        sectie.get_by_label("Datum").fill(_datum(vandaag))
        if toestemming:
            sectie.get_by_label("De betrokkenen hebben toestemming gegeven").check()
        else:
            sectie.get_by_label("Afweging zonder toestemming").fill(afweging)
        sectie.get_by_label("Wat vertelde de informant?").fill(f"{naam} deelt de zorgen.")
        sectie.get_by_role("button", name="Informant vastleggen").click()
        toont_bericht(uitvoerder, "De informant is vastgelegd.")
    informanten = uitvoerder.get_by_test_id("informanten")
    expect(informanten.locator("tbody tr")).to_have_count(2)
    expect(informanten).to_contain_text(f"nee — afweging: {afweging}")
    assert sorted(
        Informant.objects.filter(dienst=dienst).values_list("naam", "toestemming", "afweging")
    ) == [("Dokter Bakker", True, ""), ("Juf Ans", False, afweging)]

    # Hoor en wederhoor.
    sectie = uitvoerder.locator("#bevindingen")
    sectie.get_by_label("Hoor en wederhoor").fill(
        "Vader erkent dat hij Noor heeft geslagen; moeder bevestigt."
    )
    sectie.get_by_role("button", name="Opslaan").click()
    toont_bericht(uitvoerder, "De bevindingen zijn vastgelegd.")
    expect(uitvoerder.locator("#bevindingen dl")).to_contain_text("Vader erkent")

    # The conclusie for the melding's type geweld.
    sectie = uitvoerder.locator("#conclusies")
    sectie.get_by_label("Type geweld").select_option(label="Kindermishandeling — anders")
    sectie.get_by_label("Bevestigd", exact=True).check()
    sectie.get_by_label("Onderbouwing").fill("Gesprekken en informanten bevestigen de klappen.")
    sectie.get_by_role("button", name="Conclusie vastleggen").click()
    toont_bericht(uitvoerder, "De conclusie is vastgelegd.")
    expect(uitvoerder.get_by_test_id("conclusies")).to_contain_text("Bevestigd")
    assert list(Conclusie.objects.filter(dienst=dienst).values_list("aanleiding", "uitkomst")) == [
        ("km_anders", "bevestigd")
    ]

    # A veiligheidsvoorwaarde.
    sectie = uitvoerder.locator("#voorwaarden")
    sectie.get_by_label(re.compile(r"^Voorwaarde\b")).fill("Vader slaat Noor niet meer.")
    sectie.get_by_label("Voor wie").fill("Mark Visser")
    sectie.get_by_label("Geldt sinds").fill(_datum(vandaag))
    sectie.get_by_label("Hoe wordt het gecontroleerd?").fill("Juf spreekt Noor elke week.")
    sectie.get_by_role("button", name="Voorwaarde vastleggen").click()
    toont_bericht(uitvoerder, "De veiligheidsvoorwaarde is vastgelegd.")
    assert Veiligheidsvoorwaarde.objects.filter(dienst=dienst, voor_wie="Mark Visser").count() == 1

    # The checklist: every requirement ✓.
    uitvoerder.goto(f"/diensten/{dienst.pk}/#eisen")
    checklist = uitvoerder.get_by_test_id("checklist")
    rijen = checklist.locator(":scope > li")
    expect(rijen).to_have_count(len(EISEN_ONDERZOEK) + 1)  # and "gestart met een gesprek"
    for eis in [*EISEN_ONDERZOEK, "De dienst is gestart met een gesprek of huisbezoek"]:
        rij = rijen.filter(has_text=eis)
        expect(rij).to_have_class(re.compile(r"\bvoldaan\b"))
        expect(rij.locator("[aria-hidden=true]")).to_have_text("✓")
        expect(rij).to_contain_text("Voldaan:")
    expect(checklist.locator("li.onvoldaan")).to_have_count(0)
    expect(uitvoerder.locator("#eisen")).not_to_contain_text("Nog niet aan elke eis is voldaan")
    geen_horizontale_scrollbalk(uitvoerder)
    schermafdruk(uitvoerder, "dienst-checklist")

    # Afronden.
    uitvoerder.get_by_role("button", name="Dienst afronden").click()
    toont_bericht(
        uitvoerder, "De dienst is afgerond. Leg nu de overdracht vast of start de monitoring."
    )
    _status(uitvoerder, "Afgerond")
    dienst.refresh_from_db()
    assert dienst.status == D.AFGEROND

    # Overdracht: a ketenpartner and two veiligheidsafspraken, both rows added with htmx.
    uitvoerder.locator("#overdracht").get_by_role("link", name="Overdracht vastleggen").click()
    expect(uitvoerder).to_have_url(re.compile(rf"/diensten/{dienst.pk}/overdracht/$"))
    expect(uitvoerder.get_by_role("heading", level=1)).to_have_text(
        f"Overdracht van melding {nummer}"
    )
    uitvoerder.get_by_label(re.compile(r"^Ketenpartner\b")).select_option(
        label="Wijkteam Haagse Hout (wijkteam)"
    )
    uitvoerder.get_by_label("Contactpersoon bij de ketenpartner").fill("Priya Ramdin")
    toevoegen = uitvoerder.get_by_role("button", name="Afspraak toevoegen")
    afspraken = [
        {
            "wat": "Vader volgt de cursus Grip op agressie.",
            "wie": "Mark Visser",
            "uiterlijk": vandaag + timedelta(days=14),
            "hoe": "Het wijkteam vraagt het bewijs van inschrijving op.",
        },
        {
            "wat": "Noor krijgt een vertrouwenspersoon op school.",
            "wie": "Juf Ans",
            "uiterlijk": vandaag + timedelta(days=30),
            "hoe": "Het wijkteam belt de school na vier weken.",
        },
    ]
    for index, afspraak in enumerate(afspraken, start=1):
        toevoegen.click()
        rij = uitvoerder.locator(f"#afspraak-{index}")
        expect(rij).to_be_visible()
        expect(rij.get_by_label("Wat wordt er afgesproken?")).to_be_focused()
        rij.get_by_label("Wat wordt er afgesproken?").fill(afspraak["wat"])
        rij.get_by_label("Wie doet het?").fill(afspraak["wie"])
        rij.get_by_label("Uiterlijk").fill(_datum(afspraak["uiterlijk"]))
        rij.get_by_label("Hoe wordt het gecontroleerd?").fill(afspraak["hoe"])
    # The empty first row goes; exactly the two added rows remain.
    uitvoerder.locator("#afspraak-0").get_by_role("button", name="Verwijderen").click()
    expect(uitvoerder.locator("[data-rij]")).to_have_count(2)
    expect(toevoegen).to_be_focused()
    geen_horizontale_scrollbalk(uitvoerder)
    schermafdruk(uitvoerder, "dienst-overdracht")
    uitvoerder.get_by_role("button", name="Overdracht vastleggen").click()

    expect(uitvoerder).to_have_url(DIENST_URL)
    toont_bericht(uitvoerder, "De overdracht is vastgelegd. De overdrachtsbrief staat klaar.")
    _status(uitvoerder, "Overgedragen")
    expect(uitvoerder.locator("#overdracht")).to_contain_text("Wijkteam Haagse Hout")
    dienst.refresh_from_db()
    assert dienst.status == D.OVERDRACHT
    assert dienst.overdracht.ketenpartner_id == ketenpartner.pk
    assert dienst.overdracht.contactpersoon == "Priya Ramdin"
    verwacht = [(a["wat"], a["wie"], a["uiterlijk"], a["hoe"]) for a in afspraken]
    assert (
        list(
            Veiligheidsafspraak.objects.filter(overdracht__dienst=dienst).values_list(
                "wat", "wie", "uiterlijk", "hoe_gecontroleerd"
            )
        )
        == verwacht
    )

    # The overdrachtsbrief lists exactly those two afspraken.
    uitvoerder.get_by_role("link", name="Overdrachtsbrief (afdrukken)").click()
    expect(uitvoerder).to_have_url(re.compile(rf"/diensten/{dienst.pk}/overdrachtsbrief/$"))
    expect(uitvoerder.get_by_role("heading", level=1)).to_have_text(
        "Overdracht met veiligheidsafspraken"
    )
    expect(uitvoerder.get_by_test_id("kenmerk")).to_have_text(f"Ons kenmerk: {nummer}")
    expect(uitvoerder.get_by_test_id("ketenpartner")).to_contain_text(
        "Wijkteam Haagse Hout (wijkteam), t.a.v. Priya Ramdin"
    )
    brief_rijen = uitvoerder.get_by_test_id("afspraken").locator("tbody tr")
    expect(brief_rijen).to_have_count(2)
    for rij, afspraak in zip(brief_rijen.all(), afspraken, strict=True):
        expect(rij.locator("td")).to_have_text(
            [
                afspraak["wat"],
                afspraak["wie"],
                afspraak["uiterlijk"].strftime("%d-%m-%Y"),
                afspraak["hoe"],
            ]
        )
    expect(uitvoerder.get_by_test_id("voorwaarden")).to_contain_text("Vader slaat Noor niet meer.")
    schermafdruk(uitvoerder, "overdrachtsbrief")

    # Monitoring: five moments after 1, 3, 6, 12 and 18 months.
    uitvoerder.get_by_role("link", name="Terug naar de dienst").click()
    monitoring = uitvoerder.locator("#monitoring")
    monitoring.get_by_role("button", name="Monitoring starten").click()
    toont_bericht(uitvoerder, "De monitoring is gestart; de momenten zijn gepland.")
    _status(uitvoerder, "Monitoring")
    geplande_data = [vandaag + relativedelta(months=m) for m in (1, 3, 6, 12, 18)]
    momenten = uitvoerder.get_by_test_id("momenten").locator("tbody tr")
    expect(momenten).to_have_count(5)
    for rij, dag in zip(momenten.all(), geplande_data, strict=True):
        expect(rij.locator("td").first).to_have_text(dag.strftime("%d-%m-%Y"))
        expect(rij).to_contain_text("gepland")
    expect(uitvoerder.get_by_role("button", name="Monitoring vastleggen")).to_have_count(0)
    dienst.refresh_from_db()
    assert dienst.status == D.MONITORING
    assert [m.gepland_op for m in Monitoringsmoment.objects.filter(dienst=dienst)] == geplande_data

    # The first moment is due today: its form is offered; the check fails.
    eerste = Monitoringsmoment.objects.filter(dienst=dienst).order_by("gepland_op").first()
    Monitoringsmoment.objects.filter(pk=eerste.pk).update(gepland_op=vandaag)
    uitvoerder.reload()
    formulier = uitvoerder.locator(f"#moment-{eerste.pk}")
    expect(formulier.get_by_role("heading")).to_have_text(
        f"Monitoring van {vandaag:%d-%m-%Y} vastleggen"
    )
    expect(momenten.first).to_contain_text("nu aan de beurt")
    formulier.get_by_role("group", name="Zijn de voorwaarden nagekomen?").get_by_label(
        "Nee", exact=True
    ).check()
    formulier.get_by_role("group", name="Is de veiligheid voldoende?").get_by_label(
        "Ja", exact=True
    ).check()
    formulier.get_by_label("Toelichting").fill("Vader volgt de cursus niet; Noor is weer bang.")
    formulier.get_by_role("button", name="Monitoring vastleggen").click()

    toont_bericht(uitvoerder, "Het monitoringsmoment is vastgelegd.")
    eerste.refresh_from_db()
    nieuwe = eerste.nieuwe_melding
    assert nieuwe is not None
    toont_bericht(
        uitvoerder,
        f"De voorwaarden of de veiligheid zijn niet in orde: nieuwe melding {nieuwe.nummer} is "
        "aangemaakt en staat klaar voor screening.",
    )
    link = uitvoerder.get_by_test_id("nieuwe-melding")
    expect(link).to_have_text(nieuwe.nummer)
    expect(momenten.first).to_have_class(re.compile(r"\bmislukt\b"))
    geen_horizontale_scrollbalk(uitvoerder)
    schermafdruk(uitvoerder, "dienst-monitoring")

    assert (eerste.voorwaarden_nagekomen, eerste.veilig, eerste.door_id) == (False, True, sanne.pk)
    assert nieuwe.kanaal == Kanaal.MONITORING
    assert nieuwe.status == MeldingStatus.ONTVANGEN
    assert melding.huishouden_id is not None
    assert nieuwe.huishouden_id == melding.huishouden_id
    assert nieuwe.team_id == team.pk
    assert sorted(nieuwe.directbetrokkenen.values_list("persoon_id", flat=True)) == sorted(
        melding.directbetrokkenen.values_list("persoon_id", flat=True)
    )

    # The link leads to the new melding, waiting for screening.
    link.click()
    expect(uitvoerder).to_have_url(re.compile(rf"/meldingen/{nieuwe.nummer}/$"))
    _status(uitvoerder, "Ontvangen")

    # The whole status history of the dienst.
    assert _statusketen(dienst) == [
        (D.WACHT_OP_START, D.LOPEND, sanne.pk),
        (D.LOPEND, D.AFGEROND, sanne.pk),
        (D.AFGEROND, D.OVERDRACHT, sanne.pk),
        (D.OVERDRACHT, D.MONITORING, sanne.pk),
    ]
    dienst.refresh_from_db()
    assert dienst.status == D.MONITORING


# --- 2. afronden refused while requirements are open -----------------------------------------------


def test_afronden_geweigerd_met_open_eisen(page, team, fatima, joris, sanne):
    melding = _melding_in_beoordeling(team, fatima, joris)
    melding_services.besluit_record(
        melding_id=melding.pk,
        door=fatima,
        route="vervolg_onderzoek",
        onderbouwing="Structurele zorgen over Noor; onderzoek naar de feiten is nodig.",
    )
    dienst = Vervolgdienst.objects.get(melding=melding)
    dienst_services.dienst_uitvoerder_toewijzen(
        dienst_id=dienst.pk, door=sanne, uitvoerder_id=sanne.pk
    )
    # The dienst starts with sanne's huisbezoek; Mark was there, Noor was not.
    mark = dienst.melding.directbetrokkenen.get(rol="pleger")
    dienst_services.gesprek_vastleggen(
        dienst_id=dienst.pk,
        door=sanne,
        directbetrokkene_id=mark.pk,
        datum=timezone.localdate(),
        vorm="huisbezoek",
    )
    open_eisen = [e for e in EISEN_ONDERZOEK if not e.startswith("Mark")]

    inloggen(page, "sanne")
    page.goto(f"/diensten/{dienst.pk}/")
    _status(page, "Lopend")
    eisen = page.locator("#eisen")
    expect(eisen).to_contain_text("Nog niet aan elke eis is voldaan")
    page.get_by_role("button", name="Dienst afronden").click()

    fout = page.get_by_test_id("fout")
    expect(fout).to_be_visible()
    expect(fout).to_contain_text(
        "De dienst kan nog niet worden afgerond. Niet voldaan (en geen goedgekeurde afwijking): "
    )
    for eis in open_eisen:
        expect(fout).to_contain_text(eis)
    expect(page.get_by_test_id("checklist").locator(":scope > li.onvoldaan")).to_have_count(
        len(open_eisen)
    )
    _status(page, "Lopend")
    expect(page.get_by_role("status").filter(has_text="afgerond")).to_have_count(0)

    dienst.refresh_from_db()
    assert dienst.status == D.LOPEND
    assert _statusketen(dienst) == [(D.WACHT_OP_START, D.LOPEND, sanne.pk)]
