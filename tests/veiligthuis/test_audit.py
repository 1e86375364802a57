"""The access log (issue 6 item 3): what is recorded, that it cannot be changed, and the beheer
pages that search it and answer "wie heeft mijn dossier ingezien?"."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from meldingen.bsn import bsn_index
from meldingen.keuzes import RolInMelding
from meldingen.models import Directbetrokkene
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory
from veiligthuis.audit import AuditLog, audit_log

IP = "10.20.30.40"
BSN = "271828183"


@pytest.fixture
def melding(team):
    melding = MeldingFactory(team=team, in_beoordeling=True)
    persoon = PersoonFactory(voornamen="Bo", achternaam="Kievitsbloem", bsn=BSN)
    Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol=RolInMelding.KIND)
    return melding


def _details_tekst() -> str:
    return json.dumps([r.details for r in AuditLog.objects.all()], ensure_ascii=False)


# --- append-only --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_trigger_weigert_update_en_delete_met_ruwe_sql(onderzoeker):
    if connection.vendor != "postgresql":
        pytest.skip("De trigger bestaat alleen op PostgreSQL.")
    regel = audit_log(onderzoeker, "test.actie")
    tabel = AuditLog._meta.db_table
    for sql in (
        f"UPDATE {tabel} SET actie = 'gewijzigd' WHERE id = %s",
        f"DELETE FROM {tabel} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="alleen worden aangevuld"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [regel.pk])
    regel.refresh_from_db()
    assert regel.actie == "test.actie"
    assert AuditLog.objects.filter(pk=regel.pk).exists()


@pytest.mark.django_db
def test_trigger_weigert_truncate(onderzoeker):
    if connection.vendor != "postgresql":
        pytest.skip("De trigger bestaat alleen op PostgreSQL.")
    regel = audit_log(onderzoeker, "test.actie")
    tabel = AuditLog._meta.db_table
    with (
        pytest.raises(DatabaseError, match="kan niet worden leeggemaakt"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The test database allows a reset by default (tests/conftest.py); production does not.
        cursor.execute("SET LOCAL veiligthuis.audit_wissen = 'nee'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {tabel} CASCADE")
    assert AuditLog.objects.filter(pk=regel.pk).exists()


@pytest.mark.django_db
def test_orm_kan_auditregels_niet_wijzigen_of_verwijderen(onderzoeker):
    if connection.vendor != "postgresql":
        pytest.skip("De trigger bestaat alleen op PostgreSQL.")
    regel = audit_log(onderzoeker, "test.actie")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=regel.pk).update(actie="weg")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=regel.pk).delete()
    assert AuditLog.objects.get(pk=regel.pk).actie == "test.actie"


@pytest.mark.django_db
def test_admin_heeft_geen_wijzig_of_verwijderpad(client, beheer, onderzoeker):
    regel = audit_log(onderzoeker, "test.actie")
    client.force_login(beheer)
    wijzig = reverse("admin:veiligthuis_auditlog_change", args=[regel.pk])
    verwijder = reverse("admin:veiligthuis_auditlog_delete", args=[regel.pk])

    assert client.post(wijzig, {"actie": "anders"}).status_code == 403
    assert client.post(verwijder, {"post": "yes"}).status_code == 403
    assert AuditLog.objects.get(pk=regel.pk).actie == "test.actie"


# --- what is recorded ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_dossier_inzien_met_wie_rol_wanneer_en_ip(client, onderzoeker, melding):
    client.force_login(onderzoeker)
    voor = timezone.now()

    assert client.get(f"/meldingen/{melding.nummer}/", REMOTE_ADDR=IP).status_code == 200

    regel = AuditLog.objects.get(actie="melding.inzien", object_id=melding.nummer)
    assert regel.medewerker == onderzoeker
    assert regel.rollen == "onderzoeker"
    assert regel.ip == IP
    assert regel.tijdstip >= voor
    assert "Kievitsbloem" not in _details_tekst() and BSN not in _details_tekst()


@pytest.mark.django_db
def test_servicecall_krijgt_het_ip_van_het_verzoek(client, onderzoeker, melding):
    """Services get no request: the middleware's context variable brings the ip."""
    client.force_login(onderzoeker)

    antwoord = client.post(
        f"/meldingen/{melding.nummer}/journaal/",
        {"journaal-soort": "feit", "journaal-bron": "Melder", "journaal-tekst": "Gebeld."},
        REMOTE_ADDR=IP,
    )

    assert antwoord.status_code == 302
    regel = AuditLog.objects.get(actie="melding.journaal", object_id=melding.nummer)
    assert regel.ip == IP and regel.medewerker == onderzoeker


