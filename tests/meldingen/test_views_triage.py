"""Browser pages of screening, overige zorg, the triagelijst and oppakken: happy paths and refusals."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meldingen.keuzes import MeldingStatus, Urgentie
from meldingen.models import (
    Activiteit,
    Directbetrokkene,
    Melding,
    Persoon,
    VeiligheidsbeoordelingA,
)
from meldingen.services import melding_screen
from tests.factories import GemeenteFactory, MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def derde(team):
    """A third onderzoeker of the team, for the pick-up race."""
    return MedewerkerFactory(team=team, rollen=["onderzoeker"], username="onderzoeker3")


@pytest.fixture
def aandachtfunctionaris(team):
    return MedewerkerFactory(team=team, rollen=["aandachtfunctionaris"], username="af1")


def _html(antwoord) -> str:
    return antwoord.content.decode()


def _screen_url(melding) -> str:
    return reverse("melding_screenen", kwargs={"nummer": melding.nummer})


def _oz_url(melding) -> str:
    return reverse("overige_zorg_oordeel", kwargs={"nummer": melding.nummer})


def _oppak_url(melding) -> str:
    return reverse("melding_oppakken", kwargs={"nummer": melding.nummer})


def _dossier_url(melding) -> str:
    return reverse("melding_dossier", kwargs={"nummer": melding.nummer})


# --- Te screenen ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_te_screenen_toont_eigen_team_met_termijn(client, team, ander_team, onderzoeker):
    laat = MeldingFactory(team=team, ontvangen_op=timezone.now() - timedelta(days=2))
    vers = MeldingFactory(team=team)
    anders = MeldingFactory(team=ander_team)
    triage = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(onderzoeker)

    html = _html(client.get(reverse("te_screenen")))

    assert html.index(laat.nummer) < html.index(vers.nummer), "shortest termijn first"
    assert _screen_url(laat) in html
    assert (
        "overschreden"
        in html.split(f'data-testid="te-screenen-{laat.nummer}"')[1].split("</tr>")[0]
    )
    assert (
        "overschreden"
        not in html.split(f'data-testid="te-screenen-{vers.nummer}"')[1].split("</tr>")[0]
    )
    assert anders.nummer not in html
    assert triage.nummer not in html
    assert ">Screenen<" in html


@pytest.mark.django_db
def test_te_screenen_overige_zorg_knop_alleen_voor_gw_en_af(
    client, team, onderzoeker, gedragswetenschapper, aandachtfunctionaris
):
    oz = MeldingFactory(team=team, overige_zorg=True)
    client.force_login(onderzoeker)
    html = _html(client.get(reverse("te_screenen")))
    assert f'data-testid="overige-zorg-{oz.nummer}"' in html
    assert _oz_url(oz) not in html

    for deskundige in (gedragswetenschapper, aandachtfunctionaris):
        client.force_login(deskundige)
        html = _html(client.get(reverse("te_screenen")))
        assert _oz_url(oz) in html
        assert "Tweede oordeel geven" in html


@pytest.mark.django_db
def test_te_screenen_geweigerd_zonder_team(client, team, directie):
    melding = MeldingFactory(team=team)
    client.force_login(directie)
    antwoord = client.get(reverse("te_screenen"))
    assert antwoord.status_code == 403
    assert melding.nummer not in _html(antwoord)


# --- Screenen ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_screeningpagina_toont_de_kern_van_de_melding(client, team, onderzoeker, collega):
    melding = MeldingFactory(team=team)
    persoon = melding.directbetrokkenen.get().persoon
    client.force_login(onderzoeker)

    html = _html(client.get(_screen_url(melding)))

    assert "Telefoon" in html
    assert "Buurtbewoner" in html
    assert "Kindermishandeling — anders" in html
    assert str(persoon) in html
    assert f"{persoon.leeftijd_op(timezone.localdate())} jaar" in html
    assert melding.samenvatting in html
    assert 'name="uitkomst"' in html and 'name="urgentie"' in html
    assert f'<option value="{collega.pk}">{collega}</option>' in html
    assert f'<option value="{onderzoeker.pk}">' not in html, "not oneself as tweede"
    assert "MDO met een gedragswetenschapper of vertrouwensarts" in html
    assert AuditLog.objects.filter(
        actie="melding.screening_inzien", object_id=melding.nummer, medewerker=onderzoeker
    ).exists()


@pytest.mark.django_db
def test_screenen_niet_acuut_zet_op_triagelijst(client, team, onderzoeker):
    melding = MeldingFactory(team=team)
    client.force_login(onderzoeker)

    antwoord = client.post(
        _screen_url(melding),
        {"uitkomst": "niet_acuut", "toelichting": "Geen acuut gevaar.", "urgentie": "hoog"},
    )

    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("te_screenen")
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST
    assert melding.urgentie == Urgentie.HOOG
    html = _html(client.get(antwoord["Location"]))
    assert f"Melding {melding.nummer} staat op de triagelijst met urgentie hoog." in html


@pytest.mark.django_db
def test_screenen_acuut_start_b_met_tweede(client, team, onderzoeker, collega):
    melding = MeldingFactory(team=team)
    client.force_login(onderzoeker)

    antwoord = client.post(
        _screen_url(melding),
        {"uitkomst": "acuut", "toelichting": "Kind in gevaar.", "tweede": collega.pk},
    )

    assert antwoord.status_code == 302
    assert antwoord["Location"] == _dossier_url(melding)
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.IN_BEOORDELING
    assert melding.urgentie == Urgentie.ACUUT
    assert (melding.beoordelaar_1, melding.beoordelaar_2) == (onderzoeker, collega)


@pytest.mark.django_db
def test_screenen_overige_zorg_wacht_op_tweede_oordeel(client, team, onderzoeker):
    melding = MeldingFactory(team=team)
    client.force_login(onderzoeker)

    antwoord = client.post(
        _screen_url(melding), {"uitkomst": "overige_zorg", "toelichting": "Burenruzie."}
    )

    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("te_screenen")
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OVERIGE_ZORG
    html = _html(client.get(antwoord["Location"]))
    assert "wacht op het tweede oordeel" in html
    assert f'data-testid="overige-zorg-{melding.nummer}"' in html


@pytest.mark.parametrize(
    ("gegevens", "veld", "tekst"),
    [
        (
            {"uitkomst": "niet_acuut", "toelichting": "", "urgentie": "hoog"},
            "toelichting",
            "Licht de uitkomst van de screening toe.",
        ),
        (
            {"uitkomst": "niet_acuut", "toelichting": "Zorgen.", "urgentie": ""},
            "urgentie",
            "Kies een urgentie: hoog, midden of laag.",
        ),
        (
            {"uitkomst": "acuut", "toelichting": "Zorgen.", "tweede": ""},
            "tweede",
            "Bij acute onveiligheid start onderdeel B direct: kies de tweede beoordelaar.",
        ),
        (
            {"uitkomst": "", "toelichting": "Zorgen."},
            "uitkomst",
            "Kies de uitkomst van de screening.",
        ),
    ],
)
@pytest.mark.django_db
def test_screenen_ontbrekend_veld_fout_bij_het_veld(
    client, team, onderzoeker, gegevens, veld, tekst
):
    melding = MeldingFactory(team=team)
    client.force_login(onderzoeker)

    antwoord = client.post(_screen_url(melding), gegevens)

    assert antwoord.status_code == 200
    assert f'id="id_{veld}_error"><li>{tekst}</li>' in _html(antwoord)
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN
    assert melding.urgentie == ""
    assert not VeiligheidsbeoordelingA.objects.filter(melding=melding).exists()


@pytest.mark.django_db
def test_screenen_zelf_als_tweede_geweigerd(client, team, onderzoeker):
    melding = MeldingFactory(team=team)
    client.force_login(onderzoeker)

    antwoord = client.post(
        _screen_url(melding),
        {"uitkomst": "acuut", "toelichting": "Zorgen.", "tweede": onderzoeker.pk},
    )

    assert "De tweede beoordelaar moet een andere onderzoeker zijn dan uzelf." in _html(antwoord)
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN
    assert not VeiligheidsbeoordelingA.objects.filter(melding=melding).exists()


@pytest.mark.django_db
def test_screenen_ander_team_niet_gevonden_zonder_gegevens(client, team, onderzoeker_ander_team):
    melding = MeldingFactory(team=team)
    persoon = melding.directbetrokkenen.get().persoon
    client.force_login(onderzoeker_ander_team)

    for antwoord in (
        client.get(_screen_url(melding)),
        client.post(
            _screen_url(melding),
            {"uitkomst": "niet_acuut", "toelichting": "x", "urgentie": "laag"},
        ),
    ):
        assert antwoord.status_code == 404
        html = _html(antwoord)
        assert melding.nummer not in html
        assert persoon.achternaam not in html
        assert melding.samenvatting not in html
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN


@pytest.mark.django_db
def test_screenen_verouderd_formulier_toont_nederlandse_melding(client, team, onderzoeker, collega):
    melding = MeldingFactory(team=team)
    client.force_login(onderzoeker)
    assert client.get(_screen_url(melding)).status_code == 200
    # Meanwhile a colleague screens the same melding.
    melding_screen(
        melding_id=melding.pk,
        door=collega,
        uitkomst="niet_acuut",
        toelichting="Eerder gescreend.",
        urgentie="laag",
    )

    antwoord = client.post(
        _screen_url(melding),
        {"uitkomst": "niet_acuut", "toelichting": "Te laat.", "urgentie": "hoog"},
    )

    assert antwoord.status_code == 200
    html = _html(antwoord)
    assert "Screenen kan niet: de status is &#x27;Op triagelijst&#x27;" in html
    assert "Deze melding is al gescreend" in html
    melding.refresh_from_db()
    assert melding.urgentie == Urgentie.LAAG
    assert melding.beoordeling_a.door == collega


@pytest.mark.django_db
def test_screenen_door_gedragswetenschapper_geweigerd(client, team, gedragswetenschapper):
    melding = MeldingFactory(team=team)
    client.force_login(gedragswetenschapper)
    # A GW sees the team's lists but no case content unless consulted: the page is not found.
    bekijken = client.get(_screen_url(melding))
    assert bekijken.status_code == 404
    assert melding.samenvatting not in _html(bekijken)

    antwoord = client.post(
        _screen_url(melding), {"uitkomst": "overige_zorg", "toelichting": "Geen HG."}
    )

    assert antwoord.status_code == 404
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN


# --- Overige zorg --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_overige_zorg_pagina_toont_screening_en_waarschuwing(client, team, gedragswetenschapper):
    melding = MeldingFactory(team=team, overige_zorg=True)
    client.force_login(gedragswetenschapper)

    html = _html(client.get(_oz_url(melding)))

    assert "Screening vastgelegd." in html  # the screener's toelichting
    assert "identificerende gegevens direct verwijderd" in html
    assert 'name="akkoord"' in html and 'name="doorsturen_aan"' in html


@pytest.mark.django_db
def test_overige_zorg_akkoord_stuurt_door_en_verwijdert_personen(
    client, team, gedragswetenschapper
):
    melding = MeldingFactory(team=team, overige_zorg=True)
    persoon_ids = list(melding.directbetrokkenen.values_list("persoon_id", flat=True))
    client.force_login(gedragswetenschapper)

    antwoord = client.post(
        _oz_url(melding),
        {"akkoord": "ja", "toelichting": "Eens: geen HG/KM.", "doorsturen_aan": "Wijkteam Centrum"},
    )

    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("te_screenen")
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.DOORGESTUURD
    assert melding.doorgestuurd_aan == "Wijkteam Centrum"
    assert melding.geanonimiseerd_op is not None
    assert not Directbetrokkene.objects.filter(melding=melding).exists()
    assert not Persoon.objects.filter(pk__in=persoon_ids).exists()
    html = _html(client.get(antwoord["Location"]))
    assert "De identificerende gegevens zijn verwijderd." in html


@pytest.mark.django_db
def test_overige_zorg_niet_akkoord_naar_triagelijst(client, team, aandachtfunctionaris):
    melding = MeldingFactory(team=team, overige_zorg=True)
    client.force_login(aandachtfunctionaris)

    antwoord = client.post(
        _oz_url(melding),
        {"akkoord": "nee", "toelichting": "Wel zorgen over het kind.", "urgentie": "midden"},
    )

    assert antwoord.status_code == 302
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST
    assert melding.urgentie == Urgentie.MIDDEN
    assert Directbetrokkene.objects.filter(melding=melding).exists()


@pytest.mark.django_db
def test_overige_zorg_akkoord_zonder_doorsturen_aan_fout_bij_veld(
    client, team, gedragswetenschapper
):
    melding = MeldingFactory(team=team, overige_zorg=True)
    client.force_login(gedragswetenschapper)

    antwoord = client.post(
        _oz_url(melding), {"akkoord": "ja", "toelichting": "Eens.", "doorsturen_aan": ""}
    )

    assert antwoord.status_code == 200
    assert (
        'id="id_doorsturen_aan_error"><li>Vul in aan wie in het lokaal veld de melding wordt '
        "doorgestuurd.</li>" in _html(antwoord)
    )
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OVERIGE_ZORG
    assert melding.beoordeling_a.tweede_oordeel_door is None
    assert Directbetrokkene.objects.filter(melding=melding).exists()


@pytest.mark.django_db
def test_overige_zorg_door_onderzoeker_geweigerd(client, team, onderzoeker):
    melding = MeldingFactory(team=team, overige_zorg=True)
    client.force_login(onderzoeker)

    assert client.get(_oz_url(melding)).status_code == 403
    antwoord = client.post(
        _oz_url(melding),
        {"akkoord": "ja", "toelichting": "Eens.", "doorsturen_aan": "Wijkteam"},
    )

    assert antwoord.status_code == 403
    assert melding.samenvatting not in _html(antwoord)
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OVERIGE_ZORG
    assert Directbetrokkene.objects.filter(melding=melding).exists()


@pytest.mark.django_db
def test_overige_zorg_ander_team_niet_gevonden(client, ander_team, team):
    gw_ander_team = MedewerkerFactory(team=ander_team, rollen=["gedragswetenschapper"])
    melding = MeldingFactory(team=team, overige_zorg=True)
    client.force_login(gw_ander_team)

    antwoord = client.post(
        _oz_url(melding), {"akkoord": "ja", "toelichting": "x", "doorsturen_aan": "y"}
    )

    assert antwoord.status_code == 404
    assert melding.nummer not in _html(antwoord)
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OVERIGE_ZORG


# --- Triagelijst ---------------------------------------------------------------------------------


# Midday: "30 minutes ago" must fall on the same day as today (it did not just after midnight).
@time_machine.travel("2026-06-15 12:00 +02:00", tick=False)
@pytest.mark.django_db
def test_triagelijst_kolommen(client, team, ander_team, onderzoeker, collega):
    delft = GemeenteFactory(naam="Delft")
    gestart = MeldingFactory(team=team, op_triagelijst=True, urgentie="hoog", gemeente=delft)
    Activiteit.objects.create(
        melding=gestart,
        soort="gesprek",
        datum=timezone.now() - timedelta(minutes=30),
        met_wie="Moeder",
        door=onderzoeker,
    )
    bezig = MeldingFactory(
        team=team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )
    ander = MeldingFactory(team=ander_team, op_triagelijst=True)
    client.force_login(onderzoeker)

    html = _html(client.get(reverse("triagelijst")))

    # The text of each column header; on phones some carry a short label beside the full one.
    koppen = [
        re.sub(r"<span class=\"vt-alleen-smal\">.*?</span>|<[^>]+>", "", kop).strip()
        for kop in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    ]
    for kop in (
        "Nummer",
        "Ontvangen",
        "Werkdagen wachtend",
        "Urgentie",
        "Termijn veiligheidsbeoordeling",
        "Laatste activiteit",
        "Beoordelaars",
        "Team",
        "Gemeente",
        "Status",
    ):
        assert kop in koppen, kop
    rij = html.split(f'data-testid="rij-{gestart.nummer}"')[1].split("</tr>")[0]
    assert _dossier_url(gestart) in rij
    assert "Delft" in rij and "Hoog" in rij and "Op triagelijst" in rij
    assert timezone.localdate().strftime("%d-%m-%Y") in rij
    assert "op tijd (nog" in rij or "dreigend" in rij
    assert _oppak_url(gestart) in rij
    rij_bezig = html.split(f'data-testid="rij-{bezig.nummer}"')[1].split("</tr>")[0]
    assert "nog niet gestart" in rij_bezig
    assert str(onderzoeker) in rij_bezig and str(collega) in rij_bezig
    assert "In beoordeling" in rij_bezig
    assert _oppak_url(bezig) not in rij_bezig, "a melding in beoordeling cannot be picked up"
    assert ander.nummer not in html
    assert 'name="team"' not in html, "the team list has no team filter"


@pytest.mark.django_db
def test_triagelijst_geen_oppakknop_voor_werkbegeleider(client, team, werkbegeleider):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(werkbegeleider)
    html = _html(client.get(reverse("triagelijst")))
    assert melding.nummer in html
    assert _oppak_url(melding) not in html


@pytest.mark.django_db
def test_triagelijst_filters_behouden_waarden(client, team, onderzoeker):
    delft = GemeenteFactory(naam="Delft")
    GemeenteFactory(naam="Rijswijk")
    hoog_delft = MeldingFactory(team=team, op_triagelijst=True, urgentie="hoog", gemeente=delft)
    laag_delft = MeldingFactory(team=team, op_triagelijst=True, urgentie="laag", gemeente=delft)
    hoog_elders = MeldingFactory(team=team, op_triagelijst=True, urgentie="hoog")
    over = MeldingFactory(
        team=team,
        op_triagelijst=True,
        termijn_veiligheidsbeoordeling=timezone.now() - timedelta(hours=1),
    )
    client.force_login(onderzoeker)

    html = _html(client.get(reverse("triagelijst"), {"gemeente": delft.pk, "urgentie": "hoog"}))

    assert hoog_delft.nummer in html
    assert laag_delft.nummer not in html and hoog_elders.nummer not in html
    assert f'<option value="{delft.pk}" selected>Delft</option>' in html
    assert '<option value="hoog" selected>Hoog</option>' in html
    assert 'hx-get="/triagelijst/"' in html and 'hx-push-url="true"' in html

    html = _html(client.get(reverse("triagelijst"), {"termijn": "overschreden"}))
    assert over.nummer in html
    assert hoog_delft.nummer not in html
    assert '<option value="overschreden" selected>Overschreden</option>' in html
    assert "overschreden" in html.split(f'data-testid="rij-{over.nummer}"')[1].split("</tr>")[0]


@pytest.mark.django_db
def test_triagelijst_ongeldig_filter_geeft_fout_en_filtert_niet(client, team, onderzoeker):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(onderzoeker)

    antwoord = client.get(reverse("triagelijst"), {"urgentie": "superhoog", "gemeente": "abc"})

    assert antwoord.status_code == 200
    html = _html(antwoord)
    assert melding.nummer in html
    assert "Selecteer een geldige keuze" in html


@pytest.mark.django_db
def test_triagelijst_htmx_geeft_alleen_de_tabel(client, team, onderzoeker):
    hoog = MeldingFactory(team=team, op_triagelijst=True, urgentie="hoog")
    laag = MeldingFactory(team=team, op_triagelijst=True, urgentie="laag")
    client.force_login(onderzoeker)

    antwoord = client.get(reverse("triagelijst"), {"urgentie": "laag"}, **HTMX)

    assert "HX-Request" in antwoord["Vary"]
    html = _html(antwoord)

    assert "<html" not in html
    assert html.lstrip().startswith('<div id="triagelijst-tabel"')
    assert laag.nummer in html and hoog.nummer not in html


@pytest.mark.django_db
def test_triagelijst_paginering_behoudt_filters(client, team, onderzoeker):
    for _ in range(52):
        MeldingFactory(team=team, op_triagelijst=True, urgentie="midden")
    MeldingFactory(team=team, op_triagelijst=True, urgentie="laag")
    client.force_login(onderzoeker)

    html = _html(client.get(reverse("triagelijst"), {"urgentie": "midden"}))
    assert html.count('data-testid="rij-') == 50
    assert "52 meldingen" in html
    assert 'href="/triagelijst/?urgentie=midden&amp;pagina=2"' in html

    html = _html(client.get(reverse("triagelijst"), {"urgentie": "midden", "pagina": 2}))
    assert html.count('data-testid="rij-') == 2
    assert 'href="/triagelijst/?urgentie=midden&amp;pagina=1"' in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_triagelijst_vast_aantal_queries(
    client, team, onderzoeker, collega, werkbegeleider, django_assert_max_num_queries
):
    delft = GemeenteFactory(naam="Delft")

    def maak(aantal):
        for i in range(aantal):
            if i % 2:
                m = MeldingFactory(team=team, op_triagelijst=True, gemeente=delft)
            else:
                m = MeldingFactory(team=team, in_beoordeling=True, gemeente=delft)
            Activiteit.objects.create(
                melding=m, soort="gesprek", datum=m.ontvangen_op, met_wie="Vader", door=collega
            )

    maak(3)
    client.force_login(onderzoeker)
    team_weinig = _queries(client, reverse("triagelijst"))
    client.force_login(werkbegeleider)
    org_weinig = _queries(client, reverse("triagelijst_organisatie"))

    maak(57)
    client.force_login(onderzoeker)
    with django_assert_max_num_queries(team_weinig):
        html = _html(client.get(reverse("triagelijst")))
    assert html.count('data-testid="rij-') == 50
    client.force_login(werkbegeleider)
    with django_assert_max_num_queries(org_weinig):
        client.get(reverse("triagelijst_organisatie"))
    assert team_weinig <= 12


@pytest.mark.django_db
def test_organisatielijst_alleen_voor_leiding(
    client, team, ander_team, onderzoeker, werkbegeleider, directie, gedragswetenschapper
):
    eigen = MeldingFactory(team=team, op_triagelijst=True)
    ander = MeldingFactory(team=ander_team, acuut=True)
    regiomanager = MedewerkerFactory(team=team, rollen=["regiomanager"])

    # Directie sees aggregates only (the dashboard), not a list of cases.
    for geweigerd in (onderzoeker, gedragswetenschapper, directie):
        client.force_login(geweigerd)
        antwoord = client.get(reverse("triagelijst_organisatie"))
        assert antwoord.status_code == 403
        assert ander.nummer not in _html(antwoord)

    for leiding in (werkbegeleider, regiomanager):
        client.force_login(leiding)
        antwoord = client.get(reverse("triagelijst_organisatie"))
        assert antwoord.status_code == 200
        html = _html(antwoord)
        assert eigen.nummer in html and ander.nummer in html
        assert ander_team.naam in html
        assert "/oppakken/" not in html, "the organisation list shows list columns only"
        assert 'name="team"' in html


@pytest.mark.django_db
def test_organisatielijst_teamfilter(client, team, ander_team, werkbegeleider):
    eigen = MeldingFactory(team=team, op_triagelijst=True)
    ander = MeldingFactory(team=ander_team, op_triagelijst=True)
    client.force_login(werkbegeleider)

    html = _html(client.get(reverse("triagelijst_organisatie"), {"team": ander_team.pk}))

    assert ander.nummer in html and eigen.nummer not in html
    assert f'<option value="{ander_team.pk}" selected>{ander_team.naam}</option>' in html


@pytest.mark.django_db
def test_teamlijst_geweigerd_voor_directie(client, directie):
    assert client.force_login(directie) is None
    assert client.get(reverse("triagelijst")).status_code == 403


# --- Oppakken ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_oppakken_formulier_htmx(client, team, onderzoeker, collega, onderzoeker_ander_team):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(onderzoeker)

    antwoord = client.get(_oppak_url(melding), {"lijst": "urgentie=midden"}, **HTMX)

    html = _html(antwoord)
    assert "<html" not in html
    assert f'id="oppakken-{melding.nummer}"' in html
    assert f'hx-post="{_oppak_url(melding)}"' in html
    assert f'<option value="{collega.pk}">{collega}</option>' in html
    assert f'<option value="{onderzoeker.pk}">' not in html
    assert f'<option value="{onderzoeker_ander_team.pk}">' not in html
    assert 'name="lijst" value="urgentie=midden"' in html
    assert "autofocus" in html


@pytest.mark.django_db
def test_oppakken_zonder_js_volledige_pagina(client, team, onderzoeker):
    melding = MeldingFactory(team=team, acuut=True)
    client.force_login(onderzoeker)
    html = _html(client.get(_oppak_url(melding)))
    assert "<html" in html
    assert f"Melding {melding.nummer} oppakken" in html
    assert 'method="post"' in html


@pytest.mark.django_db
def test_oppakken_succes(client, team, onderzoeker, collega):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(onderzoeker)

    antwoord = client.post(_oppak_url(melding), {"tweede": collega.pk})

    assert antwoord.status_code == 302
    assert antwoord["Location"] == _dossier_url(melding)
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.IN_BEOORDELING
    assert (melding.beoordelaar_1, melding.beoordelaar_2) == (onderzoeker, collega)


@pytest.mark.django_db
def test_oppakken_succes_htmx_stuurt_door(client, team, onderzoeker, collega):
    melding = MeldingFactory(team=team, acuut=True)
    client.force_login(onderzoeker)

    antwoord = client.post(_oppak_url(melding), {"tweede": collega.pk}, **HTMX)

    assert antwoord["HX-Redirect"] == _dossier_url(melding)
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.IN_BEOORDELING


@pytest.mark.django_db
def test_oppakken_race_alleen_de_eerste_slaagt(client, team, onderzoeker, collega, derde):
    melding = MeldingFactory(team=team, op_triagelijst=True)

    client.force_login(onderzoeker)
    eerste = client.post(_oppak_url(melding), {"tweede": collega.pk, "lijst": "urgentie=midden"})
    client.force_login(derde)
    tweede = client.post(_oppak_url(melding), {"tweede": collega.pk, "lijst": "urgentie=midden"})

    assert eerste.status_code == 302 and eerste["Location"] == _dossier_url(melding)
    assert tweede.status_code == 302
    assert tweede["Location"] == reverse("triagelijst") + "?urgentie=midden"
    html = _html(client.get(tweede["Location"]))
    assert "Deze melding is al opgepakt door" in html
    assert str(onderzoeker) in html and str(collega) in html
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.IN_BEOORDELING
    assert (melding.beoordelaar_1, melding.beoordelaar_2) == (onderzoeker, collega)


@pytest.mark.django_db
def test_oppakken_race_htmx_ververst_de_lijst(client, team, onderzoeker, collega, derde):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(onderzoeker)
    assert client.post(_oppak_url(melding), {"tweede": collega.pk}, **HTMX)["HX-Redirect"]

    client.force_login(derde)
    antwoord = client.post(_oppak_url(melding), {"tweede": onderzoeker.pk}, **HTMX)

    assert antwoord.status_code == 200
    assert antwoord["HX-Retarget"] == "#triagelijst-tabel"
    assert antwoord["HX-Reswap"] == "outerHTML"
    html = _html(antwoord)
    assert html.lstrip().startswith('<div id="triagelijst-tabel"')
    bericht = html.index("Deze melding is al opgepakt door")
    rij = html.index(f'data-testid="rij-{melding.nummer}"')
    assert bericht < rij, "the message is above the list"
    assert "In beoordeling" in html[rij:]
    assert _oppak_url(melding) not in html
    melding.refresh_from_db()
    assert (melding.beoordelaar_1, melding.beoordelaar_2) == (onderzoeker, collega)


@pytest.mark.django_db
def test_oppakken_zelf_als_tweede_geweigerd(client, team, onderzoeker):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(onderzoeker)

    antwoord = client.post(_oppak_url(melding), {"tweede": onderzoeker.pk}, **HTMX)

    assert antwoord.status_code == 200
    html = _html(antwoord)
    assert (
        f'id="id_tweede_{melding.pk}_error"><li>De tweede beoordelaar moet een andere onderzoeker zijn dan '
        "uzelf.</li>" in html
    )
    assert f'id="oppakken-{melding.nummer}"' in html
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST
    assert melding.beoordelaar_1 is None


@pytest.mark.django_db
def test_oppakken_zonder_tweede_geweigerd(client, team, onderzoeker):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(onderzoeker)

    antwoord = client.post(_oppak_url(melding), {"tweede": ""})

    assert f'id="id_tweede_{melding.pk}_error"><li>Kies de tweede beoordelaar.</li>' in _html(
        antwoord
    )
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST


@pytest.mark.django_db
def test_oppakken_geweigerd_voor_andere_rol_en_ander_team(
    client, team, gedragswetenschapper, onderzoeker_ander_team, onderzoeker
):
    melding = MeldingFactory(team=team, op_triagelijst=True)

    client.force_login(gedragswetenschapper)
    assert client.post(_oppak_url(melding), {"tweede": onderzoeker.pk}).status_code == 403
    client.force_login(onderzoeker_ander_team)
    antwoord = client.post(_oppak_url(melding), {"tweede": onderzoeker.pk})
    assert antwoord.status_code == 404
    assert melding.nummer not in _html(antwoord)

    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST
    assert Melding.objects.get(pk=melding.pk).beoordelaar_1 is None


@pytest.mark.django_db
def test_oppakken_formulier_voor_opgepakte_melding_zegt_door_wie(
    client, team, onderzoeker, collega, derde
):
    melding = MeldingFactory(
        team=team, in_beoordeling=True, beoordelaar_1=collega, beoordelaar_2=derde
    )
    client.force_login(onderzoeker)

    html = _html(client.get(_oppak_url(melding), **HTMX))

    # Names may hold an apostrophe ("D'Souza"), which the page escapes.
    assert escape(f"Deze melding is al opgepakt door {collega} en {derde}.") in html
    assert "<form" not in html


@pytest.mark.django_db
def test_screeningpagina_toont_de_radar_voor_het_oordeel(client, team, ander_team, onderzoeker):
    """A repeat melding is visible before acuut / urgentie / overige zorg is chosen; another
    team's earlier melding shows only its number and date."""
    melding = MeldingFactory(team=team)
    persoon = melding.directbetrokkenen.get().persoon
    eigen, ander = (
        MeldingFactory(team=t, ontvangen_op=timezone.now() - timedelta(days=d), status=S)
        for t, d, S in (
            (team, 200, MeldingStatus.AFGESLOTEN),
            (ander_team, 100, MeldingStatus.AFGESLOTEN),
        )
    )
    for vorige in (eigen, ander):
        Directbetrokkene.objects.create(melding=vorige, persoon=persoon, rol="kind")
    client.force_login(onderzoeker)

    html = _html(client.get(_screen_url(melding)))

    assert 'data-testid="screening-radar"' in html
    assert "Dit is melding 3 over dit huishouden of deze personen." in html
    assert f'href="{_dossier_url(eigen)}"' in html
    assert ander.nummer in html and f'href="{_dossier_url(ander)}"' not in html
    assert "ander team — geen inzage" in html


@pytest.mark.django_db
def test_screeningpagina_zonder_eerdere_meldingen(client, team, onderzoeker):
    client.force_login(onderzoeker)
    html = _html(client.get(_screen_url(MeldingFactory(team=team))))
    assert "Geen eerdere meldingen over deze personen of dit adres bekend." in html
    assert "Dit is melding" not in html
