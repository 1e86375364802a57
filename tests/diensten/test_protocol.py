"""Issue 12 "Protocol integrity": the bypasses reproduced on main, refused on every channel.

Each refusal names the rule in Dutch and changes nothing (`aantallen()` counts every table a
diensten service may write, the audit log included). The rules live in `diensten.protocol`.
"""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from diensten import eisen, protocol, services
from diensten.eisen import eisen_van, onvervulde_eisen
from diensten.keuzes import DienstStatus, DienstType
from diensten.models import Afwijking, Gesprek, Vervolgdienst
from diensten.selectors import uitvoerder_kandidaten
from meldingen.keuzes import RolInMelding
from tests.diensten.helpers import (
    aantallen,
    afspraak,
    alle_momenten_vastleggen,
    betrokkene_toevoegen,
    geboortedatum_zetten,
    gesprek,
    informant,
    ketenpartner_maken,
    kind_van,
    maak_dienst,
    terugkoppeling_na_dienst,
    vers,
    vul_eisen,
)
from tests.factories import MedewerkerFactory
from veiligthuis.exceptions import DomainError, GeenToegang

pytestmark = pytest.mark.django_db

D = DienstStatus
ONDERZOEK = DienstType.ONDERZOEK
VV = DienstType.VOORWAARDEN_EN_VERVOLG
KERN = "Deze eis hoort bij de kern van de dienst en moet worden vervuld."
START = (
    "Een dienst start met het eerste gesprek of huisbezoek van de uitvoerder; "
    "dat is nog niet vastgelegd."
)
VERVOLG = (
    "Een Voorwaarden & Vervolg start een vervolgtraject: leg eerst de overdracht aan een "
    "ketenpartner met veiligheidsafspraken vast."
)


def weigert(fout, functie, *args, **kwargs):
    """Call `functie`, expect exactly `fout` and check that no row was written anywhere."""
    voor = aantallen()
    with pytest.raises(fout) as info:
        functie(*args, **kwargs)
    if fout is DomainError:
        assert not isinstance(info.value, GeenToegang), info.value.message
    assert aantallen() == voor
    return info.value


def api(medewerker) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=medewerker)
    return client


def api_url(dienst, actie: str = "") -> str:
    basis = f"/api/v1/diensten/{dienst.pk}/"
    return f"{basis}{actie}/" if actie else basis


def valse_start(dienst: Vervolgdienst, *, dagen_geleden: int = 3) -> Vervolgdienst:
    """What the old start button left behind: lopend and a start date, and no activity at all."""
    gestart_op = timezone.now() - timedelta(days=dagen_geleden)
    Vervolgdienst.objects.filter(pk=dienst.pk).update(
        status=D.LOPEND, gestart_op=gestart_op, wachttijd_start=gestart_op - dienst.besluit_op
    )
    return vers(dienst)


def goedgekeurde_afwijkingen_voor_alles(dienst, door, goedkeurder) -> None:
    """Approved afwijkingen on every requirement, as main accepted them (stored directly)."""
    Afwijking.objects.bulk_create(
        [
            Afwijking(
                dienst=dienst,
                eis=e.code,
                omschrijving=e.omschrijving,
                reden="Gezin onbereikbaar.",
                aangevraagd_door=door,
                goedgekeurd_door=goedkeurder,
                goedgekeurd_op=timezone.now(),
            )
            for e in eisen_van(vers(dienst))
        ]
    )


@pytest.fixture
def werkbegeleider_ander_team(ander_team):
    return MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"])


# --- bypass 1: an Onderzoek afgerond with nothing done, every requirement "excused" ---------------


