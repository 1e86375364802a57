"""Teamoverstijgend prioriteren: a waiting melding moves to another team with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meldingen.models import Journaalregel, Melding
from meldingen.services.teams import melding_naar_ander_team
from tests.factories import MedewerkerFactory, MeldingFactory, TeamFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from wachtlijst.models import Signalering, SignaleringSoort
from wachtlijst.services import termijnen_markeer

REDEN = "Flexteam pakt de langst wachtende meldingen op."


@pytest.fixture
def flexteam(db):
    return TeamFactory(naam="Flexteam")


@pytest.fixture
def wachtend(team):
    return MeldingFactory(team=team, op_triagelijst=True)


def _stand(melding):
    return (
        Melding.objects.get(pk=melding.pk).team_id,
        Journaalregel.objects.filter(melding=melding).count(),
        AuditLog.objects.filter(actie="melding.ander_team").count(),
    )


@pytest.mark.django_db
def test_werkbegeleider_verplaatst_een_melding_van_het_eigen_team(
    wachtend, werkbegeleider, flexteam
):
    melding_naar_ander_team(
        melding_id=wachtend.pk, door=werkbegeleider, team_id=flexteam.pk, reden=REDEN
    )
    assert Melding.objects.get(pk=wachtend.pk).team == flexteam
    assert wachtend.journaal.filter(
        tekst__startswith=f"Melding verplaatst van {wachtend.team} naar Flexteam. Reden: Flexteam"
    ).exists()
    rij = AuditLog.objects.get(actie="melding.ander_team")
    assert rij.details == {"van": wachtend.team_id, "naar": flexteam.pk}


@pytest.mark.django_db
def test_regiomanager_mag_elke_wachtende_melding_verplaatsen(wachtend, ander_team, flexteam):
    regiomanager = MedewerkerFactory(team=ander_team, rollen=["regiomanager"])
    melding_naar_ander_team(
        melding_id=wachtend.pk, door=regiomanager, team_id=flexteam.pk, reden=REDEN
    )
    assert Melding.objects.get(pk=wachtend.pk).team == flexteam


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["onderzoeker", "secretariaat", "gedragswetenschapper"])
def test_andere_rollen_mogen_niet(wachtend, team, flexteam, rol):
    wie = MedewerkerFactory(team=team, rollen=[rol])
    voor = _stand(wachtend)
    with pytest.raises(GeenToegang):
        melding_naar_ander_team(melding_id=wachtend.pk, door=wie, team_id=flexteam.pk, reden=REDEN)
    assert _stand(wachtend) == voor


@pytest.mark.django_db
def test_werkbegeleider_van_een_ander_team_mag_niet(wachtend, ander_team, flexteam):
    wie = MedewerkerFactory(team=ander_team, rollen=["werkbegeleider"])
    voor = _stand(wachtend)
    with pytest.raises(GeenToegang):
        melding_naar_ander_team(
            melding_id=wachtend.pk, door=wie, team_id=ander_team.pk, reden=REDEN
        )
    assert _stand(wachtend) == voor


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("team_id", "reden", "tekst"),
    [
        (None, REDEN, "Kies het team"),
        (999999, REDEN, "Kies het team"),
        ("eigen", REDEN, "hoort al bij"),
        ("flex", " ", "Geef de reden"),
    ],
)
def test_onvolledig_verzoek_verandert_niets(
    wachtend, werkbegeleider, flexteam, team_id, reden, tekst
):
    team_id = {"eigen": wachtend.team_id, "flex": flexteam.pk}.get(team_id, team_id)
    voor = _stand(wachtend)
    with pytest.raises(DomainError, match=tekst):
        melding_naar_ander_team(
            melding_id=wachtend.pk, door=werkbegeleider, team_id=team_id, reden=reden
        )
    assert _stand(wachtend) == voor


@pytest.mark.django_db
def test_een_opgepakte_melding_blijft_bij_haar_beoordelaars(team, werkbegeleider, flexteam):
    melding = MeldingFactory(team=team, in_beoordeling=True)
    voor = _stand(melding)
    with pytest.raises(DomainError, match="geef haar zo nodig eerst terug"):
        melding_naar_ander_team(
            melding_id=melding.pk, door=werkbegeleider, team_id=flexteam.pk, reden=REDEN
        )
    assert _stand(melding) == voor


@pytest.mark.django_db
def test_open_signaleringen_gaan_mee_naar_het_nieuwe_team(wachtend, werkbegeleider, flexteam):
    signalering = Signalering.objects.create(
        melding=wachtend,
        soort=SignaleringSoort.values[0],
        team=wachtend.team,
        termijn=wachtend.termijn_veiligheidsbeoordeling,
    )
    melding_naar_ander_team(
        melding_id=wachtend.pk, door=werkbegeleider, team_id=flexteam.pk, reden=REDEN
    )
    termijnen_markeer(mailen=False)
    signalering.refresh_from_db()
    assert signalering.team == flexteam, "meegegaan vóór het oplossen of heropenen"


@pytest.mark.django_db
def test_via_de_triagelijst_van_de_organisatie(client, wachtend, werkbegeleider, flexteam, team):
    client.force_login(werkbegeleider)
    lijst = client.get(reverse("triagelijst_organisatie")).content.decode()
    url = reverse("melding_ander_team", args=[wachtend.nummer])
    assert url in lijst
    fout = client.post(url, {"team": flexteam.pk, "reden": ""})
    assert fout.status_code == 400 and "Geef de reden" in fout.content.decode()
    antwoord = client.post(url, {"team": flexteam.pk, "reden": REDEN})
    assert antwoord.status_code == 302
    assert Melding.objects.get(pk=wachtend.pk).team == flexteam
    # Now another team's melding: the werkbegeleider can no longer move (or see) it.
    assert client.get(url).status_code == 404
    onderzoeker = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    client.force_login(onderzoeker)
    assert client.get(url).status_code == 403
