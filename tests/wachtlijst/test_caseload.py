"""Caseload zwaarte against the norm, niet-inzetbare onderzoekers flagged, and herverdelen all of
their beoordelingen in one step (meldingen.services.herverdeling.beoordelingen_herverdelen)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from diensten.keuzes import DienstStatus, DienstType
from diensten.models import Vervolgdienst
from meldingen.keuzes import MeldingStatus
from meldingen.models import Journaalregel, Melding
from meldingen.services.herverdeling import beoordelingen_herverdelen
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from wachtlijst.selectors.werkbegeleider import werkbegeleider_overzicht


@pytest.fixture
def ziek(team):
    """An onderzoeker whose staff records are missing: niet inzetbaar."""
    return MedewerkerFactory(
        team=team, rollen=["onderzoeker"], username="ziek", niet_inzetbaar=True
    )


@pytest.fixture
def wb(team):
    return MedewerkerFactory(team=team, rollen=["werkbegeleider"], username="wb-caseload")


def _in_b(team, een, twee):
    # Registered by the beoordelaar itself: no extra medewerker in the team from the factory.
    return MeldingFactory(
        team=team, in_beoordeling=True, beoordelaar_1=een, beoordelaar_2=twee, aangemaakt_door=een
    )


def _dienst(team, uitvoerder, type_, status):
    melding = MeldingFactory(team=team, aangemaakt_door=uitvoerder)
    Melding.objects.filter(pk=melding.pk).update(status=MeldingStatus.NAAR_VERVOLGDIENST)
    dienst = Vervolgdienst.objects.create(
        melding=melding,
        type=type_,
        besluit_op=timezone.now(),
        termijn=timezone.now(),
        uitvoerder=uitvoerder,
    )
    Vervolgdienst.objects.filter(pk=dienst.pk).update(status=status)


def test_zwaarte_per_soort_tegen_de_norm(team, wb, onderzoeker, collega, settings):
    settings.VT_CASELOAD_GEWICHTEN = {
        "beoordeling": 1.0,
        "voorwaarden_vervolg": 1.5,
        "onderzoek": 2.0,
        "monitoring": 0.25,
    }
    settings.VT_CASELOAD_NORM = 4.0
    _in_b(team, onderzoeker, collega)
    _dienst(team, onderzoeker, DienstType.VOORWAARDEN_EN_VERVOLG, DienstStatus.LOPEND)
    _dienst(team, onderzoeker, DienstType.ONDERZOEK, DienstStatus.WACHT_OP_START)
    _dienst(team, onderzoeker, DienstType.ONDERZOEK, DienstStatus.MONITORING)
    _dienst(team, onderzoeker, DienstType.ONDERZOEK, DienstStatus.AFGESLOTEN)  # not counted
    rijen = {c.medewerker.pk: c for c in werkbegeleider_overzicht(gebruiker=wb).caseload}
    rij = rijen[onderzoeker.pk]
    assert (rij.in_beoordeling, rij.voorwaarden_vervolg, rij.onderzoek, rij.monitoring) == (
        1,
        1,
        1,
        1,
    )
    assert rij.zwaarte == 1.0 + 1.5 + 2.0 + 0.25
    assert rij.boven_norm
    assert rijen[collega.pk].zwaarte == 1.0 and not rijen[collega.pk].boven_norm
    assert rij.niet_inzetbaar == []


def test_pagina_markeert_niet_inzetbaar_en_boven_de_norm(client, team, wb, ziek, onderzoeker):
    _in_b(team, ziek, onderzoeker)
    client.force_login(wb)
    html = client.get("/werkbegeleider/").content.decode()
    rij = re.search(r'data-testid="caseload-ziek">(.*?)</tr>', html, re.S)[1]
    assert "Niet inzetbaar" in rij
    assert "De 1 beoordeling herverdelen" in rij
    assert f"/werkbegeleider/herverdelen-alle/{ziek.pk}/" in rij
    rij_ok = re.search(r'data-testid="caseload-onderzoeker1">(.*?)</tr>', html, re.S)[1]
    assert "Niet inzetbaar" not in rij_ok and "herverdelen-alle" not in rij_ok


def test_alles_herverdelen_naar_de_minst_belaste_inzetbare(team, wb, ziek, onderzoeker, collega):
    derde = MedewerkerFactory(team=team, rollen=["onderzoeker"], username="derde")
    een = _in_b(team, ziek, onderzoeker)  # the other beoordelaar: onderzoeker → not to them
    twee = _in_b(team, collega, ziek)
    _in_b(team, collega, onderzoeker)  # collega and onderzoeker carry one more each
    verplaatst = beoordelingen_herverdelen(van_id=ziek.pk, door=wb, reden="Langdurig ziek")
    assert {m.pk for m in verplaatst} == {een.pk, twee.pk}
    een.refresh_from_db()
    twee.refresh_from_db()
    assert {een.beoordelaar_1_id, een.beoordelaar_2_id} == {derde.pk, onderzoeker.pk}
    # Then derde and onderzoeker carry 1 and 3, and collega is twee's other beoordelaar: derde.
    assert {twee.beoordelaar_1_id, twee.beoordelaar_2_id} == {collega.pk, derde.pk}
    assert not Melding.objects.filter(beoordelaar_1=ziek).exists()
    assert not Melding.objects.filter(beoordelaar_2=ziek).exists()
    assert AuditLog.objects.filter(actie="melding.herverdelen").count() == 2
    assert Journaalregel.objects.filter(tekst__contains="Langdurig ziek").count() == 2


def test_alles_of_niets_zonder_kandidaat(team, wb, ziek, onderzoeker):
    een = _in_b(team, ziek, onderzoeker)  # only onderzoeker is inzetbaar: the other beoordelaar
    with pytest.raises(DomainError, match="geen inzetbare onderzoeker"):
        beoordelingen_herverdelen(van_id=ziek.pk, door=wb, reden="Ziek")
    een.refresh_from_db()
    assert een.beoordelaar_1_id == ziek.pk
    assert not AuditLog.objects.filter(actie="melding.herverdelen").exists()


def test_geweigerd_voor_inzetbare_ander_team_zonder_reden_en_andere_rol(
    team, ander_team, wb, ziek, onderzoeker, collega
):
    _in_b(team, ziek, onderzoeker)
    with pytest.raises(DomainError, match="is inzetbaar"):
        beoordelingen_herverdelen(van_id=onderzoeker.pk, door=wb, reden="x")
    ander = MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"], username="wb-ander")
    with pytest.raises(DomainError, match="niet bij uw team"):
        beoordelingen_herverdelen(van_id=ziek.pk, door=ander, reden="Ziek")
    with pytest.raises(DomainError, match="reden"):
        beoordelingen_herverdelen(van_id=ziek.pk, door=wb, reden="  ")
    with pytest.raises(GeenToegang):
        beoordelingen_herverdelen(van_id=ziek.pk, door=collega, reden="Ziek")
    assert Melding.objects.filter(beoordelaar_1=ziek).count() == 1


def test_knop_herverdeelt_en_meldt_het(client, team, wb, ziek, onderzoeker, collega):
    melding = _in_b(team, ziek, onderzoeker)
    client.force_login(wb)
    antwoord = client.post(
        f"/werkbegeleider/herverdelen-alle/{ziek.pk}/", {"reden": "Ziek gemeld"}, follow=True
    )
    assert "1 beoordelingen herverdeeld" in antwoord.content.decode()
    melding.refresh_from_db()
    assert melding.beoordelaar_1_id == collega.pk
    fout = client.post(f"/werkbegeleider/herverdelen-alle/{onderzoeker.pk}/", {"reden": "x"})
    assert fout.status_code == 302
