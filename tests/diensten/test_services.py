"""The diensten services: every write, its refusals (state, team, person, input) and its atomicity.

A refusal must leave nothing behind: each one is checked against the row counts of every model a
service may write (tests.diensten.helpers.aantallen), the audit log included.
"""

from datetime import datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from diensten import services
from diensten.eisen import onvervulde_eisen
from diensten.keuzes import DienstStatus, DienstType
from diensten.models import (
    Afwijking,
    Conclusie,
    DienstStatuswijziging,
    Gesprek,
    Informant,
    Monitoringsmoment,
    Overdracht,
    Terugkoppeling,
    Veiligheidsafspraak,
    Vervolgdienst,
)
from meldingen.keuzes import BesluitRoute, Kanaal, MeldingStatus, SoortMelding
from meldingen.models import Huishouden, Journaalregel, Melding
from tests.diensten.helpers import (
    aanleiding_toevoegen,
    aantallen,
    afspraak,
    alle_momenten_vastleggen,
    betrokkene_toevoegen,
    informant,
    ketenpartner_maken,
    kind_van,
    maak_dienst,
    melding_met_besluit,
    terugkoppeling_na_dienst,
    vers,
    voorwaarde,
    vul_eisen,
)
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang

D = DienstStatus
ONDERZOEK = DienstType.ONDERZOEK
VV = DienstType.VOORWAARDEN_EN_VERVOLG

pytestmark = pytest.mark.django_db


def weigert(fout, functie, *args, **kwargs):
    """Call `functie`, expect exactly `fout`, and check that no row was written anywhere."""
    voor = aantallen()
    with pytest.raises(fout) as info:
        functie(*args, **kwargs)
    if fout is DomainError:
        assert not isinstance(info.value, GeenToegang), info.value.message
    assert aantallen() == voor
    return info.value


@pytest.fixture
def werkbegeleider_ander_team(ander_team):
    return MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"], username="wb9")


# --- every service with valid input ----------------------------------------------------------------


def _open_moment(dienst):
    return (
        Monitoringsmoment.objects.filter(dienst_id=dienst.pk, uitgevoerd_op__isnull=True)
        .order_by("gepland_op")
        .first()
    )


def _uitvoerder(dienst, door):
    return services.dienst_uitvoerder_toewijzen(
        dienst_id=dienst.pk, door=door, uitvoerder_id=door.pk
    )


def _starten(dienst, door):
    """Starting is the uitvoerder's first gesprek or huisbezoek (a waiting dienst records one)."""
    return services.gesprek_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        directbetrokkene_id=kind_van(dienst).pk,
        datum=timezone.localdate(),
        vorm="huisbezoek",
    )


def _gesprek(dienst, door):
    return services.gesprek_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        directbetrokkene_id=kind_van(dienst).pk,
        datum=timezone.localdate(),
        vorm="gesprek",
    )


def _informant(dienst, door):
    return informant(dienst, door)


def _conclusie(dienst, door):
    return services.conclusie_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        aanleiding="km_anders",
        uitkomst="bevestigd",
        toelichting="Letsel gezien.",
    )


def _voorwaarde(dienst, door):
    return voorwaarde(dienst, door)


def _bevindingen(dienst, door):
    return services.dienst_bevindingen_vastleggen(
        dienst_id=dienst.pk, door=door, hoor_en_wederhoor="Vader reageerde."
    )


def _afwijking(dienst, door):
    return services.afwijking_aanvragen(
        dienst_id=dienst.pk,
        door=door,
        eis=f"gesprek:{kind_van(dienst).pk}",
        reden="Het kind wilde niet praten; alleen gezien tijdens het huisbezoek.",
    )


def _afronden(dienst, door):
    return services.dienst_afronden(dienst_id=dienst.pk, door=door)


def _overdracht(dienst, door):
    return services.overdracht_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        ketenpartner_id=ketenpartner_maken().pk,
        afspraken=[afspraak()],
    )


def _ketenpartner_gestart(dienst, door):
    return services.ketenpartner_gestart(dienst_id=dienst.pk, door=door)


def _monitoring_starten(dienst, door):
    return services.monitoring_starten(dienst_id=dienst.pk, door=door)


def _monitoringsmoment(dienst, door):
    return services.monitoringsmoment_vastleggen(
        moment_id=_open_moment(dienst).pk,
        door=door,
        voorwaarden_nagekomen=True,
        veilig=True,
        toelichting="Afspraken nagekomen.",
    )


def _afsluiten(dienst, door):
    return services.dienst_afsluiten(
        dienst_id=dienst.pk, door=door, afsluitbrief_op=timezone.localdate()
    )


def _stoppen(dienst, door):
    return services.dienst_stoppen(dienst_id=dienst.pk, door=door, reden="Gezin verhuisd.")


AANROEPEN = {
    "uitvoerder": _uitvoerder,
    "starten": _starten,
    "gesprek": _gesprek,
    "informant": _informant,
    "conclusie": _conclusie,
    "voorwaarde": _voorwaarde,
    "bevindingen": _bevindingen,
    "afwijking_aanvragen": _afwijking,
    "afronden": _afronden,
    "overdracht": _overdracht,
    "ketenpartner_gestart": _ketenpartner_gestart,
    "monitoring_starten": _monitoring_starten,
    "monitoringsmoment": _monitoringsmoment,
    "afsluiten": _afsluiten,
    "stoppen": _stoppen,
}


def klaar_voor(naam: str, uitvoerder) -> Vervolgdienst:
    """A dienst of `uitvoerder`'s team in which service `naam` succeeds for `uitvoerder`."""
    if naam == "uitvoerder":
        return maak_dienst(ONDERZOEK, team=uitvoerder.team)
    status = {
        "starten": D.WACHT_OP_START,
        "overdracht": D.AFGEROND,
        "monitoring_starten": D.AFGEROND,
        "ketenpartner_gestart": D.OP_KETENPARTNER,
        "monitoringsmoment": D.MONITORING,
        "afsluiten": D.MONITORING,
    }.get(naam, D.LOPEND)
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=uitvoerder, status=status)
    if naam == "afronden":
        vul_eisen(dienst, uitvoerder)
    if naam == "afsluiten":
        alle_momenten_vastleggen(dienst, uitvoerder)
        terugkoppeling_na_dienst(dienst, uitvoerder)
    return vers(dienst)


# --- 1. a dienst is created by the besluit ----------------------------------------------------------


@pytest.mark.parametrize("type_", [ONDERZOEK, VV])
def test_besluit_vervolg_maakt_dienst_met_termijn_en_geschiedenis(type_):
    melding = melding_met_besluit(type_)

    dienst = Vervolgdienst.objects.get(melding=melding)
    assert dienst.type == type_
    assert dienst.status == D.WACHT_OP_START
    assert dienst.uitvoerder_id is None and dienst.gestart_op is None
    assert dienst.besluit_op == melding.besluit.genomen_op
    assert dienst.termijn == termijnen.termijn_vervolgdienst(melding.besluit.genomen_op)
    assert timezone.localtime(dienst.termijn).date() - timezone.localtime(
        dienst.besluit_op
    ).date() == timedelta(days=70)
    assert melding.status == MeldingStatus.NAAR_VERVOLGDIENST
    regel = Journaalregel.objects.get(melding=melding, tekst__startswith="Vervolgdienst")
    assert dienst.get_type_display() in regel.tekst
    assert f"{timezone.localtime(dienst.termijn):%d-%m-%Y}" in regel.tekst
    assert regel.auteur == melding.besluit.genomen_door
    audit = AuditLog.objects.get(actie="dienst.aanmaken")
    assert audit.object_id == melding.nummer and audit.details == {"dienst": dienst.pk}


