"""Privacy rules (issue 6 items 4 and 5): advies without directbetrokkenen, overige zorg anonymised
in the forwarding transaction, the bewaartermijn job, destruction on request (and VT's offer when
the vermoeden is weerlegd) and the identity-free overige-zorg repeat signal."""

from datetime import date, datetime, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from diensten.keuzes import ConclusieUitkomst, DienstStatus, DienstType
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
from meldingen import herhaalsignaal, services, tasks
from meldingen.keuzes import MeldingStatus, RolInMelding
from meldingen.models import (
    Activiteit,
    Advies,
    Besluit,
    Consult,
    Directbetrokkene,
    Huishouden,
    Journaalregel,
    Melder,
    Melding,
    OverigeZorgSignaal,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
    Vernietigingsaanbod,
    Vernietigingsverzoek,
    Verrijkingstaak,
    VerzoekStatus,
)
from meldingen.services import privacy
from meldingen.services._basis import SYSTEEMBRON
from meldingen.services.intake import AdresGegevens
from tests.factories import AdviesFactory, MedewerkerFactory, MeldingFactory, PersoonFactory
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from wachtlijst.models import ZichtOpVeiligheid

S = MeldingStatus
GEHEIM = "Geheimnaam"  # planted in every free text of a dossier; must be gone afterwards
BSN = "123456782"
POSTCODE = "2511AB"
STRAAT = "Lange Geheimstraat"
GEBOREN_KIND = date(2004, 5, 17)
GEBOREN_OUDER = date(1984, 9, 3)
ALLE_UITZONDERINGEN = (
    "uitzondering_belang_ander",
    "uitzondering_wettelijk_voorschrift",
    "uitzondering_lopend_onderzoek",
)


def _nu() -> datetime:
    return timezone.now()


def _lang_geleden(jaren: int) -> datetime:
    return _nu() - timedelta(days=365 * jaren + 30)


# --- building a full dossier ---------------------------------------------------------------------


def _kale_melding(**kwargs) -> Melding:
    """A MeldingFactory melding without the melder, persons and A/B the factory adds."""
    melding = MeldingFactory(**kwargs)
    persoon_ids = list(melding.directbetrokkenen.values_list("persoon_id", flat=True))
    for model in (Melder, Directbetrokkene, VeiligheidsbeoordelingA, VeiligheidsbeoordelingB):
        model.objects.filter(melding=melding).delete()
    Persoon.objects.filter(pk__in=persoon_ids).delete()
    return melding


def _dossier(team, door, *, afgesloten_op=None, met_dienst=True, gedeelde=None) -> Melding:
    """A melding with every kind of row that can hold a text, each text carrying GEHEIM."""
    melding = _kale_melding(team=team)
    huishouden = Huishouden.objects.create(
        straat=STRAAT, huisnummer="12-a", postcode=POSTCODE, woonplaats="Den Haag"
    )
    Melding.objects.filter(pk=melding.pk).update(
        huishouden=huishouden,
        samenvatting=f"{GEHEIM} slaat de kinderen.",
        radar_geen_mdo_reden=f"{GEHEIM} is bekend.",
        status=S.NAAR_VERVOLGDIENST if met_dienst else S.AFGESLOTEN,
        afgesloten_op=None if met_dienst else afgesloten_op,
        doorgestuurd_aan="",
    )
    melding = Melding.objects.get(pk=melding.pk)
    kind = Persoon.objects.create(
        voornamen=f"{GEHEIM}je",
        achternaam=GEHEIM,
        geboortedatum=GEBOREN_KIND,
        bsn=None if Persoon.objects.met_bsn(BSN).exists() else BSN,
    )
    ouder = Persoon.objects.create(
        voornamen="Ouder", achternaam=GEHEIM, geboortedatum=GEBOREN_OUDER
    )
    db_kind = Directbetrokkene.objects.create(melding=melding, persoon=kind, rol=RolInMelding.KIND)
    Directbetrokkene.objects.create(melding=melding, persoon=ouder, rol=RolInMelding.PLEGER)
    if gedeelde is not None:
        Directbetrokkene.objects.create(
            melding=melding, persoon=gedeelde, rol=RolInMelding.SLACHTOFFER
        )
    Melder.objects.create(
        melding=melding,
        hoedanigheid="buurtbewoner",
        naam=f"Buurman {GEHEIM}",
        organisatie=f"School {GEHEIM}",
        telefoon="0612345678",
        email="geheim@example.nl",
    )
    AdviesFactory(
        team=team, melding=melding, adviesvrager_naam=f"Vrager {GEHEIM}", naam_toestemming=True
    )
    Journaalregel.objects.create(
        melding=melding, soort="indruk", bron=f"moeder {GEHEIM}", tekst=f"{GEHEIM} huilde."
    )
    Journaalregel.objects.create(
        melding=melding, soort="feit", bron=SYSTEEMBRON, tekst=f"Reden: {GEHEIM} verhuist."
    )
    Statuswijziging.objects.create(
        melding=melding, van="ontvangen", naar="acuut", door=door, toelichting=GEHEIM
    )
    Activiteit.objects.create(
        melding=melding,
        soort="huisbezoek",
        datum=_nu(),
        met_wie=GEHEIM,
        toelichting=GEHEIM,
        door=door,
    )
    Verrijkingstaak.objects.create(melding=melding, bron="brp", resultaat=f"{GEHEIM} op adres")
    consult = Consult.objects.create(
        melding=melding,
        vorm="mdo",
        datum=_nu(),
        vraag=GEHEIM,
        uitkomst=GEHEIM,
        vastgelegd_door=door,
    )
    consult.deelnemers.add(door)
    VeiligheidsbeoordelingA.objects.create(
        melding=melding,
        door=door,
        uitgevoerd_op=_nu(),
        uitkomst="niet_acuut",
        toelichting=GEHEIM,
        tweede_oordeel_toelichting=GEHEIM,
    )
    VeiligheidsbeoordelingB.objects.create(
        melding=melding,
        gestart_op=_nu(),
        signalen=GEHEIM,
        eerdere_meldingen=GEHEIM,
        signaalcodes=["letsel"],
    )
    Besluit.objects.create(
        melding=melding,
        route="vervolg_onderzoek" if met_dienst else "afsluiten",
        onderbouwing=f"Omdat {GEHEIM}.",
        overdracht_aan=f"Oma {GEHEIM}",
        genomen_door=door,
        genomen_op=_nu(),
    )
    ZichtOpVeiligheid.objects.create(
        melding=melding, op=_nu(), contact_met=GEHEIM, uitkomst=GEHEIM, door=door
    )
    if met_dienst:
        dienst = Vervolgdienst.objects.create(
            melding=melding,
            type=DienstType.ONDERZOEK,
            status=DienstStatus.AFGESLOTEN if afgesloten_op else DienstStatus.MONITORING,
            besluit_op=_nu(),
            termijn=_nu(),
            afgesloten_op=afgesloten_op,
            stopreden="",
            hoor_en_wederhoor=GEHEIM,
            ervaringsonderzoek=False,
            contra_indicatie=GEHEIM,
        )
        _dienst_teksten(dienst, db_kind, door)
    return melding


