"""The protocol's requirements (diensten.eisen): each rule on its own, so removing a rule fails a test.

Every dienst here is built through the services (tests.diensten.helpers.maak_dienst) and the records
are added through the services too, with the dates the services accept.
"""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from diensten import services
from diensten.eisen import eisen_van, onvervulde_eisen
from diensten.keuzes import DienstStatus, DienstType
from diensten.models import Afwijking
from meldingen.keuzes import RolInMelding
from tests.diensten.helpers import (
    aanleiding_toevoegen,
    betrokkene_toevoegen,
    conclusie,
    geboortedatum_zetten,
    gesprek,
    informant,
    kind_van,
    maak_dienst,
    vers,
    voorwaarde,
    vul_eisen,
)

D = DienstStatus
ONDERZOEK = DienstType.ONDERZOEK
VV = DienstType.VOORWAARDEN_EN_VERVOLG

pytestmark = pytest.mark.django_db


def eisen(dienst) -> dict:
    return {e.code: e for e in eisen_van(vers(dienst))}


def gesprek_eis(dienst, betrokkene):
    return eisen(dienst)[f"gesprek:{betrokkene.pk}"]


@pytest.fixture
def onderzoek(onderzoeker):
    return maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)


@pytest.fixture
def vv(onderzoeker):
    return maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)


# --- which requirements a dienst has ------------------------------------------------------------


def ouder_van(dienst):
    """The parent `maak_dienst` started the dienst with (a huisbezoek)."""
    return dienst.melding.directbetrokkenen.get(rol=RolInMelding.GEZINSLID)


def test_onderzoek_heeft_precies_deze_eisen(onderzoek):
    kind, ouder = kind_van(onderzoek), ouder_van(onderzoek)
    assert list(eisen(onderzoek)) == [
        "gestart",
        f"gesprek:{kind.pk}",
        f"gesprek:{ouder.pk}",
        "voorwaarden",
        "informanten",
        "hoor_en_wederhoor",
        "conclusie:km_anders",
    ]
    voldaan = {code for code, e in eisen(onderzoek).items() if e.voldaan}
    assert voldaan == {"gestart", f"gesprek:{ouder.pk}"}, "alleen de start met de ouder"
    assert [code for code, e in eisen(onderzoek).items() if e.afwijkbaar] == [
        f"gesprek:{kind.pk}",
        f"gesprek:{ouder.pk}",
    ]


def test_vv_heeft_precies_deze_eisen(vv):
    kind, ouder = kind_van(vv), ouder_van(vv)
    assert list(eisen(vv)) == [
        "gestart",
        f"gesprek:{kind.pk}",
        f"gesprek:{ouder.pk}",
        "voorwaarden",
        "erkenning",
    ]


@pytest.mark.parametrize("type_", [ONDERZOEK, VV])
def test_alles_vastgelegd_laat_niets_onvervuld(onderzoeker, type_):
    dienst = maak_dienst(type_, met_uitvoerder=onderzoeker, status=D.LOPEND)
    betrokkene_toevoegen(dienst)
    vul_eisen(dienst, onderzoeker)
    assert onvervulde_eisen(vers(dienst)) == []
    assert all(e.voldaan for e in eisen_van(vers(dienst)))


# --- gesprekken: who must be spoken with or seen -------------------------------------------------


GESPROKEN_KIND = "{} is gesproken in een gesprek of huisbezoek (telefonisch telt niet)"


@pytest.mark.parametrize(
    ("vorm", "voldaan"),
    [("gezien", False), ("gesprek", True), ("huisbezoek", True), ("telefonisch", False)],
)
def test_kind_van_4_of_ouder_moet_face_to_face_gesproken_zijn(
    onderzoek, onderzoeker, vorm, voldaan
):
    """DOMAIN §11: a telephone call is contact, not a conversation with a child."""
    kind = kind_van(onderzoek)
    geboortedatum_zetten(kind, timezone.localdate() - relativedelta(years=9))

    gesprek(onderzoek, onderzoeker, kind, vorm=vorm)

    eis = gesprek_eis(onderzoek, kind)
    assert eis.voldaan is voldaan
    assert eis.omschrijving == GESPROKEN_KIND.format(kind.persoon)