@pytest.mark.parametrize(
    "route", sorted(set(BesluitRoute.values) - set(BesluitRoute.vervolg_bij_vt()))
)
def test_besluit_zonder_vervolg_bij_vt_maakt_geen_dienst(route):
    melding = melding_met_besluit(route=route)

    assert melding.status == MeldingStatus.BESLOTEN
    assert not Vervolgdienst.objects.exists()
    assert not AuditLog.objects.filter(actie="dienst.aanmaken").exists()


# --- 2. uitvoerder -------------------------------------------------------------------------------


@pytest.mark.parametrize("welke", ["beoordelaar_1", "beoordelaar_2"])
def test_onderzoek_door_een_beoordelaar_geeft_waarschuwing(
    team, onderzoeker, collega, werkbegeleider, welke
):
    dienst = maak_dienst(ONDERZOEK, team=team, beoordelaar_1=onderzoeker, beoordelaar_2=collega)
    uitvoerder = {"beoordelaar_1": onderzoeker, "beoordelaar_2": collega}[welke]

    bijgewerkt, waarschuwing = services.dienst_uitvoerder_toewijzen(
        dienst_id=dienst.pk, door=werkbegeleider, uitvoerder_id=uitvoerder.pk
    )

    assert f"{uitvoerder} was ook beoordelaar van deze melding" in waarschuwing
    assert bijgewerkt.uitvoerder == uitvoerder
    assert vers(dienst).uitvoerder_id == uitvoerder.pk
    audit = AuditLog.objects.get(actie="dienst.uitvoerder")
    assert audit.details == {"dienst": dienst.pk, "waarschuwing": True}
    assert Journaalregel.objects.filter(
        melding=dienst.melding, tekst=f"Uitvoerder van de dienst: {uitvoerder}."
    ).exists()


def test_onderzoek_door_een_ander_dan_de_beoordelaars_geeft_geen_waarschuwing(
    team, onderzoeker, collega, werkbegeleider
):
    dienst = maak_dienst(ONDERZOEK, team=team, beoordelaar_1=onderzoeker, beoordelaar_2=collega)
    derde = MedewerkerFactory(team=team, rollen=["onderzoeker"])

    _dienst, waarschuwing = services.dienst_uitvoerder_toewijzen(
        dienst_id=dienst.pk, door=werkbegeleider, uitvoerder_id=derde.pk
    )

    assert waarschuwing == ""
    assert vers(dienst).uitvoerder_id == derde.pk


def test_vv_door_een_beoordelaar_geeft_geen_waarschuwing(team, onderzoeker, collega):
    dienst = maak_dienst(VV, team=team, beoordelaar_1=onderzoeker, beoordelaar_2=collega)

    _dienst, waarschuwing = services.dienst_uitvoerder_toewijzen(
        dienst_id=dienst.pk, door=onderzoeker, uitvoerder_id=onderzoeker.pk
    )

    assert waarschuwing == ""
    assert vers(dienst).uitvoerder_id == onderzoeker.pk


@pytest.mark.parametrize("wie", ["gedragswetenschapper", "werkbegeleider", "inactief", "onbekend"])
def test_uitvoerder_moet_een_actieve_onderzoeker_zijn(
    request, team, onderzoeker, gedragswetenschapper, werkbegeleider, wie
):
    dienst = maak_dienst(ONDERZOEK, team=team)
    if wie == "inactief":
        kandidaat_id = MedewerkerFactory(team=team, rollen=["onderzoeker"], is_active=False).pk
    elif wie == "onbekend":
        kandidaat_id = 999_999
    else:
        kandidaat_id = request.getfixturevalue(wie).pk

    fout = weigert(
        DomainError,
        services.dienst_uitvoerder_toewijzen,
        dienst_id=dienst.pk,
        door=onderzoeker,
        uitvoerder_id=kandidaat_id,
    )

    assert fout.velden == {"uitvoerder": "De uitvoerder moet een actieve onderzoeker zijn."}
    assert vers(dienst).uitvoerder_id is None


def test_gedragswetenschapper_mag_geen_uitvoerder_toewijzen(
    team, onderzoeker, gedragswetenschapper
):
    dienst = maak_dienst(ONDERZOEK, team=team)

    fout = weigert(
        GeenToegang,
        services.dienst_uitvoerder_toewijzen,
        dienst_id=dienst.pk,
        door=gedragswetenschapper,
        uitvoerder_id=onderzoeker.pk,
    )

    assert "werkbegeleider of onderzoeker" in fout.message
    assert vers(dienst).uitvoerder_id is None


def test_onbekende_dienst_wordt_geweigerd(onderzoeker):
    fout = weigert(DomainError, services.dienst_starten, dienst_id=999_999, door=onderzoeker)
    assert fout.message == "Deze vervolgdienst bestaat niet."


# --- 3. starten ----------------------------------------------------------------------------------


def test_starten_bewaart_de_tijd_sinds_het_besluit_tot_het_eerste_huisbezoek(onderzoeker):
    """Gestart means gestart: the uitvoerder's first huisbezoek starts the dienst (DOMAIN §11)."""
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)
    besluit_op = timezone.now() - timedelta(days=6, hours=2)
    Vervolgdienst.objects.filter(pk=dienst.pk).update(besluit_op=besluit_op)

    _starten(dienst, onderzoeker)

    dienst = vers(dienst)
    assert dienst.status == D.LOPEND
    assert timezone.now() - dienst.gestart_op < timedelta(seconds=10)
    assert dienst.wachttijd_start == dienst.gestart_op - besluit_op
    assert dienst.wachttijd_start >= timedelta(days=6, hours=2)
    wijziging = DienstStatuswijziging.objects.get(dienst=dienst)
    assert (wijziging.van, wijziging.naar, wijziging.door) == (
        D.WACHT_OP_START,
        D.LOPEND,
        onderzoeker,
    )
    assert wijziging.toelichting == f"Gestart met huisbezoek op {timezone.localdate():%d-%m-%Y}."
    audit = AuditLog.objects.get(actie="dienst.starten")
    assert audit.details == {"dienst": dienst.pk, "van": D.WACHT_OP_START, "naar": D.LOPEND}
    assert Journaalregel.objects.filter(
        melding=dienst.melding, tekst__contains="status van 'Wacht op start' naar 'Lopend'"
    ).exists()


def test_gesprek_zonder_uitvoerder_geweigerd(team, werkbegeleider):
    dienst = maak_dienst(ONDERZOEK, team=team)

    fout = weigert(DomainError, _starten, dienst, werkbegeleider)

    assert fout.message == "Een gesprek vastleggen kan nog niet: wijs eerst een uitvoerder toe."
    assert vers(dienst).status == D.WACHT_OP_START


def test_starten_zonder_uitvoerder_geweigerd(team, werkbegeleider):
    dienst = maak_dienst(ONDERZOEK, team=team)

    fout = weigert(DomainError, services.dienst_starten, dienst_id=dienst.pk, door=werkbegeleider)

    assert "Er is nog geen uitvoerder toegewezen." in fout.message
    assert vers(dienst).status == D.WACHT_OP_START


