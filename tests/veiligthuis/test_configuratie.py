"""The per-process copies of the closure days and the afwegingskader rules (veiligthuis.configuratie).

A copy is used while the table's stamp is unchanged; every write, by any channel, renews the stamp
through a database trigger. "Another process" is played by SQL that bypasses the ORM (no signals),
which is what a second gunicorn worker or a Celery worker looks like from here. Runs on both
databases: the triggers are written per engine.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meldingen import afwegingskader
from meldingen.keuzes import Aard, MeldingStatus
from meldingen.models import Afwegingsregel, MeldingAard
from tests.factories import MeldingFactory
from veiligthuis import configuratie, termijnen
from veiligthuis.models import Configuratieversie, Gemeente, Sluitingsdag

DAG = date(2026, 6, 12)


def _als_ander_proces(sql: str, parameters=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)


def _stempel(sleutel: str):
    return (
        Configuratieversie.objects.filter(sleutel=sleutel).values_list("stempel", flat=True).first()
    )


@pytest.mark.django_db
def test_een_sluitingsdag_van_een_ander_proces_telt_bij_het_volgende_verzoek():
    with configuratie.verzoek():
        assert not termijnen.Kalender.laad().is_sluitingsdag(DAG)
        _als_ander_proces(
            "INSERT INTO veiligthuis_sluitingsdag (datum, omschrijving) VALUES (%s, %s)",
            [DAG, "Teamdag"],
        )
        # Within one request the stamps read at its start hold (the user's query brought them).
        assert not termijnen.Kalender.laad().is_sluitingsdag(DAG)
    with configuratie.verzoek():
        assert termijnen.Kalender.laad().is_sluitingsdag(DAG)
    # Outside a request (a Celery task) every use checks the stamp.
    _als_ander_proces("DELETE FROM veiligthuis_sluitingsdag WHERE datum = %s", [DAG])
    assert not termijnen.Kalender.laad().is_sluitingsdag(DAG)


@pytest.mark.django_db
def test_elke_schrijfwijze_vernieuwt_de_stempel():
    stempels = [_stempel(configuratie.SLUITINGSDAGEN)]
    dag = Sluitingsdag.objects.create(datum=DAG, omschrijving="Teamdag")
    stempels.append(_stempel(configuratie.SLUITINGSDAGEN))
    Sluitingsdag.objects.filter(pk=dag.pk).update(omschrijving="Studiedag")  # no signal
    stempels.append(_stempel(configuratie.SLUITINGSDAGEN))
    Sluitingsdag.objects.filter(pk=dag.pk).delete()
    stempels.append(_stempel(configuratie.SLUITINGSDAGEN))
    assert None not in stempels[1:]
    assert len(set(stempels)) == 4, stempels
    # The other table has its own stamp: untouched by the closure days.
    assert _stempel(configuratie.AFWEGINGSREGELS) is None or _stempel(
        configuratie.AFWEGINGSREGELS
    ) != _stempel(configuratie.SLUITINGSDAGEN)


@pytest.mark.django_db
def test_opslaan_in_hetzelfde_verzoek_telt_in_dat_verzoek():
    """The admin adds a closure day and the same request recomputes: it sees its own write."""
    with configuratie.verzoek():
        assert termijnen.is_werkdag(DAG)
        Sluitingsdag.objects.create(datum=DAG, omschrijving="Teamdag")
        assert not termijnen.is_werkdag(DAG)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_truncate_vernieuwt_de_stempel_op_postgresql():
    Sluitingsdag.objects.create(datum=DAG, omschrijving="Teamdag")
    assert termijnen.Kalender.laad().is_sluitingsdag(DAG)
    voor = _stempel(configuratie.SLUITINGSDAGEN)
    _als_ander_proces("TRUNCATE veiligthuis_sluitingsdag")
    assert _stempel(configuratie.SLUITINGSDAGEN) != voor
    assert not termijnen.Kalender.laad().is_sluitingsdag(DAG)


@pytest.mark.django_db
def test_een_uitgezette_regel_geldt_niet_meer_zonder_herstart(team):
    afwegingskader.standaardregels_aanmaken()  # a transactional test may have emptied the table
    melding = MeldingFactory(team=team, status=MeldingStatus.IN_BEOORDELING, urgentie="midden")
    MeldingAard.objects.create(melding=melding, aard=Aard.SEKSUEEL_MISBRUIK)
    regel = Afwegingsregel.objects.get(trigger_waarde=Aard.SEKSUEEL_MISBRUIK)
    assert regel.naam in [r.naam for r, _tekst in afwegingskader.onvoldane_regels(melding)]

    _als_ander_proces(
        "UPDATE meldingen_afwegingsregel SET actief = %s WHERE id = %s", [False, regel.pk]
    )
    assert regel.pk not in [r.pk for r in afwegingskader.actieve_regels()]
    assert regel.naam not in [r.naam for r, _tekst in afwegingskader.onvoldane_regels(melding)]


@pytest.mark.django_db
def test_pagina_leest_de_tabellen_alleen_na_een_wijziging(client, team, onderzoeker):
    """On a page the stamps come with the user; the rows only after another process changed them."""
    afwegingskader.standaardregels_aanmaken()
    melding = MeldingFactory(
        team=team,
        status=MeldingStatus.IN_BEOORDELING,
        urgentie="midden",
        beoordelaar_1=onderzoeker,
    )
    MeldingAard.objects.create(melding=melding, aard=Aard.SEKSUEEL_MISBRUIK)
    client.force_login(onderzoeker)
    url = reverse("melding_dossier", args=[melding.nummer])

    def gelezen() -> set[str]:
        with CaptureQueriesContext(connection) as vastgelegd:
            assert client.get(url).status_code == 200
        # Queries on the table itself (the user's query holds the stamp table as a subquery).
        return {
            tabel
            for tabel in (*configuratie.TABELLEN.values(), "veiligthuis_configuratieversie")
            for q in vastgelegd.captured_queries
            if q["sql"].startswith(f'SELECT "{tabel}".')
        }

    gelezen()  # the first request may fill this process's copies
    assert gelezen() == set()  # the stamps come inside the user's query, no table read
    _als_ander_proces(
        "INSERT INTO veiligthuis_sluitingsdag (datum, omschrijving) VALUES (%s, %s)",
        [DAG, "Teamdag"],
    )
    assert gelezen() == {"veiligthuis_sluitingsdag"}
    assert gelezen() == set()


@pytest.mark.django_db
def test_filterlijsten_volgen_een_nieuwe_gemeente_zonder_query_per_optie(client, werkbegeleider):
    """The triagelijst's gemeente filter lists the process's copy, and still validates a choice."""
    client.force_login(werkbegeleider)
    url = reverse("triagelijst")
    client.get(url)
    with CaptureQueriesContext(connection) as vastgelegd:
        html = client.get(url).content.decode()
    assert not any(
        q["sql"].startswith('SELECT "veiligthuis_gemeente"') for q in vastgelegd.captured_queries
    )
    assert "Gemeente Nergenshuizen" not in html
    _als_ander_proces(
        "INSERT INTO veiligthuis_gemeente (cbs_code, naam) VALUES (%s, %s)",
        ["GM9999", "Gemeente Nergenshuizen"],
    )
    html = client.get(url).content.decode()
    assert "Gemeente Nergenshuizen" in html
    gemeente_id = Gemeente.objects.get(cbs_code="GM9999").pk
    assert f'<option value="{gemeente_id}" selected>Gemeente Nergenshuizen</option>' in (
        client.get(url, {"gemeente": gemeente_id}).content.decode()
    )
    fout = client.get(url, {"gemeente": 999999}).content.decode()
    assert "Selecteer een geldige keuze" in fout
