"""Services: every write of the meldingen domain, its refusals, and that a refusal changes nothing."""

import re
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from meldingen import services
from meldingen.keuzes import AdviesStatus, MeldingStatus
from meldingen.models import (
    Advies,
    Directbetrokkene,
    Huishouden,
    Journaalregel,
    Melder,
    Melding,
    Nummerreeks,
    Persoon,
    Statuswijziging,
)
from meldingen.services import AdresGegevens, BetrokkeneGegevens, MelderGegevens, MeldingGegevens
from tests.factories import AdviesFactory, MedewerkerFactory, MeldingFactory, PersoonFactory
from tests.meldingen.besluithulp import contact_vastleggen, terugkoppelen
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang

AMS = ZoneInfo("Europe/Amsterdam")
S = MeldingStatus


def gegevens(**wijzigingen) -> MeldingGegevens:
    basis = MeldingGegevens(
        ontvangen_op=timezone.now() - timedelta(hours=1),
        kanaal="telefoon",
        samenvatting="De juf ziet blauwe plekken op de armen van een leerling.",
        melder=MelderGegevens(
            hoedanigheid="onderwijs_basis", naam="Juf Ans", telefoon="0612345678"
        ),
        directbetrokkenen=[
            BetrokkeneGegevens(
                rol="kind",
                voornamen="Sem",
                achternaam="Jansen",
                geboortedatum=date(2018, 3, 1),
                bsn="111222333",
            ),
            BetrokkeneGegevens(rol="pleger", voornamen="Kees", achternaam="Jansen"),
        ],
        aanleidingen=["km_anders"],
        aarden=["lichamelijke_mishandeling"],
        adres=AdresGegevens(
            straat="Laan 1", huisnummer="3", postcode="2511 AA", woonplaats="Den Haag"
        ),
    )
    return replace(basis, **wijzigingen)


def tellingen() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Melding,
            Persoon,
            Melder,
            Directbetrokkene,
            Huishouden,
            Journaalregel,
            Statuswijziging,
            AuditLog,
        )
    }


# --- registreren --------------------------------------------------------------------------


@pytest.mark.django_db
def test_melding_registreren_slaat_alles_en_de_termijnen_op(onderzoeker):
    ontvangen = datetime(2026, 4, 2, 14, 0, tzinfo=AMS)  # Thursday before Easter
    melding = services.melding_register(door=onderzoeker, gegevens=gegevens(ontvangen_op=ontvangen))

    assert re.fullmatch(r"VT-2026-\d{6}", melding.nummer)
    assert melding.status == S.ONTVANGEN
    assert melding.team == onderzoeker.team
    # Goede Vrijdag and Tweede Paasdag do not count: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April.
    assert melding.termijn_veiligheidsbeoordeling == datetime(2026, 4, 13, 23, 59, 59, tzinfo=AMS)
    assert melding.termijn_acute_screening == ontvangen + timedelta(hours=24)
    assert melding.termijn_informeren_betrokkenen == termijnen.termijn_informeren_betrokkenen(
        melding.vastgelegd_op
    )
    assert melding.melder.naam == "Juf Ans"
    assert sorted(d.rol for d in melding.directbetrokkenen.all()) == ["kind", "pleger"]
    assert melding.huishouden.postcode == "2511AA"
    assert list(melding.aanleidingen.values_list("aanleiding", flat=True)) == ["km_anders"]
    assert melding.journaal.filter(bron="Casusregistratie").count() == 1
    assert AuditLog.objects.filter(actie="melding.registreren", object_id=melding.nummer).exists()


@pytest.mark.django_db
def test_nummers_lopen_door_per_jaar(onderzoeker):
    een = services.melding_register(door=onderzoeker, gegevens=gegevens())
    twee = services.melding_register(
        door=onderzoeker,
        gegevens=gegevens(
            directbetrokkenen=[BetrokkeneGegevens(rol="kind", voornamen="A", achternaam="B")]
        ),
    )
    assert int(twee.nummer[-6:]) == int(een.nummer[-6:]) + 1