def test_gesprek_van_de_werkbegeleider_start_de_dienst_niet(onderzoeker, werkbegeleider):
    """Only the uitvoerder's own gesprek or huisbezoek starts it; the entry is kept."""
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)

    _starten(dienst, werkbegeleider)

    dienst = vers(dienst)
    assert dienst.status == D.WACHT_OP_START and dienst.gestart_op is None
    assert Gesprek.objects.filter(dienst=dienst, door=werkbegeleider).exists()
    assert not DienstStatuswijziging.objects.filter(dienst=dienst).exists()


# --- 4. every service: wrong state, wrong team, wrong person -------------------------------------------


@pytest.mark.parametrize(
    ("naam", "status", "fragment"),
    [
        ("uitvoerder", D.GESTOPT, "Een uitvoerder toewijzen kan niet: de dienst is gestopt."),
        ("uitvoerder", D.AFGESLOTEN, "de dienst is afgesloten"),
        ("starten", D.AFGEROND, "Een gesprek vastleggen kan alleen zolang de dienst loopt"),
        ("informant", D.WACHT_OP_START, "zolang de dienst loopt (nu: wacht op start)"),
        ("gesprek", D.AFGEROND, "Een gesprek vastleggen kan alleen zolang de dienst loopt"),
        ("informant", D.AFGEROND, "(nu: afgerond)"),
        ("conclusie", D.WACHT_OP_START, "(nu: wacht op start)"),
        ("voorwaarde", D.MONITORING, "(nu: monitoring)"),
        ("bevindingen", D.AFGEROND, "(nu: afgerond)"),
        ("afwijking_aanvragen", D.OVERDRACHT, "(nu: overgedragen)"),
        ("afronden", D.WACHT_OP_START, "De dienst afronden kan alleen zolang de dienst loopt"),
        ("afronden", D.AFGEROND, "(nu: afgerond)"),
        ("overdracht", D.LOPEND, "Overdragen kan na het afronden van de dienst (nu: lopend)."),
        ("overdracht", D.OVERDRACHT, "(nu: overgedragen)"),
        ("ketenpartner_gestart", D.AFGEROND, "Er is nog geen overdracht"),
        ("ketenpartner_gestart", D.OVERDRACHT, "de status is 'Overgedragen'"),
        ("monitoring_starten", D.LOPEND, "Monitoring start na afronden of overdracht (nu: lopend)"),
        ("monitoring_starten", D.OP_KETENPARTNER, "(nu: wacht op ketenpartner)"),
        ("monitoring_starten", D.MONITORING, "(nu: monitoring)"),
        ("afsluiten", D.AFGEROND, "Afsluiten kan na de monitoring (nu: afgerond)."),
        ("afsluiten", D.GESTOPT, "(nu: gestopt)"),
        ("stoppen", D.AFGESLOTEN, "Stoppen kan niet: de status is 'Afgesloten'."),
        ("stoppen", D.GESTOPT, "de status is 'Gestopt'"),
    ],
)
def test_dienst_in_verkeerde_status_geweigerd(onderzoeker, naam, status, fragment):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=status)

    fout = weigert(DomainError, AANROEPEN[naam], dienst, onderzoeker)

    assert fragment in fout.message
    assert vers(dienst).status == status


def test_monitoringsmoment_van_een_gestopte_dienst_geweigerd(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.MONITORING)
    services.dienst_stoppen(dienst_id=dienst.pk, door=onderzoeker, reden="Gezin vertrokken.")

    fout = weigert(DomainError, _monitoringsmoment, dienst, onderzoeker)

    assert fout.message == "Deze dienst is niet in monitoring."
    assert not Monitoringsmoment.objects.filter(uitgevoerd_op__isnull=False).exists()


def test_monitoringsmoment_twee_keer_vastleggen_geweigerd(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.MONITORING)
    moment = _open_moment(dienst)
    _monitoringsmoment(dienst, onderzoeker)

    fout = weigert(
        DomainError,
        services.monitoringsmoment_vastleggen,
        moment_id=moment.pk,
        door=onderzoeker,
        voorwaarden_nagekomen=False,
        veilig=False,
        toelichting="Nog eens.",
    )

    assert fout.message == "Dit monitoringsmoment is al vastgelegd."
    moment.refresh_from_db()
    assert moment.veilig is True and moment.nieuwe_melding is None


@pytest.mark.parametrize("naam", sorted(AANROEPEN))
def test_dienst_van_ander_team_geweigerd(onderzoeker, onderzoeker_ander_team, naam):
    dienst = klaar_voor(naam, onderzoeker)
    status = dienst.status

    fout = weigert(GeenToegang, AANROEPEN[naam], dienst, onderzoeker_ander_team)

    assert "alleen voor meldingen van uw eigen team" in fout.message
    assert vers(dienst).status == status
    AANROEPEN[naam](dienst, onderzoeker)  # the same call by the own team succeeds


@pytest.mark.parametrize("naam", ["starten", "afronden", "overdracht", "stoppen"])
def test_werkbegeleider_van_ander_team_geweigerd(onderzoeker, werkbegeleider_ander_team, naam):
    dienst = klaar_voor(naam, onderzoeker)

    weigert(GeenToegang, AANROEPEN[naam], dienst, werkbegeleider_ander_team)

    assert vers(dienst).status == dienst.status


@pytest.mark.parametrize("naam", sorted(set(AANROEPEN) - {"uitvoerder"}))
def test_collega_die_niet_de_uitvoerder_is_geweigerd(onderzoeker, collega, naam):
    dienst = klaar_voor(naam, onderzoeker)
    status = dienst.status

    fout = weigert(GeenToegang, AANROEPEN[naam], dienst, collega)

    assert "Alleen de uitvoerder of een werkbegeleider van het team mag" in fout.message
    assert vers(dienst).status == status
    AANROEPEN[naam](dienst, onderzoeker)  # the uitvoerder may


@pytest.mark.parametrize("naam", sorted(set(AANROEPEN) - {"uitvoerder"}))
def test_werkbegeleider_van_het_team_mag_alles(onderzoeker, werkbegeleider, naam):
    dienst = klaar_voor(naam, onderzoeker)

    AANROEPEN[naam](dienst, werkbegeleider)

    assert AuditLog.objects.filter(medewerker=werkbegeleider).exists()


@pytest.mark.parametrize("naam", ["stoppen", "starten", "gesprek"])
def test_gedragswetenschapper_van_het_team_geweigerd(onderzoeker, gedragswetenschapper, naam):
    dienst = klaar_voor(naam, onderzoeker)

    weigert(GeenToegang, AANROEPEN[naam], dienst, gedragswetenschapper)


def test_wie_uitvoerder_kan_worden_kan_de_dienst_ook_uitvoeren(onderzoeker_ander_team, team):
    dienst = maak_dienst(ONDERZOEK, team=team)
    werkbegeleider = MedewerkerFactory(team=team, rollen=["werkbegeleider"])
    services.dienst_uitvoerder_toewijzen(
        dienst_id=dienst.pk, door=werkbegeleider, uitvoerder_id=onderzoeker_ander_team.pk
    )
    _starten(dienst, onderzoeker_ander_team)
    assert vers(dienst).status == D.LOPEND


# --- 5. recording during the dienst: happy paths and bad input --------------------------------------


@pytest.fixture
def lopend(onderzoeker):
    return maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)


