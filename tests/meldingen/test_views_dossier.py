"""Views of the dossier, the triage-instrument (B) and the besluit: what is shown, what is saved,
what is refused (with a Dutch message and nothing changed) and what is never leaked."""

from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meldingen import afwegingskader, services
from meldingen.keuzes import MeldingStatus, RolInMelding
from meldingen.models import (
    Activiteit,
    Besluit,
    Consult,
    Directbetrokkene,
    Journaalregel,
    Melding,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingB,
    Verrijkingstaak,
)
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory
from tests.meldingen.besluithulp import ONDERBOUWING, contact_vastleggen, terugkoppelen
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog

S = MeldingStatus
HTMX = {"HTTP_HX_REQUEST": "true"}
# No acute or structurele onveiligheid: "afsluiten" fits it (meldingen.protocol).
VOLLEDIG_B = {
    "acute_onveiligheid": "nee",
    "structurele_onveiligheid": "nee",
    "disfunctioneren": "onbekend",
    "zorgen_ontwikkeling": "ja",
}


@pytest.fixture(autouse=True)
def afwegingsregels(db):
    """The default kader comes from a data migration; a flush by another test may have removed it."""
    afwegingskader.standaardregels_aanmaken()


@pytest.fixture
def melding(onderzoeker, collega):
    """A melding in beoordeling with `onderzoeker` and `collega` as beoordelaars."""
    return MeldingFactory(
        team=onderzoeker.team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )


@pytest.fixture
def vertrouwensarts(team):
    return MedewerkerFactory(team=team, rollen=["vertrouwensarts"], username="va1")


@pytest.fixture
def ingelogd(client, onderzoeker):
    client.force_login(onderzoeker)
    return client


def url(naam: str, melding: Melding, *args) -> str:
    return reverse(naam, args=[melding.nummer, *args])