@pytest.mark.django_db
def test_bestaande_persoon_koppelen(onderzoeker):
    persoon = PersoonFactory(bsn="111222333")
    melding = services.melding_register(
        door=onderzoeker,
        gegevens=gegevens(
            directbetrokkenen=[
                BetrokkeneGegevens(rol="kind", persoon_id=persoon.pk, bsn="111222333")
            ]
        ),
    )
    assert list(melding.directbetrokkenen.values_list("persoon_id", flat=True)) == [persoon.pk]
    assert Persoon.objects.count() == 1


@pytest.mark.django_db
def test_koppelen_alleen_met_gegevens_die_de_persoon_vinden(onderzoeker):
    """An id alone, or with data of someone else, does not attach (and so reveal) a person."""
    persoon = PersoonFactory(bsn="111222333", achternaam="Visser", geboortedatum=date(2016, 1, 2))
    voor = tellingen()
    for betrokkene in (
        BetrokkeneGegevens(rol="kind", persoon_id=persoon.pk),
        BetrokkeneGegevens(rol="kind", persoon_id=persoon.pk, bsn="123456782"),
        BetrokkeneGegevens(
            rol="kind", persoon_id=persoon.pk, achternaam="Visser", geboortedatum=date(2016, 1, 3)
        ),
    ):
        with pytest.raises(DomainError) as fout:
            services.melding_register(
                door=onderzoeker, gegevens=gegevens(directbetrokkenen=[betrokkene])
            )
        assert "directbetrokkenen.0.persoon_id" in fout.value.velden
    assert tellingen() == voor


@pytest.mark.parametrize(
    ("wijziging", "veld", "tekst"),
    [
        (
            {
                "directbetrokkenen": [
                    BetrokkeneGegevens(rol="kind", voornamen="A", achternaam="B", bsn="123456789")
                ]
            },
            "directbetrokkenen.0.bsn",
            "11-proef",
        ),
        (
            {
                "directbetrokkenen": [
                    BetrokkeneGegevens(rol="kind", voornamen="A", achternaam="B", bsn="12345")
                ]
            },
            "directbetrokkenen.0.bsn",
            "9 cijfers",
        ),
        (
            {
                "directbetrokkenen": [
                    BetrokkeneGegevens(rol="kind", voornamen="A", achternaam="B"),
                    BetrokkeneGegevens(
                        rol="kind", voornamen="C", achternaam="D", geboortedatum=date(2099, 1, 1)
                    ),
                ]
            },
            "directbetrokkenen.1.geboortedatum",
            "toekomst",
        ),
        ({"directbetrokkenen": []}, "directbetrokkenen", "directbetrokkene"),
        ({"aanleidingen": []}, "aanleidingen", "aanleiding"),
        ({"kanaal": "postduif"}, "kanaal", "kanaal"),
        ({"samenvatting": "   "}, "samenvatting", "zorgen"),
        ({"ontvangen_op": timezone.now() + timedelta(days=1)}, "ontvangen_op", "toekomst"),
        (
            {"directbetrokkenen": [BetrokkeneGegevens(rol="kind", voornamen="", achternaam="")]},
            "directbetrokkenen.0.achternaam",
            "achternaam",
        ),
    ],
)
@pytest.mark.django_db
def test_ongeldige_melding_wordt_geweigerd_en_verandert_niets(onderzoeker, wijziging, veld, tekst):
    voor = tellingen()
    with pytest.raises(DomainError) as fout:
        services.melding_register(door=onderzoeker, gegevens=gegevens(**wijziging))
    assert veld in fout.value.velden
    assert tekst.lower() in (fout.value.message + " ".join(fout.value.velden.values())).lower()
    assert tellingen() == voor


@pytest.mark.django_db
def test_bekend_bsn_koppelt_de_bekende_persoon(onderzoeker):
    bekend = PersoonFactory(bsn="111222333")
    melding = services.melding_register(door=onderzoeker, gegevens=gegevens())
    kind = melding.directbetrokkenen.get(rol="kind")
    assert kind.persoon_id == bekend.pk
    assert Persoon.objects.count() == 2, "de bekende Sem en de nieuwe Kees"


