"""The vervolgdienst state machine, its conditions, and the rules the database itself enforces."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed

from diensten.keuzes import DienstStatus
from diensten.models import (
    Afwijking,
    Conclusie,
    Gesprek,
    Informant,
    Ketenpartner,
    Monitoringsmoment,
    Overdracht,
    Veiligheidsafspraak,
    Vervolgdienst,
)
from tests.diensten.helpers import DienstFactory
from tests.factories import MedewerkerFactory

D = DienstStatus

# transition name -> the states it may start from
TOEGESTAAN = {
    "starten": {D.WACHT_OP_START},
    "afronden": {D.LOPEND},
    "wachten_op_ketenpartner": {D.AFGEROND},
    "overdragen": {D.AFGEROND, D.OP_KETENPARTNER},
    "monitoring_starten": {D.AFGEROND, D.OVERDRACHT},
    "afsluiten": {D.MONITORING},
    "stoppen": {
        D.WACHT_OP_START,
        D.LOPEND,
        D.AFGEROND,
        D.OP_KETENPARTNER,
        D.OVERDRACHT,
        D.MONITORING,
    },
}
# transition name -> where it leads
DOEL = {
    "starten": D.LOPEND,
    "afronden": D.AFGEROND,
    "wachten_op_ketenpartner": D.OP_KETENPARTNER,
    "overdragen": D.OVERDRACHT,
    "monitoring_starten": D.MONITORING,
    "afsluiten": D.AFGESLOTEN,
    "stoppen": D.GESTOPT,
}


def test_tabel_dekt_alle_overgangen_van_het_model():
    """A transition added to the model without a row in TOEGESTAAN would go untested."""
    namen = {t.name for t in Vervolgdienst().get_all_status_transitions()}
    assert namen == set(TOEGESTAAN) == set(DOEL)


@pytest.mark.parametrize("overgang", sorted(TOEGESTAAN))
@pytest.mark.parametrize("status", list(D))
def test_dienstovergang_bestaat_alleen_vanuit_de_juiste_status(overgang, status):
    dienst = Vervolgdienst(status=status)
    assert can_proceed(getattr(dienst, overgang), check_conditions=False) is (
        status in TOEGESTAAN[overgang]
    )


@pytest.mark.parametrize("overgang", sorted(DOEL))
def test_dienstovergang_leidt_naar_de_juiste_status(overgang):
    doelen = {t.target for t in Vervolgdienst().get_all_status_transitions() if t.name == overgang}
    assert doelen == {DOEL[overgang]}


def test_afgesloten_en_gestopt_zijn_eindtoestanden():
    for eind in (D.AFGESLOTEN, D.GESTOPT):
        dienst = Vervolgdienst(status=eind)
        assert not list(dienst.get_available_status_transitions())
    assert D.open() == frozenset(D.values) - {D.AFGESLOTEN, D.GESTOPT}


def test_status_is_beschermd_tegen_direct_toewijzen():
    dienst = Vervolgdienst(status=D.LOPEND)
    with pytest.raises(AttributeError):
        dienst.status = D.AFGESLOTEN


# --- transitions set their fields ---------------------------------------------------------------


@pytest.mark.django_db
def test_starten_zet_gestart_op_en_wachttijd_uit_de_startactiviteit():
    """The start moment is given (by the first gesprek or huisbezoek), never 'now'."""
    besluit_op = timezone.now() - timedelta(days=9, hours=3)
    op = timezone.now() - timedelta(days=2)
    uitvoerder = MedewerkerFactory(rollen=["onderzoeker"])
    dienst = DienstFactory(besluit_op=besluit_op, uitvoerder=uitvoerder)
    Gesprek.objects.create(
        dienst=dienst,
        directbetrokkene=dienst.melding.directbetrokkenen.get(),
        datum=op.date(),
        vorm="gesprek",
        door=uitvoerder,
    )

    dienst.starten(op)

    assert dienst.status == D.LOPEND
    assert dienst.gestart_op == op
    assert dienst.wachttijd_start == op - besluit_op
    assert dienst.wachttijd_start > timedelta(days=7)


def test_afronden_afsluiten_en_stoppen_zetten_hun_tijdstip():
    lopend = Vervolgdienst(status=D.LOPEND)
    lopend.afronden()
    assert lopend.status == D.AFGEROND and lopend.afgerond_op is not None

    monitoring = Vervolgdienst(status=D.MONITORING)
    monitoring.afsluiten()
    assert monitoring.status == D.AFGESLOTEN and monitoring.afgesloten_op is not None

    stoppend = Vervolgdienst(status=D.LOPEND, stopreden="Verhuisd naar Groningen.")
    stoppend.stoppen()
    assert stoppend.status == D.GESTOPT and stoppend.gestopt_op is not None


# --- conditions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_starten_vraagt_een_uitvoerder_en_diens_gesprek_of_huisbezoek():
    dienst = DienstFactory()
    assert not dienst.heeft_uitvoerder()
    assert not dienst.heeft_startactiviteit()
    assert not can_proceed(dienst.starten)
    uitvoerder = MedewerkerFactory(team=dienst.melding.team, rollen=["onderzoeker"])
    dienst.uitvoerder = uitvoerder
    dienst.save()
    assert dienst.heeft_uitvoerder()
    assert not can_proceed(dienst.starten), "toegewezen zijn is niet starten"
    kind = dienst.melding.directbetrokkenen.get()

    def gesprek(vorm, door):
        return Gesprek.objects.create(
            dienst=dienst, directbetrokkene=kind, datum=timezone.localdate(), vorm=vorm, door=door
        )

    gesprek("telefonisch", uitvoerder)
    gesprek("huisbezoek", MedewerkerFactory(team=dienst.melding.team))
    assert not dienst.heeft_startactiviteit(), "telefoon of een ander telt niet"
    assert not can_proceed(dienst.starten)
    gesprek("huisbezoek", uitvoerder)
    assert dienst.heeft_startactiviteit()
    assert can_proceed(dienst.starten)


@pytest.mark.parametrize(
    ("reden", "mag"), [("", False), ("   \n", False), ("Gezin verhuisd naar Zwolle.", True)]
)
def test_stoppen_vraagt_een_reden(reden, mag):
    dienst = Vervolgdienst(status=D.LOPEND, stopreden=reden)
    assert dienst.heeft_stopreden() is mag
    assert can_proceed(dienst.stoppen) is mag


def test_weigeringen_van_de_condities_zijn_nederlands():
    assert "uitvoerder" in Vervolgdienst.heeft_uitvoerder.weigering
    assert "veiligheidsafspraken" in str(Vervolgdienst.heeft_overdracht.weigering)
    assert "monitoringsmomenten" in str(Vervolgdienst.heeft_monitoringsmomenten.weigering)
    assert "reden" in str(Vervolgdienst.heeft_stopreden.weigering)


@pytest.fixture
def partner(db):
    return Ketenpartner.objects.create(naam="GGZ Delfland", soort="GGZ")


@pytest.mark.django_db
def test_overdragen_vraagt_overdracht_met_minstens_een_afspraak(partner):
    dienst = DienstFactory(status=D.AFGEROND)
    assert not dienst.heeft_overdracht(), "zonder overdracht"
    assert not can_proceed(dienst.overdragen)
    assert not can_proceed(dienst.wachten_op_ketenpartner)

    overdracht = Overdracht.objects.create(
        dienst=dienst, ketenpartner=partner, door=MedewerkerFactory()
    )
    dienst = Vervolgdienst.objects.get(pk=dienst.pk)
    assert not dienst.heeft_overdracht(), "overdracht zonder afspraken"

    Veiligheidsafspraak.objects.create(
        overdracht=overdracht,
        wat="Vader woont tijdelijk elders.",
        wie="Vader",
        uiterlijk=timezone.localdate(),
        hoe_gecontroleerd="Wijkagent controleert.",
    )
    dienst = Vervolgdienst.objects.get(pk=dienst.pk)
    assert dienst.heeft_overdracht()
    assert can_proceed(dienst.overdragen)
    assert can_proceed(dienst.wachten_op_ketenpartner)


@pytest.mark.django_db
def test_monitoring_vraagt_geplande_momenten():
    dienst = DienstFactory(status=D.AFGEROND)
    assert not dienst.heeft_monitoringsmomenten()
    assert not can_proceed(dienst.monitoring_starten)

    Monitoringsmoment.objects.create(dienst=dienst, gepland_op=timezone.localdate())

    assert dienst.heeft_monitoringsmomenten()
    assert can_proceed(dienst.monitoring_starten)


@pytest.mark.parametrize(
    ("nagekomen", "veilig", "uitgevoerd", "mislukt"),
    [
        (True, True, True, False),
        (False, True, True, True),
        (True, False, True, True),
        (False, False, True, True),
        (None, None, False, False),
    ],
)
def test_monitoringsmoment_mislukt_alleen_na_uitvoering_met_een_nee(
    nagekomen, veilig, uitgevoerd, mislukt
):
    moment = Monitoringsmoment(
        gepland_op=timezone.localdate(),
        uitgevoerd_op=timezone.localdate() if uitgevoerd else None,
        voorwaarden_nagekomen=nagekomen,
        veilig=veilig,
    )
    assert moment.is_uitgevoerd is uitgevoerd
    assert moment.is_mislukt is mislukt


# --- database constraints -----------------------------------------------------------------------


def _informant(dienst, **velden):
    waarden = {
        "dienst": dienst,
        "naam": "Juf Jansen",
        "organisatie": "Basisschool, leerkracht",
        "toestemming": True,
        "afweging": "",
        "datum": timezone.localdate(),
        "informatie": "Kind komt vaak zonder ontbijt.",
        "door": dienst.melding.aangemaakt_door,
    }
    waarden.update(velden)
    return Informant.objects.create(**waarden)


@pytest.mark.django_db
def test_database_weigert_informant_zonder_toestemming_en_zonder_afweging():
    dienst = DienstFactory(status=D.LOPEND)
    with pytest.raises(IntegrityError), transaction.atomic():
        _informant(dienst, toestemming=False, afweging="")
    assert not Informant.objects.exists()

    _informant(dienst, toestemming=False, afweging="Veiligheid van het kind gaat voor.")
    _informant(dienst, toestemming=True, afweging="")
    assert Informant.objects.filter(dienst=dienst).count() == 2


def _conclusie(dienst, **velden):
    waarden = {
        "dienst": dienst,
        "aanleiding": "km_anders",
        "uitkomst": "bevestigd",
        "reden_voortijdig": "",
        "toelichting": "Onderbouwing.",
        "door": dienst.melding.aangemaakt_door,
    }
    waarden.update(velden)
    return Conclusie.objects.create(**waarden)


@pytest.mark.django_db
def test_database_weigert_voortijdige_conclusie_zonder_reden():
    dienst = DienstFactory(status=D.LOPEND)
    with pytest.raises(IntegrityError), transaction.atomic():
        _conclusie(dienst, uitkomst="voortijdig_afgesloten", reden_voortijdig="")
    assert not Conclusie.objects.exists()

    _conclusie(dienst, uitkomst="voortijdig_afgesloten", reden_voortijdig="verhuisd")
    _conclusie(dienst, aanleiding="partnergeweld", uitkomst="weerlegd", reden_voortijdig="")
    assert Conclusie.objects.filter(dienst=dienst).count() == 2


@pytest.mark.django_db
def test_database_weigert_tweede_conclusie_voor_hetzelfde_type():
    dienst = DienstFactory(status=D.LOPEND)
    _conclusie(dienst)
    with pytest.raises(IntegrityError), transaction.atomic():
        _conclusie(dienst, uitkomst="weerlegd")
    assert Conclusie.objects.get(dienst=dienst).uitkomst == "bevestigd"


@pytest.mark.parametrize("leeg_veld", ["wat", "wie", "hoe_gecontroleerd"])
@pytest.mark.django_db
def test_database_weigert_veiligheidsafspraak_met_leeg_veld(partner, leeg_veld):
    dienst = DienstFactory(status=D.AFGEROND)
    overdracht = Overdracht.objects.create(
        dienst=dienst, ketenpartner=partner, door=dienst.melding.aangemaakt_door
    )
    waarden = {
        "overdracht": overdracht,
        "wat": "Moeder gaat naar opvoedondersteuning.",
        "wie": "Moeder",
        "uiterlijk": timezone.localdate(),
        "hoe_gecontroleerd": "Wijkteam belt de hulpverlener.",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Veiligheidsafspraak.objects.create(**(waarden | {leeg_veld: ""}))
    assert not Veiligheidsafspraak.objects.exists()

    Veiligheidsafspraak.objects.create(**waarden)
    assert overdracht.afspraken.count() == 1


@pytest.mark.django_db
def test_database_vraagt_contra_indicatie_zonder_uitnodiging_ervaringsonderzoek():
    dienst = DienstFactory(status=D.MONITORING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vervolgdienst.objects.filter(pk=dienst.pk).update(
            ervaringsonderzoek=False, contra_indicatie=""
        )
    assert Vervolgdienst.objects.get(pk=dienst.pk).ervaringsonderzoek is True

    Vervolgdienst.objects.filter(pk=dienst.pk).update(
        ervaringsonderzoek=False, contra_indicatie="Moeder is in crisis opgenomen."
    )
    assert Vervolgdienst.objects.get(pk=dienst.pk).ervaringsonderzoek is False


@pytest.mark.parametrize(("veld", "waarde"), [("status", "zomaar"), ("type", "huisbezoek")])
@pytest.mark.django_db
def test_database_weigert_onbekende_status_en_type(veld, waarde):
    dienst = DienstFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vervolgdienst.objects.filter(pk=dienst.pk).update(**{veld: waarde})


@pytest.mark.django_db
def test_database_staat_een_afwijking_per_eis_toe():
    dienst = DienstFactory(status=D.LOPEND)
    door = dienst.melding.aangemaakt_door
    Afwijking.objects.create(
        dienst=dienst,
        eis="informanten",
        omschrijving="Informanten",
        reden="Geen",
        aangevraagd_door=door,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Afwijking.objects.create(
            dienst=dienst,
            eis="informanten",
            omschrijving="Informanten",
            reden="Nog eens",
            aangevraagd_door=door,
        )
    assert Afwijking.objects.filter(dienst=dienst).count() == 1


@pytest.mark.django_db
def test_een_melding_heeft_hooguit_een_dienst():
    dienst = DienstFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DienstFactory(melding=dienst.melding)
    assert Vervolgdienst.objects.filter(melding=dienst.melding).count() == 1
