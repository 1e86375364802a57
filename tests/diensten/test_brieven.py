"""The letters as PDF (diensten/brieven.py, diensten/views/brieven.py): what the PDF says, that it
is an A4 page that renders, that what is archived is what was made, and who may make it when.

The text is read back from the stored bytes with pypdf and page 1 is rendered with pypdfium2, so
a template that drops the family, the address, a ketenpartner or an afspraak fails here.
"""

from __future__ import annotations

import hashlib
import io
import time
from datetime import date, timedelta

import pypdfium2
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from diensten import brieven
from diensten import services as dienst_services
from diensten.keuzes import DienstStatus, DienstType
from diensten.models import Overdracht, Veiligheidsafspraak
from meldingen.keuzes import BesluitRoute, BijlageOnderdeel, BijlageSoort, Brief, RolInMelding
from meldingen.models import Bijlage, Directbetrokkene, Huishouden, Informering, Melder, Melding
from tests.diensten.helpers import (
    afspraak,
    ketenpartner_maken,
    maak_dienst,
    melding_met_besluit,
    terugkoppeling_na_dienst,
)
from tests.factories import MeldingFactory, PersoonFactory
from veiligthuis.audit import AuditLog
from veiligthuis.documenten import opslag
from veiligthuis.pdf import AlleenInline

D = DienstStatus
pytestmark = pytest.mark.django_db

ADRES = ("Kievitlaan 12", "2511 AB", "Den Haag")
TWEEDE_AFSPRAAK = "Moeder belt bij escalatie direct de huisarts en het wijkteam."


# --- building the cases ----------------------------------------------------------------------------


def gezin_vastleggen(melding: Melding) -> list[Directbetrokkene]:
    """Known names and an address on the melding; the child from the factory keeps its place."""
    huishouden = Huishouden.objects.create(
        straat="Kievitlaan", huisnummer="12", postcode="2511 AB", woonplaats="Den Haag"
    )
    Melding.objects.filter(pk=melding.pk).update(huishouden=huishouden)
    kind = melding.directbetrokkenen.get(rol=RolInMelding.KIND).persoon
    kind.voornamen, kind.tussenvoegsel, kind.achternaam = "Noor", "van", "Brakel"
    kind.save()
    moeder = PersoonFactory(
        voornamen="Sanne", tussenvoegsel="van", achternaam="Brakel", geboortedatum=date(1988, 4, 2)
    )
    Directbetrokkene.objects.get_or_create(
        melding=melding, persoon=moeder, defaults={"rol": RolInMelding.SLACHTOFFER}
    )
    return list(melding.directbetrokkenen.select_related("persoon").order_by("pk"))


def tweede_afspraak(overdracht: Overdracht) -> None:
    Veiligheidsafspraak.objects.create(
        overdracht=overdracht,
        wat=TWEEDE_AFSPRAAK,
        wie="Moeder",
        uiterlijk=timezone.localdate() + timedelta(days=14),
        hoe_gecontroleerd="Wijkteam vraagt het na bij het huisbezoek.",
    )


def dienst_met_overdracht(onderzoeker, status=D.OVERDRACHT):
    dienst = maak_dienst(
        DienstType.VOORWAARDEN_EN_VERVOLG,
        team=onderzoeker.team,
        met_uitvoerder=onderzoeker,
        status=status,
        ketenpartner=ketenpartner_maken("Wijkteam Laak"),
    )
    Overdracht.objects.filter(dienst=dienst).update(contactpersoon="Mevrouw Bakker")
    tweede_afspraak(dienst.overdracht)
    gezin_vastleggen(dienst.melding)
    return dienst


def melding_met_overdracht_na_b(onderzoeker, collega) -> Melding:
    melding = melding_met_besluit(
        team=onderzoeker.team,
        beoordelaar_1=onderzoeker,
        beoordelaar_2=collega,
        route=BesluitRoute.LOKAAL_VELD,
    )
    dienst_services.overdracht_na_besluit_vastleggen(
        melding_id=melding.pk,
        door=onderzoeker,
        afspraken=[afspraak(), afspraak(wat=TWEEDE_AFSPRAAK, wie="Moeder")],
        ketenpartner_id=ketenpartner_maken("Wijkteam Escamp").pk,
        contactpersoon="Meneer Yilmaz",
    )
    gezin_vastleggen(melding)
    return melding


# --- reading the PDF back --------------------------------------------------------------------------