@pytest.mark.django_db
def test_twee_rijen_die_dezelfde_bekende_persoon_blijken_schrijven_niets(onderzoeker):
    PersoonFactory(bsn="111222333")
    dubbel = gegevens().directbetrokkenen[0]
    voor = tellingen()
    with pytest.raises(DomainError, match="twee keer"):
        services.melding_register(
            door=onderzoeker,
            gegevens=gegevens(
                directbetrokkenen=[
                    BetrokkeneGegevens(rol="pleger", voornamen="Kees", achternaam="Nieuw"),
                    dubbel,
                    dubbel,
                ]
            ),
        )
    assert tellingen() == voor


@pytest.mark.django_db
def test_registratie_is_atomair_bij_een_fout_aan_het_eind(onderzoeker, monkeypatch):
    """A failure after persons, melder and number were written leaves none of them behind."""
    services.melding_register(door=onderzoeker, gegevens=gegevens())
    voor, reeks = tellingen(), Nummerreeks.objects.get(prefix="VT").laatste

    def kapot(*args, **kwargs):
        raise RuntimeError("audit onbereikbaar")

    monkeypatch.setattr("meldingen.services.intake.audit_log", kapot)
    with pytest.raises(RuntimeError):
        services.melding_register(
            door=onderzoeker,
            gegevens=gegevens(
                directbetrokkenen=[BetrokkeneGegevens(rol="kind", voornamen="X", achternaam="Y")]
            ),
        )
    assert tellingen() == voor
    assert Nummerreeks.objects.get(prefix="VT").laatste == reeks


@pytest.mark.django_db
def test_alleen_intakerollen_registreren(directie, gedragswetenschapper):
    for medewerker in (directie, gedragswetenschapper):
        with pytest.raises(GeenToegang):
            services.melding_register(door=medewerker, gegevens=gegevens())
    assert Melding.objects.count() == 0


# --- screening (A) --------------------------------------------------------------------------


@pytest.mark.django_db
def test_screenen_niet_acuut_zet_op_triagelijst(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team)
    melding = services.melding_screen(
        melding_id=melding.pk,
        door=onderzoeker,
        uitkomst="niet_acuut",
        toelichting="Geen acuut gevaar.",
        urgentie="hoog",
    )
    assert (melding.status, melding.urgentie) == (S.OP_TRIAGELIJST, "hoog")
    assert melding.beoordeling_a.door == onderzoeker
    wijziging = melding.statuswijzigingen.get()
    assert (wijziging.van, wijziging.naar, wijziging.door) == (
        S.ONTVANGEN,
        S.OP_TRIAGELIJST,
        onderzoeker,
    )
    assert AuditLog.objects.filter(actie="melding.screenen").count() == 1


@pytest.mark.django_db
def test_screenen_acuut_start_direct_b_met_prioriteit_acuut(onderzoeker, collega):
    melding = MeldingFactory(team=onderzoeker.team)
    melding = services.melding_screen(
        melding_id=melding.pk,
        door=onderzoeker,
        uitkomst="acuut",
        toelichting="Kind in gevaar.",
        tweede_id=collega.pk,
    )
    assert (melding.status, melding.urgentie) == (S.IN_BEOORDELING, "acuut")
    assert (melding.beoordelaar_1, melding.beoordelaar_2) == (onderzoeker, collega)
    assert [w.naar for w in melding.statuswijzigingen.all()] == [S.ACUUT, S.IN_BEOORDELING]
    assert melding.verrijkingstaken.count() == 5


@pytest.mark.django_db
def test_screenen_acuut_zonder_tweede_beoordelaar_verandert_niets(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team)
    voor = tellingen()
    with pytest.raises(DomainError) as fout:
        services.melding_screen(
            melding_id=melding.pk, door=onderzoeker, uitkomst="acuut", toelichting="Gevaar."
        )
    assert "tweede" in fout.value.velden
    assert tellingen() == voor
    assert Melding.objects.get(pk=melding.pk).status == S.ONTVANGEN


@pytest.mark.django_db
def test_screenen_niet_acuut_zonder_urgentie_verandert_niets(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team)
    with pytest.raises(DomainError) as fout:
        services.melding_screen(
            melding_id=melding.pk, door=onderzoeker, uitkomst="niet_acuut", toelichting="x"
        )
    assert "urgentie" in fout.value.velden
    melding.refresh_from_db()
    assert melding.status == S.ONTVANGEN
    assert not hasattr(melding, "beoordeling_a") or melding.beoordeling_a is None


