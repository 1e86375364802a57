"""Pages, permissions, the outbox, the task as a plain function and its progress."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string

from tests.factories import MedewerkerFactory, TeamFactory
from tests.verantwoording.cbs_wereld import bouw
from veiligthuis.audit import AuditLog
from veiligthuis.models import Uitgaand
from verantwoording.cbs import services
from verantwoording.cbs.records import Halfjaar
from verantwoording.cbs.taken import cbs_aanlevering_maken_taak
from verantwoording.models import AanleveringStatus, CbsAanlevering

pytestmark = pytest.mark.django_db
GOLDEN = "tests/verantwoording/golden/ibvt-2026-v1_2026-1.txt"


@pytest.fixture
def wereld(opslag):
    team = TeamFactory(naam="Team Golden")
    return bouw(team=team)


@pytest.fixture
def gebruikers(wereld):
    team = wereld["team"]
    ander = TeamFactory(naam="Team Elders")

    def m(naam, rol, team_=None):
        return MedewerkerFactory(team=team_, rollen=[rol], username=naam)

    return {
        "directie": m("cbs-dir", "directie"),
        "beheer": m("cbs-beheer", "beheer"),
        "werkbegeleider": m("cbs-wb", "werkbegeleider", team),
        "regiomanager_ander": m("cbs-rm", "regiomanager", ander),
        "werkbegeleider_ander": m("cbs-wb2", "werkbegeleider", ander),
        "onderzoeker": m("cbs-oz", "onderzoeker", team),
        "onderzoeker_ander": m("cbs-oz2", "onderzoeker", ander),
        "gedragswetenschapper": m("cbs-gw", "gedragswetenschapper", team),
    }


def _klaar(door):
    a = services.cbs_aanlevering_aanvragen(door=door, halfjaar=Halfjaar(2026, 1))
    return services.cbs_aanlevering_maken(aanlevering_id=a.pk)


@pytest.mark.parametrize(
    ("rol", "code", "formulier"),
    [
        ("directie", 200, True),
        ("beheer", 200, True),
        ("werkbegeleider", 200, False),
        ("regiomanager_ander", 200, False),
        ("onderzoeker", 403, False),
        ("onderzoeker_ander", 403, False),
        ("gedragswetenschapper", 403, False),
    ],
)
def test_wie_de_pagina_ziet(client, gebruikers, rol, code, formulier):
    client.force_login(gebruikers[rol])
    antwoord = client.get(reverse("cbs"))
    assert antwoord.status_code == code
    if code == 200:
        assert (reverse("cbs_aanvragen") in antwoord.content.decode()) is formulier
        assert reverse("cbs") in antwoord.content.decode()  # nav link


def test_nav_link_alleen_voor_wie_mag(client, gebruikers):
    client.force_login(gebruikers["onderzoeker"])
    assert reverse("cbs") not in client.get(reverse("home")).content.decode()


def test_aanvragen_via_de_outbox(client, gebruikers, django_capture_on_commit_callbacks):
    client.force_login(gebruikers["directie"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        antwoord = client.post(reverse("cbs_aanvragen"), {"halfjaar": "2026-1"})
    aanlevering = CbsAanlevering.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("cbs_aanlevering", args=[aanlevering.pk])
    assert aanlevering.status == AanleveringStatus.WACHTRIJ
    uitgaand = Uitgaand.objects.get(taak=services.TAAK)
    assert uitgaand.argumenten == {"aanlevering_id": aanlevering.pk}
    assert len(callbacks) == 1
    assert import_string(services.TAAK) is cbs_aanlevering_maken_taak
    assert AuditLog.objects.filter(
        actie="cbs.aanvragen", medewerker=gebruikers["directie"]
    ).exists()
    # a second request for the same half-year while the first is open is refused
    antwoord = client.post(reverse("cbs_aanvragen"), {"halfjaar": "2026-1"}, follow=True)
    assert "wordt al een aanlevering gemaakt" in antwoord.content.decode()
    assert CbsAanlevering.objects.count() == 1


@pytest.mark.parametrize("rol", ["werkbegeleider", "onderzoeker", "gedragswetenschapper"])
def test_aanvragen_geweigerd(client, gebruikers, rol):
    client.force_login(gebruikers[rol])
    assert client.post(reverse("cbs_aanvragen"), {"halfjaar": "2026-1"}).status_code == 403
    assert not CbsAanlevering.objects.exists()
    assert not Uitgaand.objects.exists()


def test_lopend_halfjaar_kan_nog_niet(client, gebruikers):
    client.force_login(gebruikers["directie"])
    vandaag = services.termijnen.lokale_datum(services.timezone.now())
    lopend = f"{vandaag.year}-{1 if vandaag.month <= 6 else 2}"
    antwoord = client.post(reverse("cbs_aanvragen"), {"halfjaar": lopend}, follow=True)
    assert "nog niet voorbij" in antwoord.content.decode()
    assert not CbsAanlevering.objects.exists()


def test_taak_als_functie_met_voortgang(gebruikers, monkeypatch):
    a = services.cbs_aanlevering_aanvragen(door=gebruikers["directie"], halfjaar=Halfjaar(2026, 1))
    gezien = []
    echt = services._zet_voortgang

    def volg(pk, procent):
        echt(pk, procent)
        gezien.append(CbsAanlevering.objects.get(pk=pk).voortgang)

    monkeypatch.setattr(services, "_zet_voortgang", volg)
    monkeypatch.setattr(services.records, "PER_KEER", 2)  # 9 meldingen: 5 chunks
    assert cbs_aanlevering_maken_taak(a.pk) == AanleveringStatus.KLAAR
    assert gezien == sorted(gezien) and len(gezien) >= 3 and gezien[-1] == 99
    a.refresh_from_db()
    assert a.voortgang == 100 and a.klaar_op is not None
    # idempotent: running it again changes nothing
    sha = a.sha256
    assert cbs_aanlevering_maken_taak(a.pk) == AanleveringStatus.KLAAR
    a.refresh_from_db()
    assert a.sha256 == sha


def test_mislukt_wordt_vastgelegd(gebruikers, monkeypatch):
    a = services.cbs_aanlevering_aanvragen(door=gebruikers["directie"], halfjaar=Halfjaar(2026, 1))

    def stuk(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(services.records, "melding_ids", stuk)
    with pytest.raises(RuntimeError):
        services.cbs_aanlevering_maken(aanlevering_id=a.pk)
    a.refresh_from_db()
    assert a.status == AanleveringStatus.MISLUKT and "schijf vol" in a.foutmelding


def test_nummers_alleen_voor_wie_de_meldingen_mag_zien(client, gebruikers):
    aanlevering = _klaar(gebruikers["directie"])
    url = reverse("cbs_aanlevering", args=[aanlevering.pk])
    # the team's werkbegeleider sees the number (and the view is audited with it)
    client.force_login(gebruikers["werkbegeleider"])
    tekst = client.get(url).content.decode()
    assert "VT-2026-000003" in tekst
    regel = AuditLog.objects.get(actie="cbs.inzien", medewerker=gebruikers["werkbegeleider"])
    assert regel.details["nummers"] == ["VT-2026-000003"]
    # another team's lead, directie and beheer see the count only
    for rol in ("werkbegeleider_ander", "regiomanager_ander", "directie", "beheer"):
        client.force_login(gebruikers[rol])
        antwoord = client.get(url)
        assert antwoord.status_code == 200
        tekst = antwoord.content.decode()
        assert "VT-2026-000003" not in tekst, rol
        assert "1 melding van een team dat u niet ziet" in tekst
        assert not AuditLog.objects.filter(actie="cbs.inzien", medewerker=gebruikers[rol]).exists()
    for rol in ("onderzoeker", "onderzoeker_ander", "gedragswetenschapper"):
        client.force_login(gebruikers[rol])
        assert client.get(url).status_code == 403


def test_download_met_audit(client, gebruikers):
    aanlevering = _klaar(gebruikers["directie"])
    url = reverse("cbs_download", args=[aanlevering.pk])
    for rol in ("werkbegeleider", "regiomanager_ander", "onderzoeker", "gedragswetenschapper"):
        client.force_login(gebruikers[rol])
        assert client.get(url).status_code == 403
    assert not AuditLog.objects.filter(actie="cbs.download").exists()
    for rol in ("directie", "beheer"):
        client.force_login(gebruikers[rol])
        antwoord = client.get(url)
        assert antwoord.status_code == 200
        inhoud = b"".join(antwoord.streaming_content)
        with open(GOLDEN, "rb") as golden:
            assert inhoud == golden.read()
        assert "ibvt-2026-v1_2026-1.txt" in antwoord["Content-Disposition"]
        regel = AuditLog.objects.filter(actie="cbs.download", medewerker=gebruikers[rol]).get()
        assert regel.details["sha256"] == aanlevering.sha256


def test_geweigerde_aanlevering_heeft_geen_download(client, gebruikers, wereld):
    from meldingen.models import Besluit
    from tests.verantwoording.cbs_wereld import op

    Besluit.objects.filter(melding=wereld["meldingen"][1]).update(genomen_op=op(2026, 1, 1))
    aanlevering = _klaar(gebruikers["directie"])
    assert aanlevering.status == AanleveringStatus.GEWEIGERD
    client.force_login(gebruikers["directie"])
    assert client.get(reverse("cbs_download", args=[aanlevering.pk])).status_code == 404
    tekst = client.get(reverse("cbs_aanlevering", args=[aanlevering.pk])).content.decode()
    assert "Er is geen bestand gemaakt" in tekst
    assert reverse("cbs_download", args=[aanlevering.pk]) not in tekst


def test_voortgang_wordt_gepold_tot_het_klaar_is(client, gebruikers):
    a = services.cbs_aanlevering_aanvragen(door=gebruikers["directie"], halfjaar=Halfjaar(2026, 1))
    CbsAanlevering.objects.filter(pk=a.pk).update(voortgang=40)
    client.force_login(gebruikers["directie"])
    url = reverse("cbs_voortgang", args=[a.pk])
    antwoord = client.get(url, HTTP_HX_REQUEST="true")
    tekst = antwoord.content.decode()
    assert 'hx-trigger="every 2s"' in tekst and 'value="40"' in tekst
    assert "HX-Refresh" not in antwoord
    # the detail page embeds the same poller
    assert url in client.get(reverse("cbs_aanlevering", args=[a.pk])).content.decode()
    services.cbs_aanlevering_maken(aanlevering_id=a.pk)
    antwoord = client.get(url, HTTP_HX_REQUEST="true")
    assert antwoord["HX-Refresh"] == "true"
    assert "hx-trigger" not in antwoord.content.decode()


def test_geen_bestand_zonder_vastgelegde_aanlevering(gebruikers, opslag, monkeypatch):
    """Stored bytes whose row did not commit are removed again (and the run is mislukt)."""
    a = services.cbs_aanlevering_aanvragen(door=gebruikers["directie"], halfjaar=Halfjaar(2026, 1))

    def stuk(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(services, "audit_log", stuk)
    with pytest.raises(RuntimeError):
        services.cbs_aanlevering_maken(aanlevering_id=a.pk)
    a.refresh_from_db()
    assert a.status == AanleveringStatus.MISLUKT and a.bestand.name == ""
    assert [p for p in opslag.rglob("*") if p.is_file()] == []