def tekst_van(pdf: bytes) -> str:
    lezer = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(pagina.extract_text() or "" for pagina in lezer.pages).split())


def controleer_pdf(pdf: bytes, *verwacht: str) -> str:
    """A4, page 1 renders with ink on it, and every expected text is in it; the text."""
    assert pdf.startswith(b"%PDF-")
    lezer = PdfReader(io.BytesIO(pdf))
    for pagina in lezer.pages:
        breedte, hoogte = float(pagina.mediabox.width), float(pagina.mediabox.height)
        assert abs(breedte - 595) <= 1 and abs(hoogte - 842) <= 1, (breedte, hoogte)
    document = pypdfium2.PdfDocument(pdf)
    try:
        beeld = document[0].render(scale=1, grayscale=True)
        pixels = bytes(beeld.buffer)
        beeld.close()
    finally:
        document.close()
    # A blank page has none; a letter page has some 15 000 at this scale.
    donker = sum(1 for waarde in pixels if waarde < 128)
    assert donker > 5000, f"pagina 1 is (bijna) leeg: {donker} donkere pixels"
    tekst = tekst_van(pdf)
    ontbreekt = [t for t in verwacht if t not in tekst]
    assert not ontbreekt, f"ontbreekt in de PDF: {ontbreekt}\n{tekst}"
    aantal = len(lezer.pages)
    assert f"pagina 1 van {aantal}" in tekst
    return tekst


def gezinsteksten(melding: Melding) -> list[str]:
    melding = Melding.objects.get(pk=melding.pk)
    namen = [str(db.persoon) for db in melding.directbetrokkenen.select_related("persoon")]
    assert "Noor van Brakel" in namen and "Sanne van Brakel" in namen
    return [*namen, "02-04-1988", "Kind in het gezin", *ADRES, f"Ons kenmerk: {melding.nummer}"]


def organisatie(settings) -> list[str]:
    org = settings.VT_ORGANISATIE
    return [org["naam"], org["adres"], org["telefoon"], org["email"], org["website"]]


def bewaarde_brief(melding: Melding, brief: str) -> tuple[Bijlage, bytes]:
    bijlage = Bijlage.objects.get(melding=melding, brief=brief)
    with opslag().open(bijlage.bestand.name, "rb") as bestand:
        inhoud = bestand.read()
    assert bijlage.soort == BijlageSoort.BRIEF
    assert bijlage.inhoud_type == "application/pdf"
    assert bijlage.sha256 == hashlib.sha256(inhoud).hexdigest()
    assert bijlage.grootte == len(inhoud)
    assert bijlage.bestandsnaam.endswith(".pdf") and melding.nummer in bijlage.bestandsnaam
    assert AuditLog.objects.filter(actie="bijlage.brief").exists()
    return bijlage, inhoud


def post(client, gebruiker, url):
    client.force_login(gebruiker)
    return client.post(url, follow=True)


def berichten(antwoord) -> list[str]:
    return [str(m) for m in antwoord.context["messages"]] if antwoord.context else []


# --- the letters -----------------------------------------------------------------------------------


def test_overdrachtsbrief_na_dienst_als_pdf(client, settings, onderzoeker):
    dienst = dienst_met_overdracht(onderzoeker)
    url = reverse("dienst_overdrachtsbrief_pdf", args=[dienst.pk])
    antwoord = post(client, onderzoeker, url)
    assert antwoord.redirect_chain[-1][0] == reverse("dienst_overdrachtsbrief", args=[dienst.pk])
    assert any("in het dossier bewaard" in b for b in berichten(antwoord))
    assert "PDF maken en bewaren" in antwoord.content.decode()

    bijlage, pdf = bewaarde_brief(dienst.melding, Brief.OVERDRACHT)
    assert bijlage.toegevoegd_door == onderzoeker
    assert bijlage.onderdeel == BijlageOnderdeel.DIENST
    assert "Wijkteam Laak" in bijlage.omschrijving and "Mevrouw Bakker" in bijlage.omschrijving
    # Listed under the button, with the dossier's audited download serving exactly these bytes.
    download = reverse("bijlage_downloaden", args=[dienst.melding.nummer, bijlage.pk])
    assert f'href="{download}"' in antwoord.content.decode()
    geopend = client.get(download)
    assert geopend.status_code == 200
    assert b"".join(geopend.streaming_content if geopend.streaming else [geopend.content]) == pdf
    afspraken = list(dienst.overdracht.afspraken.values_list("wat", flat=True))
    assert len(afspraken) == 2
    voorwaarden = list(dienst.voorwaarden.values_list("voorwaarde", flat=True))
    assert voorwaarden
    controleer_pdf(
        pdf,
        *gezinsteksten(dienst.melding),
        *organisatie(settings),
        "Wijkteam Laak",
        "wijkteam",
        "Mevrouw Bakker",
        *afspraken,
        *voorwaarden,
    )


