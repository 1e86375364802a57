"""REST API for adviezen and meldingen: who sees what, input validation, every transition action.

Each test checks the response *and* what is (or is not) in the database afterwards: a refused
request must leave nothing behind.
"""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meldingen.keuzes import AdviesStatus, MeldingStatus, Urgentie
from meldingen.models import (
    Advies,
    Besluit,
    Directbetrokkene,
    Huishouden,
    Journaalregel,
    Melder,
    Melding,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
)
from tests.factories import AdviesFactory, MedewerkerFactory, MeldingFactory, PersoonFactory
from tests.meldingen.besluithulp import contact_vastleggen, terugkoppelen
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from veiligthuis.models import Medewerker

MELDINGEN = "/api/v1/meldingen/"
ADVIEZEN = "/api/v1/adviezen/"
NUMMER_MELDING = re.compile(r"^VT-\d{4}-\d{6}$")
NUMMER_ADVIES = re.compile(r"^AD-\d{4}-\d{6}$")
GELDIG_BSN = "111222333"  # passes the 11-proef
ONGELDIG_BSN = "123456789"  # fails the 11-proef


@pytest.fixture
def api():
    """`api(medewerker)` gives an APIClient authenticated as that medewerker (None: anonymous)."""

    def maak(medewerker=None, **kwargs):
        client = APIClient(**kwargs)
        if medewerker is not None:
            client.force_authenticate(user=medewerker)
        return client

    return maak


def _url(melding_of_advies, actie: str = "") -> str:
    basis = ADVIEZEN if isinstance(melding_of_advies, Advies) else MELDINGEN
    pad = f"{basis}{melding_of_advies.nummer}/"
    return f"{pad}{actie}/" if actie else pad


def _nummers(response) -> set[str]:
    return {rij["nummer"] for rij in response.json()["results"]}


def _tekst(waarde) -> str:
    """All error text under a key, nested lists and dicts included, as one string."""
    return json.dumps(waarde, ensure_ascii=False)


def _aantallen() -> dict[str, int]:
    modellen = (
        Melding,
        Persoon,
        Melder,
        Directbetrokkene,
        Huishouden,
        Journaalregel,
        Advies,
        VeiligheidsbeoordelingA,
        VeiligheidsbeoordelingB,
        Besluit,
        Statuswijziging,
    )
    return {m.__name__: m.objects.count() for m in modellen}


def _melding_invoer(**wijzigingen) -> dict:
    invoer = {
        "ontvangen_op": (timezone.now() - timedelta(hours=1)).isoformat(),
        "kanaal": "telefoon",
        "samenvatting": "Buurvrouw hoort elke avond geschreeuw; het kind huilt lang.",
        "melder": {
            "hoedanigheid": "buurtbewoner",
            "naam": "A. Jansen",
            "telefoon": "0612345678",
            "identiteit_delen": False,
        },
        "directbetrokkenen": [
            {
                "rol": "kind",
                "voornamen": "Sanne",
                "achternaam": "Vries",
                "tussenvoegsel": "de",
                "geboortedatum": "2016-03-01",
                "geslacht": "vrouw",
                "bsn": GELDIG_BSN,
            },
            {"rol": "pleger", "voornamen": "Kees", "achternaam": "Vries", "tussenvoegsel": "de"},
        ],
        "aanleidingen": ["km_anders"],
        "aarden": ["psychisch_geweld", "getuige"],
        "adres": {
            "straat": "Laan van Meerdervoort",
            "huisnummer": "12",
            "postcode": "2517 aa",
            "woonplaats": "Den Haag",
        },
    }
    invoer.update(wijzigingen)
    return invoer


def _advies_invoer(**wijzigingen) -> dict:
    invoer = {
        "ontvangen_op": (timezone.now() - timedelta(minutes=30)).isoformat(),
        "kanaal": "telefoon",
        "hoedanigheid": "gz_huisarts",
        "aanleiding": "km_anders",
        "onderwerp": "Blauwe plekken bij een kleuter",
        "samenvatting": "Signalen besproken; huisarts overweegt een melding.",
    }
    invoer.update(wijzigingen)
    return invoer


def _vul_instrument(melding: Melding, antwoord: str = "nee") -> None:
    """B done: the instrument answered and a gesprek logged (meldingen.protocol.contact_of_reden)."""
    VeiligheidsbeoordelingB.objects.filter(melding=melding).update(
        acute_onveiligheid=antwoord,
        structurele_onveiligheid=antwoord,
        disfunctioneren=antwoord,
        zorgen_ontwikkeling=antwoord,
    )
    contact_vastleggen(melding)


@pytest.fixture
def in_beoordeling(team, onderzoeker, collega):
    """A melding of the own team that `onderzoeker` and `collega` are assessing."""
    return MeldingFactory(
        team=team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )


# --- 1. visibility per team and role ---------------------------------------------------------


@pytest.fixture
def meldingen_drie_teams(team, ander_team, onderzoeker, onderzoeker_ander_team):
    """One melding of the own team, one of another team, one of another team assigned to us."""
    return {
        "eigen": MeldingFactory(team=team),
        "ander": MeldingFactory(team=ander_team),
        "toegewezen": MeldingFactory(
            team=ander_team,
            in_beoordeling=True,
            beoordelaar_1=onderzoeker_ander_team,
            beoordelaar_2=onderzoeker,
        ),
    }


def test_onderzoeker_ziet_eigen_team_en_toegewezen_meldingen(
    api, onderzoeker, meldingen_drie_teams
):
    response = api(onderzoeker).get(MELDINGEN)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert "count" not in response.json()  # cursor pagination: no COUNT(*) per page
    assert _nummers(response) == {
        meldingen_drie_teams["eigen"].nummer,
        meldingen_drie_teams["toegewezen"].nummer,
    }


def test_onderzoeker_krijgt_404_op_melding_van_ander_team(api, onderzoeker, meldingen_drie_teams):
    ander = meldingen_drie_teams["ander"]

    response = api(onderzoeker).get(_url(ander))

    assert response.status_code == 404
    assert ander.nummer not in response.content.decode()
    assert ander.samenvatting not in response.content.decode()