def datumtijd(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def html_van(antwoord) -> str:
    return antwoord.content.decode()


def naam_van_kind(melding: Melding) -> str:
    return str(melding.directbetrokkenen.get().persoon)


def b_invullen(client, melding, **extra):
    data = {**VOLLEDIG_B, **extra}
    return client.post(url("beoordeling_b", melding), data)


def besluit_post(client, melding, route="afsluiten", onderbouwing=ONDERBOUWING, **extra):
    """POST the besluit; B included a gesprek (meldingen.protocol.contact_of_reden)."""
    if not melding.activiteiten.exists():
        contact_vastleggen(melding)
    data = {"route": route, "onderbouwing": onderbouwing, **extra}
    return client.post(url("besluit_nemen", melding), data)


def consult_post(client, melding, deelnemers, vorm="consult"):
    return client.post(
        url("consult_toevoegen", melding),
        {
            "consult-vorm": vorm,
            "consult-datum": datumtijd(timezone.now() - timedelta(minutes=30)),
            "consult-deelnemers": [d.pk for d in deelnemers],
            "consult-vraag": "Is er sprake van letsel door mishandeling?",
            "consult-uitkomst": "Letsel past bij het verhaal; geen verder onderzoek nodig.",
        },
    )


# --- het dossier tonen ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_dossier_toont_alle_secties_en_termijnen(ingelogd, melding, onderzoeker, collega):
    html = html_van(ingelogd.get(url("melding_dossier", melding)))

    assert melding.nummer in html
    assert naam_van_kind(melding) in html
    assert melding.samenvatting in html
    for kop in (
        "Overzicht",
        "Directbetrokkenen",
        "Verrijking",
        "Radar: eerdere meldingen",
        "Activiteiten",
        "Consulten en MDO's",
        "Journaal",
        "Statusgeschiedenis",
    ):
        assert f">{kop}</h2>" in html, kop
    for anker in ("overzicht", "betrokkenen", "verrijking", "radar", "activiteiten", "journaal"):
        assert f'href="#{anker}"' in html and f'id="{anker}"' in html
    assert str(onderzoeker) in html and str(collega) in html
    assert "In beoordeling" in html
    assert "Buurtbewoner" in html, "hoedanigheid van de melder"
    assert "Kindermishandeling — anders" in html
    assert "nog niet gestart" in html
    # Termijn B with the date and the status computed by veiligthuis.termijnen.
    termijn_b = timezone.localtime(melding.termijn_veiligheidsbeoordeling)
    assert "Veiligheidsbeoordeling (B en besluit)" in html
    assert termijn_b.strftime("%d-%m-%Y") in html
    status, werkdagen = termijnen.termijn_status(
        melding.termijn_veiligheidsbeoordeling, timezone.now()
    )
    label = {"op_tijd": "op tijd", "dreigend": "dreigend"}[status]
    assert f'termijn-status {status}">{label}<' in html
    assert f"nog {werkdagen} werkdag" in html
    assert "Directbetrokkenen informeren" in html
    # Actions of a beoordelaar.
    assert url("beoordeling_b", melding) in html and url("besluit_nemen", melding) in html
    assert url("melding_teruggeven", melding) in html


@pytest.mark.django_db
def test_dossier_inzien_schrijft_een_auditregel(ingelogd, melding, onderzoeker):
    ingelogd.get(url("melding_dossier", melding), REMOTE_ADDR="10.1.2.3")
    regel = AuditLog.objects.get(actie="melding.inzien", object_id=melding.nummer)
    assert regel.medewerker == onderzoeker
    assert regel.ip == "10.1.2.3"
    assert regel.object_type == "meldingen.melding"


@pytest.mark.django_db
def test_ander_team_krijgt_404_zonder_gegevens(client, melding, onderzoeker_ander_team):
    client.force_login(onderzoeker_ander_team)
    for naam in ("melding_dossier", "beoordeling_b", "besluit_nemen"):
        antwoord = client.get(url(naam, melding))
        html = html_van(antwoord)
        assert antwoord.status_code == 404
        assert naam_van_kind(melding) not in html
        assert melding.samenvatting not in html
        assert melding.nummer not in html
    antwoord = client.post(
        url("journaal_toevoegen", melding),
        {"journaal-soort": "feit", "journaal-bron": "x", "journaal-tekst": "Poging van buiten."},
    )
    assert antwoord.status_code == 404
    assert not Journaalregel.objects.filter(melding=melding).exists()
    assert not AuditLog.objects.filter(actie="melding.inzien").exists()


@pytest.mark.django_db
def test_directie_ziet_geen_dossier(client, melding, directie):
    client.force_login(directie)
    antwoord = client.get(url("melding_dossier", melding))
    # No case role at all: refused (403) before the melding is looked up.
    assert antwoord.status_code == 403
    assert naam_van_kind(melding) not in html_van(antwoord)


@pytest.mark.django_db
def test_directbetrokkenen_met_geboortedatum_leeftijd_en_bsn(ingelogd, melding):
    persoon = PersoonFactory(
        voornamen="Sem", achternaam="Jansen", geboortedatum=date(2023, 3, 1), bsn="111222333"
    )
    Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol=RolInMelding.KIND)
    html = html_van(ingelogd.get(url("melding_dossier", melding)))
    leeftijd = persoon.leeftijd_op(timezone.localdate())
    assert "Sem Jansen" in html
    assert "01-03-2023" in html
    assert f"{leeftijd} jaar" in html
    assert "111222333" in html
    assert "Kind in het gezin" in html


@pytest.mark.django_db
def test_niet_ingelogd_wordt_naar_inloggen_gestuurd(client, melding):
    antwoord = client.get(url("melding_dossier", melding))
    assert antwoord.status_code == 302 and "/inloggen/" in antwoord["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trait", "link", "tekst"),
    [
        ({}, "melding_screenen", "Screenen"),
        ({"op_triagelijst": True}, "triagelijst", "Oppakken"),
        ({"overige_zorg": True}, None, "Geen veiligheidsbeoordeling (overige zorg)."),
    ],
)
def test_acties_hangen_af_van_de_status(ingelogd, onderzoeker, trait, link, tekst):
    melding = MeldingFactory(team=onderzoeker.team, **trait)
    html = html_van(ingelogd.get(url("melding_dossier", melding)))
    assert tekst in html
    if link == "melding_screenen":
        assert f'href="{url(link, melding)}"' in html
    elif link:
        assert f'href="{reverse(link)}"' in html
    assert url("besluit_nemen", melding) not in html
    assert url("melding_teruggeven", melding) not in html