def test_onderzoek_zonder_gesprek_informant_of_conclusie_wordt_niet_afgerond(
    onderzoeker, werkbegeleider
):
    dienst = valse_start(maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker))
    kind = kind_van(dienst)

    # The kern cannot be excused: afwijking_aanvragen refuses each kern requirement.
    for code in (
        "gestart",
        "informanten",
        "hoor_en_wederhoor",
        "conclusie:km_anders",
        "voorwaarden",
    ):
        fout = weigert(
            DomainError,
            services.afwijking_aanvragen,
            dienst_id=dienst.pk,
            door=onderzoeker,
            eis=code,
            reden="Gezin onbereikbaar.",
        )
        assert fout.message.startswith("Geen afwijking mogelijk voor '"), code
        assert KERN in fout.message, code
        assert fout.velden == {"eis": str(protocol.AFWIJKING_ALLEEN_PERSOON.reden)}

    # Even approved afwijkingen on everything (stored before this rule) do not pass the kern.
    goedgekeurde_afwijkingen_voor_alles(dienst, onderzoeker, werkbegeleider)
    fout = weigert(DomainError, services.dienst_afronden, dienst_id=dienst.pk, door=onderzoeker)

    assert fout.message.startswith("De dienst kan nog niet worden afgerond. Niet voldaan")
    for eis in (
        "De dienst is gestart met een gesprek of huisbezoek van de uitvoerder",
        "Er is minstens één veiligheidsvoorwaarde vastgelegd",
        "Minstens 2 informanten (professionals) zijn bevraagd",
        "Hoor en wederhoor is vastgelegd",
        "Conclusie over 'Kindermishandeling — anders'",
    ):
        assert eis in fout.message, eis
    assert f"{kind.persoon} is gesproken" not in fout.message, "de persoon is wel te excuseren"
    assert vers(dienst).status == D.LOPEND and vers(dienst).afgerond_op is None


def test_een_persoon_mag_wel_met_een_afwijking_maar_de_rest_moet_gebeuren(
    onderzoeker, werkbegeleider
):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    kind = kind_van(dienst)
    afwijking = services.afwijking_aanvragen(
        dienst_id=dienst.pk,
        door=onderzoeker,
        eis=f"gesprek:{kind.pk}",
        reden="Het kind wilde niet praten en is alleen gezien.",
    )
    services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=werkbegeleider)
    assert [e.code for e in onvervulde_eisen(vers(dienst))] == [
        "voorwaarden",
        "informanten",
        "hoor_en_wederhoor",
        "conclusie:km_anders",
    ]


def test_onderzoek_bypass_via_de_api(onderzoeker, werkbegeleider):
    dienst = valse_start(maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker))
    voor = aantallen()

    for code in ("informanten", "hoor_en_wederhoor", "conclusie:km_anders", "voorwaarden"):
        r = api(onderzoeker).post(
            api_url(dienst, "afwijkingen"), {"eis": code, "reden": "Geen tijd."}, format="json"
        )
        assert r.status_code == 400, code
        assert KERN in r.json()["detail"]
    assert aantallen() == voor

    goedgekeurde_afwijkingen_voor_alles(dienst, onderzoeker, werkbegeleider)
    voor = aantallen()
    r = api(onderzoeker).post(api_url(dienst, "afronden"), format="json")
    assert r.status_code == 400
    assert "Minstens 2 informanten (professionals) zijn bevraagd" in r.json()["detail"]
    assert aantallen() == voor
    checklist = {e["code"]: e for e in api(onderzoeker).get(api_url(dienst)).json()["checklist"]}
    assert checklist["informanten"]["afwijking_goedgekeurd"] is True
    assert checklist["informanten"]["in_orde"] is False
    assert checklist["informanten"]["afwijkbaar"] is False


def test_onderzoek_bypass_via_de_dienstpagina(client, onderzoeker, werkbegeleider):
    dienst = valse_start(maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker))
    client.force_login(onderzoeker)
    voor = aantallen()

    antwoord = client.post(
        reverse("dienst_afwijking", args=[dienst.pk]),
        {"afwijking-eis": "informanten", "afwijking-reden": "Geen professionals."},
    )

    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert KERN in html
    # Only the child's requirement offers an afwijking form; the kern does not.
    assert html.count("<summary>Afwijking aanvragen<span") == 1
    assert aantallen() == voor | {"AuditLog": voor["AuditLog"] + 1}, "alleen het inzien"


# --- bypass 2: a V&V closed without veiligheidsvoorwaarde and without vervolgtraject -------------