def test_gesprek_vastleggen(lopend, onderzoeker):
    kind = kind_van(lopend)
    datum = timezone.localtime(lopend.melding.ontvangen_op).date()

    gesprek = services.gesprek_vastleggen(
        dienst_id=lopend.pk,
        door=onderzoeker,
        directbetrokkene_id=kind.pk,
        datum=datum,
        vorm="huisbezoek",
        toelichting="  Kind vertelt over thuis.  ",
    )

    opgeslagen = Gesprek.objects.get(pk=gesprek.pk)
    assert (opgeslagen.dienst_id, opgeslagen.directbetrokkene_id) == (lopend.pk, kind.pk)
    assert (opgeslagen.datum, opgeslagen.vorm, opgeslagen.door) == (
        datum,
        "huisbezoek",
        onderzoeker,
    )
    assert opgeslagen.toelichting == "Kind vertelt over thuis."
    assert AuditLog.objects.filter(actie="dienst.gesprek", object_id=lopend.melding.nummer).exists()


@pytest.mark.parametrize(
    ("verschuiving", "tekst"),
    [
        (-1, "De datum ligt vóór de ontvangst van de melding."),
        ("morgen", "De datum ligt in de toekomst."),
        (None, "Vul een datum in."),
    ],
)
def test_gesprek_met_onmogelijke_datum_geweigerd(lopend, onderzoeker, verschuiving, tekst):
    if verschuiving is None:
        datum = None
    elif verschuiving == "morgen":
        datum = timezone.localdate() + timedelta(days=1)
    else:
        datum = timezone.localtime(lopend.melding.ontvangen_op).date() + timedelta(
            days=verschuiving
        )

    fout = weigert(
        DomainError,
        services.gesprek_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        directbetrokkene_id=kind_van(lopend).pk,
        datum=datum,
        vorm="gesprek",
    )

    assert fout.velden == {"datum": tekst}


def test_gesprek_met_directbetrokkene_van_een_andere_melding_geweigerd(lopend, onderzoeker, team):
    andere = MeldingFactory(team=team)

    fout = weigert(
        DomainError,
        services.gesprek_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        directbetrokkene_id=kind_van(andere).pk,
        datum=timezone.localdate(),
        vorm="gesprek",
    )

    assert fout.velden == {"directbetrokkene": "Kies een directbetrokkene van deze melding."}


def test_gesprek_met_onbekende_vorm_geweigerd(lopend, onderzoeker):
    fout = weigert(
        DomainError,
        services.gesprek_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        directbetrokkene_id=kind_van(lopend).pk,
        datum=timezone.localdate(),
        vorm="briefje",
    )
    assert set(fout.velden) == {"vorm"}


def test_informant_vastleggen_met_afweging_zonder_toestemming(lopend, onderzoeker):
    record = services.informant_vastleggen(
        dienst_id=lopend.pk,
        door=onderzoeker,
        naam=" Juf Jansen ",
        organisatie="Basisschool, leerkracht",
        toestemming=False,
        afweging=" Ouders weigerden; veiligheid kind gaat voor. ",
        datum=timezone.localdate(),
        informatie="Kind komt vaak te laat.",
    )

    opgeslagen = Informant.objects.get(pk=record.pk)
    assert opgeslagen.naam == "Juf Jansen"
    assert opgeslagen.toestemming is False
    assert opgeslagen.afweging == "Ouders weigerden; veiligheid kind gaat voor."


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"toestemming": False, "afweging": "  "}, "afweging"),
        ({"naam": " "}, "naam"),
        ({"organisatie": ""}, "organisatie"),
        ({"informatie": ""}, "informatie"),
        ({"datum": None}, "datum"),
    ],
)
def test_informant_met_onvolledige_gegevens_geweigerd(lopend, onderzoeker, wijziging, veld):
    argumenten = {
        "naam": "Huisarts",
        "organisatie": "Praktijk",
        "toestemming": True,
        "afweging": "",
        "datum": timezone.localdate(),
        "informatie": "Zorgen.",
    } | wijziging

    fout = weigert(
        DomainError,
        services.informant_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        **argumenten,
    )

    assert set(fout.velden) == {veld}


def test_conclusie_voor_type_geweld_dat_de_melding_niet_heeft_geweigerd(lopend, onderzoeker):
    fout = weigert(
        DomainError,
        services.conclusie_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        aanleiding="partnergeweld",
        uitkomst="bevestigd",
        toelichting="Onderbouwing.",
    )
    assert fout.velden == {"aanleiding": "Deze melding gaat niet over dit type geweld."}


def test_conclusie_over_andere_problematiek_geweigerd(lopend, onderzoeker):
    aanleiding_toevoegen(lopend, "andere_problematiek")

    fout = weigert(
        DomainError,
        services.conclusie_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        aanleiding="andere_problematiek",
        uitkomst="bevestigd",
        toelichting="Onderbouwing.",
    )
    assert set(fout.velden) == {"aanleiding"}


def test_voortijdige_conclusie_vraagt_reden(lopend, onderzoeker):
    fout = weigert(
        DomainError,
        services.conclusie_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        aanleiding="km_anders",
        uitkomst="voortijdig_afgesloten",
        toelichting="Gezin vertrokken.",
        reden_voortijdig="",
    )
    assert fout.velden == {
        "reden_voortijdig": "Kies waarom het onderzoek voortijdig is afgesloten."
    }

    services.conclusie_vastleggen(
        dienst_id=lopend.pk,
        door=onderzoeker,
        aanleiding="km_anders",
        uitkomst="voortijdig_afgesloten",
        toelichting="Gezin vertrokken.",
        reden_voortijdig="vertrokken",
    )
    opgeslagen = Conclusie.objects.get(dienst=lopend)
    assert (opgeslagen.uitkomst, opgeslagen.reden_voortijdig) == (
        "voortijdig_afgesloten",
        "vertrokken",
    )


def test_conclusie_vervangt_de_vorige_en_vergeet_de_reden(lopend, onderzoeker):
    services.conclusie_vastleggen(
        dienst_id=lopend.pk,
        door=onderzoeker,
        aanleiding="km_anders",
        uitkomst="voortijdig_afgesloten",
        toelichting="Vertrokken.",
        reden_voortijdig="vertrokken",
    )
    services.conclusie_vastleggen(
        dienst_id=lopend.pk,
        door=onderzoeker,
        aanleiding="km_anders",
        uitkomst="weerlegd",
        toelichting="Toch gevonden; geen zorgen.",
        reden_voortijdig="vertrokken",
    )

    opgeslagen = Conclusie.objects.get(dienst=lopend)
    assert (opgeslagen.uitkomst, opgeslagen.reden_voortijdig) == ("weerlegd", "")
    assert opgeslagen.toelichting == "Toch gevonden; geen zorgen."


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [({"uitkomst": "misschien"}, "uitkomst"), ({"toelichting": "  "}, "toelichting")],
)
def test_conclusie_met_onvolledige_gegevens_geweigerd(lopend, onderzoeker, wijziging, veld):
    argumenten = {"aanleiding": "km_anders", "uitkomst": "bevestigd", "toelichting": "x"}
    fout = weigert(
        DomainError,
        services.conclusie_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        **(argumenten | wijziging),
    )
    assert set(fout.velden) == {veld}


def test_conclusie_in_voorwaarden_en_vervolg_geweigerd(onderzoeker):
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)

    fout = weigert(DomainError, _conclusie, dienst, onderzoeker)

    assert fout.message == "Alleen een Onderzoek trekt een conclusie per type geweld."


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"voorwaarde": ""}, "voorwaarde"),
        ({"voor_wie": " "}, "voor_wie"),
        ({"hoe_gecontroleerd": ""}, "hoe_gecontroleerd"),
        ({"sinds": None}, "sinds"),
    ],
)
def test_voorwaarde_met_leeg_veld_geweigerd(lopend, onderzoeker, wijziging, veld):
    argumenten = {
        "voorwaarde": "Geen alcohol in huis.",
        "voor_wie": "Vader",
        "sinds": timezone.localdate(),
        "hoe_gecontroleerd": "Onaangekondigd huisbezoek.",
    } | wijziging

    fout = weigert(
        DomainError,
        services.voorwaarde_vastleggen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        **argumenten,
    )

    assert set(fout.velden) == {veld}


