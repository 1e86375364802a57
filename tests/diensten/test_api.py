"""REST API of the vervolgdiensten (/api/v1/diensten/): who sees what, every action, refusals.

Each test checks the response *and* the database: a refused request (400/403/404) leaves nothing
behind, and a 400 names the field in Dutch.
"""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from diensten import services
from diensten.keuzes import DienstStatus, DienstType
from diensten.models import (
    Afwijking,
    Conclusie,
    Gesprek,
    Informant,
    Monitoringsmoment,
    Overdracht,
    Terugkoppeling,
    Veiligheidsvoorwaarde,
    Vervolgdienst,
)
from meldingen.keuzes import Kanaal, MeldingStatus
from meldingen.models import Melding
from tests.diensten.helpers import (
    aantallen,
    afspraak,
    alle_momenten_vastleggen,
    betrokkene_toevoegen,
    gesprek,
    informant,
    ketenpartner_maken,
    kind_van,
    maak_dienst,
    terugkoppeling_na_dienst,
    vers,
    voorwaarde,
    vul_eisen,
)
from tests.factories import MedewerkerFactory, consult_met
from veiligthuis.audit import AuditLog
from veiligthuis.models import Medewerker

D = DienstStatus
ONDERZOEK = DienstType.ONDERZOEK
VV = DienstType.VOORWAARDEN_EN_VERVOLG
BASIS = "/api/v1/diensten/"
TERUGKOPPELINGEN = f"{BASIS}terugkoppelingen/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """`api(medewerker)` gives an APIClient authenticated as that medewerker (None: anonymous)."""

    def maak(medewerker=None, **kwargs):
        client = APIClient(**kwargs)
        if medewerker is not None:
            client.force_authenticate(user=medewerker)
        return client

    return maak


def url(dienst, actie: str = "") -> str:
    pad = f"{BASIS}{dienst.pk}/"
    return f"{pad}{actie}/" if actie else pad


def ids(response) -> set[int]:
    return {rij["id"] for rij in response.json()["results"]}


def tekst(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def vandaag() -> str:
    return timezone.localdate().isoformat()


# --- 1. who sees which dienst ----------------------------------------------------------------------


@pytest.fixture
def drie_teams(team, ander_team, onderzoeker, onderzoeker_ander_team):
    """A dienst of the own team, one of another team, one of another team carried out by us."""
    werkbegeleider_ander = MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"])
    uitgevoerd = maak_dienst(ONDERZOEK, team=ander_team)
    services.dienst_uitvoerder_toewijzen(
        dienst_id=uitgevoerd.pk, door=werkbegeleider_ander, uitvoerder_id=onderzoeker.pk
    )
    return {
        "eigen": maak_dienst(ONDERZOEK, team=team),
        "ander": maak_dienst(VV, met_uitvoerder=onderzoeker_ander_team, status=D.LOPEND),
        "uitgevoerd": vers(uitgevoerd),
    }


def test_onderzoeker_ziet_eigen_team_en_wat_hij_uitvoert(api, onderzoeker, drie_teams):
    response = api(onderzoeker).get(BASIS)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert "count" not in response.json()  # cursor pagination: no COUNT(*) per page
    assert ids(response) == {drie_teams["eigen"].pk, drie_teams["uitgevoerd"].pk}
    rij = next(r for r in response.json()["results"] if r["id"] == drie_teams["eigen"].pk)
    assert rij["melding"] == drie_teams["eigen"].melding.nummer
    assert (rij["type"], rij["status"], rij["uitvoerder"]) == ("onderzoek", "wacht_op_start", None)
    assert rij["team"] == "Team Den Haag Centrum"


def test_dienst_van_ander_team_is_404_zonder_iets_te_verraden(api, onderzoeker, drie_teams):
    ander = drie_teams["ander"]

    response = api(onderzoeker).get(url(ander))

    assert response.status_code == 404
    inhoud = response.content.decode()
    assert ander.melding.nummer not in inhoud
    assert str(kind_van(ander).persoon) not in inhoud
    assert not AuditLog.objects.filter(actie="dienst.api_inzien").exists()


def test_uitvoerder_uit_ander_team_ziet_het_detail(api, onderzoeker, drie_teams):
    response = api(onderzoeker).get(url(drie_teams["uitgevoerd"]))

    assert response.status_code == 200
    assert response.json()["uitvoerder_id"] == onderzoeker.pk


@pytest.mark.parametrize("rol", ["directie", "beheer"])
def test_organisatiebrede_rollen_zien_geen_diensten(api, request, drie_teams, rol):
    """Directie and beheer see no case content: 403 on list and detail, before any lookup."""
    medewerker = request.getfixturevalue(rol)
    client = api(medewerker)

    lijst = client.get(BASIS)
    detail = client.get(url(drie_teams["ander"]))

    assert lijst.status_code == 403
    assert "results" not in lijst.json()
    assert detail.status_code == 403
    assert drie_teams["ander"].melding.nummer not in detail.content.decode()


def test_directie_mag_niets_doen(api, directie, drie_teams):
    ander = drie_teams["ander"]
    voor = aantallen()

    response = api(directie).post(url(ander, "stoppen"), {"reden": "Zomaar."}, format="json")

    assert response.status_code == 403
    assert "casusrol" in response.json()["detail"]
    assert vers(ander).status == D.LOPEND
    assert aantallen() == voor


def test_medewerker_zonder_rol_ziet_niets(api, team, drie_teams):
    zonder_rol = Medewerker.objects.create_user(username="zonderrol", password="x", team=team)
    client = api(zonder_rol)

    lijst = client.get(BASIS)
    detail = client.get(url(drie_teams["eigen"]))

    assert lijst.status_code == 403 and "results" not in lijst.json()
    assert detail.status_code == 403


@pytest.mark.parametrize("methode", ["lijst", "detail", "actie"])
def test_anoniem_krijgt_geen_toegang(api, drie_teams, methode):
    eigen = drie_teams["eigen"]
    voor = aantallen()
    client = api()

    if methode == "lijst":
        response = client.get(BASIS)
    elif methode == "detail":
        response = client.get(url(eigen))
    else:
        response = client.post(url(eigen, "stoppen"), {"reden": "x"}, format="json")

    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Authenticatiegegevens zijn niet opgegeven."
    assert eigen.melding.nummer not in response.content.decode()
    assert aantallen() == voor


def test_sessie_authenticatie(onderzoeker, drie_teams):
    client = APIClient()
    client.force_login(onderzoeker)
    eigen = drie_teams["eigen"]

    lijst = client.get(BASIS)
    actie = client.post(url(eigen, "uitvoerder"), {"uitvoerder": onderzoeker.pk}, format="json")

    assert lijst.status_code == 200
    assert ids(lijst) == {eigen.pk, drie_teams["uitgevoerd"].pk}
    assert actie.status_code == 200, actie.json()
    assert vers(eigen).uitvoerder_id == onderzoeker.pk


def test_persoonlijk_token_geweigerd(onderzoeker, drie_teams):
    token = Token.objects.create(user=onderzoeker)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    eigen = drie_teams["eigen"]

    lijst = client.get(BASIS)
    actie = client.post(url(eigen, "uitvoerder"), {"uitvoerder": onderzoeker.pk}, format="json")

    assert lijst.status_code == actie.status_code == 401
    assert "alleen voor koppelingen" in lijst.json()["detail"]
    assert vers(eigen).uitvoerder_id is None


def test_ongeldig_token_geweigerd(drie_teams):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = client.get(BASIS)

    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_sessie_post_zonder_csrf_geweigerd(onderzoeker, drie_teams):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(onderzoeker)
    eigen = drie_teams["eigen"]

    response = client.post(url(eigen, "uitvoerder"), {"uitvoerder": onderzoeker.pk}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert vers(eigen).uitvoerder_id is None


def test_filter_op_status_en_type(api, onderzoeker, team):
    wachtend = maak_dienst(ONDERZOEK, team=team)
    lopend_vv = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)
    lopend_onderzoek = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    maak_dienst(ONDERZOEK, status=D.LOPEND)  # another team: never listed
    client = api(onderzoeker)

    assert ids(client.get(BASIS, {"status": "lopend"})) == {lopend_vv.pk, lopend_onderzoek.pk}
    assert ids(client.get(BASIS, {"type": "vv"})) == {lopend_vv.pk}
    assert ids(client.get(BASIS, {"type": "onderzoek", "status": "wacht_op_start"})) == {
        wachtend.pk
    }
    fout = client.get(BASIS, {"status": "zomaar"})
    assert fout.status_code == 400
    assert fout.json() == {
        "status": ["Selecteer een geldige keuze. zomaar is geen beschikbare keuze."]
    }


def test_lijst_kost_een_vast_aantal_queries(api, onderzoeker, team):
    client = api(onderzoeker)
    maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)

    with CaptureQueriesContext(connection) as een:
        assert client.get(BASIS).status_code == 200
    for _ in range(3):
        maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)
    with CaptureQueriesContext(connection) as vier:
        response = client.get(BASIS)

    assert len(response.json()["results"]) == 4
    assert len(vier) == len(een)


# --- 2. detail -------------------------------------------------------------------------------------


def test_detail_toont_checklist_en_alles_wat_is_vastgelegd(api, onderzoeker, werkbegeleider):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    kind = kind_van(dienst)
    ouder = dienst.melding.directbetrokkenen.get(rol="gezinslid")
    vader = betrokkene_toevoegen(dienst)
    gesprek(dienst, onderzoeker, kind, vorm="huisbezoek")
    informant(dienst, onderzoeker)
    voorwaarde(dienst, onderzoeker)
    afwijking = services.afwijking_aanvragen(
        dienst_id=dienst.pk,
        door=onderzoeker,
        eis=f"gesprek:{vader.pk}",
        reden="Vader is onvindbaar.",
    )
    services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=werkbegeleider)

    response = api(onderzoeker).get(url(dienst))

    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["melding"], data["status"]) == (
        dienst.pk,
        dienst.melding.nummer,
        "lopend",
    )
    checklist = {e["code"]: e for e in data["checklist"]}
    assert list(checklist) == [
        "gestart",
        f"gesprek:{kind.pk}",
        f"gesprek:{ouder.pk}",
        f"gesprek:{vader.pk}",
        "voorwaarden",
        "informanten",
        "hoor_en_wederhoor",
        "conclusie:km_anders",
    ]
    assert checklist["gestart"]["voldaan"] is True
    assert checklist[f"gesprek:{kind.pk}"]["voldaan"] is True
    assert checklist[f"gesprek:{vader.pk}"] == {
        "code": f"gesprek:{vader.pk}",
        "omschrijving": f"{vader.persoon} is gesproken",
        "voldaan": False,
        "afwijking_aangevraagd": True,
        "afwijking_goedgekeurd": True,
        "afwijkbaar": True,
        "in_orde": True,
    }
    assert checklist["informanten"]["afwijkbaar"] is False
    assert checklist["informanten"]["in_orde"] is False
    assert checklist["hoor_en_wederhoor"]["in_orde"] is False
    assert [(g["directbetrokkene"], g["vorm"], g["naam"]) for g in data["gesprekken"]] == [
        (ouder.pk, "huisbezoek", str(ouder.persoon)),
        (kind.pk, "huisbezoek", str(kind.persoon)),
    ]
    assert data["gestart_op"] is not None
    assert data["laatste_activiteit"] == vandaag()
    assert [i["naam"] for i in data["informanten"]] == ["Huisarts De Vries"]
    assert [v["voor_wie"] for v in data["voorwaarden"]] == ["Beide ouders"]
    assert data["afwijkingen"][0]["goedgekeurd_door"] == str(werkbegeleider)
    assert data["overdracht"] is None
    assert data["monitoringsmomenten"] == []
    assert [(s["van"], s["naar"]) for s in data["statuswijzigingen"]] == [
        ("wacht_op_start", "lopend")
    ]


def test_detail_schrijft_auditregel(api, onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)

    response = api(onderzoeker).get(url(dienst), REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    regel = AuditLog.objects.get(actie="dienst.api_inzien")
    assert (regel.medewerker, regel.object_type, regel.object_id) == (
        onderzoeker,
        "meldingen.melding",
        dienst.melding.nummer,
    )
    assert regel.details == {"dienst": dienst.pk}
    assert regel.ip == "10.1.2.3"


def test_detail_kost_een_vast_aantal_queries(api, onderzoeker, werkbegeleider):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    client = api(onderzoeker)
    afwijking = services.afwijking_aanvragen(
        dienst_id=dienst.pk,
        door=onderzoeker,
        eis=f"gesprek:{kind_van(dienst).pk}",
        reden="Eerst zonder.",
    )
    services.afwijking_goedkeuren(afwijking_id=afwijking.pk, door=werkbegeleider)
    vul_eisen(dienst, onderzoeker)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(url(dienst)).status_code == 200

    for _ in range(3):
        gesprek(dienst, onderzoeker, betrokkene_toevoegen(dienst))
    for naam in ("Wijkagent", "Leerplicht"):
        informant(dienst, onderzoeker, naam=naam)
    voorwaarde(dienst, onderzoeker)
    with CaptureQueriesContext(connection) as veel:
        response = client.get(url(dienst))

    # the start huisbezoek with the parent, one per betrokkene from vul_eisen, three more
    assert len(response.json()["gesprekken"]) == 6
    assert len(response.json()["informanten"]) == 4
    assert len(veel) == len(weinig)


# --- 3. actions: the whole path ----------------------------------------------------------------------


def test_onderzoek_van_uitvoerder_tot_afgesloten_via_de_api(
    api, team, onderzoeker, collega, werkbegeleider
):
    dienst = maak_dienst(ONDERZOEK, team=team, beoordelaar_1=onderzoeker, beoordelaar_2=collega)
    kind = kind_van(dienst)
    client = api(onderzoeker)
    partner = ketenpartner_maken("GGZ Delfland", wachtlijst=True)

    r = client.post(url(dienst, "uitvoerder"), {"uitvoerder": onderzoeker.pk}, format="json")
    assert r.status_code == 200, r.json()
    assert "was ook beoordelaar van deze melding" in r.json()["waarschuwing"]
    assert r.json()["uitvoerder_id"] == onderzoeker.pk

    r = client.post(url(dienst, "starten"), format="json")
    assert r.status_code == 400, "een knop is geen start"
    assert "eerste gesprek of huisbezoek van de uitvoerder" in r.json()["detail"]

    r = client.post(
        url(dienst, "gesprekken"),
        {"directbetrokkene": kind.pk, "datum": vandaag(), "vorm": "gesprek"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert Gesprek.objects.get(pk=r.json()["id"]).directbetrokkene_id == kind.pk
    r = client.get(url(dienst))
    assert r.json()["status"] == "lopend", "het eerste gesprek van de uitvoerder start de dienst"
    assert r.json()["wachttijd_start"] is not None
    assert r.json()["laatste_activiteit"] == vandaag()

    for naam, toestemming, afweging in (("Huisarts", True, ""), ("Juf", False, "Kind gaat voor.")):
        r = client.post(
            url(dienst, "informanten"),
            {
                "naam": naam,
                "organisatie": "Professional",
                "toestemming": toestemming,
                "afweging": afweging,
                "datum": vandaag(),
                "informatie": "Zorgen bevestigd.",
            },
            format="json",
        )
        assert r.status_code == 201, r.json()
    assert Informant.objects.filter(dienst=dienst).count() == 2

    r = client.post(
        url(dienst, "conclusies"),
        {"aanleiding": "km_anders", "uitkomst": "bevestigd", "toelichting": "Letsel gezien."},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert Conclusie.objects.get(dienst=dienst).uitkomst == "bevestigd"

    r = client.post(
        url(dienst, "voorwaarden"),
        {
            "voorwaarde": "Geen fysieke straffen.",
            "voor_wie": "Ouders",
            "sinds": vandaag(),
            "hoe_gecontroleerd": "Huisbezoek.",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert Veiligheidsvoorwaarde.objects.filter(dienst=dienst).exists()

    r = client.post(
        url(dienst, "bevindingen"),
        {"hoor_en_wederhoor": "Ouders reageerden.", "verzoek_raad": True},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert (r.json()["hoor_en_wederhoor"], r.json()["verzoek_raad"]) == (
        "Ouders reageerden.",
        True,
    )
    assert all(e["in_orde"] for e in r.json()["checklist"])

    r = client.post(url(dienst, "afronden"), format="json")
    assert r.status_code == 200 and r.json()["status"] == "afgerond"

    r = client.post(
        url(dienst, "overdracht"),
        {
            "ketenpartner": partner.pk,
            "contactpersoon": "Mevrouw Bakker",
            "wachtlijst": True,
            "afspraken": [
                {
                    "wat": "Vader woont tijdelijk elders.",
                    "wie": "Vader",
                    "uiterlijk": (timezone.localdate() + timedelta(days=14)).isoformat(),
                    "hoe_gecontroleerd": "Wijkagent gaat langs.",
                }
            ],
        },
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "op_ketenpartner"
    assert r.json()["overdracht"]["ketenpartner_naam"] == "GGZ Delfland"
    assert [a["wat"] for a in r.json()["overdracht"]["afspraken"]] == [
        "Vader woont tijdelijk elders."
    ]

    r = client.post(url(dienst, "ketenpartner-gestart"), format="json")
    assert r.status_code == 200 and r.json()["status"] == "overdracht"

    r = client.post(url(dienst, "monitoring-starten"), {"vanaf": vandaag()}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "monitoring"
    momenten = r.json()["monitoringsmomenten"]
    assert len(momenten) == 5

    for moment in momenten:
        r = client.post(
            url(dienst, f"monitoringsmomenten/{moment['id']}"),
            {"voorwaarden_nagekomen": True, "veilig": True, "toelichting": "In orde."},
            format="json",
        )
        assert r.status_code == 200, r.json()
        assert r.json()["nieuwe_melding"] is None

    r = client.post(
        TERUGKOPPELINGEN,
        {
            "melding": dienst.melding.nummer,
            "moment": "na_dienst",
            "wijze": "telefonisch",
            "op": (timezone.now() - timedelta(minutes=1)).isoformat(),
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["melding"] == dienst.melding.nummer

    r = client.post(
        url(dienst, "afsluiten"),
        {"afsluitbrief_op": vandaag(), "ervaringsonderzoek": False, "contra_indicatie": "Crisis."},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "afgesloten"
    assert (r.json()["ervaringsonderzoek"], r.json()["contra_indicatie"]) == (False, "Crisis.")
    assert [t["moment"] for t in r.json()["terugkoppelingen"]] == ["na_dienst"]
    assert [s["naar"] for s in r.json()["statuswijzigingen"]] == [
        "lopend",
        "afgerond",
        "op_ketenpartner",
        "overdracht",
        "monitoring",
        "afgesloten",
    ]
    assert vers(dienst).status == D.AFGESLOTEN


def test_uitvoerder_zonder_waarschuwing_bij_vv(api, team, onderzoeker, collega):
    dienst = maak_dienst(VV, team=team, beoordelaar_1=onderzoeker, beoordelaar_2=collega)

    r = api(onderzoeker).post(url(dienst, "uitvoerder"), {"uitvoerder": collega.pk}, format="json")

    assert r.status_code == 200
    assert r.json()["waarschuwing"] == ""
    assert vers(dienst).uitvoerder_id == collega.pk


def test_afwijking_aanvragen_en_goedkeuren(api, onderzoeker, werkbegeleider):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)

    kind = kind_van(dienst)
    r = api(onderzoeker).post(
        url(dienst, "afwijkingen"),
        {"eis": f"gesprek:{kind.pk}", "reden": "Het kind wilde niet praten."},
        format="json",
    )
    assert r.status_code == 201, r.json()
    afwijking_id = r.json()["id"]
    assert r.json()["omschrijving"] == (
        f"{kind.persoon} is gesproken in een gesprek of huisbezoek (telefonisch telt niet)"
    )

    eigen = api(onderzoeker).post(url(dienst, f"afwijkingen/{afwijking_id}/goedkeuren"))
    assert eigen.status_code == 403
    assert "werkbegeleider" in eigen.json()["detail"]
    assert Afwijking.objects.get(pk=afwijking_id).goedgekeurd_door is None

    r = api(werkbegeleider).post(url(dienst, f"afwijkingen/{afwijking_id}/goedkeuren"))
    assert r.status_code == 200, r.json()
    assert r.json()["goedgekeurd_door"] == str(werkbegeleider)
    assert Afwijking.objects.get(pk=afwijking_id).goedgekeurd_door == werkbegeleider


def test_afwijking_of_moment_van_een_andere_dienst_is_404(api, onderzoeker, werkbegeleider):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.MONITORING)
    andere = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    afwijking = services.afwijking_aanvragen(
        dienst_id=andere.pk, door=onderzoeker, eis=f"gesprek:{kind_van(andere).pk}", reden="Reden."
    )
    ander_moment = maak_dienst(
        ONDERZOEK, met_uitvoerder=onderzoeker, status=D.MONITORING
    ).monitoringsmomenten.first()
    voor = aantallen()

    goedkeuren = api(werkbegeleider).post(url(dienst, f"afwijkingen/{afwijking.pk}/goedkeuren"))
    moment = api(onderzoeker).post(
        url(dienst, f"monitoringsmomenten/{ander_moment.pk}"),
        {"voorwaarden_nagekomen": False, "veilig": False, "toelichting": "Onveilig."},
        format="json",
    )

    assert goedkeuren.status_code == 404
    assert moment.status_code == 404
    assert aantallen() == voor


def test_mislukt_monitoringsmoment_geeft_nummer_van_de_nieuwe_melding(api, onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.MONITORING)
    moment = dienst.monitoringsmomenten.order_by("gepland_op").first()

    r = api(onderzoeker).post(
        url(dienst, f"monitoringsmomenten/{moment.pk}"),
        {"voorwaarden_nagekomen": False, "veilig": True, "toelichting": "Vader weer thuis."},
        format="json",
    )

    assert r.status_code == 200, r.json()
    nieuw = Melding.objects.get(nummer=r.json()["nieuwe_melding"])
    assert nieuw.kanaal == Kanaal.MONITORING and nieuw.status == MeldingStatus.ONTVANGEN
    assert Monitoringsmoment.objects.get(pk=moment.pk).nieuwe_melding == nieuw


def test_stoppen_met_reden(api, onderzoeker):
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)

    r = api(onderzoeker).post(url(dienst, "stoppen"), {"reden": "Verhuisd."}, format="json")

    assert r.status_code == 200
    assert (r.json()["status"], r.json()["stopreden"]) == ("gestopt", "Verhuisd.")
    assert vers(dienst).status == D.GESTOPT


# --- 4. refusals: other team, role, bad input -----------------------------------------------------------


ACTIES = [
    ("uitvoerder", {"uitvoerder": 0}),
    ("starten", {}),
    ("gesprekken", {"directbetrokkene": 0, "datum": "2026-01-05", "vorm": "gesprek"}),
    ("informanten", {"naam": "x", "organisatie": "x", "toestemming": True, "datum": "2026-01-05", "informatie": "x"}),
    ("conclusies", {"aanleiding": "km_anders", "uitkomst": "bevestigd", "toelichting": "x"}),
    ("voorwaarden", {"voorwaarde": "x", "voor_wie": "x", "sinds": "2026-01-05", "hoe_gecontroleerd": "x"}),
    ("bevindingen", {"hoor_en_wederhoor": "x"}),
    ("afwijkingen", {"eis": "informanten", "reden": "x"}),
    ("afronden", {}),
    ("overdracht", {"ketenpartner": 0, "afspraken": []}),
    ("ketenpartner-gestart", {}),
    ("monitoring-starten", {}),
    ("afsluiten", {"afsluitbrief_op": "2026-01-05"}),
    ("stoppen", {"reden": "x"}),
]  # fmt: skip


@pytest.mark.parametrize(("actie", "invoer"), ACTIES, ids=[a for a, _ in ACTIES])
def test_acties_op_dienst_van_ander_team_geven_404(api, onderzoeker, drie_teams, actie, invoer):
    ander = drie_teams["ander"]
    voor = aantallen()

    response = api(onderzoeker).post(url(ander, actie), invoer, format="json")

    assert response.status_code == 404
    assert ander.melding.nummer not in response.content.decode()
    assert vers(ander).status == D.LOPEND
    assert aantallen() == voor


@pytest.mark.parametrize(("actie", "invoer"), ACTIES, ids=[a for a, _ in ACTIES])
def test_ongeldige_invoer_op_dienst_van_ander_team_is_ook_404(
    api, onderzoeker, drie_teams, actie, invoer
):
    """The scope is checked before the input, so a 400 never hints that the dienst exists."""
    ander = drie_teams["ander"]
    voor = aantallen()

    response = api(onderzoeker).post(url(ander, actie), {"datum": "kapot"}, format="json")

    assert response.status_code == 404
    assert aantallen() == voor


@pytest.mark.parametrize(
    ("actie", "invoer"),
    [
        ("starten", {}),
        ("afronden", {}),
        ("stoppen", {"reden": "Verhuisd."}),
        ("bevindingen", {"hoor_en_wederhoor": "x"}),
        ("uitvoerder", "zelf"),
    ],
)
def test_gedragswetenschapper_mag_geen_acties_doen(
    api, onderzoeker, gedragswetenschapper, actie, invoer
):
    status = D.WACHT_OP_START if actie == "starten" else D.LOPEND
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=status)
    if invoer == "zelf":
        invoer = {"uitvoerder": onderzoeker.pk}
    client = api(gedragswetenschapper)

    assert client.get(url(dienst)).status_code == 404, "niet geconsulteerd: niet te zien"
    consult_met(dienst.melding, gedragswetenschapper)
    assert client.get(url(dienst)).status_code == 200, "geconsulteerd: zien mag wel"
    voor = aantallen()
    response = client.post(url(dienst, actie), invoer, format="json")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Alleen ")
    assert vers(dienst).status == status
    assert aantallen() == voor


def test_collega_die_niet_uitvoert_krijgt_403(api, onderzoeker, collega):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker)
    voor = aantallen()

    response = api(collega).post(url(dienst, "starten"))

    assert response.status_code == 403
    assert "Alleen de uitvoerder of een werkbegeleider" in response.json()["detail"]
    assert vers(dienst).status == D.WACHT_OP_START
    assert aantallen() == voor


def _morgen() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


ONGELDIG = [
    # (status, action, input, field, Dutch error text)
    (D.WACHT_OP_START, "uitvoerder", {}, "uitvoerder", "Dit veld is vereist."),
    (D.WACHT_OP_START, "uitvoerder", {"uitvoerder": "gw"}, "uitvoerder", "De uitvoerder moet een actieve onderzoeker zijn."),
    (D.LOPEND, "gesprekken", {"directbetrokkene": "kind", "datum": "morgen", "vorm": "gesprek"}, "datum", "De datum ligt in de toekomst."),
    (D.LOPEND, "gesprekken", {"directbetrokkene": "kind", "datum": "2026-13-45", "vorm": "gesprek"}, "datum", "Vul een geldige datum in (JJJJ-MM-DD)."),
    (D.LOPEND, "gesprekken", {"directbetrokkene": "kind", "datum": "vandaag", "vorm": "brief"}, "vorm", "is een ongeldige keuze."),
    (D.LOPEND, "gesprekken", {"directbetrokkene": 999999, "datum": "vandaag", "vorm": "gezien"}, "directbetrokkene", "Kies een directbetrokkene van deze melding."),
    (D.LOPEND, "informanten", {"naam": "Juf", "organisatie": "School", "toestemming": False, "datum": "vandaag", "informatie": "x"}, "afweging", "Zonder toestemming is een vastgelegde afweging verplicht."),
    (D.LOPEND, "conclusies", {"aanleiding": "partnergeweld", "uitkomst": "bevestigd", "toelichting": "x"}, "aanleiding", "Deze melding gaat niet over dit type geweld."),
    (D.LOPEND, "conclusies", {"aanleiding": "km_anders", "uitkomst": "voortijdig_afgesloten", "toelichting": "x"}, "reden_voortijdig", "Kies waarom het onderzoek voortijdig is afgesloten."),
    (D.LOPEND, "voorwaarden", {"voorwaarde": " ", "voor_wie": "Vader", "sinds": "vandaag", "hoe_gecontroleerd": "x"}, "voorwaarde", "Beschrijf de voorwaarde."),
    (D.LOPEND, "bevindingen", {}, "non_field_errors", "Vul minstens één bevinding in."),
    (D.LOPEND, "bevindingen", {"erkenning_zorgen": "Ja"}, "erkenning_zorgen", "Hoort niet bij deze dienst."),
    (D.LOPEND, "afwijkingen", {"eis": "bestaat_niet", "reden": "x"}, "eis", "Deze eis bestaat niet voor deze dienst."),
    (D.LOPEND, "stoppen", {}, "reden", "Geef de reden van het stoppen."),
    (D.AFGEROND, "overdracht", {"ketenpartner": "partner", "afspraken": [{"wat": "x", "wie": "x", "hoe_gecontroleerd": "x"}]}, "afspraken.0.uiterlijk", "Vul in wanneer dit uiterlijk geregeld is."),
    (D.AFGEROND, "overdracht", {"ketenpartner": "partner", "afspraken": [{"wat": "", "wie": "x", "uiterlijk": "vandaag", "hoe_gecontroleerd": "x"}]}, "afspraken.0.wat", "Dit veld mag niet leeg zijn."),
    (D.AFGEROND, "overdracht", {"ketenpartner": "partner", "afspraken": []}, "afspraken", "Leg minstens één concrete veiligheidsafspraak vast."),
    (D.AFGEROND, "overdracht", {"ketenpartner": "partner", "afspraken": [{"wat": "x", "uiterlijk": "vandaag", "hoe_gecontroleerd": "x"}]}, "afspraken.0.wie", "Dit veld mag niet leeg zijn."),
    (D.AFGEROND, "overdracht", {"ketenpartner": "partner", "afspraken": [{"wat": "x", "wie": "x", "uiterlijk": "31-12", "hoe_gecontroleerd": "x"}]}, "afspraken", "Vul een geldige datum in (JJJJ-MM-DD)."),
    (D.AFGEROND, "overdracht", {"ketenpartner": 999999, "afspraken": [{"wat": "x", "wie": "x", "uiterlijk": "vandaag", "hoe_gecontroleerd": "x"}]}, "ketenpartner", "Kies een ketenpartner."),
    (D.AFGEROND, "monitoring-starten", {"vanaf": "gisteren?"}, "vanaf", "Vul een geldige datum in (JJJJ-MM-DD)."),
    (D.MONITORING, "afsluiten", {"afsluitbrief_op": "vandaag"}, "detail", "terugkoppeling aan de melder na de dienst"),
]  # fmt: skip


def _vul_in(waarde, dienst, gedragswetenschapper):
    """Replace placeholders in the test input by real values."""
    if isinstance(waarde, dict):
        return {k: _vul_in(v, dienst, gedragswetenschapper) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_vul_in(v, dienst, gedragswetenschapper) for v in waarde]
    return (
        {
            "kind": kind_van(dienst).pk if waarde == "kind" else None,
            "gw": gedragswetenschapper.pk,
            "vandaag": vandaag(),
            "morgen": _morgen(),
            "partner": ketenpartner_maken().pk if waarde == "partner" else None,
        }.get(waarde, waarde)
        if isinstance(waarde, str)
        else waarde
    )


@pytest.mark.parametrize(
    ("status", "actie", "invoer", "veld", "fout"),
    ONGELDIG,
    ids=[f"{a}-{v}-{i}" for i, (_s, a, _inv, v, _f) in enumerate(ONGELDIG)],
)
def test_ongeldige_invoer_geeft_400_met_nederlandse_veldfout_en_verandert_niets(
    api, onderzoeker, gedragswetenschapper, status, actie, invoer, veld, fout
):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=status)
    invoer = _vul_in(invoer, dienst, gedragswetenschapper)
    ketenpartner_maken()
    voor = aantallen()
    velden_voor = Vervolgdienst.objects.filter(pk=dienst.pk).values().get()

    response = api(onderzoeker).post(url(dienst, actie), invoer, format="json")

    assert response.status_code == 400, response.json()
    assert veld in response.json(), response.json()
    assert fout in json.dumps(response.json()[veld], ensure_ascii=False)
    assert aantallen() == voor
    assert Vervolgdienst.objects.filter(pk=dienst.pk).values().get() == velden_voor
    assert vers(dienst).status == status


def test_afronden_geweigerd_noemt_de_onvervulde_eisen(api, onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.LOPEND)
    voor = aantallen()

    response = api(onderzoeker).post(url(dienst, "afronden"))

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("De dienst kan nog niet worden afgerond.")
    assert f"{kind_van(dienst).persoon} is gesproken" in detail
    assert "Minstens 2 informanten" in detail
    assert "Hoor en wederhoor" in detail
    assert vers(dienst).status == D.LOPEND
    assert aantallen() == voor


def test_actie_in_verkeerde_status_geeft_400(api, onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.AFGEROND)
    voor = aantallen()

    response = api(onderzoeker).post(
        url(dienst, "gesprekken"),
        {"directbetrokkene": kind_van(dienst).pk, "datum": vandaag(), "vorm": "gesprek"},
        format="json",
    )

    assert response.status_code == 400
    assert "zolang de dienst loopt (nu: afgerond)" in response.json()["detail"]
    assert aantallen() == voor


# --- 5. terugkoppeling ---------------------------------------------------------------------------------


def test_terugkoppeling_vastleggen(api, onderzoeker):
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)
    op = timezone.now() - timedelta(hours=2)

    r = api(onderzoeker).post(
        TERUGKOPPELINGEN,
        {
            "melding": dienst.melding.nummer,
            "moment": "na_beoordeling",
            "wijze": "brief",
            "op": op.isoformat(),
            "toelichting": "Brief verstuurd.",
        },
        format="json",
    )

    assert r.status_code == 201, r.json()
    opgeslagen = Terugkoppeling.objects.get(pk=r.json()["id"])
    assert (opgeslagen.melding_id, opgeslagen.moment, opgeslagen.wijze, opgeslagen.op) == (
        dienst.melding_id,
        "na_beoordeling",
        "brief",
        op,
    )
    assert opgeslagen.door == onderzoeker


@pytest.mark.parametrize(
    ("wijziging", "veld", "fout"),
    [
        ({"melding": "ander_team"}, "melding", "Deze melding bestaat niet of u heeft er geen toegang toe."),
        ({"melding": "VT-2099-000001"}, "melding", "Deze melding bestaat niet of u heeft er geen toegang toe."),
        ({"op": "toekomst"}, "op", "Vul een moment in dat niet in de toekomst ligt."),
        ({"wijze": "niet_mogelijk"}, "toelichting", "Leg uit waarom terugkoppeling niet mogelijk was."),
        ({"moment": "ooit"}, "moment", "is een ongeldige keuze."),
    ],
)  # fmt: skip
def test_terugkoppeling_met_onjuiste_invoer(
    api, onderzoeker, onderzoeker_ander_team, wijziging, veld, fout
):
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)
    ander = maak_dienst(VV, met_uitvoerder=onderzoeker_ander_team)
    invoer = {
        "melding": dienst.melding.nummer,
        "moment": "na_dienst",
        "wijze": "telefonisch",
        "op": (timezone.now() - timedelta(minutes=1)).isoformat(),
    } | wijziging
    if invoer["melding"] == "ander_team":
        invoer["melding"] = ander.melding.nummer
    if invoer["op"] == "toekomst":
        invoer["op"] = (timezone.now() + timedelta(hours=3)).isoformat()
    voor = aantallen()

    r = api(onderzoeker).post(TERUGKOPPELINGEN, invoer, format="json")

    assert r.status_code == 400, r.json()
    assert fout in json.dumps(r.json()[veld], ensure_ascii=False)
    assert ander.melding.nummer not in json.dumps(r.json())
    assert aantallen() == voor


def test_terugkoppeling_door_gedragswetenschapper_mag_wel(api, onderzoeker, gedragswetenschapper):
    """Informing the melder is a task of every case role on the case, not only the uitvoerder."""
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)
    # A GW sees (only) the cases it is consulted on.
    consult_met(dienst.melding, gedragswetenschapper)

    r = api(gedragswetenschapper).post(
        TERUGKOPPELINGEN,
        {
            "melding": dienst.melding.nummer,
            "moment": "na_beoordeling",
            "wijze": "niet_mogelijk",
            "op": timezone.now().isoformat(),
            "toelichting": "Melder anoniem.",
        },
        format="json",
    )

    assert r.status_code == 201, r.json()
    assert Terugkoppeling.objects.get().door == gedragswetenschapper


def test_terugkoppeling_door_directie_403(api, directie, onderzoeker):
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.LOPEND)
    voor = aantallen()

    r = api(directie).post(
        TERUGKOPPELINGEN,
        {
            "melding": dienst.melding.nummer,
            "moment": "na_dienst",
            "wijze": "brief",
            "op": timezone.now().isoformat(),
        },
        format="json",
    )

    assert r.status_code == 403
    assert aantallen() == voor


# --- 6. afsluiten needs everything -------------------------------------------------------------------


def test_afsluiten_via_api_na_monitoring_en_terugkoppeling(api, onderzoeker):
    dienst = maak_dienst(VV, met_uitvoerder=onderzoeker, status=D.MONITORING)
    alle_momenten_vastleggen(dienst, onderzoeker)
    client = api(onderzoeker)

    zonder_contra = client.post(
        url(dienst, "afsluiten"), {"afsluitbrief_op": vandaag(), "ervaringsonderzoek": False}
    )
    assert zonder_contra.status_code == 400
    assert "contra-indicatie" in zonder_contra.json()["detail"]
    assert vers(dienst).status == D.MONITORING

    terugkoppeling_na_dienst(dienst, onderzoeker)
    r = client.post(url(dienst, "afsluiten"), {"afsluitbrief_op": vandaag()}, format="json")

    assert r.status_code == 200, r.json()
    dienst = vers(dienst)
    assert dienst.status == D.AFGESLOTEN
    assert dienst.afsluitbrief_op == timezone.localdate() and dienst.ervaringsonderzoek is True


def test_overdracht_zonder_afspraken_slaat_niets_op(api, onderzoeker):
    dienst = maak_dienst(ONDERZOEK, met_uitvoerder=onderzoeker, status=D.AFGEROND)
    partner = ketenpartner_maken()
    voor = aantallen()

    r = api(onderzoeker).post(
        url(dienst, "overdracht"),
        {"ketenpartner": partner.pk, "afspraken": [afspraak(uiterlijk=None).__dict__]},
        format="json",
    )

    assert r.status_code == 400
    assert r.json()["afspraken.0.uiterlijk"] == ["Vul in wanneer dit uiterlijk geregeld is."]
    assert not Overdracht.objects.exists()
    assert aantallen() == voor


# --- 7. schema -------------------------------------------------------------------------------------


def test_schema_beschrijft_de_diensten_api(api, onderzoeker):
    response = api(onderzoeker).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paden = json.loads(response.content)["paths"]
    for pad in (
        "/api/v1/diensten/",
        "/api/v1/diensten/{id}/",
        "/api/v1/diensten/{id}/uitvoerder/",
        "/api/v1/diensten/{id}/starten/",
        "/api/v1/diensten/{id}/gesprekken/",
        "/api/v1/diensten/{id}/informanten/",
        "/api/v1/diensten/{id}/conclusies/",
        "/api/v1/diensten/{id}/voorwaarden/",
        "/api/v1/diensten/{id}/bevindingen/",
        "/api/v1/diensten/{id}/afwijkingen/",
        "/api/v1/diensten/{id}/afwijkingen/{afwijking_id}/goedkeuren/",
        "/api/v1/diensten/{id}/afronden/",
        "/api/v1/diensten/{id}/overdracht/",
        "/api/v1/diensten/{id}/ketenpartner-gestart/",
        "/api/v1/diensten/{id}/monitoring-starten/",
        "/api/v1/diensten/{id}/monitoringsmomenten/{moment_id}/",
        "/api/v1/diensten/{id}/afsluiten/",
        "/api/v1/diensten/{id}/stoppen/",
        "/api/v1/diensten/terugkoppelingen/",
    ):
        assert pad in paden, pad
    lijst_parameters = {p["name"] for p in paden["/api/v1/diensten/"]["get"]["parameters"]}
    assert {"status", "type"} <= lijst_parameters
    goedkeuren = paden["/api/v1/diensten/{id}/afwijkingen/{afwijking_id}/goedkeuren/"]["post"]
    assert {p["name"]: p["schema"]["type"] for p in goedkeuren["parameters"]} == {
        "id": "integer",
        "afwijking_id": "integer",
    }
    overdracht = paden["/api/v1/diensten/{id}/overdracht/"]["post"]
    schema_ref = overdracht["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    componenten = json.loads(response.content)["components"]["schemas"]
    invoer = componenten[schema_ref.rsplit("/", 1)[1]]
    assert invoer["properties"]["afspraken"]["type"] == "array"
    assert "201" in paden["/api/v1/diensten/{id}/gesprekken/"]["post"]["responses"]
    uitvoerder = paden["/api/v1/diensten/{id}/uitvoerder/"]["post"]["responses"]["200"]
    antwoord_ref = uitvoerder["content"]["application/json"]["schema"]["$ref"]
    assert "waarschuwing" in componenten[antwoord_ref.rsplit("/", 1)[1]]["properties"]


def test_schema_niet_voor_anoniem(api):
    response = api().get("/api/schema/")
    assert response.status_code in (401, 403)
    assert b"/api/v1/diensten/" not in response.content