def test_vv_zonder_veiligheidsvoorwaarde_wordt_niet_afgerond(onderzoeker, werkbegeleider):
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)
    for betrokkene in dienst.melding.directbetrokkenen.all():
        gesprek(dienst, onderzoeker, betrokkene)
    services.dienst_bevindingen_vastleggen(
        dienst_id=dienst.pk, door=onderzoeker, erkenning_zorgen="Ouders erkennen de zorgen."
    )

    fout = weigert(
        DomainError,
        services.afwijking_aanvragen,
        dienst_id=dienst.pk,
        door=onderzoeker,
        eis="voorwaarden",
        reden="Ouders werken goed mee.",
    )
    assert KERN in fout.message
    goedgekeurde_afwijkingen_voor_alles(dienst, onderzoeker, werkbegeleider)
    fout = weigert(DomainError, services.dienst_afronden, dienst_id=dienst.pk, door=onderzoeker)
    assert fout.message == (
        "De dienst kan nog niet worden afgerond. Niet voldaan (en geen goedgekeurde afwijking): "
        "Er is minstens één veiligheidsvoorwaarde vastgelegd."
    )


def test_vv_zonder_vervolgtraject_gaat_niet_in_monitoring(onderzoeker):
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.AFGEROND)

    fout = weigert(DomainError, services.monitoring_starten, dienst_id=dienst.pk, door=onderzoeker)
    assert fout.message == f"Monitoring starten kan niet. {VERVOLG}"
    assert vers(dienst).status == D.AFGEROND

    voor = aantallen()
    r = api(onderzoeker).post(api_url(dienst, "monitoring-starten"), format="json")
    assert r.status_code == 400
    assert r.json()["detail"] == f"Monitoring starten kan niet. {VERVOLG}"
    assert aantallen() == voor

    # With the overdracht (the vervolgtraject) monitoring may start.
    services.overdracht_vastleggen(
        dienst_id=dienst.pk,
        door=onderzoeker,
        ketenpartner_id=ketenpartner_maken().pk,
        afspraken=[afspraak()],
    )
    assert services.monitoring_starten(dienst_id=dienst.pk, door=onderzoeker).status == (
        D.MONITORING
    )


def test_onderzoek_mag_zonder_overdracht_in_monitoring(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.AFGEROND)
    assert services.monitoring_starten(dienst_id=dienst.pk, door=onderzoeker).status == (
        D.MONITORING
    )


def test_vv_in_monitoring_zonder_vervolgtraject_wordt_niet_afgesloten(onderzoeker):
    """A V&V put in monitoring without overdracht before this rule cannot be closed either."""
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.MONITORING)
    Vervolgdienst.objects.filter(pk=dienst.pk).update(type=VV)
    alle_momenten_vastleggen(dienst, onderzoeker)
    terugkoppeling_na_dienst(dienst, onderzoeker)

    fout = weigert(
        DomainError,
        services.dienst_afsluiten,
        dienst_id=dienst.pk,
        door=onderzoeker,
        afsluitbrief_op=timezone.localdate(),
    )

    assert fout.message == (
        "De dienst kan nog niet worden afgesloten. Nog nodig: een vervolgtraject: de overdracht "
        "aan een ketenpartner."
    )
    assert vers(dienst).status == D.MONITORING


# --- bypass 3: a 4-year-old "gesproken" by telephone --------------------------------------------


def test_vierjarige_telefonisch_is_niet_gesproken(onderzoeker, werkbegeleider):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    kind = kind_van(dienst)
    geboortedatum_zetten(kind, timezone.localdate() - relativedelta(years=4))
    vul_eisen(dienst, onderzoeker)  # a gesprek with everyone, the kern complete
    Gesprek.objects.filter(dienst=dienst, directbetrokkene=kind).delete()

    telefoon = gesprek(dienst, onderzoeker, kind, vorm="telefonisch")

    assert telefoon.pk, "het telefoongesprek wordt wel vastgelegd"
    fout = weigert(DomainError, services.dienst_afronden, dienst_id=dienst.pk, door=onderzoeker)
    assert fout.message == (
        "De dienst kan nog niet worden afgerond. Niet voldaan (en geen goedgekeurde afwijking): "
        f"{kind.persoon} is gesproken in een gesprek of huisbezoek (telefonisch telt niet)."
    )
    assert vers(dienst).status == D.LOPEND

    gesprek(dienst, onderzoeker, kind, vorm="gesprek")
    assert services.dienst_afronden(dienst_id=dienst.pk, door=onderzoeker).status == D.AFGEROND