@pytest.mark.parametrize("status", [s for s in S if s != S.ONTVANGEN])
@pytest.mark.django_db
def test_screenen_vanuit_verkeerde_status_geweigerd(onderzoeker, status):
    melding = MeldingFactory(team=onderzoeker.team)
    Melding.objects.filter(pk=melding.pk).update(status=status)
    with pytest.raises(DomainError, match="Screenen kan niet: de status is"):
        services.melding_screen(
            melding_id=melding.pk, door=onderzoeker, uitkomst="acuut", toelichting="x"
        )
    assert Melding.objects.get(pk=melding.pk).status == status


@pytest.mark.django_db
def test_screenen_door_ander_team_of_andere_rol_geweigerd(onderzoeker_ander_team, werkbegeleider):
    melding = MeldingFactory(team=werkbegeleider.team)
    with pytest.raises(GeenToegang, match="eigen team"):
        services.melding_screen(
            melding_id=melding.pk, door=onderzoeker_ander_team, uitkomst="acuut", toelichting="x"
        )
    with pytest.raises(GeenToegang, match="onderzoeker"):
        services.melding_screen(
            melding_id=melding.pk, door=werkbegeleider, uitkomst="acuut", toelichting="x"
        )
    assert Melding.objects.get(pk=melding.pk).status == S.ONTVANGEN


# --- overige zorg -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_overige_zorg_doorsturen_anonimiseert_in_dezelfde_dienst(onderzoeker, gedragswetenschapper):
    melding = services.melding_register(door=onderzoeker, gegevens=gegevens())
    services.journaal_toevoegen(
        melding_id=melding.pk,
        door=onderzoeker,
        soort="indruk",
        bron="melder",
        tekst="Moeder Jansen klonk gespannen.",
    )
    services.melding_screen(
        melding_id=melding.pk,
        door=onderzoeker,
        uitkomst="overige_zorg",
        toelichting="Zorgen over schulden, geen signalen van geweld.",
    )
    melding = services.overige_zorg_beoordelen(
        melding_id=melding.pk,
        door=gedragswetenschapper,
        akkoord=True,
        toelichting="Eens: geen afhankelijkheidsrelatie met geweld.",
        doorsturen_aan="Wijkteam Centrum",
    )
    melding = Melding.objects.get(pk=melding.pk)
    assert melding.status == S.DOORGESTUURD
    assert melding.doorgestuurd_aan == "Wijkteam Centrum"
    assert melding.geanonimiseerd_op is not None
    assert "Jansen" not in melding.samenvatting and "blauwe plekken" not in melding.samenvatting
    assert melding.directbetrokkenen.count() == 0
    assert Persoon.objects.count() == 0
    assert Huishouden.objects.count() == 0
    assert melding.melder.naam == "" and melding.melder.telefoon == ""
    assert not Journaalregel.objects.filter(tekst__contains="Jansen").exists()
    assert melding.beoordeling_a.tweede_oordeel_door == gedragswetenschapper


@pytest.mark.django_db
def test_overige_zorg_houdt_personen_die_in_andere_meldingen_staan(
    onderzoeker, gedragswetenschapper
):
    persoon = PersoonFactory()
    andere = MeldingFactory(team=onderzoeker.team)
    Directbetrokkene.objects.create(melding=andere, persoon=persoon, rol="kind")
    melding = services.melding_register(
        door=onderzoeker,
        gegevens=gegevens(
            directbetrokkenen=[
                BetrokkeneGegevens(
                    rol="kind",
                    persoon_id=persoon.pk,
                    achternaam=persoon.achternaam,
                    geboortedatum=persoon.geboortedatum,
                )
            ]
        ),
    )
    services.melding_screen(
        melding_id=melding.pk, door=onderzoeker, uitkomst="overige_zorg", toelichting="x"
    )
    services.overige_zorg_beoordelen(
        melding_id=melding.pk,
        door=gedragswetenschapper,
        akkoord=True,
        toelichting="eens",
        doorsturen_aan="Wijkteam",
    )
    assert Persoon.objects.filter(pk=persoon.pk).exists()
    assert not Directbetrokkene.objects.filter(melding=melding).exists()


