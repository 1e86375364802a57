"""Possible matches from intake: listed for the team, decided with a reason, remembered, undone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.urls import reverse

from meldingen import services
from meldingen.afwegingskader import eerdere_meldingen
from meldingen.models import Directbetrokkene, Koppelvoorstel, Persoon, VoorstelStatus
from meldingen.services.identiteit import koppelvoorstel_beslissen, koppelvoorstel_terugdraaien
from tests.factories import MedewerkerFactory
from tests.meldingen.test_services import gegevens
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang

URL = "/personen/mogelijk-dezelfde/"


def _intake(door, *, achternaam: str, bsn: str | None = None, postcode: str = "2511 AA"):
    basis = gegevens()
    kind = replace(basis.directbetrokkenen[0], achternaam=achternaam, bsn=bsn)
    adres = replace(basis.adres, postcode=postcode)
    return services.melding_register(
        door=door, gegevens=replace(basis, directbetrokkenen=[kind], adres=adres)
    )


@pytest.fixture
def eerste(onderzoeker):
    """Sem Jansen, born 1-3-2018, known from an earlier melding (with BSN)."""
    return _intake(onderzoeker, achternaam="Jansen", bsn="111222333")


@pytest.fixture
def met_tikfout(onderzoeker, eerste):
    """A later intake writes 'Jnasen' at another address and without BSN: a candidate."""
    return _intake(onderzoeker, achternaam="Jnasen", postcode="2512 BB")


def _personen(melding):
    return sorted(melding.directbetrokkenen.values_list("pk", "persoon_id"))


@pytest.mark.django_db
def test_tikfout_geeft_een_voorstel_en_een_journaalregel(eerste, met_tikfout):
    voorstel = Koppelvoorstel.objects.get()
    bekend = eerste.directbetrokkenen.get().persoon
    assert voorstel.kandidaat == bekend
    assert voorstel.persoon == met_tikfout.directbetrokkenen.get().persoon != bekend
    assert voorstel.melding == met_tikfout and voorstel.status == VoorstelStatus.OPEN
    assert met_tikfout.journaal.filter(tekst__contains="mogelijk een bekende persoon").exists()
    assert eerdere_meldingen(met_tikfout).count() == 0, "nog niet gekoppeld"


@pytest.mark.django_db
def test_pagina_toont_het_voorstel_aan_het_eigen_team(client, onderzoeker, met_tikfout):
    client.force_login(onderzoeker)
    html = client.get(URL).content.decode()
    voorstel = Koppelvoorstel.objects.get()
    assert f'data-testid="voorstel-{voorstel.pk}"' in html
    assert "Sem Jnasen" in html and "Sem Jansen" in html
    assert "111222333" not in html, "het BSN van de bekende persoon blijft verborgen"
    rij = AuditLog.objects.get(actie="persoon.voorstellen_inzien")
    assert met_tikfout.nummer in rij.details["nummers"]


@pytest.mark.django_db
def test_ander_team_en_directie_zien_en_beslissen_niets(
    client, met_tikfout, onderzoeker_ander_team, directie
):
    voorstel = Koppelvoorstel.objects.get()
    client.force_login(onderzoeker_ander_team)
    assert f"voorstel-{voorstel.pk}" not in client.get(URL).content.decode()
    antwoord = client.post(
        reverse("koppelvoorstel_beslissen", args=[voorstel.pk]),
        {"beslissing": "zelfde", "reden": "Zelfde kind."},
    )
    assert antwoord.status_code == 403
    client.force_login(directie)
    assert client.get(URL).status_code == 403
    voorstel.refresh_from_db()
    assert voorstel.status == VoorstelStatus.OPEN


@pytest.mark.django_db
def test_zonder_reden_geweigerd_en_niets_veranderd(client, onderzoeker, met_tikfout):
    voorstel = Koppelvoorstel.objects.get()
    voor = _personen(met_tikfout)
    client.force_login(onderzoeker)
    antwoord = client.post(
        reverse("koppelvoorstel_beslissen", args=[voorstel.pk]),
        {"beslissing": "zelfde", "reden": "  "},
    )
    assert antwoord.status_code == 400
    assert "Geef de reden van uw beslissing." in antwoord.content.decode()
    voorstel.refresh_from_db()
    assert voorstel.status == VoorstelStatus.OPEN and _personen(met_tikfout) == voor


@pytest.mark.django_db
def test_dezelfde_persoon_voegt_samen_en_de_radar_telt_mee(
    client, onderzoeker, eerste, met_tikfout
):
    voorstel = Koppelvoorstel.objects.get()
    nieuw, bekend = voorstel.persoon, voorstel.kandidaat
    client.force_login(onderzoeker)
    antwoord = client.post(
        reverse("koppelvoorstel_beslissen", args=[voorstel.pk]),
        {"beslissing": "zelfde", "reden": "Zelfde geboortedatum en school; tikfout politie."},
    )
    assert antwoord.status_code == 302
    assert met_tikfout.directbetrokkenen.get().persoon == bekend
    nieuw.refresh_from_db()
    assert nieuw.samengevoegd_in == bekend
    assert list(eerdere_meldingen(met_tikfout)) == [eerste]
    assert met_tikfout.journaal.filter(tekst__contains="samengevoegd").exists()
    assert AuditLog.objects.filter(actie="persoon.samenvoegen", object_id=met_tikfout.nummer)
    with pytest.raises(DomainError, match="al beslist"):
        koppelvoorstel_beslissen(voorstel_id=voorstel.pk, door=onderzoeker, zelfde=False, reden="x")


@pytest.mark.django_db
def test_niet_dezelfde_wordt_onthouden_bij_de_volgende_intake(onderzoeker, eerste, met_tikfout):
    voorstel = Koppelvoorstel.objects.get()
    koppelvoorstel_beslissen(
        voorstel_id=voorstel.pk, door=onderzoeker, zelfde=False, reden="Ander kind, andere school."
    )
    # The same spelling comes in once more: it is the person decided to be someone else.
    derde = _intake(onderzoeker, achternaam="Jnasen", postcode="2512 BB")
    assert derde.directbetrokkenen.get().persoon == voorstel.persoon
    assert Koppelvoorstel.objects.count() == 1, "het paar wordt niet opnieuw voorgelegd"
    assert Koppelvoorstel.objects.get().status == VoorstelStatus.NIET_ZELFDE


@pytest.mark.django_db
def test_samenvoegen_en_terugdraaien_herstelt_elke_koppeling_en_het_bsn(
    onderzoeker, werkbegeleider, eerste
):
    # The new person brings a BSN the known one lacks: merging moves it, undoing moves it back.
    Persoon.objects.met_bsn("111222333").update(bsn=None)
    nieuw_melding = _intake(onderzoeker, achternaam="Jnasen", bsn="123456782", postcode="2512 BB")
    voorstel = Koppelvoorstel.objects.get()
    voor = {
        "links": sorted(Directbetrokkene.objects.values_list("pk", "melding_id", "persoon_id")),
        "bsn": sorted(Persoon.objects.values_list("pk", "bsn")),
    }
    koppelvoorstel_beslissen(
        voorstel_id=voorstel.pk, door=onderzoeker, zelfde=True, reden="Zelfde kind."
    )
    assert Persoon.objects.get(pk=voorstel.kandidaat_id).bsn == "123456782"
    assert nieuw_melding.directbetrokkenen.get().persoon_id == voorstel.kandidaat_id

    with pytest.raises(GeenToegang):
        koppelvoorstel_terugdraaien(voorstel_id=voorstel.pk, door=onderzoeker, reden="Fout.")
    koppelvoorstel_terugdraaien(
        voorstel_id=voorstel.pk, door=werkbegeleider, reden="Tweelingbroer, niet dezelfde."
    )

    assert {
        "links": sorted(Directbetrokkene.objects.values_list("pk", "melding_id", "persoon_id")),
        "bsn": sorted(Persoon.objects.values_list("pk", "bsn")),
    } == voor
    voorstel.refresh_from_db()
    assert voorstel.status == VoorstelStatus.NIET_ZELFDE
    assert Persoon.objects.get(pk=voorstel.persoon_id).samengevoegd_in is None
    assert AuditLog.objects.filter(actie="persoon.splitsen").count() == 1


@pytest.mark.django_db
def test_twee_verschillende_bsns_worden_nooit_samengevoegd(onderzoeker, eerste):
    _intake(onderzoeker, achternaam="Jnasen", postcode="2512 BB")
    voorstel = Koppelvoorstel.objects.get()
    Persoon.objects.filter(pk=voorstel.persoon_id).update(bsn="123456782")
    with pytest.raises(DomainError, match="ander BSN"):
        koppelvoorstel_beslissen(
            voorstel_id=voorstel.pk, door=onderzoeker, zelfde=True, reden="Zelfde."
        )
    assert Persoon.objects.get(pk=voorstel.persoon_id).samengevoegd_in is None


@pytest.mark.django_db
def test_secretariaat_beslist_ook(onderzoeker, team, eerste, met_tikfout):
    secretariaat = MedewerkerFactory(team=team, rollen=["secretariaat"], username="secr1")
    voorstel = koppelvoorstel_beslissen(
        voorstel_id=Koppelvoorstel.objects.get().pk,
        door=secretariaat,
        zelfde=False,
        reden="Andere ouders.",
    )
    assert voorstel.besloten_door == secretariaat
    assert voorstel.persoon.geboortedatum == date(2018, 3, 1)


@pytest.mark.django_db
def test_kandidaat_van_een_ander_team_wordt_niet_genoemd(
    client, onderzoeker, onderzoeker_ander_team
):
    """As at intake and in the search: only a count line, and how the two compare."""
    _intake(onderzoeker_ander_team, achternaam="Jansen", bsn="111222333")
    _intake(onderzoeker, achternaam="Jnasen", postcode="2512 BB")
    voorstel = Koppelvoorstel.objects.get()
    client.force_login(onderzoeker)

    html = client.get(URL).content.decode()

    assert f'data-testid="voorstel-{voorstel.pk}"' in html
    assert "Bekend bij Veilig Thuis (ander team), 1 melding" in html
    assert "Sem Jansen" not in html and "01-03-2018" not in html.split("Bekende persoon")[1]
    assert "achternaam anders geschreven" in html and "geboortedatum gelijk" in html
    assert "alleen de bekende persoon heeft een BSN" in html


@pytest.mark.django_db
def test_pagina_biedt_terugdraaien_en_draait_terug(client, onderzoeker, werkbegeleider, eerste):
    _intake(onderzoeker, achternaam="Jnasen", postcode="2512 BB")
    voorstel = Koppelvoorstel.objects.get()
    koppelvoorstel_beslissen(
        voorstel_id=voorstel.pk, door=onderzoeker, zelfde=True, reden="Zelfde kind."
    )
    client.force_login(werkbegeleider)
    actie = reverse("koppelvoorstel_terugdraaien", args=[voorstel.pk])
    html = client.get(reverse("mogelijk_dezelfde")).content.decode()
    assert f'action="{actie}"' in html and f'id="terug-{voorstel.pk}"' in html
    antwoord = client.post(actie, {"reden": "Tweelingbroer, niet dezelfde."})
    assert antwoord.status_code == 302
    voorstel.refresh_from_db()
    assert voorstel.status == VoorstelStatus.NIET_ZELFDE