def test_telefonisch_gesprek_start_geen_dienst(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)
    ouder = betrokkene_toevoegen(dienst, rol=RolInMelding.GEZINSLID)

    gesprek(dienst, onderzoeker, ouder, vorm="telefonisch")

    dienst = vers(dienst)
    assert dienst.status == D.WACHT_OP_START and dienst.gestart_op is None
    assert not dienst.statuswijzigingen.exists()


# --- bypass 4: "gestart" by a button press with no activity (seed 003) ----------------------------


def test_starten_zonder_gesprek_of_huisbezoek_geweigerd(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)

    fout = weigert(DomainError, services.dienst_starten, dienst_id=dienst.pk, door=onderzoeker)

    assert fout.message == f"Starten kan niet: {START}"
    assert vers(dienst).status == D.WACHT_OP_START and vers(dienst).gestart_op is None


def test_starten_via_de_api_zonder_activiteit_geweigerd(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)
    voor = aantallen()

    r = api(onderzoeker).post(api_url(dienst, "starten"), format="json")

    assert r.status_code == 400
    assert r.json()["detail"] == f"Starten kan niet: {START}"
    assert aantallen() == voor
    data = api(onderzoeker).get(api_url(dienst)).json()
    assert (data["status"], data["gestart_op"], data["laatste_activiteit"]) == (
        "wacht_op_start",
        None,
        None,
    )


def test_de_startknop_bestaat_niet_meer(client, onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)
    client.force_login(onderzoeker)

    html = client.get(reverse("dienst_detail", args=[dienst.pk])).content.decode()
    assert "Dienst starten" not in html
    assert "De dienst start met het eerste gesprek of huisbezoek van de uitvoerder" in html
    assert "nog niet gestart" in html and "nog geen activiteit" in html
    voor = aantallen()
    assert client.post(f"/diensten/{dienst.pk}/starten/").status_code == 404
    assert aantallen() == voor
    assert vers(dienst).status == D.WACHT_OP_START


def test_werk_in_een_niet_gestarte_dienst_geweigerd(onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)

    fout = weigert(DomainError, informant, dienst, onderzoeker)

    assert fout.message == (
        f"Een informant vastleggen kan alleen zolang de dienst loopt (nu: wacht op start). {START}"
    )


def test_huisbezoek_van_de_uitvoerder_start_met_de_datum_van_het_bezoek(client, onderzoeker):
    dienst = maak_dienst(
        ONDERZOEK, met_uitvoerder=onderzoeker, ontvangen_op=timezone.now() - timedelta(days=20)
    )
    besluit_op = timezone.now() - timedelta(days=10)
    Vervolgdienst.objects.filter(pk=dienst.pk).update(besluit_op=besluit_op)
    bezocht = timezone.localdate() - timedelta(days=4)

    gesprek(dienst, onderzoeker, kind_van(dienst), vorm="huisbezoek", datum=bezocht)

    dienst = vers(dienst)
    assert dienst.status == D.LOPEND
    assert timezone.localtime(dienst.gestart_op).date() == bezocht
    assert dienst.wachttijd_start == dienst.gestart_op - besluit_op
    assert eisen.schendingen(dienst) == []
    # The list, the page and the API agree on the start and the last activity.
    client.force_login(onderzoeker)
    rij = (
        client.get(reverse("dienst_lijst"))
        .content.decode()
        .split(f'data-testid="rij-{dienst.melding.nummer}"')[1]
        .split("</tr>")[0]
    )
    assert f"{bezocht:%d-%m-%Y}" in rij.split('data-testid="activiteit"')[1]
    html = client.get(reverse("dienst_detail", args=[dienst.pk])).content.decode()
    assert f'data-testid="gestart-op">{bezocht:%d-%m-%Y}<' in html
    assert f'data-testid="laatste-activiteit">{bezocht:%d-%m-%Y}<' in html
    lijst = api(onderzoeker).get("/api/v1/diensten/").json()["results"]
    data = next(d for d in lijst if d["id"] == dienst.pk)
    assert data["laatste_activiteit"] == bezocht.isoformat()
    assert data["gestart_op"] == api(onderzoeker).get(api_url(dienst)).json()["gestart_op"]


