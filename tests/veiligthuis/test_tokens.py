"""API tokens are for koppelingen only (issue 13, item 2).

A person uses the API through the browser session (2FA, idle timeout and CSRF:
tests/veiligthuis/test_inloggen.py and the API tests); a token of a person is refused with a
Dutch 401, old personal tokens are removed by a data migration, the admin cannot create one, and
deactivating a koppeling account revokes its token.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import MedewerkerFactory
from tests.veiligthuis.test_beheer_rechten import _formulier, _wijzig_url
from veiligthuis.audit import AuditLog
from veiligthuis.koppelingen import koppeling_aanmaken, tokens_intrekken_bij_deactivering

pytestmark = pytest.mark.django_db

MELDINGEN = "/api/v1/meldingen/"
POLITIE = "/api/v1/politie/meldingen/"


def _met_token(sleutel: str) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
    return client


@pytest.fixture
def politie(beheer):
    koppeling, sleutel = koppeling_aanmaken(door=beheer, naam="Politie", soort="politie")
    return koppeling, sleutel


@pytest.mark.parametrize("rol", ["onderzoeker", "werkbegeleider", "secretariaat", "directie"])
def test_token_van_een_persoon_is_een_nederlandse_401(team, rol):
    medewerker = MedewerkerFactory(team=team, rollen=[rol])
    # As if left over from before the rule: created directly in the table.
    client = _met_token(Token.objects.create(user=medewerker).key)

    for methode, pad in (("get", MELDINGEN), ("post", MELDINGEN), ("post", POLITIE)):
        antwoord = getattr(client, methode)(pad, {}, format="json")
        assert antwoord.status_code == 401, (methode, pad)
        assert antwoord.json()["detail"] == (
            "Een API-token is alleen voor koppelingen. Gebruik de API als medewerker via uw "
            "ingelogde sessie in de browser (met tweestapsverificatie)."
        )
        assert antwoord.headers["WWW-Authenticate"] == "Token"


def test_token_van_een_koppeling_werkt_op_het_eigen_aanleverpunt(politie):
    _koppeling, sleutel = politie
    client = _met_token(sleutel)

    eigen = client.post(POLITIE, {}, format="json")
    ander = client.get(MELDINGEN)

    assert eigen.status_code == 400, "authenticated; the empty body is refused by validation"
    assert ander.status_code == 403
    assert (
        ander.json()["detail"] == "Een koppeling heeft alleen toegang tot het eigen aanleverpunt."
    )


def test_datamigratie_verwijdert_alleen_persoonlijke_tokens(onderzoeker, politie):
    koppeling, sleutel = politie
    Token.objects.create(user=onderzoeker)
    migratie = import_module("veiligthuis.migrations.0008_alleen_koppelingtokens")

    migratie.persoonlijke_tokens_verwijderen(apps, None)

    assert list(Token.objects.values_list("key", "user_id")) == [(sleutel, koppeling.medewerker_id)]


def test_het_beheer_heeft_geen_tokenscherm(client, beheer, onderzoeker):
    client.force_login(beheer)

    lijst = client.get("/admin/authtoken/tokenproxy/")
    toevoegen = client.post("/admin/authtoken/tokenproxy/add/", {"user": onderzoeker.pk})

    assert lijst.status_code == toevoegen.status_code == 404
    assert not Token.objects.exists()
    assert "/admin/authtoken/" not in client.get("/admin/").content.decode()


def test_deactiveren_van_een_koppeling_trekt_het_token_in(client, politie, team):
    koppeling, sleutel = politie
    account = koppeling.medewerker
    tweede_beheer = MedewerkerFactory(team=None, rollen=["beheer"], username="beheer2")
    client.force_login(tweede_beheer)
    data = _formulier(client, account, rollen=["secretariaat"])
    data.pop("is_active", None)

    antwoord = client.post(_wijzig_url(account), data)

    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    account.refresh_from_db()
    assert not account.is_active
    assert not Token.objects.filter(user=account).exists()
    regel = AuditLog.objects.get(actie="koppeling.token_ingetrokken")
    assert regel.medewerker == tweede_beheer and regel.object_id == str(account.pk)
    assert _met_token(sleutel).post(POLITIE, {}, format="json").status_code == 401


def test_een_actief_account_houdt_zijn_token(politie):
    koppeling, _sleutel = politie
    assert tokens_intrekken_bij_deactivering(medewerker=koppeling.medewerker) == 0
    assert Token.objects.filter(user=koppeling.medewerker).exists()


def test_sessie_zonder_csrf_mag_niets_wijzigen(onderzoeker):
    """Personal API access goes through the session, so unsafe requests need the CSRF token."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(onderzoeker)

    antwoord = client.post(MELDINGEN, {}, format="json")

    assert antwoord.status_code == 403
    assert "CSRF" in antwoord.json()["detail"]
