"""Shared builders for tests of the vervolgdiensten.

`maak_dienst` drives the real services (B, besluit, uitvoerder, starten, …, afsluiten) so a dienst in
any state is exactly what production would have. `DienstFactory` skips the services and is meant only
for model-level tests (transitions, conditions, database constraints).

Tests that call `maak_dienst` need the afwegingskader's default rules: use the `afwegingsregels`
fixture below (import it into the test module, or call `afwegingsregels_aanmaken()` yourself).
"""

from __future__ import annotations

from datetime import date, timedelta

import factory
import pytest
from django.utils import timezone

from diensten import services
from diensten.keuzes import DienstStatus, DienstType
from diensten.models import (
    Afwijking,
    Conclusie,
    DienstStatuswijziging,
    Gesprek,
    Informant,
    Ketenpartner,
    Monitoringsmoment,
    Overdracht,
    Terugkoppeling,
    Veiligheidsafspraak,
    Veiligheidsvoorwaarde,
    Vervolgdienst,
)
from meldingen import afwegingskader
from meldingen import services as melding_services
from meldingen.keuzes import Aanleiding, BesluitRoute, Hoedanigheid, RolInMelding
from meldingen.models import (
    Directbetrokkene,
    Journaalregel,
    Melder,
    Melding,
    MeldingAanleiding,
    VeiligheidsbeoordelingB,
)
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory, TeamFactory
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog

D = DienstStatus
ROUTE_VOOR_TYPE = {
    DienstType.ONDERZOEK: "vervolg_onderzoek",
    DienstType.VOORWAARDEN_EN_VERVOLG: "vervolg_vv",
}
ALLE_DIENSTMODELLEN = (
    Vervolgdienst,
    DienstStatuswijziging,
    Gesprek,
    Informant,
    Conclusie,
    Veiligheidsvoorwaarde,
    Afwijking,
    Overdracht,
    Veiligheidsafspraak,
    Monitoringsmoment,
    Terugkoppeling,
    Melding,
    Journaalregel,
)


def afwegingsregels_aanmaken() -> None:
    """The default kader comes from a data migration; a flush by another test may have removed it."""
    afwegingskader.standaardregels_aanmaken()


@pytest.fixture
def afwegingsregels(db):
    afwegingsregels_aanmaken()


@pytest.fixture
def ketenpartner(db):
    return ketenpartner_maken()


# --- meldingen and their people --------------------------------------------------------------------


def ketenpartner_maken(naam: str = "Wijkteam Centrum", *, wachtlijst: bool = False) -> Ketenpartner:
    partner, _nieuw = Ketenpartner.objects.get_or_create(
        naam=naam, defaults={"soort": "wijkteam", "heeft_wachtlijst": wachtlijst}
    )
    return partner


def kind_van(dienst_of_melding) -> Directbetrokkene:
    """The one child MeldingFactory adds (fails loudly when a test added more)."""
    melding = getattr(dienst_of_melding, "melding", dienst_of_melding)
    return melding.directbetrokkenen.get(rol=RolInMelding.KIND)


def betrokkene_toevoegen(
    dienst_of_melding, *, rol: str = RolInMelding.PLEGER, geboortedatum: date | None = None
) -> Directbetrokkene:
    """Add a directbetrokkene (default: an adult pleger) to the melding behind a dienst."""
    melding = getattr(dienst_of_melding, "melding", dienst_of_melding)
    persoon = PersoonFactory(
        geboortedatum=geboortedatum if geboortedatum is not None else date(1985, 3, 14)
    )
    return Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol=rol)


def geboortedatum_zetten(betrokkene: Directbetrokkene, geboortedatum: date | None) -> None:
    persoon = betrokkene.persoon
    persoon.geboortedatum = geboortedatum
    persoon.save(update_fields=["geboortedatum"])


def aanleiding_toevoegen(dienst_of_melding, aanleiding: str) -> MeldingAanleiding:
    melding = getattr(dienst_of_melding, "melding", dienst_of_melding)
    return MeldingAanleiding.objects.create(melding=melding, aanleiding=aanleiding)


def melding_met_besluit(
    type: str = DienstType.ONDERZOEK,
    *,
    team=None,
    beoordelaar_1=None,
    beoordelaar_2=None,
    route: str | None = None,
    **melding_kwargs,
) -> Melding:
    """A melding taken through B and a besluit (by default the route that creates a dienst of `type`)."""
    afwegingsregels_aanmaken()
    team = team or (beoordelaar_1.team if beoordelaar_1 is not None else TeamFactory())
    if beoordelaar_1 is not None:
        melding_kwargs |= {"beoordelaar_1": beoordelaar_1, "beoordelaar_2": beoordelaar_2}
    melding = MeldingFactory(team=team, in_beoordeling=True, **melding_kwargs)
    if route == BesluitRoute.MELDER:
        # Overdracht aan de melder only to a professional who continues (meldingen.protocol).
        Melder.objects.filter(melding=melding).update(
            hoedanigheid=Hoedanigheid.HUISARTS, zet_hulp_voort=True
        )
    door = melding.beoordelaar_1
    # B includes contact with the directbetrokkenen (meldingen.protocol: contact_of_reden).
    melding_services.activiteit_vastleggen(
        melding_id=melding.pk,
        door=door,
        soort="huisbezoek",
        datum=max(melding.ontvangen_op, timezone.now() - timedelta(minutes=30)),
        met_wie="Moeder en kind",
    )
    melding_services.beoordeling_b_vastleggen(
        melding_id=melding.pk,
        door=door,
        antwoorden=dict.fromkeys(VeiligheidsbeoordelingB.VRAGEN, "nee"),
    )
    melding_services.besluit_record(
        melding_id=melding.pk,
        door=door,
        route=route or ROUTE_VOOR_TYPE[DienstType(type)],
        onderbouwing="Vervolg bij Veilig Thuis nodig: de zorgen over het kind zijn niet weggenomen.",
        overdracht_aan="Wijkteam" if route and route.startswith("overdracht") else "",
    )
    return Melding.objects.get(pk=melding.pk)