def test_overdrachtsbrief_na_b_als_pdf(client, settings, onderzoeker, collega):
    melding = melding_met_overdracht_na_b(onderzoeker, collega)
    antwoord = post(
        client, onderzoeker, reverse("melding_overdrachtsbrief_pdf", args=[melding.nummer])
    )
    assert antwoord.redirect_chain[-1][0] == reverse(
        "melding_overdrachtsbrief", args=[melding.nummer]
    )
    bijlage, pdf = bewaarde_brief(melding, Brief.OVERDRACHT)
    assert bijlage.toegevoegd_door == onderzoeker
    assert bijlage.onderdeel == BijlageOnderdeel.MELDING
    afspraken = list(melding.overdracht_na_b.afspraken.values_list("wat", flat=True))
    assert TWEEDE_AFSPRAAK in afspraken and len(afspraken) == 2
    controleer_pdf(
        pdf,
        *gezinsteksten(melding),
        *organisatie(settings),
        "Wijkteam Escamp",
        "Meneer Yilmaz",
        "Na de veiligheidsbeoordeling",
        *afspraken,
    )


def test_afsluitbrief_als_pdf(client, settings, onderzoeker):
    dienst = dienst_met_overdracht(onderzoeker, status=D.MONITORING)
    antwoord = post(client, onderzoeker, reverse("dienst_afsluitbrief_pdf", args=[dienst.pk]))
    assert antwoord.redirect_chain[-1][0] == reverse("dienst_afsluitbrief", args=[dienst.pk])
    bijlage, pdf = bewaarde_brief(dienst.melding, Brief.AFSLUITING)
    assert bijlage.toegevoegd_door == onderzoeker
    assert bijlage.onderdeel == BijlageOnderdeel.DIENST
    # Addressed to the adults only; the child is named in the letter, not as addressee.
    assert "Sanne van Brakel" in bijlage.omschrijving
    assert "Noor van Brakel" not in bijlage.omschrijving
    tekst = controleer_pdf(
        pdf,
        *gezinsteksten(dienst.melding),
        *organisatie(settings),
        "Wijkteam Laak",
        *dienst.overdracht.afspraken.values_list("wat", flat=True),
        *dienst.voorwaarden.values_list("voorwaarde", flat=True),
        "Uw ervaring telt",
    )
    assert "Afsluiting van de dienst" in tekst


def test_informeringsbrief_als_pdf(client, settings, onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team, in_beoordeling=True)
    gezin = gezin_vastleggen(melding)
    vader = PersoonFactory(voornamen="Kees", achternaam="Brakel", geboortedatum=date(1985, 1, 9))
    Directbetrokkene.objects.create(melding=melding, persoon=vader, rol=RolInMelding.PLEGER)
    # Recorded as not to be informed: named in the letter, never its addressee.
    Informering.objects.create(
        melding=melding,
        persoon=vader,
        wijze="niet",
        grond="veiligheid",
        toelichting="Informeren brengt moeder in gevaar.",
        op=timezone.now(),
        door=onderzoeker,
    )
    antwoord = post(
        client, onderzoeker, reverse("melding_informeringsbrief_pdf", args=[melding.nummer])
    )
    assert antwoord.redirect_chain[-1][0] == reverse("betrokkenen_wijzigen", args=[melding.nummer])
    bijlage, pdf = bewaarde_brief(melding, Brief.INFORMEREN)
    assert bijlage.toegevoegd_door == onderzoeker
    assert "Sanne van Brakel" in bijlage.omschrijving and "Kees" not in bijlage.omschrijving
    assert len(gezin) == 2
    controleer_pdf(
        pdf,
        *gezinsteksten(melding),
        *organisatie(settings),
        "5.3.1",
        "Uw rechten",
    )