@pytest.mark.django_db
def test_overige_zorg_vraagt_tweede_oordeel_van_gw_of_aandachtfunctionaris(onderzoeker, collega):
    melding = MeldingFactory(team=onderzoeker.team, overige_zorg=True)
    with pytest.raises(GeenToegang, match="gedragswetenschapper of aandachtfunctionaris"):
        services.overige_zorg_beoordelen(
            melding_id=melding.pk,
            door=collega,
            akkoord=True,
            toelichting="x",
            doorsturen_aan="Wijkteam",
        )
    assert Melding.objects.get(pk=melding.pk).status == S.OVERIGE_ZORG


@pytest.mark.django_db
def test_screener_kan_niet_zijn_eigen_tweede_oordeel_geven(team):
    gw = MedewerkerFactory(team=team, rollen=["onderzoeker", "gedragswetenschapper"])
    melding = MeldingFactory(team=team, aangemaakt_door=gw, overige_zorg=True)
    with pytest.raises(DomainError, match="iemand anders"):
        services.overige_zorg_beoordelen(
            melding_id=melding.pk, door=gw, akkoord=True, toelichting="x", doorsturen_aan="W"
        )
    melding.refresh_from_db()
    assert melding.status == S.OVERIGE_ZORG
    assert melding.beoordeling_a.tweede_oordeel_door is None


@pytest.mark.django_db
def test_overige_zorg_herzien_zet_op_triagelijst(onderzoeker, gedragswetenschapper):
    melding = MeldingFactory(team=onderzoeker.team, overige_zorg=True)
    melding = services.overige_zorg_beoordelen(
        melding_id=melding.pk,
        door=gedragswetenschapper,
        akkoord=False,
        toelichting="Wel signalen van kindermishandeling.",
        urgentie="midden",
    )
    assert (melding.status, melding.urgentie) == (S.OP_TRIAGELIJST, "midden")
    assert Persoon.objects.exists()


# --- oppakken en beoordeling (B) ---------------------------------------------------------------


@pytest.mark.django_db
def test_oppakken_zet_twee_beoordelaars(onderzoeker, collega):
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    melding = services.melding_pick_up(
        melding_id=melding.pk, door=onderzoeker, tweede_id=collega.pk
    )
    assert melding.status == S.IN_BEOORDELING
    assert (melding.beoordelaar_1, melding.beoordelaar_2) == (onderzoeker, collega)
    assert melding.beoordeling_b.gestart_op is not None


