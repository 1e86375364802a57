"""The demo's repeat meldingen reach their earlier persons through identity resolution, not by
construction: soort, radar and koppelvoorstellen follow from what `meldingen.identiteit` found."""

import pytest
from django.db.models import Count

from meldingen import afwegingskader
from meldingen.keuzes import MeldingStatus, SoortMelding
from meldingen.models import Directbetrokkene, Journaalregel, Koppelvoorstel, Melding, Persoon
from meldingen.models import VoorstelStatus as V
from meldingen.selectors.identiteit import open_voorstellen
from tests.demo.test_demo_data import demo_data
from veiligthuis.models import Medewerker, Rol

pytestmark = pytest.mark.django_db

STERK = "gekoppeld aan bekende persoon op achternaam, voornaam en geboortedatum."
LANDELIJK = {SoortMelding.EERSTE: 32, SoortMelding.HERMELDING: 38, SoortMelding.VERVOLGMELDING: 29}


@pytest.fixture
def uitvoer():
    return demo_data()


def test_soort_melding_volgt_de_koppelingen_en_het_land(uitvoer):
    per_soort = dict(Melding.objects.values_list("soort").annotate(n=Count("pk")))
    totaal = sum(per_soort.values())
    for soort, landelijk in LANDELIJK.items():
        assert abs(100 * per_soort.get(soort, 0) / totaal - landelijk) <= 10, per_soort
    # The soort was derived from the links at intake; links only grow later (a "dezelfde"
    # decision), so a repeat melding always has earlier meldingen the radar can see.
    for melding in Melding.objects.exclude(soort=SoortMelding.EERSTE).order_by("pk")[::7]:
        assert afwegingskader.eerdere_meldingen(melding).exists(), melding.nummer
    assert "Soort melding" in uitvoer and "Identiteit:" in uitvoer


def test_radar_telt_wat_de_koppeling_vond(uitvoer):
    """A household with three or more meldingen whose persons were linked by name and birth date
    (a record without a known BSN): the radar counts it because matching linked it."""
    sterk = Journaalregel.objects.filter(tekst__endswith=STERK).values("melding")
    gevonden = 0
    for melding in Melding.objects.filter(pk__in=sterk).order_by("-ontvangen_op")[:200]:
        radar = afwegingskader.radar(melding)
        if radar.volgnummer < 3:
            continue
        eerdere = set(afwegingskader.eerdere_meldingen(melding).values_list("pk", flat=True))
        personen = Directbetrokkene.objects.filter(melding=melding).values("persoon")
        via_persoon = set(
            Directbetrokkene.objects.filter(persoon__in=personen)
            .exclude(melding=melding)
            .values_list("melding", flat=True)
        )
        assert via_persoon & eerdere
        if melding.status in (MeldingStatus.AFGESLOTEN, MeldingStatus.NAAR_VERVOLGDIENST):
            assert radar.mdo_vereist and not radar.blokkeert
        gevonden += 1
    assert gevonden >= 3
    # Each link by matching was an intake typed again: the linked persons are shared rows.
    gedeeld = Directbetrokkene.objects.values("persoon").annotate(n=Count("melding"))
    assert gedeeld.filter(n__gte=3).exists()


def test_besliste_voorstellen_volgen_de_beoordeling(uitvoer):
    """Decided when the melding was picked up for B; "dezelfde" moved the link, as the service."""
    voorstellen = Koppelvoorstel.objects.select_related("melding", "persoon", "kandidaat")
    assert voorstellen.filter(status=V.ZELFDE).exists()
    for voorstel in voorstellen:
        melding = voorstel.melding
        assert voorstel.aangemaakt_op == melding.vastgelegd_op
        if voorstel.status == V.OPEN:
            assert melding.status in MeldingStatus.wachtend_op_b() | {MeldingStatus.OVERIGE_ZORG}
            continue
        assert voorstel.besloten_op >= melding.vastgelegd_op and voorstel.reden
        assert Rol.ONDERZOEKER in voorstel.besloten_door.roltoewijzingen.values_list(
            "rol", flat=True
        )
        if voorstel.status == V.ZELFDE:
            assert voorstel.persoon.samengevoegd_in_id == voorstel.kandidaat_id
            betrokkene = Directbetrokkene.objects.get(pk__in=voorstel.verplaatst)
            assert betrokkene.melding_id == melding.pk
            assert betrokkene.persoon_id == voorstel.kandidaat_id
            assert not Directbetrokkene.objects.filter(persoon=voorstel.persoon).exists()
    assert not Persoon.objects.filter(
        samengevoegd_in__isnull=False, samengevoegd_in__samengevoegd_in__isnull=False
    ).exists()


def test_open_voorstellen_wachten_bij_het_eigen_team():
    """Typos in recent intakes wait on the team's review list, which can name the known person:
    the family was known in the same team."""
    demo_data("--meldingen", "1200")
    open_ = Koppelvoorstel.objects.filter(status=V.OPEN).select_related("melding")
    assert open_.count() >= 2
    teams = {v.melding.team_id for v in open_}
    for team_id in teams:
        werkbegeleider = Medewerker.objects.filter(
            team_id=team_id, roltoewijzingen__rol=Rol.WERKBEGELEIDER
        ).first()
        lijst = open_voorstellen(gebruiker=werkbegeleider)
        eigen = {v.pk for v in open_ if v.melding.team_id == team_id}
        assert {v.pk for v in lijst} == eigen
        assert all(v.kandidaat_zichtbaar for v in lijst)