def _dienst_teksten(dienst, betrokkene, door) -> None:
    Gesprek.objects.create(
        dienst=dienst,
        directbetrokkene=betrokkene,
        datum=timezone.localdate(),
        vorm="gesprek",
        door=door,
        toelichting=GEHEIM,
    )
    Informant.objects.create(
        dienst=dienst,
        naam=GEHEIM,
        organisatie=GEHEIM,
        toestemming=False,
        afweging=GEHEIM,
        datum=timezone.localdate(),
        informatie=GEHEIM,
        door=door,
    )
    Conclusie.objects.create(
        dienst=dienst,
        aanleiding="km_anders",
        uitkomst=ConclusieUitkomst.WEERLEGD,
        toelichting=GEHEIM,
        door=door,
    )
    Veiligheidsvoorwaarde.objects.create(
        dienst=dienst,
        voorwaarde=GEHEIM,
        voor_wie=GEHEIM,
        sinds=timezone.localdate(),
        hoe_gecontroleerd=GEHEIM,
        door=door,
    )
    Afwijking.objects.create(
        dienst=dienst, eis="gesproken", omschrijving=GEHEIM, reden=GEHEIM, aangevraagd_door=door
    )
    overdracht = Overdracht.objects.create(
        dienst=dienst,
        ketenpartner=Ketenpartner.objects.get_or_create(naam="Wijkteam", soort="wijkteam")[0],
        contactpersoon=GEHEIM,
        door=door,
    )
    Veiligheidsafspraak.objects.create(
        overdracht=overdracht,
        wat=GEHEIM,
        wie=GEHEIM,
        uiterlijk=timezone.localdate(),
        hoe_gecontroleerd=GEHEIM,
    )
    # The overdracht straight after B belongs to the melding (diensten.models.Overdracht).
    na_b = Overdracht.objects.create(
        melding=dienst.melding, aan=GEHEIM, contactpersoon=GEHEIM, door=door
    )
    Veiligheidsafspraak.objects.create(
        overdracht=na_b,
        wat=GEHEIM,
        wie=GEHEIM,
        uiterlijk=timezone.localdate(),
        hoe_gecontroleerd=GEHEIM,
        gecontroleerd_op=_nu(),
        gecontroleerd_door=door,
        nagekomen=True,
        controle_toelichting=GEHEIM,
    )
    Monitoringsmoment.objects.create(
        dienst=dienst, gepland_op=timezone.localdate(), toelichting=GEHEIM
    )
    Terugkoppeling.objects.create(
        melding=dienst.melding,
        moment="na_dienst",
        op=_nu(),
        wijze="brief",
        toelichting=GEHEIM,
        door=door,
    )
    DienstStatuswijziging.objects.create(
        dienst=dienst, van="lopend", naar="afgerond", door=door, toelichting=GEHEIM
    )


def _identificerend_gevonden() -> list[str]:
    """Every text, JSON and date value of every row of the case apps that still identifies someone."""
    verboden_tekst = (GEHEIM, BSN, POSTCODE, STRAAT, "0612345678", "geheim@example.nl")
    verboden_datum = (GEBOREN_KIND, GEBOREN_OUDER)
    gevonden = []
    for label in ("meldingen", "diensten", "wachtlijst"):
        for model in apps.get_app_config(label).get_models():
            velden = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(
                    f, models.CharField | models.TextField | models.JSONField | models.DateField
                )
            ]
            for rij in model.objects.values_list("pk", *velden):
                for veld, waarde in zip(velden, rij[1:], strict=True):
                    if isinstance(waarde, datetime):
                        continue
                    if isinstance(waarde, date) and waarde in verboden_datum:
                        gevonden.append(f"{model.__name__}.{veld}={waarde}")
                    elif any(v.lower() in str(waarde).lower() for v in verboden_tekst):
                        gevonden.append(f"{model.__name__}.{veld}={waarde!r}")
    return gevonden


# --- 1. Advies has no directbetrokkene data ------------------------------------------------------


def test_advies_verwijst_niet_naar_personen_of_betrokkenen():
    verwijst_naar = {
        f.related_model for f in Advies._meta.get_fields() if f.is_relation and f.related_model
    }
    assert not verwijst_naar & {Persoon, Directbetrokkene, Huishouden}
    velden = {f.name for f in Advies._meta.get_fields()}
    assert not velden & {"bsn", "geboortedatum", "voornamen", "achternaam", "adres", "postcode"}


