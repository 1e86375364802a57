# ruff: noqa: F811  (the police fixtures are imported from test_api_politie and used as arguments)
"""Documents through the API (issue 15 items 3 and 6): the police zorgmelding with the report, and
list / upload / download on /api/v1/meldingen/<nummer>/bijlagen/ with the browser's rules."""

from __future__ import annotations

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from meldingen.keuzes import BijlageSoort
from meldingen.models import Bijlage, Melding
from tests.factories import MeldingFactory
from tests.meldingen.test_api_politie import (  # noqa: F401  (fixtures)
    _lege_throttle_tellers,
    _niets_aangemaakt,
    _post,
    den_haag,
    geldig,
    politie,
    politie_token,
)
from tests.meldingen.test_bijlagen import ELF, PDF, _alle_bestanden
from veiligthuis.audit import AuditLog
from veiligthuis.documenten import opslag


@pytest.fixture(autouse=True)
def _eigen_map(bijlagenmap):
    return bijlagenmap


def _met_document(inhoud: bytes, naam="zorgmelding.pdf") -> dict:
    body = geldig()
    body["zorgmelding"] = {"bestandsnaam": naam, "inhoud": base64.b64encode(inhoud).decode()}
    return body


@pytest.mark.django_db
def test_politiemelding_met_zorgmelding_bewaart_het_document(politie, den_haag):
    antwoord = _post(politie, _met_document(PDF))
    assert antwoord.status_code == 201, antwoord.content
    melding = Melding.objects.get(nummer=antwoord.json()["nummer"])
    bijlage = melding.bijlagen.get()
    assert bijlage.soort == BijlageSoort.ZORGMELDING_POLITIE
    assert bijlage.datum.isoformat() == "2026-03-02" and "Basisteam Centrum" in bijlage.bron
    assert "PL1500-2026012345" in bijlage.omschrijving and bijlage.toegevoegd_door is None
    with opslag().open(bijlage.bestand.name) as f:
        assert f.read() == PDF
    # The same report again: no second melding and no second document.
    assert _post(politie, _met_document(PDF)).status_code == 200
    assert Bijlage.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zorgmelding", "tekst"),
    [
        ({"bestandsnaam": "z.pdf", "inhoud": base64.b64encode(ELF).decode()}, "Linux-programma"),
        ({"bestandsnaam": "z.pdf", "inhoud": "dit-is-geen-base64!"}, "base64"),
        ({"bestandsnaam": "z.pdf", "inhoud": 12}, ""),
        ({"bestandsnaam": "z.pdf"}, ""),
        ({"bestandsnaam": "z.pdf", "inhoud": "", "extra": 1}, ""),
    ],
)
def test_politiemelding_met_slecht_document_geeft_400_en_schrijft_niets(
    politie, den_haag, zorgmelding, tekst
):
    body = geldig()
    body["zorgmelding"] = zorgmelding
    antwoord = _post(politie, body)
    assert antwoord.status_code == 400
    assert "zorgmelding" in antwoord.json()
    assert tekst in str(antwoord.json())
    _niets_aangemaakt()
    assert not Bijlage.objects.exists() and _alle_bestanden() == set()


@pytest.mark.django_db
def test_politiemelding_te_groot_document(politie, den_haag, settings):
    settings.VT_BIJLAGE_MAX_MB = 0.001
    antwoord = _post(politie, _met_document(PDF + b"%" * 5000))
    assert antwoord.status_code == 400 and "groter dan" in str(antwoord.json())
    _niets_aangemaakt()


# --- /api/v1/meldingen/<nummer>/bijlagen/ ------------------------------------------------------------


def _api(gebruiker) -> APIClient:
    client = APIClient()
    client.force_authenticate(gebruiker)
    return client


def _upload(client, melding, inhoud=PDF):
    return client.post(
        f"/api/v1/meldingen/{melding.nummer}/bijlagen/",
        {
            "bestand": SimpleUploadedFile("rapport.pdf", inhoud),
            "soort": BijlageSoort.MEDISCH,
            "datum": timezone.localdate().isoformat(),
            "bron": "Huisarts Van Dam",
        },
        format="multipart",
    )


@pytest.mark.django_db
def test_api_upload_lijst_en_download(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team, in_beoordeling=True)
    client = _api(onderzoeker)
    antwoord = _upload(client, melding)
    assert antwoord.status_code == 201, antwoord.content
    data = antwoord.json()
    assert data["soort"] == "medisch" and data["grootte"] == len(PDF)
    lijst = client.get(f"/api/v1/meldingen/{melding.nummer}/bijlagen/")
    assert lijst.status_code == 200 and [b["id"] for b in lijst.json()] == [data["id"]]
    inhoud = client.get(data["inhoud"])
    assert inhoud.status_code == 200 and inhoud.content == PDF
    assert inhoud["Content-Disposition"].startswith("attachment;")
    assert (
        AuditLog.objects.filter(actie="bijlage.downloaden", object_id=melding.nummer).count() == 1
    )
    assert AuditLog.objects.filter(actie="bijlage.api_lijst", object_id=melding.nummer).count() == 1


@pytest.mark.django_db
def test_api_weigert_buiten_de_scope_en_slechte_bestanden(
    onderzoeker, onderzoeker_ander_team, directie
):
    melding = MeldingFactory(team=onderzoeker.team, in_beoordeling=True)
    antwoord = _upload(_api(onderzoeker), melding)
    url = antwoord.json()["inhoud"]
    assert _api(onderzoeker_ander_team).get(url).status_code == 404
    assert (
        _api(onderzoeker_ander_team)
        .get(f"/api/v1/meldingen/{melding.nummer}/bijlagen/")
        .status_code
        == 404
    )
    assert _upload(_api(onderzoeker_ander_team), melding).status_code == 404
    assert _api(directie).get(url).status_code == 403
    assert _api(onderzoeker).get(url.replace("/inhoud/", "9/inhoud/")).status_code == 404
    voor = _alle_bestanden()
    fout = _upload(_api(onderzoeker), melding, inhoud=ELF)
    assert fout.status_code == 400 and "Linux-programma" in str(fout.json())
    assert Bijlage.objects.count() == 1 and _alle_bestanden() == voor
    leeg = _api(onderzoeker).post(
        f"/api/v1/meldingen/{melding.nummer}/bijlagen/", {}, format="multipart"
    )
    assert leeg.status_code == 400 and "bestand" in leeg.json()
