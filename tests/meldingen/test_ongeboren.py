"""An unborn child is recorded as such on every intake channel, and only a child without birth
date and BSN can be (issue 16: CBS delivers it with BSN 999999999; nothing guesses it from gaps).

Channels: the web intake form, the API, the police API, the directbetrokkenen page (all through
`services.intake.persoon_voor_betrokkene`) and the database itself (two check constraints).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from diensten.eisen import eisen_van
from meldingen.models import Directbetrokkene, Melding, Persoon
from tests.diensten.helpers import maak_dienst, vers
from tests.factories import GemeenteFactory, MeldingFactory, PersoonFactory
from tests.meldingen.test_api_politie import URL as POLITIE_URL
from tests.meldingen.test_api_politie import geldig
from tests.meldingen.test_views_intake import melding_post, rij, tellingen
from veiligthuis.koppelingen import koppeling_aanmaken
from verantwoording.cbs.records import _persoon

GELDIG_BSN = "111222333"
KIND_ONGEBOREN = {"rol": "kind", "achternaam": "Jansen", "ongeboren": "on"}


@pytest.fixture
def ingelogd(client, onderzoeker):
    client.force_login(onderzoeker)
    return client


def _moeder(index: int = 0) -> dict:
    return rij(index, rol="slachtoffer", voornamen="Sanne", achternaam="Jansen", geslacht="vrouw")


# --- web intake ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_web_intake_legt_een_ongeboren_kind_vast_zonder_voornaam(ingelogd):
    antwoord = ingelogd.post(
        reverse("melding_nieuw"), melding_post(_moeder(0), rij(1, **KIND_ONGEBOREN))
    )

    assert antwoord.status_code == 302
    kind = Directbetrokkene.objects.get(rol="kind").persoon
    assert (kind.ongeboren, kind.voornamen, kind.geboortedatum, kind.bsn) == (
        True,
        "",
        None,
        None,
    )
    assert str(kind) == "Jansen (ongeboren)"
    dossier = ingelogd.get(reverse("melding_dossier", args=[Melding.objects.get().nummer]))
    assert "ongeboren" in dossier.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "veld", "tekst"),
    [
        ({"geboortedatum": "2020-01-01"}, "geboortedatum", "nog geen geboortedatum"),
        ({"bsn": GELDIG_BSN}, "bsn", "nog geen BSN"),
        ({"rol": "pleger", "voornamen": "Kees"}, "ongeboren", "Alleen een kind"),
    ],
)
def test_web_intake_weigert_ongeboren_met_geboortedatum_bsn_of_andere_rol(
    ingelogd, extra, veld, tekst
):
    voor = tellingen()
    antwoord = ingelogd.post(
        reverse("melding_nieuw"),
        melding_post(_moeder(0), rij(1, **{**KIND_ONGEBOREN, **extra})),
    )

    assert antwoord.status_code == 200
    assert tekst in antwoord.content.decode()
    rij_form = antwoord.context["rijen"][1]
    assert tekst in " ".join(rij_form.errors[veld])
    assert tellingen() == voor


@pytest.mark.django_db
def test_web_intake_voornaam_blijft_verplicht_voor_een_geboren_kind(ingelogd):
    voor = tellingen()
    antwoord = ingelogd.post(
        reverse("melding_nieuw"),
        melding_post(_moeder(0), rij(1, rol="kind", achternaam="Jansen")),
    )

    assert antwoord.status_code == 200
    assert "De voornaam is verplicht." in antwoord.content.decode()
    assert tellingen() == voor


# --- police API and API -------------------------------------------------------------------------


@pytest.fixture
def politie(beheer, team):
    team.gemeenten.add(GemeenteFactory(naam="Den Haag", cbs_code="GM0518"))
    _koppeling, sleutel = koppeling_aanmaken(door=beheer, naam="Politie", soort="politie")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
    return client


def _politie_melding(**kind) -> dict:
    body = geldig()
    body["directbetrokkenen"][1] = {"rol": "kind", "achternaam": "Jansen", **kind}
    return body


@pytest.mark.django_db
def test_politie_api_neemt_een_ongeboren_kind_aan(politie):
    antwoord = politie.post(
        POLITIE_URL, json.dumps(_politie_melding(ongeboren=True)), content_type="application/json"
    )

    assert antwoord.status_code == 201, antwoord.json()
    kind = Directbetrokkene.objects.get(rol="kind").persoon
    assert kind.ongeboren and kind.voornamen == "" and kind.bsn is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    [
        {"ongeboren": True, "bsn": GELDIG_BSN},
        {"ongeboren": True, "geboortedatum": "2019-09-01"},
        {"voornamen": ""},  # a born child without voornaam
    ],
)
def test_politie_api_weigert_tegenstrijdig_ongeboren_kind(politie, kind):
    antwoord = politie.post(
        POLITIE_URL, json.dumps(_politie_melding(**kind)), content_type="application/json"
    )

    assert antwoord.status_code == 400
    tekst = json.dumps(antwoord.json(), ensure_ascii=False)
    assert "ongeboren" in tekst or "voornaam is verplicht" in tekst
    assert not Melding.objects.exists() and not Persoon.objects.exists()


# --- the database and what reads the field -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "velden",
    [
        {"ongeboren": True, "geboortedatum": date(2020, 1, 1)},
        {"ongeboren": True, "bsn": GELDIG_BSN},
        {"ongeboren": False, "voornamen": ""},
    ],
)
def test_de_database_weigert_een_tegenstrijdig_ongeboren_kind(velden):
    with pytest.raises(IntegrityError), transaction.atomic():
        Persoon.objects.create(achternaam="Jansen", **{"voornamen": "X", **velden})


@pytest.mark.django_db
def test_cbs_leest_het_veld_en_raadt_niet():
    melding = MeldingFactory()
    onbekend = PersoonFactory(voornamen="Kind", geboortedatum=None, bsn=None)
    ongeboren = Persoon.objects.create(voornamen="", achternaam="Jansen", ongeboren=True)
    rijen = [
        Directbetrokkene.objects.create(melding=melding, persoon=p, rol="kind")
        for p in (onbekend, ongeboren)
    ]

    gegevens = [_persoon(db, gemeentecode="GM0518") for db in rijen]

    assert [g.ongeboren for g in gegevens] == [False, True]


@pytest.mark.django_db
def test_een_ongeboren_kind_heeft_in_een_dienst_geen_eigen_contacteis(team):
    dienst = maak_dienst(team=team)
    ongeboren = Persoon.objects.create(voornamen="", achternaam="Jansen", ongeboren=True)
    db = Directbetrokkene.objects.create(melding=dienst.melding, persoon=ongeboren, rol="kind")

    codes = {e.code for e in eisen_van(vers(dienst))}

    assert f"gesprek:{db.pk}" not in codes
    assert any(c.startswith("gesprek:") for c in codes)  # the others keep theirs
