"""Intake pages: adviezen (list, new, detail, afronden, omzetten) and melding registration with
directbetrokkenen rows, person matching and linking. Assertions on HTML and on the database."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meldingen.keuzes import AdviesStatus
from meldingen.models import Advies, Directbetrokkene, Melder, Melding, Persoon
from tests.factories import (
    AdviesFactory,
    GemeenteFactory,
    MedewerkerFactory,
    MeldingFactory,
    PersoonFactory,
)

GELDIG_BSN = "111222333"
ANDER_GELDIG_BSN = "123456782"
ONGELDIG_BSN = "123456789"  # fails the 11-proef
ELF_PROEF = "Dit BSN is ongeldig (voldoet niet aan de 11-proef)"


# --- helpers and extra fixtures -----------------------------------------------------------------


@pytest.fixture
def secretariaat(team):
    return MedewerkerFactory(team=team, rollen=["secretariaat"], username="secretariaat1")


@pytest.fixture
def ingelogd(client, onderzoeker):
    client.force_login(onderzoeker)
    return client


def html_van(antwoord) -> str:
    return antwoord.content.decode()


def element_met_id(html: str, element_id: str) -> str:
    """The text of the element with this id (up to its closing tag), or "" when absent."""
    treffer = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', html, re.S)
    return treffer.group(2) if treffer else ""


def berichten(antwoord) -> list[str]:
    return [str(m) for m in get_messages(antwoord.wsgi_request)]


def ontvangst(moment=None) -> dict:
    moment = timezone.localtime(moment or timezone.now() - timedelta(hours=1))
    return {
        "ontvangen_datum": moment.strftime("%Y-%m-%d"),
        "ontvangen_tijd": moment.strftime("%H:%M"),
    }


def advies_post(**wijzigingen) -> dict:
    data = {
        **ontvangst(),
        "kanaal": "telefoon",
        "hoedanigheid": "gz_huisarts",
        "aanleiding": "km_anders",
        "onderwerp": "Blauwe plekken bij een kind",
        "samenvatting": "Besproken welke signalen de huisarts ziet en wanneer te melden.",
    }
    data.update(wijzigingen)
    return {k: v for k, v in data.items() if v is not None}


def rij(index: int, **velden) -> dict:
    return {f"db-{index}-{veld}": waarde for veld, waarde in velden.items()}


def melding_post(*rijen: dict, volgorde=None, **wijzigingen) -> dict:
    """A valid registration with the given rows (default: Sem and Kees Jansen)."""
    if not rijen:
        rijen = (
            rij(
                0,
                rol="kind",
                voornamen="Sem",
                achternaam="Jansen",
                geboortedatum="2018-03-01",
                geslacht="man",
                bsn=GELDIG_BSN,
            ),
            rij(1, rol="pleger", voornamen="Kees", achternaam="Jansen", geslacht="man"),
        )
    data = {
        **ontvangst(),
        "kanaal": "telefoon",
        "soort": "eerste",
        "melder_hoedanigheid": "onderwijs_basis",
        "melder_naam": "Juf Ans",
        "melder_telefoon": "0612345678",
        "aanleidingen": ["km_anders"],
        "aarden": ["lichamelijke_mishandeling"],
        "straat": "Laan",
        "huisnummer": "1",
        "postcode": "2511 AA",
        "woonplaats": "Den Haag",
        "samenvatting": "De juf ziet blauwe plekken op de armen van een leerling.",
    }
    indices = []
    for velden in rijen:
        data.update(velden)
        index = next(iter(velden)).split("-")[1]
        indices.append(index)
    data["rijen"] = volgorde if volgorde is not None else indices
    data.update(wijzigingen)
    return data


def tellingen() -> tuple[int, int, int, int]:
    return (
        Melding.objects.count(),
        Persoon.objects.count(),
        Directbetrokkene.objects.count(),
        Melder.objects.count(),
    )


# --- adviezen -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_adviesformulier_heeft_geen_velden_voor_directbetrokkenen(ingelogd):
    html = html_van(ingelogd.get(reverse("advies_nieuw")))
    for naam in ("bsn", "geboortedatum", "voornamen", "achternaam"):
        assert f'name="{naam}"' not in html
        assert f'-{naam}"' not in html
    assert 'name="adviesvrager_naam"' in html
    assert "zonder toestemming wordt geen naam vastgelegd" in html
    assert '<optgroup label="Beroepsmatig">' in html
    assert '<optgroup label="Niet-beroepsmatig">' in html
    assert 'type="date"' in html and 'type="time"' in html


@pytest.mark.django_db
def test_advies_vastleggen(ingelogd, onderzoeker):
    gemeente = GemeenteFactory(naam="Delft")
    antwoord = ingelogd.post(reverse("advies_nieuw"), advies_post(gemeente=gemeente.pk))
    advies = Advies.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("advies_detail", kwargs={"nummer": advies.nummer})
    assert advies.team == onderzoeker.team and advies.gegeven_door == onderzoeker
    assert advies.gemeente == gemeente and advies.adviesvrager_naam == ""
    assert f"Advies {advies.nummer} is vastgelegd." in berichten(antwoord)


@pytest.mark.django_db
def test_advies_naam_met_toestemming_wordt_vastgelegd(ingelogd):
    ingelogd.post(
        reverse("advies_nieuw"), advies_post(adviesvrager_naam="Dr. Pieters", naam_toestemming="on")
    )
    advies = Advies.objects.get()
    assert advies.adviesvrager_naam == "Dr. Pieters" and advies.naam_toestemming


@pytest.mark.django_db
def test_advies_naam_zonder_toestemming_wordt_geweigerd(ingelogd):
    antwoord = ingelogd.post(reverse("advies_nieuw"), advies_post(adviesvrager_naam="Dr. Pieters"))
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "alleen met toestemming worden vastgelegd" in element_met_id(
        html, "id_adviesvrager_naam_error"
    )
    assert "Er is niets opgeslagen." in html
    assert 'value="Dr. Pieters"' in html, "the typed value is shown again"
    assert Advies.objects.count() == 0


@pytest.mark.django_db
def test_advies_zonder_verplichte_velden_nederlandse_fouten(ingelogd):
    antwoord = ingelogd.post(reverse("advies_nieuw"), advies_post(onderwerp="", kanaal=""))
    html = html_van(antwoord)
    assert "Vul het onderwerp in." in element_met_id(html, "id_onderwerp_error")
    assert "Kies het kanaal." in element_met_id(html, "id_kanaal_error")
    assert Advies.objects.count() == 0


@pytest.mark.django_db
def test_advies_in_de_toekomst_fout_bij_datum(ingelogd):
    morgen = ontvangst(timezone.now() + timedelta(days=1))
    antwoord = ingelogd.post(reverse("advies_nieuw"), advies_post(**morgen))
    assert "ligt in de toekomst" in element_met_id(html_van(antwoord), "id_ontvangen_datum_error")
    assert Advies.objects.count() == 0


@pytest.mark.django_db
def test_advies_nieuw_geweigerd_voor_directie_en_secretariaat(client, directie, secretariaat):
    for medewerker in (directie, secretariaat):
        client.force_login(medewerker)
        assert client.get(reverse("advies_nieuw")).status_code == 403
        assert client.post(reverse("advies_nieuw"), advies_post()).status_code == 403
    assert Advies.objects.count() == 0


@pytest.mark.django_db
def test_adviezenlijst_toont_eigen_team_nieuwste_eerst(ingelogd, onderzoeker, ander_team):
    oud = AdviesFactory(
        team=onderzoeker.team, ontvangen_op=timezone.now() - timedelta(days=2), onderwerp="Oud"
    )
    nieuw = AdviesFactory(team=onderzoeker.team, onderwerp="Nieuw")
    vreemd = AdviesFactory(team=ander_team)
    html = html_van(ingelogd.get(reverse("advies_lijst")))
    assert nieuw.nummer in html and oud.nummer in html
    assert html.index(nieuw.nummer) < html.index(oud.nummer)
    assert vreemd.nummer not in html
    assert "2 adviezen" in html


@pytest.mark.django_db
def test_adviezenlijst_filtert_op_status_en_pagineert(ingelogd, onderzoeker):
    for _ in range(52):
        AdviesFactory(team=onderzoeker.team, gegeven_door=onderzoeker)
    afgerond = AdviesFactory(
        team=onderzoeker.team, gegeven_door=onderzoeker, status=AdviesStatus.AFGEROND
    )
    html = html_van(ingelogd.get(reverse("advies_lijst"), {"status": "afgerond"}))
    assert afgerond.nummer in html and "1 advies" in html
    eerste = html_van(ingelogd.get(reverse("advies_lijst")))
    assert eerste.count("<tr>") == 1 + 50
    assert "Pagina 1 van 2" in eerste
    tweede = html_van(ingelogd.get(reverse("advies_lijst"), {"pagina": 2}))
    assert tweede.count("<tr>") == 1 + 3


@pytest.mark.django_db
def test_adviezenlijst_kost_vast_aantal_queries(
    ingelogd, onderzoeker, django_assert_max_num_queries
):
    for _ in range(3):
        AdviesFactory(team=onderzoeker.team, gemeente=GemeenteFactory())
    with CaptureQueriesContext(connection) as drie:
        assert ingelogd.get(reverse("advies_lijst")).status_code == 200
    for _ in range(27):
        AdviesFactory(team=onderzoeker.team, gemeente=GemeenteFactory())
    with django_assert_max_num_queries(len(drie.captured_queries)):
        html = html_van(ingelogd.get(reverse("advies_lijst")))
    assert "30 adviezen" in html


@pytest.mark.django_db
def test_adviezen_niet_voor_directie(client, directie):
    AdviesFactory()
    client.force_login(directie)
    antwoord = client.get(reverse("advies_lijst"))
    assert antwoord.status_code == 403
    assert "AD-" not in html_van(antwoord)


@pytest.mark.django_db
def test_advies_detail_en_afronden(ingelogd, onderzoeker):
    advies = AdviesFactory(team=onderzoeker.team, onderwerp="Zorgen over opa")
    detail = reverse("advies_detail", kwargs={"nummer": advies.nummer})
    html = html_van(ingelogd.get(detail))
    assert "Zorgen over opa" in html and "Afronden" in html and "Omzetten in melding" in html

    antwoord = ingelogd.post(reverse("advies_afronden", kwargs={"nummer": advies.nummer}))
    assert antwoord.status_code == 302 and antwoord["Location"] == detail
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.AFGEROND and advies.afgerond_op is not None
    html = html_van(ingelogd.get(detail))
    assert "Omzetten in melding" not in html and ">Afronden<" not in html


@pytest.mark.django_db
def test_advies_nogmaals_afronden_toont_nederlandse_melding(ingelogd, onderzoeker):
    advies = AdviesFactory(team=onderzoeker.team, status=AdviesStatus.AFGEROND)
    antwoord = ingelogd.post(
        reverse("advies_afronden", kwargs={"nummer": advies.nummer}), follow=True
    )
    assert antwoord.status_code == 200
    assert "Afronden kan niet: de status is &#x27;Afgerond&#x27;" in html_van(antwoord)


@pytest.mark.django_db
def test_advies_van_ander_team_is_404(ingelogd, ander_team):
    advies = AdviesFactory(team=ander_team, onderwerp="Geheim onderwerp")
    kw = {"nummer": advies.nummer}
    for antwoord in (
        ingelogd.get(reverse("advies_detail", kwargs=kw)),
        ingelogd.post(reverse("advies_afronden", kwargs=kw)),
        ingelogd.get(reverse("advies_omzetten", kwargs=kw)),
        ingelogd.post(reverse("advies_omzetten", kwargs=kw), melding_post()),
    ):
        assert antwoord.status_code == 404
        assert "Geheim onderwerp" not in html_van(antwoord)
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.OPEN
    assert Melding.objects.count() == 0


@pytest.mark.django_db
def test_advies_omzetten_formulier_is_voorgevuld(ingelogd, onderzoeker):
    gemeente = GemeenteFactory(naam="Rijswijk")
    advies = AdviesFactory(
        team=onderzoeker.team,
        kanaal="chat",
        gemeente=gemeente,
        aanleiding="partnergeweld",
        ontvangen_op=timezone.now() - timedelta(days=3),
    )
    html = html_van(ingelogd.get(reverse("advies_omzetten", kwargs={"nummer": advies.nummer})))
    assert f"Advies {advies.nummer} omzetten in melding" in html
    assert '<option value="chat" selected>' in html
    assert f'<option value="{gemeente.pk}" selected>' in html
    assert re.search(r'value="partnergeweld"[^>]*checked', html)
    vandaag = timezone.localdate().strftime("%Y-%m-%d")
    assert f'name="ontvangen_datum" value="{vandaag}"' in html


@pytest.mark.django_db
def test_advies_omzetten_maakt_gekoppelde_melding(ingelogd, onderzoeker):
    advies = AdviesFactory(team=onderzoeker.team)
    antwoord = ingelogd.post(
        reverse("advies_omzetten", kwargs={"nummer": advies.nummer}), melding_post()
    )
    melding = Melding.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("melding_dossier", kwargs={"nummer": melding.nummer})
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.OMGEZET and advies.melding == melding
    assert melding.directbetrokkenen.count() == 2
    assert f"Advies {advies.nummer} is omgezet in melding {melding.nummer}." in berichten(antwoord)


@pytest.mark.django_db
def test_afgerond_advies_omzetten_wordt_geweigerd(ingelogd, onderzoeker):
    advies = AdviesFactory(team=onderzoeker.team, status=AdviesStatus.AFGEROND)
    url = reverse("advies_omzetten", kwargs={"nummer": advies.nummer})
    antwoord = ingelogd.get(url)
    assert antwoord.status_code == 302
    assert "kan niet meer worden omgezet" in " ".join(berichten(antwoord))
    antwoord = ingelogd.post(url, melding_post())
    assert antwoord.status_code == 200
    assert "kan niet meer worden omgezet" in html_van(antwoord)
    assert tellingen() == (0, 0, 0, 0)


# --- melding registration -----------------------------------------------------------------------


@pytest.mark.django_db
def test_melding_nieuw_toont_formulier(ingelogd):
    html = html_van(ingelogd.get(reverse("melding_nieuw")))
    vandaag = timezone.localdate().strftime("%Y-%m-%d")
    assert f'name="ontvangen_datum" value="{vandaag}"' in html
    assert 'name="db-0-rol"' in html and 'name="rijen" value="0"' in html
    assert 'id="volgende-index" name="index" value="1"' in html
    assert "Directbetrokkene toevoegen" in html
    assert '<optgroup label="Beroepsmatig">' in html
    assert 'name="aanleidingen"' in html and 'name="aarden"' in html
    assert 'for="id_db-0-bsn"' in html, "every input has a label"
    assert 'hx-post="/personen/kandidaten/"' in html


@pytest.mark.django_db
def test_melding_met_twee_directbetrokkenen(ingelogd, onderzoeker):
    antwoord = ingelogd.post(reverse("melding_nieuw"), melding_post())
    melding = Melding.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("melding_dossier", kwargs={"nummer": melding.nummer})
    assert f"Melding {melding.nummer} is geregistreerd." in berichten(antwoord)
    betrokkenen = {
        (d.persoon.voornamen, d.rol, d.persoon.bsn)
        for d in melding.directbetrokkenen.select_related("persoon")
    }
    assert betrokkenen == {("Sem", "kind", GELDIG_BSN), ("Kees", "pleger", None)}
    assert melding.team == onderzoeker.team
    assert melding.melder.naam == "Juf Ans"
    assert melding.huishouden.postcode == "2511AA"
    assert list(melding.aanleidingen.values_list("aanleiding", flat=True)) == ["km_anders"]


@pytest.mark.django_db
def test_rijen_met_gaten_in_de_nummering(ingelogd):
    """Rows removed in the browser leave gaps; the posted order counts."""
    data = melding_post(
        rij(5, rol="kind", voornamen="Anna", achternaam="Bos"),
        rij(2, rol="slachtoffer", voornamen="Mira", achternaam="Bos"),
        volgorde=["5", "2"],
    )
    assert ingelogd.post(reverse("melding_nieuw"), data).status_code == 302
    assert set(Persoon.objects.values_list("voornamen", flat=True)) == {"Anna", "Mira"}


@pytest.mark.django_db
def test_ongeldig_bsn_in_tweede_rij_slaat_niets_op(ingelogd):
    voor = tellingen()
    data = melding_post(
        rij(0, rol="kind", voornamen="Sem", achternaam="Jansen", geboortedatum="2018-03-01"),
        rij(1, rol="pleger", voornamen="Kees", achternaam="Jansen", bsn=ONGELDIG_BSN),
    )
    antwoord = ingelogd.post(reverse("melding_nieuw"), data)
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert ELF_PROEF in element_met_id(html, "id_db-1-bsn_error")
    assert element_met_id(html, "id_db-0-bsn_error") == ""
    assert 'aria-invalid="true"' in html
    # Both rows come back with what was typed.
    assert 'name="db-0-voornamen" value="Sem"' in html
    assert 'name="db-1-voornamen" value="Kees"' in html
    assert f'name="db-1-bsn" value="{ONGELDIG_BSN}"' in html
    assert 'name="db-0-geboortedatum" value="2018-03-01"' in html
    assert 'value="De juf ziet' not in html and "De juf ziet blauwe plekken" in html
    assert "Er is niets opgeslagen." in html
    assert tellingen() == voor


@pytest.mark.django_db
def test_geboortedatum_in_de_toekomst(ingelogd):
    morgen = (timezone.localdate() + timedelta(days=1)).strftime("%Y-%m-%d")
    data = melding_post(
        rij(0, rol="kind", voornamen="Sem", achternaam="Jansen", geboortedatum=morgen)
    )
    html = html_van(ingelogd.post(reverse("melding_nieuw"), data))
    assert "De geboortedatum ligt in de toekomst." in element_met_id(
        html, "id_db-0-geboortedatum_error"
    )
    assert tellingen() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_verplichte_velden_van_rij_en_melding(ingelogd):
    data = melding_post(rij(0, rol="", voornamen="", achternaam=""), aanleidingen=[])
    html = html_van(ingelogd.post(reverse("melding_nieuw"), data))
    assert "Kies de rol van deze persoon." in element_met_id(html, "id_db-0-rol_error")
    assert "De voornaam is verplicht." in element_met_id(html, "id_db-0-voornamen_error")
    assert "De achternaam is verplicht." in element_met_id(html, "id_db-0-achternaam_error")
    assert "Kies minstens één aanleiding." in element_met_id(html, "id_aanleidingen_error")
    assert tellingen() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_melding_zonder_directbetrokkenen(ingelogd):
    data = melding_post(rij(0, rol="kind"), volgorde=[])
    html = html_van(ingelogd.post(reverse("melding_nieuw"), data))
    assert "Voeg minstens één directbetrokkene toe." in element_met_id(html, "betrokkenen-fouten")
    assert tellingen() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_bekend_bsn_in_het_formulier_koppelt_de_bekende_persoon(ingelogd):
    """A known BSN typed in a new row is not refused: the row links the known person."""
    bekend = PersoonFactory(bsn=ANDER_GELDIG_BSN, voornamen="Kees", achternaam="Jansen")
    data = melding_post(
        rij(0, rol="kind", voornamen="Sem", achternaam="Jansen", bsn=GELDIG_BSN),
        rij(1, rol="pleger", voornamen="Kees", achternaam="Jansen", bsn=ANDER_GELDIG_BSN),
    )
    antwoord = ingelogd.post(reverse("melding_nieuw"), data)
    assert antwoord.status_code == 302
    melding = Melding.objects.get()
    assert set(melding.directbetrokkenen.values_list("persoon_id", flat=True)) == {
        bekend.pk,
        Persoon.objects.met_bsn(GELDIG_BSN).get().pk,
    }
    regel = melding.journaal.get(tekst__contains="bekende persoon op BSN")
    assert regel.tekst.startswith("Directbetrokkene 2 (vermoedelijke pleger)")


@pytest.mark.django_db
def test_melding_in_de_toekomst_fout_bij_datum(ingelogd):
    data = melding_post(**ontvangst(timezone.now() + timedelta(days=2)))
    html = html_van(ingelogd.post(reverse("melding_nieuw"), data))
    assert "ligt in de toekomst" in element_met_id(html, "id_ontvangen_datum_error")
    assert tellingen() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_team_volgt_uit_gemeente(ingelogd, ander_team):
    gemeente = GemeenteFactory(naam="Zoetermeer")
    ander_team.gemeenten.add(gemeente)
    ingelogd.post(reverse("melding_nieuw"), melding_post(gemeente=gemeente.pk))
    assert Melding.objects.get().team == ander_team


@pytest.mark.django_db
def test_secretariaat_mag_registreren(client, secretariaat):
    client.force_login(secretariaat)
    assert client.post(reverse("melding_nieuw"), melding_post()).status_code == 302
    assert Melding.objects.count() == 1


@pytest.mark.django_db
def test_directie_mag_niet_registreren(client, directie, gedragswetenschapper):
    for medewerker in (directie, gedragswetenschapper):
        client.force_login(medewerker)
        antwoord = client.get(reverse("melding_nieuw"))
        assert antwoord.status_code == 403
        assert "melding registreren" in html_van(antwoord)
        assert client.post(reverse("melding_nieuw"), melding_post()).status_code == 403
        assert client.get(reverse("betrokkene_formulier"), {"index": 1}).status_code == 403
    assert tellingen() == (0, 0, 0, 0)


# --- rows and person matching (htmx) -----------------------------------------------------------


@pytest.mark.django_db
def test_betrokkene_formulier_geeft_rij_met_index(ingelogd):
    antwoord = ingelogd.get(
        reverse("betrokkene_formulier"), {"index": 3}, headers={"HX-Request": "true"}
    )
    html = html_van(antwoord)
    assert antwoord.status_code == 200
    assert "<html" not in html, "a partial, not a page"
    assert 'id="rij-3"' in html and 'name="rijen" value="3"' in html
    for veld in ("rol", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "bsn"):
        assert f'name="db-3-{veld}"' in html
    assert 'name="db-3-persoon_id"' in html
    assert 'id="kandidaten-3"' in html
    assert 'hx-swap-oob="true"' in html and 'value="4"' in html
    assert "autofocus" in html
    assert ingelogd.get(reverse("betrokkene_formulier"), {"index": "x"}).status_code == 400


@pytest.fixture
def bekende_sem(team, ander_team):
    """Sem Jansen, known from two meldingen: one of the own team, one of another team."""
    sem = PersoonFactory(
        voornamen="Sem", achternaam="Jansen", geboortedatum="2018-03-01", bsn=GELDIG_BSN
    )
    for t in (team, ander_team):
        melding = MeldingFactory(team=t, samenvatting="Inhoud van een andere melding")
        Directbetrokkene.objects.create(melding=melding, persoon=sem, rol="kind")
    return sem


def zoek(client, index=0, methode="post", **velden):
    data = {"index": index, **rij(index, **velden)}
    aanroep = client.post if methode == "post" else client.get
    return aanroep(reverse("persoon_kandidaten"), data, headers={"HX-Request": "true"})


@pytest.mark.django_db
def test_kandidaten_op_bsn(ingelogd, bekende_sem):
    PersoonFactory(voornamen="Lotte", achternaam="Jansen", geboortedatum="2018-03-01")
    html = html_van(zoek(ingelogd, index=2, bsn=GELDIG_BSN))
    assert "Sem Jansen" in html and "01-03-2018" in html
    assert "2 eerdere meldingen" in html
    assert "Koppel deze persoon" in html and f'"koppel": "{bekende_sem.pk}"' in html
    assert "#rij-2" in html
    # Only name, birth date and count: no BSN, case numbers or content of (other teams') meldingen.
    assert GELDIG_BSN not in html and "VT-" not in html and "Inhoud van" not in html


@pytest.mark.django_db
def test_kandidaten_bsn_eerst_daarna_naam_en_geboortedatum(ingelogd, bekende_sem):
    PersoonFactory(voornamen="Anna", achternaam="Jansen-Bakker", geboortedatum="2018-03-01")
    html = html_van(zoek(ingelogd, bsn=GELDIG_BSN, achternaam="Jansen", geboortedatum="2018-03-01"))
    assert html.index("Sem Jansen") < html.index("Anna Jansen-Bakker")


@pytest.mark.django_db
def test_kandidaten_op_achternaam_en_geboortedatum(ingelogd, bekende_sem):
    PersoonFactory(voornamen="Piet", achternaam="Jansen", geboortedatum="1980-01-01")
    html = html_van(zoek(ingelogd, methode="post", achternaam="jans", geboortedatum="2018-03-01"))
    assert "Sem Jansen" in html and "2 eerdere meldingen" in html
    assert "Piet" not in html, "another birth date is another person"
    html = html_van(zoek(ingelogd, achternaam="Jansen", geboortedatum="2018-03-02"))
    assert "Sem Jansen" not in html and "Geen bekende persoon gevonden" in html


@pytest.mark.django_db
def test_kandidaten_niet_bij_te_weinig_gegevens(ingelogd, bekende_sem):
    for velden in (
        {"bsn": GELDIG_BSN[:8]},
        {"achternaam": "J", "geboortedatum": "2018-03-01"},
        {"achternaam": "Jansen"},
        {"geboortedatum": "2018-03-01"},
        {},
    ):
        antwoord = zoek(ingelogd, **velden)
        assert antwoord.status_code == 200
        html = html_van(antwoord)
        assert "Sem" not in html and "Geen bekende persoon" not in html
        assert html.strip() == ""


@pytest.mark.django_db
def test_kandidaten_alleen_voor_intakerollen(client, directie, gedragswetenschapper, bekende_sem):
    for medewerker in (directie, gedragswetenschapper):
        client.force_login(medewerker)
        antwoord = zoek(client, bsn=GELDIG_BSN)
        assert antwoord.status_code == 403
        assert "Sem" not in html_van(antwoord)


@pytest.mark.django_db
def test_kandidaten_kosten_een_vast_aantal_queries(ingelogd, team, django_assert_max_num_queries):
    def personen(van: int, tot: int) -> None:
        for i in range(van, tot):
            persoon = PersoonFactory(
                voornamen=f"Kind{i}", achternaam="Visser", geboortedatum="2016-01-01"
            )
            for _ in range(2):
                Directbetrokkene.objects.create(
                    melding=MeldingFactory(team=team), persoon=persoon, rol="kind"
                )

    zoek(ingelogd, achternaam="Anders", geboortedatum="2016-01-01")  # stamps the session once
    personen(0, 1)
    # The request itself (session, user, roles) plus one search query, whatever the number found.
    with django_assert_max_num_queries(5) as een_persoon:
        zoek(ingelogd, achternaam="Visser", geboortedatum="2016-01-01")
    personen(1, 5)
    with django_assert_max_num_queries(len(een_persoon)):
        html = html_van(zoek(ingelogd, achternaam="Visser", geboortedatum="2016-01-01"))
    assert html.count("2 eerdere meldingen") == 5


@pytest.mark.django_db
def test_koppelen_toont_gekoppelde_persoon_in_de_rij(ingelogd, bekende_sem):
    data = {"index": 1, "koppel": bekende_sem.pk, **rij(1, rol="kind", bsn=GELDIG_BSN)}
    html = html_van(ingelogd.post(reverse("betrokkene_formulier"), data))
    assert 'id="rij-1"' in html
    assert "Gekoppeld aan bekende persoon" in html and "Sem Jansen" in html
    assert f'name="db-1-persoon_id" value="{bekende_sem.pk}"' in html
    assert '<option value="kind" selected>' in html
    assert "Ontkoppelen" in html

    data = {"index": 1, "ontkoppel": "1", **rij(1, rol="kind", bsn=GELDIG_BSN, persoon_id="")}
    html = html_van(ingelogd.post(reverse("betrokkene_formulier"), data))
    assert "Gekoppeld aan bekende persoon" not in html
    assert f'name="db-1-bsn" value="{GELDIG_BSN}"' in html


@pytest.mark.django_db
def test_koppelen_van_persoon_die_niet_bij_de_rij_past_wordt_geweigerd(ingelogd, bekende_sem):
    """An id typed by hand must not reveal who that person is."""
    data = {"index": 0, "koppel": bekende_sem.pk, **rij(0, achternaam="Visser", bsn="")}
    html = html_van(ingelogd.post(reverse("betrokkene_formulier"), data))
    assert "Sem" not in html and "01-03-2018" not in html and "past niet bij" in html
    assert "Gekoppeld aan bekende persoon" not in html
    assert f'value="{bekende_sem.pk}"' not in html
    assert 'name="db-0-achternaam" value="Visser"' in html, "the row stays as typed"


@pytest.mark.django_db
def test_koppelen_van_bestaande_persoon_maakt_geen_nieuwe_persoon(ingelogd, bekende_sem):
    personen = Persoon.objects.count()
    data = melding_post(
        rij(0, rol="kind", persoon_id=bekende_sem.pk, bsn=GELDIG_BSN),
        rij(1, rol="pleger", voornamen="Kees", achternaam="Jansen"),
    )
    antwoord = ingelogd.post(reverse("melding_nieuw"), data)
    assert antwoord.status_code == 302
    melding = Melding.objects.latest("vastgelegd_op")
    assert Persoon.objects.count() == personen + 1, "only Kees is new"
    assert melding.directbetrokkenen.filter(persoon=bekende_sem, rol="kind").exists()
    assert bekende_sem.betrokkenheden.count() == 3


@pytest.mark.django_db
def test_gekoppelde_persoon_die_niet_bij_de_rij_past_slaat_niets_op(ingelogd, bekende_sem):
    voor = tellingen()
    data = melding_post(rij(0, rol="kind", persoon_id=bekende_sem.pk, achternaam="Visser"))
    html = html_van(ingelogd.post(reverse("melding_nieuw"), data))
    assert "past niet bij" in html and "Sem Jansen" not in html
    assert tellingen() == voor


@pytest.mark.django_db
def test_rij_met_gekoppelde_persoon_blijft_gekoppeld_bij_fout_elders(ingelogd, bekende_sem):
    data = melding_post(
        rij(0, rol="kind", persoon_id=bekende_sem.pk, bsn=GELDIG_BSN),
        rij(1, rol="pleger", voornamen="Kees", achternaam="Jansen", bsn=ONGELDIG_BSN),
    )
    voor = tellingen()
    html = html_van(ingelogd.post(reverse("melding_nieuw"), data))
    assert "Gekoppeld aan bekende persoon" in element_met_id(html, "gekoppeld-0")
    assert "Sem Jansen" in html
    assert ELF_PROEF in element_met_id(html, "id_db-1-bsn_error")
    assert tellingen() == voor


@pytest.mark.django_db
def test_alle_fouten_in_een_ronde_ook_datum_in_de_toekomst(ingelogd):
    """One-pass validation: the future date (a service rule) shows together with the missing
    fields of the melding and of a row, and the summary links every error to its field."""
    data = melding_post(
        rij(0, rol="kind", voornamen="Sem", achternaam=""),
        samenvatting="",
        aanleidingen=[],
        **ontvangst(timezone.now() + timedelta(days=2)),
    )
    html = html_van(ingelogd.post(reverse("melding_nieuw"), data))
    assert "ligt in de toekomst" in element_met_id(html, "id_ontvangen_datum_error")
    assert "Beschrijf de zorgen van de melder." in element_met_id(html, "id_samenvatting_error")
    assert "Kies minstens één aanleiding." in element_met_id(html, "id_aanleidingen_error")
    assert "De achternaam is verplicht." in element_met_id(html, "id_db-0-achternaam_error")
    samenvatting = element_met_id(html, "foutsamenvatting")
    for anker in (
        "id_ontvangen_datum",
        "id_samenvatting",
        "id_aanleidingen_0",
        "id_db-0-achternaam",
    ):
        assert f'href="#{anker}"' in samenvatting, anker
    assert tellingen() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_datum_in_de_toekomst_zonder_tijd_al_in_de_eerste_ronde(ingelogd):
    morgen = ontvangst(timezone.now() + timedelta(days=2))
    data = melding_post(ontvangen_datum=morgen["ontvangen_datum"], ontvangen_tijd="")
    html = html_van(ingelogd.post(reverse("melding_nieuw"), data))
    assert "ligt in de toekomst" in element_met_id(html, "id_ontvangen_datum_error")
    assert "Vul de tijd van ontvangst in." in element_met_id(html, "id_ontvangen_tijd_error")
    assert tellingen() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_persoonskandidaten_weigeren_een_bsn_in_de_url(client, onderzoeker):
    """A GET puts its query in the access log: the BSN search only goes as a POST (issue 13)."""
    client.force_login(onderzoeker)
    antwoord = client.get("/personen/kandidaten/", {"index": 0, "db-0-bsn": "111222333"})
    assert (
        antwoord.status_code == 400
        and "BSN hoort niet in een webadres" in antwoord.content.decode()
    )
    assert (
        client.post("/personen/kandidaten/", {"index": 0, "db-0-bsn": "111222333"}).status_code
        == 200
    )
