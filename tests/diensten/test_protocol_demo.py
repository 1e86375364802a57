"""Every demo dienst keeps the protocol (diensten.protocol): the demo shows what the services allow.

The demo builds its diensten in bulk (demo/vervolgdiensten.py) instead of through the services, so
this walks each stored dienst through `eisen.schendingen`, and through the checks the services
make on the way: a started dienst starts with its uitvoerder's gesprek or huisbezoek on the start
date, children from 4 are spoken face to face, afwijkingen only excuse a person, a V&V past
afronden has its vervolgtraject.
"""

import io

import pytest
from django.core.management import call_command
from django.db.models import Prefetch

from diensten import eisen, protocol
from diensten.keuzes import DienstStatus, DienstType, TerugkoppelingMoment
from diensten.models import Gesprek, Overdracht, Terugkoppeling, Veiligheidsafspraak, Vervolgdienst
from meldingen.keuzes import BesluitRoute, MeldingStatus
from meldingen.models import Directbetrokkene, Melding
from veiligthuis import termijnen

D = DienstStatus
MELDINGEN, ADVIEZEN = 300, 50


@pytest.fixture
def demo(db):
    """The demo as tests/demo builds it (one run: it takes a while, so the checks share it)."""
    call_command(
        "demo_data",
        "--meldingen",
        str(MELDINGEN),
        "--adviezen",
        str(ADVIEZEN),
        stdout=io.StringIO(),
    )


def _diensten():
    return Vervolgdienst.objects.select_related("melding", "overdracht").prefetch_related(
        Prefetch(
            "melding__directbetrokkenen",
            queryset=Directbetrokkene.objects.select_related("persoon").order_by("pk"),
        ),
        "melding__aanleidingen",
        Prefetch("gesprekken", queryset=Gesprek.objects.select_related("door")),
        "informanten",
        "conclusies",
        "voorwaarden",
        "afwijkingen",
        "overdracht__afspraken",
    )


def _houdt_zich_aan_het_protocol():
    diensten = list(_diensten())
    assert len(diensten) > 40
    fouten = {d.pk: f for d in diensten if (f := eisen.schendingen(d))}
    assert fouten == {}


def _begon_met_een_gesprek_van_de_uitvoerder():
    gestart = 0
    for dienst in _diensten().exclude(gestart_op=None):
        gestart += 1
        eerste = protocol.startactiviteiten(dienst)[0]
        assert eerste.door_id == dienst.uitvoerder_id
        assert eerste.vorm in protocol.STARTVORMEN
        assert termijnen.lokale_datum(dienst.gestart_op) == eerste.datum
        assert all(g.datum >= eerste.datum for g in dienst.gesprekken.all())
        start = dienst.statuswijzigingen.get(naar=D.LOPEND)
        assert start.op == dienst.gestart_op
        assert start.toelichting.startswith("Gestart met ")
    assert gestart
    # Waiting diensten have nothing recorded, so they show "nog niet gestart".
    wachtend = Vervolgdienst.objects.filter(status=D.WACHT_OP_START)
    assert wachtend.exists()
    assert not Gesprek.objects.filter(dienst__in=wachtend).exists()


def _kinderen_face_to_face_en_afwijkingen_per_persoon():
    for dienst in _diensten():
        for afwijking in dienst.afwijkingen.all():
            assert protocol.is_afwijkbaar(afwijking.eis), afwijking.eis
        for gesprek in dienst.gesprekken.all():
            if gesprek.vorm != "telefonisch":
                continue
            betrokkene = next(
                b
                for b in dienst.melding.directbetrokkenen.all()
                if b.pk == gesprek.directbetrokkene_id
            )
            leeftijd = betrokkene.persoon.leeftijd_op(gesprek.datum)
            assert not protocol.moet_face_to_face(leeftijd, betrokkene.rol)
            assert not protocol.is_jong_kind(leeftijd)


def _vv_na_afronden_heeft_een_vervolgtraject():
    vv = _diensten().filter(
        type=DienstType.VOORWAARDEN_EN_VERVOLG,
        status__in=[D.OP_KETENPARTNER, D.OVERDRACHT, D.MONITORING, D.AFGESLOTEN],
    )
    assert vv.exists()
    for dienst in vv:
        assert protocol.heeft_vervolgtraject(dienst), dienst.pk


def test_elke_demodienst_houdt_zich_aan_het_protocol(demo):
    _houdt_zich_aan_het_protocol()
    _begon_met_een_gesprek_van_de_uitvoerder()
    _kinderen_face_to_face_en_afwijkingen_per_persoon()
    _vv_na_afronden_heeft_een_vervolgtraject()
    _afgesloten_na_b_met_overdracht_en_terugkoppeling()
    _controles_compleet()


def _afgesloten_na_b_met_overdracht_en_terugkoppeling():
    """Issue 12 item 5: a melding closed after B had, before it was closed, its terugkoppeling
    and (after a besluit "overdracht") its overdracht with ≥ 1 afspraak."""
    afgesloten = Melding.objects.filter(
        status=MeldingStatus.AFGESLOTEN, besluit__isnull=False
    ).select_related("besluit")
    assert afgesloten.exists()
    fout = []
    overdrachten = 0
    for melding in afgesloten:
        if protocol.afsluiten_na_b_bezwaren(melding=melding):
            fout.append(melding.nummer)
            continue
        terug = Terugkoppeling.objects.filter(
            melding=melding, moment=TerugkoppelingMoment.NA_BEOORDELING
        )
        if not terug.filter(op__lte=melding.afgesloten_op).exists():
            fout.append(f"{melding.nummer}: terugkoppeling na het afsluiten")
        if melding.besluit.route in BesluitRoute.overdrachten():
            overdrachten += 1
            overdracht = Overdracht.objects.get(melding=melding)
            if not melding.besluit.genomen_op <= overdracht.vastgelegd_op <= melding.afgesloten_op:
                fout.append(f"{melding.nummer}: overdracht buiten besluit–afsluiten")
    assert not fout, fout[:10]
    assert overdrachten


def _controles_compleet():
    """A recorded check names who and the outcome, and lies after the overdracht."""
    gecontroleerd = Veiligheidsafspraak.objects.filter(gecontroleerd_op__isnull=False)
    assert gecontroleerd.exists()
    for a in gecontroleerd.select_related("overdracht"):
        assert a.gecontroleerd_door_id and a.nagekomen is not None and a.controle_toelichting
        assert a.gecontroleerd_op >= a.overdracht.vastgelegd_op
