"""Inzetbaarheid at screening and at the second judgement of overige zorg (issue 12 item 6):
an onderzoeker whose SKJ registratie expired does not screen; a GW without VOG does not judge."""

import pytest

from meldingen import services
from meldingen.models import Melding, VeiligheidsbeoordelingA
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.exceptions import DomainError


@pytest.mark.django_db
def test_niet_inzetbare_onderzoeker_screent_niet(team):
    onderzoeker = MedewerkerFactory(team=team, rollen=["onderzoeker"], niet_inzetbaar=True)
    melding = MeldingFactory(team=team)
    with pytest.raises(DomainError, match="kan niet screenen"):
        services.melding_screen(
            melding_id=melding.pk,
            door=onderzoeker,
            uitkomst="niet_acuut",
            urgentie="midden",
            toelichting="Geen acute dreiging.",
        )
    assert Melding.objects.get(pk=melding.pk).status == "ontvangen"
    assert not VeiligheidsbeoordelingA.objects.filter(melding=melding).exists()


@pytest.mark.django_db
def test_niet_inzetbare_gedragswetenschapper_geeft_geen_tweede_oordeel(team):
    gw = MedewerkerFactory(team=team, rollen=["gedragswetenschapper"], niet_inzetbaar=True)
    melding = MeldingFactory(team=team, overige_zorg=True)
    with pytest.raises(DomainError, match="kan niet het tweede oordeel geven"):
        services.overige_zorg_beoordelen(
            melding_id=melding.pk,
            door=gw,
            akkoord=True,
            toelichting="Geen HG/KM.",
            doorsturen_aan="Wijkteam",
        )
    melding = Melding.objects.get(pk=melding.pk)
    assert melding.status == "overige_zorg" and melding.geanonimiseerd_op is None