@pytest.mark.django_db
def test_database_weigert_adviesvrager_naam_zonder_toestemming_bij_create():
    bestaand = AdviesFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Advies.objects.create(
            nummer="AD-2026-999999",
            ontvangen_op=_nu(),
            kanaal="telefoon",
            hoedanigheid="huisarts",
            team=bestaand.team,
            aanleiding="km_anders",
            onderwerp="Zorgen",
            samenvatting="Besproken.",
            gegeven_door=bestaand.gegeven_door,
            adviesvrager_naam="Jan",
            naam_toestemming=False,
        )
    assert list(Advies.objects.values_list("pk", flat=True)) == [bestaand.pk]


@pytest.mark.django_db
def test_advies_anoniem_en_met_toestemming_mag():
    assert AdviesFactory(adviesvrager_naam="").pk
    assert AdviesFactory(adviesvrager_naam="Jan", naam_toestemming=True).pk


# --- 2. Overige zorg: forwarding anonymises in the same transaction ------------------------------


def _overige_zorg(onderzoeker, *, postcode="2511 ab", huisnummer="12-a", geboren=(GEBOREN_KIND,)):
    melding = _kale_melding(team=onderzoeker.team, overige_zorg=True)
    huishouden = Huishouden.objects.create(
        straat=STRAAT, huisnummer=huisnummer, postcode=postcode, woonplaats="Den Haag"
    )
    Melding.objects.filter(pk=melding.pk).update(
        huishouden=huishouden, samenvatting=f"{GEHEIM} heeft schulden."
    )
    for i, datum in enumerate(geboren):
        Directbetrokkene.objects.create(
            melding=melding,
            persoon=Persoon.objects.create(
                voornamen=f"Kind{i}", achternaam=GEHEIM, geboortedatum=datum
            ),
            rol=RolInMelding.KIND,
        )
    Melder.objects.create(melding=melding, hoedanigheid="politie", naam=f"Agent {GEHEIM}")
    VeiligheidsbeoordelingA.objects.create(
        melding=melding,
        door=onderzoeker,
        uitgevoerd_op=_nu(),
        uitkomst="overige_zorg",
        toelichting=f"Schulden bij {GEHEIM}.",
    )
    Journaalregel.objects.create(melding=melding, soort="feit", bron="politie", tekst=GEHEIM)
    return Melding.objects.get(pk=melding.pk)


def _doorsturen(melding, gedragswetenschapper):
    return services.overige_zorg_beoordelen(
        melding_id=melding.pk,
        door=gedragswetenschapper,
        akkoord=True,
        toelichting="Eens, geen geweld.",
        doorsturen_aan="Wijkteam Centrum",
    )


def faal_na_doorsturen(**_kwargs):
    raise RuntimeError("storing tijdens anonimiseren")


@pytest.mark.django_db
def test_overige_zorg_fout_na_doorsturen_laat_alles_ongewijzigd(
    onderzoeker, gedragswetenschapper, settings
):
    melding = _overige_zorg(onderzoeker)
    settings.VT_BIJ_ANONIMISEREN = [*settings.VT_BIJ_ANONIMISEREN, f"{__name__}.faal_na_doorsturen"]
    with pytest.raises(RuntimeError):
        _doorsturen(melding, gedragswetenschapper)
    melding = Melding.objects.get(pk=melding.pk)
    assert melding.status == S.OVERIGE_ZORG
    assert melding.geanonimiseerd_op is None and melding.doorgestuurd_aan == ""
    assert melding.huishouden.postcode == "2511 ab"
    assert melding.directbetrokkenen.count() == 1
    assert Persoon.objects.filter(achternaam=GEHEIM).count() == 1
    assert melding.beoordeling_a.tweede_oordeel_door_id is None
    assert not OverigeZorgSignaal.objects.exists()
    assert not AuditLog.objects.filter(actie__startswith="melding.overige_zorg").exists()


@pytest.mark.django_db
def test_overige_zorg_doorgestuurd_laat_niets_identificerends_achter(
    onderzoeker, gedragswetenschapper
):
    gedeelde = Persoon.objects.create(voornamen="Gedeelde", achternaam="Persoon", bsn="111222333")
    andere = _kale_melding(team=onderzoeker.team)
    Directbetrokkene.objects.create(melding=andere, persoon=gedeelde, rol=RolInMelding.SLACHTOFFER)
    melding = _overige_zorg(onderzoeker)
    Directbetrokkene.objects.create(melding=melding, persoon=gedeelde, rol=RolInMelding.GEZINSLID)

    melding = _doorsturen(melding, gedragswetenschapper)

    assert melding.status == S.DOORGESTUURD and melding.geanonimiseerd_op is not None
    assert melding.doorgestuurd_aan == "Wijkteam Centrum"
    assert _identificerend_gevonden() == []
    assert not melding.directbetrokkenen.exists() and melding.huishouden_id is None
    # The person in another melding is unlinked here, not altered there.
    gedeelde.refresh_from_db()
    assert (gedeelde.voornamen, gedeelde.bsn) == ("Gedeelde", "111222333")
    assert list(andere.directbetrokkenen.values_list("persoon_id", flat=True)) == [gedeelde.pk]
    # One token for the address and one for the one child (meldingen/herhaalsignaal.py).
    assert OverigeZorgSignaal.objects.count() == 2
    assert OverigeZorgSignaal.objects.values("doorsturing").distinct().count() == 1
    assert AuditLog.objects.filter(actie="melding.anonimiseren", object_id=melding.nummer).exists()


# --- 3. Bewaartermijn ----------------------------------------------------------------------------


def _dt(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time().replace(hour=12), tzinfo=termijnen.TIJDZONE)


