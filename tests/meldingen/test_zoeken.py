"""Search in the header (`/zoeken/`): what each role finds of the own team and of another team, the
exact-BSN exception, the audit row of every search, and the person candidates of the intake form
under the same rule."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meldingen.models import Directbetrokkene, Huishouden, Persoon
from meldingen.selectors.zoeken import (
    BSN,
    NAAM_GEBOORTEDATUM,
    NUMMER,
    POSTCODE_HUISNUMMER,
    zoekvraag_lezen,
)
from meldingen.views.zoeken import BSN_HASH_DOEL
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory, consult_met
from veiligthuis.audit import AuditLog, gesleutelde_hash

TEAMROLLEN = ("onderzoeker", "werkbegeleider", "regiomanager", "secretariaat")
GECONSULTEERD = ("gedragswetenschapper", "vertrouwensarts")
NIET_GECONSULTEERD = ("aandachtfunctionaris",)
CASUSROLLEN = (*TEAMROLLEN, *GECONSULTEERD, *NIET_GECONSULTEERD)
SOORTEN = ("nummer", "bsn", "naam", "adres")

EIGEN_BSN = "271828183"
ANDER_BSN = "123456782"
ONGELDIG_BSN = "123456789"  # fails the 11-proef
BEKEND_ELDERS = "Bekend bij Veilig Thuis"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _melding(team, *, persoon, nummer, ontvangen, samenvatting, postcode, huisnummer, straat):
    huishouden = Huishouden.objects.create(
        straat=straat, huisnummer=huisnummer, postcode=postcode, woonplaats="Den Haag"
    )
    melding = MeldingFactory(
        team=team,
        nummer=nummer,
        ontvangen_op=ontvangen,
        samenvatting=samenvatting,
        huishouden=huishouden,
    )
    Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol="kind")
    return melding


@pytest.fixture
def wereld(team, ander_team):
    """One person and household per team, each in one melding, with markers that must not leak."""
    eigen_persoon = PersoonFactory(
        voornamen="Ilse",
        achternaam="Kievitsbloem",
        geboortedatum=date(2018, 4, 2),
        bsn=EIGEN_BSN,
    )
    ander_persoon = PersoonFactory(
        voornamen="Rosalinde",
        tussenvoegsel="van der",
        achternaam="Zwaluwstaart",
        geboortedatum=date(2017, 7, 14),
        bsn=ANDER_BSN,
    )
    eigen = _melding(
        team,
        persoon=eigen_persoon,
        nummer="VT-2026-000321",
        ontvangen=datetime(2026, 1, 12, 10, tzinfo=AMSTERDAM),
        samenvatting="SAMENVATTING-EIGEN",
        postcode="2595XY",
        huisnummer="3a",
        straat="Kievitlaan",
    )
    ander = _melding(
        ander_team,
        persoon=ander_persoon,
        nummer="VT-2025-004567",
        ontvangen=datetime(2025, 11, 5, 9, tzinfo=AMSTERDAM),
        samenvatting="SAMENVATTING-ANDER",
        postcode="2511AB",
        huisnummer="12",
        straat="Lijsterbeslaan",
    )
    gebruikers = {
        rol: MedewerkerFactory(team=team, rollen=[rol], username=f"zoek-{rol}")
        for rol in CASUSROLLEN
    }
    consult_met(eigen, *(gebruikers[rol] for rol in GECONSULTEERD))
    return {"eigen": eigen, "ander": ander, "gebruikers": gebruikers}


ZOEKVRAGEN = {
    "eigen": {
        "nummer": "vt-2026-321",
        "bsn": EIGEN_BSN,
        "naam": "kievitsbloem 02-04-2018",
        "adres": "2595 xy 3 A",
    },
    "ander": {
        "nummer": "VT-2025-004567",
        "bsn": f"{ANDER_BSN[:4]} {ANDER_BSN[4:]}",
        "naam": "Van der Zwaluwstäart 14-07-2017",
        "adres": "2511 AB 12",
    },
}
# What a page may never show of a melding outside scope (unless the search itself typed it).
MARKERS = {
    "eigen": (
        "Ilse",
        "Kievitsbloem",
        "02-04-2018",
        EIGEN_BSN,
        "VT-2026-000321",
        "12-01-2026",
        "SAMENVATTING-EIGEN",
        "Kievitlaan",
    ),
    "ander": (
        "Rosalinde",
        "Zwaluwstaart",
        "14-07-2017",
        ANDER_BSN,
        "VT-2025-004567",
        "05-11-2025",
        "SAMENVATTING-ANDER",
        "Lijsterbeslaan",
        "Team Zoetermeer",
    ),
}


def zoek(client, q: str):
    return client.get(reverse("zoeken"), {"q": q})


def _mag_zien(rol: str, variant: str) -> bool:
    return variant == "eigen" and rol in (*TEAMROLLEN, *GECONSULTEERD)


def _lekken(html: str, variant: str, soort: str, q: str) -> list[str]:
    toegestaan = {q}
    if soort == "bsn":
        toegestaan.add("Team Zoetermeer")  # the exact-BSN exception: whom to contact
    if soort == "nummer":
        toegestaan.add(MARKERS[variant][4])  # the number is echoed in the search box
    return [
        m
        for m in MARKERS[variant]
        if m in html and m not in toegestaan and m.lower() not in q.lower()
    ]


# --- the permission matrix ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("rol", CASUSROLLEN)
def test_zoekmatrix_rol_team_en_soort(client, wereld, rol):
    """Role × own team / other team × kind of identifier."""
    client.force_login(wereld["gebruikers"][rol])
    fouten = []
    for variant in ("eigen", "ander"):
        melding = wereld[variant]
        link = f'href="{reverse("melding_dossier", kwargs={"nummer": melding.nummer})}"'
        for soort in SOORTEN:
            q = ZOEKVRAGEN[variant][soort]
            antwoord = zoek(client, q)
            html = antwoord.content.decode()
            if antwoord.status_code != 200:
                fouten.append(f"{variant}/{soort}: {antwoord.status_code}")
                continue
            regel = AuditLog.objects.filter(actie="zoeken").latest("pk")
            if _mag_zien(rol, variant):
                if link not in html or "SAMENVATTING" in html:
                    fouten.append(f"{variant}/{soort}: eigen melding niet als link gevonden")
                if regel.details["nummers"] != [melding.nummer]:
                    fouten.append(f"{variant}/{soort}: audit {regel.details}")
                continue
            if link in html:
                fouten.append(f"{variant}/{soort}: link naar een melding buiten bereik")
            if lek := _lekken(html, variant, soort, q):
                fouten.append(f"{variant}/{soort}: lekt {lek}")
            if regel.details["nummers"] != []:
                fouten.append(f"{variant}/{soort}: audit toont {regel.details['nummers']}")
            if soort == "nummer":
                # Like the dossier's 404: a count would confirm the number exists elsewhere.
                if BEKEND_ELDERS in html or "Niets gevonden" not in html:
                    fouten.append(f"{variant}/{soort}: nummer buiten bereik niet als niets")
                continue
            if html.count(BEKEND_ELDERS) != 1 or "1 melding" not in html:
                fouten.append(f"{variant}/{soort}: geen telregel")
            verwacht = "(ander team)" if rol in TEAMROLLEN else "(zonder uw toegang)"
            if verwacht not in html:
                fouten.append(f"{variant}/{soort}: telregel zonder {verwacht}")
            if regel.details["elders"] != 1:
                fouten.append(f"{variant}/{soort}: audit elders {regel.details}")
    assert not fouten, "\n".join(fouten)


@pytest.mark.django_db
def test_eigen_treffer_toont_nummer_datum_status_team_en_persoon(client, wereld, onderzoeker):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    html = zoek(client, EIGEN_BSN).content.decode()
    assert "VT-2026-000321" in html and "12-01-2026" in html
    assert "Ontvangen" in html and "Team Den Haag Centrum" in html
    assert "Ilse Kievitsbloem (kind in het gezin)" in html
    assert BEKEND_ELDERS not in html and "Niets gevonden" not in html


@pytest.mark.django_db
def test_exact_bsn_noemt_het_team_naam_en_adres_niet(client, wereld):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    html = zoek(client, ANDER_BSN).content.decode()
    assert "Bekend bij Veilig Thuis (ander team), 1 melding" in html
    assert "Neem voor overleg contact op met Team Zoetermeer" in html
    for marker in ("Rosalinde", "Zwaluwstaart", "14-07-2017", "VT-2025-004567", "05-11-2025"):
        assert marker not in html
    assert AuditLog.objects.latest("pk").details["teams_genoemd"] == [wereld["ander"].team_id]
    for q in (ZOEKVRAGEN["ander"]["naam"], ZOEKVRAGEN["ander"]["adres"]):
        html = zoek(client, q).content.decode()
        assert "Bekend bij Veilig Thuis (ander team), 1 melding" in html
        assert "Team Zoetermeer" not in html, "a name or an address does not name the team"
        assert "teams_genoemd" not in AuditLog.objects.latest("pk").details


@pytest.mark.django_db
def test_eigen_en_andere_melding_van_een_persoon(client, wereld, team):
    """Known in both teams: the own melding as a link, the other one as the count line."""
    Directbetrokkene.objects.create(
        melding=MeldingFactory(team=team, nummer="VT-2026-000124"),
        persoon=Persoon.objects.met_bsn(ANDER_BSN).get(),
        rol="kind",
    )
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    html = zoek(client, ZOEKVRAGEN["ander"]["naam"]).content.decode()
    assert "VT-2026-000124" in html and "Rosalinde" in html, "the own melding names its person"
    assert "Bekend bij Veilig Thuis (ander team), 1 melding" in html
    assert "VT-2025-004567" not in html and "05-11-2025" not in html


@pytest.mark.django_db
def test_ongeldig_bsn_geeft_een_duidelijke_melding(client, wereld):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    for q, tekst in ((ONGELDIG_BSN, "11-proef"), ("12345678", "precies 9 cijfers")):
        html = zoek(client, q).content.decode()
        assert tekst in html
        assert "Niets gevonden" not in html and BEKEND_ELDERS not in html
        details = AuditLog.objects.latest("pk").details
        assert details["soort"] == "bsn" and details["geldig"] is False
        assert "bsn_hmac" not in details
    assert ONGELDIG_BSN not in json.dumps(list(AuditLog.objects.values("details", "object_id")))


@pytest.mark.django_db
def test_onbegrepen_zoekvraag_krijgt_uitleg(client, wereld):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    for q in ("Kievitsbloem", "hallo", "02-04-2018", "2595"):
        html = zoek(client, q).content.decode()
        assert "Deze zoekvraag wordt niet herkend" in html
        assert "Wat u kunt zoeken" in html and "Een BSN van 9 cijfers" in html
        assert "VT-2026-000321" not in html
        assert AuditLog.objects.latest("pk").details["soort"] == "onbekend"
    aantal = AuditLog.objects.count()
    html = client.get(reverse("zoeken")).content.decode()
    assert "Wat u kunt zoeken" in html
    assert AuditLog.objects.count() == aantal, "opening the page is not a search"


@pytest.mark.django_db
def test_niet_bestaande_datum(client, wereld):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    html = zoek(client, "Jansen 31-02-2018").content.decode()
    assert "Deze geboortedatum bestaat niet" in html


# --- audit --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_elke_zoekvraag_een_auditregel_bsn_alleen_gehasht(client, wereld):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    voor = AuditLog.objects.filter(actie="zoeken").count()
    for variant in ("eigen", "ander"):
        for soort in SOORTEN:
            zoek(client, ZOEKVRAGEN[variant][soort])
    regels = list(AuditLog.objects.filter(actie="zoeken").order_by("pk"))[voor:]
    assert len(regels) == 8
    assert [r.details["soort"] for r in regels] == [
        NUMMER,
        BSN,
        NAAM_GEBOORTEDATUM,
        POSTCODE_HUISNUMMER,
    ] * 2
    assert all(r.medewerker == wereld["gebruikers"]["onderzoeker"] for r in regels)
    assert regels[1].details["bsn_hmac"] == gesleutelde_hash(EIGEN_BSN, doel=BSN_HASH_DOEL)
    assert regels[5].details["bsn_hmac"] == gesleutelde_hash(ANDER_BSN, doel=BSN_HASH_DOEL)
    assert regels[1].details["nummers"] == ["VT-2026-000321"]
    assert regels[1].details["aantal"] == 1
    alles = json.dumps(list(AuditLog.objects.values("details", "object_id", "actie")))
    for verboden in (EIGEN_BSN, ANDER_BSN, "Kievitsbloem", "Zwaluw", "2511", "2595", "Ilse"):
        assert verboden not in alles, f"{verboden} in de auditlog"


def test_bsn_hash_is_gesleuteld_met_secret_key(settings):
    settings.SECRET_KEY = "een-sleutel-" + "x" * 40
    eerste = gesleutelde_hash(ANDER_BSN, doel=BSN_HASH_DOEL)
    assert len(eerste) == 64 and ANDER_BSN not in eerste
    assert gesleutelde_hash(ANDER_BSN, doel="iets anders") != eerste
    settings.SECRET_KEY = "een-andere-sleutel-" + "y" * 40
    assert gesleutelde_hash(ANDER_BSN, doel=BSN_HASH_DOEL) != eerste


# --- who gets search at all ---------------------------------------------------------------------


@pytest.mark.django_db
def test_directie_en_beheer_geen_zoekvak_en_403(client, wereld, directie, beheer):
    for medewerker in (directie, beheer):
        client.force_login(medewerker)
        assert 'role="search"' not in client.get(reverse("home")).content.decode()
        antwoord = zoek(client, ANDER_BSN)
        assert antwoord.status_code == 403
        html = antwoord.content.decode()
        assert "Geen toegang" in html and "Rosalinde" not in html and "Zwaluw" not in html
    assert not AuditLog.objects.filter(actie="zoeken").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", CASUSROLLEN)
def test_zoekvak_in_de_kop_voor_casusrollen(client, wereld, rol):
    client.force_login(wereld["gebruikers"][rol])
    html = client.get(reverse("home")).content.decode()
    assert '<form class="zoekvak" role="search" method="get" action="/zoeken/">' in html
    assert '<label for="zoekvak-q">Zoeken</label>' in html and 'name="q"' in html


@pytest.mark.django_db
def test_anoniem_naar_inloggen(client):
    antwoord = zoek(client, ANDER_BSN)
    assert antwoord.status_code == 302


# --- merged persons, query count ----------------------------------------------------------------


@pytest.mark.django_db
def test_samengevoegde_persoon_niet_apart(client, wereld, team):
    eigen = Persoon.objects.met_bsn(EIGEN_BSN).get()
    dubbel = PersoonFactory(
        voornamen="Dubbelganger", achternaam="Kievitsbloem", geboortedatum=date(2018, 4, 2)
    )
    Persoon.objects.filter(pk=dubbel.pk).update(samengevoegd_in=eigen)
    Directbetrokkene.objects.create(
        melding=MeldingFactory(team=team, nummer="VT-2026-000999"), persoon=dubbel, rol="kind"
    )
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    html = zoek(client, ZOEKVRAGEN["eigen"]["naam"]).content.decode()
    assert "VT-2026-000321" in html
    assert "Dubbelganger" not in html and "VT-2026-000999" not in html


@pytest.mark.django_db
def test_vast_aantal_queries_bij_veel_treffers(client, wereld, team, ander_team):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    persoon = Persoon.objects.met_bsn(EIGEN_BSN).get()
    huishouden = wereld["eigen"].huishouden
    zoek(client, "iets")  # the session is stamped once

    def metingen() -> list[int]:
        aantallen = []
        for q in ZOEKVRAGEN["eigen"].values():
            with CaptureQueriesContext(connection) as queries:
                assert zoek(client, q).status_code == 200
            aantallen.append(len(queries))
        return aantallen

    weinig = metingen()
    for _ in range(30):
        for t in (team, ander_team):
            melding = MeldingFactory(team=t, huishouden=huishouden)
            Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol="kind")
    assert metingen() == weinig
    assert max(weinig) <= 10, weinig
    html = zoek(client, EIGEN_BSN).content.decode()
    assert html.count('href="/meldingen/VT-') == 31
    assert "Bekend bij Veilig Thuis (ander team), 30 meldingen" in html


# --- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tekst", "soort", "waarde"),
    [
        ("VT-2026-000123", NUMMER, "VT-2026-000123"),
        ("vt-2026-123", NUMMER, "VT-2026-000123"),
        (" VT 2026 000123 ", NUMMER, "VT-2026-000123"),
        ("123456782", BSN, "123456782"),
        ("1234.56.782", BSN, "123456782"),
        ("2511 AB 12", POSTCODE_HUISNUMMER, "2511AB|12"),
        ("2511ab 12-a", POSTCODE_HUISNUMMER, "2511AB|12-A"),
        ("Jansen 02-04-2018", NAAM_GEBOORTEDATUM, "jansen"),
        ("01/03/2018 de Vriës", NAAM_GEBOORTEDATUM, "vries"),
        ("van der Berg 2018-03-01", NAAM_GEBOORTEDATUM, "berg"),
        ("VT-2026-1234567", "", ""),
        ("Jansen", "", ""),
        ("", "", ""),
    ],
)
def test_zoekvraag_lezen(tekst, soort, waarde):
    vraag = zoekvraag_lezen(tekst)
    assert (vraag.soort, vraag.waarde, vraag.fout) == (soort, waarde, "")


def test_zoekvraag_naam_met_datum():
    assert zoekvraag_lezen("Jansen 1-3-2018").geboortedatum == date(2018, 3, 1)


# --- the intake form's person candidates follow the same rule -----------------------------------


def _kandidaten(client, **velden):
    data = {"index": 0, **{f"db-0-{k}": v for k, v in velden.items()}}
    return client.post(reverse("persoon_kandidaten"), data, headers={"HX-Request": "true"})


@pytest.mark.django_db
def test_kandidaten_van_alleen_een_ander_team_zonder_naam(client, wereld):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    for velden in (
        {"bsn": ANDER_BSN},
        {"achternaam": "Zwaluw", "geboortedatum": "2017-07-14"},
    ):
        html = _kandidaten(client, **velden).content.decode()
        assert "Bekend bij Veilig Thuis (ander team), 1 melding" in html
        assert "Rosalinde" not in html and "Zwaluwstaart" not in html
        assert "14-07-2017" not in html and "Koppel deze persoon" not in html
        assert '"koppel"' not in html
    html = _kandidaten(client, bsn=EIGEN_BSN).content.decode()
    assert "Ilse Kievitsbloem" in html and "Koppel deze persoon" in html


@pytest.mark.django_db
def test_persoon_van_een_ander_team_niet_met_de_hand_te_koppelen(client, wereld):
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    ander = Persoon.objects.met_bsn(ANDER_BSN).get()
    data = {"index": 0, "koppel": ander.pk, "db-0-bsn": ANDER_BSN, "db-0-rol": "kind"}
    html = client.post(reverse("betrokkene_formulier"), data).content.decode()
    assert "past niet bij" in html
    assert "Rosalinde" not in html and "Gekoppeld aan bekende persoon" not in html


@pytest.mark.django_db
def test_kandidaten_zonder_samengevoegde_personen(client, wereld):
    eigen = Persoon.objects.met_bsn(EIGEN_BSN).get()
    dubbel = PersoonFactory(
        voornamen="Dubbelganger", achternaam="Kievitsbloem", geboortedatum=date(2018, 4, 2)
    )
    Persoon.objects.filter(pk=dubbel.pk).update(samengevoegd_in=eigen)
    client.force_login(wereld["gebruikers"]["onderzoeker"])
    html = _kandidaten(client, achternaam="Kievitsbloem", geboortedatum="2018-04-02").content
    assert b"Ilse Kievitsbloem" in html and b"Dubbelganger" not in html
