"""The werkbegeleider page: queues, open signaleringen, caseload and herverdelen, team-scoped, in a
fixed number of queries; and the herverdelen service with its refusals."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from meldingen.keuzes import MeldingStatus
from meldingen.models import Journaalregel, Melding
from meldingen.services.herverdeling import melding_herverdelen
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from wachtlijst.models import Signalering, SignaleringSoort

S = SignaleringSoort
URL = "/werkbegeleider/"


def _html(antwoord) -> str:
    return antwoord.content.decode()


def _rij(html: str, testid: str) -> str:
    """The <tr> with this data-testid."""
    gevonden = re.search(rf'<tr data-testid="{re.escape(testid)}">(.*?)</tr>', html, re.S)
    assert gevonden, f"rij {testid} ontbreekt"
    return gevonden.group(1)


def _cel(rij: str, testid: str) -> str:
    gevonden = re.search(rf'data-testid="{testid}">(.*?)</td>', rij, re.S)
    assert gevonden, f"cel {testid} ontbreekt"
    return re.sub(r"<[^>]+>", "", gevonden.group(1)).strip()


def _melding(team, door, *, termijn_dagen: float, **kwargs) -> Melding:
    nu = timezone.now()
    melding = MeldingFactory(team=team, aangemaakt_door=door, **kwargs)
    Melding.objects.filter(pk=melding.pk).update(
        termijn_veiligheidsbeoordeling=nu + timedelta(days=termijn_dagen)
    )
    melding.refresh_from_db()
    return melding


def _dienst(team, door, *, status, besluit_dagen_geleden, termijn_dagen, uitvoerder=None, **extra):
    nu = timezone.now()
    melding = MeldingFactory(team=team, aangemaakt_door=door)
    Melding.objects.filter(pk=melding.pk).update(status=MeldingStatus.NAAR_VERVOLGDIENST)
    dienst = Vervolgdienst.objects.create(
        melding=melding,
        type="onderzoek",
        besluit_op=nu - timedelta(days=besluit_dagen_geleden),
        termijn=nu + timedelta(days=termijn_dagen),
        uitvoerder=uitvoerder,
    )
    Vervolgdienst.objects.filter(pk=dienst.pk).update(status=status, **extra)
    dienst.refresh_from_db()
    return dienst


def _signalering(melding, soort, *, uren_geleden, opgelost=False) -> Signalering:
    nu = timezone.now()
    return Signalering.objects.create(
        melding=melding,
        soort=soort,
        team=melding.team,
        termijn=melding.termijn_veiligheidsbeoordeling,
        ontstaan_op=nu - timedelta(hours=uren_geleden),
        opgelost_op=nu if opgelost else None,
    )


@pytest.fixture
def derde(team):
    return MedewerkerFactory(team=team, rollen=["onderzoeker"], username="onderzoeker3")


@pytest.fixture
def regiomanager(team):
    return MedewerkerFactory(team=team, rollen=["regiomanager"], username="regiomanager1")


@pytest.fixture
def werkbegeleider_ander_team(ander_team):
    return MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"], username="wb9")


@pytest.fixture
def data(
    team, ander_team, werkbegeleider, onderzoeker, collega, derde, onderzoeker_ander_team
) -> dict:
    """A small fixed data set; the expected figures are computed by hand in the tests."""
    nu = timezone.now()
    wb = werkbegeleider
    MedewerkerFactory(team=team, rollen=["onderzoeker"], username="inactief", is_active=False)
    d = {}
    # Waiting for B: 3 op tijd (two of them in beoordeling), 1 dreigend, 1 overschreden.
    d["overschreden"] = _melding(team, wb, termijn_dagen=-1, op_triagelijst=True)
    d["dreigend"] = _melding(team, wb, termijn_dagen=1 / 24, op_triagelijst=True)
    d["op_tijd"] = _melding(team, wb, termijn_dagen=30, op_triagelijst=True)
    d["in_b"] = _melding(
        team,
        wb,
        termijn_dagen=30,
        in_beoordeling=True,
        beoordelaar_1=onderzoeker,
        beoordelaar_2=collega,
    )
    d["in_b2"] = _melding(
        team,
        wb,
        termijn_dagen=30,
        in_beoordeling=True,
        beoordelaar_1=derde,
        beoordelaar_2=onderzoeker,
        ontvangen_op=nu - timedelta(days=10),
    )
    MeldingFactory(team=team, aangemaakt_door=wb)  # ontvangen: screening first, not waiting for B
    # Diensten: waiting for start 1 overschreden, 1 dreigend, 1 op tijd; 1 lopend; 1 ketenpartner.
    d["d1"] = _dienst(
        team,
        wb,
        status=DienstStatus.WACHT_OP_START,
        besluit_dagen_geleden=71,
        termijn_dagen=-1,
        uitvoerder=onderzoeker,
    )
    d["d2"] = _dienst(
        team, wb, status=DienstStatus.WACHT_OP_START, besluit_dagen_geleden=65, termijn_dagen=5
    )
    d["d3"] = _dienst(
        team,
        wb,
        status=DienstStatus.WACHT_OP_START,
        besluit_dagen_geleden=10,
        termijn_dagen=60,
        uitvoerder=collega,
    )
    d["d4"] = _dienst(
        team,
        wb,
        status=DienstStatus.LOPEND,
        besluit_dagen_geleden=20,
        termijn_dagen=50,
        uitvoerder=onderzoeker,
    )
    d["d5"] = _dienst(
        team,
        wb,
        status=DienstStatus.OP_KETENPARTNER,
        besluit_dagen_geleden=80,
        termijn_dagen=-10,
        uitvoerder=collega,
        afgerond_op=nu - timedelta(days=3),
    )
    # Signaleringen: open 2× B overschreden, 1× B dreigend, 1× dienst overschreden; one resolved.
    d["s1"] = _signalering(d["overschreden"], S.B_OVERSCHREDEN, uren_geleden=72)
    d["s2"] = _signalering(d["dreigend"], S.B_DREIGEND, uren_geleden=24)
    d["s3"] = _signalering(d["d1"].melding, S.DIENST_OVERSCHREDEN, uren_geleden=48)
    d["s4"] = _signalering(d["in_b2"], S.B_OVERSCHREDEN, uren_geleden=1)
    _signalering(d["op_tijd"], S.ZICHT_ACHTERSTALLIG, uren_geleden=100, opgelost=True)
    # Another team: must not appear anywhere.
    andere = MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"], username="andere_wb")
    d["ander"] = _melding(ander_team, andere, termijn_dagen=-2, op_triagelijst=True)
    _signalering(d["ander"], S.B_OVERSCHREDEN, uren_geleden=200)
    _dienst(
        ander_team,
        andere,
        status=DienstStatus.WACHT_OP_START,
        besluit_dagen_geleden=90,
        termijn_dagen=-20,
        uitvoerder=onderzoeker_ander_team,
    )
    return d


# --- The page ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_wachtrijen_met_termijnstatus(client, werkbegeleider, data):
    client.force_login(werkbegeleider)
    html = _html(client.get(URL))
    b = _rij(html, "wachtrij-1")
    assert "Op de triagelijst (acuut, wachtend of in beoordeling B)" in b
    assert [_cel(b, k) for k in ("aantal", "op_tijd", "dreigend", "overschreden")] == [
        "5",
        "3",
        "1",
        "1",
    ]
    start = _rij(html, "wachtrij-2")
    assert "Wacht op start vervolgdienst" in start
    assert [_cel(start, k) for k in ("aantal", "op_tijd", "dreigend", "overschreden")] == [
        "3",
        "1",
        "1",
        "1",
    ]
    assert timezone.localtime(data["d1"].besluit_op).strftime("%d-%m-%Y") in start
    keten = _rij(html, "wachtrij-3")
    assert "Wacht op ketenpartner" in keten
    assert _cel(keten, "aantal") == "1"
    assert timezone.localtime(data["d5"].afgerond_op).strftime("%d-%m-%Y") in keten


@pytest.mark.django_db
def test_open_signaleringen_per_soort_en_oudste(client, werkbegeleider, data):
    client.force_login(werkbegeleider)
    html = _html(client.get(URL))
    assert 'data-testid="signaleringen-totaal">4<' in html
    groep = re.search(r'data-testid="groep-b_overschreden">(.*?)</li>', html, re.S).group(1)
    assert ">2<" in groep and "Veiligheidsbeoordeling te laat" in groep
    assert re.search(r'data-testid="groep-b_dreigend"><span class="wb-aantal">1<', html)
    assert re.search(r'data-testid="groep-dienst_overschreden"><span class="wb-aantal">1<', html)
    assert "groep-zicht_achterstallig" not in html  # resolved
    volgorde = [
        f"signalering-{data['overschreden'].nummer}-b_overschreden",
        f"signalering-{data['d1'].melding.nummer}-dienst_overschreden",
        f"signalering-{data['dreigend'].nummer}-b_dreigend",
        f"signalering-{data['in_b2'].nummer}-b_overschreden",
    ]
    posities = [html.index(testid) for testid in volgorde]
    assert posities == sorted(posities)
    rij = _rij(html, volgorde[0])
    dossier = reverse("melding_dossier", kwargs={"nummer": data["overschreden"].nummer})
    assert f'href="{dossier}"' in rij
    assert "Veiligheidsbeoordeling te laat" in rij
    assert data["ander"].nummer not in html


@pytest.mark.django_db
def test_caseload_per_onderzoeker(client, werkbegeleider, onderzoeker, collega, derde, data):
    client.force_login(werkbegeleider)
    html = _html(client.get(URL))

    def cijfers(mw):
        rij = _rij(html, f"caseload-{mw.username}")
        return [_cel(rij, k) for k in ("in_beoordeling", "wacht_op_start", "lopend", "totaal")], (
            _cel(rij, "oudste")
        )

    def datum(dt):
        return timezone.localtime(dt).strftime("%d-%m-%Y")

    assert cijfers(onderzoeker) == (["2", "1", "1", "4"], datum(data["d1"].besluit_op))
    assert cijfers(collega) == (["1", "1", "0", "2"], datum(data["d3"].besluit_op))
    assert cijfers(derde) == (["1", "0", "0", "1"], datum(data["in_b2"].ontvangen_op))
    assert "caseload-inactief" not in html
    assert f"caseload-{werkbegeleider.username}" not in html
    assert "caseload-onderzoeker9" not in html


@pytest.mark.django_db
def test_herverdelen_formulieren_en_link_naar_organisatie_triagelijst(client, werkbegeleider, data):
    client.force_login(werkbegeleider)
    html = _html(client.get(URL))
    assert f'href="{reverse("triagelijst_organisatie")}"' in html
    for sleutel in ("in_b", "in_b2"):
        nummer = data[sleutel].nummer
        assert f'action="{reverse("werkbegeleider_herverdelen", args=[nummer])}"' in html
        assert f'id="id_herverdelen_{data[sleutel].pk}_reden"' in html
        assert f'for="id_herverdelen_{data[sleutel].pk}_reden"' in html
    assert reverse("werkbegeleider_herverdelen", args=[data["op_tijd"].nummer]) not in html


@pytest.mark.django_db
def test_onderzoeker_krijgt_403(client, onderzoeker, data):
    client.force_login(onderzoeker)
    antwoord = client.get(URL)
    assert antwoord.status_code == 403
    assert data["overschreden"].nummer not in _html(antwoord)
    assert "werkbegeleider" in _html(antwoord).lower()


@pytest.mark.django_db
def test_directie_zonder_team_krijgt_403(client, directie, data):
    client.force_login(directie)
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_regiomanager_ziet_pagina_zonder_herverdelen(client, regiomanager, data):
    client.force_login(regiomanager)
    html = _html(client.get(URL))
    assert [_cel(_rij(html, "wachtrij-1"), "aantal")] == ["5"]
    assert "Alleen een werkbegeleider kan meldingen herverdelen." in html
    assert "werkbegeleider/herverdelen/" not in html


@pytest.mark.django_db
def test_werkbegeleider_ander_team_ziet_dit_team_niet(client, werkbegeleider_ander_team, data):
    client.force_login(werkbegeleider_ander_team)
    html = _html(client.get(URL))
    assert _cel(_rij(html, "wachtrij-1"), "aantal") == "1"  # only its own overschreden melding
    assert _cel(_rij(html, "wachtrij-2"), "aantal") == "1"
    assert _cel(_rij(html, "wachtrij-3"), "aantal") == "0"
    for sleutel in ("overschreden", "dreigend", "op_tijd", "in_b", "in_b2"):
        assert data[sleutel].nummer not in html
    assert data["ander"].nummer in html
    assert "caseload-onderzoeker1" not in html
    assert "caseload-onderzoeker9" in html


@pytest.mark.django_db
def test_vast_aantal_queries(client, team, werkbegeleider, data):
    client.force_login(werkbegeleider)
    client.get(URL)  # warm up session and caches
    with CaptureQueriesContext(connection) as klein:
        assert client.get(URL).status_code == 200
    # Many more cases, onderzoekers, diensten and signaleringen.
    for i in range(6):
        mw = MedewerkerFactory(team=team, rollen=["onderzoeker"], username=f"extra{i}")
        m = _melding(
            team,
            werkbegeleider,
            termijn_dagen=i - 2,
            in_beoordeling=True,
            beoordelaar_1=mw,
            beoordelaar_2=data["in_b"].beoordelaar_1,
        )
        _signalering(m, S.B_DREIGEND, uren_geleden=i)
        _dienst(
            team,
            werkbegeleider,
            status=DienstStatus.LOPEND,
            besluit_dagen_geleden=i,
            termijn_dagen=60,
            uitvoerder=mw,
        )
    with CaptureQueriesContext(connection) as groot:
        html = _html(client.get(URL))
    assert "caseload-extra5" in html
    assert len(groot) == len(klein), [q["sql"] for q in groot.captured_queries]
    # 15, plus two for the herverdelen candidates' staff records (inzetbaarheid), three for the
    # oldest on the triagelijst and gestart / niet gestart (wachtlijst/cijfers.py), and two for
    # the caseload rows' staff records (niet inzetbaar flagged).
    assert len(groot) <= 22, len(groot)


# --- Herverdelen through the page ----------------------------------------------------------------


def _toestand(melding) -> tuple:
    melding.refresh_from_db()
    return (
        melding.status,
        melding.beoordelaar_1_id,
        melding.beoordelaar_2_id,
        Journaalregel.objects.filter(melding=melding).count(),
        AuditLog.objects.filter(actie="melding.herverdelen").count(),
    )


@pytest.mark.django_db
def test_herverdelen_via_pagina(client, werkbegeleider, onderzoeker, collega, derde, data):
    melding = data["in_b"]
    client.force_login(werkbegeleider)
    antwoord = client.post(
        reverse("werkbegeleider_herverdelen", args=[melding.nummer]),
        {"van": onderzoeker.pk, "naar": derde.pk, "reden": "Onderzoeker1 is ziek."},
    )
    assert antwoord.status_code == 302 and antwoord["Location"] == URL
    melding.refresh_from_db()
    assert (melding.beoordelaar_1_id, melding.beoordelaar_2_id) == (derde.pk, collega.pk)
    regel = Journaalregel.objects.filter(melding=melding).latest("pk")
    assert "Onderzoeker1 is ziek." in regel.tekst and regel.auteur_id == werkbegeleider.pk
    audit = AuditLog.objects.get(actie="melding.herverdelen")
    assert audit.object_id == melding.nummer and audit.medewerker_id == werkbegeleider.pk
    assert audit.details == {"rol": "beoordelaar_1", "van": onderzoeker.pk, "naar": derde.pk}
    assert "Onderzoeker1" not in str(audit.details)  # the reason is not in the audit log
    html = _html(client.get(URL))
    assert f"Melding {melding.nummer} is herverdeeld" in html


@pytest.mark.django_db
def test_herverdelen_via_htmx_fout_naast_veld(client, werkbegeleider, onderzoeker, derde, data):
    melding = data["in_b"]
    voor = _toestand(melding)
    client.force_login(werkbegeleider)
    antwoord = client.post(
        reverse("werkbegeleider_herverdelen", args=[melding.nummer]),
        {"van": onderzoeker.pk, "naar": derde.pk, "reden": "   "},
        HTTP_HX_REQUEST="true",
    )
    html = _html(antwoord)
    assert antwoord.status_code == 200
    assert f'id="herverdelen-{melding.nummer}"' in html
    assert "Geef een reden voor het herverdelen op." in html
    assert "<html" not in html
    assert _toestand(melding) == voor


@pytest.mark.django_db
def test_herverdelen_verouderd_formulier_toont_melding(
    client, werkbegeleider, onderzoeker, derde, data
):
    melding = data["in_b"]
    Melding.objects.filter(pk=melding.pk).update(status=MeldingStatus.BESLOTEN)
    voor = _toestand(melding)
    client.force_login(werkbegeleider)
    antwoord = client.post(
        reverse("werkbegeleider_herverdelen", args=[melding.nummer]),
        {"van": onderzoeker.pk, "naar": derde.pk, "reden": "Ziek"},
    )
    html = _html(antwoord)
    assert antwoord.status_code == 200
    assert "niet (meer) in beoordeling" in html
    assert _toestand(melding) == voor


@pytest.mark.django_db
def test_herverdelen_via_pagina_geweigerd(
    client, onderzoeker, werkbegeleider_ander_team, collega, derde, data
):
    melding = data["in_b"]
    voor = _toestand(melding)
    url = reverse("werkbegeleider_herverdelen", args=[melding.nummer])
    invoer = {"van": onderzoeker.pk, "naar": derde.pk, "reden": "Ziek"}
    client.force_login(onderzoeker)
    assert client.post(url, invoer).status_code == 403
    client.force_login(werkbegeleider_ander_team)
    assert client.post(url, invoer).status_code == 404
    assert _toestand(melding) == voor


# --- The service ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_service_herverdelen_tweede_beoordelaar(werkbegeleider, onderzoeker, collega, data):
    melding = data["in_b2"]  # derde + onderzoeker
    resultaat = melding_herverdelen(
        melding_id=melding.pk,
        door=werkbegeleider,
        van_id=onderzoeker.pk,
        naar_id=collega.pk,
        reden="Werkverdeling",
    )
    resultaat.refresh_from_db()
    assert resultaat.beoordelaar_2_id == collega.pk
    assert resultaat.status == MeldingStatus.IN_BEOORDELING
    assert AuditLog.objects.get(actie="melding.herverdelen").details["rol"] == "beoordelaar_2"


@pytest.mark.parametrize(
    ("geval", "fout", "veld"),
    [
        ("geen_werkbegeleider", GeenToegang, None),
        ("ander_team", GeenToegang, None),
        ("verkeerde_status", DomainError, None),
        ("naar_andere_beoordelaar", DomainError, "naar"),
        ("naar_geen_onderzoeker", DomainError, "naar"),
        ("naar_inactief", DomainError, "naar"),
        ("naar_ander_team", DomainError, "naar"),
        ("van_geen_beoordelaar", DomainError, "van"),
        ("lege_reden", DomainError, "reden"),
    ],
)
@pytest.mark.django_db
def test_service_weigert_en_laat_niets_achter(
    geval,
    fout,
    veld,
    werkbegeleider,
    werkbegeleider_ander_team,
    onderzoeker,
    collega,
    derde,
    gedragswetenschapper,
    onderzoeker_ander_team,
    data,
):
    melding = data["in_b"]  # onderzoeker + collega
    args = {
        "melding_id": melding.pk,
        "door": werkbegeleider,
        "van_id": onderzoeker.pk,
        "naar_id": derde.pk,
        "reden": "Ziek",
    }
    if geval == "geen_werkbegeleider":
        args["door"] = collega
    elif geval == "ander_team":
        args["door"] = werkbegeleider_ander_team
    elif geval == "verkeerde_status":
        melding = data["op_tijd"]
        args["melding_id"] = melding.pk
    elif geval == "naar_andere_beoordelaar":
        args["naar_id"] = collega.pk
    elif geval == "naar_geen_onderzoeker":
        args["naar_id"] = gedragswetenschapper.pk
    elif geval == "naar_inactief":
        args["naar_id"] = MedewerkerFactory(
            team=melding.team, rollen=["onderzoeker"], is_active=False
        ).pk
    elif geval == "naar_ander_team":
        args["naar_id"] = onderzoeker_ander_team.pk
    elif geval == "van_geen_beoordelaar":
        args["van_id"] = derde.pk
    elif geval == "lege_reden":
        args["reden"] = "  "
    voor = _toestand(melding)
    with pytest.raises(fout) as fout_info:
        melding_herverdelen(**args)
    assert _toestand(melding) == voor
    if veld:
        assert veld in fout_info.value.velden
    assert fout_info.value.message  # Dutch text for the user