def test_bevindingen_van_onderzoek(lopend, onderzoeker):
    services.dienst_bevindingen_vastleggen(
        dienst_id=lopend.pk,
        door=onderzoeker,
        hoor_en_wederhoor=" Ouders reageerden. ",
        verzoek_raad=True,
        melding_politie=False,
        overdracht_vrijwillige_hulp=True,
    )
    services.dienst_bevindingen_vastleggen(
        dienst_id=lopend.pk, door=onderzoeker, melding_politie=True
    )

    dienst = vers(lopend)
    assert dienst.hoor_en_wederhoor == "Ouders reageerden."
    assert (dienst.verzoek_raad, dienst.melding_politie, dienst.overdracht_vrijwillige_hulp) == (
        True,
        True,
        True,
    ), "None laat een veld zoals het was"


@pytest.mark.parametrize(
    ("type_", "veld"),
    [(VV, "hoor_en_wederhoor"), (VV, "verzoek_raad"), (ONDERZOEK, "erkenning_zorgen")],
)
def test_bevinding_die_niet_bij_het_type_hoort_geweigerd(onderzoeker, type_, veld):
    dienst = maak_dienst(type_, met_uitvoerder=onderzoeker, status=D.LOPEND)
    waarde = True if veld == "verzoek_raad" else "Tekst"

    fout = weigert(
        DomainError,
        services.dienst_bevindingen_vastleggen,
        dienst_id=dienst.pk,
        door=onderzoeker,
        **{veld: waarde},
    )

    assert fout.velden == {veld: "Hoort niet bij deze dienst."}


# --- 6. afronden and afwijkingen -------------------------------------------------------------------


def test_afronden_geweigerd_met_elke_onvervulde_eis_genoemd(lopend, onderzoeker):
    vader = betrokkene_toevoegen(lopend)
    informant(lopend, onderzoeker)

    fout = weigert(DomainError, _afronden, lopend, onderzoeker)

    assert fout.message.startswith("De dienst kan nog niet worden afgerond.")
    ontbrekend = [e.omschrijving for e in onvervulde_eisen(vers(lopend))]
    assert len(ontbrekend) == 6
    for omschrijving in ontbrekend:
        assert omschrijving in fout.message
    assert f"{vader.persoon} is gesproken" in fout.message
    assert "Minstens 2 informanten" in fout.message
    assert "Hoor en wederhoor is vastgelegd" in fout.message
    assert "Conclusie over 'Kindermishandeling — anders'" in fout.message
    assert "veiligheidsvoorwaarde" in fout.message
    assert vers(lopend).status == D.LOPEND and vers(lopend).afgerond_op is None


def test_afronden_na_alle_eisen(lopend, onderzoeker):
    vul_eisen(lopend, onderzoeker)

    services.dienst_afronden(dienst_id=lopend.pk, door=onderzoeker)

    dienst = vers(lopend)
    assert dienst.status == D.AFGEROND and dienst.afgerond_op is not None
    assert DienstStatuswijziging.objects.filter(
        dienst=dienst, van=D.LOPEND, naar=D.AFGEROND, door=onderzoeker
    ).exists()
    assert AuditLog.objects.filter(actie="dienst.afronden").exists()


def _bijna_klaar(dienst, door):
    """Everything but the child's gesprek (the child could not be spoken)."""
    kind = kind_van(dienst)
    for betrokkene in dienst.melding.directbetrokkenen.exclude(pk=kind.pk):
        services.gesprek_vastleggen(
            dienst_id=dienst.pk,
            door=door,
            directbetrokkene_id=betrokkene.pk,
            datum=timezone.localdate(),
            vorm="gesprek",
        )
    voorwaarde(dienst, door)
    informant(dienst, door, naam="Huisarts De Vries")
    informant(dienst, door, naam="Juf Jansen")
    _bevindingen(dienst, door)
    _conclusie(dienst, door)


def test_afronden_met_goedgekeurde_afwijking_wel_met_aangevraagde_niet(
    lopend, onderzoeker, werkbegeleider
):
    _bijna_klaar(lopend, onderzoeker)
    afwijking = _afwijking(lopend, onderzoeker)

    fout = weigert(DomainError, _afronden, lopend, onderzoeker)
    assert f"{kind_van(lopend).persoon} is gesproken in een gesprek of huisbezoek" in fout.message

    services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=werkbegeleider)
    services.dienst_afronden(dienst_id=lopend.pk, door=onderzoeker)

    assert vers(lopend).status == D.AFGEROND


def test_afwijking_aanvragen_slaat_eis_en_omschrijving_op(lopend, onderzoeker):
    afwijking = _afwijking(lopend, onderzoeker)

    opgeslagen = Afwijking.objects.get(pk=afwijking.pk)
    kind = kind_van(lopend)
    omschrijving = (
        f"{kind.persoon} is gesproken in een gesprek of huisbezoek (telefonisch telt niet)"
    )
    assert opgeslagen.eis == f"gesprek:{kind.pk}"
    assert opgeslagen.omschrijving == omschrijving
    assert opgeslagen.reden == "Het kind wilde niet praten; alleen gezien tijdens het huisbezoek."
    assert opgeslagen.aangevraagd_door == onderzoeker and opgeslagen.goedgekeurd_door is None
    assert Journaalregel.objects.filter(
        melding=lopend.melding, tekst=f"Afwijking aangevraagd: {omschrijving}."
    ).exists()


@pytest.mark.parametrize(
    ("eis", "reden", "verwacht"),
    [
        ("bestaat_niet", "Reden.", {"eis": "Deze eis bestaat niet voor deze dienst."}),
        ("kind", "  ", {"reden": "Geef de reden van de afwijking."}),
        ("erkenning", "Reden.", {"eis": "Deze eis bestaat niet voor deze dienst."}),
    ],
)
def test_afwijking_met_onjuiste_invoer_geweigerd(lopend, onderzoeker, eis, reden, verwacht):
    if eis == "kind":
        eis = f"gesprek:{kind_van(lopend).pk}"
    fout = weigert(
        DomainError,
        services.afwijking_aanvragen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        eis=eis,
        reden=reden,
    )
    assert fout.velden == verwacht


def test_afwijking_voor_voldane_eis_of_twee_keer_geweigerd(lopend, onderzoeker):
    voorwaarde(lopend, onderzoeker)
    fout = weigert(
        DomainError,
        services.afwijking_aanvragen,
        dienst_id=lopend.pk,
        door=onderzoeker,
        eis="voorwaarden",
        reden="Niet nodig.",
    )
    assert fout.message == "Aan deze eis is voldaan; een afwijking is niet nodig."

    _afwijking(lopend, onderzoeker)
    fout = weigert(DomainError, _afwijking, lopend, onderzoeker)
    assert fout.message == "Voor deze eis is al een afwijking aangevraagd."