def test_bewaartermijn_twintig_jaar_na_afsluiten():
    assert termijnen.einde_bewaartermijn(_dt(date(2026, 4, 10)), None) == date(2046, 4, 10)
    # The youngest is an adult already: the years after closure decide.
    assert termijnen.einde_bewaartermijn(_dt(date(2026, 4, 10)), date(1990, 1, 1)) == date(
        2046, 4, 10
    )


def test_bewaartermijn_tot_het_jongste_kind_achttien_is(settings):
    settings.VT_BEWAARTERMIJN_JAREN = 5
    assert termijnen.einde_bewaartermijn(_dt(date(2026, 4, 10)), date(2020, 7, 1)) == date(
        2038, 7, 1
    )


def test_bewaartermijn_schrikkeldag_verjaart_op_1_maart():
    assert termijnen.jaren_na(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert termijnen.jaren_na(date(2008, 2, 29), 20) == date(2028, 2, 29)


@pytest.mark.parametrize("jaren", [18, 20])
def test_bewaartermijn_grenzen_kloppen_met_de_einddatum_rond_schrikkeldagen(settings, jaren):
    """The set-based scan's bounds select exactly the dossiers whose end date has come."""
    settings.VT_BEWAARTERMIJN_JAREN = jaren
    data = [date(2007, 12, 31) + timedelta(days=i) for i in range(0, 3 * 366, 7)] + [
        date(2008, 2, 28),
        date(2008, 2, 29),
        date(2008, 3, 1),
        date(2010, 2, 28),
        date(2010, 3, 1),
    ]
    for vandaag in [date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 28), date(2028, 2, 29)]:
        nu = _dt(vandaag)
        afgesloten_voor, geboren_uiterlijk = termijnen.bewaartermijn_grenzen(nu)
        for d in data:
            verlopen = termijnen.einde_bewaartermijn(_dt(d), None) <= vandaag
            assert (_dt(d) < afgesloten_voor) is verlopen, (vandaag, d)
            kind_meerderjarig = termijnen.jaren_na(d, 18) <= vandaag
            assert (d <= geboren_uiterlijk) is kind_meerderjarig, (vandaag, d)


@pytest.mark.django_db
def test_bewaartermijn_selecteert_alleen_verlopen_dossiers(onderzoeker, settings):
    settings.VT_BEWAARTERMIJN_JAREN = 5
    nu = _dt(date(2026, 2, 28))
    oud = _dt(date(2019, 1, 10))

    def afgesloten(*, geboren=None, op=oud):
        melding = _kale_melding(team=onderzoeker.team)
        Melding.objects.filter(pk=melding.pk).update(status=S.AFGESLOTEN, afgesloten_op=op)
        if geboren:
            Directbetrokkene.objects.create(
                melding=melding, persoon=PersoonFactory(geboortedatum=geboren), rol="kind"
            )
        return melding.pk

    zonder_kind = afgesloten()
    volwassen = afgesloten(geboren=date(1980, 1, 1))
    kind_nog_minderjarig = afgesloten(geboren=date(2010, 3, 1))
    schrikkelkind = afgesloten(geboren=date(2008, 2, 29))
    kind_vandaag_18 = afgesloten(geboren=date(2008, 2, 28))
    recent = afgesloten(op=_dt(date(2023, 1, 1)))
    open_melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True).pk

    ids = privacy.bewaartermijn_verlopen_ids(nu=nu)
    assert set(ids) == {zonder_kind, volwassen, kind_vandaag_18}
    assert {kind_nog_minderjarig, schrikkelkind, recent, open_melding}.isdisjoint(ids)
    # On 1 March the child born on 29 February 2008 is 18.
    assert schrikkelkind in privacy.bewaartermijn_verlopen_ids(nu=_dt(date(2026, 3, 1)))


@pytest.mark.django_db
def test_bewaartermijn_telt_vanaf_het_afsluiten_van_de_vervolgdienst(onderzoeker, collega):
    afgesloten = _dossier(onderzoeker.team, collega, afgesloten_op=_lang_geleden(21))
    monitoring = _dossier(onderzoeker.team, collega, afgesloten_op=None)
    ids = privacy.bewaartermijn_verlopen_ids(nu=_nu())
    assert afgesloten.pk in ids and monitoring.pk not in ids


@pytest.mark.django_db
def test_bewaartermijn_anonimiseert_houdt_het_skelet_en_is_idempotent(
    onderzoeker, collega, settings
):
    settings.VT_BEWAARTERMIJN_BATCH = 1
    gedeelde = Persoon.objects.create(voornamen="Blijft", achternaam="Bewaard", bsn="111222333")
    lopend = _kale_melding(team=onderzoeker.team, op_triagelijst=True)
    Directbetrokkene.objects.create(melding=lopend, persoon=gedeelde, rol=RolInMelding.KIND)
    verlopen = [
        _dossier(onderzoeker.team, collega, afgesloten_op=_lang_geleden(21), gedeelde=gedeelde),
        _dossier(onderzoeker.team, collega, afgesloten_op=_lang_geleden(22), met_dienst=False),
    ]
    voor = {
        m.pk: (m.nummer, m.status, m.team_id, m.ontvangen_op, m.termijn_veiligheidsbeoordeling)
        for m in Melding.objects.filter(pk__in=[m.pk for m in verlopen])
    }

    assert _identificerend_gevonden(), "the scan must see the planted data before"
    assert privacy.bewaartermijn_toepassen() == 2

    assert _identificerend_gevonden() == []
    for melding in Melding.objects.filter(pk__in=voor):
        assert voor[melding.pk] == (
            melding.nummer,
            melding.status,
            melding.team_id,
            melding.ontvangen_op,
            melding.termijn_veiligheidsbeoordeling,
        )
        assert melding.geanonimiseerd_op is not None
        assert melding.besluit.route in ("vervolg_onderzoek", "afsluiten")
        assert melding.melder.hoedanigheid == "buurtbewoner"
        assert (
            AuditLog.objects.filter(
                actie="melding.bewaartermijn_anonimiseren",
                object_id=melding.nummer,
                medewerker=None,
            ).count()
            == 1
        )
    dienst = Vervolgdienst.objects.get(melding=verlopen[0])
    assert dienst.type == DienstType.ONDERZOEK and dienst.afgesloten_op is not None
    assert list(Conclusie.objects.values_list("uitkomst", flat=True)) == ["weerlegd"]
    gedeelde.refresh_from_db()
    assert (gedeelde.voornamen, gedeelde.achternaam, gedeelde.bsn) == (
        "Blijft",
        "Bewaard",
        "111222333",
    )
    assert lopend.directbetrokkenen.get().persoon_id == gedeelde.pk

    audit = AuditLog.objects.count()
    assert privacy.bewaartermijn_toepassen() == 0
    assert AuditLog.objects.count() == audit


