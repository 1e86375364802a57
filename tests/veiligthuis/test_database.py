"""veiligthuis/database.py gives the same answers on PostgreSQL and on SQLite (the demo default).

`make test` runs this module on both engines, like the rest of the suite.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F, OuterRef, Q
from django.utils import timezone

from meldingen.afwegingskader import eerdere_meldingen
from meldingen.keuzes import RolInMelding
from meldingen.models import Directbetrokkene, Huishouden, Melding
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory
from veiligthuis.database import Mediaan, als_lijst, pk_in_een_van, tekstlijst
from veiligthuis.models import Medewerker, Roltoewijzing

pytestmark = pytest.mark.django_db


def _meldingen_ontvangen(uren_geleden: list[int], team) -> None:
    nu = timezone.now()
    for uren in uren_geleden:
        MeldingFactory(team=team, ontvangen_op=nu - timedelta(hours=uren))


def test_mediaan_is_de_middelste_wachttijd(team):
    _meldingen_ontvangen([10, 20, 30, 40, 400], team)
    nu = timezone.now()
    waarden = Melding.objects.aggregate(mediaan=Mediaan(nu - F("ontvangen_op")))
    # The median of 10, 20, 30, 40 and 400 hours is 30 hours, not the mean (100).
    assert abs(waarden["mediaan"] - timedelta(hours=30)) < timedelta(seconds=5)


def test_mediaan_van_een_even_aantal_en_met_filter(team, ander_team):
    _meldingen_ontvangen([10, 20, 30, 40], team)
    _meldingen_ontvangen([1000], ander_team)
    nu = timezone.now()
    waarden = Melding.objects.aggregate(
        mediaan=Mediaan(nu - F("ontvangen_op"), filter=Q(team=team)),
        niets=Mediaan(nu - F("ontvangen_op"), filter=Q(pk__in=[])),
    )
    assert abs(waarden["mediaan"] - timedelta(hours=25)) < timedelta(seconds=5)
    assert waarden["niets"] is None


def test_tekstlijst_geeft_de_rollen_per_medewerker(team):
    MedewerkerFactory(team=team, rollen=["onderzoeker", "werkbegeleider"], username="twee")
    geen = MedewerkerFactory(team=team, username="geen")
    Roltoewijzing.objects.filter(medewerker=geen).delete()
    rijen = Medewerker.objects.annotate(
        codes=tekstlijst(Roltoewijzing.objects.filter(medewerker=OuterRef("pk")), "rol")
    )
    per_naam = {m.username: sorted(als_lijst(m.codes)) for m in rijen}
    assert per_naam == {"twee": ["onderzoeker", "werkbegeleider"], "geen": []}


def test_pk_in_een_van_vindt_beide_routes_van_de_radar(team):
    kind = PersoonFactory()
    adres = Huishouden.objects.create(straat="Laan", huisnummer="1", postcode="2511AA")
    nu = timezone.now()
    via_kind = MeldingFactory(team=team, ontvangen_op=nu - timedelta(days=300))
    Directbetrokkene.objects.create(melding=via_kind, persoon=kind, rol=RolInMelding.KIND)
    via_adres = MeldingFactory(team=team, huishouden=adres, ontvangen_op=nu - timedelta(days=200))
    later = MeldingFactory(team=team, huishouden=adres, ontvangen_op=nu + timedelta(days=1))
    los = MeldingFactory(team=team, ontvangen_op=nu - timedelta(days=100))
    nieuw = MeldingFactory(team=team, huishouden=adres, ontvangen_op=nu)
    Directbetrokkene.objects.create(melding=nieuw, persoon=kind, rol=RolInMelding.KIND)

    gevonden = list(eerdere_meldingen(nieuw))

    assert gevonden == [via_adres, via_kind], "nieuwste eerst, zonder de latere en de losse"
    assert later not in gevonden and los not in gevonden and nieuw not in gevonden


def test_pk_in_een_van_zonder_delen_vindt_niets(team):
    MeldingFactory(team=team)
    assert not Melding.objects.filter(pk_in_een_van([])).exists()