@pytest.mark.parametrize(
    ("vorm", "voldaan"),
    [("gezien", True), ("gesprek", True), ("huisbezoek", True), ("telefonisch", False)],
)
def test_kind_jonger_dan_4_moet_gezien_zijn(onderzoek, onderzoeker, vorm, voldaan):
    kind = kind_van(onderzoek)
    geboortedatum_zetten(kind, timezone.localdate() - relativedelta(years=2))

    gesprek(onderzoek, onderzoeker, kind, vorm=vorm)

    eis = gesprek_eis(onderzoek, kind)
    assert eis.voldaan is voldaan
    assert eis.omschrijving == f"{kind.persoon} (jonger dan 4) is gezien"


@pytest.mark.parametrize(
    ("vorm", "voldaan"),
    [("gezien", False), ("gesprek", True), ("huisbezoek", True), ("telefonisch", True)],
)
def test_volwassene_moet_gesproken_zijn(onderzoek, onderzoeker, vorm, voldaan):
    vader = betrokkene_toevoegen(onderzoek, rol=RolInMelding.PLEGER)

    gesprek(onderzoek, onderzoeker, vader, vorm=vorm)

    assert gesprek_eis(onderzoek, vader).voldaan is voldaan


def test_zonder_gesprek_is_niemand_gesproken_en_elke_betrokkene_telt_apart(onderzoek, onderzoeker):
    kind = kind_van(onderzoek)
    moeder = betrokkene_toevoegen(onderzoek, rol=RolInMelding.SLACHTOFFER)
    assert not gesprek_eis(onderzoek, kind).voldaan
    assert not gesprek_eis(onderzoek, moeder).voldaan

    gesprek(onderzoek, onderzoeker, moeder)

    assert gesprek_eis(onderzoek, moeder).voldaan
    assert not gesprek_eis(onderzoek, kind).voldaan, (
        "een gesprek met moeder telt niet voor het kind"
    )


def test_kind_met_onbekende_geboortedatum_moet_face_to_face_gesproken_zijn(onderzoek, onderzoeker):
    kind = kind_van(onderzoek)
    geboortedatum_zetten(kind, None)

    gesprek(onderzoek, onderzoeker, kind, vorm="gezien")
    gesprek(onderzoek, onderzoeker, kind, vorm="telefonisch")
    assert not gesprek_eis(onderzoek, kind).voldaan

    gesprek(onderzoek, onderzoeker, kind, vorm="gesprek")
    assert gesprek_eis(onderzoek, kind).voldaan


def test_volwassene_met_onbekende_geboortedatum_telefonisch_gesproken(onderzoek, onderzoeker):
    vader = betrokkene_toevoegen(onderzoek, rol=RolInMelding.PLEGER)
    geboortedatum_zetten(vader, None)

    gesprek(onderzoek, onderzoeker, vader, vorm="telefonisch")

    eis = gesprek_eis(onderzoek, vader)
    assert eis.voldaan
    assert eis.omschrijving == f"{vader.persoon} is gesproken"


# --- the age boundary: a child that turns 4 between the melding and the gesprek ---------------------


@pytest.fixture
def wordt_vier(onderzoeker):
    """A dienst whose melding came in 20 days ago about a child that turned 4 five days ago."""
    vandaag = timezone.localdate()
    dienst = maak_dienst(
        ONDERZOEK,
        met_uitvoerder=onderzoeker,
        status=D.LOPEND,
        ontvangen_op=timezone.now() - timedelta(days=20),
    )
    kind = kind_van(dienst)
    verjaardag = vandaag - timedelta(days=5)
    geboortedatum_zetten(kind, verjaardag - relativedelta(years=4))
    kind.persoon.refresh_from_db()
    melding_datum = timezone.localtime(dienst.melding.ontvangen_op).date()
    assert kind.persoon.leeftijd_op(melding_datum) == 3
    assert kind.persoon.leeftijd_op(verjaardag - timedelta(days=1)) == 3
    assert kind.persoon.leeftijd_op(verjaardag) == 4
    return dienst, kind, verjaardag


