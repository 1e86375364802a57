"""Query counts of the hot pages at two data sizes: a regression to N+1 queries fails here.

Each page is counted with a few rows of everything it lists, then again with many more; the count
must not grow, and stays under a fixed ceiling. No timing assertions (see bench/ for timings).
"""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.identiteit import (
    RECORDSOORTEN,
    meet_resolutie,
    meet_zoeken,
    records_maken,
    zoekteksten,
)
from meldingen.keuzes import Aard, ConsultVorm, MeldingStatus
from meldingen.models import (
    Activiteit,
    Besluit,
    Consult,
    Directbetrokkene,
    Huishouden,
    Journaalregel,
    Melding,
    MeldingAard,
    Persoon,
    Statuswijziging,
)
from tests.factories import GemeenteFactory, MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.models import Rol

KLEIN = 3
GROOT = 40
# Ceilings measured on the pages as they are (docs/PERFORMANCE.md explains the dossier's count).
MAX_TRIAGELIJST = 12
# The dossier: the user (with team, roles, unread notifications and the configuration stamps, in
# one query; the session comes from the cache), the melding (with its aanleidingen and aarden),
# eight lists, the radar and the audit row. Closure days and afwegingskader rules come from the
# process's copy; the consult form's deelnemers only when the form is opened.
MAX_DOSSIER = 12
# The dossier again while nothing it shows has changed: the user, the melding with its radar and
# stands in one query, and the audit row (meldingen/views/dossier.py).
MAX_DOSSIER_ONGEWIJZIGD = 3
MAX_DIRECTIE = 30


def _aantal_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(url)
    assert antwoord.status_code == 200, url
    return len(vastgelegd.captured_queries)


def _triagemeldingen(team, gemeente, uitvoerder, aantal: int) -> list[Melding]:
    meldingen = []
    for i in range(aantal):
        soort = {"op_triagelijst": True} if i % 2 else {"in_beoordeling": True}
        melding = MeldingFactory(team=team, gemeente=gemeente, **soort)
        Activiteit.objects.create(
            melding=melding,
            soort="contactpoging",
            datum=melding.ontvangen_op,
            met_wie="Moeder",
            door=uitvoerder,
        )
        meldingen.append(melding)
    return meldingen


@pytest.mark.django_db
def test_triagelijsten_kosten_evenveel_queries_bij_meer_meldingen(
    client, team, ander_team, werkbegeleider, collega
):
    gemeente = GemeenteFactory()
    _triagemeldingen(team, gemeente, collega, KLEIN)
    client.force_login(werkbegeleider)
    team_klein = _aantal_queries(client, reverse("triagelijst"))
    org_klein = _aantal_queries(client, reverse("triagelijst_organisatie"))

    _triagemeldingen(team, gemeente, collega, GROOT)
    _triagemeldingen(ander_team, gemeente, collega, GROOT)
    team_groot = _aantal_queries(client, reverse("triagelijst"))
    org_groot = _aantal_queries(client, reverse("triagelijst_organisatie"))

    assert team_groot <= team_klein <= MAX_TRIAGELIJST
    assert org_groot <= org_klein <= MAX_TRIAGELIJST


@pytest.mark.django_db
def test_triagelijst_weigert_zonder_recht_en_telt_dan_niets(client, onderzoeker):
    """The denial path stays cheap and shows nothing (an onderzoeker has no organisation list)."""
    client.force_login(onderzoeker)
    antwoord = client.get(reverse("triagelijst_organisatie"))
    assert antwoord.status_code == 403
    assert "triagelijst" in antwoord.content.decode().lower()


def _dossier_vullen(melding: Melding, door, aantal: int) -> None:
    """Journal, activities, history and consults: the lists the dossier page shows in full."""
    for i in range(aantal):
        consult = Consult.objects.create(
            melding=melding,
            vorm=ConsultVorm.MDO if i % 2 else ConsultVorm.CONSULT,
            datum=melding.ontvangen_op + timedelta(hours=i),
            vraag="Vraag",
            uitkomst="Uitkomst",
            vastgelegd_door=door,
        )
        consult.deelnemers.set(
            [door, MedewerkerFactory(team=melding.team, rollen=[Rol.GEDRAGSWETENSCHAPPER])]
        )
        Journaalregel.objects.create(
            melding=melding, soort="feit", bron="Melder", tekst=f"Regel {i}", auteur=door
        )
        Activiteit.objects.create(
            melding=melding,
            soort="gesprek",
            datum=melding.ontvangen_op + timedelta(minutes=i),
            met_wie="Vader",
            door=door,
        )
        Statuswijziging.objects.create(
            melding=melding,
            van=MeldingStatus.OP_TRIAGELIJST,
            naar=MeldingStatus.IN_BEOORDELING,
            door=door,
        )


