"""Setting up two-step verification needs a one-time activation code from beheer (issue 13,
item 7): shown once, stored hashed, expires (VT_ACTIVERINGSCODE_UUR, 72 h), single use, audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MedewerkerFactory
from tests.veiligthuis.test_inloggen import code_van, wachtwoord_stap
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.inloggen import services
from veiligthuis.koppelingen import koppeling_aanmaken
from veiligthuis.models import Activeringscode

pytestmark = pytest.mark.django_db

BEGIN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INSTELLEN = "/inloggen/instellen/"


@pytest.fixture
def tweestaps(settings):
    settings.VT_2FA_VERPLICHT = True
    return settings


@pytest.fixture
def klok():
    with time_machine.travel(BEGIN, tick=False) as reiziger:
        yield reiziger


@pytest.fixture
def ingelogd(client, onderzoeker, tweestaps):
    """The password step done, the set-up still owed."""
    assert wachtwoord_stap(client, "onderzoeker1").status_code == 302
    return client


def _uitgeven(medewerker, door) -> str:
    _activering, code = services.activeringscode_uitgeven(medewerker_id=medewerker.pk, door=door)
    return code


def _acties(actie: str) -> list[AuditLog]:
    return list(AuditLog.objects.filter(actie=actie).order_by("pk"))


# --- issuing ------------------------------------------------------------------------------------


def test_beheer_geeft_een_code_uit_die_alleen_gehasht_wordt_bewaard(onderzoeker, beheer, klok):
    activering, code = services.activeringscode_uitgeven(medewerker_id=onderzoeker.pk, door=beheer)

    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    opgeslagen = Activeringscode.objects.get()
    waarden = [str(v) for v in vars(opgeslagen).values()]
    assert not any(code.replace("-", "") in w or code in w for w in waarden)
    assert opgeslagen.verloopt_op == BEGIN + timedelta(hours=72)
    assert opgeslagen.uitgegeven_door == beheer and opgeslagen.gebruikt_op is None
    (regel,) = _acties("tweestaps.activeringscode_uitgegeven")
    assert regel.medewerker == beheer and regel.object_id == str(onderzoeker.pk)
    assert code not in str(regel.details)


@pytest.mark.parametrize("rol", ["onderzoeker", "werkbegeleider", "directie"])
def test_alleen_beheer_geeft_codes_uit(onderzoeker, team, rol):
    door = MedewerkerFactory(team=team, rollen=[rol])
    with pytest.raises(GeenToegang):
        services.activeringscode_uitgeven(medewerker_id=onderzoeker.pk, door=door)
    assert not Activeringscode.objects.exists()
    assert not AuditLog.objects.filter(actie__startswith="tweestaps.").exists()


def test_niet_voor_het_eigen_account_of_een_koppeling(beheer):
    koppeling, _sleutel = koppeling_aanmaken(door=beheer, naam="Politie", soort="politie")
    for medewerker in (beheer, koppeling.medewerker):
        with pytest.raises(DomainError):
            services.activeringscode_uitgeven(medewerker_id=medewerker.pk, door=beheer)
    assert not Activeringscode.objects.exists()


def test_het_admin_toont_de_code_eenmalig(client, onderzoeker, beheer):
    client.force_login(beheer)

    antwoord = client.post(
        "/admin/veiligthuis/medewerker/",
        {"action": "activeringscode", "_selected_action": [onderzoeker.pk]},
        follow=True,
    )

    html = antwoord.content.decode()
    code = re.search(r"Activeringscode voor [^:]+: ([A-Z2-9-]{14})", html).group(1)
    assert Activeringscode.objects.filter(medewerker=onderzoeker).count() == 1
    assert code not in client.get("/admin/veiligthuis/medewerker/").content.decode()
    assert len(_acties("tweestaps.activeringscode_uitgegeven")) == 1


# --- entering it --------------------------------------------------------------------------------


def test_zonder_code_geen_instelling(ingelogd, onderzoeker):
    pagina = ingelogd.get(INSTELLEN)
    fout = ingelogd.post(INSTELLEN, {"activeringscode": "ABCD-EFGH-JKMN"})

    assert pagina.status_code == 200
    assert "activeringscode" in pagina.content.decode()
    assert 'class="qr"' not in pagina.content.decode()
    assert fout.status_code == 400
    assert "Deze activeringscode klopt niet." in fout.content.decode()
    assert not TOTPDevice.objects.filter(user=onderzoeker).exists(), "no secret made"
    assert ingelogd.get("/").status_code == 302


def test_de_service_weigert_bevestigen_zonder_gecontroleerde_code(onderzoeker, klok):
    apparaat = services.tweestaps_voorbereiden(medewerker=onderzoeker)

    with pytest.raises(DomainError, match="activeringscode"):
        services.tweestaps_bevestigen(
            medewerker=onderzoeker, code=code_van(apparaat), activeringscode_id=None
        )

    apparaat.refresh_from_db()
    assert not apparaat.confirmed
    assert not AuditLog.objects.filter(actie="tweestaps.ingesteld").exists()


def test_code_van_een_ander_geldt_niet(ingelogd, collega, beheer):
    code = _uitgeven(collega, beheer)
    antwoord = ingelogd.post(INSTELLEN, {"activeringscode": code})
    assert antwoord.status_code == 400
    assert Activeringscode.objects.get().gebruikt_op is None


def test_geldige_code_een_keer_bruikbaar(ingelogd, onderzoeker, beheer, klok):
    code = _uitgeven(onderzoeker, beheer)

    assert ingelogd.post(INSTELLEN, {"activeringscode": code.lower()}).status_code == 302
    ingelogd.get(INSTELLEN)
    apparaat = TOTPDevice.objects.get(user=onderzoeker)
    assert ingelogd.post(INSTELLEN, {"code": code_van(apparaat)}).status_code == 200
    assert ingelogd.get("/").status_code == 200
    assert Activeringscode.objects.get().gebruikt_op == BEGIN
    (gebruikt,) = _acties("tweestaps.activeringscode_gebruikt")
    assert gebruikt.medewerker == onderzoeker

    # After a reset (lost phone) the same code does not open the set-up again.
    services.tweestaps_reset(medewerker_id=onderzoeker.pk, door=beheer)
    opnieuw = Client()
    wachtwoord_stap(opnieuw, "onderzoeker1")
    antwoord = opnieuw.post(INSTELLEN, {"activeringscode": code})
    assert antwoord.status_code == 400
    assert "verlopen of al gebruikt" in antwoord.content.decode()
    (poging,) = _acties("tweestaps.activeringscode_verlopen")
    assert poging.details["gebruikt"] is True
    assert not TOTPDevice.objects.filter(user=onderzoeker).exists()


def test_code_verloopt_na_de_ingestelde_uren(ingelogd, onderzoeker, beheer, tweestaps, klok):
    tweestaps.VT_ACTIVERINGSCODE_UUR = 2
    code = _uitgeven(onderzoeker, beheer)
    klok.shift(timedelta(hours=2, seconds=1))

    antwoord = ingelogd.post(INSTELLEN, {"activeringscode": code})

    assert antwoord.status_code == 400
    assert "verlopen of al gebruikt" in antwoord.content.decode()
    (poging,) = _acties("tweestaps.activeringscode_verlopen")
    assert poging.medewerker == onderzoeker and poging.details["gebruikt"] is False
    assert not TOTPDevice.objects.filter(user=onderzoeker).exists()


def test_verlopen_tussen_code_en_bevestigen(ingelogd, onderzoeker, beheer, klok):
    code = _uitgeven(onderzoeker, beheer)
    ingelogd.post(INSTELLEN, {"activeringscode": code})
    ingelogd.get(INSTELLEN)
    # Expired meanwhile (moving the clock 72 h would also end the idle session).
    Activeringscode.objects.update(verloopt_op=BEGIN)
    apparaat = TOTPDevice.objects.get(user=onderzoeker)

    antwoord = ingelogd.post(INSTELLEN, {"code": code_van(apparaat)})

    assert antwoord.status_code == 400
    apparaat.refresh_from_db()
    assert not apparaat.confirmed


def test_een_nieuwe_code_maakt_de_oude_ongeldig(ingelogd, onderzoeker, beheer):
    oud = _uitgeven(onderzoeker, beheer)
    nieuw = _uitgeven(onderzoeker, beheer)

    assert ingelogd.post(INSTELLEN, {"activeringscode": oud}).status_code == 400
    assert ingelogd.post(INSTELLEN, {"activeringscode": nieuw}).status_code == 302
