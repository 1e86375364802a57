"""Merging two household records that are one address, and undoing it (services.huishoudens).

The radar counts earlier meldingen per household; two records for one address hide half the
history. A merge moves the meldingen of one record to the other, and splitting moves exactly those
back. Every refusal changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from meldingen import afwegingskader, identiteit
from meldingen.keuzes import MeldingStatus
from meldingen.models import Huishouden, HuishoudenSamenvoeging, Journaalregel, Melding
from meldingen.services.huishoudens import huishoudens_samenvoegen, huishoudens_splitsen
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.models import Rol

REDEN = "Zelfde adres: huisnummer 12-A en 12a zijn één woning (BRP gecontroleerd)."


@pytest.fixture
def adres(team, ander_team):
    """Melding `nu` at record `eigen`; two earlier meldingen (one of another team) at `dubbel`."""
    eigen = Huishouden.objects.create(
        straat="Laan", huisnummer="12a", postcode="2611AB", woonplaats="Delft"
    )
    dubbel = Huishouden.objects.create(
        straat="Laan", huisnummer="12 bis", postcode="2611AB", woonplaats="Delft"
    )
    nu = MeldingFactory(team=team, huishouden=eigen, status=MeldingStatus.IN_BEOORDELING)
    eerder = [
        MeldingFactory(
            team=t, huishouden=dubbel, ontvangen_op=nu.ontvangen_op - timedelta(days=dagen)
        )
        for t, dagen in ((team, 40), (ander_team, 90))
    ]
    return {"eigen": eigen, "dubbel": dubbel, "nu": nu, "eerder": eerder}


def _stand() -> dict[int, int | None]:
    return dict(Melding.objects.values_list("pk", "huishouden_id"))


@pytest.mark.django_db
def test_samenvoegen_verplaatst_de_meldingen_en_de_radar_telt_ze(adres, werkbegeleider):
    nu, eigen, dubbel = adres["nu"], adres["eigen"], adres["dubbel"]
    assert list(afwegingskader.eerdere_meldingen(nu)) == []

    samenvoeging = huishoudens_samenvoegen(
        melding_id=nu.pk, van_id=dubbel.pk, door=werkbegeleider, reden=REDEN
    )

    assert sorted(samenvoeging.verplaatst) == sorted(m.pk for m in adres["eerder"])
    assert set(Melding.objects.filter(huishouden=eigen)) == {nu, *adres["eerder"]}
    assert not Melding.objects.filter(huishouden=dubbel).exists()
    dubbel.refresh_from_db()
    assert dubbel.samengevoegd_in == eigen
    assert set(afwegingskader.eerdere_meldingen(nu)) == set(adres["eerder"])
    # Intake at the merged record's address finds the one it was merged into.
    assert identiteit.huishouden_zoeken(postcode="2611 ab", huisnummer="12 bis") == eigen
    assert Journaalregel.objects.filter(melding=nu, tekst__contains="2 meldingen").exists()
    audit = AuditLog.objects.get(actie="huishouden.samenvoegen", object_id=nu.nummer)
    assert audit.details["van"] == dubbel.pk and audit.details["verplaatst"] == 2


@pytest.mark.django_db
def test_splitsen_zet_elke_melding_terug(adres, werkbegeleider, team):
    secretariaat = MedewerkerFactory(team=team, rollen=[Rol.SECRETARIAAT])
    voor = _stand()
    samenvoeging = huishoudens_samenvoegen(
        melding_id=adres["nu"].pk, van_id=adres["dubbel"].pk, door=werkbegeleider, reden=REDEN
    )
    assert _stand() != voor

    huishoudens_splitsen(
        samenvoeging_id=samenvoeging.pk, door=secretariaat, reden="Toch twee woningen."
    )

    assert _stand() == voor
    adres["dubbel"].refresh_from_db()
    assert adres["dubbel"].samengevoegd_in is None
    samenvoeging.refresh_from_db()
    assert samenvoeging.teruggedraaid_door == secretariaat
    assert AuditLog.objects.filter(actie="huishouden.splitsen").count() == 1
    with pytest.raises(DomainError, match="al teruggedraaid"):
        huishoudens_splitsen(samenvoeging_id=samenvoeging.pk, door=secretariaat, reden="Nog eens")
    assert _stand() == voor


@pytest.mark.django_db
def test_weigeringen_veranderen_niets(adres, onderzoeker, werkbegeleider, ander_team):
    nu, eigen, dubbel = adres["nu"], adres["eigen"], adres["dubbel"]
    ander_werkbegeleider = MedewerkerFactory(team=ander_team, rollen=[Rol.WERKBEGELEIDER])
    derde = Huishouden.objects.create(straat="Laan", huisnummer="12", postcode="2611AB")
    MeldingFactory(team=nu.team, huishouden=derde)
    Huishouden.objects.filter(pk=derde.pk).update(samengevoegd_in=dubbel)
    voor = _stand()
    gevallen = [
        (GeenToegang, {"door": onderzoeker, "van_id": dubbel.pk}),
        (GeenToegang, {"door": ander_werkbegeleider, "van_id": dubbel.pk}),
        (DomainError, {"door": werkbegeleider, "van_id": dubbel.pk, "reden": "  "}),
        (DomainError, {"door": werkbegeleider, "van_id": eigen.pk}),
        (DomainError, {"door": werkbegeleider, "van_id": derde.pk}),  # already merged
        (DomainError, {"door": werkbegeleider, "van_id": 999_999}),
    ]
    for fout, argumenten in gevallen:
        with pytest.raises(fout):
            huishoudens_samenvoegen(melding_id=nu.pk, **{"reden": REDEN, **argumenten})
        assert _stand() == voor, argumenten
    assert not HuishoudenSamenvoeging.objects.exists()
    dubbel.refresh_from_db()
    assert dubbel.samengevoegd_in is None


@pytest.mark.django_db
def test_pagina_toont_adres_en_aantal_maar_geen_nummers_van_een_ander_team(
    client, adres, werkbegeleider, onderzoeker
):
    nu, dubbel = adres["nu"], adres["dubbel"]
    ander = next(m for m in adres["eerder"] if m.team_id != nu.team_id)
    url = reverse("melding_huishouden", args=[nu.nummer])

    client.force_login(onderzoeker)
    html = client.get(url).content.decode()
    assert 'data-testid="alleen-lezen"' in html and "Samenvoegen met dit huishouden" not in html

    client.force_login(werkbegeleider)
    html = client.get(url).content.decode()
    assert f'data-testid="kandidaat-{dubbel.pk}"' in html
    assert "Laan 12 bis" in html and "2 meldingen" in html
    assert ander.nummer not in html
    assert AuditLog.objects.filter(actie="huishouden.inzien", object_id=nu.nummer).count() == 2

    leeg = client.post(
        reverse("huishouden_samenvoegen", args=[nu.nummer]), {"van": dubbel.pk, "reden": ""}
    )
    assert leeg.status_code == 400
    assert "Geef de reden waarom dit hetzelfde huishouden is." in leeg.content.decode()
    assert not HuishoudenSamenvoeging.objects.exists()
    onzin = client.post(
        reverse("huishouden_samenvoegen", args=[nu.nummer]), {"van": "x", "reden": REDEN}
    )
    assert onzin.status_code == 400
    assert "Kies het huishouden" in onzin.content.decode()

    antwoord = client.post(
        reverse("huishouden_samenvoegen", args=[nu.nummer]), {"van": dubbel.pk, "reden": REDEN}
    )
    assert antwoord.status_code == 302
    samenvoeging = HuishoudenSamenvoeging.objects.get()
    html = client.get(url).content.decode()
    assert f'data-testid="samenvoeging-{samenvoeging.pk}"' in html

    terug = client.post(
        reverse("huishouden_splitsen", args=[nu.nummer, samenvoeging.pk]),
        {"reden": "Toch twee woningen."},
    )
    assert terug.status_code == 302
    assert Melding.objects.filter(huishouden=dubbel).count() == 2


@pytest.mark.django_db
def test_splitsen_van_een_samenvoeging_van_een_andere_melding_geweigerd(
    client, adres, werkbegeleider, team
):
    samenvoeging = huishoudens_samenvoegen(
        melding_id=adres["nu"].pk, van_id=adres["dubbel"].pk, door=werkbegeleider, reden=REDEN
    )
    andere = MeldingFactory(team=team)
    client.force_login(werkbegeleider)
    antwoord = client.post(
        reverse("huishouden_splitsen", args=[andere.nummer, samenvoeging.pk]),
        {"reden": "Toch twee woningen."},
    )
    assert antwoord.status_code == 400
    assert "hoort niet bij deze melding" in antwoord.content.decode()
    samenvoeging.refresh_from_db()
    assert samenvoeging.teruggedraaid_op is None


@pytest.mark.django_db
def test_anonimiseren_neemt_het_samengevoegde_adres_en_de_reden_mee(adres, werkbegeleider):
    """Once no melding points at the address any more, both records go, and the typed reason."""
    from django.db import transaction
    from django.utils import timezone

    from meldingen.services.privacy import VERWIJDERD, persoonsgegevens_verwijderen

    nu, eigen, dubbel = adres["nu"], adres["eigen"], adres["dubbel"]
    samenvoeging = huishoudens_samenvoegen(
        melding_id=nu.pk, van_id=dubbel.pk, door=werkbegeleider, reden=REDEN
    )
    alle = [nu.pk, *(m.pk for m in adres["eerder"])]
    with transaction.atomic():
        # Only the current melding first: the earlier ones still point at the address.
        persoonsgegevens_verwijderen([nu.pk], nu=timezone.now(), reden="test", door=None)
    assert Huishouden.objects.filter(pk__in=[eigen.pk, dubbel.pk]).count() == 2
    samenvoeging.refresh_from_db()
    assert samenvoeging.reden == VERWIJDERD
    with transaction.atomic():
        persoonsgegevens_verwijderen(alle, nu=timezone.now(), reden="test", door=None)
    assert not Huishouden.objects.filter(pk__in=[eigen.pk, dubbel.pk]).exists()


@pytest.mark.django_db
def test_intake_op_een_samengevoegd_huishouden_komt_bij_het_overgebleven(
    adres, werkbegeleider, onderzoeker
):
    """Every intake path: by address (police API, web form) and by household id (a melding made
    from a monitoring check names its household directly)."""
    from meldingen import services
    from meldingen.services import AdresGegevens
    from tests.meldingen.test_services import gegevens

    huishoudens_samenvoegen(
        melding_id=adres["nu"].pk, van_id=adres["dubbel"].pk, door=werkbegeleider, reden=REDEN
    )
    op_adres = services.melding_register(
        door=onderzoeker,
        gegevens=gegevens(
            adres=AdresGegevens(
                straat="Laan", huisnummer="12 BIS", postcode="2611 ab", woonplaats="Delft"
            )
        ),
    )
    op_id = services.melding_register(
        door=onderzoeker, gegevens=gegevens(adres=None, huishouden_id=adres["dubbel"].pk)
    )
    assert op_adres.huishouden == adres["eigen"]
    assert op_id.huishouden == adres["eigen"]
    assert Huishouden.objects.count() == 2