def test_terugkoppelingsbrief_als_pdf(client, settings, onderzoeker):
    dienst = dienst_met_overdracht(onderzoeker, status=D.MONITORING)
    Melder.objects.filter(melding=dienst.melding).update(naam="Jan Pietersen")
    terugkoppeling_na_dienst(dienst, onderzoeker)
    melding = dienst.melding
    antwoord = post(
        client, onderzoeker, reverse("melding_terugkoppelingsbrief_pdf", args=[melding.nummer])
    )
    assert antwoord.redirect_chain[-1][0] == reverse(
        "melding_terugkoppeling", args=[melding.nummer]
    )
    assert "PDF maken en bewaren" in antwoord.content.decode()
    bijlage, pdf = bewaarde_brief(melding, Brief.TERUGKOPPELING)
    assert bijlage.toegevoegd_door == onderzoeker
    assert "Jan Pietersen" in bijlage.omschrijving
    controleer_pdf(
        pdf,
        *gezinsteksten(melding),
        *organisatie(settings),
        "Jan Pietersen",
        "Wijkteam Laak",
        *dienst.overdracht.afspraken.values_list("wat", flat=True),
        *dienst.voorwaarden.values_list("voorwaarde", flat=True),
        "Telefonisch",
    )


def test_brieven_pagina_tonen_de_knop(client, onderzoeker, collega):
    dienst = dienst_met_overdracht(onderzoeker, status=D.MONITORING)
    melding = melding_met_overdracht_na_b(onderzoeker, collega)
    client.force_login(onderzoeker)
    for pagina, actie in (
        (
            reverse("dienst_overdrachtsbrief", args=[dienst.pk]),
            reverse("dienst_overdrachtsbrief_pdf", args=[dienst.pk]),
        ),
        (
            reverse("dienst_afsluitbrief", args=[dienst.pk]),
            reverse("dienst_afsluitbrief_pdf", args=[dienst.pk]),
        ),
        (
            reverse("melding_overdrachtsbrief", args=[melding.nummer]),
            reverse("melding_overdrachtsbrief_pdf", args=[melding.nummer]),
        ),
        (
            reverse("melding_terugkoppeling", args=[dienst.melding.nummer]),
            reverse("melding_terugkoppelingsbrief_pdf", args=[dienst.melding.nummer]),
        ),
    ):
        html = client.get(pagina).content.decode()
        assert f'action="{actie}"' in html, pagina
        assert "csrfmiddlewaretoken" in html


# --- refusals: nothing stored ----------------------------------------------------------------------


def alle_urls(dienst, melding_na_b) -> list[str]:
    return [
        reverse("dienst_overdrachtsbrief_pdf", args=[dienst.pk]),
        reverse("dienst_afsluitbrief_pdf", args=[dienst.pk]),
        reverse("melding_overdrachtsbrief_pdf", args=[melding_na_b.nummer]),
        reverse("melding_informeringsbrief_pdf", args=[dienst.melding.nummer]),
        reverse("melding_terugkoppelingsbrief_pdf", args=[dienst.melding.nummer]),
    ]


def test_ander_team_404_directie_403_en_niets_bewaard(
    client, onderzoeker, collega, onderzoeker_ander_team, directie
):
    dienst = dienst_met_overdracht(onderzoeker, status=D.MONITORING)
    melding = melding_met_overdracht_na_b(onderzoeker, collega)
    for url in alle_urls(dienst, melding):
        client.force_login(onderzoeker_ander_team)
        assert client.post(url).status_code == 404, url
        client.force_login(directie)
        antwoord = client.post(url)
        assert antwoord.status_code == 403, url
        assert "Geen toegang" in antwoord.content.decode()
        client.logout()
        assert client.post(url).status_code == 302  # to the login
        client.force_login(onderzoeker)
        assert client.get(url).status_code == 405
    assert not Bijlage.objects.exists()


def test_uitvoerder_van_ander_team_bewaart_de_dienstbrief(
    client, onderzoeker, onderzoeker_ander_team
):
    """A dienst handed to another team's uitvoerder: that uitvoerder keeps its letters too."""
    dienst = dienst_met_overdracht(onderzoeker, status=D.MONITORING)
    dienst.__class__.objects.filter(pk=dienst.pk).update(uitvoerder=onderzoeker_ander_team)
    antwoord = post(
        client, onderzoeker_ander_team, reverse("dienst_afsluitbrief_pdf", args=[dienst.pk])
    )
    assert antwoord.status_code == 200
    bijlage, _pdf = bewaarde_brief(dienst.melding, Brief.AFSLUITING)
    assert bijlage.toegevoegd_door == onderzoeker_ander_team
    # The melding's own letters stay with the melding's team.
    url = reverse("melding_informeringsbrief_pdf", args=[dienst.melding.nummer])
    assert client.post(url).status_code in (403, 404)
    assert Bijlage.objects.count() == 1


