"""Every page works for every person: a crawl of the whole app per demo role, on the demo data.

Runs in the PostgreSQL suite and again in the SQLite round of `make test`
(veiligthuis.settings.test_sqlite), so the `make run` default can never silently break again.
The demo organisation is built once per module, inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from demo.organisatie import DEMO_ROLLEN
from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from tests.crawl import ONGELDIGE_VARIABELE, VERSLAGEN, crawl
from veiligthuis.models import Medewerker
from veiligthuis.rechten import casus_filter

pytestmark = pytest.mark.django_db

# Small enough to build in seconds on either engine, large enough for every state and queue.
DEMO_MELDINGEN = 900
DEMO_ADVIEZEN = 300
PER_PATROON = 3

# A crawl that stops early is a crawl that tests nothing: each role must reach at least this many
# distinct URL patterns (measured on the demo: 16–35 per case role, 9 directie, ~240 beheer with
# the admin; a little room below that).
MINIMAAL_PATRONEN = {
    "onderzoeker": 25,
    "werkbegeleider": 30,
    "gedragswetenschapper": 20,
    "vertrouwensarts": 14,
    "aandachtfunctionaris": 14,
    "secretariaat": 20,
    "regiomanager": 25,
    "directie": 6,
    "beheer": 60,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "demo_data", meldingen=DEMO_MELDINGEN, adviezen=DEMO_ADVIEZEN, stdout=StringIO()
        )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def luide_templates(settings):
    """A template variable that does not resolve shows a marker the crawl looks for."""
    templates = [dict(t, OPTIONS=dict(t["OPTIONS"])) for t in settings.TEMPLATES]
    templates[0]["OPTIONS"]["string_if_invalid"] = ONGELDIGE_VARIABELE
    settings.TEMPLATES = templates


def _client(rol: str) -> tuple[Client, Medewerker]:
    medewerker = Medewerker.objects.get(username=rol)
    client = Client()
    client.force_login(medewerker)
    return client, medewerker


@pytest.mark.parametrize("rol", [str(rol) for rol in DEMO_ROLLEN])
def test_elke_pagina_werkt_voor_elke_rol(demo, luide_templates, rol):
    client, _ = _client(rol)
    verslag = crawl(client, per_patroon=PER_PATROON)
    VERSLAGEN[f"{connection.vendor}: {rol}"] = verslag
    assert verslag.fouten == []
    assert not [url for url, status in verslag.bezocht if status >= 500]
    assert verslag.aantal_patronen >= MINIMAAL_PATRONEN[rol], sorted(verslag.patronen)


@pytest.mark.parametrize("rol", [str(rol) for rol in DEMO_ROLLEN])
def test_tien_dossiers_per_rol(demo, rol):
    """Ten dossiers in ten different states: the role's own open, the rest refused, never a 500."""
    client, medewerker = _client(rol)
    zichtbaar = set(Melding.objects.filter(casus_filter(medewerker)).values_list("pk", flat=True))
    gekozen: list[Melding] = []
    for status in MeldingStatus.values:
        gekozen += list(Melding.objects.filter(status=status).order_by("?")[:1])
    # Fill up with cases the role may open, or (directie, beheer: none) with any others.
    aanvulling = Melding.objects.exclude(pk__in=[m.pk for m in gekozen])
    if zichtbaar:
        aanvulling = aanvulling.filter(pk__in=zichtbaar)
    gekozen += list(aanvulling.order_by("?")[: 10 - len(gekozen)])
    assert len(gekozen) >= 10
    for melding in gekozen[:10]:
        for pad in ("", "beoordeling/", "besluit/", "zicht-op-veiligheid/", "terugkoppeling/"):
            antwoord = client.get(f"/meldingen/{melding.nummer}/{pad}")
            assert antwoord.status_code < 500, (melding.nummer, melding.status, pad)
        dossier = client.get(f"/meldingen/{melding.nummer}/")
        if melding.pk in zichtbaar:
            assert dossier.status_code == 200, (melding.nummer, melding.status)
            assert melding.nummer in dossier.content.decode()
        else:
            assert dossier.status_code in (403, 404), (melding.nummer, dossier.status_code)