@pytest.mark.django_db
def test_dossier_kost_evenveel_queries_bij_een_langer_dossier(
    client, team, ander_team, onderzoeker, collega
):
    ander_deskundige = MedewerkerFactory(team=ander_team, rollen=[Rol.VERTROUWENSARTS])
    organisatiebreed = MedewerkerFactory(team=None, rollen=[Rol.VERTROUWENSARTS])
    huishouden = Huishouden.objects.create(straat="Laan", huisnummer="1", woonplaats="Delft")
    melding = MeldingFactory(
        team=team,
        huishouden=huishouden,
        status=MeldingStatus.IN_BEOORDELING,
        urgentie="midden",
        beoordelaar_1=onderzoeker,
        beoordelaar_2=collega,
    )
    # Seksueel misbruik triggers an afwegingskader rule: the page checks the consults against it.
    MeldingAard.objects.create(melding=melding, aard=Aard.SEKSUEEL_MISBRUIK)
    # Earlier meldingen about the same household feed the radar on the page.
    for dagen in range(1, KLEIN + 1):
        MeldingFactory(
            team=team,
            huishouden=huishouden,
            ontvangen_op=melding.ontvangen_op - timedelta(days=dagen),
        )
    _dossier_vullen(melding, onderzoeker, KLEIN)
    client.force_login(onderzoeker)
    url = reverse("melding_dossier", args=[melding.nummer])
    # The first request after logging in also stores the session; count the steady state, once
    # as the first view of the dossier in this process and once as the next one.
    client.get(url)
    caches["dossiers"].clear()
    klein = _aantal_queries(client, url)
    ongewijzigd = _aantal_queries(client, url)

    # The new rows move the melding's stand on: the next view renders the sections again.
    _dossier_vullen(melding, onderzoeker, GROOT)
    groot = _aantal_queries(client, url)

    assert groot <= klein <= MAX_DOSSIER
    assert ongewijzigd <= MAX_DOSSIER_ONGEWIJZIGD
    # Deskundigen of other teams are not offered in the consult form (national scale).
    html = client.get(reverse("consult_formulier", args=[melding.nummer])).content.decode()
    assert 'name="consult-deelnemers"' in html
    assert str(ander_deskundige) not in html
    assert str(organisatiebreed) in html
    # Reading the dossier is still audited on every request.
    assert AuditLog.objects.filter(actie="melding.inzien", object_id=melding.nummer).count() == 5


@pytest.mark.django_db
def test_dossier_van_ander_team_geeft_404_zonder_audit_van_inhoud(client, ander_team, onderzoeker):
    melding = MeldingFactory(team=ander_team, op_triagelijst=True)
    client.force_login(onderzoeker)
    antwoord = client.get(reverse("melding_dossier", args=[melding.nummer]))
    assert antwoord.status_code == 404
    assert not AuditLog.objects.filter(actie="melding.inzien", object_id=melding.nummer).exists()


def _besluiten(team, door, aantal: int) -> None:
    """Meldingen with a besluit spread over the last year: the dashboard's monthly figures."""
    nu = timezone.now()
    for i in range(aantal):
        ontvangen = nu - timedelta(days=(i * 9) % 360 + 10)
        melding = MeldingFactory(
            team=team,
            ontvangen_op=ontvangen,
            status=MeldingStatus.AFGESLOTEN,
            urgentie="midden",
            beoordelaar_1=door,
        )
        Besluit.objects.create(
            melding=melding,
            route="afsluiten",
            onderbouwing="Geen zorgen.",
            genomen_door=door,
            genomen_op=ontvangen + timedelta(days=3),
        )


@pytest.mark.django_db
def test_directiedashboard_kost_evenveel_queries_bij_meer_gegevens(
    client, team, ander_team, directie, collega
):
    gemeente = GemeenteFactory()
    _triagemeldingen(team, gemeente, collega, KLEIN)
    _besluiten(team, collega, KLEIN)
    client.force_login(directie)
    klein = _aantal_queries(client, reverse("directie"))

    _triagemeldingen(ander_team, gemeente, collega, GROOT)
    _besluiten(ander_team, collega, GROOT)
    groot = _aantal_queries(client, reverse("directie"))

    assert groot <= klein <= MAX_DIRECTIE


@pytest.mark.django_db
def test_directiedashboard_geweigerd_voor_onderzoeker(client, onderzoeker):
    client.force_login(onderzoeker)
    assert client.get(reverse("directie")).status_code == 403


@pytest.mark.django_db
def test_benchmark_van_identiteit_en_zoeken_geeft_alle_velden(onderzoeker, ander_team):
    """bench/identiteit.py on a handful of rows: every kind is measured and the lookups find
    what they should (no timings asserted)."""
    for i, team in enumerate([onderzoeker.team, ander_team] * 3):
        huishouden = Huishouden.objects.create(
            straat="Straat", huisnummer=f"{i + 1}-A", postcode=f"25{i:02d}AB", woonplaats="Plaats"
        )
        melding = MeldingFactory(team=team, huishouden=huishouden)
        for k, rol in enumerate(["slachtoffer", "pleger", "kind"]):
            persoon = Persoon.objects.create(
                voornamen=f"Voornaam{k}",
                achternaam=f"Bench{'abcdef'[i]}",
                geboortedatum=timezone.localdate() - timedelta(days=3000 + 400 * k + i),
                bsn=["123456782", "111222333", None][k] if i == 0 else None,
            )
            Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol=rol)

    resolutie = meet_resolutie(records_maken(8))
    assert set(resolutie) == {*RECORDSOORTEN, "alle"}
    assert resolutie["bsn_bekend"].uitkomsten["gekoppeld"] == resolutie["bsn_bekend"].aantal
    assert resolutie["zonder_bsn"].uitkomsten["gekoppeld"] == resolutie["zonder_bsn"].aantal
    assert resolutie["onbekend"].uitkomsten["niets"] == resolutie["onbekend"].aantal
    assert resolutie["alle"].queries_max <= 4

    zoek = meet_zoeken(onderzoeker, zoekteksten(onderzoeker, 4))
    assert set(zoek) == {"nummer", "bsn", "naam_geboortedatum", "postcode_huisnummer"}
    for delen in zoek.values():
        assert delen["selector"].aantal > 0
        assert delen["selector"].uitkomsten["treffers"] > 0
        assert delen["pagina"].queries_max > 0