# --- journaal ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_journaal_feit_toevoegen_en_tonen(ingelogd, melding, onderzoeker):
    antwoord = ingelogd.post(
        url("journaal_toevoegen", melding),
        {
            "journaal-soort": "feit",
            "journaal-bron": "Gesprek met de leerkracht",
            "journaal-tekst": "Kind had maandag een blauwe plek op de wang.",
        },
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"].endswith("#journaal")
    regel = Journaalregel.objects.get(melding=melding, bron="Gesprek met de leerkracht")
    assert regel.soort == "feit" and regel.auteur == onderzoeker

    html = html_van(ingelogd.get(antwoord["Location"]))
    assert "De journaalregel is toegevoegd." in html
    assert "Kind had maandag een blauwe plek op de wang." in html
    assert 'class="journaalregel soort-feit"' in html
    assert "Bron: Gesprek met de leerkracht" in html


@pytest.mark.django_db
def test_journaal_met_htmx_geeft_alleen_de_sectie(ingelogd, melding):
    Journaalregel.objects.create(
        melding=melding, soort="feit", bron="Politie", tekst="Eerdere regel", auteur=None
    )
    antwoord = ingelogd.post(
        url("journaal_toevoegen", melding),
        {"journaal-soort": "indruk", "journaal-bron": "Huisbezoek", "journaal-tekst": "Rommelig."},
        **HTMX,
    )
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "<html" not in html and 'id="journaal"' in html
    assert "De journaalregel is toegevoegd." in html
    assert html.index("Rommelig.") < html.index("Eerdere regel"), "nieuwste eerst"
    assert 'class="journaalregel soort-indruk"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("gegevens", "veld", "fout"),
    [
        (
            {"journaal-soort": "roddel", "journaal-bron": "Buurvrouw", "journaal-tekst": "Iets."},
            "soort",
            "Kies of dit een feit, mening of indruk is.",
        ),
        (
            {"journaal-soort": "feit", "journaal-bron": "  ", "journaal-tekst": "Iets."},
            "bron",
            "Vermeld de bron van deze informatie.",
        ),
        (
            {"journaal-soort": "", "journaal-bron": "Buurvrouw", "journaal-tekst": "Iets."},
            "soort",
            "Kies of dit een feit, mening of indruk is.",
        ),
    ],
)
def test_journaal_ongeldig_geeft_nederlandse_fout_en_slaat_niets_op(
    ingelogd, melding, gegevens, veld, fout
):
    voor = Journaalregel.objects.count()
    antwoord = ingelogd.post(url("journaal_toevoegen", melding), gegevens)
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert fout in html
    assert f'id="id_journaal-{veld}_error"' in html, "de fout staat bij het veld"
    assert "Niet opgeslagen" in html
    assert Journaalregel.objects.count() == voor


