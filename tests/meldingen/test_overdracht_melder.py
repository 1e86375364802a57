"""'Overdracht aan de melder' only to a professional melder who continues the help (issue 12)."""

import pytest

from meldingen import services
from meldingen.models import Besluit, Melder, Melding
from tests.factories import MeldingFactory
from tests.meldingen.besluithulp import ONDERBOUWING, contact_vastleggen
from tests.meldingen.test_protocol import vul_instrument
from veiligthuis.exceptions import DomainError


@pytest.fixture
def in_beoordeling(team, onderzoeker, collega):
    melding = MeldingFactory(
        team=team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )
    vul_instrument(melding, onderzoeker, structurele_onveiligheid="ja")
    contact_vastleggen(melding, onderzoeker)
    return melding


def _besluit(melding, door):
    return services.besluit_record(
        melding_id=melding.pk,
        door=door,
        route="overdracht_melder",
        onderbouwing=ONDERBOUWING,
        overdracht_aan="Melder",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hoedanigheid", "zet_voort"),
    [("buurtbewoner", True), ("buurtbewoner", False), ("gz_huisarts", False)],
)
def test_geweigerd_zonder_beroepsmatige_melder_die_doorgaat(
    in_beoordeling, onderzoeker, hoedanigheid, zet_voort
):
    Melder.objects.filter(melding=in_beoordeling).update(
        hoedanigheid=hoedanigheid, zet_hulp_voort=zet_voort
    )
    with pytest.raises(DomainError, match="beroepsmatige melder die de hulp zelf voortzet"):
        _besluit(in_beoordeling, onderzoeker)
    assert not Besluit.objects.filter(melding=in_beoordeling).exists()
    assert Melding.objects.get(pk=in_beoordeling.pk).status == "in_beoordeling"


@pytest.mark.django_db
def test_toegestaan_aan_de_huisarts_die_doorgaat(in_beoordeling, onderzoeker):
    Melder.objects.filter(melding=in_beoordeling).update(
        hoedanigheid="gz_huisarts", zet_hulp_voort=True
    )
    assert _besluit(in_beoordeling, onderzoeker).status == "besloten"
