"""Confirmations in the section that changed (veiligthuis/berichten.py): where a message shows."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from meldingen import afwegingskader
from tests.factories import MeldingFactory
from veiligthuis.berichten import SECTIE_TAG, sectie_van

HTMX = {"HTTP_HX_REQUEST": "true"}
JOURNAAL = {
    "journaal-soort": "feit",
    "journaal-bron": "Gesprek met de mentor",
    "journaal-tekst": "Noor was vandaag op school.",
}
BEVESTIGING = "De journaalregel is toegevoegd."


@pytest.fixture(autouse=True)
def afwegingsregels(db):
    afwegingskader.standaardregels_aanmaken()


@pytest.fixture
def melding(onderzoeker, collega):
    return MeldingFactory(
        team=onderzoeker.team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )


def _sectie(html: str, sectie: str) -> str:
    begin = html.index(f'<section id="{sectie}"')
    return html[begin : html.index("</section>", begin)]


def _regio(html: str, sectie: str) -> str:
    """The inside of the section's live region."""
    gevonden = re.search(
        rf'<div class="sectiebericht" id="{sectie}-bericht"[^>]*>(.*?)</div>', html
    )
    assert gevonden, f"geen live region in {sectie}"
    return gevonden.group(1)


def test_sectie_van_leest_de_tag():
    assert sectie_van(Message(constants.SUCCESS, "x", extra_tags=f"iets {SECTIE_TAG}journaal")) == (
        "journaal"
    )
    assert sectie_van(Message(constants.SUCCESS, "x")) == ""


@pytest.mark.django_db
def test_na_opslaan_staat_de_bevestiging_in_de_sectie_en_niet_bovenaan(
    client, onderzoeker, melding
):
    client.force_login(onderzoeker)
    antwoord = client.post(reverse("journaal_toevoegen", args=[melding.nummer]), JOURNAAL)
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#journaal")

    html = client.get(antwoord["Location"]).content.decode()
    assert BEVESTIGING in _regio(_sectie(html, "journaal"), "journaal")
    assert 'class="berichten"' not in html, "niet ook bovenaan de pagina"
    assert 'role="status"' in _sectie(html, "journaal")
    # Every other section keeps an empty region for what an action there will say.
    for sectie in ("acties", "verrijking", "radar", "activiteiten", "consulten"):
        assert _regio(html, sectie) == ""


@pytest.mark.django_db
def test_htmx_vult_de_live_region_van_de_sectie(client, onderzoeker, melding):
    client.force_login(onderzoeker)
    antwoord = client.post(reverse("journaal_toevoegen", args=[melding.nummer]), JOURNAAL, **HTMX)
    html = antwoord.content.decode()
    assert "<html" not in html
    assert BEVESTIGING in _regio(html, "journaal")
    # The form swaps the part under the region and fills the region out of band.
    assert 'hx-target="#journaal-inhoud"' in html
    assert 'hx-select-oob="#journaal-bericht:innerHTML"' in html
    # Consumed: the next page does not show it again at the top.
    volgende = client.get(reverse("melding_dossier", args=[melding.nummer])).content.decode()
    assert BEVESTIGING not in volgende


def _render(tekst: str, berichten: list[Message], *, htmx: bool = False) -> str:
    request = RequestFactory().get("/")
    request.htmx = htmx
    template = engines["django"].from_string("{% load berichten %}" + tekst)
    return template.render({"messages": berichten, "request": request})


def test_pagina_zonder_secties_toont_alles_bovenaan():
    """Only the dossier and dienst pages leave section messages out of the top list."""
    berichten = [
        Message(constants.SUCCESS, "Opgeslagen.", extra_tags=f"{SECTIE_TAG}journaal"),
        Message(constants.WARNING, "Let op."),
    ]
    boven = _render('{% include "components/_berichten.html" with berichten=messages %}', berichten)
    assert "Opgeslagen." in boven and "Let op." in boven
    gefilterd = _render(
        '{% include "components/_berichten.html" with berichten=messages|zonder_sectie %}',
        berichten,
    )
    assert "Opgeslagen." not in gefilterd and "Let op." in gefilterd


def test_sectie_toont_eigen_berichten_en_bij_htmx_ook_de_algemene():
    berichten = [
        Message(constants.SUCCESS, "Opgeslagen.", extra_tags=f"{SECTIE_TAG}journaal"),
        Message(constants.SUCCESS, "Elders.", extra_tags=f"{SECTIE_TAG}acties"),
        Message(constants.WARNING, "Let op."),
    ]
    gewoon = _render('{% sectieberichten "journaal" %}', berichten)
    assert "Opgeslagen." in gewoon and "Elders." not in gewoon and "Let op." not in gewoon
    # An htmx response renders no top of the page: the warning must show in the section.
    htmx = _render('{% sectieberichten "journaal" %}', berichten, htmx=True)
    assert "Opgeslagen." in htmx and "Let op." in htmx and "Elders." not in htmx
    assert 'class="waarschuwing"' in htmx
    leeg = _render('{% sectieberichten "radar" %}', berichten)
    assert re.search(r'id="radar-bericht" role="status" tabindex="-1"></div>', leeg), leeg
