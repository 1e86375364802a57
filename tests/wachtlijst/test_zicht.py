"""Zicht op veiligheid: the daily planning, the page to record a contact, and its place on the
triagelijst; and the in-app notification list."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from diensten.models import Vervolgdienst
from meldingen.models import Melding
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from wachtlijst import services
from wachtlijst.models import Notificatie, Signalering, SignaleringSoort, ZichtOpVeiligheid
from wachtlijst.tasks import plan_zicht_op_veiligheid
from wachtlijst.views.notificaties import bestemming

AMS = ZoneInfo("Europe/Amsterdam")
NU = datetime(2026, 6, 15, 12, 0, tzinfo=AMS)


def _volgende(melding) -> datetime | None:
    return Melding.objects.values_list("zicht_volgende_op", flat=True).get(pk=melding.pk)


def _dienst(melding, status: str, *, besluit_op, afgerond_op=None) -> Vervolgdienst:
    dienst = Vervolgdienst.objects.create(
        melding=melding, type="vv", besluit_op=besluit_op, termijn=besluit_op + timedelta(weeks=10)
    )
    Vervolgdienst.objects.filter(pk=dienst.pk).update(status=status, afgerond_op=afgerond_op)
    return dienst


# --- Planning -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("urgentie", "dagen"), [("acuut", 2), ("hoog", 7), ("midden", 14), ("laag", 28), ("", 14)]
)
@pytest.mark.django_db
def test_planning_op_de_triagelijst_volgt_de_urgentie(team, urgentie, dagen):
    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU)
    Melding.objects.filter(pk=melding.pk).update(urgentie=urgentie)
    services.zicht_plannen()
    assert _volgende(melding) == NU + timedelta(days=dagen)


@pytest.mark.django_db
def test_planning_is_instelbaar(team, settings):
    settings.VT_ZICHT_INTERVAL_DAGEN = {"acuut": 1, "hoog": 3, "midden": 5, "laag": 10}
    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU)
    Melding.objects.filter(pk=melding.pk).update(urgentie="hoog")
    services.zicht_plannen()
    assert _volgende(melding) == NU + timedelta(days=3)


@pytest.mark.django_db
def test_wachten_op_start_en_ketenpartner_telt_vanaf_het_begin_van_dat_wachten(team, onderzoeker):
    start = MeldingFactory(team=team, ontvangen_op=NU - timedelta(days=40), urgentie="hoog")
    Melding.objects.filter(pk=start.pk).update(status="naar_vervolgdienst")
    _dienst(start, "wacht_op_start", besluit_op=NU - timedelta(days=3))
    keten = MeldingFactory(team=team, ontvangen_op=NU - timedelta(days=90), urgentie="laag")
    Melding.objects.filter(pk=keten.pk).update(status="naar_vervolgdienst")
    _dienst(
        keten,
        "op_ketenpartner",
        besluit_op=NU - timedelta(days=80),
        afgerond_op=NU - timedelta(days=10),
    )
    # A contact during the earlier wait for B does not count for the new wait.
    ZichtOpVeiligheid.objects.create(
        melding=start,
        op=NU - timedelta(days=30),
        contact_met="moeder",
        uitkomst="Rustig.",
        door=onderzoeker,
    )
    services.zicht_plannen()
    assert _volgende(start) == NU - timedelta(days=3) + timedelta(days=7)
    assert _volgende(keten) == NU - timedelta(days=10) + timedelta(days=28)


@pytest.mark.django_db
def test_laatste_contact_verschuift_de_planning(team, onderzoeker):
    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=20))
    for dagen in (12, 5):
        ZichtOpVeiligheid.objects.create(
            melding=melding,
            op=NU - timedelta(days=dagen),
            contact_met="school",
            uitkomst="Geen zorgen.",
            door=onderzoeker,
        )
    services.zicht_plannen()
    assert _volgende(melding) == NU - timedelta(days=5) + timedelta(days=14)


@pytest.mark.django_db
def test_wie_niet_meer_wacht_verliest_de_planning_en_herhalen_verandert_niets(team):
    wachtend = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU)
    klaar = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU)
    assert services.zicht_plannen() == {"gepland": 2, "vervallen": 0}
    Melding.objects.filter(pk=klaar.pk).update(status="afgesloten")
    assert services.zicht_plannen() == {"gepland": 1, "vervallen": 1}
    assert _volgende(klaar) is None
    eerst = _volgende(wachtend)
    assert services.zicht_plannen() == {"gepland": 1, "vervallen": 0}
    assert _volgende(wachtend) == eerst


@pytest.mark.django_db
def test_planning_kost_twee_queries_ongeacht_het_aantal(team, django_assert_num_queries):
    for dagen in range(30):
        MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=dagen))
    with django_assert_num_queries(2 + 2):  # two UPDATEs inside one savepoint pair
        services.zicht_plannen()
    assert Melding.objects.filter(zicht_volgende_op__isnull=False).count() == 30


@pytest.mark.django_db
def test_taak_roept_de_planning_aan(team):
    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU)
    assert plan_zicht_op_veiligheid() == {"gepland": 1, "vervallen": 0}
    assert _volgende(melding) is not None


@pytest.mark.django_db
def test_achterstallig_alleen_zolang_de_melding_wacht(team):
    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU)
    services.zicht_plannen()
    services.termijnen_markeer(nu=NU + timedelta(days=15))
    open_ = Signalering.objects.filter(soort=SignaleringSoort.ZICHT_ACHTERSTALLIG, melding=melding)
    assert open_.get().is_open
    # Picked up: no longer waiting, so the signalering resolves even before the planning reruns.
    Melding.objects.filter(pk=melding.pk).update(status="in_beoordeling")
    services.termijnen_markeer(nu=NU + timedelta(days=15, hours=1))
    assert not open_.get().is_open


# --- The page -----------------------------------------------------------------------------------


def _pagina(nummer: str) -> str:
    return reverse("zicht_op_veiligheid", args=[nummer])


@pytest.fixture
def wachtend(team):
    melding = MeldingFactory(
        team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=20), urgentie="midden"
    )
    services.zicht_plannen()
    return melding


@pytest.mark.django_db
def test_pagina_toont_stand_en_wordt_gelogd(client, onderzoeker, wachtend):
    client.force_login(onderzoeker)
    with time_machine.travel(NU, tick=False):
        response = client.get(_pagina(wachtend.nummer))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wacht op veiligheidsbeoordeling (B)" in html
    assert "achterstallig sinds" in html  # 20 days waiting, interval 14
    assert AuditLog.objects.filter(
        actie="melding.zicht_inzien", object_id=wachtend.nummer, medewerker=onderzoeker
    ).exists()


@pytest.mark.django_db
def test_contact_vastleggen_met_herprioritering(client, onderzoeker, wachtend):
    client.force_login(onderzoeker)
    moment = (NU - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    with time_machine.travel(NU, tick=False):
        response = client.post(
            _pagina(wachtend.nummer),
            {
                "op": moment,
                "contact_met": "moeder (telefonisch)",
                "uitkomst": "Vader is weer thuis komen wonen.",
                "nieuwe_urgentie": "hoog",
                "reden": "Vader terug in huis, eerdere incidenten.",
            },
        )
    assert response.status_code == 302
    wachtend.refresh_from_db()
    contact = wachtend.zicht_checks.get()
    assert (contact.urgentie_voor, contact.urgentie_na) == ("midden", "hoog")
    assert wachtend.urgentie == "hoog"
    # The next contact follows the new urgentie at once (7 days), without waiting for the job.
    assert wachtend.zicht_volgende_op == NU - timedelta(hours=1) + timedelta(days=7)
    with time_machine.travel(NU, tick=False):
        html = client.get(response["Location"]).content.decode()
    assert "Het zicht-op-veiligheidscontact is vastgelegd." in html
    assert "Vader terug in huis" in html


@pytest.mark.parametrize(
    ("wijziging", "veld_fout"),
    [
        ({"nieuwe_urgentie": "hoog", "reden": ""}, "Een herprioritering vraagt altijd een reden."),
        ({"op": "2099-01-01T10:00"}, "Vul een moment in dat niet in de toekomst ligt."),
        ({"op": "31-31-2026"}, "Vul een geldige datum en tijd in."),
        ({"contact_met": " "}, "Met wie was er contact?"),
        ({"uitkomst": ""}, "Wat leverde het contact op?"),
        ({"nieuwe_urgentie": "superhoog"}, "Selecteer een geldige keuze."),
    ],
)
@pytest.mark.django_db
def test_fout_invoer_geeft_melding_en_verandert_niets(
    client, onderzoeker, wachtend, wijziging, veld_fout
):
    client.force_login(onderzoeker)
    goed = {
        "op": (NU - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "contact_met": "school",
        "uitkomst": "Kind komt goed verzorgd op school.",
        "nieuwe_urgentie": "",
        "reden": "",
    }
    voor = _volgende(wachtend)
    with time_machine.travel(NU, tick=False):
        response = client.post(_pagina(wachtend.nummer), {**goed, **wijziging})
    assert response.status_code == 400
    assert veld_fout in response.content.decode()
    assert "Er is niets opgeslagen." in response.content.decode()
    wachtend.refresh_from_db()
    assert not wachtend.zicht_checks.exists()
    assert wachtend.urgentie == "midden"
    assert _volgende(wachtend) == voor


@pytest.mark.parametrize(("wie", "status"), [("onderzoeker_ander_team", 404), ("directie", 403)])
@pytest.mark.django_db
def test_ander_team_en_directie_zien_de_pagina_niet(client, wachtend, request, wie, status):
    client.force_login(request.getfixturevalue(wie))
    response = client.get(_pagina(wachtend.nummer))
    assert response.status_code == status
    assert wachtend.nummer not in response.content.decode()
    response = client.post(
        _pagina(wachtend.nummer), {"op": "2026-06-15T10:00", "contact_met": "x", "uitkomst": "y"}
    )
    assert response.status_code == status
    assert not wachtend.zicht_checks.exists()


@pytest.mark.django_db
def test_triagelijst_toont_en_filtert_achterstallig_zicht(client, team, onderzoeker):
    achter = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=20))
    bij = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=2))
    Melding.objects.filter(pk__in=[achter.pk, bij.pk]).update(urgentie="midden")
    services.zicht_plannen()
    client.force_login(onderzoeker)
    with time_machine.travel(NU, tick=False):
        html = client.get(reverse("triagelijst")).content.decode()
        gefilterd = client.get(reverse("triagelijst"), {"zicht": "achterstallig"})
    assert "contact achterstallig sinds" in html
    assert "volgend contact uiterlijk" in html
    inhoud = gefilterd.content.decode()
    assert achter.nummer in inhoud and bij.nummer not in inhoud


# --- Notifications -------------------------------------------------------------------------------


@pytest.fixture
def notificaties(team, werkbegeleider):
    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=30))
    services.zicht_plannen()
    services.termijnen_markeer(nu=NU)
    return list(Notificatie.objects.filter(medewerker=werkbegeleider)), melding


@pytest.mark.django_db
def test_notificatielijst_alleen_eigen_en_openen_markeert_gelezen(
    client, werkbegeleider, notificaties
):
    eigen, melding = notificaties
    assert eigen, "the werkbegeleider of the team is notified"
    anders = MedewerkerFactory(team=werkbegeleider.team, rollen=["onderzoeker"])
    client.force_login(werkbegeleider)
    html = client.get(reverse("notificaties")).content.decode()
    assert melding.nummer in html
    assert f"{len(eigen)} ongelezen notificatie" in html
    response = client.post(reverse("notificatie_openen", args=[eigen[0].pk]))
    assert response.status_code == 302
    # It opens where the signalering is acted upon (the zicht page, the dossier's activities …).
    assert response["Location"] == bestemming(eigen[0].signalering)
    assert response["Location"].startswith(f"/meldingen/{melding.nummer}/")
    eigen[0].refresh_from_db()
    assert eigen[0].gelezen_op is not None

    client.force_login(anders)
    assert client.post(reverse("notificatie_openen", args=[eigen[1].pk])).status_code == 404
    eigen[1].refresh_from_db()
    assert eigen[1].gelezen_op is None
    assert melding.nummer not in client.get(reverse("notificaties")).content.decode()


@pytest.mark.django_db
def test_notificaties_openen_waar_de_signalering_wordt_opgepakt(notificaties):
    eigen, melding = notificaties
    per_soort = {n.signalering.soort: bestemming(n.signalering) for n in eigen}
    assert per_soort["zicht_achterstallig"] == f"/meldingen/{melding.nummer}/zicht-op-veiligheid/"
    assert per_soort["b_overschreden"] == f"/meldingen/{melding.nummer}/#activiteiten"


@pytest.mark.django_db
def test_notificaties_filteren_op_open_en_opgelost(client, werkbegeleider, notificaties):
    eigen, melding = notificaties
    opgelost = eigen[0].signalering
    Signalering.objects.filter(pk=opgelost.pk).update(opgelost_op=NU)
    client.force_login(werkbegeleider)

    def getoond(stand=None):
        html = client.get(reverse("notificaties"), {"stand": stand} if stand else {})
        return set(re.findall(r'data-testid="notificatie-(\d+)"', html.content.decode()))

    alle = {str(n.pk) for n in eigen}
    assert getoond() == getoond("open") == alle - {str(eigen[0].pk)}
    assert getoond("opgelost") == {str(eigen[0].pk)}
    assert getoond("alle") == alle
    assert getoond("onzin") == getoond("open")  # an unknown filter falls back to open


@pytest.mark.django_db
def test_alles_gelezen(client, werkbegeleider, notificaties):
    client.force_login(werkbegeleider)
    response = client.post(reverse("notificaties_gelezen"), follow=True)
    assert "als gelezen gemarkeerd" in response.content.decode()
    assert not Notificatie.objects.filter(medewerker=werkbegeleider, gelezen_op=None).exists()
    assert (
        "Er waren geen ongelezen notificaties."
        in client.post(reverse("notificaties_gelezen"), follow=True).content.decode()
    )


@pytest.mark.django_db
def test_notificatielijst_vast_aantal_queries(
    client, team, werkbegeleider, django_assert_max_num_queries
):
    def meldingen(aantal):
        for _ in range(aantal):
            MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=30))
        services.zicht_plannen()
        services.termijnen_markeer(nu=NU)

    client.force_login(werkbegeleider)
    meldingen(2)
    with django_assert_max_num_queries(12) as weinig:
        client.get(reverse("notificaties"))
    meldingen(25)
    with django_assert_max_num_queries(len(weinig)):
        client.get(reverse("notificaties"))


@pytest.mark.django_db
def test_contact_vastleggen_alleen_aangeboden_bij_het_eigen_team(
    client, team, ander_team, werkbegeleider
):
    eigen = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=3))
    ander = MeldingFactory(
        team=ander_team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=3)
    )
    client.force_login(werkbegeleider)
    html = client.get(reverse("triagelijst_organisatie")).content.decode()
    assert ander.nummer in html  # the organisation-wide list shows it …
    assert reverse("zicht_op_veiligheid", args=[eigen.nummer]) in html
    # … but offers no action on another team's case (its page would refuse).
    assert reverse("zicht_op_veiligheid", args=[ander.nummer]) not in html
    assert client.get(reverse("zicht_op_veiligheid", args=[ander.nummer])).status_code == 404
