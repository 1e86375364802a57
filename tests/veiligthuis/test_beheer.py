"""Beheer that looks like the product (issue 11 part 6): Dutch names for every app and model in
the admin, a start page that explains beheer, and an inzage answer that refuses a mistyped BSN and
says in words who did what, when."""

from __future__ import annotations

import ast
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.utils.text import capfirst
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldingen.keuzes import RolInMelding
from meldingen.models import Directbetrokkene
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory
from veiligthuis.audit import AuditLog, audit_log
from veiligthuis.beheer_acties import AUDITACTIES, actie_omschrijving
from veiligthuis.beheer_namen import APPNAMEN, MODELNAMEN
from veiligthuis.models import Roltoewijzing
from veiligthuis.personeel_admin import PERSONEEL_INLINES

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BSN = "271828183"  # passes the 11-proef
ONZE_APPS = {"veiligthuis", "inloggen", "meldingen", "diensten", "wachtlijst"}
# Names as the packages (or Django's own admin templates) ship them: English or half translated.
STANDAARDNAMEN = [
    "Axes",
    "AXES",
    "Otp_Totp",
    "OTP_TOTP",
    "Otp_Static",
    "OTP_STATIC",
    "Access attempt",
    "Access log",
    "Access failure",
    "TOTP device",
    "Auth Token",
    "Autorisatietoken",
    "Tokens",
    "Authentication and Authorization",
    "Groups",
    "Model name",
    "Add link",
    "Change or view list link",
    "Django administration",
    "Site administration",
]
ONDERDELEN = {
    "Afwegingskader",
    "Sluitingsdagen",
    "Medewerkers en teams",
    "Inzetbaarheid",
    "Inloggen",
    "Auditlog",
    "Koppelingen",
}


