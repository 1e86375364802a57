"""Termijnbewaking in a real browser: an overdue zicht-op-veiligheid contact on the triagelijst is
recorded (refused first without a reason for the herprioritering), a werkbegeleider follows a
notification to the case, and the directie dashboard shows charts with tables and no names.
Screenshots for review go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meldingen.models import Melding
from tests.browser.helpers import geen_horizontale_scrollbalk, inloggen, schermafdruk
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory, TeamFactory
from wachtlijst import services
from wachtlijst.models import Notificatie

pytestmark = pytest.mark.browser


@pytest.fixture
def team(transactional_db):
    return TeamFactory(naam="Haaglanden West")


@pytest.fixture
def onderzoeker(team):
    return MedewerkerFactory(
        username="fatima",
        first_name="Fatima",
        last_name="El Idrissi",
        team=team,
        rollen=["onderzoeker"],
    )


@pytest.fixture
def werkbegeleider(team):
    return MedewerkerFactory(
        username="wim",
        first_name="Wim",
        last_name="Verhoef",
        team=team,
        rollen=["werkbegeleider"],
    )


@pytest.fixture
def wachtend(team):
    """A melding waiting 20 days with urgentie midden: its contact (every 14 days) is overdue."""
    melding = MeldingFactory(
        team=team, op_triagelijst=True, ontvangen_op=timezone.now() - timedelta(days=20)
    )
    Melding.objects.filter(pk=melding.pk).update(urgentie="midden")
    services.zicht_plannen()
    return melding


def test_achterstallig_zicht_contact_vastleggen_met_herprioritering(page, onderzoeker, wachtend):
    inloggen(page, "fatima")
    page.goto("/triagelijst/")
    rij = page.get_by_test_id(f"rij-{wachtend.nummer}")
    expect(rij.get_by_test_id("zicht")).to_contain_text("contact achterstallig sinds")
    rij.get_by_role("link", name=re.compile("Contact vastleggen")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zicht op veiligheid")

    page.get_by_label("Contact met").fill("moeder (telefonisch)")
    page.get_by_label("Uitkomst").fill("Vader is weer thuis komen wonen; moeder klinkt gespannen.")
    page.get_by_label("Urgentie na dit contact").select_option("hoog")
    page.get_by_role("button", name="Contact vastleggen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("Er is niets opgeslagen.")
    # exact: the error summary repeats the message in a link to the field.
    expect(
        page.get_by_text("Een herprioritering vraagt altijd een reden.", exact=True)
    ).to_be_visible()
    assert not wachtend.zicht_checks.exists()

    page.get_by_label("Reden van de herprioritering").fill("Vader terug in huis na incidenten.")
    page.get_by_role("button", name="Contact vastleggen").click()
    expect(page.locator(".berichten")).to_contain_text("is vastgelegd")
    expect(page.get_by_test_id("contacten")).to_contain_text("Vader terug in huis na incidenten.")
    expect(page.get_by_test_id("urgentie")).to_have_text("Hoog")
    geen_horizontale_scrollbalk(page)
    schermafdruk(page, "zicht-op-veiligheid")

    page.goto("/triagelijst/")
    rij = page.get_by_test_id(f"rij-{wachtend.nummer}")
    expect(rij.get_by_test_id("zicht")).to_contain_text("volgend contact uiterlijk")
    wachtend.refresh_from_db()
    assert wachtend.urgentie == "hoog"
    assert wachtend.zicht_checks.get().reden_herprioritering == "Vader terug in huis na incidenten."


def test_werkbegeleider_volgt_een_notificatie_naar_de_melding(page, werkbegeleider, wachtend):
    services.termijnen_markeer()
    aantal = Notificatie.objects.filter(medewerker=werkbegeleider, gelezen_op=None).count()
    assert aantal >= 1
    inloggen(page, "wim")
    link = page.get_by_test_id("notificaties-link")
    expect(link).to_contain_text(f"{aantal} ongelezen")
    link.click()
    tabel = page.get_by_test_id("notificaties")
    expect(tabel).to_contain_text(wachtend.nummer)
    expect(tabel).to_contain_text("Zicht-op-veiligheidscontact achterstallig")
    schermafdruk(page, "notificaties")
    tabel.get_by_role("button", name=re.compile(wachtend.nummer)).first.click()
    # It opens the page where the signalering is acted upon, of this melding.
    expect(page).to_have_url(re.compile(rf"/meldingen/{wachtend.nummer}/"))
    expect(page.get_by_test_id("notificaties-link")).to_contain_text(f"{aantal - 1} ongelezen")

    page.goto("/werkbegeleider/")
    expect(page.locator("main")).to_contain_text("Zicht-op-veiligheidscontact achterstallig")
    geen_horizontale_scrollbalk(page)


def test_directie_dashboard_toont_grafieken_met_tabellen_zonder_namen(page, team, wachtend):
    persoon = PersoonFactory(voornamen="Noor", achternaam="Zijlstra")
    wachtend.directbetrokkenen.create(persoon=persoon, rol="kind")
    MedewerkerFactory(username="dirk", team=None, rollen=["directie"])
    inloggen(page, "dirk")
    page.goto("/directie/")
    hoofd = page.locator("main")
    expect(hoofd.locator("svg").first).to_be_visible()
    assert hoofd.locator("svg").count() >= 4
    assert hoofd.locator("table").count() >= 4
    tekst = hoofd.inner_text()
    assert "Zijlstra" not in tekst and "Noor" not in tekst
    assert "Haaglanden West" in tekst
    geen_horizontale_scrollbalk(page)
    schermafdruk(page, "directie-dashboard")
