"""Browser pages of the vervolgdiensten: what is shown, what is saved, what is refused (with a Dutch
message and nothing changed) and what is never leaked to another team or to directie."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diensten import services as dienst_services
from diensten.keuzes import DienstStatus
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
from meldingen.keuzes import RolInMelding
from meldingen.models import Directbetrokkene
from tests.diensten.helpers import starten_met_huisbezoek
from tests.factories import MeldingFactory, PersoonFactory, consult_met
from veiligthuis.audit import AuditLog

D = DienstStatus
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def afwegingsregels(db):
    """The default kader comes from a data migration; a flush by another test may have removed it."""
    afwegingskader.standaardregels_aanmaken()


# --- Helpers -------------------------------------------------------------------------------------


def maak_dienst(route: str, *, team, beoordelaar_1=None, beoordelaar_2=None) -> Vervolgdienst:
    """A dienst as the besluit creates it: B filled in, besluit "vervolg bij VT" recorded."""
    extra = {}
    if beoordelaar_1 is not None:
        extra = {"beoordelaar_1": beoordelaar_1, "beoordelaar_2": beoordelaar_2}
    melding = MeldingFactory(team=team, in_beoordeling=True, **extra)
    door = melding.beoordelaar_1
    melding_services.activiteit_vastleggen(
        melding_id=melding.pk,
        door=door,
        soort="huisbezoek",
        datum=timezone.now() - timedelta(minutes=30),
        met_wie="Moeder en kind",
    )
    melding_services.beoordeling_b_vastleggen(
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
    )
    melding_services.besluit_record(
        melding_id=melding.pk,
        door=door,
        route=route,
        onderbouwing="Vervolg bij Veilig Thuis nodig: de zorgen over het kind zijn niet weggenomen.",
    )
    return Vervolgdienst.objects.get(melding=melding)


def lopende_dienst(route: str, uitvoerder) -> Vervolgdienst:
    """Assigned, and started as the protocol says: the uitvoerder's huisbezoek with a parent."""
    dienst = maak_dienst(route, team=uitvoerder.team)
    dienst_services.dienst_uitvoerder_toewijzen(
        dienst_id=dienst.pk, door=uitvoerder, uitvoerder_id=uitvoerder.pk
    )
    return starten_met_huisbezoek(dienst, uitvoerder)


def vul_onderzoek(dienst: Vervolgdienst, door) -> None:
    """Meet every requirement of an Onderzoek through the services."""
    vandaag = timezone.localdate()
    for db in dienst.melding.directbetrokkenen.all():
        dienst_services.gesprek_vastleggen(
            dienst_id=dienst.pk,
            door=door,
            directbetrokkene_id=db.pk,
            datum=vandaag,
            vorm="gesprek",
        )
    vul_onderzoek_behalve_gesprekken(dienst, door)


def vul_onderzoek_behalve_gesprekken(dienst: Vervolgdienst, door) -> None:
    """The kern of an Onderzoek: informanten, hoor en wederhoor, conclusie, voorwaarde."""
    vandaag = timezone.localdate()
    for naam in ("Huisarts De Vries", "Juf Jansen"):
        dienst_services.informant_vastleggen(
            dienst_id=dienst.pk,
            door=door,
            naam=naam,
            organisatie="Professional",
            toestemming=True,
            afweging="",
            datum=vandaag,
            informatie="Zorgen bevestigd.",
        )
    dienst_services.dienst_bevindingen_vastleggen(
        dienst_id=dienst.pk, door=door, hoor_en_wederhoor="Ouders reageerden op de bevindingen."
    )
    dienst_services.conclusie_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        aanleiding="km_anders",
        uitkomst="bevestigd",
        toelichting="Blauwe plekken gezien.",
    )
    dienst_services.voorwaarde_vastleggen(
        dienst_id=dienst.pk,
        door=door,
        voorwaarde="Geen fysieke straffen meer.",
        voor_wie="Beide ouders",
        sinds=vandaag,
        hoe_gecontroleerd="Huisbezoek door het wijkteam.",
    )


def afgeronde_dienst(uitvoerder) -> Vervolgdienst:
    dienst = lopende_dienst("vervolg_onderzoek", uitvoerder)
    vul_onderzoek(dienst, uitvoerder)
    return dienst_services.dienst_afronden(dienst_id=dienst.pk, door=uitvoerder)


def dienst_in_monitoring(uitvoerder) -> Vervolgdienst:
    dienst = afgeronde_dienst(uitvoerder)
    return dienst_services.monitoring_starten(dienst_id=dienst.pk, door=uitvoerder)


def url(naam: str, dienst: Vervolgdienst, *args) -> str:
    return reverse(naam, args=[dienst.pk, *args])


def html_van(antwoord) -> str:
    return antwoord.content.decode()


def vers(dienst: Vervolgdienst) -> Vervolgdienst:
    return Vervolgdienst.objects.get(pk=dienst.pk)


def kind_van(dienst: Vervolgdienst) -> Directbetrokkene:
    return dienst.melding.directbetrokkenen.get(rol=RolInMelding.KIND)


@pytest.fixture
def ketenpartner(db):
    return Ketenpartner.objects.create(naam="Wijkteam Centrum", soort="wijkteam")


@pytest.fixture
def ingelogd(client, onderzoeker):
    client.force_login(onderzoeker)
    return client


# --- The dienst page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_dienstpagina_toont_checklist_secties_en_schrijft_audit(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    kind = kind_van(dienst)

    antwoord = ingelogd.get(url("dienst_detail", dienst))

    assert antwoord.status_code == 200
    html = html_van(antwoord)
    assert "Onderzoek bij melding " + dienst.melding.nummer in html
    assert reverse("melding_dossier", args=[dienst.melding.nummer]) in html
    for eis in (
        f"{kind.persoon} is gesproken",
        "Minstens 2 informanten (professionals) zijn bevraagd",
        "Hoor en wederhoor is vastgelegd",
        "Conclusie over &#x27;Kindermishandeling — anders&#x27;",
        "Er is minstens één veiligheidsvoorwaarde vastgelegd",
    ):
        assert eis in html, eis
    # Only a person may be passed with an afwijking: the child (the parent was visited at the
    # start); the kern of the Onderzoek has no afwijking form.
    assert html.count("<summary>Afwijking aanvragen<span") == 1
    assert html.count('action="' + url("dienst_afwijking", dienst)) == 1
    assert (
        f'Afwijking aanvragen<span class="visueel-verborgen"> — {kind.persoon} is gesproken' in html
    )
    assert "Laatste activiteit" in html
    for sectie in (
        'id="gesprekken"',
        'id="informanten"',
        'id="conclusies"',
        'id="voorwaarden"',
        'id="bevindingen"',
        'id="overdracht"',
        'id="monitoring"',
        'id="terugkoppeling"',
        'id="afsluiten"',
        'id="geschiedenis"',
    ):
        assert sectie in html, sectie
    # The gesprek select shows name, role and age today of each directbetrokkene.
    leeftijd = kind.persoon.leeftijd_op(timezone.localdate())
    assert f"{kind.persoon} — Kind in het gezin, {leeftijd} jaar" in html
    assert AuditLog.objects.filter(
        actie="dienst.inzien", medewerker=onderzoeker, details__dienst=dienst.pk
    ).exists()


