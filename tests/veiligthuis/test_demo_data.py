"""The demo_data command: counts, every state present, and records the services would accept."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from django.utils import timezone

from meldingen import afwegingskader
from meldingen.keuzes import (
    AdviesStatus,
    BesluitRoute,
    MeldingStatus,
    RolInMelding,
    ScreeningUitkomst,
)
from meldingen.models import (
    Advies,
    Besluit,
    Directbetrokkene,
    Journaalregel,
    Melder,
    Melding,
    Nummerreeks,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
)
from meldingen.services import (
    BetrokkeneGegevens,
    MelderGegevens,
    MeldingGegevens,
    advies_register,
    melding_register,
)
from meldingen.services.screening import GEANONIMISEERD
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from veiligthuis.models import Gemeente, Medewerker, Rol, Roltoewijzing, Sluitingsdag, Team
from veiligthuis.validators import valideer_bsn

pytestmark = pytest.mark.django_db

MELDINGEN, ADVIEZEN = 400, 300
S = MeldingStatus
GEBESLOTEN = (S.BESLOTEN, S.AFGESLOTEN, S.NAAR_VERVOLGDIENST)
DEMO_LOGINS = (
    "onderzoeker",
    "werkbegeleider",
    "gedragswetenschapper",
    "vertrouwensarts",
    "aandachtfunctionaris",
    "secretariaat",
    "regiomanager",
    "directie",
    "beheer",
)
CBS_CODES = {
    "Delft": "GM0503",
    "Den Haag": "GM0518",
    "Leidschendam-Voorburg": "GM1916",
    "Midden-Delfland": "GM1842",
    "Pijnacker-Nootdorp": "GM1926",
    "Rijswijk": "GM0603",
    "Wassenaar": "GM0629",
    "Westland": "GM1783",
    "Zoetermeer": "GM0637",
}


def demo_data(*extra: str) -> str:
    uitvoer = io.StringIO()
    call_command(
        "demo_data",
        "--meldingen",
        str(MELDINGEN),
        "--adviezen",
        str(ADVIEZEN),
        *extra,
        stdout=uitvoer,
    )
    return uitvoer.getvalue()


@pytest.fixture
def uitvoer():
    return demo_data()


def momentopname() -> dict:
    """Row counts per table and per state: what a second run must leave exactly as it was."""
    tabellen = (
        Gemeente,
        Team,
        Medewerker,
        Roltoewijzing,
        Sluitingsdag,
        AuditLog,
        Melding,
        Melder,
        Persoon,
        Directbetrokkene,
        VeiligheidsbeoordelingA,
        VeiligheidsbeoordelingB,
        Besluit,
        Statuswijziging,
        Journaalregel,
        Advies,
        Nummerreeks,
    )
    return {
        "tabellen": {m.__name__: m.objects.count() for m in tabellen},
        "meldingen": dict(Melding.objects.values_list("status").annotate(n=Count("pk"))),
        "adviezen": dict(Advies.objects.values_list("status").annotate(n=Count("pk"))),
        "reeksen": sorted(Nummerreeks.objects.values_list("prefix", "jaar", "laatste")),
    }


def test_aantallen_en_elke_status(uitvoer):
    assert Melding.objects.count() == MELDINGEN
    assert Advies.objects.count() == ADVIEZEN
    statussen = set(Melding.objects.values_list("status", flat=True))
    # Acuut is passed through, never a resting state: screening starts B at once.
    assert statussen == set(S.values) - {S.ACUUT}
    assert Statuswijziging.objects.filter(naar=S.ACUUT).exists()
    assert set(Advies.objects.values_list("status", flat=True)) == set(AdviesStatus.values)
    assert not Advies.objects.filter(status=AdviesStatus.OMGEZET, melding=None).exists()

    # About 5 % waits for B (≈ 440 of 8 700 at full size), some of them past the termijn.
    wachtend = Melding.objects.filter(status__in=S.wachtend_op_b())
    assert 0.04 * MELDINGEN <= wachtend.count() <= 0.07 * MELDINGEN
    assert wachtend.filter(termijn_veiligheidsbeoordeling__lt=timezone.now()).exists()

    # About two thirds of the melders are police, reporting digitally.
    politie = Melder.objects.filter(hoedanigheid="politie")
    assert 0.55 <= politie.count() / MELDINGEN <= 0.78
    assert (
        not Melding.objects.filter(melder__hoedanigheid="politie")
        .exclude(kanaal="politie_digitaal")
        .exists()
    )

    assert dict(Gemeente.objects.values_list("naam", "cbs_code")) == CBS_CODES
    assert Team.objects.count() == 6
    assert Team.objects.values("locatie").distinct().count() == 3
    assert Gemeente.objects.get(naam="Den Haag").teams.count() >= 2
    assert 55 <= Medewerker.objects.count() <= 70
    assert set(Roltoewijzing.objects.values_list("rol", flat=True)) == set(Rol.values)
    assert "Wachtend op de veiligheidsbeoordeling" in uitvoer
    assert "veiligthuis-demo" in uitvoer


def _rollen(medewerker_id: int) -> set[str]:
    return set(
        Roltoewijzing.objects.filter(medewerker_id=medewerker_id).values_list("rol", flat=True)
    )


def test_beoordeling_en_besluit_kloppen_met_de_status(uitvoer):
    for melding in Melding.objects.filter(status=S.IN_BEOORDELING):
        assert melding.beoordelaar_1_id and melding.beoordelaar_2_id
        assert melding.beoordelaar_1_id != melding.beoordelaar_2_id
        for beoordelaar in (melding.beoordelaar_1, melding.beoordelaar_2):
            assert beoordelaar.team_id == melding.team_id
            assert Rol.ONDERZOEKER in _rollen(beoordelaar.pk)
        assert VeiligheidsbeoordelingB.objects.filter(melding=melding).exists()

    vervolg = BesluitRoute.vervolg_bij_vt()
    for melding in Melding.objects.filter(status__in=GEBESLOTEN).select_related("besluit"):
        besluit = melding.besluit
        assert besluit.onderbouwing.strip()
        assert (besluit.route in vervolg) == (melding.status == S.NAAR_VERVOLGDIENST)
        if besluit.route in BesluitRoute.overdrachten():
            assert besluit.overdracht_aan
        assert melding.heeft_twee_beoordelaars()
        assert melding.beoordeling_b.is_volledig()
        # What besluit_record would demand: the afwegingskader's consulten and the radar.
        assert afwegingskader.ontbrekende_consulten(melding) == []
        assert not afwegingskader.radar(melding).blokkeert

    gescreend = Melding.objects.exclude(status=S.ONTVANGEN)
    assert not gescreend.filter(beoordeling_a=None).exists()
    assert not Melding.objects.filter(status=S.ONTVANGEN, beoordeling_a__isnull=False).exists()

    for melding in Melding.objects.filter(status=S.DOORGESTUURD).select_related("beoordeling_a"):
        a = melding.beoordeling_a
        assert a.uitkomst == ScreeningUitkomst.OVERIGE_ZORG
        assert a.tweede_oordeel_door_id and a.tweede_oordeel_door_id != a.door_id
        assert _rollen(a.tweede_oordeel_door_id) & {
            Rol.GEDRAGSWETENSCHAPPER,
            Rol.AANDACHTFUNCTIONARIS,
        }
        assert not melding.directbetrokkenen.exists()
        assert melding.huishouden_id is None
        assert melding.samenvatting == GEANONIMISEERD
        assert melding.geanonimiseerd_op and melding.doorgestuurd_aan
        assert not melding.journaal.exclude(bron="Casusregistratie").exists()
        assert melding.melder.naam == ""


def test_geschiedenis_volgt_de_overgangen(uitvoer):
    ketens: dict[int, list] = {}
    for melding_id, van, naar in Statuswijziging.objects.order_by(
        "melding_id", "op", "pk"
    ).values_list("melding_id", "van", "naar"):
        ketens.setdefault(melding_id, []).append((van, naar))
    for melding_id, status in Melding.objects.values_list("pk", "status"):
        huidig = S.ONTVANGEN
        for van, naar in ketens.get(melding_id, []):
            assert van == huidig
            huidig = naar
        assert huidig == status
    assert not Journaalregel.objects.filter(geschreven_op__gt=timezone.now()).exists()
    assert not Melding.objects.filter(journaal=None).exists()


def test_termijnen_nummers_en_personen(uitvoer):
    kalender = termijnen.Kalender.laad(date(2000, 1, 1), timezone.localdate())
    for melding in Melding.objects.order_by("pk")[::20]:
        assert melding.termijn_veiligheidsbeoordeling == termijnen.termijn_veiligheidsbeoordeling(
            melding.ontvangen_op
        )
        assert melding.termijn_acute_screening == termijnen.termijn_acute_screening(
            melding.ontvangen_op, melding.kanaal, kalender=kalender
        )

    for model, prefix in ((Melding, "VT"), (Advies, "AD")):
        nummers = list(model.objects.values_list("nummer", "ontvangen_op"))
        assert len({n for n, _o in nummers}) == len(nummers)
        hoogste: dict[int, int] = {}
        for nummer, ontvangen_op in nummers:
            gevonden = re.fullmatch(rf"{prefix}-(\d{{4}})-(\d{{6}})", nummer)
            assert gevonden, nummer
            jaar = int(gevonden[1])
            assert jaar == timezone.localtime(ontvangen_op).year
            hoogste[jaar] = max(hoogste.get(jaar, 0), int(gevonden[2]))
        for jaar, nummer in hoogste.items():
            assert Nummerreeks.objects.get(prefix=prefix, jaar=jaar).laatste >= nummer

    bsns = list(Persoon.objects.exclude(bsn=None).values_list("bsn", flat=True))
    assert len(bsns) > MELDINGEN / 4
    for bsn in bsns:
        valideer_bsn(bsn)  # raises ValidationError when the 11-proef fails
    for betrokkene in Directbetrokkene.objects.filter(rol=RolInMelding.KIND).select_related(
        "persoon", "melding"
    ):
        leeftijd = betrokkene.persoon.leeftijd_op(
            timezone.localdate(betrokkene.melding.ontvangen_op)
        )
        assert leeftijd is not None and 0 <= leeftijd <= 17
    # Repeat meldingen: the same persons in a later melding about the same household.
    herhaald = Melding.objects.filter(soort__in=("hermelding", "vervolgmelding"))
    assert herhaald.exists()
    assert (
        Directbetrokkene.objects.values("persoon")
        .annotate(n=Count("melding"))
        .filter(n__gt=1)
        .exists()
    )


def test_demo_logins(uitvoer):
    demo_team = Medewerker.objects.get(username="onderzoeker").team
    assert demo_team is not None and demo_team.gemeenten.filter(naam="Den Haag").exists()
    for username in DEMO_LOGINS:
        medewerker = Medewerker.objects.get(username=username)
        assert medewerker.heeft_rol(username)
        assert medewerker.check_password("veiligthuis-demo")
        assert medewerker.is_active
        if username in ("directie", "beheer"):
            assert medewerker.team is None
        else:
            assert medewerker.team == demo_team
        assert username in uitvoer
    onderzoeker = Medewerker.objects.get(username="onderzoeker")
    eigen = Melding.objects.filter(status=S.IN_BEOORDELING, beoordelaar_1=onderzoeker)
    assert eigen.count() >= 1


def test_tweede_run_zonder_reset_wijzigt_niets(uitvoer):
    voor = momentopname()
    hoogste_pk = Melding.objects.aggregate(m=Max("pk"))["m"]

    tweede = demo_data()

    assert "niets gewijzigd" in tweede
    assert momentopname() == voor
    assert Melding.objects.aggregate(m=Max("pk"))["m"] == hoogste_pk


def test_reset_geeft_dezelfde_aantallen(uitvoer):
    voor = momentopname()

    demo_data("--reset")

    na = momentopname()
    assert na == voor


def test_registratie_gaat_door_na_de_demodata(uitvoer):
    nu = timezone.now()
    jaar = timezone.localtime(nu).year
    reeks = Nummerreeks.objects.filter(prefix="VT", jaar=jaar).first()
    verwacht = (reeks.laatste if reeks else 0) + 1
    onderzoeker = Medewerker.objects.get(username="onderzoeker")

    melding = melding_register(
        door=onderzoeker,
        gegevens=MeldingGegevens(
            ontvangen_op=nu,
            kanaal="telefoon",
            samenvatting="De buurvrouw hoort elke avond geschreeuw en een huilend kind.",
            melder=MelderGegevens(hoedanigheid="buurtbewoner"),
            directbetrokkenen=[
                BetrokkeneGegevens(
                    rol="kind", voornamen="Sam", achternaam="Test", geboortedatum=date(2019, 5, 1)
                )
            ],
            aanleidingen=["km_anders"],
            gemeente_id=Gemeente.objects.get(naam="Den Haag").pk,
        ),
    )
    assert melding.nummer == f"VT-{jaar}-{verwacht:06d}"

    advies_reeks = Nummerreeks.objects.filter(prefix="AD", jaar=jaar).first()
    advies = advies_register(
        door=onderzoeker,
        ontvangen_op=nu,
        kanaal="telefoon",
        hoedanigheid="gz_huisarts",
        aanleiding="km_anders",
        onderwerp="Blauwe plekken",
        samenvatting="Besproken wanneer te melden.",
    )
    assert advies.nummer == f"AD-{jaar}-{(advies_reeks.laatste if advies_reeks else 0) + 1:06d}"
