"""The dossier's sections are kept per process only while nothing they show has changed
(`meldingen.views.dossier.DOSSIERS`, the stands of `meldingen.dossierstand`): every change reaches
the next view, by whatever path it was written, nobody sees sections made for someone else, and
the permission, the radar, the CSRF token and the audit row stay live on every view."""

from __future__ import annotations

import re
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meldingen import afwegingskader
from meldingen.dossierstand import DOSSIERTELLER
from meldingen.keuzes import ConsultVorm, RolInMelding
from meldingen.models import (
    Consult,
    Directbetrokkene,
    Dossierstand,
    Huishouden,
    Journaalregel,
    Melding,
    OverigeZorgSignaal,
)
from meldingen.selectors.dossier import dossierkop
from meldingen.views.dossier import DOSSIERS
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.configuratie import teller
from veiligthuis.models import Rol
from veiligthuis.paginacache import CSRF_PLAATSHOUDER


@pytest.fixture(autouse=True)
def afwegingsregels(db):
    afwegingskader.standaardregels_aanmaken()


@pytest.fixture
def melding(onderzoeker, collega):
    huishouden = Huishouden.objects.create(straat="Laan", huisnummer="1", woonplaats="Delft")
    return MeldingFactory(
        team=onderzoeker.team,
        in_beoordeling=True,
        beoordelaar_1=onderzoeker,
        beoordelaar_2=collega,
        huishouden=huishouden,
    )


def _url(melding: Melding) -> str:
    return reverse("melding_dossier", args=[melding.nummer])


def _bekijk(client, melding: Melding) -> tuple[str, bool]:
    """The dossier's HTML, and whether its sections came from the cache."""
    voor = DOSSIERS.treffers
    antwoord = client.get(_url(melding))
    assert antwoord.status_code == 200
    return antwoord.content.decode(), DOSSIERS.treffers > voor