def overdracht_na_b_maken(*, team=None, route: str = BesluitRoute.LOKAAL_VELD) -> Melding:
    """A melding besloten with an overdracht, whose overdracht with one afspraak is recorded."""
    melding = melding_met_besluit(team=team, route=route)
    services.overdracht_na_besluit_vastleggen(
        melding_id=melding.pk, door=melding.beoordelaar_1, afspraken=[afspraak()], aan="Wijkteam"
    )
    return Melding.objects.get(pk=melding.pk)


# --- recording through the services ----------------------------------------------------------------


def gesprek(dienst, door, betrokkene=None, *, vorm: str = "gesprek", datum: date | None = None):
    return services.gesprek_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        directbetrokkene_id=(betrokkene or kind_van(dienst)).pk,
        datum=datum or timezone.localdate(),
        vorm=vorm,
    )


def informant(dienst, door, *, naam: str = "Huisarts De Vries", toestemming: bool = True):
    return services.informant_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        naam=naam,
        organisatie="Huisartsenpraktijk, huisarts",
        toestemming=toestemming,
        afweging="" if toestemming else "Veiligheid van het kind weegt zwaarder.",
        datum=timezone.localdate(),
        informatie="Zorgen over blauwe plekken bevestigd.",
    )


def conclusie(dienst, door, aanleiding: str = Aanleiding.KM_ANDERS, uitkomst: str = "bevestigd"):
    return services.conclusie_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        aanleiding=aanleiding,
        uitkomst=uitkomst,
        toelichting="Blauwe plekken gezien; ouders erkennen het.",
    )


def voorwaarde(dienst, door):
    return services.voorwaarde_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        voorwaarde="Geen fysieke straffen meer.",
        voor_wie="Beide ouders",
        sinds=timezone.localdate(),
        hoe_gecontroleerd="Huisbezoek door het wijkteam.",
    )


def vul_eisen(dienst: Vervolgdienst, door) -> None:
    """Meet every requirement of the protocol for this dienst's type through the services."""
    for betrokkene in dienst.melding.directbetrokkenen.all():
        gesprek(dienst, door, betrokkene)
    voorwaarde(dienst, door)
    if dienst.is_onderzoek:
        informant(dienst, door, naam="Huisarts De Vries")
        informant(dienst, door, naam="Juf Jansen")
        services.dienst_bevindingen_vastleggen(
            dienst_id=dienst.pk, door=door, hoor_en_wederhoor="Ouders reageerden op de bevindingen."
        )
        for code in dienst.melding.aanleidingen.values_list("aanleiding", flat=True):
            if code != Aanleiding.ANDERE_PROBLEMATIEK:
                conclusie(dienst, door, code)
    else:
        services.dienst_bevindingen_vastleggen(
            dienst_id=dienst.pk, door=door, erkenning_zorgen="Ouders erkennen de zorgen."
        )


def afspraak(**wijzigingen) -> services.AfspraakGegevens:
    waarden = {
        "wat": "Wekelijks gesprek met moeder over de opvoeding.",
        "wie": "Wijkteam, mevrouw Bakker",
        "uiterlijk": timezone.localdate() + timedelta(days=30),
        "hoe_gecontroleerd": "Wijkteam belt Veilig Thuis na vier weken.",
    }
    waarden.update(wijzigingen)
    return services.AfspraakGegevens(**waarden)


def alle_momenten_vastleggen(dienst, door) -> None:
    for moment in dienst.monitoringsmomenten.filter(uitgevoerd_op__isnull=True):
        services.monitoringsmoment_vastleggen(
            moment_id=moment.pk,
            door=door,
            voorwaarden_nagekomen=True,
            veilig=True,
            toelichting="Alles in orde.",
        )


def terugkoppeling_na_dienst(dienst, door):
    return services.terugkoppeling_vastleggen(
        melding_id=dienst.melding_id,
        door=door,
        moment="na_dienst",
        wijze="telefonisch",
        op=timezone.now() - timedelta(minutes=5),
        toelichting="Melder weet dat het wijkteam de hulp voortzet.",
    )


