"""The triagelijst's table is kept in the cache only while nothing it shows has changed
(`veiligthuis.paginacache`, counter `triagelijst`): every change reaches the next request, by
whatever path it was written, and nobody sees a table made for someone else."""

from __future__ import annotations

import re
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meldingen.keuzes import Urgentie
from meldingen.models import Activiteit, Melding
from meldingen.selectors import triage as triage_selectors
from meldingen.views.triage import TRIAGETABEL
from tests.factories import GemeenteFactory, MedewerkerFactory, MeldingFactory
from veiligthuis.configuratie import teller, teller_delen_aanmaken
from veiligthuis.models import Configuratieversie
from veiligthuis.paginacache import Fragmentcache

HTMX = {"HTTP_HX_REQUEST": "true"}


def _tabel(client, **params) -> str:
    return client.get(reverse("triagelijst"), params, **HTMX).content.decode()


def _rij(html: str, melding: Melding) -> str:
    return html.split(f'data-testid="rij-{melding.nummer}"')[1].split("</tr>")[0]


def _getriggerde_tabellen() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers"
                " WHERE trigger_name LIKE %s",
                ["%_teller_triagelijst"],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE %s",
                ["%_teller_triagelijst_%"],
            )
        return {rij[0] for rij in cursor.fetchall()}


@pytest.mark.django_db
def test_elke_tabel_die_de_triagelijst_leest_heeft_een_teller_trigger(
    team, onderzoeker, werkbegeleider, rf
):
    """The tables are taken from the queries themselves, for the team list and the organisation
    list with every filter: a new join without a trigger fails here."""
    gemeente = GemeenteFactory()
    MeldingFactory(team=team, op_triagelijst=True, gemeente=gemeente)
    verzoek = rf.get("/")
    verzoek.user = onderzoeker
    gelezen: set[str] = set()
    varianten = [
        (onderzoeker, False, triage_selectors.TriageFilters()),
        (
            werkbegeleider,
            True,
            triage_selectors.TriageFilters(
                team=team,
                gemeente=gemeente,
                urgentie="hoog",
                beoordelaar=onderzoeker,
                fase="gestart",
            ),
        ),
    ]
    for gebruiker, organisatiebreed, filters in varianten:
        with CaptureQueriesContext(connection) as queries:
            resultaat = triage_selectors.triagelijst_pagina(
                gebruiker=gebruiker, organisatiebreed=organisatiebreed, filters=filters
            )
            render_to_string(
                "meldingen/_triagelijst_tabel.html",
                {"resultaat": resultaat, "organisatiebreed": organisatiebreed},
                verzoek,
            )
        for query in queries.captured_queries:
            gelezen |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    assert "meldingen_melding" in gelezen and "meldingen_activiteit" in gelezen
    # Not shown in the table: the roles of who looks (in the cache key as what they may do) and
    # the stamps of the cached configuration (which its own triggers renew).
    gelezen -= {"veiligthuis_roltoewijzing", "veiligthuis_configuratieversie"}
    assert gelezen <= _getriggerde_tabellen()


@pytest.mark.django_db
def test_tweede_keer_uit_de_cache_en_elke_wijziging_komt_door(client, team, onderzoeker):
    melding = MeldingFactory(team=team, in_beoordeling=True, urgentie=Urgentie.LAAG)
    client.force_login(onderzoeker)
    eerste = _tabel(client)
    with CaptureQueriesContext(connection) as queries:
        tweede = _tabel(client)
    assert tweede == eerste
    assert not any("meldingen_melding" in q["sql"] for q in queries.captured_queries)

    # Through the ORM.
    melding.urgentie = Urgentie.ACUUT
    melding.save(update_fields=["urgentie"])
    assert "vt-urgentie-acuut" in _rij(_tabel(client), melding)
    # Past every Django signal: plain SQL, as psql or another process would write it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meldingen_melding SET urgentie = %s WHERE id = %s", ["midden", melding.pk]
        )
    assert "vt-urgentie-midden" in _rij(_tabel(client), melding)
    # Another table the row shows: the latest activiteit, a beoordelaar's name.
    Activiteit.objects.create(
        melding=melding, datum=timezone.now(), soort="gesprek", met_wie="Moeder", door=onderzoeker
    )
    assert timezone.localdate().strftime("%d-%m-%Y") in _rij(_tabel(client), melding)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE veiligthuis_medewerker SET last_name = %s WHERE id = %s",
            ["Nieuwenaam", melding.beoordelaar_1_id],
        )
    assert "Nieuwenaam" in _rij(_tabel(client), melding)
    # A new melding on the list.
    nieuw = MeldingFactory(team=team, op_triagelijst=True)
    assert f'data-testid="rij-{nieuw.nummer}"' in _tabel(client)


