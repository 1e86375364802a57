"""The police intake endpoint: strict input, idempotency, only the police koppeling, throttling."""

import copy
import json

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from meldingen.keuzes import Hoedanigheid, Kanaal
from meldingen.models import Melding, Persoon, Politieregistratie
from tests.factories import GemeenteFactory, MedewerkerFactory
from veiligthuis.audit import AuditLog
from veiligthuis.koppelingen import Koppeling, koppeling_aanmaken, koppeling_token_vernieuwen

URL = "/api/v1/politie/meldingen/"


def geldig() -> dict:
    return {
        "registratienummer": "PL1500-2026012345",
        "proces_verbaalnummer": "PL1500-2026012345-1",
        "opgemaakt_op": "2026-03-02T23:40:00+01:00",
        "gemeente": "GM0518",
        "samenvatting": "Buren belden 112 na geschreeuw; moeder met blauwe plek.",
        "aanleidingen": ["partnergeweld"],
        "aarden": ["lichamelijke_mishandeling"],
        "melder": {"naam": "J. de Boer", "eenheid": "Basisteam Centrum"},
        "adres": {
            "straat": "Voorbeeldstraat",
            "huisnummer": "12",
            "postcode": "2511 AB",
            "woonplaats": "Den Haag",
        },
        "directbetrokkenen": [
            {
                "rol": "slachtoffer",
                "voornamen": "Sanne",
                "achternaam": "Jansen",
                "geboortedatum": "1990-04-12",
                "geslacht": "vrouw",
            },
            {
                "rol": "kind",
                "voornamen": "Noah",
                "achternaam": "Jansen",
                "geboortedatum": "2019-09-01",
                "bsn": "111222333",
            },
        ],
    }


@pytest.fixture(autouse=True)
def _lege_throttle_tellers():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def den_haag(team):
    gemeente = GemeenteFactory(naam="Den Haag", cbs_code="GM0518")
    team.gemeenten.add(gemeente)
    return gemeente


@pytest.fixture
def politie_token(beheer):
    _koppeling, sleutel = koppeling_aanmaken(door=beheer, naam="Politie Nederland", soort="politie")
    return sleutel