def _sql(opdracht: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(opdracht, params)


def _getriggerde_tabellen() -> set[str]:
    """Tables with a stand trigger or a trigger of the shared counter `dossier`."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers"
                " WHERE trigger_name LIKE %s OR trigger_name LIKE %s",
                ["%_dossierstand_update", f"%_teller_{DOSSIERTELLER}"],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'"
                " AND (name LIKE %s OR name LIKE %s)",
                ["%_dossierstand_update", f"%_teller_{DOSSIERTELLER}_update"],
            )
        return {rij[0] for rij in cursor.fetchall()}


@pytest.mark.django_db
def test_elke_tabel_die_het_dossier_toont_heeft_een_trigger(client, melding, onderzoeker, team):
    """The tables come from the queries that render the sections: a new join without a trigger
    fails here."""
    deskundige = MedewerkerFactory(team=team, rollen=[Rol.VERTROUWENSARTS])
    consult = Consult.objects.create(
        melding=melding,
        vorm=ConsultVorm.MDO,
        datum=melding.ontvangen_op,
        vraag="Vraag",
        uitkomst="Uitkomst",
        vastgelegd_door=onderzoeker,
    )
    consult.deelnemers.set([deskundige])
    client.force_login(onderzoeker)
    client.get(_url(melding))
    caches["dossiers"].clear()
    with CaptureQueriesContext(connection) as queries:
        _html, uit_cache = _bekijk(client, melding)
    assert not uit_cache
    gelezen: set[str] = set()
    for query in queries.captured_queries:
        gelezen |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    assert {"meldingen_journaalregel", "meldingen_consult_deelnemers", "meldingen_persoon"} <= (
        gelezen
    )
    # Not in the cached sections: the page header (notifications), the stamps of the cached
    # configuration (in the key), the stands themselves and the audit row written per view.
    gelezen -= {
        "wachtlijst_notificatie",
        "veiligthuis_configuratieversie",
        "meldingen_dossierstand",
        "veiligthuis_auditlog",
        "django_session",
    }
    assert gelezen <= _getriggerde_tabellen()


@pytest.mark.django_db
def test_tweede_keer_uit_de_cache_en_elke_wijziging_komt_door(
    client, melding, onderzoeker, collega
):
    client.force_login(onderzoeker)
    _html, uit_cache = _bekijk(client, melding)
    assert not uit_cache
    html, uit_cache = _bekijk(client, melding)
    assert uit_cache
    kind = melding.directbetrokkenen.get().persoon

    # Through the ORM: a new journaalregel.
    regel = Journaalregel.objects.create(
        melding=melding, soort="feit", bron="Melder", tekst="Regel via de ORM", auteur=collega
    )
    html, uit_cache = _bekijk(client, melding)
    assert not uit_cache and "Regel via de ORM" in html
    assert _bekijk(client, melding)[1]

    # Raw SQL on the row (psql, a data fix): the statement trigger sees it too.
    _sql("UPDATE meldingen_journaalregel SET tekst = %s WHERE id = %s", "Via SQL", regel.pk)
    html, uit_cache = _bekijk(client, melding)
    assert not uit_cache and "Via SQL" in html and "Regel via de ORM" not in html

    # A persoon changes through its directbetrokkene (another table than the melding's own).
    _sql("UPDATE meldingen_persoon SET achternaam = %s WHERE id = %s", "Zwaneveld", kind.pk)
    assert "Zwaneveld" in _bekijk(client, melding)[0]

    # The household's address, through the melding's huishouden.
    _sql(
        "UPDATE meldingen_huishouden SET straat = %s WHERE id = %s",
        "Kerkpad",
        melding.huishouden_id,
    )
    assert "Kerkpad" in _bekijk(client, melding)[0]

    # A staff name (the journaal's author) through a bulk update: the shared counter.
    type(collega).objects.filter(pk=collega.pk).update(last_name="Verhoeven")
    assert "Verhoeven" in _bekijk(client, melding)[0]

    # A consult's deelnemer added through the many-to-many table only.
    consult = Consult.objects.create(
        melding=melding,
        vorm=ConsultVorm.CONSULT,
        datum=melding.ontvangen_op,
        vraag="Vraag",
        uitkomst="Uitkomst",
        vastgelegd_door=onderzoeker,
    )
    _bekijk(client, melding)
    deskundige = MedewerkerFactory(
        team=onderzoeker.team, rollen=[Rol.GEDRAGSWETENSCHAPPER], last_name="Kortenhoeven"
    )
    _bekijk(client, melding)
    consult.deelnemers.add(deskundige)
    assert "Kortenhoeven" in _bekijk(client, melding)[0]

    # Deleted by SQL: gone on the next view.
    _sql("DELETE FROM meldingen_journaalregel WHERE id = %s", regel.pk)
    assert "Via SQL" not in _bekijk(client, melding)[0]


@pytest.mark.django_db
def test_de_radar_is_live_ook_uit_de_cache(client, melding, onderzoeker, ander_team):
    """A new melding about the same child changes no row of this melding: the radar is read on
    every view, and the sections it feeds are made again."""
    client.force_login(onderzoeker)
    _bekijk(client, melding)
    html, uit_cache = _bekijk(client, melding)
    assert uit_cache and "Geen eerdere meldingen" in html
    eerder = MeldingFactory(
        team=onderzoeker.team, ontvangen_op=melding.ontvangen_op - timedelta(days=30)
    )
    Directbetrokkene.objects.create(
        melding=eerder, persoon=melding.directbetrokkenen.get().persoon, rol=RolInMelding.KIND
    )
    html, uit_cache = _bekijk(client, melding)
    assert not uit_cache and eerder.nummer in html
    assert _bekijk(client, melding)[1]
    # The other melding moving to a team the user has no access to: number only.
    eerder_html = _bekijk(client, melding)[0]
    assert f'href="{_url(eerder)}"' in eerder_html
    Melding.objects.filter(pk=eerder.pk).update(team=ander_team)
    html, uit_cache = _bekijk(client, melding)
    assert not uit_cache and eerder.nummer in html and f'href="{_url(eerder)}"' not in html


@pytest.mark.django_db
def test_gedeelde_tabellen_verzetten_de_gedeelde_teller(melding, onderzoeker):
    """What the dossier shows beyond its melding moves the counter `dossier`; a login (last_login)
    does not, so signing in does not throw every dossier away."""
    voor = teller(DOSSIERTELLER)
    onderzoeker.last_login = timezone.now()
    onderzoeker.save(update_fields=["last_login"])
    assert teller(DOSSIERTELLER) == voor
    OverigeZorgSignaal.objects.create(
        sleutel="ab" * 32, ontvangen_op=timezone.now(), doorgestuurd_op=timezone.now()
    )
    assert teller(DOSSIERTELLER) == voor + 1
    type(onderzoeker).objects.filter(pk=onderzoeker.pk).update(first_name="Anna")
    assert teller(DOSSIERTELLER) == voor + 2
    kop = dossierkop(gebruiker=onderzoeker, nummer=melding.nummer)
    assert kop.gedeeld == voor + 2


@pytest.mark.django_db
def test_een_bulkwijziging_verzet_elke_stand_een_keer(onderzoeker):
    meldingen = [MeldingFactory(team=onderzoeker.team) for _ in range(3)]
    ids = [m.pk for m in meldingen]
    voor = {s.melding_id: s.stand for s in Dossierstand.objects.filter(melding_id__in=ids)}
    Melding.objects.filter(pk__in=ids).update(urgentie="hoog")
    na = {s.melding_id: s.stand for s in Dossierstand.objects.filter(melding_id__in=ids)}
    assert {pk: na[pk] - voor.get(pk, 0) for pk in ids} == dict.fromkeys(ids, 1)


@pytest.mark.django_db
def test_de_tijd_verandert_het_dossier_ook_zonder_wijziging(client, onderzoeker):
    """A termijn falling due turns "op tijd" into "overschreden" with no row changed."""
    # Ontvangen, screening A due in ten minutes.
    melding = MeldingFactory(
        team=onderzoeker.team, termijn_acute_screening=timezone.now() + timedelta(minutes=10)
    )
    client.force_login(onderzoeker)
    html, _ = _bekijk(client, melding)
    assert _bekijk(client, melding)[1]
    assert "overschreden" not in html
    with time_machine.travel(melding.termijn_acute_screening + timedelta(minutes=1), tick=False):
        html, uit_cache = _bekijk(client, melding)
    assert not uit_cache and "overschreden" in html


@pytest.mark.django_db
def test_niemand_krijgt_de_secties_van_een_ander(
    client, melding, onderzoeker, collega, werkbegeleider, onderzoeker_ander_team
):
    """The same dossier, cached for one user, shows another user their own actions; another team
    gets a 404 from the cached dossier too, and so does a user who moved team since."""
    client.force_login(werkbegeleider)
    _bekijk(client, melding)
    html_wb, uit_cache = _bekijk(client, melding)
    assert uit_cache
    buiten = MedewerkerFactory(team=onderzoeker.team, rollen=["onderzoeker"])
    client.force_login(buiten)
    html, uit_cache = _bekijk(client, melding)
    assert not uit_cache
    # The werkbegeleider may return the melding to the triagelijst; a non-beoordelaar may not.
    teruggeven = reverse("melding_teruggeven", args=[melding.nummer])
    assert teruggeven in html_wb and teruggeven not in html

    client.force_login(onderzoeker_ander_team)
    assert client.get(_url(melding)).status_code == 404
    assert not AuditLog.objects.filter(
        actie="melding.inzien", object_id=melding.nummer, medewerker=onderzoeker_ander_team
    ).exists()

    client.force_login(buiten)
    assert _bekijk(client, melding)[1]
    type(buiten).objects.filter(pk=buiten.pk).update(team=onderzoeker_ander_team.team)
    assert client.get(_url(melding)).status_code == 404


@pytest.mark.django_db
def test_csrf_token_per_verzoek_en_een_formulier_uit_de_cache_werkt(melding, onderzoeker):
    eerste = Client(enforce_csrf_checks=True)
    eerste.force_login(onderzoeker)
    _bekijk(eerste, melding)
    tweede = Client(enforce_csrf_checks=True)
    tweede.force_login(onderzoeker)
    html, uit_cache = _bekijk(tweede, melding)
    assert uit_cache
    assert CSRF_PLAATSHOUDER not in html
    # The journaal form's token, from the cached sections.
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', html.split('id="journaal"')[1]
    ).group(1)
    antwoord = tweede.post(
        reverse("journaal_toevoegen", args=[melding.nummer]),
        {
            "csrfmiddlewaretoken": token,
            "journaal-soort": "feit",
            "journaal-bron": "Melder",
            "journaal-tekst": "Vastgelegd vanuit een dossier uit de cache.",
        },
    )
    assert antwoord.status_code == 302
    assert melding.journaal.filter(tekst__startswith="Vastgelegd vanuit").count() == 1


@pytest.mark.django_db
def test_een_bevestiging_en_htmx_gaan_langs_de_cache(client, melding, onderzoeker):
    client.force_login(onderzoeker)
    _bekijk(client, melding)
    assert _bekijk(client, melding)[1]
    client.post(
        reverse("journaal_toevoegen", args=[melding.nummer]),
        {"journaal-soort": "feit", "journaal-bron": "Melder", "journaal-tekst": "Nieuw feit."},
    )
    html, uit_cache = _bekijk(client, melding)
    assert not uit_cache and "De journaalregel is toegevoegd." in html
    html, _ = _bekijk(client, melding)
    assert "De journaalregel is toegevoegd." not in html and "Nieuw feit." in html
    voor = DOSSIERS.treffers
    assert client.get(_url(melding), HTTP_HX_REQUEST="true").status_code == 200
    assert DOSSIERS.treffers == voor


@pytest.mark.django_db
def test_elke_keer_een_auditregel_ook_uit_de_cache(client, melding, onderzoeker):
    client.force_login(onderzoeker)
    for _ in range(3):
        _bekijk(client, melding)
    assert DOSSIERS.treffers >= 2
    assert (
        AuditLog.objects.filter(
            actie="melding.inzien", object_id=melding.nummer, medewerker=onderzoeker
        ).count()
        == 3
    )


@pytest.mark.postgresql
@pytest.mark.django_db
def test_truncate_verzet_de_gedeelde_teller(melding):
    """A TRUNCATE names no melding: every dossier's shared counter moves on instead."""
    voor = teller(DOSSIERTELLER)
    _sql("TRUNCATE meldingen_meldingaard")
    assert teller(DOSSIERTELLER) == voor + 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_schrijvers_van_verschillende_meldingen_wachten_niet_op_elkaar(team, onderzoeker):
    """Two open transactions, each adding to another melding's journaal: the second never waits
    for the first's stand (lock_timeout would fail it); each stand moves once, at commit."""
    eerste, tweede = MeldingFactory(team=team), MeldingFactory(team=team)
    ids = [eerste.pk, tweede.pk]
    voor = dict(Dossierstand.objects.filter(melding_id__in=ids).values_list("melding_id", "stand"))
    instellingen = connection.settings_dict
    verbindingen = [
        psycopg.connect(
            dbname=instellingen["NAME"],
            user=instellingen["USER"],
            host=instellingen["HOST"],
            port=instellingen["PORT"] or 5432,
        )
        for _ in range(2)
    ]
    try:
        for verbinding, melding in zip(verbindingen, (eerste, tweede), strict=True):
            verbinding.execute("SET lock_timeout = '2s'")
            verbinding.execute(
                "INSERT INTO meldingen_journaalregel (melding_id, soort, bron, tekst, auteur_id,"
                " geschreven_op) VALUES (%s, 'feit', 'Melder', 'Gelijktijdig', %s, now())",
                [melding.pk, onderzoeker.pk],
            )
        na_schrijven = dict(
            Dossierstand.objects.filter(melding_id__in=ids).values_list("melding_id", "stand")
        )
        assert na_schrijven == voor, "nothing visible before commit"
        for verbinding in verbindingen:
            verbinding.commit()
    finally:
        for verbinding in verbindingen:
            verbinding.close()
    na = dict(Dossierstand.objects.filter(melding_id__in=ids).values_list("melding_id", "stand"))
    assert {pk: na[pk] - voor.get(pk, 0) for pk in ids} == dict.fromkeys(ids, 1)