@pytest.mark.django_db
def test_oppakken_met_jezelf_als_tweede_geweigerd(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    with pytest.raises(DomainError) as fout:
        services.melding_pick_up(melding_id=melding.pk, door=onderzoeker, tweede_id=onderzoeker.pk)
    assert "tweede" in fout.value.velden
    melding.refresh_from_db()
    assert (melding.status, melding.beoordelaar_1) == (S.OP_TRIAGELIJST, None)


@pytest.mark.django_db
def test_oppakken_met_niet_onderzoeker_als_tweede_geweigerd(onderzoeker, werkbegeleider):
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    with pytest.raises(DomainError, match="actieve onderzoeker"):
        services.melding_pick_up(
            melding_id=melding.pk, door=onderzoeker, tweede_id=werkbegeleider.pk
        )


@pytest.mark.django_db
def test_al_opgepakte_melding_noemt_wie(onderzoeker, collega, team):
    derde = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    melding = MeldingFactory(team=team, op_triagelijst=True)
    services.melding_pick_up(melding_id=melding.pk, door=onderzoeker, tweede_id=collega.pk)
    with pytest.raises(DomainError, match=f"al opgepakt door .*{onderzoeker.last_name}"):
        services.melding_pick_up(melding_id=melding.pk, door=derde, tweede_id=collega.pk)


@pytest.mark.postgresql  # row locks between concurrent transactions
@pytest.mark.django_db(transaction=True)
def test_gelijktijdig_oppakken_precies_een_slaagt(team):
    """Two onderzoekers press "Oppakken" at the same moment: the row lock lets exactly one win."""
    a, b, c, d = (MedewerkerFactory(team=team, rollen=["onderzoeker"]) for _ in range(4))
    melding = MeldingFactory(team=team, op_triagelijst=True)
    start = threading.Barrier(2)
    uitkomsten: list = []

    def pak_op(door, tweede):
        try:
            start.wait()
            services.melding_pick_up(melding_id=melding.pk, door=door, tweede_id=tweede.pk)
            uitkomsten.append("gelukt")
        except DomainError as fout:
            uitkomsten.append(fout.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=pak_op, args=args) for args in ((a, b), (c, d))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert uitkomsten.count("gelukt") == 1
    verliezer = next(u for u in uitkomsten if u != "gelukt")
    assert "al opgepakt door" in verliezer
    melding.refresh_from_db()
    assert melding.status == S.IN_BEOORDELING
    assert Statuswijziging.objects.filter(melding=melding).count() == 1


def _vul_instrument(melding, door):
    """B done: the instrument answered and a gesprek logged (meldingen.protocol)."""
    services.beoordeling_b_vastleggen(
        melding_id=melding.pk,
        door=door,
        antwoorden=dict.fromkeys(
            (
                "acute_onveiligheid",
                "structurele_onveiligheid",
                "disfunctioneren",
                "zorgen_ontwikkeling",
            ),
            "nee",
        ),
        signalen="Geen signalen na gesprek met school.",
    )
    contact_vastleggen(melding, door)


@pytest.mark.django_db
def test_besluit_zonder_onderbouwing_en_instrument_noemt_wat_ontbreekt():
    melding = MeldingFactory(in_beoordeling=True)
    with pytest.raises(DomainError) as fout:
        services.besluit_record(
            melding_id=melding.pk,
            door=melding.beoordelaar_1,
            route="afsluiten",
            onderbouwing="  ",
        )
    tekst = fout.value.message
    assert "onderbouwing" in tekst
    assert "structurele onveiligheid" in tekst and "zorgen over de ontwikkeling" in tekst
    assert "onderbouwing" in fout.value.velden
    melding.refresh_from_db()
    assert melding.status == S.IN_BEOORDELING
    assert not hasattr(melding, "besluit") or melding.besluit is None


@pytest.mark.django_db
def test_besluit_overdracht_vraagt_ontvanger():
    melding = MeldingFactory(in_beoordeling=True)
    _vul_instrument(melding, melding.beoordelaar_1)
    with pytest.raises(DomainError, match="aan wie wordt overgedragen"):
        services.besluit_record(
            melding_id=melding.pk,
            door=melding.beoordelaar_1,
            route="overdracht_lokaal_veld",
            onderbouwing="Wijkteam kent het gezin en kan dit oppakken.",
        )


@pytest.mark.django_db
def test_besluit_afsluiten_en_daarna_afsluiten():
    melding = MeldingFactory(in_beoordeling=True)
    _vul_instrument(melding, melding.beoordelaar_2)
    melding = services.besluit_record(
        melding_id=melding.pk,
        door=melding.beoordelaar_2,
        route="afsluiten",
        onderbouwing="Geen onveiligheid vastgesteld na gesprek met moeder.",
    )
    assert melding.status == S.BESLOTEN
    assert melding.beoordeling_b.afgerond_op is not None
    assert melding.beoordeling_b.beoordelaar_1 == melding.beoordelaar_1
    terugkoppelen(melding)
    melding = services.melding_afsluiten(melding_id=melding.pk, door=melding.beoordelaar_1)
    assert melding.status == S.AFGESLOTEN and melding.afgesloten_op is not None
    assert [w.naar for w in melding.statuswijzigingen.all()] == [S.BESLOTEN, S.AFGESLOTEN]


@pytest.mark.django_db
def test_besluit_vervolg_gaat_naar_vervolgdienst_en_kan_niet_afgesloten():
    melding = MeldingFactory(in_beoordeling=True)
    _vul_instrument(melding, melding.beoordelaar_1)
    melding = services.besluit_record(
        melding_id=melding.pk,
        door=melding.beoordelaar_1,
        route="vervolg_onderzoek",
        onderbouwing="Vermoeden van mishandeling moet worden onderzocht.",
    )
    assert melding.status == S.NAAR_VERVOLGDIENST
    with pytest.raises(DomainError, match="de status is 'Naar vervolgdienst'"):
        services.melding_afsluiten(melding_id=melding.pk, door=melding.beoordelaar_1)


@pytest.mark.django_db
def test_besluit_door_buitenstaander_geweigerd(collega):
    melding = MeldingFactory(in_beoordeling=True, team=collega.team)
    _vul_instrument(melding, melding.beoordelaar_1)
    with pytest.raises(GeenToegang, match="beoordelaars"):
        services.besluit_record(
            melding_id=melding.pk, door=collega, route="afsluiten", onderbouwing="Zomaar."
        )
    assert Melding.objects.get(pk=melding.pk).status == S.IN_BEOORDELING


@pytest.mark.django_db
def test_werkbegeleider_van_team_mag_besluit_vastleggen(werkbegeleider):
    melding = MeldingFactory(in_beoordeling=True, team=werkbegeleider.team)
    _vul_instrument(melding, werkbegeleider)
    melding = services.besluit_record(
        melding_id=melding.pk,
        door=werkbegeleider,
        route="regionaal_maatwerk",
        onderbouwing="Tijdelijk huisverbod loopt; regionaal maatwerk ingezet.",
    )
    assert melding.status == S.BESLOTEN


@pytest.mark.parametrize("status", [S.ONTVANGEN, S.OP_TRIAGELIJST, S.BESLOTEN, S.AFGESLOTEN])
@pytest.mark.django_db
def test_besluit_vanuit_verkeerde_status(status, onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team)
    Melding.objects.filter(pk=melding.pk).update(status=status)
    with pytest.raises(DomainError, match="Besluit vastleggen kan niet"):
        services.besluit_record(
            melding_id=melding.pk, door=onderzoeker, route="afsluiten", onderbouwing="x"
        )


@pytest.mark.django_db
def test_teruggeven_maakt_beoordelaars_vrij():
    melding = MeldingFactory(in_beoordeling=True)
    melding = services.melding_teruggeven(
        melding_id=melding.pk, door=melding.beoordelaar_1, reden="Ziek gemeld."
    )
    assert melding.status == S.OP_TRIAGELIJST
    assert melding.beoordelaar_1 is None and melding.beoordelaar_2 is None
    assert "Ziek gemeld." in melding.statuswijzigingen.get().toelichting


@pytest.mark.django_db
def test_na_teruggeven_opnieuw_oppakken_behoudt_het_instrument(team):
    melding = MeldingFactory(in_beoordeling=True, team=team)
    services.beoordeling_b_vastleggen(
        melding_id=melding.pk, door=melding.beoordelaar_1, antwoorden={"acute_onveiligheid": "nee"}
    )
    services.melding_teruggeven(melding_id=melding.pk, door=melding.beoordelaar_1, reden="Ziek.")
    a, b = (MedewerkerFactory(team=team, rollen=["onderzoeker"]) for _ in range(2))
    melding = services.melding_pick_up(melding_id=melding.pk, door=a, tweede_id=b.pk)
    assert (melding.status, melding.beoordelaar_1) == (S.IN_BEOORDELING, a)
    assert melding.beoordeling_b.acute_onveiligheid == "nee"


@pytest.mark.django_db
def test_triage_instrument_weigert_onzin():
    melding = MeldingFactory(in_beoordeling=True)
    with pytest.raises(DomainError) as fout:
        services.beoordeling_b_vastleggen(
            melding_id=melding.pk,
            door=melding.beoordelaar_1,
            antwoorden={"acute_onveiligheid": "misschien", "bestaat_niet": "ja"},
        )
    assert set(fout.value.velden) == {"acute_onveiligheid", "bestaat_niet"}
    melding.beoordeling_b.refresh_from_db()
    assert melding.beoordeling_b.acute_onveiligheid == ""


# --- dossier -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_journaal_vraagt_soort_en_bron(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team)
    with pytest.raises(DomainError) as fout:
        services.journaal_toevoegen(
            melding_id=melding.pk, door=onderzoeker, soort="roddel", bron="buurvrouw", tekst="x"
        )
    assert "soort" in fout.value.velden
    with pytest.raises(DomainError) as fout:
        services.journaal_toevoegen(
            melding_id=melding.pk, door=onderzoeker, soort="feit", bron=" ", tekst="x"
        )
    assert "bron" in fout.value.velden
    regel = services.journaal_toevoegen(
        melding_id=melding.pk,
        door=onderzoeker,
        soort="feit",
        bron="school",
        tekst="Kind drie dagen afwezig.",
    )
    assert (regel.soort, regel.bron, regel.auteur) == ("feit", "school", onderzoeker)


@pytest.mark.django_db
def test_journaal_van_ander_team_geweigerd(onderzoeker_ander_team):
    melding = MeldingFactory()
    with pytest.raises(GeenToegang):
        services.journaal_toevoegen(
            melding_id=melding.pk, door=onderzoeker_ander_team, soort="feit", bron="x", tekst="y"
        )


@pytest.mark.django_db
def test_informeren_verlengen_twee_weken_met_reden(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team)
    oud = melding.termijn_informeren_betrokkenen
    with pytest.raises(DomainError):
        services.informeren_verlengen(melding_id=melding.pk, door=onderzoeker, reden="")
    melding = services.informeren_verlengen(
        melding_id=melding.pk, door=onderzoeker, reden="Vader onvindbaar."
    )
    assert timezone.localtime(melding.termijn_informeren_betrokkenen).date() == (
        timezone.localtime(oud).date() + timedelta(days=14)
    )
    assert melding.informeren_verlengd == 1


# --- adviezen ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_advies_registreren_en_afronden(onderzoeker):
    advies = services.advies_register(
        door=onderzoeker,
        ontvangen_op=timezone.now(),
        kanaal="telefoon",
        hoedanigheid="gz_huisarts",
        aanleiding="km_anders",
        onderwerp="Signalen op consult",
        samenvatting="Uitgelegd hoe de meldcode werkt.",
    )
    assert re.fullmatch(r"AD-\d{4}-\d{6}", advies.nummer)
    advies = services.advies_afronden(advies_id=advies.pk, door=onderzoeker)
    assert advies.status == AdviesStatus.AFGEROND
    with pytest.raises(DomainError, match="Afronden kan niet"):
        services.advies_afronden(advies_id=advies.pk, door=onderzoeker)


@pytest.mark.django_db
def test_advies_naam_zonder_toestemming_geweigerd(onderzoeker):
    with pytest.raises(DomainError) as fout:
        services.advies_register(
            door=onderzoeker,
            ontvangen_op=timezone.now(),
            kanaal="telefoon",
            hoedanigheid="familielid",
            aanleiding="partnergeweld",
            onderwerp="Zus",
            samenvatting="Advies gegeven.",
            adviesvrager_naam="Petra",
        )
    assert "adviesvrager_naam" in fout.value.velden
    assert Advies.objects.count() == 0


@pytest.mark.django_db
def test_advies_omzetten_in_melding(onderzoeker):
    advies = AdviesFactory(team=onderzoeker.team)
    melding = services.advies_omzetten_in_melding(
        advies_id=advies.pk, door=onderzoeker, gegevens=gegevens()
    )
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.OMGEZET and advies.melding == melding
    assert melding.journaal.filter(tekst__contains=advies.nummer).exists()
    with pytest.raises(DomainError, match="kan niet meer worden omgezet"):
        services.advies_omzetten_in_melding(
            advies_id=advies.pk,
            door=onderzoeker,
            gegevens=gegevens(
                directbetrokkenen=[BetrokkeneGegevens(rol="kind", voornamen="Q", achternaam="R")]
            ),
        )
    assert Melding.objects.count() == 1


@pytest.mark.django_db
def test_advies_omzetten_met_ongeldige_melding_laat_advies_open(onderzoeker):
    advies = AdviesFactory(team=onderzoeker.team)
    with pytest.raises(DomainError):
        services.advies_omzetten_in_melding(
            advies_id=advies.pk, door=onderzoeker, gegevens=gegevens(aanleidingen=[])
        )
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.OPEN and advies.melding is None