@pytest.fixture
def politie(politie_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {politie_token}")
    return client


def _post(client, body, **kwargs):
    return client.post(URL, json.dumps(body), content_type="application/json", **kwargs)


def _niets_aangemaakt():
    assert not Melding.objects.exists()
    assert not Persoon.objects.exists()
    assert not Politieregistratie.objects.exists()


# --- valid intake ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_geldige_politiemelding_wordt_melding_van_het_team_van_de_gemeente(politie, team, den_haag):
    response = _post(politie, geldig())

    assert response.status_code == 201, response.json()
    melding = Melding.objects.get()
    assert response.json() == {
        "nummer": melding.nummer,
        "registratienummer": "PL1500-2026012345",
        "nieuw": True,
    }
    assert (melding.team, melding.gemeente, melding.kanaal) == (
        team,
        den_haag,
        Kanaal.POLITIE_DIGITAAL,
    )
    melder = melding.melder
    assert (melder.hoedanigheid, melder.organisatie) == (Hoedanigheid.POLITIE, "Basisteam Centrum")
    assert sorted(melding.directbetrokkenen.values_list("rol", flat=True)) == [
        "kind",
        "slachtoffer",
    ]
    assert Persoon.objects.met_bsn("111222333").get().achternaam == "Jansen"
    assert melding.huishouden.postcode == "2511AB"
    assert melding.politieregistratie.proces_verbaalnummer == "PL1500-2026012345-1"
    assert AuditLog.objects.filter(
        actie="melding.politie_ontvangen", object_id=melding.nummer
    ).exists()


# --- idempotency -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_zelfde_registratienummer_twee_keer_geeft_bestaande_melding(politie, den_haag):
    eerste = _post(politie, geldig())
    # Same report, keys in another order: still the same content.
    tweede = politie.post(
        URL,
        json.dumps(dict(reversed(list(geldig().items())))),
        content_type="application/json",
    )

    assert eerste.status_code == 201
    assert tweede.status_code == 200
    assert tweede.json() == {**eerste.json(), "nieuw": False}
    assert Melding.objects.count() == 1
    assert Persoon.objects.count() == 2


@pytest.mark.django_db
def test_zelfde_registratienummer_andere_inhoud_geeft_409(politie, den_haag):
    nummer = _post(politie, geldig()).json()["nummer"]
    anders = geldig() | {"samenvatting": "Een ander verhaal."}

    response = _post(politie, anders)

    assert response.status_code == 409
    assert response.json()["nummer"] == nummer
    assert "al ontvangen met een andere inhoud" in response.json()["detail"]
    assert Melding.objects.count() == 1


# --- validation: every failure has a Dutch message and writes nothing -----------------------------


def _zet(pad: str, waarde):
    body = geldig()
    doel = body
    delen = pad.split(".")
    for deel in delen[:-1]:
        doel = doel[int(deel)] if deel.isdigit() else doel[deel]
    if waarde is _WEG:
        del doel[delen[-1]]
    else:
        doel[delen[-1]] = waarde
    return body


_WEG = object()

FOUTEN = [
    ("onbekend veld", "extra", "x", ["extra"], "Onbekend veld."),
    ("onbekend veld genest", "melder.rang", "agent", ["melder", "rang"], "Onbekend veld."),
    (
        "onbekend veld betrokkene",
        "directbetrokkenen.0.adres",
        "x",
        ["directbetrokkenen", 0, "adres"],
        "Onbekend veld.",
    ),
    ("verplicht", "samenvatting", _WEG, ["samenvatting"], "Dit veld is vereist."),
    ("verplicht genest", "melder.naam", _WEG, ["melder", "naam"], "Dit veld is vereist."),
    ("getal als tekst", "samenvatting", 12, ["samenvatting"], "Geef hier tekst (een JSON-string)."),
    (
        "boolean als tekst",
        "melder.identiteit_delen",
        "ja",
        ["melder", "identiteit_delen"],
        "Geef true of false.",
    ),
    (
        "bsn 11-proef",
        "directbetrokkenen.1.bsn",
        "111222334",
        ["directbetrokkenen", 1, "bsn"],
        "Dit BSN is ongeldig (voldoet niet aan de 11-proef). Controleer het nummer.",
    ),
    (
        "bsn als getal",
        "directbetrokkenen.1.bsn",
        111222333,
        ["directbetrokkenen", 1, "bsn"],
        "Geef hier tekst (een JSON-string).",
    ),
    (
        "geboortedatum in de toekomst",
        "directbetrokkenen.0.geboortedatum",
        "2999-01-01",
        ["directbetrokkenen", 0, "geboortedatum"],
        "De geboortedatum ligt in de toekomst.",
    ),
    (
        "geboortedatum met tijd",
        "directbetrokkenen.0.geboortedatum",
        "1990-04-12T10:00:00",
        ["directbetrokkenen", 0, "geboortedatum"],
        "Geef een datum als JJJJ-MM-DD.",
    ),
    (
        "registratienummer formaat",
        "registratienummer",
        "2026012345",
        ["registratienummer"],
        "Het registratienummer heeft de vorm PL1234-2026123456.",
    ),
    (
        "proces-verbaalnummer formaat",
        "proces_verbaalnummer",
        "PL1500-2026012345",
        ["proces_verbaalnummer"],
        "Het proces-verbaalnummer heeft de vorm PL1234-2026123456-1.",
    ),
    (
        "te lang",
        "directbetrokkenen.0.achternaam",
        "x" * 201,
        ["directbetrokkenen", 0, "achternaam"],
        "Zorg ervoor dat dit veld niet meer dan 200 karakters bevat.",
    ),
    (
        "geen directbetrokkenen",
        "directbetrokkenen",
        [],
        ["directbetrokkenen", "non_field_errors"],
        None,
    ),
    ("onbekende aanleiding", "aanleidingen", ["ruzie"], ["aanleidingen", 0], None),
    (
        "onbekende gemeente",
        "gemeente",
        "GM9999",
        ["gemeente"],
        "Deze gemeente hoort niet bij onze regio.",
    ),
    (
        "postcode",
        "adres.postcode",
        "25111",
        ["adres", "postcode"],
        "Geef een postcode als 1234 AB.",
    ),
    (
        "opgemaakt in de toekomst",
        "opgemaakt_op",
        "2999-01-01T10:00:00+01:00",
        ["opgemaakt_op"],
        "Dit moment ligt in de toekomst.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pad", "waarde", "sleutels", "tekst"),
    [f[1:] for f in FOUTEN],
    ids=[f[0] for f in FOUTEN],
)
def test_ongeldige_invoer_geeft_400_en_schrijft_niets(
    politie, den_haag, pad, waarde, sleutels, tekst
):
    response = _post(politie, _zet(pad, waarde))

    assert response.status_code == 400, response.json()
    fout = response.json()
    for sleutel in sleutels:
        # DRF reports list items as a list (nested serializers) or by index (ListField).
        fout = fout[str(sleutel)] if isinstance(fout, dict) else fout[sleutel]
    if tekst is not None:
        assert tekst in (fout if isinstance(fout, list) else [fout])
    else:
        assert fout  # a (Dutch) message is there
    _niets_aangemaakt()


@pytest.mark.django_db
def test_dubbel_bsn_en_geen_json(politie, den_haag):
    body = geldig()
    body["directbetrokkenen"][0]["bsn"] = "111222333"
    response = _post(politie, body)
    assert response.status_code == 400
    assert response.json()["directbetrokkenen"] == ["Hetzelfde BSN staat twee keer in de melding."]

    formulier = politie.post(URL, {"registratienummer": "PL1500-2026012345"}, format="multipart")
    assert formulier.status_code == 415

    lijst = _post(politie, [geldig()])
    assert lijst.status_code == 400
    assert lijst.json()["non_field_errors"] == ["Stuur een JSON-object."]
    _niets_aangemaakt()


@pytest.mark.django_db
def test_tekst_zonder_nederlandse_letters_wordt_niet_verminkt(politie, den_haag):
    body = copy.deepcopy(geldig())
    body["directbetrokkenen"][0]["achternaam"] = "Öztürk-Çelik"
    assert _post(politie, body).status_code == 201
    assert Persoon.objects.filter(achternaam="Öztürk-Çelik").exists()


# --- who may call -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_zonder_token_401(den_haag):
    response = _post(APIClient(), geldig())
    assert response.status_code == 401
    _niets_aangemaakt()


@pytest.mark.django_db
def test_ongeldig_of_vernieuwd_token_401(beheer, politie_token, den_haag):
    koppeling = Koppeling.objects.get()
    koppeling_token_vernieuwen(door=beheer, koppeling_id=koppeling.pk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {politie_token}")
    assert _post(client, geldig()).status_code == 401
    _niets_aangemaakt()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["secretariaat", "onderzoeker", "beheer"])
def test_gewone_gebruiker_met_sessie_of_token_403(team, den_haag, rol):
    medewerker = MedewerkerFactory(team=team, rollen=[rol])
    sessie = APIClient(enforce_csrf_checks=False)
    sessie.force_login(medewerker)
    response = _post(sessie, geldig())
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Alleen een koppeling met een geldig token mag dit aanleverpunt gebruiken."
    )

    from rest_framework.authtoken.models import Token

    met_token = APIClient()
    met_token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=medewerker).key}")
    # Tokens are for koppelingen only: a person's token is not even authenticated.
    assert _post(met_token, geldig()).status_code == 401
    _niets_aangemaakt()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meldingen/",
        "/api/v1/adviezen/",
        "/api/v1/diensten/",
        "/api/schema/",
    ],
)
def test_koppeling_kan_niets_anders(politie, url):
    response = politie.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert json.loads(response.content)["detail"] == (
        "Een koppeling heeft alleen toegang tot het eigen aanleverpunt."
    )