def test_toegewezen_beoordelaar_uit_ander_team_ziet_detail(api, onderzoeker, meldingen_drie_teams):
    toegewezen = meldingen_drie_teams["toegewezen"]

    response = api(onderzoeker).get(_url(toegewezen))

    assert response.status_code == 200
    assert response.json()["nummer"] == toegewezen.nummer


@pytest.mark.parametrize(
    ("actie", "invoer"),
    [
        ("screenen", {"uitkomst": "acuut", "toelichting": "Kind heeft letsel."}),
        ("journaal", {"soort": "feit", "bron": "Politie", "tekst": "Nog een incident."}),
        ("informeren-verlengen", {"reden": "Moeder onbereikbaar."}),
        ("afsluiten", {"toelichting": ""}),
    ],
)
def test_acties_op_melding_van_ander_team_geven_404(
    api, onderzoeker, meldingen_drie_teams, actie, invoer
):
    ander = meldingen_drie_teams["ander"]
    voor = _aantallen()

    response = api(onderzoeker).post(_url(ander, actie), invoer, format="json")

    assert response.status_code == 404
    ander.refresh_from_db()
    assert ander.status == MeldingStatus.ONTVANGEN
    assert ander.informeren_verlengd == 0
    assert _aantallen() == voor


def test_oppakken_van_melding_van_ander_team_geeft_404(api, onderzoeker, collega, ander_team):
    melding = MeldingFactory(team=ander_team, op_triagelijst=True)

    response = api(onderzoeker).post(
        _url(melding, "oppakken"), {"tweede": collega.pk}, format="json"
    )

    assert response.status_code == 404
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST
    assert melding.beoordelaar_1_id is None


@pytest.mark.parametrize("rol_fixture", ["directie", "beheer"])
def test_organisatiebrede_rollen_zien_geen_casussen(
    api, request, meldingen_drie_teams, rol_fixture
):
    """Directie works with aggregates, beheer with configuration: no case list or detail (403)."""
    medewerker = request.getfixturevalue(rol_fixture)

    lijst = api(medewerker).get(MELDINGEN)
    detail = api(medewerker).get(_url(meldingen_drie_teams["eigen"]))

    assert lijst.status_code == 403
    assert "results" not in lijst.json()
    assert detail.status_code == 403
    assert meldingen_drie_teams["eigen"].nummer not in detail.content.decode()


def test_secretariaat_ziet_eigen_team_maar_mag_niet_screenen(api, team, meldingen_drie_teams):
    secretariaat = MedewerkerFactory(team=team, rollen=["secretariaat"])
    eigen = meldingen_drie_teams["eigen"]

    lijst = api(secretariaat).get(MELDINGEN)
    screenen = api(secretariaat).post(
        _url(eigen, "screenen"), {"uitkomst": "acuut", "toelichting": "x"}, format="json"
    )

    assert lijst.status_code == 200
    assert _nummers(lijst) == {eigen.nummer}
    assert screenen.status_code == 403
    assert "onderzoeker" in screenen.json()["detail"]
    eigen.refresh_from_db()
    assert eigen.status == MeldingStatus.ONTVANGEN
    assert not VeiligheidsbeoordelingA.objects.filter(melding=eigen).exists()


def test_medewerker_zonder_rol_ziet_niets(api, team, meldingen_drie_teams):
    # MedewerkerFactory gives an onderzoeker role when `rollen` is empty, so build one directly.
    zonder_rol = Medewerker.objects.create_user(username="zonderrol", password="x", team=team)
    client = api(zonder_rol)

    lijst = client.get(MELDINGEN)
    detail = client.get(_url(meldingen_drie_teams["eigen"]))
    adviezen = client.get(ADVIEZEN)

    # Without a case role every case endpoint refuses before any lookup.
    assert lijst.status_code == 403
    assert "results" not in lijst.json()
    assert detail.status_code == 403
    assert adviezen.status_code == 403
    assert "results" not in adviezen.json()


@pytest.mark.parametrize("url", [MELDINGEN, ADVIEZEN])
def test_anoniem_krijgt_geen_toegang(api, meldingen_drie_teams, url):
    response = api().get(url)

    assert response.status_code in (401, 403)
    assert "results" not in response.json()
    assert response.json()["detail"] == "Authenticatiegegevens zijn niet opgegeven."


def test_anoniem_kan_geen_melding_registreren(api, onderzoeker):
    voor = _aantallen()

    response = api().post(MELDINGEN, _melding_invoer(), format="json")

    assert response.status_code in (401, 403)
    assert _aantallen() == voor


def test_sessie_authenticatie_geeft_gegevens(onderzoeker, meldingen_drie_teams):
    client = APIClient()
    client.force_login(onderzoeker)

    response = client.get(MELDINGEN)

    assert response.status_code == 200
    assert meldingen_drie_teams["eigen"].nummer in _nummers(response)
    assert meldingen_drie_teams["ander"].nummer not in _nummers(response)


def test_ongeldig_token_wordt_geweigerd(meldingen_drie_teams):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = client.get(MELDINGEN)

    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_persoonlijk_token_geweigerd_ook_zonder_csrf(onderzoeker):
    """Tokens are for koppelingen only: a person's token is a 401 and registers nothing."""
    token = Token.objects.create(user=onderzoeker)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    voor = _aantallen()

    response = client.post(MELDINGEN, _melding_invoer(), format="json")

    assert response.status_code == 401
    assert "alleen voor koppelingen" in response.json()["detail"]
    assert _aantallen() == voor


def test_sessie_post_zonder_csrf_token_geweigerd(onderzoeker):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(onderzoeker)
    voor = _aantallen()

    lezen = client.get(MELDINGEN)
    schrijven = client.post(MELDINGEN, _melding_invoer(), format="json")

    assert lezen.status_code == 200
    assert schrijven.status_code == 403
    assert "CSRF" in schrijven.json()["detail"]
    assert _aantallen() == voor


def test_filter_op_status_blijft_binnen_eigen_team(api, onderzoeker, team, ander_team):
    eigen = MeldingFactory(team=team, op_triagelijst=True)
    MeldingFactory(team=team)
    MeldingFactory(team=ander_team, op_triagelijst=True)

    response = api(onderzoeker).get(MELDINGEN, {"status": "op_triagelijst"})

    assert response.status_code == 200
    assert _nummers(response) == {eigen.nummer}