def test_gezien_op_de_vierde_verjaardag_is_niet_genoeg(wordt_vier, onderzoeker):
    dienst, kind, verjaardag = wordt_vier

    gesprek(dienst, onderzoeker, kind, vorm="gezien", datum=verjaardag)

    eis = gesprek_eis(dienst, kind)
    assert not eis.voldaan
    assert eis.omschrijving == GESPROKEN_KIND.format(kind.persoon)
    assert eis in onvervulde_eisen(vers(dienst))


def test_gezien_na_de_vierde_verjaardag_is_niet_genoeg(wordt_vier, onderzoeker):
    dienst, kind, _verjaardag = wordt_vier

    gesprek(dienst, onderzoeker, kind, vorm="gezien", datum=timezone.localdate())

    assert not gesprek_eis(dienst, kind).voldaan


def test_gezien_de_dag_voor_de_vierde_verjaardag_is_genoeg(wordt_vier, onderzoeker):
    dienst, kind, verjaardag = wordt_vier

    gesprek(dienst, onderzoeker, kind, vorm="gezien", datum=verjaardag - timedelta(days=1))

    eis = gesprek_eis(dienst, kind)
    assert eis.voldaan
    assert eis.omschrijving == f"{kind.persoon} (jonger dan 4) is gezien"


def test_gesproken_op_de_vierde_verjaardag_is_genoeg(wordt_vier, onderzoeker):
    dienst, kind, verjaardag = wordt_vier

    gesprek(dienst, onderzoeker, kind, vorm="gesprek", datum=verjaardag)

    assert gesprek_eis(dienst, kind).voldaan


def test_telefonisch_voor_de_vierde_verjaardag_telt_niet(wordt_vier, onderzoeker):
    dienst, kind, verjaardag = wordt_vier

    gesprek(dienst, onderzoeker, kind, vorm="telefonisch", datum=verjaardag - timedelta(days=1))

    assert not gesprek_eis(dienst, kind).voldaan


# --- Onderzoek: informanten, hoor en wederhoor, conclusies ---------------------------------------


def test_onderzoek_vraagt_minstens_twee_informanten(onderzoek, onderzoeker):
    assert not eisen(onderzoek)["informanten"].voldaan

    informant(onderzoek, onderzoeker, naam="Huisarts De Vries")
    assert not eisen(onderzoek)["informanten"].voldaan, "één informant is niet genoeg"

    informant(onderzoek, onderzoeker, naam="Juf Jansen", toestemming=False)
    eis = eisen(onderzoek)["informanten"]
    assert eis.voldaan
    assert eis.omschrijving == "Minstens 2 informanten (professionals) zijn bevraagd"


def test_onderzoek_vraagt_hoor_en_wederhoor(onderzoek, onderzoeker):
    assert not eisen(onderzoek)["hoor_en_wederhoor"].voldaan

    services.dienst_bevindingen_vastleggen(
        dienst_id=onderzoek.pk, door=onderzoeker, hoor_en_wederhoor="   "
    )
    assert not eisen(onderzoek)["hoor_en_wederhoor"].voldaan, "alleen spaties telt niet"

    services.dienst_bevindingen_vastleggen(
        dienst_id=onderzoek.pk, door=onderzoeker, hoor_en_wederhoor="Vader reageerde op de zorgen."
    )
    assert eisen(onderzoek)["hoor_en_wederhoor"].voldaan


def test_een_conclusie_per_type_geweld_behalve_andere_problematiek(onderzoek, onderzoeker):
    aanleiding_toevoegen(onderzoek, "partnergeweld")
    aanleiding_toevoegen(onderzoek, "andere_problematiek")

    codes = [c for c in eisen(onderzoek) if c.startswith("conclusie:")]
    assert codes == ["conclusie:km_anders", "conclusie:partnergeweld"]
    assert eisen(onderzoek)["conclusie:partnergeweld"].omschrijving == (
        "Conclusie over '(Ex-)partnergeweld'"
    )

    conclusie(onderzoek, onderzoeker, "km_anders")

    assert eisen(onderzoek)["conclusie:km_anders"].voldaan
    assert not eisen(onderzoek)["conclusie:partnergeweld"].voldaan, "elk type apart"

    conclusie(onderzoek, onderzoeker, "partnergeweld", uitkomst="weerlegd")
    assert eisen(onderzoek)["conclusie:partnergeweld"].voldaan