@pytest.mark.django_db
def test_vv_toont_erkenning_en_geen_conclusies(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_vv", onderzoeker)
    html = html_van(ingelogd.get(url("dienst_detail", dienst)))
    assert "De erkenning van de zorgen door de directbetrokkenen is vastgelegd" in html
    assert 'id="conclusies"' not in html
    assert "Hoor en wederhoor is vastgelegd" not in html

    antwoord = ingelogd.post(
        url("dienst_bevindingen", dienst),
        {"bevindingen-erkenning_zorgen": "Moeder erkent dat de situatie thuis onveilig was."},
    )
    assert antwoord.status_code == 302
    assert vers(dienst).erkenning_zorgen == "Moeder erkent dat de situatie thuis onveilig was."


@pytest.mark.django_db
def test_uitvoerder_toewijzen_waarschuwt_bij_beoordelaar_en_starten(
    client, werkbegeleider, onderzoeker, collega
):
    dienst = maak_dienst(
        "vervolg_onderzoek", team=onderzoeker.team, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )
    client.force_login(werkbegeleider)
    html = html_van(client.get(url("dienst_detail", dienst)))
    assert "nog niet toegewezen" in html
    assert "Wijs eerst een uitvoerder toe" in html
    assert 'action="' + url("dienst_gesprek", dienst) not in html, (
        "een gesprek pas met een uitvoerder"
    )

    antwoord = client.post(
        url("dienst_uitvoerder", dienst), {"uitvoerder-uitvoerder": collega.pk}, follow=True
    )
    html = html_van(antwoord)
    assert vers(dienst).uitvoerder == collega
    assert "De uitvoerder is toegewezen." in html
    assert f"Let op: {collega} was ook beoordelaar van deze melding." in html

    assert "De dienst start met het eerste gesprek of huisbezoek van de uitvoerder" in html

    client.force_login(collega)
    antwoord = client.post(
        url("dienst_gesprek", dienst),
        {
            "gesprek-directbetrokkene": kind_van(dienst).pk,
            "gesprek-datum": timezone.localdate().isoformat(),
            "gesprek-vorm": "huisbezoek",
        },
        follow=True,
    )
    assert vers(dienst).status == D.LOPEND, (
        "het eerste huisbezoek van de uitvoerder start de dienst"
    )
    assert "Het gesprek is vastgelegd." in html_van(antwoord)
    assert DienstStatuswijziging.objects.filter(dienst=dienst, naar=D.LOPEND).exists()
    assert vers(dienst).gestart_op.date() == timezone.localdate()


@pytest.mark.django_db
def test_uitvoerder_moet_onderzoeker_zijn(client, werkbegeleider, gedragswetenschapper):
    dienst = maak_dienst("vervolg_vv", team=werkbegeleider.team)
    client.force_login(werkbegeleider)
    antwoord = client.post(
        url("dienst_uitvoerder", dienst), {"uitvoerder-uitvoerder": gedragswetenschapper.pk}
    )
    assert antwoord.status_code == 200
    assert "De uitvoerder moet een actieve onderzoeker zijn." in html_van(antwoord)
    assert vers(dienst).uitvoerder is None


@pytest.mark.django_db
def test_tijd_van_besluit_tot_start_rood_na_vijf_werkdagen(ingelogd, onderzoeker):
    dienst = maak_dienst("vervolg_vv", team=onderzoeker.team)
    Vervolgdienst.objects.filter(pk=dienst.pk).update(
        besluit_op=timezone.now() - timedelta(days=14)
    )

    html = html_van(ingelogd.get(url("dienst_detail", dienst)))
    assert 'class="wachttijd te-laat"' in html
    assert "wacht al 14 dagen" in html
    assert "niet direct gestart" in html

    lijst = html_van(ingelogd.get(reverse("dienst_lijst")))
    assert "wacht al 14 dagen" in lijst and "niet direct gestart" in lijst


@pytest.mark.django_db
def test_direct_gestart_niet_rood(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_vv", onderzoeker)
    html = html_van(ingelogd.get(url("dienst_detail", dienst)))
    assert 'class="wachttijd"' in html
    assert "0 dagen (0 werkdagen)" in html
    assert "niet direct gestart" not in html.split('data-testid="wachttijd"')[1].split("</p>")[0]


# --- Forms: happy path and Dutch refusals with nothing saved -------------------------------------


@pytest.mark.django_db
def test_gesprek_vastleggen(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    kind = kind_van(dienst)
    antwoord = ingelogd.post(
        url("dienst_gesprek", dienst),
        {
            "gesprek-directbetrokkene": kind.pk,
            "gesprek-datum": timezone.localdate().isoformat(),
            "gesprek-vorm": "huisbezoek",
            "gesprek-toelichting": "Kind gesproken op zijn kamer.",
        },
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"].endswith("#gesprekken")
    gesprek = Gesprek.objects.get(dienst=dienst, directbetrokkene=kind)
    assert gesprek.vorm == "huisbezoek" and gesprek.door == onderzoeker
    html = html_van(ingelogd.get(url("dienst_detail", dienst)))
    assert f'data-eis="gesprek:{kind.pk}"' in html
    rij = html.split(f'data-eis="gesprek:{kind.pk}"')[1].split("</li>")[0]
    assert "✓" in rij and "Voldaan:" in rij


@pytest.mark.parametrize(
    ("verschuiving", "fout"),
    [
        (timedelta(days=-3), "De datum ligt vóór de ontvangst van de melding."),
        (timedelta(days=2), "De datum ligt in de toekomst."),
    ],
)
@pytest.mark.django_db
def test_gesprek_met_onmogelijke_datum_geweigerd(ingelogd, onderzoeker, verschuiving, fout):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    antwoord = ingelogd.post(
        url("dienst_gesprek", dienst),
        {
            "gesprek-directbetrokkene": kind_van(dienst).pk,
            "gesprek-datum": (timezone.localdate() + verschuiving).isoformat(),
            "gesprek-vorm": "gesprek",
        },
    )
    assert antwoord.status_code == 200
    html = html_van(antwoord)
    veld = html.split('id="id_gesprek-datum_error"')[1].split("</ul>")[0]
    assert fout in veld, "de fout staat bij het datumveld"
    assert 'aria-invalid="true"' in html
    assert "Er is niets opgeslagen." in html
    assert Gesprek.objects.filter(dienst=dienst).count() == 1, "alleen het starthuisbezoek"


@pytest.mark.django_db
def test_gesprek_met_directbetrokkene_van_andere_melding_geweigerd(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    vreemd = MeldingFactory(team=onderzoeker.team).directbetrokkenen.get()
    antwoord = ingelogd.post(
        url("dienst_gesprek", dienst),
        {
            "gesprek-directbetrokkene": vreemd.pk,
            "gesprek-datum": timezone.localdate().isoformat(),
            "gesprek-vorm": "gesprek",
        },
    )
    assert "Kies een directbetrokkene van deze melding." in html_van(antwoord)
    assert Gesprek.objects.filter(dienst=dienst).count() == 1, "alleen het starthuisbezoek"


@pytest.mark.django_db
def test_informant_zonder_toestemming_en_zonder_afweging_geweigerd(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    gegevens = {
        "informant-naam": "Dr. Bakker",
        "informant-organisatie": "Huisarts",
        "informant-datum": timezone.localdate().isoformat(),
        "informant-informatie": "Kent het gezin al jaren.",
    }
    antwoord = ingelogd.post(url("dienst_informant", dienst), gegevens)
    assert antwoord.status_code == 200
    html = html_van(antwoord)
    veld = html.split('id="id_informant-afweging_error"')[1].split("</ul>")[0]
    assert "Zonder toestemming is een vastgelegde afweging verplicht." in veld
    assert not Informant.objects.exists()

    gegevens["informant-afweging"] = "Acute zorgen om het kind wegen zwaarder dan de privacy."
    assert ingelogd.post(url("dienst_informant", dienst), gegevens).status_code == 302
    informant = Informant.objects.get()
    assert informant.toestemming is False and informant.afweging.startswith("Acute zorgen")

    gegevens = {**gegevens, "informant-toestemming": "on", "informant-afweging": ""}
    assert ingelogd.post(url("dienst_informant", dienst), gegevens).status_code == 302
    assert Informant.objects.filter(toestemming=True).count() == 1


@pytest.mark.django_db
def test_conclusie_voor_type_geweld_dat_de_melding_niet_heeft_geweigerd(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    html = html_van(ingelogd.get(url("dienst_detail", dienst)))
    keuzes = html.split('name="conclusie-aanleiding"')[1].split("</select>")[0]
    assert 'value="km_anders"' in keuzes and 'value="partnergeweld"' not in keuzes

    antwoord = ingelogd.post(
        url("dienst_conclusie", dienst),
        {
            "conclusie-aanleiding": "partnergeweld",
            "conclusie-uitkomst": "bevestigd",
            "conclusie-toelichting": "Geweld tussen de ouders gezien.",
        },
    )
    assert antwoord.status_code == 200
    veld = html_van(antwoord).split('id="id_conclusie-aanleiding_error"')[1].split("</ul>")[0]
    assert "Deze melding gaat niet over dit type geweld." in veld
    assert not Conclusie.objects.exists()

    antwoord = ingelogd.post(
        url("dienst_conclusie", dienst),
        {
            "conclusie-aanleiding": "km_anders",
            "conclusie-uitkomst": "voortijdig_afgesloten",
            "conclusie-reden_voortijdig": "verhuisd",
            "conclusie-toelichting": "Gezin verhuisd naar Groningen.",
        },
    )
    assert antwoord.status_code == 302
    conclusie = Conclusie.objects.get()
    assert (conclusie.uitkomst, conclusie.reden_voortijdig) == ("voortijdig_afgesloten", "verhuisd")
    assert "Voortijdig afgesloten — Verhuisd naar een andere regio" in html_van(
        ingelogd.get(url("dienst_detail", dienst))
    )


@pytest.mark.django_db
def test_voorwaarde_en_bevindingen_onderzoek(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    antwoord = ingelogd.post(
        url("dienst_voorwaarde", dienst),
        {
            "voorwaarde-voorwaarde": "Vader woont tijdelijk elders.",
            "voorwaarde-voor_wie": "Vader",
            "voorwaarde-sinds": timezone.localdate().isoformat(),
            "voorwaarde-hoe_gecontroleerd": "Wekelijks contact met moeder.",
        },
    )
    assert antwoord.status_code == 302
    assert Veiligheidsvoorwaarde.objects.get().voor_wie == "Vader"

    leeg = ingelogd.post(
        url("dienst_voorwaarde", dienst),
        {"voorwaarde-voor_wie": "Moeder", "voorwaarde-sinds": timezone.localdate().isoformat()},
    )
    veld = html_van(leeg).split('id="id_voorwaarde-voorwaarde_error"')[1].split("</ul>")[0]
    assert "Beschrijf de voorwaarde." in veld
    assert Veiligheidsvoorwaarde.objects.count() == 1

    antwoord = ingelogd.post(
        url("dienst_bevindingen", dienst),
        {
            "bevindingen-hoor_en_wederhoor": "Ouders herkennen de zorgen deels.",
            "bevindingen-verzoek_raad": "on",
        },
    )
    assert antwoord.status_code == 302
    dienst = vers(dienst)
    assert dienst.hoor_en_wederhoor == "Ouders herkennen de zorgen deels."
    assert dienst.verzoek_raad and not dienst.melding_politie


# --- Afronden with afwijkingen -------------------------------------------------------------------


@pytest.mark.django_db
def test_afronden_geweigerd_dan_afwijkingen_goedgekeurd_dan_afgerond(
    client, onderzoeker, werkbegeleider
):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    kind = kind_van(dienst)
    client.force_login(onderzoeker)

    antwoord = client.post(url("dienst_afronden", dienst))
    assert antwoord.status_code == 200
    html = html_van(antwoord)
    fout = html.split('data-testid="fout"')[1].split("</div>")[0]
    assert "De dienst kan nog niet worden afgerond." in fout
    for eis in (
        f"{kind.persoon} is gesproken",
        "Minstens 2 informanten",
        "Hoor en wederhoor is vastgelegd",
        "Conclusie over",
        "veiligheidsvoorwaarde",
    ):
        assert eis in fout, eis
    assert vers(dienst).status == D.LOPEND

    # The kern of the Onderzoek cannot be passed with an afwijking (DOMAIN §11).
    for eis in ("voorwaarden", "informanten", "hoor_en_wederhoor", "conclusie:km_anders"):
        antwoord = client.post(
            url("dienst_afwijking", dienst),
            {"afwijking-eis": eis, "afwijking-reden": "Gezin onbereikbaar ondanks vijf pogingen."},
        )
        assert antwoord.status_code == 200, eis
        assert "Deze eis hoort bij de kern van de dienst en moet worden vervuld." in html_van(
            antwoord
        )
    assert not Afwijking.objects.exists()

    antwoord = client.post(
        url("dienst_afwijking", dienst),
        {
            "afwijking-eis": f"gesprek:{kind.pk}",
            "afwijking-reden": "Het kind wilde niet praten en is alleen gezien.",
        },
    )
    assert antwoord.status_code == 302
    assert Afwijking.objects.filter(dienst=dienst, goedgekeurd_door=None).count() == 1
    html = html_van(client.get(url("dienst_detail", dienst)))
    assert "wacht op goedkeuring door een werkbegeleider" in html
    assert "Goedkeuren" not in html, "een onderzoeker keurt geen afwijkingen goed"

    nog_steeds = client.post(url("dienst_afronden", dienst))
    assert "De dienst kan nog niet worden afgerond." in html_van(nog_steeds)
    assert vers(dienst).status == D.LOPEND

    client.force_login(werkbegeleider)
    html = html_van(client.get(url("dienst_detail", dienst)))
    assert html.count(">Goedkeuren<") == 1
    afwijking = Afwijking.objects.get(dienst=dienst)
    antwoord = client.post(url("dienst_afwijking_goedkeuren", dienst, afwijking.pk))
    assert antwoord.status_code == 302
    html = html_van(client.get(url("dienst_detail", dienst)))
    assert f"Afwijking goedgekeurd door {werkbegeleider}" in html

    client.force_login(onderzoeker)
    antwoord = client.post(url("dienst_afronden", dienst))
    fout = html_van(antwoord).split('data-testid="fout"')[1].split("</div>")[0]
    assert f"{kind.persoon} is gesproken" not in fout, "het kind is gedekt door de afwijking"
    assert "Minstens 2 informanten" in fout, "de kern nog niet"
    vul_onderzoek_behalve_gesprekken(dienst, onderzoeker)
    antwoord = client.post(url("dienst_afronden", dienst), follow=True)
    assert vers(dienst).status == D.AFGEROND
    assert "De dienst is afgerond." in html_van(antwoord)


@pytest.mark.django_db
def test_afwijking_zonder_reden_en_goedkeuren_van_eigen_aanvraag_geweigerd(
    client, werkbegeleider, onderzoeker
):
    dienst = lopende_dienst("vervolg_vv", onderzoeker)
    kind = kind_van(dienst)
    eis = f"gesprek:{kind.pk}"
    client.force_login(werkbegeleider)
    antwoord = client.post(url("dienst_afwijking", dienst), {"afwijking-eis": eis})
    html = html_van(antwoord)
    assert "Geef de reden van de afwijking." in html
    assert f'id="id_afwijking-gesprek-{kind.pk}_afwijking-reden_error"' in html, (
        "de fout staat bij het juiste formulier"
    )
    assert not Afwijking.objects.exists()

    client.post(
        url("dienst_afwijking", dienst),
        {"afwijking-eis": eis, "afwijking-reden": "Het kind wilde niet praten."},
    )
    afwijking = Afwijking.objects.get()
    html = html_van(client.get(url("dienst_detail", dienst)))
    assert "Een andere werkbegeleider keurt uw eigen aanvraag goed." in html

    antwoord = client.post(url("dienst_afwijking_goedkeuren", dienst, afwijking.pk))
    assert "Een afwijking wordt goedgekeurd door een ander dan de aanvrager." in html_van(antwoord)
    afwijking.refresh_from_db()
    assert afwijking.goedgekeurd_door is None


@pytest.mark.django_db
def test_afwijking_van_andere_dienst_is_404(client, werkbegeleider, onderzoeker):
    dienst = lopende_dienst("vervolg_vv", onderzoeker)
    andere = lopende_dienst("vervolg_vv", onderzoeker)
    afwijking = dienst_services.afwijking_aanvragen(
        dienst_id=andere.pk,
        door=onderzoeker,
        eis=f"gesprek:{kind_van(andere).pk}",
        reden="Geen contact.",
    )
    client.force_login(werkbegeleider)
    assert client.post(url("dienst_afwijking_goedkeuren", dienst, afwijking.pk)).status_code == 404
    afwijking.refresh_from_db()
    assert afwijking.goedgekeurd_door is None


# --- Overdracht ----------------------------------------------------------------------------------


def afspraak(index: int, wat: str, *, uiterlijk: str | None = None) -> dict:
    return {
        "rijen": str(index),
        f"afspraak-{index}-wat": wat,
        f"afspraak-{index}-wie": "Moeder en het wijkteam",
        f"afspraak-{index}-uiterlijk": uiterlijk
        if uiterlijk is not None
        else (timezone.localdate() + timedelta(days=30)).isoformat(),
        f"afspraak-{index}-hoe_gecontroleerd": "Wijkteam belt Veilig Thuis na elk huisbezoek.",
    }


def overdracht_post(ketenpartner, *rijen: dict, **extra) -> dict:
    data: dict = {"ketenpartner": ketenpartner.pk, "contactpersoon": "Mevr. Smit", **extra}
    data["rijen"] = [r["rijen"] for r in rijen]
    for r in rijen:
        data.update({k: v for k, v in r.items() if k != "rijen"})
    return data


@pytest.mark.django_db
def test_overdracht_met_htmx_rijen_en_brief_met_precies_die_afspraken(
    ingelogd, onderzoeker, ketenpartner
):
    dienst = afgeronde_dienst(onderzoeker)
    html = html_van(ingelogd.get(url("dienst_detail", dienst)))
    assert url("dienst_overdracht", dienst) in html

    pagina = html_van(ingelogd.get(url("dienst_overdracht", dienst)))
    assert 'name="afspraak-0-wat"' in pagina and 'name="afspraak-1-wat"' not in pagina
    assert 'id="volgende-afspraak" name="index" value="1"' in pagina
    assert "Wijkteam Centrum" in pagina

    rij = html_van(ingelogd.get(url("dienst_overdracht", dienst), {"index": "1"}, **HTMX))
    assert 'name="afspraak-1-wat"' in rij and 'name="rijen" value="1"' in rij
    assert 'hx-swap-oob="true"' in rij and 'value="2"' in rij
    assert "<html" not in rij, "alleen de rij, geen hele pagina"
    assert ingelogd.get(url("dienst_overdracht", dienst), {"index": "x"}, **HTMX).status_code == 400

    # Row 1 was added and removed again in the browser: only rows 0 and 2 are posted.
    antwoord = ingelogd.post(
        url("dienst_overdracht", dienst),
        overdracht_post(
            ketenpartner,
            afspraak(0, "Moeder meldt zich aan bij het opvoedspreekuur."),
            afspraak(2, "Vader volgt de training agressieregulatie."),
            actie="opslaan",
        ),
    )
    assert antwoord.status_code == 302
    dienst = vers(dienst)
    assert dienst.status == D.OVERDRACHT
    assert Veiligheidsafspraak.objects.filter(overdracht__dienst=dienst).count() == 2

    brief = html_van(ingelogd.get(url("dienst_overdrachtsbrief", dienst)))
    artikel = brief.split("<article")[1].split("</article>")[0]
    assert artikel.count('<tr class="afspraak">') == 2
    assert "Moeder meldt zich aan bij het opvoedspreekuur." in artikel
    assert "Vader volgt de training agressieregulatie." in artikel
    assert "Wijkteam Centrum" in artikel and dienst.melding.nummer in artikel
    assert "Geen fysieke straffen meer." in artikel, "de veiligheidsvoorwaarden staan erin"
    for formulierdeel in ("<form", "<input", "<textarea", "<select", "wachtlijst", "rijen"):
        assert formulierdeel not in artikel, formulierdeel
    assert str(kind_van(dienst).persoon) not in brief, "geen namen van directbetrokkenen"
    assert 'class="brief-acties niet-printen"' in brief
    assert AuditLog.objects.filter(actie="dienst.overdrachtsbrief").exists()


@pytest.mark.django_db
def test_overdracht_afspraak_zonder_uiterlijk_niets_opgeslagen(ingelogd, onderzoeker, ketenpartner):
    dienst = afgeronde_dienst(onderzoeker)
    antwoord = ingelogd.post(
        url("dienst_overdracht", dienst),
        overdracht_post(
            ketenpartner,
            afspraak(0, "Moeder meldt zich aan bij het opvoedspreekuur."),
            afspraak(3, "Vader volgt een training.", uiterlijk=""),
        ),
    )
    assert antwoord.status_code == 200
    html = html_van(antwoord)
    assert "Er is niets opgeslagen." in html
    veld = html.split('id="id_afspraak-3-uiterlijk_error"')[1].split("</ul>")[0]
    assert "Vul in wanneer dit uiterlijk geregeld is." in veld
    assert 'id="id_afspraak-0-uiterlijk_error"' not in html, "de goede rij heeft geen fout"
    # Both rows come back as typed.
    assert "Moeder meldt zich aan bij het opvoedspreekuur." in html
    assert "Vader volgt een training." in html
    assert not Overdracht.objects.exists() and not Veiligheidsafspraak.objects.exists()
    assert vers(dienst).status == D.AFGEROND


@pytest.mark.django_db
def test_overdracht_zonder_rijen_of_ketenpartner_geweigerd(ingelogd, onderzoeker, ketenpartner):
    dienst = afgeronde_dienst(onderzoeker)
    antwoord = ingelogd.post(url("dienst_overdracht", dienst), {"ketenpartner": ketenpartner.pk})
    assert "Leg minstens één concrete veiligheidsafspraak vast." in html_van(antwoord)
    antwoord = ingelogd.post(
        url("dienst_overdracht", dienst),
        overdracht_post(ketenpartner, afspraak(0, "Iets")) | {"ketenpartner": ""},
    )
    assert "Kies een ketenpartner." in html_van(antwoord)
    assert not Overdracht.objects.exists()


@pytest.mark.django_db
def test_overdracht_zonder_javascript_rij_toevoegen(ingelogd, onderzoeker, ketenpartner):
    dienst = afgeronde_dienst(onderzoeker)
    antwoord = ingelogd.post(
        url("dienst_overdracht", dienst),
        overdracht_post(ketenpartner, afspraak(0, "Eerste afspraak"), actie="rij_toevoegen"),
    )
    html = html_van(antwoord)
    assert 'name="afspraak-1-wat"' in html
    assert "Eerste afspraak" in html
    assert "Er is niets opgeslagen." not in html
    assert not Overdracht.objects.exists()


@pytest.mark.django_db
def test_wachtlijst_zet_dienst_op_ketenpartner_en_daarna_gestart(
    ingelogd, onderzoeker, ketenpartner
):
    dienst = afgeronde_dienst(onderzoeker)
    antwoord = ingelogd.post(
        url("dienst_overdracht", dienst),
        overdracht_post(ketenpartner, afspraak(0, "Moeder belt wekelijks"), wachtlijst="on"),
        follow=True,
    )
    assert vers(dienst).status == D.OP_KETENPARTNER
    html = html_van(antwoord)
    assert "Wacht op de ketenpartner." in html
    assert url("dienst_ketenpartner_gestart", dienst) in html

    ingelogd.post(url("dienst_ketenpartner_gestart", dienst))
    assert vers(dienst).status == D.OVERDRACHT


# --- Monitoring, terugkoppeling, afsluiten -------------------------------------------------------


@pytest.mark.django_db
def test_monitoring_starten_plant_momenten(ingelogd, onderzoeker):
    dienst = afgeronde_dienst(onderzoeker)
    antwoord = ingelogd.post(url("dienst_monitoring_starten", dienst), {}, follow=True)
    assert vers(dienst).status == D.MONITORING
    momenten = list(Monitoringsmoment.objects.filter(dienst=dienst))
    assert len(momenten) == len(settings.VT_MONITORING_MAANDEN)
    html = html_van(antwoord)
    for moment in momenten:
        assert f"{moment.gepland_op:%d-%m-%Y}" in html
    assert "Monitoring van" not in html, "nog geen moment aan de beurt"


@pytest.mark.django_db
def test_mislukt_monitoringsmoment_linkt_de_nieuwe_melding(ingelogd, onderzoeker):
    dienst = dienst_in_monitoring(onderzoeker)
    moment = dienst.monitoringsmomenten.order_by("gepland_op").first()
    Monitoringsmoment.objects.filter(pk=moment.pk).update(
        gepland_op=timezone.localdate() - timedelta(days=1)
    )
    html = html_van(ingelogd.get(url("dienst_detail", dienst)))
    assert html.count('action="' + url("dienst_monitoringsmoment", dienst, moment.pk)) == 1

    leeg = ingelogd.post(
        url("dienst_monitoringsmoment", dienst, moment.pk),
        {f"moment-{moment.pk}-toelichting": "Niemand thuis."},
    )
    assert "Kies ja of nee." in html_van(leeg)
    moment.refresh_from_db()
    assert moment.uitgevoerd_op is None

    antwoord = ingelogd.post(
        url("dienst_monitoringsmoment", dienst, moment.pk),
        {
            f"moment-{moment.pk}-voorwaarden_nagekomen": "nee",
            f"moment-{moment.pk}-veilig": "nee",
            f"moment-{moment.pk}-toelichting": "Vader is weer thuis, politie was er vorige week.",
        },
        follow=True,
    )
    moment.refresh_from_db()
    assert moment.nieuwe_melding is not None
    nieuw = moment.nieuwe_melding
    assert nieuw.kanaal == "monitoring" and nieuw.status == "ontvangen"
    html = html_van(antwoord)
    assert reverse("melding_dossier", args=[nieuw.nummer]) in html
    assert f"nieuwe melding {nieuw.nummer} is aangemaakt" in html


@pytest.mark.django_db
def test_monitoringsmoment_van_andere_dienst_is_404(ingelogd, onderzoeker):
    dienst = dienst_in_monitoring(onderzoeker)
    ander = dienst_in_monitoring(onderzoeker)
    moment = ander.monitoringsmomenten.first()
    antwoord = ingelogd.post(
        url("dienst_monitoringsmoment", dienst, moment.pk),
        {f"moment-{moment.pk}-voorwaarden_nagekomen": "ja", f"moment-{moment.pk}-veilig": "ja"},
    )
    assert antwoord.status_code == 404


def alle_momenten_vastleggen(dienst, door) -> None:
    for moment in dienst.monitoringsmomenten.all():
        dienst_services.monitoringsmoment_vastleggen(
            moment_id=moment.pk,
            door=door,
            voorwaarden_nagekomen=True,
            veilig=True,
            toelichting="Alles in orde.",
        )


@pytest.mark.django_db
def test_afsluiten_geweigerd_zonder_terugkoppeling_na_dienst_daarna_toegestaan(
    ingelogd, onderzoeker
):
    dienst = dienst_in_monitoring(onderzoeker)
    alle_momenten_vastleggen(dienst, onderzoeker)
    vandaag = timezone.localdate().isoformat()

    antwoord = ingelogd.post(
        url("dienst_afsluiten", dienst),
        {"afsluiten-afsluitbrief_op": vandaag, "afsluiten-ervaringsonderzoek": "on"},
    )
    assert antwoord.status_code == 200
    html = html_van(antwoord)
    assert "De dienst kan nog niet worden afgesloten." in html
    assert "terugkoppeling aan de melder na de dienst" in html
    assert vers(dienst).status == D.MONITORING

    terug = reverse("melding_terugkoppeling", args=[dienst.melding.nummer])
    assert terug in html
    pagina = html_van(ingelogd.get(terug))
    assert "Nog geen terugkoppeling vastgelegd." in pagina
    antwoord = ingelogd.post(
        terug,
        {
            "moment": "na_dienst",
            "wijze": "telefonisch",
            "op": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "toelichting": "Melder weet dat het wijkteam de hulp voortzet.",
        },
        follow=True,
    )
    assert "De terugkoppeling aan de melder is vastgelegd." in html_van(antwoord)
    assert Terugkoppeling.objects.filter(melding=dienst.melding, moment="na_dienst").exists()

    antwoord = ingelogd.post(
        url("dienst_afsluiten", dienst),
        {"afsluiten-afsluitbrief_op": vandaag, "afsluiten-ervaringsonderzoek": "on"},
    )
    assert antwoord.status_code == 302
    dienst = vers(dienst)
    assert dienst.status == D.AFGESLOTEN and dienst.ervaringsonderzoek

    brief = html_van(ingelogd.get(url("dienst_afsluitbrief", dienst)))
    assert 'data-testid="ervaringsonderzoek"' in brief
    assert "ervaringsonderzoek" in brief


@pytest.mark.django_db
def test_afsluitbrief_zonder_uitnodiging_bij_contra_indicatie(ingelogd, onderzoeker):
    dienst = dienst_in_monitoring(onderzoeker)
    alle_momenten_vastleggen(dienst, onderzoeker)
    dienst_services.terugkoppeling_vastleggen(
        melding_id=dienst.melding_id,
        door=onderzoeker,
        moment="na_dienst",
        wijze="brief",
        op=timezone.now(),
    )
    zonder = ingelogd.post(
        url("dienst_afsluiten", dienst),
        {"afsluiten-afsluitbrief_op": timezone.localdate().isoformat()},
    )
    assert "de contra-indicatie voor het ervaringsonderzoek" in html_van(zonder)
    assert vers(dienst).status == D.MONITORING

    ingelogd.post(
        url("dienst_afsluiten", dienst),
        {
            "afsluiten-afsluitbrief_op": timezone.localdate().isoformat(),
            "afsluiten-contra_indicatie": "Lopende strafzaak; contact kan escaleren.",
        },
    )
    dienst = vers(dienst)
    assert dienst.status == D.AFGESLOTEN and not dienst.ervaringsonderzoek
    brief = html_van(ingelogd.get(url("dienst_afsluitbrief", dienst)))
    assert 'data-testid="ervaringsonderzoek"' not in brief
    assert "Afsluiting van de dienst Onderzoek" in brief


@pytest.mark.django_db
def test_terugkoppeling_toekomst_geweigerd_en_geen_besluit(ingelogd, onderzoeker):
    dienst = maak_dienst("vervolg_vv", team=onderzoeker.team)
    terug = reverse("melding_terugkoppeling", args=[dienst.melding.nummer])
    antwoord = ingelogd.post(
        terug,
        {
            "moment": "na_beoordeling",
            "wijze": "telefonisch",
            "op": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    veld = html_van(antwoord).split('id="id_op_error"')[1].split("</ul>")[0]
    assert "Vul een moment in dat niet in de toekomst ligt." in veld
    assert not Terugkoppeling.objects.exists()

    zonder_besluit = MeldingFactory(team=onderzoeker.team, in_beoordeling=True)
    pagina = html_van(ingelogd.get(reverse("melding_terugkoppeling", args=[zonder_besluit.nummer])))
    assert "er is nog geen besluit" in pagina
    assert (
        'action="' + reverse("melding_terugkoppeling", args=[zonder_besluit.nummer]) not in pagina
    )


@pytest.mark.django_db
def test_dossier_linkt_naar_dienst_en_terugkoppeling(ingelogd, onderzoeker):
    dienst = maak_dienst("vervolg_onderzoek", team=onderzoeker.team)
    html = html_van(ingelogd.get(reverse("melding_dossier", args=[dienst.melding.nummer])))
    assert url("dienst_detail", dienst) in html
    assert reverse("melding_terugkoppeling", args=[dienst.melding.nummer]) in html


@pytest.mark.django_db
def test_stoppen_met_reden(ingelogd, onderzoeker):
    dienst = lopende_dienst("vervolg_vv", onderzoeker)
    zonder = ingelogd.post(url("dienst_stoppen", dienst), {"stoppen-reden": " "})
    assert "Geef de reden van het stoppen." in html_van(zonder)
    assert vers(dienst).status == D.LOPEND

    antwoord = ingelogd.post(
        url("dienst_stoppen", dienst),
        {"stoppen-reden": "Gezin verhuisd naar Groningen."},
        follow=True,
    )
    assert vers(dienst).status == D.GESTOPT
    assert "Gezin verhuisd naar Groningen." in html_van(antwoord)


# --- Scope, roles and stale forms ----------------------------------------------------------------


@pytest.mark.django_db
def test_ander_team_krijgt_404_zonder_namen(client, onderzoeker, onderzoeker_ander_team):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    naam = str(kind_van(dienst).persoon)
    client.force_login(onderzoeker_ander_team)
    for antwoord in (
        client.get(url("dienst_detail", dienst)),
        client.get(url("dienst_overdracht", dienst)),
        client.get(url("dienst_afsluitbrief", dienst)),
        client.post(url("dienst_afronden", dienst)),
        client.post(url("dienst_stoppen", dienst), {"stoppen-reden": "x"}),
        client.get(reverse("melding_terugkoppeling", args=[dienst.melding.nummer])),
    ):
        assert antwoord.status_code == 404
        html = html_van(antwoord)
        assert naam not in html and dienst.melding.nummer not in html
    assert dienst.melding.nummer not in html_van(client.get(reverse("dienst_lijst")))
    assert vers(dienst).status == D.LOPEND


@pytest.mark.parametrize("rol", ["directie", "beheer"])
@pytest.mark.django_db
def test_directie_en_beheer_zien_geen_dienst(client, onderzoeker, rol, request):
    dienst = lopende_dienst("vervolg_vv", onderzoeker)
    client.force_login(request.getfixturevalue(rol))
    antwoord = client.get(url("dienst_detail", dienst))
    # No case role at all: refused (403) before the dienst is looked up.
    assert antwoord.status_code == 403
    assert str(kind_van(dienst).persoon) not in html_van(antwoord)
    assert client.get(url("dienst_overdrachtsbrief", dienst)).status_code == 403
    assert client.get(reverse("dienst_lijst")).status_code == 403


@pytest.mark.django_db
def test_uitvoerder_uit_ander_team_ziet_de_dienst(client, onderzoeker, onderzoeker_ander_team):
    dienst = maak_dienst("vervolg_vv", team=onderzoeker.team)
    Vervolgdienst.objects.filter(pk=dienst.pk).update(uitvoerder=onderzoeker_ander_team)
    client.force_login(onderzoeker_ander_team)
    assert client.get(url("dienst_detail", dienst)).status_code == 200


@pytest.mark.django_db
def test_gedragswetenschapper_mag_niet_afronden(client, onderzoeker, gedragswetenschapper):
    dienst = lopende_dienst("vervolg_onderzoek", onderzoeker)
    vul_onderzoek(dienst, onderzoeker)
    consult_met(dienst.melding, gedragswetenschapper)  # a GW sees the cases it is consulted on
    client.force_login(gedragswetenschapper)
    html = html_van(client.get(url("dienst_detail", dienst)))
    assert url("dienst_afronden", dienst) not in html, "geen knop voor wie niet mag"

    antwoord = client.post(url("dienst_afronden", dienst))
    assert antwoord.status_code == 403
    assert "Alleen de uitvoerder of een werkbegeleider van het team" in html_van(antwoord)
    assert vers(dienst).status == D.LOPEND


@pytest.mark.django_db
def test_verouderd_formulier_geeft_nederlandse_melding(ingelogd, onderzoeker):
    dienst = afgeronde_dienst(onderzoeker)
    # A form opened while the dienst was still running is sent after it was afgerond.
    antwoord = ingelogd.post(
        url("dienst_gesprek", dienst),
        {
            "gesprek-directbetrokkene": kind_van(dienst).pk,
            "gesprek-datum": timezone.localdate().isoformat(),
            "gesprek-vorm": "gesprek",
        },
    )
    assert antwoord.status_code == 200
    html = html_van(antwoord)
    assert "Een gesprek vastleggen kan alleen zolang de dienst loopt (nu: afgerond)." in html
    # the start huisbezoek with the parent and vul_onderzoek's gesprek with each betrokkene
    assert Gesprek.objects.filter(dienst=dienst).count() == 3

    # The start button is gone: a dienst starts with a gesprek, so an old form finds nothing.
    dubbel = ingelogd.post(f"/diensten/{dienst.pk}/starten/")
    assert dubbel.status_code == 404
    assert vers(dienst).status == D.AFGEROND


# --- The list ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dienstlijst_termijnen_filters_en_team(ingelogd, onderzoeker, onderzoeker_ander_team):
    op_tijd = maak_dienst("vervolg_vv", team=onderzoeker.team)
    dreigend = maak_dienst("vervolg_onderzoek", team=onderzoeker.team)
    overschreden = lopende_dienst("vervolg_onderzoek", onderzoeker)
    anders = maak_dienst("vervolg_vv", team=onderzoeker_ander_team.team)
    nu = timezone.now()
    Vervolgdienst.objects.filter(pk=dreigend.pk).update(termijn=nu + timedelta(days=5))
    Vervolgdienst.objects.filter(pk=overschreden.pk).update(termijn=nu - timedelta(days=3))

    html = html_van(ingelogd.get(reverse("dienst_lijst")))
    assert "3 diensten" in html
    assert anders.melding.nummer not in html
    rijen = html.split("<tbody>")[1]
    # Open ones by termijn: overschreden first.
    assert (
        rijen.index(overschreden.melding.nummer)
        < rijen.index(dreigend.melding.nummer)
        < rijen.index(op_tijd.melding.nummer)
    )
    assert "overschreden (3 dagen over)" in html
    assert "dreigend (nog 5 dagen)" in html
    assert "op tijd (nog 70 dagen)" in html

    html = html_van(ingelogd.get(reverse("dienst_lijst"), {"type": "vv"}))
    assert op_tijd.melding.nummer in html and dreigend.melding.nummer not in html
    html = html_van(ingelogd.get(reverse("dienst_lijst"), {"status": "lopend"}, **HTMX))
    assert overschreden.melding.nummer in html and op_tijd.melding.nummer not in html
    assert "<html" not in html, "htmx krijgt alleen de tabel"
    assert "Filteren" not in html

    afgesloten = Vervolgdienst.objects.filter(pk=op_tijd.pk)
    afgesloten.update(status=D.GESTOPT)
    html = html_van(ingelogd.get(reverse("dienst_lijst")))
    assert op_tijd.melding.nummer not in html, "standaard alleen open diensten"
    html = html_van(ingelogd.get(reverse("dienst_lijst"), {"status": "gestopt"}))
    assert op_tijd.melding.nummer in html


@pytest.mark.django_db
def test_dienstlijst_toont_volgend_monitoringsmoment(ingelogd, onderzoeker):
    dienst = dienst_in_monitoring(onderzoeker)
    eerste = dienst.monitoringsmomenten.order_by("gepland_op").first()
    html = html_van(ingelogd.get(reverse("dienst_lijst")))
    assert f"{eerste.gepland_op:%d-%m-%Y}" in html


# --- Fixed query counts --------------------------------------------------------------------------


def vul_dienst_ruim(dienst, n: int, door, ketenpartner) -> None:
    """n gesprekken, informanten, voorwaarden, afwijkingen, afspraken, moments and terugkoppelingen.

    Records without a state are created directly; the page must not care how many there are.
    """
    vandaag = timezone.localdate()
    melding = dienst.melding
    for _i in range(n - 1):
        Directbetrokkene.objects.create(
            melding=melding, persoon=PersoonFactory(), rol=RolInMelding.GEZINSLID
        )
    betrokkenen = list(melding.directbetrokkenen.all())
    for i in range(n):
        Gesprek.objects.create(
            dienst=dienst, directbetrokkene=betrokkenen[i], datum=vandaag, vorm="gesprek", door=door
        )
        Informant.objects.create(
            dienst=dienst,
            naam=f"Informant {i}",
            organisatie="School",
            toestemming=True,
            datum=vandaag,
            informatie="Info",
            door=door,
        )
        Veiligheidsvoorwaarde.objects.create(
            dienst=dienst,
            voorwaarde=f"Voorwaarde {i}",
            voor_wie="Ouders",
            sinds=vandaag,
            hoe_gecontroleerd="Huisbezoek",
            door=door,
        )
        Monitoringsmoment.objects.create(dienst=dienst, gepland_op=vandaag - timedelta(days=i))
        Terugkoppeling.objects.create(
            melding=melding, moment="na_beoordeling", op=timezone.now(), wijze="brief", door=door
        )
    Afwijking.objects.create(
        dienst=dienst, eis="hoor_en_wederhoor", omschrijving="x", reden="y", aangevraagd_door=door
    )
    overdracht = Overdracht.objects.create(dienst=dienst, ketenpartner=ketenpartner, door=door)
    for i in range(n):
        Veiligheidsafspraak.objects.create(
            overdracht=overdracht,
            wat=f"Afspraak {i}",
            wie="Moeder",
            uiterlijk=vandaag,
            hoe_gecontroleerd="Bellen",
        )


@pytest.mark.django_db
def test_dienstpagina_kost_een_vast_aantal_queries(
    client, onderzoeker, werkbegeleider, ketenpartner, django_assert_max_num_queries
):
    klein = lopende_dienst("vervolg_onderzoek", onderzoeker)
    groot = lopende_dienst("vervolg_onderzoek", onderzoeker)
    vul_dienst_ruim(klein, 1, onderzoeker, ketenpartner)
    vul_dienst_ruim(groot, 8, onderzoeker, ketenpartner)
    client.force_login(werkbegeleider)
    client.get(url("dienst_detail", klein))  # warm up session and caches

    with CaptureQueriesContext(connection) as een:
        assert client.get(url("dienst_detail", klein)).status_code == 200
    with CaptureQueriesContext(connection) as acht:
        html = html_van(client.get(url("dienst_detail", groot)))
    assert html.count('<tr class="afspraak">') == 8
    assert "Informant 7" in html and "Voorwaarde 7" in html
    assert len(een) == len(acht), [q["sql"][:120] for q in acht.captured_queries]
    # 25, plus two for the uitvoerder candidates' staff records (inzetbaarheid).
    with django_assert_max_num_queries(27):
        client.get(url("dienst_detail", groot))


@pytest.mark.django_db
def test_dienstlijst_kost_een_vast_aantal_queries(
    client, onderzoeker, django_assert_max_num_queries
):
    client.force_login(onderzoeker)
    lopende_dienst("vervolg_vv", onderzoeker)
    client.get(reverse("dienst_lijst"))
    with CaptureQueriesContext(connection) as een:
        client.get(reverse("dienst_lijst"))
    for _i in range(7):
        lopende_dienst("vervolg_onderzoek", onderzoeker)
    dienst_in_monitoring(onderzoeker)
    with CaptureQueriesContext(connection) as negen:
        html = html_van(client.get(reverse("dienst_lijst")))
    assert "9 diensten" in html
    assert len(een) == len(negen), [q["sql"][:120] for q in negen.captured_queries]
    with django_assert_max_num_queries(9):
        client.get(reverse("dienst_lijst"))


# --- Print view ----------------------------------------------------------------------------------


def test_brieven_drukken_af_zonder_navigatie():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "diensten.css").read_text()
    regels = css.split("@media print")[1]
    assert ".kop" in regels and "nav" in regels and "display: none" in regels