def test_afwijking_goedkeuren_door_werkbegeleider(lopend, onderzoeker, werkbegeleider):
    afwijking = _afwijking(lopend, onderzoeker)

    services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=werkbegeleider)

    afwijking.refresh_from_db()
    assert afwijking.goedgekeurd_door == werkbegeleider
    assert timezone.now() - afwijking.goedgekeurd_op < timedelta(seconds=10)
    assert AuditLog.objects.filter(actie="dienst.afwijking_goedkeuren").exists()


@pytest.mark.parametrize("wie", ["onderzoeker", "collega", "gedragswetenschapper"])
def test_afwijking_goedkeuren_alleen_door_werkbegeleider(request, lopend, onderzoeker, wie):
    afwijking = _afwijking(lopend, onderzoeker)

    fout = weigert(
        GeenToegang,
        services.afwijking_goedkeuren,
        afwijking_id=afwijking.pk,
        door=request.getfixturevalue(wie),
    )

    assert fout.message == "Alleen een werkbegeleider mag een afwijking goedkeuren."
    afwijking.refresh_from_db()
    assert afwijking.goedgekeurd_door is None


def test_werkbegeleider_keurt_eigen_afwijking_niet_goed(lopend, werkbegeleider):
    afwijking = _afwijking(lopend, werkbegeleider)

    fout = weigert(
        DomainError, services.afwijking_goedkeuren, afwijking_id=afwijking.pk, door=werkbegeleider
    )

    assert fout.message == "Een afwijking wordt goedgekeurd door een ander dan de aanvrager."
    afwijking.refresh_from_db()
    assert afwijking.goedgekeurd_door is None


def test_werkbegeleider_van_ander_team_keurt_niet_goed(
    lopend, onderzoeker, werkbegeleider_ander_team
):
    afwijking = _afwijking(lopend, onderzoeker)

    weigert(
        GeenToegang,
        services.afwijking_goedkeuren,
        afwijking_id=afwijking.pk,
        door=werkbegeleider_ander_team,
    )

    afwijking.refresh_from_db()
    assert afwijking.goedgekeurd_door is None


def test_afwijking_twee_keer_goedkeuren_of_onbekend_geweigerd(
    lopend, onderzoeker, werkbegeleider, team
):
    afwijking = _afwijking(lopend, onderzoeker)
    services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=werkbegeleider)
    tweede = MedewerkerFactory(team=team, rollen=["werkbegeleider"])

    fout = weigert(
        DomainError, services.afwijking_goedkeuren, afwijking_id=afwijking.pk, door=tweede
    )
    assert fout.message == "Deze afwijking is al goedgekeurd."
    afwijking.refresh_from_db()
    assert afwijking.goedgekeurd_door == werkbegeleider

    fout = weigert(DomainError, services.afwijking_goedkeuren, afwijking_id=999_999, door=tweede)
    assert fout.message == "Deze afwijking bestaat niet."


# --- 7. overdracht ----------------------------------------------------------------------------------


@pytest.fixture
def afgerond(onderzoeker):
    return maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.AFGEROND)


def test_overdracht_met_wachtlijst_daarna_ketenpartner_gestart(afgerond, onderzoeker):
    partner = ketenpartner_maken("GGZ Delfland", wachtlijst=True)
    afspraken = [
        afspraak(wat=" Vader woont elders. ", wie="Vader", hoe_gecontroleerd="Wijkagent."),
        afspraak(uiterlijk=timezone.localdate() + timedelta(days=7)),
    ]

    services.overdracht_vastleggen(
        dienst_id=afgerond.pk,
        door=onderzoeker,
        ketenpartner_id=partner.pk,
        afspraken=afspraken,
        contactpersoon=" Mevrouw Bakker ",
        wachtlijst=True,
    )

    dienst = vers(afgerond)
    assert dienst.status == D.OP_KETENPARTNER
    overdracht = Overdracht.objects.get(dienst=dienst)
    assert (overdracht.ketenpartner, overdracht.contactpersoon, overdracht.door) == (
        partner,
        "Mevrouw Bakker",
        onderzoeker,
    )
    opgeslagen = list(overdracht.afspraken.order_by("uiterlijk", "pk"))
    assert [(a.wat, a.wie, a.uiterlijk, a.hoe_gecontroleerd) for a in opgeslagen] == sorted(
        [
            ("Vader woont elders.", "Vader", afspraken[0].uiterlijk, "Wijkagent."),
            (
                afspraken[1].wat,
                afspraken[1].wie,
                afspraken[1].uiterlijk,
                afspraken[1].hoe_gecontroleerd,
            ),
        ],
        key=lambda r: r[2],
    )
    wijziging = DienstStatuswijziging.objects.get(dienst=dienst, naar=D.OP_KETENPARTNER)
    assert wijziging.toelichting == "Overdracht aan GGZ Delfland met 2 veiligheidsafspraken."

    services.ketenpartner_gestart(dienst_id=dienst.pk, door=onderzoeker)

    assert vers(dienst).status == D.OVERDRACHT
    assert AuditLog.objects.filter(actie="dienst.ketenpartner_gestart").exists()


def test_overdracht_zonder_wachtlijst_gaat_direct_naar_overdracht(afgerond, onderzoeker):
    _overdracht(afgerond, onderzoeker)

    assert vers(afgerond).status == D.OVERDRACHT
    assert Veiligheidsafspraak.objects.filter(overdracht__dienst=afgerond).count() == 1


@pytest.mark.parametrize(
    ("afspraken", "verwacht"),
    [
        ([], {"afspraken": "Leg minstens één concrete veiligheidsafspraak vast."}),
        (
            [afspraak(uiterlijk=None)],
            {"afspraken.0.uiterlijk": "Vul in wanneer dit uiterlijk geregeld is."},
        ),
        (
            [afspraak(), afspraak(wat=" ", wie="")],
            {
                "afspraken.1.wat": "Dit veld mag niet leeg zijn.",
                "afspraken.1.wie": "Dit veld mag niet leeg zijn.",
            },
        ),
        (
            [afspraak(hoe_gecontroleerd="")],
            {"afspraken.0.hoe_gecontroleerd": "Dit veld mag niet leeg zijn."},
        ),
    ],
    ids=["geen", "zonder-uiterlijk", "leeg-wat-wie", "leeg-hoe"],
)
def test_overdracht_met_onvolledige_afspraken_slaat_niets_op(
    afgerond, onderzoeker, afspraken, verwacht
):
    fout = weigert(
        DomainError,
        services.overdracht_vastleggen,
        dienst_id=afgerond.pk,
        door=onderzoeker,
        ketenpartner_id=ketenpartner_maken().pk,
        afspraken=afspraken,
    )

    assert fout.velden == verwacht
    assert vers(afgerond).status == D.AFGEROND
    assert not Overdracht.objects.exists()


def test_overdracht_aan_onbekende_ketenpartner_geweigerd(afgerond, onderzoeker):
    fout = weigert(
        DomainError,
        services.overdracht_vastleggen,
        dienst_id=afgerond.pk,
        door=onderzoeker,
        ketenpartner_id=999_999,
        afspraken=[afspraak()],
    )
    assert fout.velden == {"ketenpartner": "Kies een ketenpartner."}


def test_overdracht_is_atomair_bij_een_late_fout(afgerond, onderzoeker, monkeypatch):
    """A failure after the Overdracht and its afspraken were written leaves nothing behind."""

    def kapot(*args, **kwargs):
        raise RuntimeError("audit log onbereikbaar")

    monkeypatch.setattr("diensten.services._basis.audit_log", kapot)
    voor = aantallen()

    with pytest.raises(RuntimeError):
        _overdracht(afgerond, onderzoeker)

    assert aantallen() == voor
    assert not Overdracht.objects.exists()
    assert not Veiligheidsafspraak.objects.exists()
    dienst = vers(afgerond)
    assert dienst.status == D.AFGEROND
    assert not DienstStatuswijziging.objects.filter(dienst=dienst, naar=D.OVERDRACHT).exists()