def test_vv_vraagt_geen_informanten_hoor_en_wederhoor_of_conclusies(vv):
    aanleiding_toevoegen(vv, "partnergeweld")
    codes = set(eisen(vv))
    assert not codes & {"informanten", "hoor_en_wederhoor"}
    assert not any(c.startswith("conclusie:") for c in codes)


# --- V&V: erkenning; both: voorwaarden ------------------------------------------------------------


def test_vv_vraagt_erkenning_van_de_zorgen(vv, onderzoeker):
    assert not eisen(vv)["erkenning"].voldaan

    services.dienst_bevindingen_vastleggen(
        dienst_id=vv.pk, door=onderzoeker, erkenning_zorgen="Ouders zien dat het zo niet kan."
    )

    assert eisen(vv)["erkenning"].voldaan


def test_onderzoek_vraagt_geen_erkenning(onderzoek):
    assert "erkenning" not in eisen(onderzoek)


@pytest.mark.parametrize("type_", [ONDERZOEK, VV])
def test_minstens_een_veiligheidsvoorwaarde(onderzoeker, type_):
    dienst = maak_dienst(type_, met_uitvoerder=onderzoeker, status=D.LOPEND)
    assert not eisen(dienst)["voorwaarden"].voldaan

    voorwaarde(dienst, onderzoeker)

    assert eisen(dienst)["voorwaarden"].voldaan


# --- afwijkingen ---------------------------------------------------------------------------------


def test_goedgekeurde_afwijking_dekt_een_onvervulde_eis_een_aangevraagde_niet(
    onderzoek, onderzoeker, werkbegeleider
):
    kind = kind_van(onderzoek)
    code = f"gesprek:{kind.pk}"
    afwijking = services.afwijking_aanvragen(
        dienst_id=onderzoek.pk,
        door=onderzoeker,
        eis=code,
        reden="Het kind wilde niet praten en is alleen gezien tijdens het huisbezoek.",
    )

    aangevraagd = eisen(onderzoek)[code]
    assert aangevraagd.afwijking_aangevraagd and not aangevraagd.afwijking_goedgekeurd
    assert not aangevraagd.in_orde
    assert code in {e.code for e in onvervulde_eisen(vers(onderzoek))}

    services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=werkbegeleider)

    goedgekeurd = eisen(onderzoek)[code]
    assert goedgekeurd.afwijking_goedgekeurd
    assert not goedgekeurd.voldaan, "de eis is niet voldaan, maar gedekt"
    assert goedgekeurd.in_orde
    assert code not in {e.code for e in onvervulde_eisen(vers(onderzoek))}
    assert "hoor_en_wederhoor" in {e.code for e in onvervulde_eisen(vers(onderzoek))}


def test_goedgekeurde_afwijking_op_de_kern_telt_niet(onderzoek, onderzoeker, werkbegeleider):
    """An approved afwijking on informanten (stored before this rule, or by hand) covers nothing."""
    Afwijking.objects.create(
        dienst=onderzoek,
        eis="informanten",
        omschrijving="Minstens 2 informanten (professionals) zijn bevraagd",
        reden="Niemand bereikbaar.",
        aangevraagd_door=onderzoeker,
        goedgekeurd_door=werkbegeleider,
        goedgekeurd_op=timezone.now(),
    )

    eis = eisen(onderzoek)["informanten"]
    assert eis.afwijking_goedgekeurd and not eis.afwijkbaar
    assert not eis.in_orde
    assert "informanten" in {e.code for e in onvervulde_eisen(vers(onderzoek))}


def test_afwijking_voor_een_betrokkene_dekt_alleen_die_betrokkene(
    onderzoek, onderzoeker, werkbegeleider
):
    kind = kind_van(onderzoek)
    vader = betrokkene_toevoegen(onderzoek)
    afwijking = services.afwijking_aanvragen(
        dienst_id=onderzoek.pk,
        door=onderzoeker,
        eis=f"gesprek:{vader.pk}",
        reden="Vader is onvindbaar.",
    )
    services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=werkbegeleider)

    onvervuld = {e.code for e in onvervulde_eisen(vers(onderzoek))}
    assert f"gesprek:{vader.pk}" not in onvervuld
    assert f"gesprek:{kind.pk}" in onvervuld
