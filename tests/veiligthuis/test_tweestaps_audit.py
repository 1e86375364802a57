"""Every change of a 2FA device is in the audit log with who and whom (issue 13, item 1): set up
by the person, reset by beheer (service and admin); the admin has no other way to add, change or
delete a device, and beheer does not reset its own."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MedewerkerFactory
from tests.veiligthuis.test_inloggen import code_van
from veiligthuis.audit import AuditLog
from veiligthuis.beheer_acties import actie_omschrijving
from veiligthuis.exceptions import DomainError
from veiligthuis.inloggen import services

pytestmark = pytest.mark.django_db


def _apparaten(medewerker) -> tuple:
    return (
        tuple(TOTPDevice.objects.filter(user=medewerker).values_list("pk", "confirmed")),
        tuple(StaticDevice.objects.filter(user=medewerker).values_list("pk", flat=True)),
    )


def _geverifieerde_beheer(client: Client, beheer) -> None:
    client.force_login(beheer)
    sessie = client.session
    sessie["otp_device_id"] = TOTPDevice.objects.create(
        user=beheer, name="app", confirmed=True
    ).persistent_id
    sessie.save()


def test_instellen_door_de_medewerker_staat_in_de_auditlog(onderzoeker, beheer):
    _activering, code = services.activeringscode_uitgeven(medewerker_id=onderzoeker.pk, door=beheer)
    activering = services.activeringscode_controleren(medewerker=onderzoeker, code=code)
    apparaat = services.tweestaps_voorbereiden(medewerker=onderzoeker)

    services.tweestaps_bevestigen(
        medewerker=onderzoeker, code=code_van(apparaat), activeringscode_id=activering.pk
    )

    regel = AuditLog.objects.get(actie="tweestaps.ingesteld")
    assert regel.medewerker == onderzoeker and regel.object_id == str(onderzoeker.pk)
    assert actie_omschrijving("tweestaps.ingesteld") != "tweestaps.ingesteld"


def test_reset_in_het_admin_wie_wie_en_wat(client, onderzoeker, beheer):
    apparaat = TOTPDevice.objects.create(user=onderzoeker, name="app", confirmed=True)
    StaticDevice.objects.create(user=onderzoeker, name="herstel", confirmed=True)
    _geverifieerde_beheer(client, beheer)

    client.post(
        "/admin/otp_totp/totpdevice/", {"action": "reset", "_selected_action": [apparaat.pk]}
    )

    regel = AuditLog.objects.get(actie="tweestaps.reset")
    assert regel.medewerker == beheer
    assert regel.object_id == str(onderzoeker.pk)
    assert regel.details["apparaten"] == 2
    assert _apparaten(onderzoeker) == ((), ())


def test_beheer_reset_de_eigen_app_niet(client, beheer):
    _geverifieerde_beheer(client, beheer)
    eigen = TOTPDevice.objects.get(user=beheer)
    voor = _apparaten(beheer)

    with pytest.raises(DomainError):
        services.tweestaps_reset(medewerker_id=beheer.pk, door=beheer)
    antwoord = client.post(
        "/admin/otp_totp/totpdevice/",
        {"action": "reset", "_selected_action": [eigen.pk]},
        follow=True,
    )

    assert "Een andere beheerder reset uw eigen tweestapsverificatie." in antwoord.content.decode()
    assert _apparaten(beheer) == voor
    assert not AuditLog.objects.filter(actie="tweestaps.reset").exists()
    tweede = MedewerkerFactory(team=None, rollen=["beheer"], username="beheer2")
    services.tweestaps_reset(medewerker_id=beheer.pk, door=tweede)
    assert AuditLog.objects.get(actie="tweestaps.reset").medewerker == tweede


def test_het_admin_kan_apparaten_niet_anders_wijzigen(client, onderzoeker, beheer):
    apparaat = TOTPDevice.objects.create(user=onderzoeker, name="app", confirmed=True)
    herstel = StaticDevice.objects.create(user=onderzoeker, name="herstel", confirmed=True)
    _geverifieerde_beheer(client, beheer)
    voor = _apparaten(onderzoeker)
    audit_voor = AuditLog.objects.count()

    antwoorden = [
        client.post("/admin/otp_totp/totpdevice/add/", {"user": onderzoeker.pk, "name": "x"}),
        client.post(f"/admin/otp_totp/totpdevice/{apparaat.pk}/change/", {"name": "x"}),
        client.post(f"/admin/otp_totp/totpdevice/{apparaat.pk}/delete/", {"post": "yes"}),
        client.post(
            "/admin/otp_totp/totpdevice/",
            {"action": "delete_selected", "_selected_action": [apparaat.pk], "post": "yes"},
        ),
        client.get("/admin/otp_static/staticdevice/"),
        client.post(f"/admin/otp_static/staticdevice/{herstel.pk}/delete/", {"post": "yes"}),
    ]

    assert [a.status_code for a in antwoorden[:3]] == [403, 403, 403]
    assert all(a.status_code in (302, 403, 404) for a in antwoorden[3:])
    assert _apparaten(onderzoeker) == voor
    assert TOTPDevice.objects.get(pk=apparaat.pk).name == "app"
    assert AuditLog.objects.count() == audit_voor
