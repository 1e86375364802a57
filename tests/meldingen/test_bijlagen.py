"""Documents in the dossier (issue 15): upload and audited download on every channel, refusal of
what is not a document before anything is stored, and the bytes gone with the personal data."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meldingen.keuzes import BijlageOnderdeel, BijlageSoort
from meldingen.models import Bijlage
from meldingen.services import bijlagen as service
from meldingen.services import privacy
from tests.factories import AdviesFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.documenten import keur, opslag, veilige_naam
from veiligthuis.exceptions import DomainError, GeenToegang

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100
EML = (
    b"From: school@example.nl\r\nTo: veiligthuis@example.nl\r\nDate: Tue, 1 Dec 2026 10:00:00 "
    b"+0100\r\nSubject: Zorgen over leerling\r\n\r\nWij maken ons zorgen.\r\n"
)


def _docx(*, macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        archief.writestr("[Content_Types].xml", "<Types/>")
        archief.writestr("word/document.xml", "<w:document/>")
        if macro:
            archief.writestr("word/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def _alle_bestanden() -> set[str]:
    gevonden = set()

    def loop(map_):
        mappen, bestanden = opslag().listdir(map_)
        gevonden.update(f"{map_}/{b}" if map_ else b for b in bestanden)
        for sub in mappen:
            loop(f"{map_}/{sub}" if map_ else sub)

    if opslag().exists(""):
        loop("")
    return gevonden


def _toevoegen(melding, door, inhoud=PDF, naam="zorgmelding.pdf", **extra):
    gegevens = {
        "soort": BijlageSoort.ZORGMELDING_POLITIE,
        "datum": timezone.localdate(),
        "bron": "Politie Haaglanden",
        "omschrijving": "Zorgmelding van de wijkagent",
        **extra,
    }
    return service.bijlage_toevoegen(
        melding_id=melding.pk, door=door, inhoud=inhoud, bestandsnaam=naam, **gegevens
    )


@pytest.fixture(autouse=True)
def _eigen_map(bijlagenmap):
    return bijlagenmap


@pytest.fixture
def melding(onderzoeker):
    return MeldingFactory(team=onderzoeker.team, in_beoordeling=True)


# --- What enters a dossier -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inhoud", "soort"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (EML, "message/rfc822"),
    ],
)
def test_keur_leest_het_echte_type_uit_de_bytes(inhoud, soort):
    # The name says .txt: the bytes decide, and the stored name gets the real extension.
    gekeurd = keur(inhoud, "rapport.txt")
    assert gekeurd.inhoud_type == soort
    assert gekeurd.naam.startswith("rapport.") and not gekeurd.naam.endswith(".txt")


@pytest.mark.parametrize(
    ("inhoud", "tekst"),
    [
        (ELF, "Linux-programma"),
        (b"MZ\x90\x00" + b"\x00" * 60, "Windows-programma"),
        (b"#!/bin/sh\nrm -rf /\n", "script"),
        (_docx(macro=True), "macro"),
        (PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript>>"), "actieve"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Office"),
        (b"gewoon wat tekst zonder kopregels", "niet geaccepteerd"),
        (b"", "leeg"),
    ],
)
def test_keur_weigert_wat_geen_document_is(inhoud, tekst):
    with pytest.raises(DomainError) as fout:
        keur(inhoud, "brief.pdf")
    assert tekst in fout.value.message
    assert fout.value.velden == {"bestand": fout.value.message}


def test_keur_weigert_een_te_groot_bestand(settings):
    settings.VT_BIJLAGE_MAX_MB = 0.001
    with pytest.raises(DomainError, match="groter dan 0.001 MB"):
        keur(PDF + b"%" * 2000, "groot.pdf")


def test_bestandsnaam_wordt_opgeschoond():
    assert veilige_naam("../../etc/passwd", "pdf") == "passwd.pdf"
    assert (
        veilige_naam("C:\\Users\\x\\Rapport school <2026>.exe", "pdf") == "Rapport school _2026.pdf"
    )
    assert veilige_naam("\x00\x1f.pdf", "pdf") == "document.pdf"
    assert len(veilige_naam("a" * 500 + ".pdf", "pdf")) <= 120


def nep_scanner(inhoud: bytes) -> str | None:
    return "Eicar-Test-Signature" if b"EICAR" in inhoud else None


@pytest.mark.django_db
def test_virusscanner_haak_weigert_en_bewaart_niets(settings, melding, onderzoeker):
    settings.VT_VIRUSSCANNER = "tests.meldingen.test_bijlagen.nep_scanner"
    voor = _alle_bestanden()
    with pytest.raises(DomainError, match="Eicar-Test-Signature"):
        _toevoegen(melding, onderzoeker, inhoud=PDF + b"% EICAR\n")
    assert _alle_bestanden() == voor and not Bijlage.objects.exists()
    # A clean file passes the same scanner.
    assert _toevoegen(melding, onderzoeker).inhoud_type == "application/pdf"


@pytest.mark.django_db
def test_clamd_onbereikbaar_weigert_het_bestand(settings, melding, onderzoeker):
    settings.VT_VIRUSSCANNER = "veiligthuis.documenten.clamd_scanner"
    settings.VT_CLAMD_HOST, settings.VT_CLAMD_PORT = "127.0.0.1", 9  # nothing listens there
    with pytest.raises(DomainError, match="virusscanner is niet bereikbaar"):
        _toevoegen(melding, onderzoeker)
    assert not Bijlage.objects.exists()


# --- The service -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_toevoegen_bewaart_bytes_en_gegevens(melding, onderzoeker):
    bijlage = _toevoegen(melding, onderzoeker, naam="Zorgmelding politie.pdf")
    bijlage.refresh_from_db()
    assert bijlage.melding_id == melding.pk and bijlage.onderdeel == BijlageOnderdeel.MELDING
    assert bijlage.bestandsnaam == "Zorgmelding politie.pdf"
    assert bijlage.toegevoegd_door == onderzoeker and bijlage.grootte == len(PDF)
    with opslag().open(bijlage.bestand.name) as f:
        assert f.read() == PDF
    # The stored name says nothing about the case or the person.
    assert melding.nummer not in bijlage.bestand.name and "Zorgmelding" not in bijlage.bestand.name
    assert AuditLog.objects.filter(actie="bijlage.toevoegen", object_id=melding.nummer).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("veld", "waarde", "tekst"),
    [
        ("soort", "geheim", "Kies wat voor document"),
        ("datum", None, "Vul de datum"),
        ("bron", "  ", "Vermeld van wie"),
        ("omschrijving", "x" * 501, "langer dan 500"),
    ],
)
def test_onvolledige_gegevens_bewaren_niets(melding, onderzoeker, veld, waarde, tekst):
    voor = _alle_bestanden()
    with pytest.raises(DomainError) as fout:
        _toevoegen(melding, onderzoeker, **{veld: waarde})
    assert tekst in fout.value.velden[veld]
    assert _alle_bestanden() == voor and not Bijlage.objects.exists()


@pytest.mark.django_db
def test_datum_in_de_toekomst_geweigerd(melding, onderzoeker):
    with pytest.raises(DomainError, match="toekomst"):
        _toevoegen(melding, onderzoeker, datum=timezone.localdate() + timedelta(days=1))


@pytest.mark.django_db
def test_alleen_het_eigen_team_voegt_toe(melding, onderzoeker_ander_team, directie):
    with pytest.raises(GeenToegang):
        _toevoegen(melding, onderzoeker_ander_team)
    with pytest.raises(GeenToegang):
        _toevoegen(melding, directie)
    assert not Bijlage.objects.exists()


@pytest.mark.django_db
def test_rij_die_mislukt_laat_geen_bestand_achter(melding, onderzoeker, monkeypatch):
    voor = _alle_bestanden()

    def kapot(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(Bijlage.objects, "create", kapot)
    with pytest.raises(RuntimeError):
        _toevoegen(melding, onderzoeker)
    assert _alle_bestanden() == voor


@pytest.mark.django_db
def test_opruimen_verwijdert_alleen_oude_wezen(melding, onderzoeker):
    bewaard = _toevoegen(melding, onderzoeker)
    wees = opslag().save("ab/wees.pdf", io.BytesIO(PDF))
    assert service.bijlagen_opruimen() == 0  # too young: may still be getting its row
    assert service.bijlagen_opruimen(nu=timezone.now() + timedelta(hours=2)) == 1
    assert not opslag().exists(wees) and opslag().exists(bewaard.bestand.name)


# --- Privacy: the bytes go with the personal data --------------------------------------------------


@pytest.mark.django_db
def test_anonimiseren_en_vernietigen_wissen_de_bestanden(
    melding, onderzoeker, django_capture_on_commit_callbacks
):
    namen = [_toevoegen(melding, onderzoeker).bestand.name for _ in range(2)]
    assert all(opslag().exists(n) for n in namen)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.persoonsgegevens_verwijderen(
            [melding.pk], nu=timezone.now(), reden="Vernietigd.", door=None, vernietigen=True
        )
    assert not Bijlage.objects.filter(melding=melding).exists()
    assert not any(opslag().exists(n) for n in namen)


@pytest.mark.django_db
def test_vernietigingsverzoek_uitgevoerd_wist_de_bestanden(
    onderzoeker, collega, werkbegeleider, django_capture_on_commit_callbacks
):
    from tests.meldingen.test_privacy import _dossier, _nu, _verzoek

    melding = _dossier(onderzoeker.team, collega, afgesloten_op=_nu() - timedelta(days=3))
    naam = _toevoegen(melding, onderzoeker).bestand.name
    verzoek = _verzoek(melding, onderzoeker)
    privacy.vernietigingsverzoek_beslissen(
        verzoek_id=verzoek.pk, door=werkbegeleider, toewijzen=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        privacy.vernietigingsverzoek_uitvoeren(verzoek_id=verzoek.pk, door=werkbegeleider)
    assert not opslag().exists(naam)
    assert not Bijlage.objects.exists()


@pytest.mark.django_db
def test_bewaartermijn_wist_de_bestanden(
    onderzoeker, collega, settings, django_capture_on_commit_callbacks
):
    from tests.meldingen.test_privacy import _dossier, _nu

    melding = _dossier(onderzoeker.team, collega, afgesloten_op=_nu() - timedelta(days=3))
    naam = _toevoegen(melding, onderzoeker).bestand.name
    with django_capture_on_commit_callbacks(execute=True):
        privacy.persoonsgegevens_verwijderen(
            [melding.pk], nu=timezone.now(), reden="Bewaartermijn verlopen.", door=None
        )
    assert not opslag().exists(naam)


# --- Advies -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anoniem_advies_neemt_geen_documenten(onderzoeker):
    advies = AdviesFactory(team=onderzoeker.team, gegeven_door=onderzoeker, adviesvrager_naam="")
    with pytest.raises(DomainError, match="anoniem advies"):
        service.advies_bijlage_toevoegen(
            advies_id=advies.pk,
            door=onderzoeker,
            inhoud=PDF,
            bestandsnaam="x.pdf",
            soort=BijlageSoort.VERSLAG,
            datum=timezone.localdate(),
            bron="Huisarts",
            zonder_persoonsgegevens=True,
        )
    assert not Bijlage.objects.exists() and _alle_bestanden() == set()


@pytest.mark.django_db
def test_advies_vraagt_bevestiging_zonder_persoonsgegevens(onderzoeker):
    advies = AdviesFactory(
        team=onderzoeker.team,
        gegeven_door=onderzoeker,
        adviesvrager_naam="Dr. Jansen",
        naam_toestemming=True,
    )
    argumenten = {
        "advies_id": advies.pk,
        "door": onderzoeker,
        "inhoud": PDF,
        "bestandsnaam": "protocol.pdf",
        "soort": BijlageSoort.VERSLAG,
        "datum": timezone.localdate(),
        "bron": "Huisarts",
    }
    with pytest.raises(DomainError) as fout:
        service.advies_bijlage_toevoegen(**argumenten, zonder_persoonsgegevens=False)
    assert "zonder_persoonsgegevens" in fout.value.velden
    bijlage = service.advies_bijlage_toevoegen(**argumenten, zonder_persoonsgegevens=True)
    assert bijlage.advies_id == advies.pk and bijlage.melding_id is None


# --- The browser pages ---------------------------------------------------------------------------------


def _upload(client, melding, inhoud=PDF, naam="rapport.pdf"):
    return client.post(
        reverse("bijlage_toevoegen", args=[melding.nummer]),
        {
            "bijlage-bestand": SimpleUploadedFile(naam, inhoud, content_type="application/pdf"),
            "bijlage-soort": BijlageSoort.RAPPORT_SCHOOL,
            "bijlage-datum": timezone.localdate().isoformat(),
            "bijlage-bron": "Basisschool De Linde",
            "bijlage-omschrijving": "Verslag van de intern begeleider",
        },
    )


@pytest.mark.django_db
def test_upload_en_download_via_het_dossier_zijn_byte_gelijk(client, melding, onderzoeker):
    client.force_login(onderzoeker)
    antwoord = _upload(client, melding)
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#bijlagen")
    bijlage = Bijlage.objects.get()
    pagina = client.get(reverse("melding_dossier", args=[melding.nummer]))
    url = reverse("bijlage_downloaden", args=[melding.nummer, bijlage.pk])
    assert url.encode() in pagina.content and b"Basisschool De Linde" in pagina.content

    voor = AuditLog.objects.filter(actie="bijlage.downloaden").count()
    antwoord = client.get(url)
    assert antwoord.status_code == 200 and antwoord.content == PDF
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord["Content-Disposition"].startswith("attachment;")
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in antwoord["Cache-Control"]
    regels = AuditLog.objects.filter(actie="bijlage.downloaden")
    assert regels.count() == voor + 1
    assert regels.latest("pk").object_id == melding.nummer
    assert regels.latest("pk").details["bijlage"] == bijlage.pk


@pytest.mark.django_db
def test_download_buiten_de_scope(
    client, melding, onderzoeker, onderzoeker_ander_team, directie, beheer
):
    bijlage = _toevoegen(melding, onderzoeker)
    url = reverse("bijlage_downloaden", args=[melding.nummer, bijlage.pk])
    client.force_login(onderzoeker_ander_team)
    assert client.get(url).status_code == 404
    client.force_login(directie)
    assert client.get(url).status_code == 403
    client.force_login(beheer)
    assert client.get(url).status_code == 403
    # A document of another melding under this melding's number: 404, not the other file.
    andere = MeldingFactory(team=onderzoeker.team)
    client.force_login(onderzoeker)
    assert (
        client.get(reverse("bijlage_downloaden", args=[andere.nummer, bijlage.pk])).status_code
        == 404
    )
    assert not AuditLog.objects.filter(actie="bijlage.downloaden").exists()


@pytest.mark.django_db
def test_upload_van_een_vermomd_programma_wordt_getoond_en_bewaart_niets(
    client, melding, onderzoeker
):
    client.force_login(onderzoeker)
    voor = _alle_bestanden()
    antwoord = _upload(client, melding, inhoud=ELF, naam="rapport.pdf")
    assert antwoord.status_code == 200
    assert "Linux-programma" in antwoord.content.decode()
    assert not Bijlage.objects.exists() and _alle_bestanden() == voor


@pytest.mark.django_db
def test_upload_te_groot_wordt_geweigerd(client, melding, onderzoeker, settings):
    settings.VT_BIJLAGE_MAX_MB = 0.001
    client.force_login(onderzoeker)
    antwoord = _upload(client, melding, inhoud=PDF + b"%" * 5000)
    assert antwoord.status_code == 200 and "groter dan" in antwoord.content.decode()
    assert not Bijlage.objects.exists() and _alle_bestanden() == set()


@pytest.mark.django_db
def test_upload_door_een_ander_team_geweigerd(client, melding, onderzoeker_ander_team):
    client.force_login(onderzoeker_ander_team)
    assert _upload(client, melding).status_code == 404
    assert not Bijlage.objects.exists()


@pytest.mark.django_db
def test_advies_pagina_upload_en_download(client, onderzoeker, onderzoeker_ander_team):
    advies = AdviesFactory(
        team=onderzoeker.team,
        gegeven_door=onderzoeker,
        adviesvrager_naam="Dr. Jansen",
        naam_toestemming=True,
    )
    client.force_login(onderzoeker)
    gegevens = {
        "bestand": SimpleUploadedFile("folder.pdf", PDF),
        "soort": BijlageSoort.VERSLAG,
        "datum": timezone.localdate().isoformat(),
        "bron": "Huisarts",
    }
    antwoord = client.post(reverse("advies_bijlage_toevoegen", args=[advies.nummer]), gegevens)
    assert antwoord.status_code == 400 and "Bevestig" in antwoord.content.decode()
    gegevens["bestand"] = SimpleUploadedFile("folder.pdf", PDF)
    gegevens["zonder_persoonsgegevens"] = "on"
    antwoord = client.post(reverse("advies_bijlage_toevoegen", args=[advies.nummer]), gegevens)
    assert antwoord.status_code == 302
    bijlage = Bijlage.objects.get()
    url = reverse("advies_bijlage_downloaden", args=[advies.nummer, bijlage.pk])
    assert client.get(url).content == PDF
    client.force_login(onderzoeker_ander_team)
    assert client.get(url).status_code == 404


def _pdf_met_stream(inhoud: bytes, dictionary: bytes = b"/Length 0") -> bytes:
    return PDF.replace(
        b"trailer",
        b"3 0 obj<<" + dictionary + b">>stream\n" + inhoud + b"\nendstream endobj\ntrailer",
    )


def test_pdf_tekst_in_een_contentstream_is_geen_actieve_inhoud():
    # Compressed page data can contain the bytes "/JS" by chance: not a name, not refused.
    assert (
        keur(_pdf_met_stream(b"x\x9c/JS\x00/Launch"), "brief.pdf").inhoud_type == "application/pdf"
    )


def test_pdf_actieve_inhoud_ook_met_escapes_of_in_een_objectstream():
    import zlib

    with pytest.raises(DomainError, match="actieve inhoud"):
        keur(PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/#4A#53>>"), "a.pdf")
    verborgen = zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")
    with pytest.raises(DomainError, match="actieve inhoud"):
        keur(_pdf_met_stream(verborgen, b"/Type/ObjStm/Filter/FlateDecode"), "b.pdf")
    # A longer name that merely starts like one is fine.
    assert keur(PDF.replace(b"/Type/Catalog", b"/Type/Catalog/JSON 1"), "c.pdf")