@pytest.fixture
def adviezen_drie_teams(team, ander_team, onderzoeker):
    return {
        "eigen": AdviesFactory(team=team),
        "ander": AdviesFactory(team=ander_team),
        "zelf_gegeven": AdviesFactory(team=ander_team, gegeven_door=onderzoeker),
    }


def test_adviezen_lijst_per_team(api, onderzoeker, directie, adviezen_drie_teams):
    eigen = api(onderzoeker).get(ADVIEZEN)
    directie_lijst = api(directie).get(ADVIEZEN)

    assert eigen.status_code == 200
    assert _nummers(eigen) == {
        adviezen_drie_teams["eigen"].nummer,
        adviezen_drie_teams["zelf_gegeven"].nummer,
    }
    assert directie_lijst.status_code == 403
    assert "results" not in directie_lijst.json()


def test_advies_van_ander_team_geeft_404(api, onderzoeker, adviezen_drie_teams):
    ander = adviezen_drie_teams["ander"]

    detail = api(onderzoeker).get(_url(ander))
    afronden = api(onderzoeker).post(_url(ander, "afronden"), format="json")

    assert detail.status_code == 404
    assert afronden.status_code == 404
    ander.refresh_from_db()
    assert ander.status == AdviesStatus.OPEN


# --- 2. registering a melding ----------------------------------------------------------------