# --- 8. monitoring ---------------------------------------------------------------------------------


def test_monitoring_starten_plant_momenten_volgens_de_instelling(afgerond, onderzoeker, settings):
    settings.VT_MONITORING_MAANDEN = [2, 5, 9]
    vanaf = timezone.localdate() - timedelta(days=3)

    services.monitoring_starten(dienst_id=afgerond.pk, door=onderzoeker, vanaf=vanaf)

    dienst = vers(afgerond)
    assert dienst.status == D.MONITORING
    assert list(dienst.monitoringsmomenten.values_list("gepland_op", flat=True)) == [
        vanaf + relativedelta(months=2),
        vanaf + relativedelta(months=5),
        vanaf + relativedelta(months=9),
    ]
    assert not dienst.monitoringsmomenten.filter(uitgevoerd_op__isnull=False).exists()


def test_monitoring_standaard_1_3_6_12_18_maanden_vanaf_vandaag(afgerond, onderzoeker):
    services.monitoring_starten(dienst_id=afgerond.pk, door=onderzoeker)

    vandaag = timezone.localdate()
    assert list(
        Monitoringsmoment.objects.filter(dienst=afgerond).values_list("gepland_op", flat=True)
    ) == [vandaag + relativedelta(months=m) for m in (1, 3, 6, 12, 18)]


def test_monitoring_na_overdracht(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.OVERDRACHT)

    services.monitoring_starten(dienst_id=dienst.pk, door=onderzoeker)

    assert vers(dienst).status == D.MONITORING
    assert DienstStatuswijziging.objects.filter(
        dienst=dienst, van=D.OVERDRACHT, naar=D.MONITORING
    ).exists()


@pytest.fixture
def in_monitoring(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.MONITORING)
    huishouden = Huishouden.objects.create(straat="Laan van Meerdervoort", huisnummer="12")
    Melding.objects.filter(pk=dienst.melding_id).update(huishouden=huishouden)
    betrokkene_toevoegen(dienst)
    return vers(dienst)


def test_geslaagd_monitoringsmoment_maakt_geen_melding(in_monitoring, onderzoeker):
    meldingen = Melding.objects.count()
    moment = _open_moment(in_monitoring)

    services.monitoringsmoment_vastleggen(
        moment_id=moment.pk,
        door=onderzoeker,
        voorwaarden_nagekomen=True,
        veilig=True,
        toelichting="Alles in orde.",
        uitgevoerd_op=timezone.localdate() - timedelta(days=1),
    )

    moment.refresh_from_db()
    assert moment.uitgevoerd_op == timezone.localdate() - timedelta(days=1)
    assert (moment.voorwaarden_nagekomen, moment.veilig, moment.door) == (True, True, onderzoeker)
    assert moment.nieuwe_melding is None
    assert Melding.objects.count() == meldingen
    assert AuditLog.objects.get(actie="dienst.monitoring").details["mislukt"] is False


@pytest.mark.parametrize(("nagekomen", "veilig"), [(False, True), (True, False), (False, False)])
def test_mislukt_monitoringsmoment_maakt_nieuwe_melding_voor_screening(
    in_monitoring, onderzoeker, nagekomen, veilig
):
    oud = in_monitoring.melding
    moment = _open_moment(in_monitoring)

    services.monitoringsmoment_vastleggen(
        moment_id=moment.pk,
        door=onderzoeker,
        voorwaarden_nagekomen=nagekomen,
        veilig=veilig,
        toelichting="Vader is weer thuis.",
    )

    moment.refresh_from_db()
    nieuw = moment.nieuwe_melding
    assert nieuw is not None and nieuw.pk != oud.pk
    assert nieuw.kanaal == Kanaal.MONITORING
    assert nieuw.soort == SoortMelding.VERVOLGMELDING
    assert nieuw.status == MeldingStatus.ONTVANGEN, "komt in de screening (A)"
    assert nieuw.huishouden_id == oud.huishouden_id is not None
    assert nieuw.team_id == oud.team_id
    assert nieuw.termijn_acute_screening is not None
    assert set(nieuw.directbetrokkenen.values_list("persoon_id", "rol")) == set(
        oud.directbetrokkenen.values_list("persoon_id", "rol")
    )
    assert set(nieuw.aanleidingen.values_list("aanleiding", flat=True)) == set(
        oud.aanleidingen.values_list("aanleiding", flat=True)
    )
    assert oud.nummer in nieuw.samenvatting and "Vader is weer thuis." in nieuw.samenvatting
    assert nieuw.uit_monitoring == moment
    assert Journaalregel.objects.filter(
        melding=nieuw, tekst=f"Nieuwe melding uit monitoring van {oud.nummer}."
    ).exists()
    assert vers(in_monitoring).status == D.MONITORING


def test_mislukt_moment_is_atomair(in_monitoring, onderzoeker, monkeypatch):
    def kapot(*args, **kwargs):
        raise RuntimeError("audit log onbereikbaar")

    monkeypatch.setattr("diensten.services.nazorg.audit_log", kapot)
    moment = _open_moment(in_monitoring)
    voor = aantallen()

    with pytest.raises(RuntimeError):
        services.monitoringsmoment_vastleggen(
            moment_id=moment.pk,
            door=onderzoeker,
            voorwaarden_nagekomen=False,
            veilig=False,
            toelichting="Onveilig.",
        )

    assert aantallen() == voor
    moment.refresh_from_db()
    assert moment.uitgevoerd_op is None and moment.nieuwe_melding is None


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"toelichting": " "}, "toelichting"),
        ({"uitgevoerd_op": "morgen"}, "uitgevoerd_op"),
    ],
)
def test_monitoringsmoment_met_onjuiste_invoer_geweigerd(
    in_monitoring, onderzoeker, wijziging, veld
):
    if wijziging.get("uitgevoerd_op") == "morgen":
        wijziging = {"uitgevoerd_op": timezone.localdate() + timedelta(days=1)}
    argumenten = {
        "voorwaarden_nagekomen": False,
        "veilig": False,
        "toelichting": "Onveilig.",
    } | wijziging

    fout = weigert(
        DomainError,
        services.monitoringsmoment_vastleggen,
        moment_id=_open_moment(in_monitoring).pk,
        door=onderzoeker,
        **argumenten,
    )

    assert set(fout.velden) == {veld}


# --- 9. terugkoppeling and afsluiten ------------------------------------------------------------------


