"""The overdracht straight after B with veiligheidsafspraken, the check of an afspraak, and what a
besloten melding needs before it is afgesloten (issue 12 item 5)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from diensten import protocol, services
from diensten.models import Ketenpartner, Overdracht, Terugkoppeling, Veiligheidsafspraak
from meldingen import services as melding_services
from meldingen.afwegingskader import standaardregels_aanmaken
from meldingen.models import Journaalregel, Melding
from tests.factories import MedewerkerFactory, MeldingFactory
from tests.meldingen.besluithulp import ONDERBOUWING, contact_vastleggen
from tests.meldingen.test_protocol import vul_instrument
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang


@pytest.fixture(autouse=True)
def afwegingskader(db):
    standaardregels_aanmaken()


def besloten(team, onderzoeker, collega, route="overdracht_lokaal_veld"):
    """A melding besloten with `route` by the services."""
    melding = MeldingFactory(
        team=team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )
    vul_instrument(
        melding, onderzoeker, structurele_onveiligheid="nee" if route == "afsluiten" else "ja"
    )
    contact_vastleggen(melding, onderzoeker)
    return melding_services.besluit_record(
        melding_id=melding.pk,
        door=onderzoeker,
        route=route,
        onderbouwing=ONDERBOUWING,
        overdracht_aan="Wijkteam Centrum",
    )


def afspraak(**anders):
    waarden = {
        "wat": "Wijkteam start gezinsbegeleiding",
        "wie": "Wijkteam Centrum",
        "uiterlijk": timezone.localdate() + timedelta(days=14),
        "hoe_gecontroleerd": "Veilig Thuis belt de moeder na twee weken",
    }
    return services.AfspraakGegevens(**(waarden | anders))


def vastleggen(melding, door, **anders):
    argumenten = {"afspraken": [afspraak()], "aan": "Wijkteam Centrum"} | anders
    return services.overdracht_na_besluit_vastleggen(melding_id=melding.pk, door=door, **argumenten)


def terugkoppelen(melding, door, wijze="telefonisch", toelichting=""):
    return services.terugkoppeling_vastleggen(
        melding_id=melding.pk,
        door=door,
        moment="na_beoordeling",
        wijze=wijze,
        op=timezone.now() - timedelta(minutes=5),
        toelichting=toelichting,
    )


def stand(melding):
    return (
        Melding.objects.get(pk=melding.pk).status,
        Overdracht.objects.count(),
        Veiligheidsafspraak.objects.count(),
        Journaalregel.objects.filter(melding=melding).count(),
        AuditLog.objects.count(),
    )


# --- recording the overdracht ---------------------------------------------------------------------


@pytest.mark.django_db
def test_overdracht_na_b_vastgelegd_met_afspraken(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    partner = Ketenpartner.objects.create(naam="Wijkteam Centrum", soort="wijkteam")
    overdracht = vastleggen(
        melding, onderzoeker, ketenpartner_id=partner.pk, aan="", contactpersoon="Mevr. Jansen"
    )
    assert overdracht.melding_id == melding.pk and overdracht.dienst_id is None
    assert overdracht.ontvanger == "Wijkteam Centrum"
    assert [a.wie for a in overdracht.afspraken.all()] == ["Wijkteam Centrum"]
    assert Journaalregel.objects.filter(melding=melding, tekst__contains="Overdracht na").exists()
    assert AuditLog.objects.filter(actie="melding.overdracht").exists()


@pytest.mark.django_db
def test_overdracht_opnieuw_vastleggen_vervangt_de_afspraken(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    vastleggen(melding, onderzoeker)
    vastleggen(melding, onderzoeker, afspraken=[afspraak(wat="Ander plan"), afspraak()])
    assert Overdracht.objects.filter(melding=melding).count() == 1
    assert Veiligheidsafspraak.objects.count() == 2


@pytest.mark.django_db
def test_overdracht_zonder_afspraak_geweigerd(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    voor = stand(melding)
    with pytest.raises(DomainError, match="minstens één concrete veiligheidsafspraak"):
        vastleggen(melding, onderzoeker, afspraken=[])
    assert stand(melding) == voor


@pytest.mark.django_db
def test_overdracht_met_onvolledige_afspraak_geweigerd(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    voor = stand(melding)
    with pytest.raises(DomainError, match="niet compleet") as fout:
        vastleggen(melding, onderzoeker, afspraken=[afspraak(hoe_gecontroleerd=" ")])
    assert "afspraken.0.hoe_gecontroleerd" in fout.value.velden
    assert stand(melding) == voor


@pytest.mark.django_db
def test_overdracht_zonder_ontvanger_geweigerd(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    voor = stand(melding)
    with pytest.raises(DomainError, match="aan wie wordt overgedragen"):
        vastleggen(melding, onderzoeker, aan="  ")
    with pytest.raises(DomainError, match="uit de lijst"):
        vastleggen(melding, onderzoeker, ketenpartner_id=999999)
    assert stand(melding) == voor


@pytest.mark.django_db
def test_overdracht_bij_ander_besluit_geweigerd(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega, route="afsluiten")
    voor = stand(melding)
    with pytest.raises(DomainError, match="hoort bij een besluit tot overdracht"):
        vastleggen(melding, onderzoeker)
    assert stand(melding) == voor


@pytest.mark.django_db
def test_overdracht_na_afsluiten_geweigerd(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    vastleggen(melding, onderzoeker)
    terugkoppelen(melding, onderzoeker)
    melding_services.melding_afsluiten(melding_id=melding.pk, door=onderzoeker)
    voor = stand(melding)
    with pytest.raises(DomainError, match="kan niet meer worden gewijzigd"):
        vastleggen(melding, onderzoeker)
    assert stand(melding) == voor


@pytest.mark.django_db
def test_overdracht_door_ander_team_of_rol_geweigerd(
    team, onderzoeker, collega, onderzoeker_ander_team
):
    melding = besloten(team, onderzoeker, collega)
    secretariaat = MedewerkerFactory(team=team, rollen=["secretariaat"])
    voor = stand(melding)
    with pytest.raises(GeenToegang):
        vastleggen(melding, onderzoeker_ander_team)
    with pytest.raises(GeenToegang):
        vastleggen(melding, secretariaat)
    assert stand(melding) == voor


# --- afsluiten after B (items 5 and the terugkoppeling) -------------------------------------------


@pytest.mark.django_db
def test_afsluiten_na_overdrachtsbesluit_zonder_overdracht_geweigerd(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    terugkoppelen(melding, onderzoeker)
    voor = stand(melding)
    with pytest.raises(DomainError, match="minstens één concrete veiligheidsafspraak"):
        melding_services.melding_afsluiten(melding_id=melding.pk, door=onderzoeker)
    assert stand(melding) == voor


@pytest.mark.django_db
def test_afsluiten_met_alleen_vrije_tekst_overdracht_geweigerd(team, onderzoeker, collega):
    """An overdracht migrated from the old free-text field (no afspraken) does not suffice."""
    melding = besloten(team, onderzoeker, collega)
    Overdracht.objects.create(melding=melding, aan="Wijkteam Centrum", door=onderzoeker)
    terugkoppelen(melding, onderzoeker)
    with pytest.raises(DomainError, match="minstens één concrete veiligheidsafspraak"):
        melding_services.melding_afsluiten(melding_id=melding.pk, door=onderzoeker)
    assert Melding.objects.get(pk=melding.pk).status == "besloten"


@pytest.mark.django_db
def test_afsluiten_zonder_terugkoppeling_geweigerd(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega, route="afsluiten")
    voor = stand(melding)
    with pytest.raises(DomainError, match="nog niet teruggekoppeld"):
        melding_services.melding_afsluiten(melding_id=melding.pk, door=onderzoeker)
    assert stand(melding) == voor


@pytest.mark.django_db
def test_afsluiten_met_reden_geen_terugkoppeling(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega, route="afsluiten")
    terugkoppelen(melding, onderzoeker, wijze="niet_mogelijk", toelichting="Melder anoniem.")
    melding = melding_services.melding_afsluiten(melding_id=melding.pk, door=onderzoeker)
    assert melding.status == "afgesloten"


@pytest.mark.django_db
def test_afsluiten_na_overdracht_en_terugkoppeling(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega, route="overdracht_clientsysteem")
    vastleggen(melding, onderzoeker, aan="Ouders en grootouders")
    terugkoppelen(melding, onderzoeker)
    assert protocol.afsluiten_na_b_bezwaren(melding=melding) == []
    melding = melding_services.melding_afsluiten(melding_id=melding.pk, door=onderzoeker)
    assert melding.status == "afgesloten"


# --- the check of an afspraak ---------------------------------------------------------------------


@pytest.mark.django_db
def test_afspraak_controle_vastgelegd(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    a = vastleggen(melding, onderzoeker).afspraken.get()
    a = services.afspraak_controle_vastleggen(
        afspraak_id=a.pk, door=collega, nagekomen=True, toelichting="Moeder bevestigt de start."
    )
    a.refresh_from_db()
    assert a.gecontroleerd_door == collega and a.nagekomen is True
    assert a.gecontroleerd_op is not None
    assert AuditLog.objects.filter(actie="afspraak.controle").exists()


@pytest.mark.django_db
def test_afspraak_controle_geweigerd_zonder_uitkomst_of_twee_keer(team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    a = vastleggen(melding, onderzoeker).afspraken.get()
    voor = stand(melding)
    with pytest.raises(DomainError, match="Beschrijf wat de controle liet zien"):
        services.afspraak_controle_vastleggen(
            afspraak_id=a.pk, door=onderzoeker, nagekomen=True, toelichting=" "
        )
    with pytest.raises(DomainError, match="Kies of de afspraak is nagekomen"):
        services.afspraak_controle_vastleggen(
            afspraak_id=a.pk, door=onderzoeker, nagekomen=None, toelichting="Gebeld."
        )
    with pytest.raises(DomainError, match="toekomst"):
        services.afspraak_controle_vastleggen(
            afspraak_id=a.pk,
            door=onderzoeker,
            nagekomen=True,
            toelichting="Gebeld.",
            op=timezone.now() + timedelta(days=1),
        )
    assert stand(melding) == voor
    assert Veiligheidsafspraak.objects.get(pk=a.pk).gecontroleerd_op is None
    services.afspraak_controle_vastleggen(
        afspraak_id=a.pk, door=onderzoeker, nagekomen=False, toelichting="Niet gestart."
    )
    with pytest.raises(DomainError, match="al vastgelegd"):
        services.afspraak_controle_vastleggen(
            afspraak_id=a.pk, door=onderzoeker, nagekomen=True, toelichting="Toch wel."
        )
    assert Veiligheidsafspraak.objects.get(pk=a.pk).nagekomen is False


@pytest.mark.django_db
def test_afspraak_controle_door_ander_team_geweigerd(
    team, onderzoeker, collega, onderzoeker_ander_team
):
    melding = besloten(team, onderzoeker, collega)
    a = vastleggen(melding, onderzoeker).afspraken.get()
    with pytest.raises(GeenToegang):
        services.afspraak_controle_vastleggen(
            afspraak_id=a.pk, door=onderzoeker_ander_team, nagekomen=True, toelichting="Gebeld."
        )
    assert Veiligheidsafspraak.objects.get(pk=a.pk).gecontroleerd_op is None


@pytest.mark.django_db
def test_database_weigert_overdracht_van_dienst_en_melding_tegelijk_of_aan_niemand(
    team, onderzoeker, collega
):
    melding = besloten(team, onderzoeker, collega)
    with pytest.raises(IntegrityError), transaction.atomic():
        Overdracht.objects.create(melding=melding, aan="", door=onderzoeker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Overdracht.objects.create(aan="X", door=onderzoeker)
    assert not Terugkoppeling.objects.exists()


# --- the pages ------------------------------------------------------------------------------------


def _post(melding, **velden):
    data = {
        "actie": "opslaan",
        "aan": "Wijkteam Centrum",
        "ketenpartner": "",
        "contactpersoon": "",
        "rijen": ["0"],
        "afspraak-0-wat": "Wijkteam start gezinsbegeleiding",
        "afspraak-0-wie": "Wijkteam Centrum",
        "afspraak-0-uiterlijk": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "afspraak-0-hoe_gecontroleerd": "Veilig Thuis belt de moeder",
    }
    return data | velden


@pytest.mark.django_db
def test_pagina_legt_overdracht_vast_en_dossier_biedt_hem_aan(client, team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    client.force_login(onderzoeker)
    dossier = client.get(f"/meldingen/{melding.nummer}/").content.decode()
    assert f"/meldingen/{melding.nummer}/overdracht/" in dossier
    assert client.get(f"/meldingen/{melding.nummer}/overdracht/").status_code == 200
    antwoord = client.post(f"/meldingen/{melding.nummer}/overdracht/", _post(melding))
    assert antwoord.status_code == 302
    overdracht = Overdracht.objects.get(melding=melding)
    assert overdracht.afspraken.count() == 1
    brief = client.get(f"/meldingen/{melding.nummer}/overdrachtsbrief/")
    assert brief.status_code == 200
    assert "Wijkteam start gezinsbegeleiding" in brief.content.decode()


@pytest.mark.django_db
def test_pagina_onvolledige_afspraak_slaat_niets_op(client, team, onderzoeker, collega):
    melding = besloten(team, onderzoeker, collega)
    client.force_login(onderzoeker)
    voor = stand(melding)
    antwoord = client.post(
        f"/meldingen/{melding.nummer}/overdracht/", _post(melding, **{"afspraak-0-wie": ""})
    )
    assert antwoord.status_code == 200
    assert "Er is niets opgeslagen" in antwoord.content.decode()
    # The page view itself was audited on GET only; a refused POST writes nothing.
    assert stand(melding) == voor


@pytest.mark.django_db
def test_pagina_bij_ander_besluit_en_ander_team_404(
    client, team, onderzoeker, collega, onderzoeker_ander_team
):
    afgesloten = besloten(team, onderzoeker, collega, route="afsluiten")
    client.force_login(onderzoeker)
    assert client.get(f"/meldingen/{afgesloten.nummer}/overdracht/").status_code == 404
    melding = besloten(team, onderzoeker, collega)
    client.force_login(onderzoeker_ander_team)
    voor = stand(melding)
    assert (
        client.post(f"/meldingen/{melding.nummer}/overdracht/", _post(melding)).status_code == 404
    )
    assert stand(melding) == voor


@pytest.mark.django_db
def test_controle_via_de_pagina(client, team, onderzoeker, collega, onderzoeker_ander_team):
    melding = besloten(team, onderzoeker, collega)
    a = vastleggen(melding, onderzoeker).afspraken.get()
    client.force_login(onderzoeker_ander_team)
    assert client.post(f"/afspraken/{a.pk}/controle/", {"nagekomen": "ja"}).status_code == 404
    client.force_login(collega)
    antwoord = client.post(f"/afspraken/{a.pk}/controle/", {"nagekomen": "ja", "toelichting": ""})
    assert antwoord.status_code == 302
    assert Veiligheidsafspraak.objects.get(pk=a.pk).gecontroleerd_op is None
    client.post(f"/afspraken/{a.pk}/controle/", {"nagekomen": "nee", "toelichting": "Niet gestart"})
    a.refresh_from_db()
    assert a.nagekomen is False and a.gecontroleerd_door == collega
    pagina = client.get(f"/meldingen/{melding.nummer}/overdracht/").content.decode()
    assert "Niet nagekomen" in pagina


@pytest.mark.django_db
def test_afsluiten_via_web_en_api_geweigerd_zonder_terugkoppeling(
    client, team, onderzoeker, collega
):
    melding = besloten(team, onderzoeker, collega)
    vastleggen(melding, onderzoeker)
    client.force_login(onderzoeker)
    voor = stand(melding)
    client.post(f"/meldingen/{melding.nummer}/afsluiten/", {"afsluiten-toelichting": "Klaar."})
    antwoord = client.post(f"/api/v1/meldingen/{melding.nummer}/afsluiten/", {}, format="json")
    assert antwoord.status_code in (400, 409, 422)
    assert "nog niet teruggekoppeld" in antwoord.content.decode()
    assert stand(melding)[0] == voor[0] == "besloten"
