"""Klachten and calamiteiten: the state machines through their services, every refusal with
nothing changed, the termijnen (with the one verlenging) and the pages' access."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from tests.factories import MedewerkerFactory, MeldingFactory, TeamFactory
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from verantwoording import klachten as services
from verantwoording.models import (
    Calamiteit,
    CalamiteitStap,
    CalamiteitStatus,
    Klacht,
    KlachtStap,
    KlachtStatus,
)

A = termijnen.TIJDZONE
# Received on Monday 2 March 2026, 10:00.
ONTVANGEN = datetime(2026, 3, 2, 10, 0, tzinfo=A)
NU = datetime(2026, 3, 10, 12, 0, tzinfo=A)


@pytest.fixture
def team(db):
    return TeamFactory(naam="Team Klacht")


@pytest.fixture
def secretariaat(team):
    return MedewerkerFactory(team=team, rollen=["secretariaat"], username="sec1")


@pytest.fixture
def regiomanager(team):
    return MedewerkerFactory(team=team, rollen=["regiomanager"], username="rm1")


@pytest.fixture
def melding(team):
    return MeldingFactory(team=team, nummer="VT-2026-000101")


def _toestand():
    return (
        tuple(Klacht.objects.order_by("pk").values_list()),
        KlachtStap.objects.count(),
        tuple(Calamiteit.objects.order_by("pk").values_list()),
        CalamiteitStap.objects.count(),
        AuditLog.objects.filter(actie__startswith="klacht.").count()
        + AuditLog.objects.filter(actie__startswith="calamiteit.").count(),
    )


def _registreer(door, **anders):
    gegevens = {
        "door": door,
        "indiener_naam": "J. de Vries",
        "indiener_relatie": "ouder",
        "omschrijving": "Ik ben niet gehoord voordat het besluit werd genomen.",
        "ontvangen_op": ONTVANGEN,
        "onderwerp": "melding",
        "melding_nummer": "VT-2026-000101",
        "nu": NU,
    }
    gegevens.update(anders)
    return services.klacht_register(**gegevens)


# --- Termijnen ------------------------------------------------------------------------------


def test_klachttermijn_zes_weken_en_een_verlenging_van_vier(settings):
    assert termijnen.termijn_klacht(ONTVANGEN) == datetime(2026, 4, 13, 23, 59, 59, tzinfo=A)
    verlengd = termijnen.verleng_termijn_klacht(termijnen.termijn_klacht(ONTVANGEN))
    assert verlengd == datetime(2026, 5, 11, 23, 59, 59, tzinfo=A)
    settings.VT_KLACHT_TERMIJN_WEKEN = 8
    assert termijnen.termijn_klacht(ONTVANGEN).date() == ONTVANGEN.date() + timedelta(weeks=8)


def test_meldtermijn_calamiteit_telt_werkdagen_over_koningsdag(db):
    # Thursday 23 April 2026: Friday 24, (Koningsdag Monday 27 skipped), Tuesday 28 → 3rd werkdag.
    kennisname = datetime(2026, 4, 23, 9, 0, tzinfo=A)
    assert termijnen.termijn_melding_calamiteit(kennisname) == datetime(
        2026, 4, 29, 23, 59, 59, tzinfo=A
    )
    gemeld = datetime(2026, 4, 29, 9, 0, tzinfo=A)
    assert termijnen.termijn_rapport_calamiteit(gemeld) == datetime(
        2026, 6, 24, 23, 59, 59, tzinfo=A
    )


# --- Klacht: happy path -----------------------------------------------------------------------


def test_klacht_van_ontvangst_tot_afgehandeld(secretariaat, melding):
    klacht = _registreer(secretariaat)
    assert klacht.nummer == "KL-2026-000001"
    assert klacht.status == KlachtStatus.ONTVANGEN
    assert klacht.team_id == melding.team_id and klacht.melding == melding
    assert klacht.termijn == termijnen.termijn_klacht(ONTVANGEN)

    kid = klacht.pk
    services.klacht_confirm_receipt(
        klacht_id=kid, door=secretariaat, op=ONTVANGEN + timedelta(days=1), nu=NU
    )
    services.klacht_record_vertrouwenspersoon(klacht_id=kid, door=secretariaat, nu=NU, op=NU)
    services.klacht_record_gesprek(
        klacht_id=kid, door=secretariaat, verslag="Gesprek met moeder.", op=NU, nu=NU
    )
    services.klacht_judge(
        klacht_id=kid,
        door=secretariaat,
        oordeel="deels_gegrond",
        onderbouwing="Wel gehoord, laat.",
        nu=NU,
        op=NU,
    )
    klacht = services.klacht_close(
        klacht_id=kid,
        door=secretariaat,
        maatregelen="Werkinstructie hoor en wederhoor.",
        nu=NU,
        op=NU,
    )
    assert klacht.status == KlachtStatus.AFGEHANDELD
    assert klacht.afgehandeld_op == NU
    assert list(klacht.stappen.order_by("pk").values_list("naar", flat=True)) == [
        "ontvangen",
        "bevestigd",
        "bevestigd",
        "gesprek",
        "beoordeeld",
        "afgehandeld",
    ]
    acties = set(AuditLog.objects.filter(object_id=klacht.nummer).values_list("actie", flat=True))
    assert acties == {
        "klacht.registreren",
        "klacht.bevestigen",
        "klacht.vertrouwenspersoon",
        "klacht.gesprek",
        "klacht.beoordelen",
        "klacht.afhandelen",
    }


def test_algemene_klacht_zonder_melding_en_ongegrond_zonder_maatregelen(regiomanager):
    klacht = _registreer(
        regiomanager, onderwerp="algemeen", melding_nummer="", vertrouwenspersoon_geinformeerd=True
    )
    assert klacht.melding is None and klacht.team_id is None
    assert klacht.vertrouwenspersoon_geinformeerd_op == ONTVANGEN
    services.klacht_confirm_receipt(klacht_id=klacht.pk, door=regiomanager, nu=NU, op=NU)
    services.klacht_judge(
        klacht_id=klacht.pk,
        door=regiomanager,
        oordeel="ongegrond",
        onderbouwing="Zie verslag.",
        nu=NU,
        op=NU,
    )
    klacht = services.klacht_close(klacht_id=klacht.pk, door=regiomanager, nu=NU, op=NU)
    assert klacht.status == KlachtStatus.AFGEHANDELD


def test_klacht_over_de_vervolgdienst_vraagt_een_dienst(secretariaat, melding):
    voor = _toestand()
    with pytest.raises(DomainError, match="geen vervolgdienst"):
        _registreer(secretariaat, onderwerp="dienst")
    assert _toestand() == voor


# --- Klacht: every refusal, nothing changed --------------------------------------------------


@pytest.mark.parametrize(
    "rol", ["onderzoeker", "werkbegeleider", "directie", "beheer", "gedragswetenschapper"]
)
def test_verkeerde_rol_mag_niet_registreren(team, melding, rol):
    door = MedewerkerFactory(team=None if rol in ("directie", "beheer") else team, rollen=[rol])
    voor = _toestand()
    with pytest.raises(GeenToegang):
        _registreer(door)
    assert _toestand() == voor


@pytest.mark.parametrize(
    ("veld", "waarde", "fout"),
    [
        ("indiener_naam", "  ", "indiener_naam"),
        ("indiener_relatie", "buurman", "indiener_relatie"),
        ("omschrijving", "", "omschrijving"),
        ("onderwerp", "iets", "onderwerp"),
        ("melding_nummer", "VT-2026-999999", "melding_nummer"),
        ("ontvangen_op", datetime(2026, 3, 11, 9, 0, tzinfo=A), "ontvangen_op"),
        ("ontvangen_op", None, "ontvangen_op"),
        ("ontvangen_op", datetime(2026, 3, 2, 9, 0), "ontvangen_op"),  # noqa: DTZ001 (naive on purpose)
    ],
)
def test_onjuiste_invoer_geeft_nederlandse_fout_en_verandert_niets(
    secretariaat, melding, veld, waarde, fout
):
    voor = _toestand()
    with pytest.raises(DomainError) as info:
        _registreer(secretariaat, **{veld: waarde})
    assert fout in info.value.velden
    assert _toestand() == voor


def test_melding_van_een_ander_team_is_onbekend(secretariaat):
    MeldingFactory(team=TeamFactory(naam="Team Elders"), nummer="VT-2026-000555")
    voor = _toestand()
    with pytest.raises(DomainError, match="geen toegang"):
        _registreer(secretariaat, melding_nummer="VT-2026-000555")
    assert _toestand() == voor


def test_verkeerde_status_geeft_duidelijke_melding(secretariaat, melding):
    klacht = _registreer(secretariaat)
    voor = _toestand()
    with pytest.raises(DomainError, match="de status is 'Ontvangen'"):
        services.klacht_record_gesprek(
            klacht_id=klacht.pk, door=secretariaat, verslag="x", nu=NU, op=NU
        )
    with pytest.raises(DomainError, match="de status is 'Ontvangen'"):
        services.klacht_close(klacht_id=klacht.pk, door=secretariaat, nu=NU, op=NU)
    assert _toestand() == voor
    services.klacht_confirm_receipt(klacht_id=klacht.pk, door=secretariaat, nu=NU, op=NU)
    voor = _toestand()
    with pytest.raises(DomainError, match="Ontvangst bevestigd"):
        services.klacht_confirm_receipt(klacht_id=klacht.pk, door=secretariaat, nu=NU, op=NU)
    assert _toestand() == voor


def test_oordeel_en_afhandeling_vragen_onderbouwing_maatregelen_en_vertrouwenspersoon(
    secretariaat, melding
):
    klacht = _registreer(secretariaat)
    services.klacht_confirm_receipt(klacht_id=klacht.pk, door=secretariaat, nu=NU, op=NU)
    voor = _toestand()
    with pytest.raises(DomainError) as info:
        services.klacht_judge(
            klacht_id=klacht.pk, door=secretariaat, oordeel="misschien", onderbouwing="", nu=NU
        )
    assert set(info.value.velden) == {"oordeel", "onderbouwing"}
    assert _toestand() == voor
    services.klacht_judge(
        klacht_id=klacht.pk,
        door=secretariaat,
        oordeel="gegrond",
        onderbouwing="Klopt.",
        nu=NU,
        op=NU,
    )
    voor = _toestand()
    with pytest.raises(DomainError, match="maatregelen"):
        services.klacht_close(klacht_id=klacht.pk, door=secretariaat, nu=NU, op=NU)
    with pytest.raises(DomainError, match="vertrouwenspersoon"):
        services.klacht_close(
            klacht_id=klacht.pk, door=secretariaat, maatregelen="Training.", nu=NU, op=NU
        )
    assert _toestand() == voor
    assert Klacht.objects.get(pk=klacht.pk).status == KlachtStatus.BEOORDEELD


def test_stap_in_de_toekomst_of_voor_de_ontvangst_kan_niet(secretariaat, melding):
    klacht = _registreer(secretariaat)
    voor = _toestand()
    with pytest.raises(DomainError, match="toekomst"):
        services.klacht_confirm_receipt(
            klacht_id=klacht.pk, door=secretariaat, nu=NU, op=NU + timedelta(days=1)
        )
    with pytest.raises(DomainError, match="vóór de ontvangst"):
        services.klacht_confirm_receipt(
            klacht_id=klacht.pk, door=secretariaat, nu=NU, op=ONTVANGEN - timedelta(hours=1)
        )
    assert _toestand() == voor


def test_andere_klachtbehandelaar_ziet_de_klacht_van_een_ander_team_niet(secretariaat, melding):
    klacht = _registreer(secretariaat)
    elders = MedewerkerFactory(team=TeamFactory(naam="Team B"), rollen=["secretariaat"])
    voor = _toestand()
    with pytest.raises(DomainError, match="bestaat niet of u heeft er geen toegang toe"):
        services.klacht_confirm_receipt(klacht_id=klacht.pk, door=elders, nu=NU)
    assert _toestand() == voor


def test_transitie_is_beschermd(secretariaat, melding):
    klacht = _registreer(secretariaat)
    with pytest.raises(AttributeError):
        klacht.status = KlachtStatus.AFGEHANDELD
    with pytest.raises(TransitionNotAllowed):
        klacht.afhandelen(NU)


# --- Verlenging -----------------------------------------------------------------------------


def test_verlenging_een_keer_met_reden_voor_het_einde(secretariaat, melding):
    klacht = _registreer(secretariaat)
    voor = _toestand()
    with pytest.raises(DomainError) as info:
        services.klacht_extend(klacht_id=klacht.pk, door=secretariaat, reden=" ", nu=NU)
    assert "reden" in info.value.velden
    assert _toestand() == voor
    klacht = services.klacht_extend(
        klacht_id=klacht.pk, door=secretariaat, reden="Indiener is op vakantie.", nu=NU
    )
    assert klacht.termijn == datetime(2026, 5, 11, 23, 59, 59, tzinfo=A)
    assert klacht.verlengd_op == NU
    voor = _toestand()
    with pytest.raises(DomainError, match="al eens verlengd"):
        services.klacht_extend(klacht_id=klacht.pk, door=secretariaat, reden="Nog eens.", nu=NU)
    assert _toestand() == voor


def test_verlengen_na_de_termijn_is_te_laat(secretariaat, melding):
    klacht = _registreer(secretariaat)
    te_laat = datetime(2026, 4, 14, 0, 0, 1, tzinfo=A)
    voor = _toestand()
    with pytest.raises(DomainError, match="al verstreken"):
        services.klacht_extend(klacht_id=klacht.pk, door=secretariaat, reden="Te druk.", nu=te_laat)
    assert _toestand() == voor


# --- Calamiteiten ---------------------------------------------------------------------------


def test_calamiteit_van_registratie_tot_afgerond(regiomanager, melding, team):
    tweede = MeldingFactory(team=team, nummer="VT-2026-000102")
    kennisname = datetime(2026, 3, 5, 9, 0, tzinfo=A)  # Thursday
    calamiteit = services.calamiteit_register(
        door=regiomanager,
        soort="calamiteit",
        omschrijving="Ernstig letsel bij een kind op de wachtlijst.",
        kennisname_op=kennisname,
        melding_nummers=["vt-2026-000101", "VT-2026-000102 "],
        nu=NU,
    )
    assert set(calamiteit.meldingen.all()) == {melding, tweede}
    assert calamiteit.termijn_melding == datetime(2026, 3, 10, 23, 59, 59, tzinfo=A)
    calamiteit = services.calamiteit_report(
        calamiteit_id=calamiteit.pk, door=regiomanager, kenmerk="IGJ-1", op=NU, nu=NU
    )
    assert calamiteit.status == CalamiteitStatus.GEMELD
    assert calamiteit.termijn_rapport == termijnen.termijn_rapport_calamiteit(NU)
    services.calamiteit_start_analysis(calamiteit_id=calamiteit.pk, door=regiomanager, nu=NU, op=NU)
    services.calamiteit_send_report(calamiteit_id=calamiteit.pk, door=regiomanager, nu=NU, op=NU)
    voor = _toestand()
    with pytest.raises(DomainError, match="verbetermaatregelen"):
        services.calamiteit_close(
            calamiteit_id=calamiteit.pk, door=regiomanager, verbetermaatregelen="", nu=NU
        )
    assert _toestand() == voor
    calamiteit = services.calamiteit_close(
        calamiteit_id=calamiteit.pk,
        door=regiomanager,
        verbetermaatregelen="Zicht-op-veiligheid wekelijks.",
        nu=NU,
        op=NU,
    )
    assert calamiteit.status == CalamiteitStatus.AFGEROND
    assert calamiteit.stappen.count() == 5


def test_calamiteit_weigeringen_veranderen_niets(regiomanager, secretariaat, melding):
    MeldingFactory(team=TeamFactory(naam="Elders"), nummer="VT-2026-000777")
    gegevens = {
        "soort": "calamiteit",
        "omschrijving": "Iets ernstigs.",
        "kennisname_op": NU,
        "melding_nummers": ["VT-2026-000101"],
        "nu": NU,
    }
    voor = _toestand()
    with pytest.raises(GeenToegang):
        services.calamiteit_register(door=secretariaat, **gegevens)
    with pytest.raises(DomainError, match="VT-2026-000777"):
        services.calamiteit_register(
            door=regiomanager, **{**gegevens, "melding_nummers": ["VT-2026-000777"]}
        )
    with pytest.raises(DomainError) as info:
        services.calamiteit_register(
            door=regiomanager, **{**gegevens, "melding_nummers": [], "soort": "x"}
        )
    assert set(info.value.velden) == {"melding_nummers", "soort"}
    assert _toestand() == voor
    calamiteit = services.calamiteit_register(door=regiomanager, **gegevens)
    voor = _toestand()
    with pytest.raises(DomainError, match="de status is"):
        services.calamiteit_send_report(calamiteit_id=calamiteit.pk, door=regiomanager, nu=NU)
    assert _toestand() == voor


# --- Pages ----------------------------------------------------------------------------------


def test_klacht_registreren_via_de_pagina(client, secretariaat, melding):
    client.force_login(secretariaat)
    antwoord = client.post(
        reverse("klacht_nieuw"),
        {
            "onderwerp": "melding",
            "melding_nummer": melding.nummer,
            "indiener_naam": "A. Jansen",
            "indiener_relatie": "directbetrokkene",
            "omschrijving": "Onheus bejegend.",
            "ontvangen_datum": timezone.localdate().isoformat(),
        },
    )
    klacht = Klacht.objects.get()
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("klacht_detail", kwargs={"nummer": klacht.nummer})
    pagina = client.get(antwoord.url)
    assert "Onheus bejegend." in pagina.content.decode()
    client.post(reverse("klacht_bevestigen", kwargs={"nummer": klacht.nummer}))
    assert Klacht.objects.get().status == KlachtStatus.BEVESTIGD


def test_pagina_weigert_slechte_invoer_met_400(client, secretariaat):
    client.force_login(secretariaat)
    antwoord = client.post(reverse("klacht_nieuw"), {"onderwerp": "melding", "melding_nummer": "X"})
    assert antwoord.status_code == 400
    assert Klacht.objects.count() == 0


def test_pagina_ander_team_404_en_verkeerde_rol_403(client, secretariaat, melding, team):
    klacht = _registreer(secretariaat)
    client.force_login(MedewerkerFactory(team=TeamFactory(naam="Team C"), rollen=["regiomanager"]))
    assert client.get(reverse("klacht_detail", kwargs={"nummer": klacht.nummer})).status_code == 404
    client.force_login(MedewerkerFactory(team=team, rollen=["onderzoeker"]))
    antwoord = client.get(reverse("klacht_detail", kwargs={"nummer": klacht.nummer}))
    assert antwoord.status_code == 403
    assert "Geen toegang" in antwoord.content.decode()
    voor = _toestand()
    assert (
        client.post(reverse("klacht_bevestigen", kwargs={"nummer": klacht.nummer})).status_code
        == 403
    )
    assert _toestand() == voor