def test_melding_registreren(api, onderzoeker):
    invoer = _melding_invoer()

    response = api(onderzoeker).post(MELDINGEN, invoer, format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert NUMMER_MELDING.match(data["nummer"])
    assert data["status"] == MeldingStatus.ONTVANGEN
    assert {b["naam"] for b in data["directbetrokkenen"]} == {"Sanne de Vries", "Kees de Vries"}

    melding = Melding.objects.get(nummer=data["nummer"])
    ontvangen_op = melding.ontvangen_op
    assert ontvangen_op == datetime.fromisoformat(invoer["ontvangen_op"])
    assert melding.team_id == onderzoeker.team_id
    assert melding.aangemaakt_door == onderzoeker
    assert melding.termijn_acute_screening == termijnen.termijn_acute_screening(
        ontvangen_op, "telefoon"
    )
    assert melding.termijn_veiligheidsbeoordeling == termijnen.termijn_veiligheidsbeoordeling(
        ontvangen_op
    )
    assert melding.termijn_informeren_betrokkenen == termijnen.termijn_informeren_betrokkenen(
        melding.vastgelegd_op
    )
    assert melding.termijn_veiligheidsbeoordeling > ontvangen_op + timedelta(days=5)
    assert data["termijn_veiligheidsbeoordeling"] is not None
    assert melding.melder.naam == "A. Jansen"
    assert set(melding.aanleidingen.values_list("aanleiding", flat=True)) == {"km_anders"}
    assert set(melding.aarden.values_list("aard", flat=True)) == {"psychisch_geweld", "getuige"}
    assert Persoon.objects.met_bsn(GELDIG_BSN).get().voornamen == "Sanne"
    assert melding.huishouden.postcode == "2517AA"
    assert AuditLog.objects.filter(actie="melding.registreren", object_id=melding.nummer).exists()


def test_nummers_lopen_door(api, onderzoeker):
    client = api(onderzoeker)

    eerste = client.post(MELDINGEN, _melding_invoer(), format="json").json()["nummer"]
    invoer = _melding_invoer(
        directbetrokkenen=[{"rol": "kind", "voornamen": "Tim", "achternaam": "Bos"}]
    )
    tweede = client.post(MELDINGEN, invoer, format="json").json()["nummer"]

    assert eerste[:8] == tweede[:8]
    assert int(tweede[-6:]) == int(eerste[-6:]) + 1


def _zet_in_betrokkene(veld, waarde):
    def wijzig(invoer):
        invoer["directbetrokkenen"][0][veld] = waarde

    return wijzig


def _zet(veld, waarde):
    def wijzig(invoer):
        invoer[veld] = waarde

    return wijzig


def _verwijder(veld):
    def wijzig(invoer):
        del invoer[veld]

    return wijzig


def _naamloze_betrokkene(invoer):
    invoer["directbetrokkenen"][0] = {"rol": "kind", "geboortedatum": "2018-01-01"}


@pytest.mark.parametrize(
    ("wijzig", "veld", "woord"),
    [
        pytest.param(
            _zet_in_betrokkene("bsn", ONGELDIG_BSN), "directbetrokkenen", "11-proef", id="bsn"
        ),
        pytest.param(
            _zet_in_betrokkene("bsn", "12345"), "directbetrokkenen", "BSN", id="bsn-te-kort"
        ),
        pytest.param(
            _zet_in_betrokkene(
                "geboortedatum", (timezone.localdate() + timedelta(days=1)).isoformat()
            ),
            "directbetrokkenen",
            "toekomst",
            id="geboortedatum-toekomst",
        ),
        pytest.param(
            _zet("directbetrokkenen", []), "directbetrokkenen", "niet leeg", id="geen-betrokkenen"
        ),
        pytest.param(_zet("kanaal", "postduif"), "kanaal", "ongeldige keuze", id="kanaal"),
        pytest.param(_verwijder("aanleidingen"), "aanleidingen", "vereist", id="geen-aanleiding"),
        pytest.param(_zet("aanleidingen", []), "aanleidingen", "niet leeg", id="lege-aanleiding"),
        pytest.param(
            _naamloze_betrokkene, "directbetrokkenen", "voornaam en achternaam", id="geen-naam"
        ),
        pytest.param(
            _zet("ontvangen_op", (timezone.now() + timedelta(days=2)).isoformat()),
            "ontvangen_op",
            "toekomst",
            id="ontvangen-in-toekomst",
        ),
    ],
)
def test_ongeldige_melding_schrijft_niets(api, onderzoeker, wijzig, veld, woord):
    invoer = _melding_invoer()
    wijzig(invoer)
    voor = _aantallen()

    response = api(onderzoeker).post(MELDINGEN, invoer, format="json")

    assert response.status_code == 400
    assert veld in response.json(), response.json()
    assert woord in _tekst(response.json()[veld])
    assert _aantallen() == voor
    assert not AuditLog.objects.filter(actie="melding.registreren").exists()


def test_fout_bij_tweede_betrokkene_laat_ook_eerste_persoon_niet_achter(api, onderzoeker):
    """The first person is created before the second fails: the transaction must undo it."""
    PersoonFactory(bsn=GELDIG_BSN)
    invoer = _melding_invoer()
    invoer["directbetrokkenen"].reverse()  # new person first; then the known person twice
    invoer["directbetrokkenen"].append(dict(invoer["directbetrokkenen"][1]))
    voor = _aantallen()

    response = api(onderzoeker).post(MELDINGEN, invoer, format="json")

    assert response.status_code == 400
    assert "twee keer" in response.json()["detail"]
    assert _aantallen() == voor


def test_bekend_bsn_koppelt_de_bekende_persoon_in_plaats_van_te_weigeren(api, onderzoeker):
    """A repeat melding about a known child is the common case: it links, and says so."""
    bekend = PersoonFactory(bsn=GELDIG_BSN, voornamen="Sanne", achternaam="Vries")
    invoer = _melding_invoer()
    invoer["directbetrokkenen"].reverse()

    response = api(onderzoeker).post(MELDINGEN, invoer, format="json")

    assert response.status_code == 201, response.json()
    melding = Melding.objects.get(nummer=response.json()["nummer"])
    assert bekend.betrokkenheden.get().melding == melding
    assert Persoon.objects.count() == 2, "de bekende en de nieuwe pleger"
    assert melding.journaal.filter(tekst__contains="bekende persoon op BSN").exists()


def test_bestaande_persoon_koppelen(api, onderzoeker):
    persoon = PersoonFactory(bsn=GELDIG_BSN)
    invoer = _melding_invoer(
        directbetrokkenen=[{"rol": "slachtoffer", "persoon_id": persoon.pk, "bsn": GELDIG_BSN}]
    )

    response = api(onderzoeker).post(MELDINGEN, invoer, format="json")

    assert response.status_code == 201
    assert Persoon.objects.count() == 1
    assert response.json()["directbetrokkenen"][0]["persoon_id"] == persoon.pk


def test_persoon_koppelen_met_alleen_een_id_geweigerd(api, onderzoeker):
    persoon = PersoonFactory(bsn=GELDIG_BSN)
    invoer = _melding_invoer(directbetrokkenen=[{"rol": "slachtoffer", "persoon_id": persoon.pk}])
    voor = _aantallen()

    response = api(onderzoeker).post(MELDINGEN, invoer, format="json")

    assert response.status_code == 400
    assert "directbetrokkenen.0.persoon_id" in response.json()
    assert _aantallen() == voor


def test_melding_voor_ander_team_geeft_alleen_nummer_terug(api, onderzoeker, ander_team):
    response = api(onderzoeker).post(MELDINGEN, _melding_invoer(team=ander_team.pk), format="json")

    assert response.status_code == 201
    assert set(response.json()) == {"nummer", "status"}
    assert Melding.objects.get(nummer=response.json()["nummer"]).team == ander_team


def test_gedragswetenschapper_mag_geen_melding_registreren(api, gedragswetenschapper):
    voor = _aantallen()

    response = api(gedragswetenschapper).post(MELDINGEN, _melding_invoer(), format="json")

    assert response.status_code == 403
    assert "melding registreren" in response.json()["detail"]
    assert _aantallen() == voor


# --- 3. transitions --------------------------------------------------------------------------


def test_screenen_niet_acuut_met_urgentie_zet_op_triagelijst(api, onderzoeker, team):
    melding = MeldingFactory(team=team)

    response = api(onderzoeker).post(
        _url(melding, "screenen"),
        {"uitkomst": "niet_acuut", "toelichting": "Geen acuut gevaar.", "urgentie": "midden"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == MeldingStatus.OP_TRIAGELIJST
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST
    assert melding.urgentie == Urgentie.MIDDEN
    assert melding.beoordeling_a.uitkomst == "niet_acuut"


def test_screenen_niet_acuut_zonder_urgentie_geweigerd(api, onderzoeker, team):
    melding = MeldingFactory(team=team)

    response = api(onderzoeker).post(
        _url(melding, "screenen"),
        {"uitkomst": "niet_acuut", "toelichting": "Geen acuut gevaar."},
        format="json",
    )

    assert response.status_code == 400
    assert "urgentie" in _tekst(response.json()).lower()
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN
    assert melding.urgentie == ""
    assert not VeiligheidsbeoordelingA.objects.filter(melding=melding).exists()
    assert not Statuswijziging.objects.filter(melding=melding).exists()


def test_screenen_acuut_start_direct_onderdeel_b(api, onderzoeker, collega, team):
    melding = MeldingFactory(team=team)

    response = api(onderzoeker).post(
        _url(melding, "screenen"),
        {"uitkomst": "acuut", "toelichting": "Kind met letsel gezien.", "tweede": collega.pk},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == MeldingStatus.IN_BEOORDELING
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.IN_BEOORDELING
    assert melding.urgentie == Urgentie.ACUUT
    assert (melding.beoordelaar_1, melding.beoordelaar_2) == (onderzoeker, collega)
    assert melding.beoordeling_a.door == onderzoeker
    assert melding.beoordeling_a.uitkomst == "acuut"
    assert list(Statuswijziging.objects.filter(melding=melding).values_list("van", "naar")) == [
        ("ontvangen", "acuut"),
        ("acuut", "in_beoordeling"),
    ]
    assert AuditLog.objects.filter(actie="melding.screenen", object_id=melding.nummer).exists()


def test_screenen_acuut_zonder_tweede_beoordelaar_geweigerd(api, onderzoeker, team):
    melding = MeldingFactory(team=team)

    response = api(onderzoeker).post(
        _url(melding, "screenen"),
        {"uitkomst": "acuut", "toelichting": "Kind met letsel gezien."},
        format="json",
    )

    assert response.status_code == 400
    assert "tweede" in response.json()
    assert "tweede beoordelaar" in response.json()["detail"]
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN
    assert melding.urgentie == ""
    assert not VeiligheidsbeoordelingA.objects.filter(melding=melding).exists()
    assert not Statuswijziging.objects.filter(melding=melding).exists()


def test_screenen_tweemaal_geweigerd_met_status_in_melding(api, onderzoeker, team):
    melding = MeldingFactory(team=team, acuut=True)

    response = api(onderzoeker).post(
        _url(melding, "screenen"), {"uitkomst": "acuut", "toelichting": "Nogmaals."}, format="json"
    )

    assert response.status_code == 400
    assert "'Acuut'" in response.json()["detail"]
    assert VeiligheidsbeoordelingA.objects.filter(melding=melding).count() == 1


def test_oppakken_met_tweede_onderzoeker(api, onderzoeker, collega, team):
    melding = MeldingFactory(team=team, op_triagelijst=True)

    response = api(onderzoeker).post(
        _url(melding, "oppakken"), {"tweede": collega.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == MeldingStatus.IN_BEOORDELING
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.IN_BEOORDELING
    assert (melding.beoordelaar_1, melding.beoordelaar_2) == (onderzoeker, collega)
    assert VeiligheidsbeoordelingB.objects.filter(melding=melding).exists()
    assert Statuswijziging.objects.filter(
        melding=melding, van="op_triagelijst", naar="in_beoordeling", door=onderzoeker
    ).exists()


def test_oppakken_met_jezelf_als_tweede_geweigerd(api, onderzoeker, team):
    melding = MeldingFactory(team=team, op_triagelijst=True)

    response = api(onderzoeker).post(
        _url(melding, "oppakken"), {"tweede": onderzoeker.pk}, format="json"
    )

    assert response.status_code == 400
    assert "tweede" in response.json()
    assert "andere onderzoeker" in response.json()["tweede"][0]
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST
    assert melding.beoordelaar_1_id is None
    assert not VeiligheidsbeoordelingB.objects.filter(melding=melding).exists()


def test_oppakken_met_tweede_zonder_onderzoekersrol_geweigerd(
    api, onderzoeker, werkbegeleider, team
):
    melding = MeldingFactory(team=team, op_triagelijst=True)

    response = api(onderzoeker).post(
        _url(melding, "oppakken"), {"tweede": werkbegeleider.pk}, format="json"
    )

    assert response.status_code == 400
    assert "tweede" in response.json()
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.OP_TRIAGELIJST


def test_oppakken_in_verkeerde_status_noemt_de_status(api, onderzoeker, collega, team):
    melding = MeldingFactory(team=team)

    response = api(onderzoeker).post(
        _url(melding, "oppakken"), {"tweede": collega.pk}, format="json"
    )

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "Oppakken kan niet" in detail
    assert "'Ontvangen'" in detail
    assert "'Op triagelijst'" in detail
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN
    assert melding.beoordelaar_1_id is None
    assert not VeiligheidsbeoordelingB.objects.filter(melding=melding).exists()


def test_oppakken_van_opgepakte_melding_noemt_beoordelaars(api, in_beoordeling, team):
    derde = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    vierde = MedewerkerFactory(team=team, rollen=["onderzoeker"])

    response = api(derde).post(
        _url(in_beoordeling, "oppakken"), {"tweede": vierde.pk}, format="json"
    )

    assert response.status_code == 400
    assert "al opgepakt" in response.json()["detail"]
    assert str(in_beoordeling.beoordelaar_1) in response.json()["detail"]
    in_beoordeling.refresh_from_db()
    assert in_beoordeling.beoordelaar_1_id != derde.pk


def test_triage_instrument_invullen(api, onderzoeker, in_beoordeling):
    response = api(onderzoeker).post(
        _url(in_beoordeling, "triage-instrument"),
        {
            "acute_onveiligheid": "nee",
            "structurele_onveiligheid": "ja",
            "signalen": "Kind vertelt over ruzies.",
        },
        format="json",
    )

    assert response.status_code == 200
    b = response.json()["beoordeling_b"]
    assert (b["acute_onveiligheid"], b["structurele_onveiligheid"]) == ("nee", "ja")
    assert b["disfunctioneren"] == ""
    opgeslagen = VeiligheidsbeoordelingB.objects.get(melding=in_beoordeling)
    assert opgeslagen.structurele_onveiligheid == "ja"
    assert opgeslagen.signalen == "Kind vertelt over ruzies."
    assert not opgeslagen.is_volledig()


def test_triage_instrument_ongeldig_antwoord(api, onderzoeker, in_beoordeling):
    response = api(onderzoeker).post(
        _url(in_beoordeling, "triage-instrument"),
        {"acute_onveiligheid": "misschien"},
        format="json",
    )

    assert response.status_code == 400
    assert "acute_onveiligheid" in response.json()
    assert VeiligheidsbeoordelingB.objects.get(melding=in_beoordeling).acute_onveiligheid == ""


def test_triage_instrument_door_andere_onderzoeker_geweigerd(api, in_beoordeling, team):
    derde = MedewerkerFactory(team=team, rollen=["onderzoeker"])

    response = api(derde).post(
        _url(in_beoordeling, "triage-instrument"), {"acute_onveiligheid": "ja"}, format="json"
    )

    assert response.status_code == 403
    assert "beoordelaars" in response.json()["detail"]
    assert VeiligheidsbeoordelingB.objects.get(melding=in_beoordeling).acute_onveiligheid == ""


def test_besluit_zonder_onderbouwing_geweigerd(api, onderzoeker, in_beoordeling):
    _vul_instrument(in_beoordeling)

    response = api(onderzoeker).post(
        _url(in_beoordeling, "besluit"),
        {"route": "afsluiten", "onderbouwing": "   "},
        format="json",
    )

    assert response.status_code == 400
    assert "onderbouwing" in response.json()
    assert "verplicht" in response.json()["onderbouwing"][0]
    in_beoordeling.refresh_from_db()
    assert in_beoordeling.status == MeldingStatus.IN_BEOORDELING
    assert not Besluit.objects.filter(melding=in_beoordeling).exists()
    assert VeiligheidsbeoordelingB.objects.get(melding=in_beoordeling).afgerond_op is None


def test_besluit_met_onvolledig_instrument_noemt_ontbrekende_vragen(
    api, onderzoeker, in_beoordeling
):
    response = api(onderzoeker).post(
        _url(in_beoordeling, "besluit"),
        {"route": "afsluiten", "onderbouwing": "Geen zorgen meer na gesprek met moeder en kind."},
        format="json",
    )

    assert response.status_code == 400
    assert "acute onveiligheid" in response.json()["detail"]
    in_beoordeling.refresh_from_db()
    assert in_beoordeling.status == MeldingStatus.IN_BEOORDELING
    assert not Besluit.objects.filter(melding=in_beoordeling).exists()


def test_besluit_overdracht_vraagt_aan_wie(api, onderzoeker, in_beoordeling):
    _vul_instrument(in_beoordeling)

    response = api(onderzoeker).post(
        _url(in_beoordeling, "besluit"),
        {
            "route": "overdracht_lokaal_veld",
            "onderbouwing": "Wijkteam kent het gezin en kan dit oppakken.",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "overgedragen" in response.json()["detail"]
    assert not Besluit.objects.filter(melding=in_beoordeling).exists()


def test_besluit_afsluiten_en_daarna_afsluiten(api, onderzoeker, in_beoordeling):
    _vul_instrument(in_beoordeling)
    client = api(onderzoeker)

    besluit = client.post(
        _url(in_beoordeling, "besluit"),
        {
            "route": "afsluiten",
            "onderbouwing": "Ouders hebben hulp; geen onveiligheid gezien bij het huisbezoek.",
        },
        format="json",
    )

    assert besluit.status_code == 200
    assert besluit.json()["status"] == MeldingStatus.BESLOTEN
    assert besluit.json()["besluit"]["route"] == "afsluiten"
    in_beoordeling.refresh_from_db()
    assert in_beoordeling.status == MeldingStatus.BESLOTEN
    vastgelegd = Besluit.objects.get(melding=in_beoordeling)
    assert vastgelegd.genomen_door == onderzoeker
    assert vastgelegd.onderbouwing.startswith("Ouders hebben hulp")
    assert VeiligheidsbeoordelingB.objects.get(melding=in_beoordeling).afgerond_op is not None
    terugkoppelen(in_beoordeling)

    afsluiten = client.post(
        _url(in_beoordeling, "afsluiten"), {"toelichting": "Afsluitbrief verstuurd."}, format="json"
    )

    assert afsluiten.status_code == 200
    assert afsluiten.json()["status"] == MeldingStatus.AFGESLOTEN
    in_beoordeling.refresh_from_db()
    assert in_beoordeling.status == MeldingStatus.AFGESLOTEN
    assert in_beoordeling.afgesloten_op is not None
    assert list(
        Statuswijziging.objects.filter(melding=in_beoordeling).values_list("van", "naar")
    ) == [("in_beoordeling", "besloten"), ("besloten", "afgesloten")]


def test_besluit_vervolg_gaat_naar_vervolgdienst_en_kan_niet_worden_afgesloten(
    api, onderzoeker, in_beoordeling
):
    _vul_instrument(in_beoordeling, "ja")
    client = api(onderzoeker)

    besluit = client.post(
        _url(in_beoordeling, "besluit"),
        {
            "route": "vervolg_onderzoek",
            "onderbouwing": "Vermoeden van mishandeling van het kind onderzoeken.",
        },
        format="json",
    )
    afsluiten = client.post(_url(in_beoordeling, "afsluiten"), {}, format="json")

    assert besluit.status_code == 200
    assert besluit.json()["status"] == MeldingStatus.NAAR_VERVOLGDIENST
    assert afsluiten.status_code == 400
    assert "Naar vervolgdienst" in afsluiten.json()["detail"]
    in_beoordeling.refresh_from_db()
    assert in_beoordeling.status == MeldingStatus.NAAR_VERVOLGDIENST
    assert in_beoordeling.afgesloten_op is None
    assert list(
        Statuswijziging.objects.filter(melding=in_beoordeling).values_list("van", "naar")
    ) == [("in_beoordeling", "besloten"), ("besloten", "naar_vervolgdienst")]


def test_afsluiten_voor_besluit_geweigerd(api, onderzoeker, in_beoordeling):
    response = api(onderzoeker).post(_url(in_beoordeling, "afsluiten"), {}, format="json")

    assert response.status_code == 400
    assert "'In beoordeling'" in response.json()["detail"]
    in_beoordeling.refresh_from_db()
    assert in_beoordeling.status == MeldingStatus.IN_BEOORDELING


@pytest.fixture
def overige_zorg(team):
    melding = MeldingFactory(team=team, overige_zorg=True)
    Journaalregel.objects.create(
        melding=melding, soort="feit", bron="Politie", tekst="Vader was dronken.", auteur=None
    )
    return melding


def test_overige_zorg_doorsturen_door_gedragswetenschapper(api, gedragswetenschapper, overige_zorg):
    persoon_id = overige_zorg.directbetrokkenen.get().persoon_id
    gedeelde = PersoonFactory()
    Directbetrokkene.objects.create(melding=overige_zorg, persoon=gedeelde, rol="gezinslid")
    andere_melding = MeldingFactory(team=overige_zorg.team)
    Directbetrokkene.objects.create(melding=andere_melding, persoon=gedeelde, rol="gezinslid")

    response = api(gedragswetenschapper).post(
        _url(overige_zorg, "overige-zorg"),
        {
            "akkoord": True,
            "toelichting": "Geen afhankelijkheidsrelatie; jeugdzorg past.",
            "doorsturen_aan": "Wijkteam Centrum",
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == MeldingStatus.DOORGESTUURD
    # The GW was asked for this judgement only: afterwards the answer holds number and status.
    assert response.json().get("directbetrokkenen", []) == []
    overige_zorg.refresh_from_db()
    assert overige_zorg.status == MeldingStatus.DOORGESTUURD
    assert overige_zorg.doorgestuurd_aan == "Wijkteam Centrum"
    assert overige_zorg.geanonimiseerd_op is not None
    assert "Buren" not in overige_zorg.samenvatting
    assert not overige_zorg.directbetrokkenen.exists()
    assert not Persoon.objects.filter(pk=persoon_id).exists()
    assert Persoon.objects.filter(pk=gedeelde.pk).exists()  # still in another melding
    assert not Journaalregel.objects.filter(melding=overige_zorg, bron="Politie").exists()
    assert overige_zorg.beoordeling_a.tweede_oordeel_door == gedragswetenschapper


def test_overige_zorg_door_onderzoeker_geweigerd(api, onderzoeker, overige_zorg):
    response = api(onderzoeker).post(
        _url(overige_zorg, "overige-zorg"),
        {"akkoord": True, "toelichting": "Akkoord.", "doorsturen_aan": "Wijkteam"},
        format="json",
    )

    assert response.status_code == 403
    assert "gedragswetenschapper" in response.json()["detail"]
    overige_zorg.refresh_from_db()
    assert overige_zorg.status == MeldingStatus.OVERIGE_ZORG
    assert overige_zorg.directbetrokkenen.count() == 1
    assert overige_zorg.beoordeling_a.tweede_oordeel_door_id is None


def test_overige_zorg_doorsturen_zonder_ontvanger_schrijft_niets(
    api, gedragswetenschapper, overige_zorg
):
    response = api(gedragswetenschapper).post(
        _url(overige_zorg, "overige-zorg"),
        {"akkoord": True, "toelichting": "Akkoord."},
        format="json",
    )

    assert response.status_code == 400
    assert "doorsturen_aan" in response.json()
    overige_zorg.refresh_from_db()
    assert overige_zorg.status == MeldingStatus.OVERIGE_ZORG
    assert overige_zorg.beoordeling_a.tweede_oordeel_door_id is None
    assert overige_zorg.directbetrokkenen.count() == 1


def test_overige_zorg_herzien_zet_op_triagelijst(api, gedragswetenschapper, overige_zorg):
    response = api(gedragswetenschapper).post(
        _url(overige_zorg, "overige-zorg"),
        {"akkoord": False, "toelichting": "Wel zorgen om het kind.", "urgentie": "hoog"},
        format="json",
    )

    assert response.status_code == 200
    overige_zorg.refresh_from_db()
    assert overige_zorg.status == MeldingStatus.OP_TRIAGELIJST
    assert overige_zorg.urgentie == Urgentie.HOOG
    assert overige_zorg.directbetrokkenen.count() == 1


def test_journaal_toevoegen(api, onderzoeker, team):
    melding = MeldingFactory(team=team)

    response = api(onderzoeker).post(
        _url(melding, "journaal"),
        {"soort": "mening", "bron": "Leerkracht groep 5", "tekst": "Kind lijkt angstig."},
        format="json",
    )

    assert response.status_code == 201
    regel = Journaalregel.objects.get(pk=response.json()["id"])
    assert (regel.melding, regel.soort, regel.auteur) == (melding, "mening", onderzoeker)
    assert regel.bron == "Leerkracht groep 5"


@pytest.mark.parametrize(
    ("invoer", "veld"),
    [
        ({"soort": "roddel", "bron": "Buurman", "tekst": "Hij drinkt."}, "soort"),
        ({"soort": "feit", "bron": "", "tekst": "Hij drinkt."}, "bron"),
        ({"soort": "feit", "bron": "Buurman", "tekst": "   "}, "tekst"),
    ],
)
def test_journaal_ongeldige_invoer(api, onderzoeker, team, invoer, veld):
    melding = MeldingFactory(team=team)
    voor = Journaalregel.objects.filter(melding=melding).count()

    response = api(onderzoeker).post(_url(melding, "journaal"), invoer, format="json")

    assert response.status_code == 400
    assert veld in response.json()
    assert Journaalregel.objects.filter(melding=melding).count() == voor


def test_informeren_verlengen(api, onderzoeker, team):
    melding = MeldingFactory(team=team)
    oude_termijn = melding.termijn_informeren_betrokkenen

    response = api(onderzoeker).post(
        _url(melding, "informeren-verlengen"), {"reden": "Moeder is onbereikbaar."}, format="json"
    )

    assert response.status_code == 200
    melding.refresh_from_db()
    assert melding.informeren_verlengd == 1
    assert melding.termijn_informeren_betrokkenen == termijnen.verleng_termijn_informeren(
        oude_termijn
    )
    assert melding.termijn_informeren_betrokkenen > oude_termijn + timedelta(days=13)
    assert Journaalregel.objects.filter(melding=melding, tekst__contains="Moeder is").exists()


def test_informeren_verlengen_zonder_reden_of_te_vaak(api, onderzoeker, team):
    melding = MeldingFactory(team=team)
    client = api(onderzoeker)

    zonder_reden = client.post(_url(melding, "informeren-verlengen"), {"reden": ""}, format="json")
    Melding.objects.filter(pk=melding.pk).update(informeren_verlengd=4)
    te_vaak = client.post(_url(melding, "informeren-verlengen"), {"reden": "Weer."}, format="json")

    assert zonder_reden.status_code == 400
    assert "reden" in zonder_reden.json()
    assert te_vaak.status_code == 400
    assert "4 keer verlengd" in te_vaak.json()["detail"]
    termijn = melding.termijn_informeren_betrokkenen
    melding.refresh_from_db()
    assert (melding.informeren_verlengd, melding.termijn_informeren_betrokkenen) == (4, termijn)


# --- adviezen --------------------------------------------------------------------------------


def test_advies_registreren(api, onderzoeker):
    response = api(onderzoeker).post(
        ADVIEZEN,
        _advies_invoer(adviesvrager_naam="Dr. Bakker", naam_toestemming=True),
        format="json",
    )

    assert response.status_code == 201
    data = response.json()
    assert NUMMER_ADVIES.match(data["nummer"])
    assert data["status"] == AdviesStatus.OPEN
    advies = Advies.objects.get(nummer=data["nummer"])
    assert (advies.team_id, advies.gegeven_door) == (onderzoeker.team_id, onderzoeker)
    assert advies.adviesvrager_naam == "Dr. Bakker"


def test_advies_naam_zonder_toestemming_geweigerd(api, onderzoeker):
    voor = _aantallen()

    response = api(onderzoeker).post(
        ADVIEZEN, _advies_invoer(adviesvrager_naam="Dr. Bakker"), format="json"
    )

    assert response.status_code == 400
    assert "toestemming" in response.json()["adviesvrager_naam"][0]
    assert _aantallen() == voor


def test_advies_afronden(api, onderzoeker, team):
    advies = AdviesFactory(team=team)
    client = api(onderzoeker)

    eerste = client.post(_url(advies, "afronden"), format="json")
    tweede = client.post(_url(advies, "afronden"), format="json")

    assert eerste.status_code == 200
    assert eerste.json()["status"] == AdviesStatus.AFGEROND
    assert tweede.status_code == 400
    assert "'Afgerond'" in tweede.json()["detail"]
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.AFGEROND
    assert advies.afgerond_op is not None


def test_advies_omzetten_in_melding(api, onderzoeker, team):
    advies = AdviesFactory(team=team)

    response = api(onderzoeker).post(_url(advies, "omzetten"), _melding_invoer(), format="json")

    assert response.status_code == 201
    nummer = response.json()["nummer"]
    assert NUMMER_MELDING.match(nummer)
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.OMGEZET
    assert advies.melding.nummer == nummer
    assert advies.melding.team == team
    assert Journaalregel.objects.filter(
        melding=advies.melding, tekst__contains=advies.nummer
    ).exists()


def test_advies_omzetten_met_ongeldige_melding_schrijft_niets(api, onderzoeker, team):
    advies = AdviesFactory(team=team)
    voor = _aantallen()
    invoer = _melding_invoer()
    invoer["directbetrokkenen"][0]["bsn"] = ONGELDIG_BSN

    response = api(onderzoeker).post(_url(advies, "omzetten"), invoer, format="json")

    assert response.status_code == 400
    assert "11-proef" in _tekst(response.json())
    assert _aantallen() == voor
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.OPEN
    assert advies.melding_id is None


def test_advies_omzetten_in_melding_voor_ander_team(api, onderzoeker, team, ander_team):
    advies = AdviesFactory(team=team)
    client = api(onderzoeker, raise_request_exception=False)

    response = client.post(
        _url(advies, "omzetten"), _melding_invoer(team=ander_team.pk), format="json"
    )

    assert response.status_code == 201
    assert NUMMER_MELDING.match(response.json()["nummer"])


# --- 4. schema and docs ----------------------------------------------------------------------


def test_openapi_schema_bevat_paden(api, onderzoeker):
    response = api(onderzoeker).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/meldingen/" in schema["paths"]
    assert "/api/v1/meldingen/{nummer}/besluit/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/meldingen/{nummer}/besluit/"]
    assert "/api/v1/adviezen/{nummer}/omzetten/" in schema["paths"]


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_schema_en_docs_niet_voor_anoniem(api, url):
    response = api().get(url)

    assert response.status_code in (401, 403)
    assert b"/api/v1/meldingen/" not in response.content


def test_api_docs_voor_ingelogde_gebruiker(client, onderzoeker):
    client.force_login(onderzoeker)

    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert "swagger" in response.content.decode().lower()
    # The page's start-up script is a separate file (no inline script under the CSP); it
    # points Swagger UI at the schema.
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


# --- 5. audit --------------------------------------------------------------------------------


def test_detail_schrijft_auditregel(api, onderzoeker, team):
    melding = MeldingFactory(team=team)

    response = api(onderzoeker).get(_url(melding))

    assert response.status_code == 200
    assert response.json()["nummer"] == melding.nummer
    regel = AuditLog.objects.get(actie="melding.api_inzien")
    assert (regel.medewerker, regel.object_id) == (onderzoeker, melding.nummer)
    assert regel.object_type == "meldingen.melding"
    assert regel.rollen == "onderzoeker"
    assert regel.ip == "127.0.0.1"


def test_geweigerd_detail_schrijft_geen_auditregel(api, onderzoeker, ander_team):
    melding = MeldingFactory(team=ander_team)

    response = api(onderzoeker).get(_url(melding))

    assert response.status_code == 404
    assert not AuditLog.objects.filter(actie="melding.api_inzien").exists()


# --- 6. JSON types as the OpenAPI promises them (found by schemathesis) ----------------------


@pytest.mark.parametrize(
    ("pad", "invoer", "veld"),
    [
        (ADVIEZEN, _advies_invoer(onderwerp=12), "onderwerp"),
        (ADVIEZEN, _advies_invoer(naam_toestemming="true"), "naam_toestemming"),
        (ADVIEZEN, _advies_invoer(gemeente="5"), "gemeente"),
        (ADVIEZEN, _advies_invoer(onderwerp="x" * 200 + "  "), "onderwerp"),
        (
            MELDINGEN,
            _melding_invoer(melder={"hoedanigheid": "buurtbewoner", "naam": 1}),
            "melder.naam",
        ),
    ],
)
def test_json_met_verkeerd_type_wordt_geweigerd_en_verandert_niets(
    api, onderzoeker, pad, invoer, veld
):
    voor = _aantallen()

    response = api(onderzoeker).post(pad, invoer, format="json")

    assert response.status_code == 400
    assert veld in response.json()
    assert _aantallen() == voor


def test_openapi_biedt_tokens_alleen_waar_een_koppeling_mag(api, onderzoeker):
    """Tokens are for koppelingen and open only their own endpoint: the schema says so (issue 13)."""
    paden = json.loads(api(onderzoeker).get("/api/schema/", {"format": "json"}).content)["paths"]
    met_token = sorted(
        pad
        for pad, operaties in paden.items()
        for operatie in operaties.values()
        if isinstance(operatie, dict) and {"tokenAuth": []} in operatie.get("security", [])
    )
    assert met_token == ["/api/v1/politie/meldingen/"]
    assert paden["/api/v1/meldingen/"]["get"]["security"] == [{"cookieAuth": []}]
    bijlagen = paden["/api/v1/meldingen/{nummer}/bijlagen/"]["post"]["requestBody"]["content"]
    assert list(bijlagen) == ["multipart/form-data"]
