"""The inzage answer lists document downloads, and comes as a PDF letter (issue 15 items 4–5)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from meldingen.models import Bijlage
from tests.factories import MedewerkerFactory
from tests.meldingen.test_bijlagen import _toevoegen
from tests.veiligthuis.test_audit import BSN, melding  # noqa: F401  (fixture)
from veiligthuis.audit import AuditLog


@pytest.fixture(autouse=True)
def _eigen_map(bijlagenmap):
    return bijlagenmap


@pytest.mark.django_db
def test_inzagebrief_noemt_wie_een_document_opende(client, beheer, melding):  # noqa: F811
    lezer = MedewerkerFactory(team=melding.team, rollen=["onderzoeker"], last_name="Documentlezer")
    bijlage = _toevoegen(melding, lezer)
    client.force_login(lezer)
    assert client.get(f"/meldingen/{melding.nummer}/bijlagen/{bijlage.pk}/").status_code == 200

    client.force_login(beheer)
    pagina = client.post("/beheer/auditlog/inzage/", {"bsn": BSN})
    assert "Document uit het dossier geopend" in pagina.content.decode()

    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": BSN, "formaat": "pdf"})
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert antwoord["Content-Disposition"].startswith("attachment;")
    lezer_pdf = PdfReader(io.BytesIO(antwoord.content))
    tekst = " ".join(p.extract_text() for p in lezer_pdf.pages)
    assert "Documentlezer" in tekst and melding.nummer in tekst
    assert "Document uit het dossier geopend" in tekst
    assert BSN not in tekst  # the letter never repeats the BSN asked for
    breedte, hoogte = (float(x) for x in lezer_pdf.pages[0].mediabox[2:])
    assert abs(breedte - 595.3) < 1 and abs(hoogte - 841.9) < 1  # A4
    assert AuditLog.objects.filter(actie="auditlog.inzage_pdf").count() == 1
    assert Bijlage.objects.count() == 1  # beheer writes nothing into the case


@pytest.mark.django_db
def test_inzagebrief_alleen_voor_beheer(client, onderzoeker):
    client.force_login(onderzoeker)
    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": BSN, "formaat": "pdf"})
    assert antwoord.status_code == 403
    assert not AuditLog.objects.filter(actie="auditlog.inzage_pdf").exists()