@pytest.mark.django_db
def test_buiten_een_verzoek_geen_ip(onderzoeker):
    assert audit_log(onderzoeker, "test.taak").ip is None


@pytest.mark.django_db
def test_htmx_deel_van_het_dossier_wordt_vastgelegd(client, onderzoeker, melding):
    client.force_login(onderzoeker)

    antwoord = client.post(
        f"/meldingen/{melding.nummer}/journaal/",
        {"journaal-soort": "feit", "journaal-bron": "Melder", "journaal-tekst": "Gebeld."},
        HTTP_HX_REQUEST="true",
    )

    assert antwoord.status_code == 200
    regel = AuditLog.objects.get(actie="melding.inzien", object_id=melding.nummer)
    assert regel.details == {"pagina": "_dossier_journaal.html"}


@pytest.mark.django_db
def test_api_lijst_en_detail_worden_vastgelegd(client, onderzoeker, melding, ander_team):
    andere = MeldingFactory(team=ander_team)
    client.force_login(onderzoeker)

    lijst = client.get("/api/v1/meldingen/", REMOTE_ADDR=IP)
    detail = client.get(f"/api/v1/meldingen/{melding.nummer}/", REMOTE_ADDR=IP)

    assert lijst.status_code == 200 and detail.status_code == 200
    regel = AuditLog.objects.get(actie="melding.api_lijst")
    assert regel.details["nummers"] == [melding.nummer]
    assert andere.nummer not in regel.details["nummers"]
    assert regel.ip == IP
    assert AuditLog.objects.filter(actie="melding.api_inzien", object_id=melding.nummer).exists()


@pytest.mark.django_db
def test_geweigerde_api_lijst_schrijft_niets(client, directie, melding):
    client.force_login(directie)
    assert client.get("/api/v1/meldingen/").status_code == 403
    assert not AuditLog.objects.filter(actie="melding.api_lijst").exists()


# --- beheer: searching --------------------------------------------------------------------------


@pytest.mark.django_db
def test_auditlog_alleen_voor_beheer(client, onderzoeker, werkbegeleider, directie):
    for medewerker in (onderzoeker, werkbegeleider, directie):
        client.force_login(medewerker)
        for url in ("/beheer/auditlog/", "/beheer/auditlog/inzage/"):
            antwoord = client.get(url)
            assert antwoord.status_code == 403
            assert "Alleen functioneel beheer" in antwoord.content.decode()
    assert client.post("/beheer/auditlog/inzage/", {"bsn": BSN}).status_code == 403
    assert not AuditLog.objects.filter(actie__startswith="auditlog.").exists()


@pytest.mark.django_db
def test_zoeken_op_medewerker_nummer_en_periode(client, beheer, onderzoeker, collega, melding):
    audit_log(onderzoeker, "melding.inzien", melding)
    audit_log(collega, "melding.journaal", melding)
    audit_log(collega, "melding.inzien", melding)
    client.force_login(beheer)

    op_medewerker = client.get("/beheer/auditlog/", {"medewerker": onderzoeker.pk})
    op_nummer = client.get("/beheer/auditlog/", {"nummer": melding.nummer.lower()})
    vandaag = timezone.localdate()
    in_periode = client.get(
        "/beheer/auditlog/", {"van": f"{vandaag:%d-%m-%Y}", "tot": f"{vandaag:%d-%m-%Y}"}
    )
    buiten = client.get("/beheer/auditlog/", {"tot": f"{vandaag - timedelta(days=1):%d-%m-%Y}"})

    assert op_medewerker.status_code == 200
    assert op_medewerker.context["pagina"].paginator.count == 1
    assert op_nummer.context["pagina"].paginator.count == 3
    assert in_periode.context["pagina"].paginator.count >= 3
    assert buiten.context["pagina"].paginator.count == 0
    # The search itself is recorded.
    assert AuditLog.objects.filter(actie="auditlog.zoeken", medewerker=beheer).count() == 4


@pytest.mark.django_db
def test_zoeken_op_nummer_vindt_ook_lijstaanroepen(client, beheer, onderzoeker, melding):
    client.force_login(onderzoeker)
    client.get("/api/v1/meldingen/")
    client.force_login(beheer)

    antwoord = client.get("/beheer/auditlog/", {"nummer": melding.nummer})

    acties = {rij["regel"].actie for rij in antwoord.context["rijen"]}
    assert "melding.api_lijst" in acties


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "fout"),
    [
        ({"van": "gisteren"}, "Vul een datum in als dd-mm-jjjj."),
        ({"nummer": "123; drop"}, "Een nummer ziet eruit als VT-2026-000123"),
        ({"medewerker": "999999"}, "Deze medewerker bestaat niet."),
        ({"van": "10-01-2026", "tot": "01-01-2026"}, "De begindatum ligt na de einddatum."),
    ],
)
def test_foute_zoekvraag_is_400_met_nederlandse_melding(client, beheer, query, fout):
    client.force_login(beheer)
    antwoord = client.get("/beheer/auditlog/", query)
    assert antwoord.status_code == 400
    assert fout in antwoord.content.decode()
    assert not AuditLog.objects.filter(actie="auditlog.zoeken").exists()


