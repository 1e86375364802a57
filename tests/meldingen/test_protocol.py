"""Issue 12, protocol integrity: each bypass reproduced on main is refused with its Dutch reason
(from `meldingen.protocol`) and changes nothing; the same rules on the web, htmx and API channels.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from meldingen import protocol, services
from meldingen.afwegingskader import standaardregels_aanmaken
from meldingen.keuzes import MeldingStatus, TriggerSoort, Urgentie
from meldingen.models import (
    Afwegingsregel,
    Besluit,
    Consult,
    Journaalregel,
    Melding,
    MeldingAard,
    Statuswijziging,
    VeiligheidsbeoordelingB,
)
from meldingen.models.dossier import Herprioritering, UrgentieKanaal
from meldingen.services.verrijking import verrijkingstaken_aanmaken
from tests.factories import MedewerkerFactory, MeldingFactory, consult_met
from tests.meldingen.besluithulp import ONDERBOUWING, contact_vastleggen
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from wachtlijst.models import ZichtOpVeiligheid
from wachtlijst.services import zicht_op_veiligheid_vastleggen

S = MeldingStatus
REDEN = protocol.reden


def staat(melding: Melding) -> tuple:
    """Everything a refused call could have changed about `melding`."""
    m = Melding.objects.get(pk=melding.pk)
    b = VeiligheidsbeoordelingB.objects.filter(melding=m).first()
    return (
        m.status,
        m.urgentie,
        m.beoordelaar_1_id,
        m.beoordelaar_2_id,
        b.signaalcodes if b else None,
        sorted(MeldingAard.objects.filter(melding=m).values_list("aard", flat=True)),
        Besluit.objects.filter(melding=m).count(),
        Herprioritering.objects.filter(melding=m).count(),
        Statuswijziging.objects.filter(melding=m).count(),
        Journaalregel.objects.filter(melding=m).count(),
        Consult.objects.filter(melding=m).count(),
        ZichtOpVeiligheid.objects.filter(melding=m).count(),
        AuditLog.objects.count(),
    )


def weigert(aanroep, tekst: str, melding: Melding, fout=DomainError) -> DomainError:
    """Call; it must raise with `tekst` in the message and leave `melding` untouched."""
    voor = staat(melding)
    with pytest.raises(fout) as info:
        aanroep()
    assert tekst in info.value.message
    assert staat(melding) == voor
    return info.value


def vul_instrument(melding, door, **antwoorden):
    services.beoordeling_b_vastleggen(
        melding_id=melding.pk,
        door=door,
        antwoorden=dict.fromkeys(VeiligheidsbeoordelingB.VRAGEN, "nee") | antwoorden,
    )


@pytest.fixture(autouse=True)
def afwegingskader(db):
    """The default kader comes from a data migration; a flush by another test may have removed it."""
    standaardregels_aanmaken()


@pytest.fixture
def acuut(team, onderzoeker, collega):
    """Screened acuut by `onderzoeker`: B started at once with `collega`."""
    melding = MeldingFactory(team=team)
    return services.melding_screen(
        melding_id=melding.pk,
        door=onderzoeker,
        uitkomst="acuut",
        toelichting="Kind met letsel, vader dreigt.",
        tweede_id=collega.pk,
    )


@pytest.fixture
def in_beoordeling(team, onderzoeker, collega):
    return MeldingFactory(
        team=team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )


@pytest.fixture
def secretariaat(team):
    return MedewerkerFactory(team=team, rollen=["secretariaat"], username="secretariaat1")


@pytest.fixture
def vertrouwensarts(team):
    return MedewerkerFactory(team=team, rollen=["vertrouwensarts"], username="va1")


def besluit(melding, door, **kwargs):
    argumenten = {"route": "afsluiten", "onderbouwing": ONDERBOUWING} | kwargs
    return lambda: services.besluit_record(melding_id=melding.pk, door=door, **argumenten)


# --- urgentie: acuut after teruggeven and after a zicht contact --------------------------------


@pytest.mark.django_db
def test_screening_schrijft_een_herprioritering(acuut, onderzoeker):
    rij = Herprioritering.objects.get(melding=acuut)
    assert (rij.van, rij.naar, rij.kanaal, rij.door) == (
        "",
        Urgentie.ACUUT,
        UrgentieKanaal.SCREENING,
        onderzoeker,
    )
    assert protocol.is_ooit_acuut(acuut)


@pytest.mark.django_db
def test_beoordelaar_kan_acute_melding_niet_teruggeven(acuut, onderzoeker):
    weigert(
        lambda: services.melding_teruggeven(melding_id=acuut.pk, door=onderzoeker, reden="Ziek."),
        REDEN(protocol.acuut_verlagen_toegestaan),
        acuut,
    )


@pytest.mark.django_db
def test_acuut_na_teruggeven_blijft_mdo_vragen(acuut, onderzoeker, collega, werkbegeleider):
    services.melding_teruggeven(
        melding_id=acuut.pk, door=werkbegeleider, reden="Beide beoordelaars ziek."
    )
    acuut.refresh_from_db()
    assert (acuut.status, acuut.urgentie) == (S.OP_TRIAGELIJST, Urgentie.HOOG)
    rij = Herprioritering.objects.filter(melding=acuut).last()
    assert (rij.van, rij.naar, rij.kanaal, rij.door, rij.reden) == (
        Urgentie.ACUUT,
        Urgentie.HOOG,
        UrgentieKanaal.TERUGGEVEN,
        werkbegeleider,
        "Beide beoordelaars ziek.",
    )
    services.melding_pick_up(melding_id=acuut.pk, door=onderzoeker, tweede_id=collega.pk)
    vul_instrument(acuut, onderzoeker, acute_onveiligheid="ja", structurele_onveiligheid="ja")
    contact_vastleggen(acuut, onderzoeker)
    # The kader's own rule names the missing MDO …
    weigert(
        besluit(acuut, onderzoeker, route="vervolg_onderzoek"),
        "afwegingskader 'Acuut: MDO met GW of VA'",
        acuut,
    )
    # … and with that row switched off by beheer the protocol's floor still holds.
    Afwegingsregel.objects.filter(trigger_soort=TriggerSoort.URGENTIE).update(actief=False)
    weigert(
        besluit(acuut, onderzoeker, route="vervolg_onderzoek"),
        REDEN(protocol.acuut_heeft_mdo),
        acuut,
    )


@pytest.mark.django_db
def test_zicht_contact_verlaagt_acuut_niet(acuut, onderzoeker):
    weigert(
        lambda: zicht_op_veiligheid_vastleggen(
            melding_id=acuut.pk,
            door=onderzoeker,
            op=timezone.now(),
            contact_met="Moeder",
            uitkomst="Rustig thuis.",
            nieuwe_urgentie="laag",
            reden="Vader is vertrokken.",
        ),
        REDEN(protocol.acuut_verlagen_toegestaan),
        acuut,
    )


@pytest.mark.django_db
def test_zicht_contact_van_werkbegeleider_verlaagt_acuut_maar_mdo_blijft(
    acuut, onderzoeker, werkbegeleider
):
    zicht_op_veiligheid_vastleggen(
        melding_id=acuut.pk,
        door=werkbegeleider,
        op=timezone.now(),
        contact_met="Moeder",
        uitkomst="Rustig thuis.",
        nieuwe_urgentie="laag",
        reden="Vader is vertrokken, huisverbod.",
    )
    acuut.refresh_from_db()
    assert acuut.urgentie == Urgentie.LAAG
    assert Herprioritering.objects.filter(melding=acuut, kanaal=UrgentieKanaal.ZICHT).exists()
    vul_instrument(acuut, onderzoeker, acute_onveiligheid="ja", structurele_onveiligheid="ja")
    contact_vastleggen(acuut, onderzoeker)
    weigert(besluit(acuut, onderzoeker, route="vervolg_onderzoek"), "MDO", acuut)


@pytest.mark.django_db
def test_secretariaat_verlaagt_geen_urgentie(in_beoordeling, secretariaat):
    weigert(
        lambda: zicht_op_veiligheid_vastleggen(
            melding_id=in_beoordeling.pk,
            door=secretariaat,
            op=timezone.now(),
            contact_met="Moeder",
            uitkomst="Gaat goed.",
            nieuwe_urgentie="laag",
            reden="Klinkt rustig.",
        ),
        REDEN(protocol.verlagen_toegestaan),
        in_beoordeling,
    )
    weigert(
        lambda: services.melding_herprioriteren(
            melding_id=in_beoordeling.pk, door=secretariaat, urgentie="laag", reden="Rustig."
        ),
        "onderzoeker",
        in_beoordeling,
        fout=GeenToegang,
    )


@pytest.mark.django_db
def test_secretariaat_mag_urgentie_verhogen(in_beoordeling, secretariaat):
    zicht_op_veiligheid_vastleggen(
        melding_id=in_beoordeling.pk,
        door=secretariaat,
        op=timezone.now(),
        contact_met="Moeder",
        uitkomst="Vader is terug.",
        nieuwe_urgentie="hoog",
        reden="Vader is terug in huis.",
    )
    assert Melding.objects.get(pk=in_beoordeling.pk).urgentie == Urgentie.HOOG


@pytest.mark.django_db
def test_herprioriteren_rollen_en_team(acuut, onderzoeker, werkbegeleider, ander_team):
    weigert(
        lambda: services.melding_herprioriteren(
            melding_id=acuut.pk, door=onderzoeker, urgentie="hoog", reden="Crisis voorbij."
        ),
        REDEN(protocol.acuut_verlagen_toegestaan),
        acuut,
    )
    wb_ander_team = MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"])
    weigert(
        lambda: services.melding_herprioriteren(
            melding_id=acuut.pk, door=wb_ander_team, urgentie="hoog", reden="Crisis voorbij."
        ),
        "",
        acuut,
        fout=GeenToegang,
    )
    weigert(
        lambda: services.melding_herprioriteren(
            melding_id=acuut.pk, door=werkbegeleider, urgentie="hoog", reden="  "
        ),
        REDEN(protocol.herprioritering_heeft_reden),
        acuut,
    )
    services.melding_herprioriteren(
        melding_id=acuut.pk, door=werkbegeleider, urgentie="hoog", reden="Crisisdienst geweest."
    )
    acuut.refresh_from_db()
    assert acuut.urgentie == Urgentie.HOOG
    assert acuut.journaal.filter(tekst__contains="Crisisdienst geweest.").exists()
    assert AuditLog.objects.filter(actie="melding.herprioritering").exists()
    assert protocol.is_ooit_acuut(acuut)


# --- consulten ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_consult_van_2019_telt_niet(in_beoordeling, onderzoeker, vertrouwensarts):
    services.beoordeling_b_vastleggen(
        melding_id=in_beoordeling.pk, door=onderzoeker, antwoorden={}, signaalcodes=["letsel"]
    )
    oud = datetime(2019, 3, 1, 10, 0, tzinfo=UTC)
    weigert(
        lambda: services.consult_vastleggen(
            melding_id=in_beoordeling.pk,
            door=onderzoeker,
            vorm="consult",
            datum=oud,
            deelnemer_ids=[vertrouwensarts.pk],
            vraag="Letsel?",
            uitkomst="Passend bij uitleg.",
        ),
        REDEN(protocol.consult_in_looptijd),
        in_beoordeling,
    )
    # A row with that date written around the service (admin, import) does not satisfy the kader.
    consult = consult_met(in_beoordeling, vertrouwensarts)
    Consult.objects.filter(pk=consult.pk).update(datum=oud)
    vul_instrument(in_beoordeling, onderzoeker)
    contact_vastleggen(in_beoordeling, onderzoeker)
    weigert(
        besluit(in_beoordeling, onderzoeker), "'Letsel: VA voor letselbeoordeling'", in_beoordeling
    )


@pytest.mark.django_db
def test_consult_met_niet_inzetbare_deelnemer(in_beoordeling, onderzoeker, team):
    zonder_vog = MedewerkerFactory(team=team, rollen=["vertrouwensarts"], personeel=False)
    weigert(
        lambda: services.consult_vastleggen(
            melding_id=in_beoordeling.pk,
            door=onderzoeker,
            vorm="consult",
            datum=timezone.now() - timedelta(minutes=10),
            deelnemer_ids=[zonder_vog.pk],
            vraag="Letsel?",
            uitkomst="Passend bij uitleg.",
        ),
        "deelnemen aan een consult of MDO",
        in_beoordeling,
    )


# --- aard and signalen -------------------------------------------------------------------------


@pytest.mark.django_db
def test_letsel_uitvinken_vraagt_reden(in_beoordeling, onderzoeker):
    services.beoordeling_b_vastleggen(
        melding_id=in_beoordeling.pk, door=onderzoeker, antwoorden={}, signaalcodes=["letsel"]
    )
    weigert(
        lambda: services.beoordeling_b_vastleggen(
            melding_id=in_beoordeling.pk, door=onderzoeker, antwoorden={}, signaalcodes=[]
        ),
        REDEN(protocol.verwijdering_verantwoord),
        in_beoordeling,
    )
    services.beoordeling_b_vastleggen(
        melding_id=in_beoordeling.pk,
        door=onderzoeker,
        antwoorden={},
        signaalcodes=[],
        reden_wijziging="Verkeerd aangeklikt: het letsel was bij de buurman.",
    )
    assert in_beoordeling.journaal.filter(tekst__contains="Signaal verwijderd").exists()
    assert AuditLog.objects.filter(actie="melding.signaal_verwijderd").exists()


@pytest.mark.django_db
def test_aard_later_toevoegen_en_alleen_met_reden_verwijderen(in_beoordeling, onderzoeker):
    services.aarden_wijzigen(
        melding_id=in_beoordeling.pk, door=onderzoeker, aarden=["seksueel_misbruik"]
    )
    in_beoordeling.refresh_from_db()
    assert any("Seksueel misbruik" in t for t in services_kader(in_beoordeling))
    assert in_beoordeling.journaal.filter(tekst__contains="toegevoegd").exists()
    weigert(
        lambda: services.aarden_wijzigen(
            melding_id=in_beoordeling.pk, door=onderzoeker, aarden=["psychisch_geweld"]
        ),
        REDEN(protocol.verwijdering_verantwoord),
        in_beoordeling,
    )
    services.aarden_wijzigen(
        melding_id=in_beoordeling.pk,
        door=onderzoeker,
        aarden=["psychisch_geweld"],
        reden="Na gesprek met de school: geen seksueel misbruik, wel psychisch geweld.",
    )
    assert not any("Seksueel misbruik" in t for t in services_kader(in_beoordeling))
    assert AuditLog.objects.filter(actie="melding.aard_wijzigen").count() == 2


def services_kader(melding):
    from meldingen.afwegingskader import ontbrekende_consulten

    return ontbrekende_consulten(Melding.objects.get(pk=melding.pk))


@pytest.mark.django_db
def test_aard_wijzigen_rollen(in_beoordeling, secretariaat, onderzoeker_ander_team):
    for door in (secretariaat, onderzoeker_ander_team):
        weigert(
            lambda door=door: services.aarden_wijzigen(
                melding_id=in_beoordeling.pk, door=door, aarden=["psychisch_geweld"]
            ),
            "",
            in_beoordeling,
            fout=GeenToegang,
        )


# --- the besluit -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_afsluiten_met_acute_en_structurele_onveiligheid_ja(in_beoordeling, onderzoeker):
    vul_instrument(
        in_beoordeling, onderzoeker, acute_onveiligheid="ja", structurele_onveiligheid="ja"
    )
    contact_vastleggen(in_beoordeling, onderzoeker)
    weigert(
        besluit(in_beoordeling, onderzoeker),
        REDEN(protocol.besluit_past_bij_instrument),
        in_beoordeling,
    )


@pytest.mark.django_db
def test_onderbouwing_van_een_punt(in_beoordeling, onderzoeker):
    vul_instrument(in_beoordeling, onderzoeker)
    contact_vastleggen(in_beoordeling, onderzoeker)
    fout = weigert(
        besluit(in_beoordeling, onderzoeker, onderbouwing="."),
        REDEN(protocol.onderbouwing_navolgbaar),
        in_beoordeling,
    )
    assert "onderbouwing" in fout.velden


@pytest.mark.django_db
def test_besluit_zonder_activiteit_en_met_open_verrijking(in_beoordeling, onderzoeker):
    vul_instrument(in_beoordeling, onderzoeker)
    verrijkingstaken_aanmaken(in_beoordeling)
    fout = weigert(
        besluit(in_beoordeling, onderzoeker), REDEN(protocol.contact_of_reden), in_beoordeling
    )
    assert REDEN(protocol.verrijking_afgehandeld) in fout.message
    assert "Raad voor de Kinderbescherming" in fout.message


@pytest.mark.django_db
def test_besluit_met_reden_geen_contact_en_afgehandelde_verrijking(in_beoordeling, onderzoeker):
    vul_instrument(in_beoordeling, onderzoeker)
    verrijkingstaken_aanmaken(in_beoordeling)
    for taak in in_beoordeling.verrijkingstaken.all():
        services.verrijking_resultaat_vastleggen(
            taak_id=taak.pk, door=onderzoeker, status="niet_mogelijk", resultaat="Geen BSN bekend."
        )
    melding = besluit(
        in_beoordeling,
        onderzoeker,
        reden_geen_contact="Gezin onbereikbaar; melder (huisarts) blijft betrokken.",
    )()
    assert melding.status == S.BESLOTEN
    assert melding.besluit.reden_geen_contact.startswith("Gezin onbereikbaar")
    assert all(protocol.besluit_achteraf(melding).values())


@pytest.mark.django_db
def test_contactpoging_is_geen_contact(in_beoordeling, onderzoeker):
    vul_instrument(in_beoordeling, onderzoeker)
    contact_vastleggen(in_beoordeling, onderzoeker, soort="contactpoging")
    weigert(besluit(in_beoordeling, onderzoeker), REDEN(protocol.contact_of_reden), in_beoordeling)


# --- channels: web and API ---------------------------------------------------------------------


@pytest.mark.django_db
def test_web_besluit_toont_de_reden_en_wijzigt_niets(client, in_beoordeling, onderzoeker):
    vul_instrument(in_beoordeling, onderzoeker, structurele_onveiligheid="ja")
    contact_vastleggen(in_beoordeling, onderzoeker)
    client.force_login(onderzoeker)
    voor = staat(in_beoordeling)
    antwoord = client.post(
        reverse("besluit_nemen", args=[in_beoordeling.nummer]),
        {"route": "afsluiten", "onderbouwing": "."},
    )
    assert antwoord.status_code == 200
    inhoud = antwoord.content.decode()
    assert "navolgbaar" in inhoud and "geen vervolgstappen nodig" in inhoud
    # The page view itself is audited; the melding is not changed.
    assert staat(in_beoordeling)[:-1] == voor[:-1]


@pytest.mark.django_db
def test_web_herprioriteren_en_aard(client, acuut, onderzoeker, werkbegeleider):
    client.force_login(onderzoeker)
    url = reverse("melding_herprioriteren", args=[acuut.nummer])
    voor = staat(acuut)
    antwoord = client.post(url, {"urgentie-urgentie": "hoog", "urgentie-reden": "Rustig."})
    assert antwoord.status_code == 200
    assert "alleen een werkbegeleider" in antwoord.content.decode()
    assert staat(acuut)[:-1] == voor[:-1]
    client.force_login(werkbegeleider)
    antwoord = client.post(url, {"urgentie-urgentie": "hoog", "urgentie-reden": "Crisis over."})
    assert antwoord.status_code == 302
    assert Melding.objects.get(pk=acuut.pk).urgentie == Urgentie.HOOG
    antwoord = client.post(
        reverse("melding_aard_wijzigen", args=[acuut.nummer]),
        {"aard-aarden": ["lichamelijke_mishandeling"], "aard-reden": ""},
    )
    assert antwoord.status_code == 302
    assert list(acuut.aarden.values_list("aard", flat=True)) == ["lichamelijke_mishandeling"]
    pagina = client.get(reverse("beoordeling_b", args=[acuut.nummer]))
    assert "Herprioriteringen" in pagina.content.decode()


@pytest.mark.django_db
def test_api_besluit_en_herprioriteren(acuut, in_beoordeling, onderzoeker, werkbegeleider):
    api = APIClient()
    api.force_authenticate(user=onderzoeker)
    vul_instrument(in_beoordeling, onderzoeker, acute_onveiligheid="ja")
    contact_vastleggen(in_beoordeling, onderzoeker)
    voor = staat(in_beoordeling)
    antwoord = api.post(
        f"/api/v1/meldingen/{in_beoordeling.nummer}/besluit/",
        {"route": "afsluiten", "onderbouwing": "."},
        format="json",
    )
    assert antwoord.status_code == 400
    detail = str(antwoord.json())
    assert "navolgbaar" in detail and "geen vervolgstappen nodig" in detail
    assert staat(in_beoordeling)[:-1] == voor[:-1]

    voor = staat(acuut)
    antwoord = api.post(
        f"/api/v1/meldingen/{acuut.nummer}/herprioriteren/",
        {"urgentie": "laag", "reden": "Rustig."},
        format="json",
    )
    assert antwoord.status_code == 400
    assert REDEN(protocol.acuut_verlagen_toegestaan) in str(antwoord.json())
    assert staat(acuut)[:-1] == voor[:-1]
    antwoord = api.post(
        f"/api/v1/meldingen/{in_beoordeling.nummer}/triage-instrument/",
        {"signaalcodes": ["letsel"]},
        format="json",
    )
    assert antwoord.status_code == 200
    antwoord = api.post(
        f"/api/v1/meldingen/{in_beoordeling.nummer}/triage-instrument/",
        {"signaalcodes": []},
        format="json",
    )
    assert antwoord.status_code == 400
    assert "verwijderen kan alleen met een reden" in str(antwoord.json())
    antwoord = api.post(
        f"/api/v1/meldingen/{in_beoordeling.nummer}/aard/",
        {"aarden": ["psychisch_geweld"]},
        format="json",
    )
    assert antwoord.status_code == 200, antwoord.json()

    api.force_authenticate(user=werkbegeleider)
    antwoord = api.post(
        f"/api/v1/meldingen/{acuut.nummer}/herprioriteren/",
        {"urgentie": "hoog", "reden": "Crisisdienst geweest, vader uit huis."},
        format="json",
    )
    assert antwoord.status_code == 200
    assert antwoord.json()["urgentie"] == Urgentie.HOOG


@pytest.mark.django_db
def test_elke_regel_heeft_reden_en_bron():
    assert len(protocol.REGELS) >= 11
    for regel in protocol.REGELS.values():
        assert str(regel.reden).endswith(".")
        assert "DOMAIN.md" in regel.bron or "seed" in regel.bron


@pytest.mark.django_db
def test_verrijking_overslaan_vanaf_de_besluitpagina(client, in_beoordeling, onderzoeker):
    vul_instrument(in_beoordeling, onderzoeker)
    contact_vastleggen(in_beoordeling, onderzoeker)
    verrijkingstaken_aanmaken(in_beoordeling)
    client.force_login(onderzoeker)
    pagina = client.get(reverse("besluit_nemen", args=[in_beoordeling.nummer])).content.decode()
    assert "Vastleggen als niet mogelijk" in pagina
    brp = in_beoordeling.verrijkingstaken.get(bron="brp")
    url = reverse("verrijking_overslaan", args=[in_beoordeling.nummer, brp.pk])
    voor = staat(in_beoordeling)
    client.post(url, {"reden": " "})
    brp.refresh_from_db()
    assert brp.status == "open"
    assert staat(in_beoordeling)[:-1] == voor[:-1]
    for taak in in_beoordeling.verrijkingstaken.all():
        url = reverse("verrijking_overslaan", args=[in_beoordeling.nummer, taak.pk])
        assert client.post(url, {"reden": "BRP en registers onbereikbaar."}).status_code == 302
    assert protocol.verrijking_afgehandeld(melding=in_beoordeling)
    assert besluit(in_beoordeling, onderzoeker)().status == S.BESLOTEN


def test_admin_kan_niet_om_de_bewaking_heen():
    """The admin edits the afwegingskader only: no melding, urgentie, besluit, consult, aard or
    herprioritering can be changed there, and switching a kader row off leaves the acute MDO
    floor of `meldingen.protocol` standing (test_acuut_na_teruggeven_blijft_mdo_vragen)."""
    from django.contrib import admin

    from meldingen.models import Afwegingsregel as Regel

    meldingen_modellen = {m for m in admin.site._registry if m._meta.app_label == "meldingen"}
    assert meldingen_modellen == {Regel}