def test_een_valse_start_krijgt_de_datum_van_het_eerste_echte_gesprek(onderzoeker):
    dienst = valse_start(maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker), dagen_geleden=6)
    assert not protocol.is_gestart_met_activiteit(dienst)
    assert eisen.schendingen(dienst) == [
        f"gestart_met_activiteit: {protocol.GESTART_MET_ACTIVITEIT.reden}"
    ]

    gesprek(dienst, onderzoeker, kind_van(dienst), vorm="gesprek")

    dienst = vers(dienst)
    assert timezone.localtime(dienst.gestart_op).date() == timezone.localdate()
    assert protocol.is_gestart_met_activiteit(dienst)
    assert dienst.melding.journaal.filter(
        tekst__startswith="Startdatum van de dienst gezet op"
    ).exists()


# --- who may: wrong role, wrong team -----------------------------------------------------------


def test_gedragswetenschapper_legt_geen_startgesprek_vast(onderzoeker, gedragswetenschapper):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)

    fout = weigert(GeenToegang, gesprek, dienst, gedragswetenschapper, vorm="huisbezoek")

    assert fout.message == (
        "Alleen de uitvoerder of een werkbegeleider van het team mag een gesprek vastleggen."
    )
    assert vers(dienst).status == D.WACHT_OP_START


def test_ander_team_vraagt_geen_afwijking_aan_en_keurt_niet_goed(
    onderzoeker, onderzoeker_ander_team, werkbegeleider_ander_team
):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    eis = f"gesprek:{kind_van(dienst).pk}"

    fout = weigert(
        GeenToegang,
        services.afwijking_aanvragen,
        dienst_id=dienst.pk,
        door=onderzoeker_ander_team,
        eis=eis,
        reden="Niet bereikbaar.",
    )
    assert "alleen voor meldingen van uw eigen team" in fout.message

    afwijking = services.afwijking_aanvragen(
        dienst_id=dienst.pk, door=onderzoeker, eis=eis, reden="Niet bereikbaar."
    )
    fout = weigert(
        GeenToegang,
        services.afwijking_goedkeuren,
        afwijking_id=afwijking.pk,
        door=werkbegeleider_ander_team,
    )
    assert "alleen voor meldingen van uw eigen team" in fout.message
    voor = aantallen()
    r = api(onderzoeker_ander_team).post(
        api_url(dienst, "gesprekken"),
        {
            "directbetrokkene": kind_van(dienst).pk,
            "datum": str(timezone.localdate()),
            "vorm": "gesprek",
        },
        format="json",
    )
    assert r.status_code == 404, "een dienst van een ander team bestaat niet voor de API"
    assert aantallen() == voor


# --- inzetbaarheid at toewijzen and herverdelen ---------------------------------------------------


def test_niet_inzetbare_onderzoeker_wordt_geen_uitvoerder(werkbegeleider, onderzoeker):
    dienst = maak_dienst(ONDERZOEK, team=werkbegeleider.team)
    zonder_vog = MedewerkerFactory(
        team=werkbegeleider.team, rollen=["onderzoeker"], niet_inzetbaar=True
    )

    fout = weigert(
        DomainError,
        services.dienst_uitvoerder_toewijzen,
        dienst_id=dienst.pk,
        door=werkbegeleider,
        uitvoerder_id=zonder_vog.pk,
    )

    assert fout.message.startswith(f"{zonder_vog} kan niet uitvoerder van de dienst worden: ")
    assert "Er is geen VOG vastgelegd." in fout.message
    assert fout.velden == {"uitvoerder": fout.message}
    assert zonder_vog not in uitvoerder_kandidaten(dienst=dienst)
    assert onderzoeker in uitvoerder_kandidaten(dienst=dienst)


def test_herverdelen_naar_een_niet_inzetbare_onderzoeker_geweigerd(werkbegeleider, onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    verlopen = MedewerkerFactory(
        team=werkbegeleider.team,
        rollen=["onderzoeker"],
        personeel__geldig_tot=timezone.localdate() - timedelta(days=1),
    )
    voor = aantallen()

    r = api(werkbegeleider).post(
        api_url(dienst, "uitvoerder"), {"uitvoerder": verlopen.pk}, format="json"
    )

    assert r.status_code == 400
    assert "registratie is verlopen" in r.json()["detail"]
    assert aantallen() == voor
    assert vers(dienst).uitvoerder_id == onderzoeker.pk
