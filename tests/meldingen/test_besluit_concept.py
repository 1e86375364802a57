"""The besluit draft survives (issue 12 item 8): a missing MDO is recorded from the besluit page
itself, and the typed onderbouwing stays — also when the user leaves the page and comes back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meldingen.afwegingskader import standaardregels_aanmaken
from meldingen.models import Consult, Melding
from meldingen.services.verrijking import verrijking_overslaan
from tests.meldingen.besluithulp import contact_vastleggen
from tests.meldingen.test_protocol import acuut, vul_instrument  # noqa: F401  (fixture)

ONDERBOUWING = "Moeder en kinderen gesproken; wijkteam neemt over met afspraken over toezicht."
BESLUIT = {
    "route": "overdracht_lokaal_veld",
    "overdracht_aan": "Wijkteam Centrum",
    "onderbouwing": ONDERBOUWING,
}


@pytest.fixture(autouse=True)
def afwegingskader(db):
    standaardregels_aanmaken()


@pytest.fixture
def klaar_voor_besluit(acuut, onderzoeker):  # noqa: F811
    """An acute melding with everything but the MDO that "ooit acuut" requires."""
    vul_instrument(acuut, onderzoeker, acute_onveiligheid="ja", structurele_onveiligheid="ja")
    contact_vastleggen(acuut, onderzoeker)
    for taak in acuut.verrijkingstaken.all():
        verrijking_overslaan(taak_id=taak.pk, door=onderzoeker, reden="Bron onbereikbaar.")
    return acuut


def _url(melding) -> str:
    return reverse("besluit_nemen", args=[melding.nummer])


@pytest.mark.django_db
def test_mdo_vanaf_de_besluitpagina_en_het_besluit_blijft_staan(
    client, klaar_voor_besluit, onderzoeker, gedragswetenschapper
):
    melding = klaar_voor_besluit
    client.force_login(onderzoeker)
    geweigerd = client.post(_url(melding), {**BESLUIT, "actie": "besluit"})
    assert geweigerd.status_code == 200
    assert "MDO" in geweigerd.content.decode()
    assert Melding.objects.get(pk=melding.pk).status == "in_beoordeling"

    # The user leaves for the dossier and comes back: the draft is still there.
    pagina = client.get(_url(melding)).content.decode()
    assert ONDERBOUWING in pagina and "Wijkteam Centrum" in pagina

    moment = timezone.localtime() - timedelta(minutes=20)
    antwoord = client.post(
        _url(melding),
        {
            **BESLUIT,
            "actie": "consult",
            "consult-vorm": "mdo",
            "consult-datum": moment.strftime("%Y-%m-%dT%H:%M"),
            "consult-deelnemers": [str(gedragswetenschapper.pk)],
            "consult-vraag": "Is overdracht aan het wijkteam veilig genoeg?",
            "consult-uitkomst": "Ja, met afspraken over toezicht en een evaluatie na 6 weken.",
        },
    )
    assert antwoord.status_code == 302
    assert Consult.objects.filter(melding=melding, vorm="mdo").count() == 1
    pagina = client.get(antwoord["Location"]).content.decode()
    assert ONDERBOUWING in pagina, "de onderbouwing staat er nog"
    assert "uw besluit staat nog zoals u het typte" in pagina

    klaar = client.post(_url(melding), {**BESLUIT, "actie": "besluit"})
    assert klaar.status_code == 302
    assert Melding.objects.get(pk=melding.pk).status == "besloten"
    assert f"besluitconcept:{melding.pk}" not in client.session


@pytest.mark.django_db
def test_een_geweigerd_consult_laat_het_besluit_ook_staan(client, klaar_voor_besluit, onderzoeker):
    melding = klaar_voor_besluit
    client.force_login(onderzoeker)
    antwoord = client.post(
        _url(melding),
        {**BESLUIT, "actie": "consult", "consult-vorm": "mdo", "consult-datum": "2019-01-01T10:00"},
    )
    assert antwoord.status_code == 200
    assert not Consult.objects.filter(melding=melding).exists()
    html = antwoord.content.decode()
    assert ONDERBOUWING in html
    assert 'data-testid="consult-fout"' in html


@pytest.mark.django_db
def test_concept_bewaren_en_alleen_voor_deze_gebruiker(
    client, klaar_voor_besluit, onderzoeker, collega
):
    melding = klaar_voor_besluit
    client.force_login(onderzoeker)
    assert client.post(_url(melding), {**BESLUIT, "actie": "bewaren"}).status_code == 302
    assert Melding.objects.get(pk=melding.pk).status == "in_beoordeling", "bewaren besluit niets"
    assert ONDERBOUWING in client.get(_url(melding)).content.decode()
    client.force_login(collega)
    assert ONDERBOUWING not in client.get(_url(melding)).content.decode()