def _tekst(html: str) -> str:
    """What a reader sees: no tags, scripts, styles, class names or URLs."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def beheer_superuser(db):
    """A beheerder who is also a Django superuser sees every registered model, also third-party."""
    return MedewerkerFactory(team=None, rollen=["beheer"], is_superuser=True, username="beheer9")


# --- Dutch names ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_elke_app_en_elk_model_in_het_beheer_heeft_een_nederlandse_naam(client, beheer_superuser):
    client.force_login(beheer_superuser)

    antwoord = client.get("/admin/")

    assert antwoord.status_code == 200
    app_list = antwoord.context["app_list"]
    getoond = {m["model"] for app in app_list for m in app["models"]}
    assert getoond == set(admin.site._registry), "the superuser sees every registered model"
    for app in app_list:
        if app["app_label"] in ONZE_APPS:
            # Declared on our AppConfig, not derived from the label.
            assert "verbose_name" in vars(type(apps.get_app_config(app["app_label"])))
        else:
            assert app["name"] == APPNAMEN[app["app_label"]]
        for regel in app["models"]:
            model = regel["model"]
            if model._meta.app_label in ONZE_APPS:
                # Declared in the model's Meta, not Django's English default from the class name.
                assert "verbose_name_plural" in model._meta.original_attrs, model
            else:
                assert regel["name"] == capfirst(MODELNAMEN[model._meta.label_lower][1])
    tekst = _tekst(antwoord.content.decode())
    assert [naam for naam in STANDAARDNAMEN if naam in tekst] == []


@pytest.mark.django_db
def test_geregistreerde_modellen_van_derden_staan_in_de_vertaling():
    for model in admin.site._registry:
        if model._meta.app_label in ONZE_APPS:
            continue
        assert model._meta.label_lower in MODELNAMEN, model
        assert model._meta.app_label in APPNAMEN, model
        enkelvoud, meervoud = MODELNAMEN[model._meta.label_lower]
        assert (model._meta.verbose_name, model._meta.verbose_name_plural) == (enkelvoud, meervoud)
        assert model._meta.app_config.verbose_name == APPNAMEN[model._meta.app_label]


@pytest.mark.django_db
def test_nederlandse_namen_geven_de_pakketten_geen_migraties():
    labels = sorted({label.split(".")[0] for label in MODELNAMEN})
    # Raises SystemExit(1) when a package would get a new migration.
    call_command("makemigrations", *labels, check=True, dry_run=True, verbosity=0)


@pytest.mark.django_db
def test_inloggen_in_het_beheer_heeft_nederlandse_kolommen_en_velden(client, beheer, onderzoeker):
    app = TOTPDevice.objects.create(user=onderzoeker, name="Telefoon", confirmed=True)
    poging = AccessAttempt.objects.create(
        username="onderzoeker1",
        ip_address="10.1.2.3",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/inloggen/",
        failures_since_start=5,
        get_data="",
        post_data="",
    )
    client.force_login(beheer)

    paginas = {
        "/admin/otp_totp/totpdevice/": ["Medewerker", "Ingesteld", "Laatst gebruikt op"],
        f"/admin/otp_totp/totpdevice/{app.pk}/change/": ["Naam van de app", "Aangemaakt op"],
        "/admin/axes/accessattempt/": ["Gebruikersnaam", "IP-adres", "Mislukte pogingen"],
        f"/admin/axes/accessattempt/{poging.pk}/change/": ["Browser", "Laatste poging"],
    }
    for pad, labels in paginas.items():
        antwoord = client.get(pad)
        assert antwoord.status_code == 200, pad
        tekst = _tekst(antwoord.content.decode())
        assert [label for label in labels if label not in tekst] == [], pad
        for engels in ("Failed Logins", "Attempt Time", "User Agent", "IP Address", "confirmed"):
            assert engels not in tekst, (pad, engels)
        assert "created at" not in tekst.lower() and "last used at" not in tekst.lower()
    assert (
        client.get("/admin/otp_totp/totpdevice/", {"ingesteld": "nee"}).context["cl"].result_count
        == 0
    )


# --- the start page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_beheer_start_legt_de_onderdelen_uit_met_werkende_links(client, beheer):
    client.force_login(beheer)

    antwoord = client.get("/admin/")

    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert re.search(r"<title>[^<]*Functioneel beheer[^<]*</title>", html)
    assert re.search(r"<h1[^>]*>\s*Functioneel beheer\s*</h1>", html)
    onderdelen = antwoord.context["onderdelen"]
    assert {str(o.titel) for o in onderdelen} == ONDERDELEN
    assert html.count('data-testid="beheer-onderdeel"') == len(ONDERDELEN)
    links = [url for o in onderdelen for _label, url in o.links]
    for onderdeel in onderdelen:
        assert str(onderdeel.titel) in html and str(onderdeel.uitleg) in html
        assert onderdeel.links, onderdeel.titel
    for url in links:
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200, url
    for verwacht in (
        "/admin/meldingen/afwegingsregel/",
        "/admin/veiligthuis/sluitingsdag/",
        "/admin/veiligthuis/medewerker/",
        "/beheer/medewerkers/niet-inzetbaar/",
        "/beheer/auditlog/",
        "/beheer/auditlog/inzage/",
        "/admin/veiligthuis/koppeling/",
    ):
        assert verwacht in links


@pytest.mark.django_db
def test_beheer_start_en_zijn_links_geweigerd_voor_wie_geen_beheer_is(
    client, onderzoeker, werkbegeleider, directie
):
    links = [url for o in admin.site.onderdelen() for _label, url in o.links]
    for medewerker in (onderzoeker, werkbegeleider, directie):
        client.force_login(medewerker)
        start = client.get("/admin/")
        assert start.status_code == 302 and "/login/" in start["Location"]
        for url in links:
            antwoord = client.get(url)
            if url == "/beheer/medewerkers/niet-inzetbaar/" and medewerker == werkbegeleider:
                # A werkbegeleider sees this list for the own team only, as before.
                assert antwoord.context["organisatiebreed"] is False
                continue
            assert antwoord.status_code in (302, 403), (medewerker, url)
            assert "Regels van het afwegingskader" not in antwoord.content.decode()
    client.logout()
    assert client.get("/admin/").status_code == 302


# --- inzageverzoek -------------------------------------------------------------------------------


@pytest.fixture
def melding(team):
    melding = MeldingFactory(team=team, in_beoordeling=True)
    persoon = PersoonFactory(voornamen="Bo", achternaam="Kievitsbloem", bsn=BSN)
    Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol=RolInMelding.KIND)
    return melding


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bsn", "fout"),
    [
        ("123456789", "Dit BSN is ongeldig (voldoet niet aan de 11-proef). Controleer het nummer."),
        ("123.456.789", "Dit BSN is ongeldig (voldoet niet aan de 11-proef)."),
        ("271828184", "Dit BSN is ongeldig (voldoet niet aan de 11-proef)."),
        ("000000000", "Laat het BSN leeg als het onbekend is"),
    ],
)
def test_inzage_weigert_een_bsn_dat_de_elfproef_niet_haalt(client, beheer, onderzoeker, bsn, fout):
    # Even a person stored with that number (from before validation) gets no answer: the form
    # refuses the number itself instead of answering "komt in geen enkele melding voor".
    melding = MeldingFactory(team=onderzoeker.team)
    persoon = PersoonFactory(bsn=bsn.replace(".", ""))
    Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol=RolInMelding.KIND)
    audit_log(onderzoeker, "melding.inzien", melding)
    client.force_login(beheer)

    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": bsn})

    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert fout in html
    assert antwoord.context["gezocht"] is False
    assert "komt in geen enkele melding voor" not in html
    assert 'data-testid="inzage-antwoord"' not in html and str(onderzoeker) not in html
    assert not AuditLog.objects.filter(actie__startswith="auditlog.").exists()


@pytest.mark.django_db
def test_inzage_noemt_per_medewerker_rol_team_datum_en_handeling(client, beheer, team, melding):
    aalbers = MedewerkerFactory(
        team=team, rollen=["onderzoeker"], first_name="Anne", last_name="Aalbers"
    )
    zwart = MedewerkerFactory(
        team=team, rollen=["onderzoeker"], first_name="Zeger", last_name="Zwart"
    )
    andere = MeldingFactory(team=team)
    with time_machine.travel(datetime(2026, 3, 2, 10, 15, tzinfo=AMSTERDAM), tick=False):
        audit_log(aalbers, "melding.inzien", melding)
        audit_log(zwart, "melding.inzien", melding)
        audit_log(aalbers, "melding.inzien", andere)  # another dossier: not in this answer
    # Zwart becomes werkbegeleider: the entries above name the role he had then.
    Roltoewijzing.objects.create(medewerker=zwart, rol="werkbegeleider")
    with time_machine.travel(datetime(2026, 3, 3, 14, 30, tzinfo=AMSTERDAM), tick=False):
        audit_log(aalbers, "melding.journaal", melding)
        audit_log(aalbers, "onbekend.iets", melding)
    client.force_login(beheer)

    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": "271 828 183"})

    assert antwoord.status_code == 200
    groepen = antwoord.context["per_medewerker"]
    assert [(g["medewerker"], g["rollen"], g["team"]) for g in groepen] == [
        (aalbers, ["Onderzoeker"], team),
        (zwart, ["Onderzoeker", "Werkbegeleider"], team),
    ]
    assert [
        (dag["datum"], [h["omschrijving"] for h in dag["handelingen"]])
        for dag in groepen[0]["dagen"]
    ] == [
        (date(2026, 3, 3), ["onbekend.iets", "Aantekening in het dossier gemaakt"]),
        (date(2026, 3, 2), ["Dossier van de melding bekeken"]),
    ]
    [dag_zwart] = groepen[1]["dagen"]
    assert dag_zwart["handelingen"][0]["rollen_toen"] == ["Onderzoeker"]
    assert groepen[0]["dagen"][1]["handelingen"][0]["rollen_toen"] == []

    tekst = _tekst(antwoord.content.decode())
    for verwacht in (
        "Anne Aalbers",
        "Onderzoeker · Team Den Haag Centrum",
        "Zeger Zwart",
        "Onderzoeker, Werkbegeleider · Team Den Haag Centrum",
        "dinsdag 3 maart 2026",
        "maandag 2 maart 2026",
        "10:15 Dossier van de melding bekeken",
        "14:30 Aantekening in het dossier gemaakt",
        "als Onderzoeker",
        "Ingezien of gewijzigd: 4 keer, door 2 medewerkers.",
    ):
        assert verwacht in tekst, verwacht
    # Words, not codes; an unknown code is shown as itself.
    assert "melding.inzien" not in tekst and "melding.journaal" not in tekst
    assert "onbekend.iets" in tekst
    assert andere.nummer not in tekst
    html = antwoord.content.decode()
    assert "data-afdrukken" in html and "css/beheer.css" in html
    # The inzage is recorded as before: with the case numbers found, never with the BSN.
    vraag = AuditLog.objects.get(actie="auditlog.inzage")
    assert vraag.medewerker == beheer and vraag.details["nummers"] == [melding.nummer]
    assert BSN not in str(vraag.details)


@pytest.mark.django_db
def test_inzage_csv_noemt_de_handeling_in_woorden(client, beheer, onderzoeker, melding):
    audit_log(onderzoeker, "melding.inzien", melding)
    client.force_login(beheer)

    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": BSN, "formaat": "csv"})

    kop, regel = antwoord.content.decode().splitlines()
    assert kop.split(";")[3:5] == ["Actie", "Omschrijving"]
    assert regel.split(";")[3:5] == ["melding.inzien", "Dossier van de melding bekeken"]


@pytest.mark.django_db
def test_inzage_met_geldig_bsn_geweigerd_voor_wie_geen_beheer_is(
    client, onderzoeker, werkbegeleider, melding
):
    audit_log(onderzoeker, "melding.inzien", melding)
    client.force_login(werkbegeleider)

    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": BSN})

    assert antwoord.status_code == 403
    assert str(onderzoeker) not in antwoord.content.decode()
    assert not AuditLog.objects.filter(actie__startswith="auditlog.").exists()


@pytest.mark.django_db
def test_auditlog_zoeken_toont_de_handeling_in_woorden(client, beheer, onderzoeker, melding):
    audit_log(onderzoeker, "melding.inzien", melding)
    client.force_login(beheer)

    antwoord = client.get("/beheer/auditlog/", {"nummer": melding.nummer})

    assert [rij["omschrijving"] for rij in antwoord.context["rijen"]] == [
        "Dossier van de melding bekeken"
    ]
    assert "Dossier van de melding bekeken" in antwoord.content.decode()


# --- the mapping of action codes -----------------------------------------------------------------


def _actiecodes_in_de_code() -> set[str]:
    """Every literal action code passed to audit_log / audit_verzoek / audit_lijst in the source."""
    codes: set[str] = set()
    for pad in Path(settings.BASE_DIR).rglob("*.py"):
        if {".venv", "tests", "migrations", "node_modules"} & set(pad.parts):
            continue
        for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            waarden: list[ast.expr] = []
            if isinstance(knoop, ast.Call):
                naam = getattr(knoop.func, "id", None) or getattr(knoop.func, "attr", None)
                if naam in {"audit_log", "audit_verzoek", "audit_lijst"} and len(knoop.args) > 1:
                    waarden.append(knoop.args[1])
                waarden += [k.value for k in knoop.keywords if k.arg == "audit_actie"]
            elif isinstance(knoop, ast.Assign) and any(
                getattr(t, "id", "") in {"lijst_actie", "audit_actie"} for t in knoop.targets
            ):
                waarden.append(knoop.value)
            for waarde in waarden:
                takken = [waarde.body, waarde.orelse] if isinstance(waarde, ast.IfExp) else [waarde]
                codes |= {
                    t.value
                    for t in takken
                    if isinstance(t, ast.Constant) and isinstance(t.value, str) and t.value
                }
    return codes


def test_elke_actiecode_in_de_code_heeft_een_omschrijving():
    codes = _actiecodes_in_de_code()
    # The staff-record inlines write "<model>.toevoegen|wijzigen|verwijderen".
    for inline in PERSONEEL_INLINES:
        codes |= {
            f"{inline.model._meta.model_name}.{werkwoord}"
            for werkwoord in ("toevoegen", "wijzigen", "verwijderen")
        }
    assert {"melding.inzien", "dienst.inzien", "auditlog.inzage"} <= codes, "the scan finds codes"
    assert sorted(codes - set(AUDITACTIES)) == []


def test_onbekende_actiecode_valt_terug_op_de_code():
    assert actie_omschrijving("melding.inzien") == "Dossier van de melding bekeken"
    assert actie_omschrijving("nieuw.onbekend") == "nieuw.onbekend"