@pytest.mark.django_db
def test_de_tijd_verandert_de_tabel_ook_zonder_wijziging(client, team, onderzoeker):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    termijn = Melding.objects.get(pk=melding.pk).termijn_veiligheidsbeoordeling
    with time_machine.travel(termijn - timedelta(minutes=5), tick=False):
        client.force_login(onderzoeker)  # a session of that day
        voor = _rij(_tabel(client), melding)
        assert "overschreden" not in voor
        assert _rij(_tabel(client), melding) == voor
    with time_machine.travel(termijn + timedelta(minutes=1), tick=False):
        client.force_login(onderzoeker)
        assert "overschreden" in _rij(_tabel(client), melding)
    stand = teller(triage_selectors.TRIAGETELLER)
    assert teller(triage_selectors.TRIAGETELLER) == stand, "reading changes nothing"


@pytest.mark.django_db
def test_niemand_krijgt_de_tabel_van_een_ander(
    client, team, ander_team, onderzoeker, onderzoeker_ander_team, gedragswetenschapper
):
    eigen = MeldingFactory(team=team, op_triagelijst=True)
    anders = MeldingFactory(team=ander_team, op_triagelijst=True)
    client.force_login(onderzoeker)
    html = _tabel(client)
    assert eigen.nummer in html and "Oppakken" in html

    client.force_login(onderzoeker_ander_team)
    html = _tabel(client)
    assert anders.nummer in html and eigen.nummer not in html

    # Same team, no onderzoeker: the same rows, without the pick-up buttons.
    client.force_login(gedragswetenschapper)
    html = _tabel(client)
    assert eigen.nummer in html and "Oppakken" not in html

    # Without a team: refused, never a cached table.
    client.force_login(MedewerkerFactory(team=None, rollen=["onderzoeker"], username="zonder"))
    antwoord = client.get(reverse("triagelijst"), **HTMX)
    assert antwoord.status_code == 403
    assert eigen.nummer not in antwoord.content.decode()


@pytest.mark.django_db
def test_filters_op_tijd_en_een_geweigerd_oppakken_gaan_langs_de_cache(client, team, onderzoeker):
    MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(onderzoeker)
    gemaakt = TRIAGETABEL.gemaakt
    _tabel(client, termijn="overschreden")
    _tabel(client, termijn="overschreden")
    _tabel(client, zicht="achterstallig")
    assert TRIAGETABEL.gemaakt == gemaakt, "time-dependent filters are never cached"
    _tabel(client)
    _tabel(client)
    assert TRIAGETABEL.gemaakt == gemaakt + 1


def test_een_andere_instelling_geeft_een_andere_codestempel(settings):
    bronnen = ["templates/meldingen/_triagelijst_tabel.html"]
    instellingen = ["VT_DREIGEND_B_WERKDAGEN"]
    settings.VT_DREIGEND_B_WERKDAGEN = 1
    een = Fragmentcache("x", teller_sleutel="x", bronbestanden=bronnen, instellingen=instellingen)
    settings.VT_DREIGEND_B_WERKDAGEN = 2
    twee = Fragmentcache("x", teller_sleutel="x", bronbestanden=bronnen, instellingen=instellingen)
    assert een.codestempel != twee.codestempel


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_gelijktijdige_schrijvers_wachten_niet_op_de_teller(team):
    """Two open transactions that each change a melding: the second never waits for the first's
    counter part (lock_timeout would fail it), and both count once committed."""
    # The test database was emptied before this test, the parts the migration made included.
    teller_delen_aanmaken(Configuratieversie, triage_selectors.TRIAGETELLER)
    eerste, tweede = MeldingFactory(team=team), MeldingFactory(team=team)
    voor = teller(triage_selectors.TRIAGETELLER)
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
                "UPDATE meldingen_melding SET urgentie = 'hoog' WHERE id = %s", [melding.pk]
            )
        assert teller(triage_selectors.TRIAGETELLER) == voor, "nothing visible before commit"
        for verbinding in verbindingen:
            verbinding.commit()
    finally:
        for verbinding in verbindingen:
            verbinding.close()
    assert teller(triage_selectors.TRIAGETELLER) == voor + 2