@pytest.mark.django_db
def test_zoeken_is_gepagineerd(client, beheer, onderzoeker):
    for _ in range(55):
        audit_log(onderzoeker, "test.actie")
    client.force_login(beheer)

    eerste = client.get("/beheer/auditlog/", {"medewerker": onderzoeker.pk})
    tweede = client.get("/beheer/auditlog/", {"medewerker": onderzoeker.pk, "pagina": 2})

    assert len(eerste.context["rijen"]) == 50
    assert len(tweede.context["rijen"]) == 5


# --- beheer: "wie heeft mijn dossier ingezien?" -------------------------------------------------


@pytest.mark.django_db
def test_inzage_op_bsn_noemt_wie_wanneer_keek(client, beheer, onderzoeker, melding, ander_team):
    lezer = MedewerkerFactory(team=melding.team, rollen=["werkbegeleider"], last_name="Lezer")
    client.force_login(lezer)
    client.get(f"/meldingen/{melding.nummer}/", REMOTE_ADDR=IP)
    andere = MeldingFactory(team=ander_team)
    audit_log(onderzoeker, "melding.inzien", andere)
    client.force_login(beheer)

    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": BSN})

    assert antwoord.status_code == 200
    assert antwoord.context["nummers"] == [melding.nummer]
    regels = [rij["regel"] for rij in antwoord.context["rijen"]]
    assert [r.medewerker for r in regels] == [lezer]
    assert regels[0].ip == IP
    html = antwoord.content.decode()
    assert "Lezer" in html and andere.nummer not in html
    # Recorded with the case numbers found — never with the BSN searched for.
    vraag = AuditLog.objects.get(actie="auditlog.inzage")
    assert vraag.details["nummers"] == [melding.nummer]
    assert BSN not in _details_tekst()


@pytest.mark.django_db
def test_inzage_op_achternaam_en_geboortedatum(client, beheer, onderzoeker, melding):
    audit_log(onderzoeker, "melding.inzien", melding)
    client.force_login(beheer)
    persoon = melding.directbetrokkenen.get(persoon__bsn_index=bsn_index(BSN)).persoon

    antwoord = client.post(
        "/beheer/auditlog/inzage/",
        {"achternaam": "kievitsbloem", "geboortedatum": f"{persoon.geboortedatum:%d-%m-%Y}"},
    )

    assert antwoord.context["nummers"] == [melding.nummer]


@pytest.mark.django_db
def test_inzage_als_csv_wordt_zelf_vastgelegd(client, beheer, onderzoeker, melding):
    audit_log(onderzoeker, "melding.inzien", melding)
    client.force_login(beheer)

    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": BSN, "formaat": "csv"})

    assert antwoord["Content-Type"].startswith("text/csv")
    regels = antwoord.content.decode().splitlines()
    assert regels[0].startswith("Tijdstip;Medewerker")
    assert len(regels) == 2 and melding.nummer in regels[1]
    assert str(onderzoeker) in regels[1]
    export = AuditLog.objects.get(actie="auditlog.inzage_export")
    assert export.medewerker == beheer and export.details["nummers"] == [melding.nummer]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("gegevens", "fout"),
    [
        ({}, "Vul een BSN in, of de achternaam en de geboortedatum"),
        ({"bsn": "12345"}, "Een BSN bestaat uit 9 cijfers."),
        ({"achternaam": "Jansen"}, "Vul een BSN in, of de achternaam en de geboortedatum"),
        ({"achternaam": "Jansen", "geboortedatum": "31-02-2020"}, "Vul een datum in"),
    ],
)
def test_foute_inzagevraag_is_400(client, beheer, gegevens, fout):
    client.force_login(beheer)
    antwoord = client.post("/beheer/auditlog/inzage/", gegevens)
    assert antwoord.status_code == 400
    assert fout in antwoord.content.decode()
    assert not AuditLog.objects.filter(actie__startswith="auditlog.").exists()


@pytest.mark.django_db
def test_inzage_van_onbekende_persoon(client, beheer):
    client.force_login(beheer)
    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": "123456782"})
    assert antwoord.status_code == 200
    assert "komt in geen enkele melding voor" in antwoord.content.decode()