# --- a dienst in any state ----------------------------------------------------------------------


def maak_dienst(
    type: str = DienstType.ONDERZOEK,
    *,
    team=None,
    met_uitvoerder=None,
    status: str = D.WACHT_OP_START,
    beoordelaar_1=None,
    beoordelaar_2=None,
    ketenpartner: Ketenpartner | None = None,
    **melding_kwargs,
) -> Vervolgdienst:
    """A dienst of `type` ("onderzoek" / "vv") in `status`, reached through the real services.

    `met_uitvoerder` is assigned (a new onderzoeker of the team when a status needs one and none is
    given); every later step is done by that uitvoerder, who starts the dienst with a huisbezoek
    with a parent (`starten_met_huisbezoek`). `melding_kwargs` go to MeldingFactory (for example
    `ontvangen_op`). For op_ketenpartner / overdracht the dienst is handed over to `ketenpartner`
    (default "Wijkteam Centrum"); an Onderzoek starts monitoring directly after afronden, a V&V
    after the overdracht (its vervolgtraject).
    """
    status = DienstStatus(status)
    if team is None:
        team = met_uitvoerder.team if met_uitvoerder is not None else TeamFactory()
    melding = melding_met_besluit(
        type,
        team=team,
        beoordelaar_1=beoordelaar_1,
        beoordelaar_2=beoordelaar_2,
        **melding_kwargs,
    )
    dienst = Vervolgdienst.objects.get(melding=melding)
    if status == D.WACHT_OP_START and met_uitvoerder is None:
        return dienst
    uitvoerder = met_uitvoerder or MedewerkerFactory(team=team, rollen=["onderzoeker"])
    services.dienst_uitvoerder_toewijzen(
        dienst_id=dienst.pk, door=uitvoerder, uitvoerder_id=uitvoerder.pk
    )
    if status == D.GESTOPT:
        return services.dienst_stoppen(
            dienst_id=dienst.pk, door=uitvoerder, reden="Gezin verhuisd naar een andere regio."
        )
    if status == D.WACHT_OP_START:
        return vers(dienst)
    dienst = starten_met_huisbezoek(dienst, uitvoerder)
    if status == D.LOPEND:
        return dienst
    vul_eisen(dienst, uitvoerder)
    dienst = services.dienst_afronden(dienst_id=dienst.pk, door=uitvoerder)
    if status == D.AFGEROND:
        return dienst
    # A V&V always starts a vervolgtraject (protocol.VV_VERVOLGTRAJECT) before its monitoring.
    if status in (D.OP_KETENPARTNER, D.OVERDRACHT) or not dienst.is_onderzoek:
        dienst = services.overdracht_vastleggen(
            dienst_id=dienst.pk,
            door=uitvoerder,
            ketenpartner_id=(ketenpartner or ketenpartner_maken()).pk,
            afspraken=[afspraak()],
            wachtlijst=status == D.OP_KETENPARTNER,
        )
        if status in (D.OP_KETENPARTNER, D.OVERDRACHT):
            return dienst
    dienst = services.monitoring_starten(dienst_id=dienst.pk, door=uitvoerder)
    if status == D.MONITORING:
        return dienst
    alle_momenten_vastleggen(dienst, uitvoerder)
    terugkoppeling_na_dienst(dienst, uitvoerder)
    return services.dienst_afsluiten(
        dienst_id=dienst.pk, door=uitvoerder, afsluitbrief_op=timezone.localdate()
    )


def starten_met_huisbezoek(dienst: Vervolgdienst, uitvoerder) -> Vervolgdienst:
    """Start a waiting dienst as the protocol says: the uitvoerder's first huisbezoek.

    The visit is with a parent (an adult gezinslid added to the melding), so the child's own
    requirement stays open for the test to meet.
    """
    ouder = betrokkene_toevoegen(dienst, rol=RolInMelding.GEZINSLID)
    gesprek(dienst, uitvoerder, ouder, vorm="huisbezoek")
    return vers(dienst)


def vers(dienst: Vervolgdienst) -> Vervolgdienst:
    """The dienst as stored now (refresh_from_db cannot reset a protected FSM field)."""
    return Vervolgdienst.objects.get(pk=dienst.pk)


def aantallen() -> dict[str, int]:
    """Row counts of everything a diensten service may write; compare before/after a refusal."""
    tellingen = {m.__name__: m.objects.count() for m in ALLE_DIENSTMODELLEN}
    tellingen["AuditLog"] = AuditLog.objects.count()
    return tellingen


# --- model-level factory (no services) ----------------------------------------------------------


class DienstFactory(factory.django.DjangoModelFactory):
    """A Vervolgdienst row without going through the services: for model and constraint tests only.

    The melding is a plain MeldingFactory melding; `status` can be set directly at creation.
    """

    class Meta:
        model = Vervolgdienst

    melding = factory.SubFactory(MeldingFactory)
    type = DienstType.ONDERZOEK
    besluit_op = factory.LazyFunction(timezone.now)
    termijn = factory.LazyAttribute(lambda d: termijnen.termijn_vervolgdienst(d.besluit_op))
