"""Teamoverstijgend prioriteren of a vervolgdienst (issue 12 item 7): a werkbegeleider of the team
or a regiomanager moves a dienst that waits for its start to another team, with a reason,
journalled and audited; an uitvoerder of another team is unassigned."""

import pytest

from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from diensten.services.teams import dienst_naar_ander_team
from meldingen.models import Journaalregel, Melding
from tests.diensten.helpers import maak_dienst
from tests.factories import MedewerkerFactory, TeamFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang

REDEN = "Flexteam start de langst wachtende diensten."


def stand(dienst):
    d = Vervolgdienst.objects.select_related("melding").get(pk=dienst.pk)
    return (
        d.melding.team_id,
        d.uitvoerder_id,
        d.status,
        Journaalregel.objects.filter(melding=d.melding).count(),
        AuditLog.objects.filter(actie="dienst.ander_team").count(),
    )


@pytest.fixture
def flexteam(db):
    return TeamFactory(naam="Flexteam")


@pytest.mark.django_db
def test_werkbegeleider_verplaatst_wachtende_dienst_en_uitvoerder_los(
    team, werkbegeleider, flexteam
):
    uitvoerder = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    dienst = maak_dienst(team=team, met_uitvoerder=uitvoerder)
    assert dienst.status == DienstStatus.WACHT_OP_START
    dienst_naar_ander_team(
        dienst_id=dienst.pk, door=werkbegeleider, team_id=flexteam.pk, reden=REDEN
    )
    dienst = Vervolgdienst.objects.select_related("melding").get(pk=dienst.pk)
    assert dienst.melding.team == flexteam
    assert dienst.uitvoerder_id is None
    regel = Journaalregel.objects.filter(melding=dienst.melding).latest("pk")
    assert REDEN in regel.tekst and "losgekoppeld" in regel.tekst
    audit = AuditLog.objects.get(actie="dienst.ander_team")
    assert audit.details["naar"] == flexteam.pk


@pytest.mark.django_db
def test_regiomanager_verplaatst_dienst_van_elk_team(team, flexteam):
    regiomanager = MedewerkerFactory(team=TeamFactory(), rollen=["regiomanager"])
    dienst = maak_dienst(team=team)
    dienst_naar_ander_team(dienst_id=dienst.pk, door=regiomanager, team_id=flexteam.pk, reden=REDEN)
    assert Melding.objects.get(pk=dienst.melding_id).team == flexteam


@pytest.mark.django_db
def test_uitvoerder_in_het_nieuwe_team_blijft(team, werkbegeleider, flexteam):
    uitvoerder = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    dienst = maak_dienst(team=team, met_uitvoerder=uitvoerder)
    uitvoerder.team = flexteam
    uitvoerder.save(update_fields=["team"])
    dienst_naar_ander_team(
        dienst_id=dienst.pk, door=werkbegeleider, team_id=flexteam.pk, reden=REDEN
    )
    assert Vervolgdienst.objects.get(pk=dienst.pk).uitvoerder_id == uitvoerder.pk


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["onderzoeker", "secretariaat", "gedragswetenschapper"])
def test_andere_rol_geweigerd(team, flexteam, rol):
    dienst = maak_dienst(team=team)
    voor = stand(dienst)
    with pytest.raises(GeenToegang, match="werkbegeleider van het team of een regiomanager"):
        dienst_naar_ander_team(
            dienst_id=dienst.pk,
            door=MedewerkerFactory(team=team, rollen=[rol]),
            team_id=flexteam.pk,
            reden=REDEN,
        )
    assert stand(dienst) == voor


@pytest.mark.django_db
def test_werkbegeleider_van_ander_team_geweigerd(team, flexteam):
    dienst = maak_dienst(team=team)
    voor = stand(dienst)
    with pytest.raises(GeenToegang):
        dienst_naar_ander_team(
            dienst_id=dienst.pk,
            door=MedewerkerFactory(team=flexteam, rollen=["werkbegeleider"]),
            team_id=flexteam.pk,
            reden=REDEN,
        )
    assert stand(dienst) == voor


@pytest.mark.django_db
def test_gestarte_dienst_geweigerd(team, werkbegeleider, flexteam):
    dienst = maak_dienst(team=team, status=DienstStatus.LOPEND)
    voor = stand(dienst)
    with pytest.raises(DomainError, match="Alleen een dienst die nog op de start wacht"):
        dienst_naar_ander_team(
            dienst_id=dienst.pk, door=werkbegeleider, team_id=flexteam.pk, reden=REDEN
        )
    assert stand(dienst) == voor


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("team_id", "reden", "tekst"),
    [
        (None, REDEN, "Kies het team"),
        ("eigen", REDEN, "hoort al bij"),
        ("flex", "  ", "Geef de reden"),
        (999999, REDEN, "Kies het team"),
    ],
)
def test_onvolledige_invoer_geweigerd(team, werkbegeleider, flexteam, team_id, reden, tekst):
    dienst = maak_dienst(team=team)
    kies = {"eigen": team.pk, "flex": flexteam.pk}.get(team_id, team_id)
    voor = stand(dienst)
    with pytest.raises(DomainError, match=tekst):
        dienst_naar_ander_team(dienst_id=dienst.pk, door=werkbegeleider, team_id=kies, reden=reden)
    assert stand(dienst) == voor


@pytest.mark.django_db
def test_pagina_en_dienstenlijst(client, team, werkbegeleider, flexteam):
    dienst = maak_dienst(team=team)
    client.force_login(werkbegeleider)
    lijst = client.get("/diensten/").content.decode()
    assert f"/diensten/{dienst.pk}/ander-team/" in lijst
    assert client.get(f"/diensten/{dienst.pk}/ander-team/").status_code == 200
    fout = client.post(f"/diensten/{dienst.pk}/ander-team/", {"team": flexteam.pk, "reden": ""})
    assert fout.status_code == 400 and "Geef de reden" in fout.content.decode()
    assert Melding.objects.get(pk=dienst.melding_id).team == team
    antwoord = client.post(
        f"/diensten/{dienst.pk}/ander-team/", {"team": flexteam.pk, "reden": REDEN}
    )
    assert antwoord.status_code == 302
    assert Melding.objects.get(pk=dienst.melding_id).team == flexteam
    # The werkbegeleider of the old team no longer sees it to move it.
    assert client.get(f"/diensten/{dienst.pk}/ander-team/").status_code == 404


@pytest.mark.django_db
def test_pagina_voor_onderzoeker_geweigerd(client, team, onderzoeker, flexteam):
    dienst = maak_dienst(team=team)
    client.force_login(onderzoeker)
    voor = stand(dienst)
    assert client.get(f"/diensten/{dienst.pk}/ander-team/").status_code == 403
    antwoord = client.post(
        f"/diensten/{dienst.pk}/ander-team/", {"team": flexteam.pk, "reden": REDEN}
    )
    assert antwoord.status_code == 403
    assert stand(dienst) == voor