# --- activiteiten --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_activiteit_zet_gestart_op(ingelogd, melding):
    moment = (timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    antwoord = ingelogd.post(
        url("activiteit_toevoegen", melding),
        {
            "activiteit-soort": "contactpoging",
            "activiteit-datum": datumtijd(moment),
            "activiteit-met_wie": "Moeder (telefonisch)",
            "activiteit-toelichting": "Voicemail ingesproken.",
        },
    )
    assert antwoord.status_code == 302
    melding.refresh_from_db()
    assert melding.gestart_op == moment
    html = html_van(ingelogd.get(url("melding_dossier", melding)))
    assert "nog niet gestart" not in html
    assert timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") in html
    assert "Moeder (telefonisch)" in html


@pytest.mark.django_db
def test_activiteit_in_de_toekomst_wordt_geweigerd(ingelogd, melding):
    antwoord = ingelogd.post(
        url("activiteit_toevoegen", melding),
        {
            "activiteit-soort": "huisbezoek",
            "activiteit-datum": datumtijd(timezone.now() + timedelta(days=2)),
            "activiteit-met_wie": "Gezin",
        },
    )
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "Een activiteit kan niet in de toekomst liggen." in html
    assert 'id="id_activiteit-datum_error"' in html
    assert not Activiteit.objects.exists()
    melding.refresh_from_db()
    assert melding.gestart_op is None


# --- afwegingskader: letsel vraagt een vertrouwensarts ----------------------------------------------


@pytest.mark.django_db
def test_letsel_vraagt_consult_met_va_voor_het_besluit(ingelogd, melding, vertrouwensarts):
    antwoord = b_invullen(ingelogd, melding, signaalcodes=["letsel"], signalen="Blauwe plek.")
    assert antwoord.status_code == 302
    b = VeiligheidsbeoordelingB.objects.get(melding=melding)
    assert b.signaalcodes == ["letsel"] and b.is_volledig()

    dossier = html_van(ingelogd.get(url("melding_dossier", melding)))
    assert "Letsel: VA voor letselbeoordeling" in dossier, "het dossier toont wat nog ontbreekt"

    geweigerd = besluit_post(ingelogd, melding)
    html = html_van(geweigerd)
    assert geweigerd.status_code == 200
    assert "Het besluit kan nog niet worden vastgelegd." in html
    assert "Letsel: VA voor letselbeoordeling" in html and "vertrouwensarts" in html
    melding.refresh_from_db()
    assert melding.status == S.IN_BEOORDELING
    assert not Besluit.objects.filter(melding=melding).exists()

    assert consult_post(ingelogd, melding, [vertrouwensarts]).status_code == 302
    dossier = html_van(ingelogd.get(url("melding_dossier", melding)))
    assert "Alle consulten die het afwegingskader" in dossier
    assert str(vertrouwensarts) in dossier and "Vertrouwensarts" in dossier

    assert besluit_post(ingelogd, melding).status_code == 302
    melding.refresh_from_db()
    assert melding.status == S.BESLOTEN
    assert melding.besluit.route == "afsluiten"


@pytest.mark.django_db
def test_consult_met_gw_voldoet_niet_aan_de_letselregel(ingelogd, melding, gedragswetenschapper):
    b_invullen(ingelogd, melding, signaalcodes=["letsel"])
    consult_post(ingelogd, melding, [gedragswetenschapper])
    html = html_van(besluit_post(ingelogd, melding))
    assert "Letsel: VA voor letselbeoordeling" in html
    assert not Besluit.objects.exists()


@pytest.mark.django_db
def test_consult_zonder_deelnemers_wordt_geweigerd(ingelogd, melding):
    antwoord = consult_post(ingelogd, melding, [])
    html = html_van(antwoord)
    assert "Kies de deelnemers (actieve medewerkers)." in html
    assert 'id="id_consult-deelnemers_error"' in html
    assert not Consult.objects.exists()


@pytest.mark.django_db
def test_consultformulier_opent_pas_op_verzoek(ingelogd, melding, vertrouwensarts):
    """The dossier links to the form; htmx loads it into the section, without JS it is the page."""
    dossier = html_van(ingelogd.get(url("melding_dossier", melding)))
    assert 'data-testid="consult-openen"' in dossier
    assert 'name="consult-deelnemers"' not in dossier
    assert str(vertrouwensarts) not in dossier

    sectie = html_van(ingelogd.get(url("consult_formulier", melding), HTTP_HX_REQUEST="true"))
    assert sectie.lstrip().startswith('<section id="consulten"')
    assert 'name="consult-deelnemers"' in sectie and str(vertrouwensarts) in sectie
    assert "<html" not in sectie

    pagina = html_van(ingelogd.get(url("consult_formulier", melding)))
    assert "<html" in pagina and 'name="consult-deelnemers"' in pagina
    assert 'data-testid="consult-openen"' not in pagina
    # Posting from it works as before; a refusal shows the form again, filled in.
    antwoord = consult_post(ingelogd, melding, [])
    assert 'name="consult-vraag"' in html_van(antwoord)
    assert "Is er sprake van letsel" in html_van(antwoord)


@pytest.mark.django_db
def test_consultformulier_geweigerd_bij_een_geanonimiseerde_melding(ingelogd, melding):
    Melding.objects.filter(pk=melding.pk).update(geanonimiseerd_op=timezone.now())
    antwoord = ingelogd.get(url("consult_formulier", melding))
    assert antwoord.status_code == 403
    assert "geen consult of MDO vastleggen" in html_van(antwoord)


# --- het besluit ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_besluit_checklist_en_weigering_noemt_alles_wat_ontbreekt(ingelogd, melding):
    b_invullen(ingelogd, melding, acute_onveiligheid="", zorgen_ontwikkeling="")
    pagina = html_van(ingelogd.get(url("besluit_nemen", melding)))
    assert "Triage-instrument volledig ingevuld" in pagina
    assert "Nog niet beantwoord: acute onveiligheid, zorgen over de ontwikkeling" in pagina
    assert 'class="onvoldaan"' in pagina and 'class="voldaan"' in pagina

    statuswijzigingen = Statuswijziging.objects.count()
    antwoord = besluit_post(ingelogd, melding, route="overdracht_lokaal_veld", onderbouwing="")
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert 'data-testid="besluit-fout"' in html
    for ontbreekt in (
        "een onderbouwing van het besluit",
        "een antwoord op &#x27;acute onveiligheid&#x27;",
        "een antwoord op &#x27;zorgen over de ontwikkeling&#x27;",
        "aan wie wordt overgedragen",
    ):
        assert ontbreekt in html, ontbreekt
    assert 'id="id_onderbouwing_error"' in html
    assert "De onderbouwing is verplicht." in html
    melding.refresh_from_db()
    assert melding.status == S.IN_BEOORDELING
    assert not Besluit.objects.exists()
    assert Statuswijziging.objects.count() == statuswijzigingen


@pytest.mark.django_db
def test_besluit_vervolg_gaat_naar_vervolgdienst(ingelogd, melding):
    b_invullen(ingelogd, melding)
    antwoord = besluit_post(
        ingelogd,
        melding,
        route="vervolg_onderzoek",
        onderbouwing="Vermoeden van mishandeling moet onderzocht.",
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == url("melding_dossier", melding)
    melding.refresh_from_db()
    assert melding.status == S.NAAR_VERVOLGDIENST
    html = html_van(ingelogd.get(antwoord["Location"]))
    assert "Het besluit is vastgelegd: Vervolg bij Veilig Thuis: Onderzoek." in html
    assert "Vermoeden van mishandeling moet onderzocht." in html
    assert url("melding_afsluiten", melding) not in html, "vervolg: niet afsluiten"


@pytest.mark.django_db
def test_besluit_op_verouderd_formulier_geeft_duidelijke_melding(ingelogd, melding):
    b_invullen(ingelogd, melding)
    besluit_post(ingelogd, melding)
    antwoord = besluit_post(ingelogd, melding, route="vervolg_vv")
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "de status is &#x27;Besloten&#x27;" in html
    assert Besluit.objects.get(melding=melding).route == "afsluiten"


@pytest.mark.django_db
def test_geen_beoordelaar_ziet_geen_besluitknop_en_krijgt_403(client, melding, team):
    ander = MedewerkerFactory(team=team, rollen=["onderzoeker"], username="onderzoeker3")
    client.force_login(ander)
    html = html_van(client.get(url("melding_dossier", melding)))
    assert url("besluit_nemen", melding) not in html
    assert url("beoordeling_b", melding) not in html
    pagina = html_van(client.get(url("besluit_nemen", melding)))
    assert "Alleen de beoordelaars of een werkbegeleider" in pagina
    antwoord = besluit_post(client, melding)
    assert antwoord.status_code == 403
    assert "Alleen de beoordelaars of een werkbegeleider" in html_van(antwoord)
    assert not Besluit.objects.exists()


@pytest.mark.django_db
def test_afsluiten_na_besluit_afsluiten(ingelogd, melding):
    b_invullen(ingelogd, melding)
    besluit_post(
        ingelogd,
        melding,
        route="afsluiten",
        onderbouwing="Geen onveiligheid gezien bij het huisbezoek.",
    )
    html = html_van(ingelogd.get(url("melding_dossier", melding)))
    assert url("melding_afsluiten", melding) in html
    # Without the terugkoppeling aan de melder the melding is not closed (issue 12 item 5).
    geweigerd = ingelogd.post(
        url("melding_afsluiten", melding), {"afsluiten-toelichting": "Afsluitbrief verstuurd."}
    )
    assert "nog niet teruggekoppeld" in html_van(geweigerd)
    assert Melding.objects.get(pk=melding.pk).status == S.BESLOTEN
    terugkoppelen(melding)
    antwoord = ingelogd.post(
        url("melding_afsluiten", melding), {"afsluiten-toelichting": "Afsluitbrief verstuurd."}
    )
    assert antwoord.status_code == 302
    melding.refresh_from_db()
    assert melding.status == S.AFGESLOTEN and melding.afgesloten_op is not None
    assert "De melding is afgesloten." in html_van(ingelogd.get(antwoord["Location"]))


@pytest.mark.django_db
def test_afsluiten_tijdens_beoordeling_wordt_geweigerd(ingelogd, melding):
    antwoord = ingelogd.post(url("melding_afsluiten", melding), {"afsluiten-toelichting": ""})
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "Afsluiten kan niet: de status is &#x27;In beoordeling&#x27;" in html
    melding.refresh_from_db()
    assert melding.status == S.IN_BEOORDELING


@pytest.mark.django_db
def test_teruggeven_vraagt_een_reden(ingelogd, melding):
    antwoord = ingelogd.post(url("melding_teruggeven", melding), {"teruggeven-reden": ""})
    assert "Geef een reden op." in html_van(antwoord)
    melding.refresh_from_db()
    assert melding.status == S.IN_BEOORDELING

    antwoord = ingelogd.post(
        url("melding_teruggeven", melding), {"teruggeven-reden": "Collega ziek."}
    )
    assert antwoord.status_code == 302
    melding.refresh_from_db()
    assert melding.status == S.OP_TRIAGELIJST and melding.beoordelaar_1 is None


@pytest.mark.django_db
def test_teruggeven_op_verouderd_formulier_toont_de_reden(ingelogd, melding, werkbegeleider):
    services.melding_teruggeven(melding_id=melding.pk, door=werkbegeleider, reden="Ziek.")
    antwoord = ingelogd.post(url("melding_teruggeven", melding), {"teruggeven-reden": "Vakantie."})
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "Teruggeven kan niet: de status is &#x27;Op triagelijst&#x27;" in html
    assert Statuswijziging.objects.filter(melding=melding).count() == 1


@pytest.mark.django_db
def test_informeren_verlengen(ingelogd, melding):
    oud = melding.termijn_informeren_betrokkenen
    antwoord = ingelogd.post(
        url("informeren_verlengen", melding), {"verlengen-reden": "Adres onbekend."}
    )
    assert antwoord.status_code == 302
    melding.refresh_from_db()
    assert melding.termijn_informeren_betrokkenen == termijnen.verleng_termijn_informeren(oud)
    html = html_van(ingelogd.get(url("melding_dossier", melding)))
    assert "1 keer verlengd." in html


@pytest.mark.django_db
def test_alleen_post_voor_acties(ingelogd, melding):
    for naam in ("melding_afsluiten", "melding_teruggeven", "informeren_verlengen", "radar_reden"):
        assert ingelogd.get(url(naam, melding)).status_code == 405


# --- radar ---------------------------------------------------------------------------------------


@pytest.fixture
def derde_melding(melding, ander_team):
    """`melding` is the 3rd about this child: one earlier in the own team, one in another team."""
    persoon = melding.directbetrokkenen.get().persoon
    eerdere = []
    for dagen, team in ((200, melding.team), (100, ander_team)):
        vorige = MeldingFactory(
            team=team,
            ontvangen_op=timezone.now() - timedelta(days=dagen),
            status=S.AFGESLOTEN,
            samenvatting=f"Eerdere zorgen {dagen}",
        )
        Directbetrokkene.objects.create(melding=vorige, persoon=persoon, rol=RolInMelding.KIND)
        eerdere.append(vorige)
    return eerdere


@pytest.mark.django_db
def test_radar_derde_melding_blokkeert_besluit_tot_reden_werkbegeleider(
    client, melding, derde_melding, onderzoeker, werkbegeleider
):
    eigen, ander = derde_melding
    client.force_login(onderzoeker)
    html = html_van(client.get(url("melding_dossier", melding)))
    assert 'data-testid="radar-waarschuwing"' in html
    assert "Dit is melding 3 over dit huishouden of deze personen." in html
    assert f'href="{url("melding_dossier", eigen)}"' in html
    assert ander.nummer in html and f'href="{url("melding_dossier", ander)}"' not in html
    assert "Eerdere zorgen 100" not in html
    assert 'data-testid="radar-formulier"' not in html, "alleen voor de werkbegeleider"

    b_invullen(client, melding)
    geweigerd = html_van(besluit_post(client, melding))
    assert "radar: dit is melding 3" in geweigerd
    assert not Besluit.objects.exists()

    # An onderzoeker may not record the reason.
    antwoord = client.post(url("radar_reden", melding), {"radar-reden": "Ik vind het niet nodig."})
    assert antwoord.status_code == 403
    melding.refresh_from_db()
    assert melding.radar_geen_mdo_reden == ""

    client.force_login(werkbegeleider)
    html = html_van(client.get(url("melding_dossier", melding)))
    assert 'data-testid="radar-formulier"' in html
    leeg = client.post(url("radar_reden", melding), {"radar-reden": " "})
    assert "Geef de reden waarom geen MDO nodig is." in html_van(leeg)
    antwoord = client.post(
        url("radar_reden", melding), {"radar-reden": "Eerdere meldingen betroffen een ex-partner."}
    )
    assert antwoord.status_code == 302
    melding.refresh_from_db()
    assert melding.radar_geen_mdo_door == werkbegeleider

    client.force_login(onderzoeker)
    html = html_van(client.get(url("melding_dossier", melding)))
    assert 'data-testid="radar-waarschuwing"' not in html
    assert "Eerdere meldingen betroffen een ex-partner." in html
    assert besluit_post(client, melding).status_code == 302
    melding.refresh_from_db()
    assert melding.status == S.BESLOTEN


@pytest.mark.django_db
def test_radar_werkbegeleider_van_ander_team_krijgt_404(client, melding, derde_melding, ander_team):
    wb = MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"], username="wb9")
    client.force_login(wb)
    antwoord = client.post(url("radar_reden", melding), {"radar-reden": "Niet nodig."})
    assert antwoord.status_code == 404
    melding.refresh_from_db()
    assert melding.radar_geen_mdo_reden == ""


@pytest.mark.django_db
def test_radar_mdo_heft_de_blokkade_op(ingelogd, melding, derde_melding, gedragswetenschapper):
    b_invullen(ingelogd, melding)
    consult_post(ingelogd, melding, [gedragswetenschapper], vorm="mdo")
    html = html_van(ingelogd.get(url("besluit_nemen", melding)))
    assert "Er is een MDO met een gedragswetenschapper of vertrouwensarts vastgelegd." in html
    assert besluit_post(ingelogd, melding).status_code == 302


@pytest.mark.django_db
def test_radar_mdo_met_alleen_onderzoekers_telt_niet(ingelogd, melding, derde_melding, collega):
    """From the third melding the MDO needs a gedragswetenschapper or vertrouwensarts."""
    b_invullen(ingelogd, melding)
    consult_post(ingelogd, melding, [collega], vorm="mdo")
    geweigerd = html_van(besluit_post(ingelogd, melding))
    assert "een MDO met een gedragswetenschapper of vertrouwensarts" in geweigerd
    assert not Besluit.objects.exists()


# --- verrijking ----------------------------------------------------------------------------------


@pytest.fixture
def taken(melding):
    return {
        bron: Verrijkingstaak.objects.create(melding=melding, bron=bron)
        for bron in (
            "eigen_dossiers",
            "vt_register",
            "brp",
            "raad_kinderbescherming",
            "lokaal_veld",
        )
    }


@pytest.mark.django_db
def test_verrijking_brp_uitvoeren_slaat_resultaat_op(ingelogd, melding, taken, onderzoeker):
    persoon = melding.directbetrokkenen.get().persoon
    persoon.bsn = "111222333"
    persoon.save()
    html = html_van(ingelogd.get(url("melding_dossier", melding)))
    assert url("verrijking_bijwerken", melding, taken["brp"].pk) in html
    assert "Uitvoeren" in html

    antwoord = ingelogd.post(url("verrijking_bijwerken", melding, taken["brp"].pk), **HTMX)
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "<html" not in html and 'id="verrijking"' in html
    taak = Verrijkingstaak.objects.get(pk=taken["brp"].pk)
    assert taak.status == "afgerond" and taak.uitgevoerd_door == onderzoeker
    assert "Ingeschreven in de BRP" in taak.resultaat
    assert "Ingeschreven in de BRP" in html


@pytest.mark.django_db
def test_verrijking_eigen_dossiers_noemt_eerdere_nummers(ingelogd, melding, taken, derde_melding):
    antwoord = ingelogd.post(url("verrijking_bijwerken", melding, taken["eigen_dossiers"].pk))
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#verrijking")
    taak = Verrijkingstaak.objects.get(pk=taken["eigen_dossiers"].pk)
    for eerdere in derde_melding:
        assert eerdere.nummer in taak.resultaat
    html = html_van(ingelogd.get(antwoord["Location"]))
    assert "2 eerdere melding(en)" in html


@pytest.mark.django_db
def test_verrijking_handmatig_vraagt_resultaat(ingelogd, melding, taken):
    taak = taken["raad_kinderbescherming"]
    leeg = ingelogd.post(
        url("verrijking_bijwerken", melding, taak.pk),
        {f"taak-{taak.pk}-status": "afgerond", f"taak-{taak.pk}-resultaat": ""},
        **HTMX,
    )
    html = html_van(leeg)
    assert "Beschrijf het resultaat van de bevraging." in html
    taak.refresh_from_db()
    assert taak.status == "open"

    ingelogd.post(
        url("verrijking_bijwerken", melding, taak.pk),
        {f"taak-{taak.pk}-status": "niet_mogelijk", f"taak-{taak.pk}-resultaat": "Geen reactie."},
    )
    taak.refresh_from_db()
    assert taak.status == "niet_mogelijk" and taak.resultaat == "Geen reactie."


@pytest.mark.django_db
def test_verrijking_van_andere_melding_geeft_404(ingelogd, melding, taken, onderzoeker):
    andere = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    vreemd = Verrijkingstaak.objects.create(melding=andere, bron="brp")
    antwoord = ingelogd.post(url("verrijking_bijwerken", melding, vreemd.pk))
    assert antwoord.status_code == 404
    vreemd.refresh_from_db()
    assert vreemd.status == "open"


# --- triage-instrument (B) -----------------------------------------------------------------------


@pytest.mark.django_db
def test_b_formulier_gedeeltelijk_opslaan(ingelogd, melding):
    pagina = html_van(ingelogd.get(url("beoordeling_b", melding)))
    assert "acute onveiligheid" in pagina and "Onvoldoende bekend" in pagina
    assert "Letsel (gezien of gemeld)" in pagina

    antwoord = ingelogd.post(url("beoordeling_b", melding), {"acute_onveiligheid": "nee"})
    assert antwoord.status_code == 302
    b = VeiligheidsbeoordelingB.objects.get(melding=melding)
    assert b.acute_onveiligheid == "nee" and b.structurele_onveiligheid == ""

    html = html_van(ingelogd.get(antwoord["Location"]))
    assert "Nog niet beantwoord: structurele onveiligheid" in html
    assert 'value="nee" id="id_acute_onveiligheid_1" checked' in html

    ingelogd.post(url("beoordeling_b", melding), {"structurele_onveiligheid": "ja"})
    b.refresh_from_db()
    assert (b.acute_onveiligheid, b.structurele_onveiligheid) == ("nee", "ja")


@pytest.mark.django_db
def test_b_formulier_ongeldig_antwoord(ingelogd, melding):
    antwoord = ingelogd.post(
        url("beoordeling_b", melding),
        {"acute_onveiligheid": "misschien", "structurele_onveiligheid": "ja"},
    )
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "Kies ja, nee of onvoldoende bekend." in html
    assert "Niet opgeslagen" in html
    b = VeiligheidsbeoordelingB.objects.get(melding=melding)
    assert b.acute_onveiligheid == "" and b.structurele_onveiligheid == ""


@pytest.mark.django_db
def test_b_formulier_vult_eerdere_meldingen_uit_de_radar(ingelogd, melding, derde_melding):
    eigen, ander = derde_melding
    html = html_van(ingelogd.get(url("beoordeling_b", melding)))
    assert "2 eerdere melding(en) over deze personen of dit adres" in html
    assert eigen.nummer in html and ander.nummer in html


@pytest.mark.django_db
def test_b_formulier_alleen_lezen_voor_wie_geen_beoordelaar_is(client, melding, team):
    ander = MedewerkerFactory(team=team, rollen=["onderzoeker"], username="onderzoeker4")
    client.force_login(ander)
    html = html_van(client.get(url("beoordeling_b", melding)))
    assert "Alleen de beoordelaars of een werkbegeleider" in html
    assert "disabled" in html and ">Opslaan<" not in html
    assert b_invullen(client, melding).status_code == 403
    assert not VeiligheidsbeoordelingB.objects.get(melding=melding).is_volledig()


# --- queries -------------------------------------------------------------------------------------


def _vul_dossier(melding, aantal, medewerker, deskundige):
    for i in range(aantal):
        Journaalregel.objects.create(
            melding=melding, soort="feit", bron=f"Bron {i}", tekst="Tekst", auteur=medewerker
        )
        Activiteit.objects.create(
            melding=melding,
            soort="gesprek",
            datum=timezone.now() - timedelta(minutes=i + 1),
            met_wie="Moeder",
            door=medewerker,
        )
        consult = Consult.objects.create(
            melding=melding,
            vorm="consult",
            datum=timezone.now(),
            vraag="Vraag",
            uitkomst="Uitkomst",
            vastgelegd_door=medewerker,
        )
        consult.deelnemers.set([deskundige, medewerker])
        Directbetrokkene.objects.create(
            melding=melding,
            persoon=Persoon.objects.create(voornamen="P", achternaam=str(i)),
            rol="gezinslid",
        )
        Statuswijziging.objects.create(
            melding=melding, van=S.OP_TRIAGELIJST, naar=S.IN_BEOORDELING, door=deskundige
        )
    for bron in ("eigen_dossiers", "brp", "raad_kinderbescherming"):
        Verrijkingstaak.objects.get_or_create(melding=melding, bron=bron)


@pytest.mark.django_db
def test_dossier_kost_een_vast_aantal_queries(
    client, onderzoeker, collega, vertrouwensarts, django_assert_max_num_queries
):
    klein = MeldingFactory(
        team=onderzoeker.team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )
    groot = MeldingFactory(
        team=onderzoeker.team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )
    _vul_dossier(klein, 1, onderzoeker, vertrouwensarts)
    _vul_dossier(groot, 10, onderzoeker, vertrouwensarts)
    client.force_login(onderzoeker)
    client.get(url("melding_dossier", klein))  # warm up session and caches
    caches["dossiers"].clear()  # the sections as the first view in a process renders them

    with CaptureQueriesContext(connection) as een:
        assert client.get(url("melding_dossier", klein)).status_code == 200
    with CaptureQueriesContext(connection) as tien:
        assert client.get(url("melding_dossier", groot)).status_code == 200
    assert len(een) == len(tien), [q["sql"][:120] for q in tien.captured_queries]
    with django_assert_max_num_queries(26):
        client.get(url("melding_dossier", groot))
