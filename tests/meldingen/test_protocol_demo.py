"""Every demo melding walked through the predicates of `meldingen.protocol` (issue 12).

The demo is written in bulk (demo/*.py), around the services: this is where it must still obey the
same rules a service would enforce. Each failure names the melding and the rule.
"""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Exists, F, OuterRef

from meldingen import protocol
from meldingen.afwegingskader import ontbrekende_consulten, standaardregels_aanmaken
from meldingen.keuzes import MeldingStatus, Urgentie
from meldingen.models import Consult, Directbetrokkene, Informering, Melding
from meldingen.models.dossier import Herprioritering
from wachtlijst.models import ZichtOpVeiligheid

pytestmark = pytest.mark.django_db

GEBESLOTEN = (MeldingStatus.BESLOTEN, MeldingStatus.AFGESLOTEN, MeldingStatus.NAAR_VERVOLGDIENST)


@pytest.fixture
def demo():
    # The kader comes from a data migration; a flush by another test may have removed it, and the
    # demo reads it to decide its consulten.
    standaardregels_aanmaken()
    call_command("demo_data", "--meldingen", "300", "--adviezen", "20", stdout=io.StringIO())


def _overtredingen() -> dict[str, list[str]]:
    fout: dict[str, list[str]] = defaultdict(list)
    besloten = (
        Melding.objects.filter(status__in=GEBESLOTEN)
        .select_related("besluit", "beoordeling_a", "beoordeling_b")
        .prefetch_related("consulten__deelnemers__roltoewijzingen", "aarden", "aanleidingen")
    )
    assert besloten.exists()
    for melding in besloten:
        for code, voldaan in protocol.besluit_achteraf(melding).items():
            if not voldaan:
                fout[code].append(melding.nummer)
    return fout


def test_demo_volgt_het_protocol(demo):
    """One build of the demo (it is slow), every rule checked; the failure lists them all."""
    fout = dict(_overtredingen())
    fout |= {k: v for k, v in _consulten().items() if v}
    fout |= {k: v for k, v in _kader().items() if v}
    assert not fout, "\n".join(f"{regel}: {len(v)} × {v[:5]}" for regel, v in fout.items())
    verlaagd = _acuut_verlaagd()["acuut_alleen_werkbegeleider"]
    assert not verlaagd, f"acuut verlaagd zonder werkbegeleider: {verlaagd[:5]}"
    # Every urgentie change of a zicht contact has its Herprioritering row, as the service writes.
    veranderd = ZichtOpVeiligheid.objects.exclude(urgentie_na=F("urgentie_voor")).count()
    assert veranderd and Herprioritering.objects.filter(kanaal="zicht").count() == veranderd
    _informeren_per_persoon()


def _consulten() -> dict[str, list[str]]:
    buiten, niet_inzetbaar = [], []
    for consult in Consult.objects.select_related("melding").prefetch_related("deelnemers"):
        if not protocol.consult_in_looptijd(melding=consult.melding, datum=consult.datum):
            buiten.append(consult.melding.nummer)
        op = consult.datum.date()
        if not protocol.deelnemers_inzetbaar(deelnemers=consult.deelnemers.all(), op=op):
            niet_inzetbaar.append(consult.melding.nummer)
    return {"consult_in_looptijd": buiten, "deelnemers_inzetbaar": niet_inzetbaar}


def _kader() -> dict[str, list[str]]:
    """On the data as they stand (aard, signalen, ever acuut), every besluit had its consulten."""
    return {
        "afwegingskader": [
            f"{m.nummer}: {'; '.join(ontbrekende_consulten(m))}"
            for m in Melding.objects.filter(status__in=GEBESLOTEN)
            if ontbrekende_consulten(m)
        ]
    }


def _acuut_verlaagd() -> dict[str, list]:
    """DOMAIN.md §11: acuut is lowered only by a werkbegeleider (zicht contacts in demo/zicht.py)."""

    verlaagd = [
        (c.melding.nummer, str(c.door))
        for c in ZichtOpVeiligheid.objects.filter(urgentie_voor=Urgentie.ACUUT)
        .exclude(urgentie_na__in=["", Urgentie.ACUUT])
        .select_related("melding", "door")
        if not protocol.acuut_verlagen_toegestaan(
            melding=_als_acuut(c.melding), naar=c.urgentie_na, door=c.door
        )
    ]
    return {"acuut_alleen_werkbegeleider": verlaagd}


def _als_acuut(melding: Melding) -> Melding:
    melding.urgentie = Urgentie.ACUUT
    return melding


def _informeren_per_persoon() -> None:
    """The termijn informeren is met only per person (services.betrokkenen.informeren_bijwerken)."""
    geinformeerd = Melding.objects.filter(betrokkenen_geinformeerd_op__isnull=False)
    assert geinformeerd.exists()
    informering = Informering.objects.filter(
        melding=OuterRef("melding"), persoon=OuterRef("persoon")
    )
    zonder = Directbetrokkene.objects.filter(melding__in=geinformeerd).exclude(Exists(informering))
    assert not zonder.exists(), list(zonder.values_list("melding__nummer", flat=True)[:5])
    for melding in geinformeerd[:50]:
        laatste = max(i.op for i in melding.informeringen.all())
        assert laatste == melding.betrokkenen_geinformeerd_op
