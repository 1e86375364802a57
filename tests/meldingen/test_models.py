"""The state machines themselves: which transitions exist from which state, and their guards."""

import pytest
from django.db import IntegrityError, transaction
from django_fsm import can_proceed

from meldingen.keuzes import AdviesStatus, MeldingStatus
from meldingen.models import Advies, Besluit, Melding, Persoon
from tests.factories import AdviesFactory, MeldingFactory
from veiligthuis.models import Medewerker

S = MeldingStatus

# transition name -> the states it may start from
TOEGESTAAN = {
    "screen_acuut": {S.ONTVANGEN},
    "screen_niet_acuut": {S.ONTVANGEN},
    "screen_overige_zorg": {S.ONTVANGEN},
    "doorsturen_overige_zorg": {S.OVERIGE_ZORG},
    "overige_zorg_herzien": {S.OVERIGE_ZORG},
    "start_beoordeling": {S.OP_TRIAGELIJST, S.ACUUT},
    "teruggeven": {S.IN_BEOORDELING},
    "besluit_nemen": {S.IN_BEOORDELING},
    "afsluiten": {S.BESLOTEN},
    "naar_vervolgdienst": {S.BESLOTEN},
}


@pytest.mark.parametrize("overgang", sorted(TOEGESTAAN))
@pytest.mark.parametrize("status", list(S))
def test_melding_overgang_bestaat_alleen_vanuit_de_juiste_status(overgang, status):
    melding = Melding(status=status)
    assert can_proceed(getattr(melding, overgang), check_conditions=False) is (
        status in TOEGESTAAN[overgang]
    )


def test_status_is_beschermd_tegen_direct_toewijzen():
    melding = Melding(status=S.ONTVANGEN)
    with pytest.raises(AttributeError):
        melding.status = S.AFGESLOTEN


def test_twee_beoordelaars_moeten_verschillen():
    een, twee = Medewerker(pk=1, username="een"), Medewerker(pk=2, username="twee")
    melding = Melding(status=S.OP_TRIAGELIJST, beoordelaar_1=een, beoordelaar_2=een)
    assert not can_proceed(melding.start_beoordeling)
    melding.beoordelaar_2 = twee
    assert can_proceed(melding.start_beoordeling)


def test_niet_acuut_vraagt_urgentie():
    melding = Melding(status=S.ONTVANGEN, urgentie="")
    assert not can_proceed(melding.screen_niet_acuut)
    melding.urgentie = "acuut"
    assert not can_proceed(melding.screen_niet_acuut)
    melding.urgentie = "laag"
    assert can_proceed(melding.screen_niet_acuut)


@pytest.mark.django_db
def test_besluit_vraagt_onderbouwing_en_volledig_instrument():
    melding = MeldingFactory(in_beoordeling=True)
    assert not can_proceed(melding.besluit_nemen)
    b = melding.beoordeling_b
    for vraag in b.VRAGEN:
        setattr(b, vraag, "nee")
    b.save()
    assert not can_proceed(melding.besluit_nemen), "zonder besluit/onderbouwing"
    Besluit.objects.create(
        melding=melding,
        route="afsluiten",
        onderbouwing="Geen zorgen na gesprekken.",
        genomen_door=melding.beoordelaar_1,
        genomen_op=melding.ontvangen_op,
    )
    melding = Melding.objects.get(pk=melding.pk)
    assert can_proceed(melding.besluit_nemen)


@pytest.mark.django_db
def test_database_weigert_lege_onderbouwing_en_gelijke_beoordelaars():
    melding = MeldingFactory(in_beoordeling=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Besluit.objects.create(
            melding=melding,
            route="afsluiten",
            onderbouwing="",
            genomen_door=melding.beoordelaar_1,
            genomen_op=melding.ontvangen_op,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Melding.objects.filter(pk=melding.pk).update(beoordelaar_2=melding.beoordelaar_1)


@pytest.mark.django_db
def test_database_weigert_onbekende_status():
    melding = MeldingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Melding.objects.filter(pk=melding.pk).update(status="zomaar")


def test_advies_heeft_geen_velden_voor_directbetrokkenen():
    """Privacy by design: an advies cannot hold a directbetrokkene's personal data."""
    velden = {f.name for f in Advies._meta.get_fields()}
    persoonsvelden = {f.name for f in Persoon._meta.get_fields()} - {"id"}
    assert not velden & {"bsn", "geboortedatum", "voornamen", "achternaam", "directbetrokkenen"}
    assert not velden & persoonsvelden
    assert not any(f.related_model is Persoon for f in Advies._meta.get_fields())


@pytest.mark.django_db
def test_advies_naam_alleen_met_toestemming_in_de_database():
    advies = AdviesFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Advies.objects.filter(pk=advies.pk).update(adviesvrager_naam="Jan", naam_toestemming=False)


@pytest.mark.parametrize("status", list(AdviesStatus))
def test_advies_overgangen(status):
    advies = Advies(status=status)
    assert can_proceed(advies.afronden) is (status == AdviesStatus.OPEN)
    assert can_proceed(advies.omzetten_in_melding, check_conditions=False) is (
        status == AdviesStatus.OPEN
    )
    assert not can_proceed(advies.omzetten_in_melding), "zonder gekoppelde melding"