@pytest.mark.django_db
def test_koppeling_kan_niet_inloggen_en_ziet_geen_casussen(politie_token):
    account = Koppeling.objects.get().medewerker
    assert not account.has_usable_password()
    assert account.team_id is None


@pytest.mark.django_db
def test_alleen_beheer_maakt_koppelingen(onderzoeker):
    from veiligthuis.exceptions import GeenToegang

    with pytest.raises(GeenToegang):
        koppeling_aanmaken(door=onderzoeker, naam="Politie", soort="politie")
    assert not Koppeling.objects.exists()


# --- throttling -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_te_veel_verzoeken_geeft_429_in_het_nederlands(politie, den_haag, settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], politie_intake="2/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}

    assert _post(politie, geldig()).status_code == 201
    assert _post(politie, geldig()).status_code == 200
    derde = _post(politie, geldig() | {"registratienummer": "PL1500-2026099999"})

    assert derde.status_code == 429
    assert derde.json()["detail"].startswith("Te veel verzoeken; probeer het over ")
    assert int(derde["Retry-After"]) >= 1
    assert Melding.objects.count() == 1


@pytest.mark.django_db
def test_algemene_limiet_per_gebruiker(onderzoeker, settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], gebruiker="1/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = APIClient()
    client.force_authenticate(onderzoeker)
    assert client.get("/api/v1/meldingen/").status_code == 200
    assert client.get("/api/v1/meldingen/").status_code == 429