@pytest.mark.django_db
def test_bewaartermijn_task_roept_de_service_aan(onderzoeker, collega):
    melding = _dossier(onderzoeker.team, collega, afgesloten_op=_lang_geleden(21), met_dienst=False)
    assert tasks.bewaartermijn_toepassen() == 1
    assert Melding.objects.get(pk=melding.pk).geanonimiseerd_op is not None
    assert tasks.bewaartermijn_toepassen() == 0


def test_bewaartermijn_staat_dagelijks_in_de_beat_planning():
    taken = {t["task"] for t in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "meldingen.bewaartermijn_toepassen" in taken
    assert settings.VT_BEWAARTERMIJN_JAREN == 20


# --- 4. Vernietigingsverzoek ---------------------------------------------------------------------


def _verzoek(melding, door, **extra):
    gegevens = {
        "verzocht_door": "moeder van het kind",
        "ontvangen_op": timezone.localdate(),
        **extra,
    }
    return privacy.vernietigingsverzoek_vastleggen(melding_id=melding.pk, door=door, **gegevens)


@pytest.fixture
def afgesloten_dossier(onderzoeker, collega):
    return _dossier(onderzoeker.team, collega, afgesloten_op=_nu() - timedelta(days=3))


@pytest.mark.django_db
def test_vernietiging_toegewezen_en_uitgevoerd_laat_een_grafsteen(
    afgesloten_dossier, onderzoeker, werkbegeleider
):
    melding = afgesloten_dossier
    verzoek = _verzoek(melding, onderzoeker)
    assert verzoek.status == VerzoekStatus.ONTVANGEN
    privacy.vernietigingsverzoek_beslissen(
        verzoek_id=verzoek.pk, door=werkbegeleider, toewijzen=True
    )
    verzoek = privacy.vernietigingsverzoek_uitvoeren(verzoek_id=verzoek.pk, door=werkbegeleider)

    assert verzoek.status == VerzoekStatus.UITGEVOERD and verzoek.uitgevoerd_op is not None
    assert _identificerend_gevonden() == []
    melding = Melding.objects.get(pk=melding.pk)
    assert melding.nummer and melding.team_id == onderzoeker.team_id
    assert melding.ontvangen_op and melding.geanonimiseerd_op
    assert not melding.directbetrokkenen.exists()
    assert list(melding.journaal.values_list("tekst", flat=True)) == [
        "Dossier vernietigd op verzoek van een betrokkene."
    ]
    for model in (Activiteit, Consult, Verrijkingstaak, Melder, Terugkoppeling, ZichtOpVeiligheid):
        assert not model.objects.filter(melding=melding).exists(), model
    for model in (Gesprek, Informant, Conclusie, Veiligheidsvoorwaarde, Afwijking, Overdracht):
        assert not model.objects.filter(dienst__melding=melding).exists(), model
    assert Vervolgdienst.objects.filter(melding=melding).exists()
    assert Vernietigingsverzoek.objects.get(pk=verzoek.pk).verzocht_door == "moeder van het kind"
    assert AuditLog.objects.filter(actie="melding.vernietigen", object_id=melding.nummer).exists()


@pytest.mark.django_db
def test_vernietiging_vastleggen_geweigerd_per_rol_en_team(
    afgesloten_dossier, gedragswetenschapper, onderzoeker_ander_team, directie
):
    for door in (gedragswetenschapper, onderzoeker_ander_team, directie):
        with pytest.raises(GeenToegang):
            _verzoek(afgesloten_dossier, door)
    assert not Vernietigingsverzoek.objects.exists()


@pytest.mark.django_db
def test_vernietiging_vastleggen_weigert_fouten_in_dutch(afgesloten_dossier, onderzoeker):
    with pytest.raises(DomainError) as fout:
        _verzoek(afgesloten_dossier, onderzoeker, verzocht_door=" ")
    assert "verzocht_door" in fout.value.velden
    with pytest.raises(DomainError) as fout:
        _verzoek(afgesloten_dossier, onderzoeker, ontvangen_op=timezone.localdate() + timedelta(1))
    assert fout.value.velden == {"ontvangen_op": "De datum ligt in de toekomst."}
    with pytest.raises(DomainError) as fout:
        _verzoek(afgesloten_dossier, onderzoeker, uitzonderingen=["uitzondering_belang_ander"])
    assert fout.value.velden == {"toelichting": "Licht de aangevinkte uitzondering toe."}
    with pytest.raises(DomainError):
        _verzoek(afgesloten_dossier, onderzoeker, uitzonderingen=["verzonnen"])
    assert not Vernietigingsverzoek.objects.exists()
    _verzoek(afgesloten_dossier, onderzoeker)
    with pytest.raises(DomainError, match="loopt al een vernietigingsverzoek"):
        _verzoek(afgesloten_dossier, onderzoeker)
    assert Vernietigingsverzoek.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("uitzondering", ALLE_UITZONDERINGEN)
def test_vernietiging_toewijzen_geweigerd_bij_een_wettelijke_uitzondering(
    afgesloten_dossier, onderzoeker, werkbegeleider, uitzondering
):
    verzoek = _verzoek(
        afgesloten_dossier,
        onderzoeker,
        uitzonderingen=[uitzondering],
        toelichting="Zus wil inzage.",
    )
    with pytest.raises(DomainError, match="wettelijke uitzondering aangevinkt"):
        privacy.vernietigingsverzoek_beslissen(
            verzoek_id=verzoek.pk, door=werkbegeleider, toewijzen=True
        )
    assert Vernietigingsverzoek.objects.get(pk=verzoek.pk).status == VerzoekStatus.ONTVANGEN
    # The werkbegeleider's own weighing can clear it.
    privacy.vernietigingsverzoek_beslissen(
        verzoek_id=verzoek.pk, door=werkbegeleider, toewijzen=True, uitzonderingen=[]
    )
    assert Vernietigingsverzoek.objects.get(pk=verzoek.pk).status == VerzoekStatus.TOEGEWEZEN


@pytest.mark.django_db
def test_vernietiging_beslissen_alleen_werkbegeleider_van_het_team(
    afgesloten_dossier, onderzoeker, collega, ander_team
):
    verzoek = _verzoek(afgesloten_dossier, onderzoeker)
    werkbegeleider_elders = MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"])
    for door in (collega, werkbegeleider_elders):
        with pytest.raises(GeenToegang):
            privacy.vernietigingsverzoek_beslissen(verzoek_id=verzoek.pk, door=door, toewijzen=True)
    assert Vernietigingsverzoek.objects.get(pk=verzoek.pk).status == VerzoekStatus.ONTVANGEN


@pytest.mark.django_db
def test_vernietiging_afwijzen_vraagt_een_reden(afgesloten_dossier, onderzoeker, werkbegeleider):
    verzoek = _verzoek(afgesloten_dossier, onderzoeker)
    with pytest.raises(DomainError) as fout:
        privacy.vernietigingsverzoek_beslissen(
            verzoek_id=verzoek.pk, door=werkbegeleider, toewijzen=False, reden=" "
        )
    assert "reden" in fout.value.velden
    privacy.vernietigingsverzoek_beslissen(
        verzoek_id=verzoek.pk,
        door=werkbegeleider,
        toewijzen=False,
        reden="Lopende zaak bij de Raad.",
    )
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.AFGEWEZEN and verzoek.besloten_door == werkbegeleider
    with pytest.raises(DomainError):
        privacy.vernietigingsverzoek_uitvoeren(verzoek_id=verzoek.pk, door=werkbegeleider)
    assert Melding.objects.get(pk=afgesloten_dossier.pk).geanonimiseerd_op is None


@pytest.mark.django_db
def test_vernietigen_kan_pas_na_afsluiten(onderzoeker, collega, werkbegeleider):
    melding = _dossier(onderzoeker.team, collega, afgesloten_op=None)  # dienst in monitoring
    verzoek = _verzoek(melding, onderzoeker)
    privacy.vernietigingsverzoek_beslissen(
        verzoek_id=verzoek.pk, door=werkbegeleider, toewijzen=True
    )
    with pytest.raises(DomainError, match="pas als de melding"):
        privacy.vernietigingsverzoek_uitvoeren(verzoek_id=verzoek.pk, door=werkbegeleider)
    assert Melding.objects.get(pk=melding.pk).directbetrokkenen.count() == 2
    assert Vernietigingsverzoek.objects.get(pk=verzoek.pk).status == VerzoekStatus.TOEGEWEZEN


@pytest.mark.django_db
def test_database_weigert_toegewezen_verzoek_met_uitzondering(afgesloten_dossier, onderzoeker):
    verzoek = _verzoek(afgesloten_dossier, onderzoeker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vernietigingsverzoek.objects.filter(pk=verzoek.pk).update(
            status="toegewezen", uitzondering_lopend_onderzoek=True
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vernietigingsverzoek.objects.filter(pk=verzoek.pk).update(status="afgewezen")


# --- views ---------------------------------------------------------------------------------------


def _url(naam, melding, *args):
    return reverse(naam, args=[melding.nummer, *args])


@pytest.mark.django_db
def test_vernietigingspagina_voor_het_team_en_404_daarbuiten(
    client, afgesloten_dossier, onderzoeker, onderzoeker_ander_team, directie
):
    client.force_login(onderzoeker)
    antwoord = client.get(_url("melding_vernietiging", afgesloten_dossier))
    assert antwoord.status_code == 200
    assert "Vernietiging van het dossier" in antwoord.content.decode()
    assert AuditLog.objects.filter(actie="melding.vernietiging_inzien").exists()
    dossier = client.get(_url("melding_dossier", afgesloten_dossier)).content.decode()
    assert _url("melding_vernietiging", afgesloten_dossier) in dossier
    for buiten in (onderzoeker_ander_team, directie):
        client.force_login(buiten)
        antwoord = client.get(_url("melding_vernietiging", afgesloten_dossier))
        assert antwoord.status_code in (403, 404)
        assert "moeder" not in antwoord.content.decode()


@pytest.mark.django_db
def test_vernietiging_via_de_pagina(client, afgesloten_dossier, onderzoeker, werkbegeleider):
    melding = afgesloten_dossier
    client.force_login(onderzoeker)
    antwoord = client.post(
        _url("vernietigingsverzoek_vastleggen", melding),
        {"verzoek-verzocht_door": "", "verzoek-ontvangen_op": ""},
    )
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Vul in welke betrokkene het verzoek doet." in html
    assert not Vernietigingsverzoek.objects.exists()
    antwoord = client.post(
        _url("vernietigingsverzoek_vastleggen", melding),
        {
            "verzoek-verzocht_door": "vader",
            "verzoek-ontvangen_op": timezone.localdate().isoformat(),
        },
    )
    assert antwoord.status_code == 302
    verzoek = Vernietigingsverzoek.objects.get()
    # An onderzoeker cannot decide: the Dutch 403 page.
    antwoord = client.post(
        _url("vernietigingsverzoek_beslissen", melding, verzoek.pk),
        {"besluit-besluit": "toewijzen"},
    )
    assert antwoord.status_code == 403
    assert "werkbegeleider" in antwoord.content.decode()

    client.force_login(werkbegeleider)
    antwoord = client.post(
        _url("vernietigingsverzoek_beslissen", melding, verzoek.pk),
        {"besluit-besluit": "afwijzen", "besluit-reden": ""},
    )
    assert "Geef de reden van de afwijzing" in antwoord.content.decode()
    client.post(
        _url("vernietigingsverzoek_beslissen", melding, verzoek.pk),
        {"besluit-besluit": "toewijzen"},
    )
    antwoord = client.post(_url("vernietigingsverzoek_uitvoeren", melding, verzoek.pk), follow=True)
    assert "Dit dossier is vernietigd op" in antwoord.content.decode()
    assert Vernietigingsverzoek.objects.get().status == VerzoekStatus.UITGEVOERD
    assert not Directbetrokkene.objects.filter(melding=melding).exists()


# --- 5. Vermoeden weerlegd: destruction offered at closure ---------------------------------------


@pytest.mark.django_db
def test_vermoeden_weerlegd_alleen_als_elk_type_weerlegd_is(onderzoeker, collega):
    melding = _dossier(onderzoeker.team, collega, afgesloten_op=_nu())
    assert privacy.vermoeden_weerlegd(melding)
    dienst = melding.vervolgdienst
    Conclusie.objects.create(
        dienst=dienst,
        aanleiding="partnergeweld",
        uitkomst="bevestigd",
        toelichting="x",
        door=collega,
    )
    assert not privacy.vermoeden_weerlegd(melding)
    Conclusie.objects.filter(aanleiding="partnergeweld").delete()
    Vervolgdienst.objects.filter(pk=dienst.pk).update(status=DienstStatus.LOPEND)
    assert not privacy.vermoeden_weerlegd(melding)
    assert not privacy.vermoeden_weerlegd(MeldingFactory(team=onderzoeker.team))


@pytest.mark.django_db
def test_dienstpagina_biedt_vernietiging_aan_bij_weerlegd(
    client, onderzoeker, collega, werkbegeleider
):
    melding = _dossier(onderzoeker.team, collega, afgesloten_op=_nu())
    client.force_login(werkbegeleider)
    html = client.get(reverse("dienst_detail", args=[melding.vervolgdienst.pk])).content.decode()
    assert "Vernietiging aanbieden" in html
    assert _url("melding_vernietiging", melding) in html
    Conclusie.objects.update(uitkomst="bevestigd")
    html = client.get(reverse("dienst_detail", args=[melding.vervolgdienst.pk])).content.decode()
    assert "Vernietiging aanbieden" not in html


@pytest.mark.django_db
def test_aanbod_vastleggen_en_weigeren_zonder_weerlegd(client, onderzoeker, collega):
    melding = _dossier(onderzoeker.team, collega, afgesloten_op=_nu())
    client.force_login(onderzoeker)
    antwoord = client.post(
        _url("vernietiging_aanbieden", melding),
        {
            "aanbod-aangeboden_op": timezone.localdate().isoformat(),
            "aanbod-aangeboden_aan": "beide ouders",
        },
    )
    assert antwoord.status_code == 302
    aanbod = Vernietigingsaanbod.objects.get()
    assert (aanbod.aangeboden_aan, aanbod.vastgelegd_door) == ("beide ouders", onderzoeker)
    assert "beide ouders" in client.get(_url("melding_vernietiging", melding)).content.decode()

    Conclusie.objects.update(uitkomst="bevestigd")
    with pytest.raises(DomainError, match="vermoeden heeft weerlegd"):
        privacy.vernietiging_aanbieden(
            melding_id=melding.pk,
            door=onderzoeker,
            aangeboden_op=timezone.localdate(),
            aangeboden_aan="moeder",
        )
    assert Vernietigingsaanbod.objects.count() == 1


# --- 6. Repeat signal without identity -----------------------------------------------------------


@pytest.mark.parametrize(
    ("een", "twee"),
    [
        (("1234 ab", "12-a"), ("1234AB", "12 A")),
        (("1234ab", "12a"), (" 1234 AB ", "12 a")),
        (("2511AB", "7"), ("2511 ab", "007")),
        (("2511AB", "3/bis"), ("2511AB", "3-BIS")),
    ],
)
def test_normalisatie_maakt_dezelfde_sleutel(een, twee):
    datums = [date(2015, 1, 2), date(2012, 3, 4)]
    sleutel = privacy.herhaalsignaal_sleutel(
        postcode=een[0], huisnummer=een[1], geboortedatums=datums
    )
    assert sleutel == privacy.herhaalsignaal_sleutel(
        postcode=twee[0], huisnummer=twee[1], geboortedatums=list(reversed(datums))
    )
    assert len(sleutel) == 64


def test_normalisatie_houdt_verschillende_adressen_apart():
    def sleutel(postcode, huisnummer, datums=(date(2015, 1, 2),)):
        return privacy.herhaalsignaal_sleutel(
            postcode=postcode, huisnummer=huisnummer, geboortedatums=datums
        )

    assert sleutel("1234AB", "12-1") != sleutel("1234AB", "121")
    assert sleutel("1234AB", "12") != sleutel("1234AB", "12A")
    assert sleutel("1234AB", "12") != sleutel("1234AC", "12")
    assert sleutel("1234AB", "12") != sleutel("1234AB", "12", (date(2015, 1, 3),))
    assert sleutel("", "12") is None and sleutel("1234AB", "") is None
    assert privacy.normaliseer_postcode("1234 ab") == "1234AB"
    assert (
        privacy.normaliseer_huisnummer("12-a") == privacy.normaliseer_huisnummer("12 A") == "12-A"
    )


@pytest.mark.django_db
def test_herhaalsignaal_telt_eerdere_doorgestuurde_meldingen_zonder_identiteit(
    client, onderzoeker, gedragswetenschapper, settings
):
    eerste = _overige_zorg(onderzoeker, postcode="2511 ab", huisnummer="12-a")
    _doorsturen(eerste, gedragswetenschapper)
    opgeslagen = " ".join(str(v) for rij in OverigeZorgSignaal.objects.values_list() for v in rij)
    for leesbaar in ("2511", "12-A", "2004-05-17", GEHEIM, eerste.nummer):
        assert leesbaar.lower() not in opgeslagen.lower()
    assert {f.name for f in OverigeZorgSignaal._meta.concrete_fields} == {
        "id",
        "sleutel",
        "doorsturing",
        "ontvangen_op",
        "doorgestuurd_op",
    }

    tweede = _overige_zorg(onderzoeker, postcode="2511AB", huisnummer="12 A")
    assert set(herhaalsignaal.sleutels_voor(tweede)) == set(
        OverigeZorgSignaal.objects.values_list("sleutel", flat=True)
    )
    elders = _overige_zorg(onderzoeker, postcode="2511AB", huisnummer="14")

    Melding.objects.filter(pk=tweede.pk).update(status=S.ONTVANGEN)
    VeiligheidsbeoordelingA.objects.filter(melding=tweede).delete()
    client.force_login(onderzoeker)
    html = client.get(reverse("melding_screenen", args=[tweede.nummer])).content.decode()
    datum = f"{timezone.localtime(eerste.ontvangen_op):%d-%m-%Y}"
    assert f"1 eerdere overige-zorgmelding op dit adres (laatste op {datum})" in html

    from meldingen.selectors.privacy import herhaalsignaal_voor

    assert herhaalsignaal_voor(Melding.objects.get(pk=elders.pk)).aantal == 0
    settings.VT_HERHAALSIGNAAL_SLEUTEL = "een-nieuwe-sleutel"
    assert herhaalsignaal_voor(Melding.objects.get(pk=tweede.pk)).aantal == 0


@pytest.mark.django_db
def test_herhaalsignaal_telt_ook_bij_een_deel_van_het_huishouden(onderzoeker, gedragswetenschapper):
    """Four police reports about one address name different children: each counts the earlier
    ones (the combined key of address and all birth dates gave 0, 1, 0, 2)."""
    from meldingen.selectors.privacy import herhaalsignaal_voor

    kind_a, kind_b = date(2012, 5, 17), date(2015, 2, 3)
    tellingen = []
    for geboren in ((kind_a, kind_b), (kind_a,), (kind_b,), ()):
        melding = _overige_zorg(onderzoeker, huisnummer="12 a", geboren=geboren)
        tellingen.append(herhaalsignaal_voor(melding).aantal)
        _doorsturen(melding, gedragswetenschapper)
    assert tellingen == [0, 1, 2, 3]


@pytest.mark.django_db
def test_herhaalsignaal_telt_mee_in_de_radar_van_een_latere_melding(
    onderzoeker, gedragswetenschapper
):
    from meldingen.afwegingskader import radar

    for _ in range(2):
        _doorsturen(_overige_zorg(onderzoeker), gedragswetenschapper)
    # A later, accepted melding at the address (another child): the third about this household.
    later = _overige_zorg(onderzoeker, postcode="2511AB", huisnummer="12A", geboren=())
    uitkomst = radar(later)
    assert (uitkomst.aantal_eerdere, uitkomst.overige_zorg) == (0, 2)
    assert uitkomst.volgnummer == 3 and uitkomst.mdo_vereist


@pytest.mark.django_db
def test_oude_gecombineerde_sleutel_telt_nog_mee(onderzoeker):
    """Forwards recorded before the tokens were split hold one combined key: still counted."""
    from meldingen.selectors.privacy import herhaalsignaal_voor

    melding = _overige_zorg(onderzoeker)
    OverigeZorgSignaal.objects.create(
        sleutel=privacy.herhaalsignaal_sleutel(
            postcode="2511AB", huisnummer="12A", geboortedatums=[GEBOREN_KIND]
        ),
        ontvangen_op=_nu(),
        doorgestuurd_op=_nu(),
    )
    assert herhaalsignaal_voor(melding).aantal == 1


@pytest.mark.django_db
def test_geen_signaal_zonder_adres(onderzoeker, gedragswetenschapper):
    melding = _overige_zorg(onderzoeker, postcode="", huisnummer="")
    _doorsturen(melding, gedragswetenschapper)
    assert not OverigeZorgSignaal.objects.exists()


@pytest.mark.django_db
def test_database_weigert_een_leesbare_sleutel():
    with pytest.raises(IntegrityError), transaction.atomic():
        OverigeZorgSignaal.objects.create(
            sleutel="2511AB|12-A|2012-05-17", ontvangen_op=_nu(), doorgestuurd_op=_nu()
        )


def test_adresgegevens_bestaan_nog_voor_de_sleutel():
    """The key is built from how the intake stores an address (postcode, huisnummer)."""
    velden = set(AdresGegevens.__dataclass_fields__)
    assert {"postcode", "huisnummer"} <= velden