def test_terugkoppeling_vastleggen(afgerond, collega):
    op = timezone.now() - timedelta(hours=1)

    record = services.terugkoppeling_vastleggen(
        melding_id=afgerond.melding_id,
        door=collega,
        moment="na_beoordeling",
        wijze="brief",
        op=op,
        toelichting=" Brief verstuurd. ",
    )

    opgeslagen = Terugkoppeling.objects.get(pk=record.pk)
    assert (opgeslagen.melding_id, opgeslagen.moment, opgeslagen.wijze) == (
        afgerond.melding_id,
        "na_beoordeling",
        "brief",
    )
    assert (opgeslagen.op, opgeslagen.toelichting, opgeslagen.door) == (
        op,
        "Brief verstuurd.",
        collega,
    )
    assert AuditLog.objects.filter(
        actie="melding.terugkoppeling", object_id=afgerond.melding.nummer
    ).exists()


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"op": "toekomst"}, "op"),
        ({"op": "naief"}, "op"),
        ({"moment": "ooit"}, "moment"),
        ({"wijze": "postduif"}, "wijze"),
        ({"wijze": "niet_mogelijk", "toelichting": ""}, "toelichting"),
    ],
)
def test_terugkoppeling_met_onjuiste_invoer_geweigerd(afgerond, onderzoeker, wijziging, veld):
    argumenten = {
        "moment": "na_dienst",
        "wijze": "telefonisch",
        "op": timezone.now() - timedelta(minutes=5),
        "toelichting": "",
    } | wijziging
    if argumenten["op"] == "toekomst":
        argumenten["op"] = timezone.now() + timedelta(hours=2)
    elif argumenten["op"] == "naief":
        argumenten["op"] = datetime(2026, 1, 5, 10, 0)  # noqa: DTZ001 - deliberately naive

    fout = weigert(
        DomainError,
        services.terugkoppeling_vastleggen,
        melding_id=afgerond.melding_id,
        door=onderzoeker,
        **argumenten,
    )

    assert set(fout.velden) == {veld}


def test_terugkoppeling_voor_het_besluit_geweigerd(team, onderzoeker):
    melding = MeldingFactory(team=team, in_beoordeling=True)

    fout = weigert(
        DomainError,
        services.terugkoppeling_vastleggen,
        melding_id=melding.pk,
        door=onderzoeker,
        moment="na_beoordeling",
        wijze="brief",
        op=timezone.now(),
    )

    assert "er is nog geen besluit" in fout.message


@pytest.mark.parametrize("wie", ["onderzoeker_ander_team", "directie"])
def test_terugkoppeling_door_ander_team_of_directie_geweigerd(request, afgerond, wie):
    weigert(
        GeenToegang,
        services.terugkoppeling_vastleggen,
        melding_id=afgerond.melding_id,
        door=request.getfixturevalue(wie),
        moment="na_dienst",
        wijze="brief",
        op=timezone.now(),
    )


def test_afsluiten_noemt_alles_wat_ontbreekt(in_monitoring, onderzoeker):
    services.terugkoppeling_vastleggen(
        melding_id=in_monitoring.melding_id,
        door=onderzoeker,
        moment="na_beoordeling",
        wijze="brief",
        op=timezone.now(),
    )

    fout = weigert(
        DomainError,
        services.dienst_afsluiten,
        dienst_id=in_monitoring.pk,
        door=onderzoeker,
        afsluitbrief_op=None,
        ervaringsonderzoek=False,
        contra_indicatie="  ",
    )

    assert fout.message.startswith("De dienst kan nog niet worden afgesloten. Nog nodig:")
    assert "5 monitoringsmoment(en) nog niet vastgelegd" in fout.message
    assert "terugkoppeling aan de melder na de dienst" in fout.message, "na_beoordeling telt niet"
    assert "de datum van de afsluitbrief" in fout.message
    assert "de contra-indicatie voor het ervaringsonderzoek" in fout.message
    assert vers(in_monitoring).status == D.MONITORING


@pytest.mark.parametrize("ontbreekt", ["moment", "terugkoppeling", "afsluitbrief", "contra"])
def test_afsluiten_geweigerd_als_een_ding_ontbreekt(in_monitoring, onderzoeker, ontbreekt):
    alle_momenten_vastleggen(in_monitoring, onderzoeker)
    if ontbreekt == "moment":
        Monitoringsmoment.objects.filter(
            pk=in_monitoring.monitoringsmomenten.order_by("-gepland_op").first().pk
        ).update(uitgevoerd_op=None)
    if ontbreekt != "terugkoppeling":
        terugkoppeling_na_dienst(in_monitoring, onderzoeker)
    argumenten = {
        "afsluitbrief_op": None if ontbreekt == "afsluitbrief" else timezone.localdate(),
        "ervaringsonderzoek": ontbreekt != "contra",
        "contra_indicatie": "",
    }

    fout = weigert(
        DomainError,
        services.dienst_afsluiten,
        dienst_id=in_monitoring.pk,
        door=onderzoeker,
        **argumenten,
    )

    verwacht = {
        "moment": "1 monitoringsmoment(en) nog niet vastgelegd",
        "terugkoppeling": "terugkoppeling aan de melder na de dienst",
        "afsluitbrief": "de datum van de afsluitbrief",
        "contra": "de contra-indicatie voor het ervaringsonderzoek",
    }[ontbreekt]
    assert fout.message.endswith(f"Nog nodig: {verwacht}.")
    assert vers(in_monitoring).status == D.MONITORING


def test_afsluiten_met_uitnodiging_ervaringsonderzoek(in_monitoring, onderzoeker):
    alle_momenten_vastleggen(in_monitoring, onderzoeker)
    terugkoppeling_na_dienst(in_monitoring, onderzoeker)
    brief = timezone.localdate() - timedelta(days=1)

    services.dienst_afsluiten(
        dienst_id=in_monitoring.pk,
        door=onderzoeker,
        afsluitbrief_op=brief,
        ervaringsonderzoek=True,
        contra_indicatie="wordt genegeerd",
    )

    dienst = vers(in_monitoring)
    assert dienst.status == D.AFGESLOTEN and dienst.afgesloten_op is not None
    assert (dienst.afsluitbrief_op, dienst.ervaringsonderzoek, dienst.contra_indicatie) == (
        brief,
        True,
        "",
    )


def test_afsluiten_zonder_uitnodiging_met_contra_indicatie(in_monitoring, onderzoeker):
    alle_momenten_vastleggen(in_monitoring, onderzoeker)
    terugkoppeling_na_dienst(in_monitoring, onderzoeker)

    services.dienst_afsluiten(
        dienst_id=in_monitoring.pk,
        door=onderzoeker,
        afsluitbrief_op=timezone.localdate(),
        ervaringsonderzoek=False,
        contra_indicatie=" Moeder is in crisis. ",
    )

    dienst = vers(in_monitoring)
    assert dienst.status == D.AFGESLOTEN
    assert (dienst.ervaringsonderzoek, dienst.contra_indicatie) == (False, "Moeder is in crisis.")


# --- 10. stoppen -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [D.WACHT_OP_START, D.LOPEND, D.OP_KETENPARTNER, D.MONITORING])
def test_stoppen_met_reden_vanuit_open_status(onderzoeker, status):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=status)

    services.dienst_stoppen(dienst_id=dienst.pk, door=onderzoeker, reden=" Gezin verhuisd. ")

    dienst = vers(dienst)
    assert dienst.status == D.GESTOPT
    assert dienst.stopreden == "Gezin verhuisd."
    assert dienst.gestopt_op is not None
    wijziging = DienstStatuswijziging.objects.get(dienst=dienst, naar=D.GESTOPT)
    assert (wijziging.van, wijziging.toelichting) == (status, "Gezin verhuisd.")


@pytest.mark.parametrize("reden", ["", "   "])
def test_stoppen_zonder_reden_geweigerd(lopend, onderzoeker, reden):
    fout = weigert(
        DomainError, services.dienst_stoppen, dienst_id=lopend.pk, door=onderzoeker, reden=reden
    )

    assert fout.velden == {"reden": "Geef de reden van het stoppen."}
    dienst = vers(lopend)
    assert dienst.status == D.LOPEND and dienst.stopreden == ""
