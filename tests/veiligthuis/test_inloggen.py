"""Logging in (issue 6, items 1 and 7): password then TOTP code, set-up of the app, lockout,
idle timeout, password change, the demo banner, security headers and `check --deploy`."""

from __future__ import annotations

import importlib
import os
import re
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import GeenToegang
from veiligthuis.inloggen import services
from veiligthuis.inloggen.checks import tweestaps_verplicht

WACHTWOORD = "geheim-wachtwoord-123"
BEGIN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def tweestaps(settings):
    settings.VT_2FA_VERPLICHT = True
    return settings


@pytest.fixture
def axes(settings):
    settings.AXES_ENABLED = True
    return settings


@pytest.fixture
def klok():
    """Time stands still unless the test moves it (TOTP codes and lockouts depend on it)."""
    with time_machine.travel(BEGIN, tick=False) as reiziger:
        yield reiziger


def app_voor(medewerker) -> TOTPDevice:
    return TOTPDevice.objects.create(user=medewerker, name="app", confirmed=True)


def code_van(apparaat: TOTPDevice) -> str:
    apparaat.refresh_from_db()
    waarde = totp(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    return f"{waarde:0{apparaat.digits}d}"


def foute_code(apparaat: TOTPDevice) -> str:
    goed = code_van(apparaat)
    return "000000" if goed != "000000" else "111111"


def wachtwoord_stap(client, gebruikersnaam, wachtwoord=WACHTWOORD, volgende="", **extra):
    gegevens = {"username": gebruikersnaam, "password": wachtwoord}
    if volgende:
        gegevens["next"] = volgende
    return client.post("/inloggen/", gegevens, **extra)


def code_stap(client, code, volgende="/"):
    return client.post("/inloggen/code/", {"code": code, "next": volgende})


def volledig_inloggen(client, medewerker, apparaat):
    assert wachtwoord_stap(client, medewerker.username).status_code == 302
    antwoord = code_stap(client, code_van(apparaat))
    assert antwoord.status_code == 302, antwoord.content.decode()[:500]


def activeren(client, medewerker) -> None:
    """Beheer issues an activation code and the medewerker enters it on the set-up page."""
    beheerder = MedewerkerFactory(team=None, rollen=["beheer"])
    _activering, code = services.activeringscode_uitgeven(
        medewerker_id=medewerker.pk, door=beheerder
    )
    antwoord = client.post("/inloggen/instellen/", {"activeringscode": code, "next": "/"})
    assert antwoord.status_code == 302, antwoord.content.decode()[:500]


def is_binnen(client) -> bool:
    return client.get("/").status_code == 200


# --- password, then code -----------------------------------------------------------------------


def test_wachtwoord_dan_code_dan_binnen(client, onderzoeker, tweestaps, klok):
    apparaat = app_voor(onderzoeker)

    antwoord = wachtwoord_stap(client, "onderzoeker1", volgende="/triagelijst/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/inloggen/code/?next=%2Ftriagelijst%2F"
    assert client.get("/").status_code == 302, "not in yet without the code"

    antwoord = code_stap(client, code_van(apparaat), volgende="/triagelijst/")

    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/triagelijst/"
    assert is_binnen(client)
    assert AuditLog.objects.filter(medewerker=onderzoeker, actie="tweestaps.geverifieerd").exists()


def test_codepagina_is_nederlands_zonder_menu(client, onderzoeker, tweestaps):
    app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")
    html = client.get("/inloggen/code/").content.decode()
    assert "Tweestapsverificatie" in html and "herstelcodes" in html
    assert 'aria-label="Hoofdmenu"' not in html


def test_verkeerde_code_geweigerd(client, onderzoeker, tweestaps, klok):
    apparaat = app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")

    antwoord = code_stap(client, foute_code(apparaat))

    assert antwoord.status_code == 400
    assert "Deze code klopt niet" in antwoord.content.decode()
    assert client.get("/").status_code == 302
    apparaat.refresh_from_db()
    assert apparaat.throttling_failure_count == 1
    assert not AuditLog.objects.filter(actie="tweestaps.geverifieerd").exists()


def test_na_een_foute_code_eerst_wachten(client, onderzoeker, tweestaps, klok):
    """django-otp throttles: right after a wrong code even the right one is refused for a while."""
    apparaat = app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")
    code_stap(client, foute_code(apparaat))

    antwoord = code_stap(client, code_van(apparaat))
    assert antwoord.status_code == 400
    assert "Te veel onjuiste codes. Wacht" in antwoord.content.decode()

    klok.shift(timedelta(seconds=2))
    assert code_stap(client, code_van(apparaat)).status_code == 302
    assert is_binnen(client)


def test_code_is_niet_twee_keer_bruikbaar(client, onderzoeker, tweestaps, klok):
    apparaat = app_voor(onderzoeker)
    code = code_van(apparaat)
    volledig_inloggen(client, onderzoeker, apparaat)

    ander = Client()
    wachtwoord_stap(ander, "onderzoeker1")
    assert code_stap(ander, code).status_code == 400
    assert ander.get("/").status_code == 302


def test_volgende_naar_ander_domein_wordt_genegeerd(client, onderzoeker, tweestaps, klok):
    apparaat = app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")
    antwoord = code_stap(client, code_van(apparaat), volgende="https://kwaadwillend.example/")
    assert antwoord["Location"] == "/"


@pytest.mark.parametrize(
    "pad", ["/", "/triagelijst/", "/meldingen/nieuw/", "/wachtwoord/", "/admin/", "/adviezen/"]
)
def test_ongeverifieerd_komt_op_geen_enkele_pagina(client, onderzoeker, tweestaps, pad):
    app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")
    antwoord = client.get(pad)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith("/inloggen/code/")


def test_ongeverifieerd_htmx_krijgt_volledige_omleiding(client, onderzoeker, tweestaps):
    app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")
    antwoord = client.get("/triagelijst/", headers={"HX-Request": "true"})
    assert antwoord["HX-Redirect"].startswith("/inloggen/code/")
    assert b"<table" not in antwoord.content


def test_ongeverifieerd_geen_api_via_sessie(client, onderzoeker, tweestaps):
    melding = MeldingFactory(team=onderzoeker.team)
    app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")

    for pad in ("/api/v1/meldingen/", f"/api/v1/meldingen/{melding.nummer}/", "/api/schema/"):
        antwoord = client.get(pad)
        assert antwoord.status_code == 403, pad
        assert "tweestapsverificatie" in antwoord.json()["detail"]
        assert melding.nummer.encode() not in antwoord.content


def test_token_van_koppeling_valt_niet_onder_tweestaps(client, beheer, tweestaps):
    """The 2FA rule looks at the Django session only; a koppeling's token is checked by DRF."""
    from veiligthuis.koppelingen import koppeling_aanmaken

    _koppeling, sleutel = koppeling_aanmaken(door=beheer, naam="Politie", soort="politie")
    antwoord = client.post(
        "/api/v1/politie/meldingen/",
        {},
        content_type="application/json",
        headers={"Authorization": f"Token {sleutel}"},
    )
    assert antwoord.status_code == 400
    assert b"tweestapsverificatie" not in antwoord.content.lower()


def test_token_van_een_persoon_geweigerd_ook_na_tweestaps(client, onderzoeker, tweestaps):
    """A person's token would skip 2FA: refused with a 401 even if one exists in the table."""
    token = Token.objects.create(user=onderzoeker)
    antwoord = client.get("/api/v1/meldingen/", headers={"Authorization": f"Token {token.key}"})
    assert antwoord.status_code == 401
    assert "alleen voor koppelingen" in antwoord.json()["detail"]


def test_uitloggen_kan_zonder_code(client, onderzoeker, tweestaps):
    app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")
    assert client.post("/uitloggen/").status_code == 302
    assert client.get("/").headers["Location"].startswith("/inloggen/")


def test_admin_inlog_gaat_via_de_inlogpagina(client):
    antwoord = client.get("/admin/login/?next=/admin/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/inloggen/?next=/admin/"


# --- set-up of the app, herstelcodes -------------------------------------------------------------


def test_instellen_met_qr_en_eerste_code(client, onderzoeker, tweestaps, klok):
    antwoord = wachtwoord_stap(client, "onderzoeker1")
    assert client.get(antwoord["Location"])["Location"].startswith("/inloggen/instellen/")
    activeren(client, onderzoeker)

    html = client.get("/inloggen/instellen/?next=/").content.decode()
    apparaat = TOTPDevice.objects.get(user=onderzoeker)
    assert not apparaat.confirmed
    assert '<svg width="' in html and 'class="qr"' in html
    geheim = re.search(r'data-testid="geheim">([A-Z2-7 ]+)<', html).group(1)
    assert client.get("/inloggen/instellen/").content.decode().count(geheim) == 1, "same secret"
    assert TOTPDevice.objects.filter(user=onderzoeker).count() == 1
    assert client.get("/").status_code == 302, "nothing reachable before the set-up"

    antwoord = client.post("/inloggen/instellen/", {"code": code_van(apparaat), "next": "/"})

    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", html)
    assert len(codes) == 10
    apparaat.refresh_from_db()
    assert apparaat.confirmed
    assert StaticDevice.objects.get(user=onderzoeker).token_set.count() == 10
    assert is_binnen(client)
    assert AuditLog.objects.filter(medewerker=onderzoeker, actie="tweestaps.ingesteld").exists()


def test_instellen_met_foute_code(client, onderzoeker, tweestaps, klok):
    wachtwoord_stap(client, "onderzoeker1")
    activeren(client, onderzoeker)
    client.get("/inloggen/instellen/")
    apparaat = TOTPDevice.objects.get(user=onderzoeker)

    antwoord = client.post("/inloggen/instellen/", {"code": foute_code(apparaat)})

    assert antwoord.status_code == 400
    assert "Deze code klopt niet" in antwoord.content.decode()
    apparaat.refresh_from_db()
    assert not apparaat.confirmed
    assert not StaticDevice.objects.filter(user=onderzoeker).exists()
    assert client.get("/").status_code == 302


def test_instellen_kan_niet_als_er_al_een_app_is(client, onderzoeker, tweestaps):
    apparaat = app_voor(onderzoeker)
    wachtwoord_stap(client, "onderzoeker1")
    antwoord = client.get("/inloggen/instellen/")
    assert antwoord["Location"].startswith("/inloggen/code/")
    assert list(TOTPDevice.objects.filter(user=onderzoeker)) == [apparaat]


def test_herstelcode_werkt_een_keer(client, onderzoeker, tweestaps, klok):
    wachtwoord_stap(client, "onderzoeker1")
    activeren(client, onderzoeker)
    client.get("/inloggen/instellen/")
    apparaat = TOTPDevice.objects.get(user=onderzoeker)
    html = client.post("/inloggen/instellen/", {"code": code_van(apparaat)}).content.decode()
    herstelcode = re.findall(r"<li>([a-z2-7]{8})</li>", html)[0]
    client.post("/uitloggen/")

    wachtwoord_stap(client, "onderzoeker1")
    assert code_stap(client, herstelcode.upper()).status_code == 302
    assert is_binnen(client)
    client.post("/uitloggen/")

    klok.shift(timedelta(minutes=1))
    wachtwoord_stap(client, "onderzoeker1")
    assert code_stap(client, herstelcode).status_code == 400
    assert client.get("/").status_code == 302
    assert StaticDevice.objects.get(user=onderzoeker).token_set.count() == 9


# --- 2FA not required (demo) -----------------------------------------------------------------------


def test_demo_zonder_app_direct_binnen(client, onderzoeker):
    assert not django_settings.VT_2FA_VERPLICHT
    antwoord = wachtwoord_stap(client, "onderzoeker1")
    assert antwoord["Location"] == "/"
    assert is_binnen(client)


def test_demo_met_app_toch_de_codestap(client, onderzoeker, klok):
    apparaat = app_voor(onderzoeker)
    antwoord = wachtwoord_stap(client, "onderzoeker1")
    assert antwoord["Location"].startswith("/inloggen/code/")
    assert client.get("/").status_code == 302
    code_stap(client, code_van(apparaat))
    assert is_binnen(client)


def test_banner_alleen_zonder_tweestaps(client, onderzoeker, settings, klok):
    apparaat = app_voor(onderzoeker)
    assert "Demo — geen 2FA" in client.get("/inloggen/").content.decode()
    volledig_inloggen(client, onderzoeker, apparaat)
    assert "Demo — geen 2FA" in client.get("/").content.decode()

    settings.VT_2FA_VERPLICHT = True
    assert "Demo — geen 2FA" not in client.get("/").content.decode()
    assert "Demo — geen 2FA" not in Client().get("/inloggen/").content.decode()


# --- lockout (django-axes) -----------------------------------------------------------------------


def test_blokkade_na_vijf_foute_wachtwoorden(client, onderzoeker, axes, klok):
    for _i in range(4):
        assert wachtwoord_stap(client, "onderzoeker1", "fout").status_code == 200
    antwoord = wachtwoord_stap(client, "onderzoeker1", "fout")
    assert antwoord.status_code == 429
    html = antwoord.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in html and "30 minuten" in html

    antwoord = wachtwoord_stap(client, "onderzoeker1")
    assert antwoord.status_code == 429, "the right password does not help while locked"
    assert client.get("/").status_code == 302

    # Keyed on username and address: a colleague's address is not locked.
    ander = Client(REMOTE_ADDR="10.0.0.7")
    assert wachtwoord_stap(ander, "onderzoeker1").status_code == 302

    klok.shift(timedelta(minutes=31))
    assert wachtwoord_stap(client, "onderzoeker1").status_code == 302
    assert is_binnen(client)


def test_volledige_inlog_wist_eerdere_fouten(client, onderzoeker, axes, klok):
    for _i in range(4):
        wachtwoord_stap(client, "onderzoeker1", "fout")
    assert wachtwoord_stap(client, "onderzoeker1").status_code == 302
    client.post("/uitloggen/")
    for _i in range(4):
        assert wachtwoord_stap(client, "onderzoeker1", "fout").status_code == 200
    assert wachtwoord_stap(client, "onderzoeker1").status_code == 302


def test_blokkade_na_vijf_foute_codes(client, onderzoeker, tweestaps, axes, klok):
    apparaat = app_voor(onderzoeker)
    assert wachtwoord_stap(client, "onderzoeker1").status_code == 302
    for _i in range(4):
        assert code_stap(client, foute_code(apparaat)).status_code == 400
        klok.shift(timedelta(seconds=20))  # past django-otp's growing wait

    antwoord = code_stap(client, foute_code(apparaat))

    assert antwoord.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in antwoord.content.decode()
    assert client.get("/").headers["Location"].startswith("/inloggen/"), "session ended"
    assert wachtwoord_stap(client, "onderzoeker1").status_code == 429
    assert not AuditLog.objects.filter(actie="tweestaps.geverifieerd").exists()


def test_wachtwoord_alleen_wist_foute_codes_niet(client, onderzoeker, tweestaps, axes, klok):
    """Logging in again with the password does not give a fresh series of code guesses."""
    apparaat = app_voor(onderzoeker)
    for _ronde in range(2):
        wachtwoord_stap(client, "onderzoeker1")
        for _i in range(2):
            code_stap(client, foute_code(apparaat))
            klok.shift(timedelta(seconds=20))
        client.post("/uitloggen/")
    wachtwoord_stap(client, "onderzoeker1")
    assert code_stap(client, foute_code(apparaat)).status_code == 429


# --- idle timeout --------------------------------------------------------------------------------


def test_sessie_verloopt_na_dertig_minuten_stilte(client, onderzoeker, klok):
    client.force_login(onderzoeker)
    assert is_binnen(client)
    klok.shift(timedelta(minutes=29))
    assert is_binnen(client), "activity within the limit"
    klok.shift(timedelta(minutes=29))
    assert is_binnen(client), "counted from the last activity, not from the login"

    klok.shift(timedelta(minutes=31))
    antwoord = client.get("/triagelijst/")

    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/inloggen/?next=%2Ftriagelijst%2F"
    html = client.get(antwoord["Location"]).content.decode()
    assert "U bent uitgelogd na 30 minuten zonder activiteit." in html
    assert client.get("/").status_code == 302


def test_sessie_timeout_is_instelbaar_en_api_krijgt_json(client, onderzoeker, settings, klok):
    settings.VT_SESSIE_TIMEOUT_MINUTEN = 5
    client.force_login(onderzoeker)
    client.get("/")
    klok.shift(timedelta(minutes=6))
    antwoord = client.get("/api/v1/meldingen/")
    assert antwoord.status_code == 401
    assert "5 minuten zonder activiteit" in antwoord.json()["detail"]


def test_activiteit_hooguit_eens_per_minuut_opgeslagen(client, onderzoeker, klok):
    client.force_login(onderzoeker)
    client.get("/")
    eerst = client.session["vt_laatst_actief"]
    klok.shift(timedelta(seconds=30))
    client.get("/")
    assert client.session["vt_laatst_actief"] == eerst
    klok.shift(timedelta(seconds=31))
    client.get("/")
    assert client.session["vt_laatst_actief"] == eerst + 61


def test_sessie_eindigt_bij_sluiten_browser():
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


# --- password change -----------------------------------------------------------------------------


def test_wachtwoord_wijzigen_logt_andere_sessies_uit(onderzoeker):
    hier, daar = Client(), Client(REMOTE_ADDR="10.0.0.8")
    hier.force_login(onderzoeker)
    daar.force_login(onderzoeker)
    assert is_binnen(hier) and is_binnen(daar)

    antwoord = hier.post(
        "/wachtwoord/",
        {
            "old_password": WACHTWOORD,
            "new_password1": "een-nieuw-lang-wachtzin",
            "new_password2": "een-nieuw-lang-wachtzin",
        },
    )

    assert antwoord.status_code == 302
    assert is_binnen(hier), "the session that changed it stays"
    assert daar.get("/").status_code == 302, "every other session ends"
    onderzoeker.refresh_from_db()
    assert onderzoeker.check_password("een-nieuw-lang-wachtzin")
    assert (
        AuditLog.objects.filter(medewerker=onderzoeker, actie="wachtwoord.gewijzigd").count() == 1
    )


@pytest.mark.parametrize(
    ("oud", "nieuw", "fout"),
    [
        (WACHTWOORD, "kort-1", "Dit wachtwoord is te kort"),
        (WACHTWOORD, "123456789012345", "Dit wachtwoord bevat alleen cijfers"),
        (WACHTWOORD, "1qaz2wsx3edc", "Dit wachtwoord is te algemeen"),
        ("niet-mijn-wachtwoord", "een-nieuw-lang-wachtzin", "Uw oude wachtwoord is niet juist"),
    ],
)
def test_wachtwoordregels(client, onderzoeker, oud, nieuw, fout):
    client.force_login(onderzoeker)
    antwoord = client.post(
        "/wachtwoord/", {"old_password": oud, "new_password1": nieuw, "new_password2": nieuw}
    )
    assert antwoord.status_code == 400
    assert fout in antwoord.content.decode()
    onderzoeker.refresh_from_db()
    assert onderzoeker.check_password(WACHTWOORD)
    assert not AuditLog.objects.filter(actie="wachtwoord.gewijzigd").exists()


def test_wachtwoord_gelijk_aan_gebruikersnaam_geweigerd(client, onderzoeker):
    client.force_login(onderzoeker)
    nieuw = "onderzoeker1-x"
    antwoord = client.post(
        "/wachtwoord/", {"old_password": WACHTWOORD, "new_password1": nieuw, "new_password2": nieuw}
    )
    assert antwoord.status_code == 400
    assert "Het wachtwoord lijkt te veel op de gebruikersnaam." in antwoord.content.decode()


# --- beheer: reset of the app, lifting a lockout -----------------------------------------------------


def test_beheer_reset_tweestaps(client, onderzoeker, beheer, tweestaps, klok):
    apparaat = app_voor(onderzoeker)
    StaticDevice.objects.create(user=onderzoeker, name="herstel")
    medewerker_client = Client()
    volledig_inloggen(medewerker_client, onderzoeker, apparaat)
    client.force_login(beheer)
    sessie = client.session
    sessie["otp_device_id"] = app_voor(beheer).persistent_id
    sessie.save()

    antwoord = client.post(
        "/admin/otp_totp/totpdevice/",
        {"action": "reset", "_selected_action": [apparaat.pk]},
    )

    assert antwoord.status_code == 302
    assert not TOTPDevice.objects.filter(user=onderzoeker).exists()
    assert not StaticDevice.objects.filter(user=onderzoeker).exists()
    regel = AuditLog.objects.get(actie="tweestaps.reset")
    assert regel.medewerker == beheer and regel.object_id == str(onderzoeker.pk)
    # The medewerker's session verified with the removed app must set up a new one.
    assert medewerker_client.get("/")["Location"].startswith("/inloggen/code/")


def test_alleen_beheer_mag_resetten(onderzoeker, collega):
    app_voor(collega)
    with pytest.raises(GeenToegang):
        services.tweestaps_reset(medewerker_id=collega.pk, door=onderzoeker)
    assert TOTPDevice.objects.filter(user=collega).exists()
    assert not AuditLog.objects.filter(actie="tweestaps.reset").exists()


def test_admin_toont_geen_geheimen(client, beheer, onderzoeker):
    apparaat = app_voor(onderzoeker)
    client.force_login(beheer)
    html = client.get(f"/admin/otp_totp/totpdevice/{apparaat.pk}/change/").content.decode()
    assert apparaat.key not in html
    assert client.get(f"/admin/otp_totp/totpdevice/{apparaat.pk}/delete/").status_code == 403


def test_beheer_heft_blokkade_op(client, onderzoeker, beheer, axes, klok):
    ander = Client()
    for _i in range(5):
        wachtwoord_stap(ander, "onderzoeker1", "fout")
    assert wachtwoord_stap(ander, "onderzoeker1").status_code == 429
    from axes.models import AccessAttempt

    poging = AccessAttempt.objects.get(username="onderzoeker1")
    client.force_login(beheer)

    client.post(
        "/admin/axes/accessattempt/", {"action": "opheffen", "_selected_action": [poging.pk]}
    )

    assert not AccessAttempt.objects.exists()
    assert AuditLog.objects.filter(actie="inloggen.blokkade_opgeheven", medewerker=beheer).exists()
    assert wachtwoord_stap(ander, "onderzoeker1").status_code == 302


# --- headers, CSP, production settings ---------------------------------------------------------------


def _richtlijnen(kop: str) -> dict[str, str]:
    return {
        deel.strip().split(" ", 1)[0]: deel.strip().partition(" ")[2]
        for deel in kop.split(";")
        if deel.strip()
    }


def test_beveiligingskoppen(client, onderzoeker):
    antwoord = client.get("/inloggen/")
    csp = _richtlijnen(antwoord["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert "unsafe" not in antwoord["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert antwoord["X-Frame-Options"] == "DENY"
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert antwoord["Referrer-Policy"] == "same-origin"

    antwoord = wachtwoord_stap(client, "onderzoeker1")
    koekje = antwoord.cookies[django_settings.SESSION_COOKIE_NAME]
    assert koekje["httponly"] is True
    assert koekje["max-age"] == "", "a session cookie: gone when the browser closes"


def test_api_documentatie_zonder_inline_script(client, onderzoeker):
    client.force_login(onderzoeker)
    antwoord = client.get("/api/docs/")
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert re.search(r"<script>", html) is None
    script = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html).group(1)
    csp = _richtlijnen(antwoord["Content-Security-Policy"])
    assert csp["script-src"] == "'self'"
    assert "data:" in csp["img-src"]
    js = client.get(script.replace("&amp;", "&"))
    assert js.status_code == 200 and "SwaggerUIBundle" in js.content.decode()


def test_templates_zonder_inline_script_of_stijl():
    """The CSP refuses inline script, handlers and styles: none may creep into a template."""
    verboden = re.compile(
        r"<script(?![^>]*\bsrc=)|\son[a-z]+=|hx-on|\sstyle=|<style", re.IGNORECASE
    )
    # templates/brieven/ holds what WeasyPrint renders to PDF, never served as a page: the CSP
    # does not apply there, and inline CSS is the only kind a renderer that fetches nothing reads.
    pdf_templates = ROOT / "templates" / "brieven"
    treffers = [
        f"{pad.relative_to(ROOT)}: {m.group(0)}"
        for pad in (ROOT / "templates").rglob("*.html")
        if pdf_templates not in pad.parents
        for m in verboden.finditer(re.sub(r"{#.*?#}", "", pad.read_text(), flags=re.S))
    ]
    assert treffers == []


def _productie(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://vt@db.example:5432/vt")
    monkeypatch.setenv("VT_HERHAALSIGNAAL_SLEUTEL", secrets.token_hex(32))
    monkeypatch.setenv("VT_BSN_SLEUTELS", Fernet.generate_key().decode())
    monkeypatch.setenv("VT_BSN_INDEX_SLEUTEL", secrets.token_hex(32))
    return importlib.reload(importlib.import_module("veiligthuis.settings.production"))


def test_productie_hsts_en_https(client, settings, monkeypatch):
    productie = _productie(monkeypatch)
    assert productie.VT_2FA_VERPLICHT is True
    assert productie.SESSION_COOKIE_SECURE and productie.CSRF_COOKIE_SECURE
    assert productie.SESSION_COOKIE_HTTPONLY
    for naam in (
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
    ):
        setattr(settings, naam, getattr(productie, naam))

    assert client.get("/inloggen/")["Location"] == "https://testserver/inloggen/"
    antwoord = client.get("/inloggen/", secure=True)
    assert antwoord.status_code == 200
    assert antwoord["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_productie_tweestaps_alleen_uit_als_expliciet_gezet(monkeypatch):
    monkeypatch.setenv("VT_2FA_VERPLICHT", "false")
    assert _productie(monkeypatch).VT_2FA_VERPLICHT is False
    monkeypatch.delenv("VT_2FA_VERPLICHT")
    assert _productie(monkeypatch).VT_2FA_VERPLICHT is True


def test_deploy_check_waarschuwt_zonder_tweestaps(settings):
    settings.VT_2FA_VERPLICHT = False
    assert [w.id for w in tweestaps_verplicht(None)] == ["veiligthuis.W001"]
    settings.VT_2FA_VERPLICHT = True
    assert tweestaps_verplicht(None) == []


def test_check_deploy_met_productie_instellingen_is_schoon():
    """`manage.py check --deploy` with the real production module and environment."""
    omgeving = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VT_"))},
        "DJANGO_SETTINGS_MODULE": "veiligthuis.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": "postgres://vt@db.example:5432/vt",
        "ALLOWED_HOSTS": "casusregistratie.example.nl",
        "VT_HERHAALSIGNAAL_SLEUTEL": secrets.token_hex(32),
        "VT_BSN_SLEUTELS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
        "VT_BSN_INDEX_SLEUTEL": secrets.token_hex(32),
        "DEBUG": "false",
    }
    uitvoer = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert uitvoer.returncode == 0, uitvoer.stdout + uitvoer.stderr
    assert "System check identified no issues (0 silenced)." in uitvoer.stdout


@pytest.mark.django_db
def test_koppeling_kan_niet_in_de_browser_inloggen(client, beheer):
    from veiligthuis.koppelingen import koppeling_aanmaken

    koppeling, _sleutel = koppeling_aanmaken(door=beheer, naam="Politie Nederland", soort="politie")
    account = koppeling.medewerker
    # Even when someone gave the account a password, the browser login refuses it.
    account.set_password("een-lang-wachtwoord-2026")
    account.save()
    response = client.post(
        "/inloggen/",
        {"username": account.username, "password": "een-lang-wachtwoord-2026"},
    )
    assert response.status_code == 200
    assert "Een koppeling kan niet in de browser inloggen" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_ingelogde_medewerker_komt_met_team_en_rollen_in_een_query(client, team):
    """The session backend loads the user with team and roles at once (veiligthuis/inloggen/
    backend.py); a role added since shows at the next request, a deactivated account is out."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from veiligthuis.models import Roltoewijzing

    medewerker = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    client.force_login(medewerker)
    client.get("/")
    with CaptureQueriesContext(connection) as vastgelegd:
        html = client.get("/").content.decode()
    sql = [q["sql"] for q in vastgelegd.captured_queries]
    gebruiker = [q for q in sql if q.startswith('SELECT "veiligthuis_medewerker"."id"')]
    assert len(gebruiker) == 1 and "veiligthuis_roltoewijzing" in gebruiker[0]
    assert not any(q.startswith('SELECT "veiligthuis_roltoewijzing"') for q in sql)
    assert not any(q.startswith('SELECT "veiligthuis_team"') for q in sql)
    assert str(team) in html and "/triagelijst/" in html and "/werkbegeleider/" not in html

    Roltoewijzing.objects.create(medewerker=medewerker, rol="werkbegeleider")
    assert "/werkbegeleider/" in client.get("/").content.decode()

    type(medewerker).objects.filter(pk=medewerker.pk).update(is_active=False)
    antwoord = client.get("/triagelijst/")
    assert antwoord.status_code == 302 and "/inloggen/" in antwoord["Location"]
