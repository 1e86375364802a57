"""A queryset built once per shape and run again with other values (veiligthuis/queryvorm.py)
gives exactly the rows the queryset itself would, and keeps no shape it cannot fill in."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.http import Http404

from meldingen.models import Consult, Melding
from meldingen.selectors.dossier import DOSSIERKOP, dossierkop
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.models import Rol
from veiligthuis.queryvorm import Queryvorm


def _per_nummer(nummer: str):
    return Melding.objects.filter(Q(nummer=nummer) | Q(nummer__startswith="XX")).order_by("pk")


@pytest.mark.django_db
def test_dezelfde_rijen_als_de_queryset_en_een_keer_gebouwd(team):
    meldingen = [MeldingFactory(team=team) for _ in range(3)]
    vorm = Queryvorm("proef")
    for melding in [*meldingen, meldingen[0]]:
        rijen = vorm.rijen("alles", _per_nummer, nummer=melding.nummer)
        assert [m.pk for m in rijen] == [m.pk for m in _per_nummer(melding.nummer)]
        assert rijen[0].nummer == melding.nummer and rijen[0].team_id == team.pk
    assert vorm.gebouwd == 1
    assert vorm.rijen("alles", _per_nummer, nummer="VT-0000-000000") == []
    # Another shape is built on its own.
    vorm.rijen("anders", _per_nummer, nummer=meldingen[1].nummer)
    assert vorm.gebouwd == 2


@pytest.mark.django_db
def test_een_waarde_die_geen_parameter_is_wordt_niet_vastgelegd(team):
    """A value changed before use (here: made upper case) is not found among the parameters:
    every call then builds the queryset itself, so a later value never meets an old one."""
    eerste, tweede = MeldingFactory(team=team), MeldingFactory(team=team)
    vorm = Queryvorm("proef")

    def maak(nummer: str):
        return Melding.objects.filter(nummer=nummer.upper())

    assert [m.pk for m in vorm.rijen("x", maak, nummer=eerste.nummer.lower())] == [eerste.pk]
    assert [m.pk for m in vorm.rijen("x", maak, nummer=tweede.nummer.lower())] == [tweede.pk]


@pytest.mark.django_db
def test_het_aantal_vormen_is_begrensd(team):
    melding = MeldingFactory(team=team)
    vorm = Queryvorm("proef", max_vormen=2)
    for sleutel in ("a", "b", "c"):
        vorm.rijen(sleutel, _per_nummer, nummer=melding.nummer)
    vorm.rijen("a", _per_nummer, nummer=melding.nummer)
    assert vorm.gebouwd == 4


@pytest.mark.django_db
def test_de_toegang_in_de_vastgelegde_vorm_blijft_live(team, ander_team, onderzoeker):
    """The dossier's permission query is kept per user, but what it reads stays in the SQL: a
    consult that makes a deskundige of another team a deelnemer gives access at once, and a
    change of role is another shape."""
    DOSSIERKOP.legen()
    melding = MeldingFactory(team=team)
    deskundige = MedewerkerFactory(team=ander_team, rollen=[Rol.VERTROUWENSARTS])
    with pytest.raises(Http404):
        dossierkop(gebruiker=deskundige, nummer=melding.nummer)
    consult = Consult.objects.create(
        melding=melding,
        vorm="consult",
        datum=melding.ontvangen_op,
        vraag="Vraag",
        uitkomst="Uitkomst",
        vastgelegd_door=onderzoeker,
    )
    consult.deelnemers.add(deskundige)
    gebouwd = DOSSIERKOP.gebouwd
    assert dossierkop(gebruiker=deskundige, nummer=melding.nummer).melding.pk == melding.pk
    assert DOSSIERKOP.gebouwd == gebouwd

    # The same user moving to the melding's team as an onderzoeker: a new shape, team access.
    consult.deelnemers.clear()
    collega = MedewerkerFactory(team=team, rollen=[Rol.ONDERZOEKER])
    assert dossierkop(gebruiker=collega, nummer=melding.nummer).melding.pk == melding.pk
    type(collega).objects.filter(pk=collega.pk).update(team=ander_team)
    collega.refresh_from_db()
    with pytest.raises(Http404):
        dossierkop(gebruiker=collega, nummer=melding.nummer)