@pytest.mark.parametrize(
    ("naam", "verwacht"),
    [
        ("dienst_afsluitbrief_pdf", "na de monitoring"),
        ("dienst_overdrachtsbrief_pdf", "nog geen overdracht"),
    ],
)
def test_dienst_brief_in_verkeerde_stand_geweigerd(client, onderzoeker, naam, verwacht):
    dienst = maak_dienst(
        DienstType.ONDERZOEK, team=onderzoeker.team, met_uitvoerder=onderzoeker, status=D.LOPEND
    )
    antwoord = post(client, onderzoeker, reverse(naam, args=[dienst.pk]))
    assert antwoord.redirect_chain[-1][0].startswith(reverse("dienst_detail", args=[dienst.pk]))
    assert any(verwacht in b and b.startswith("Niet bewaard") for b in berichten(antwoord))
    assert not Bijlage.objects.exists()
    assert not AuditLog.objects.filter(actie="bijlage.brief").exists()


def test_melding_brieven_in_verkeerde_stand_geweigerd(client, onderzoeker):
    # In beoordeling: no besluit (no terugkoppeling yet), no overdracht (no overdrachtsbrief).
    melding = MeldingFactory(team=onderzoeker.team, in_beoordeling=True)
    for naam, verwacht in (
        ("melding_terugkoppelingsbrief_pdf", "nog geen besluit"),
        ("melding_overdrachtsbrief_pdf", "nog geen overdracht"),
    ):
        antwoord = post(client, onderzoeker, reverse(naam, args=[melding.nummer]))
        assert any(verwacht in b for b in berichten(antwoord)), naam
    # Everyone recorded as not to be informed: no letter goes out.
    for db in melding.directbetrokkenen.all():
        Informering.objects.create(
            melding=melding,
            persoon=db.persoon,
            wijze="niet",
            grond="veiligheid",
            toelichting="Gevaar.",
            op=timezone.now(),
            door=onderzoeker,
        )
    antwoord = post(
        client, onderzoeker, reverse("melding_informeringsbrief_pdf", args=[melding.nummer])
    )
    assert any("niet geïnformeerd" in b for b in berichten(antwoord))
    assert not Bijlage.objects.exists()


def test_mislukte_opmaak_bewaart_niets(client, onderzoeker, monkeypatch):
    dienst = dienst_met_overdracht(onderzoeker)

    def kapot(*args, **kwargs):
        raise RuntimeError("pango weg")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", kapot)
    bestanden_voor = _bestanden()
    antwoord = post(client, onderzoeker, reverse("dienst_overdrachtsbrief_pdf", args=[dienst.pk]))
    assert any("kon niet worden opgemaakt" in b for b in berichten(antwoord))
    assert not Bijlage.objects.exists()
    assert _bestanden() == bestanden_voor


def _bestanden() -> set[str]:
    gevonden: set[str] = set()

    def loop(map_):
        try:
            mappen, bestanden = opslag().listdir(map_)
        except FileNotFoundError:
            return
        gevonden.update(f"{map_}/{b}" for b in bestanden)
        for sub in mappen:
            loop(f"{map_}/{sub}" if map_ else sub)

    loop("")
    return gevonden


# --- rendering: nothing fetched, small and fast -----------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/logo.png", "https://example.org/font.woff", "file:///etc/passwd"]
)
def test_brief_haalt_niets_van_buiten(url):
    with pytest.raises(ValueError, match="Externe bronnen"):
        AlleenInline(allowed_protocols={"data"}).fetch(url)


def test_pdf_klein_en_snel(onderzoeker):
    dienst = dienst_met_overdracht(onderzoeker)
    dienst = dienst.__class__.objects.select_related("melding", "uitvoerder").get(pk=dienst.pk)
    tijden = []
    for _ in range(3):
        begin = time.perf_counter()
        opgesteld = brieven.overdrachtsbrief_na_dienst(dienst)
        tijden.append((time.perf_counter() - begin) * 1000)
    grootte = len(opgesteld.pdf)
    print(
        f"\nOverdrachtsbrief als PDF: {grootte / 1024:.0f} kB, "
        f"opgemaakt in {', '.join(f'{t:.0f}' for t in tijden)} ms"
    )
    assert grootte < 150 * 1024
    assert min(tijden) < 3000
