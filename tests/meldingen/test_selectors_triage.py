"""Selectors of screening and the triagelijst: scope, order, termijn classes, werkdagen, queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meldingen.keuzes import MeldingStatus, Urgentie
from meldingen.models import Activiteit, Melding
from meldingen.selectors import triage as sel
from tests.factories import GemeenteFactory, MedewerkerFactory, MeldingFactory
from veiligthuis import termijnen
from veiligthuis.exceptions import GeenToegang
from veiligthuis.models import Sluitingsdag

TZ = termijnen.TIJDZONE
# A Wednesday without feestdagen around it: the werkdag arithmetic below is easy to follow.
WOENSDAG = datetime(2026, 3, 11, 10, 0, tzinfo=TZ)


def _nummers(pagina: sel.TriagePagina) -> list[str]:
    return [rij.melding.nummer for rij in pagina.rijen]


def _activiteit(melding, datum, door):
    return Activiteit.objects.create(
        melding=melding, soort="contactpoging", datum=datum, met_wie="Moeder", door=door
    )


@pytest.mark.django_db
def test_volgorde_urgentie_dan_wachttijd(team, onderzoeker):
    nu = WOENSDAG
    laag_oud = MeldingFactory(
        team=team, op_triagelijst=True, urgentie=Urgentie.LAAG, ontvangen_op=nu - timedelta(days=9)
    )
    hoog_nieuw = MeldingFactory(
        team=team, op_triagelijst=True, urgentie=Urgentie.HOOG, ontvangen_op=nu - timedelta(days=1)
    )
    hoog_oud = MeldingFactory(
        team=team, op_triagelijst=True, urgentie=Urgentie.HOOG, ontvangen_op=nu - timedelta(days=3)
    )
    midden = MeldingFactory(
        team=team,
        in_beoordeling=True,
        urgentie=Urgentie.MIDDEN,
        ontvangen_op=nu - timedelta(days=8),
    )
    acuut = MeldingFactory(team=team, acuut=True, ontvangen_op=nu - timedelta(hours=1))
    # Not waiting for B here: screening, overige zorg and decided meldingen stay off the list.
    MeldingFactory(team=team)
    MeldingFactory(team=team, overige_zorg=True)
    besloten = MeldingFactory(team=team, op_triagelijst=True)
    Melding.objects.filter(pk=besloten.pk).update(status=MeldingStatus.BESLOTEN)

    pagina = sel.triagelijst_pagina(gebruiker=onderzoeker, nu=nu)

    assert _nummers(pagina) == [
        acuut.nummer,
        hoog_oud.nummer,
        hoog_nieuw.nummer,
        midden.nummer,
        laag_oud.nummer,
    ]


@pytest.mark.django_db
def test_termijnfilter_grenzen(team, onderzoeker):
    nu = WOENSDAG
    vandaag = nu.date()
    # Dreigend ends at the end of the first werkdag after today (VT_DREIGEND_B_WERKDAGEN = 1).
    grens = termijnen.einde_dag(termijnen.plus_werkdagen(vandaag, 1))
    assert grens == datetime(2026, 3, 12, 23, 59, 59, tzinfo=TZ)

    def melding(termijn):
        return MeldingFactory(
            team=team, op_triagelijst=True, termijn_veiligheidsbeoordeling=termijn
        )

    net_over = melding(nu - timedelta(seconds=1))
    lang_over = melding(nu - timedelta(days=6))
    precies_nu = melding(nu)  # not passed yet: "nu > termijn" is false
    op_de_grens = melding(grens)
    net_na_grens = melding(grens + timedelta(seconds=1))
    ruim = melding(termijnen.einde_dag(termijnen.plus_werkdagen(vandaag, 4)))

    def gefilterd(status):
        filters = sel.TriageFilters(termijn=status)
        return set(_nummers(sel.triagelijst_pagina(gebruiker=onderzoeker, filters=filters, nu=nu)))

    assert gefilterd("overschreden") == {net_over.nummer, lang_over.nummer}
    assert gefilterd("dreigend") == {precies_nu.nummer, op_de_grens.nummer}
    assert gefilterd("op_tijd") == {net_na_grens.nummer, ruim.nummer}

    # The SQL classes agree with termijnen.termijn_status, which the rows display.
    rijen = {
        r.melding.nummer: r for r in sel.triagelijst_pagina(gebruiker=onderzoeker, nu=nu).rijen
    }
    for status in ("overschreden", "dreigend", "op_tijd"):
        for nummer in gefilterd(status):
            assert rijen[nummer].termijn_status == status, nummer
    assert rijen[op_de_grens.nummer].termijn_tekst == "dreigend (nog 1 werkdag)"
    assert rijen[precies_nu.nummer].termijn_tekst == "dreigend (laatste dag)"
    assert rijen[ruim.nummer].termijn_tekst == "op tijd (nog 4 werkdagen)"
    assert rijen[net_over.nummer].termijn_tekst == "overschreden"
    # 6 calendar days back from Wednesday 11 March is Thursday 5 March: 4 werkdagen over.
    assert rijen[lang_over.nummer].termijn_tekst == "overschreden (4 werkdagen over)"


@pytest.mark.django_db
def test_werkdagen_wachtend_over_weekend_en_sluitingsdag(team, onderzoeker):
    maandag = datetime(2026, 3, 16, 10, 0, tzinfo=TZ)
    vrijdag = MeldingFactory(
        team=team, op_triagelijst=True, ontvangen_op=datetime(2026, 3, 13, 15, 0, tzinfo=TZ)
    )
    donderdag = MeldingFactory(
        team=team, op_triagelijst=True, ontvangen_op=datetime(2026, 3, 12, 9, 0, tzinfo=TZ)
    )
    # 23:30 UTC on Sunday is Monday 00:30 in Amsterdam: received "today", nothing waited yet.
    vandaag = MeldingFactory(
        team=team, op_triagelijst=True, ontvangen_op=datetime(2026, 3, 15, 23, 30, tzinfo=UTC)
    )

    def wachtend(nu):
        pagina = sel.triagelijst_pagina(gebruiker=onderzoeker, nu=nu)
        return {r.melding.nummer: r.werkdagen_wachtend for r in pagina.rijen}

    assert wachtend(maandag) == {vrijdag.nummer: 1, donderdag.nummer: 2, vandaag.nummer: 0}

    # A closure day on Tuesday does not count as a werkdag either.
    Sluitingsdag.objects.create(datum=date(2026, 3, 17), omschrijving="Teamdag")
    woensdag = datetime(2026, 3, 18, 10, 0, tzinfo=TZ)
    assert wachtend(woensdag)[vrijdag.nummer] == 2  # Monday and Wednesday


@pytest.mark.django_db
def test_laatste_activiteit_en_nog_niet_gestart(team, onderzoeker):
    nu = WOENSDAG
    met = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=nu - timedelta(days=4))
    zonder = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=nu - timedelta(days=4))
    _activiteit(met, nu - timedelta(days=3), onderzoeker)
    laatste = _activiteit(met, nu - timedelta(days=1), onderzoeker)
    _activiteit(met, nu - timedelta(days=2), onderzoeker)

    rijen = {
        r.melding.nummer: r for r in sel.triagelijst_pagina(gebruiker=onderzoeker, nu=nu).rijen
    }

    assert rijen[met.nummer].laatste_activiteit == laatste.datum
    assert rijen[zonder.nummer].laatste_activiteit is None


@pytest.mark.django_db
def test_teamlijst_alleen_eigen_team_organisatielijst_alles(
    team, ander_team, onderzoeker, werkbegeleider, directie
):
    eigen = MeldingFactory(team=team, op_triagelijst=True)
    ander = MeldingFactory(team=ander_team, acuut=True)

    assert _nummers(sel.triagelijst_pagina(gebruiker=onderzoeker)) == [eigen.nummer]
    assert set(_nummers(sel.triagelijst_pagina(gebruiker=werkbegeleider))) == {eigen.nummer}
    pagina = sel.triagelijst_pagina(gebruiker=werkbegeleider, organisatiebreed=True)
    assert set(_nummers(pagina)) == {eigen.nummer, ander.nummer}
    gefilterd = sel.triagelijst_pagina(
        gebruiker=werkbegeleider, organisatiebreed=True, filters=sel.TriageFilters(team=ander_team)
    )
    assert _nummers(gefilterd) == [ander.nummer]
    # Directie: aggregates only, no list of cases.
    with pytest.raises(GeenToegang):
        sel.triagelijst_pagina(gebruiker=directie, organisatiebreed=True)


@pytest.mark.django_db
def test_organisatielijst_geweigerd_voor_onderzoeker_en_teamlijst_voor_directie(
    onderzoeker, directie, beheer
):
    with pytest.raises(GeenToegang):
        sel.triagelijst_pagina(gebruiker=onderzoeker, organisatiebreed=True)
    with pytest.raises(GeenToegang):
        sel.triagelijst_pagina(gebruiker=beheer, organisatiebreed=True)
    with pytest.raises(GeenToegang):
        sel.triagelijst_pagina(gebruiker=directie)


@pytest.mark.django_db
def test_filters_gemeente_en_urgentie(team, onderzoeker):
    delft = GemeenteFactory(naam="Delft")
    in_delft = MeldingFactory(team=team, op_triagelijst=True, gemeente=delft, urgentie="hoog")
    MeldingFactory(team=team, op_triagelijst=True, urgentie="hoog")
    MeldingFactory(team=team, op_triagelijst=True, gemeente=delft, urgentie="laag")

    filters = sel.TriageFilters(gemeente=delft, urgentie="hoog")
    assert _nummers(sel.triagelijst_pagina(gebruiker=onderzoeker, filters=filters)) == [
        in_delft.nummer
    ]


@pytest.mark.django_db
def test_te_screenen_op_termijn_en_overige_zorg(team, ander_team, onderzoeker):
    nu_binnen = MeldingFactory(team=team)
    eerder = MeldingFactory(team=team)
    Melding.objects.filter(pk=eerder.pk).update(
        termijn_acute_screening=nu_binnen.termijn_acute_screening - timedelta(hours=5)
    )
    oz = MeldingFactory(team=team, overige_zorg=True)
    MeldingFactory(team=ander_team)
    MeldingFactory(team=team, op_triagelijst=True)

    lijsten = sel.te_screenen(gebruiker=onderzoeker)

    assert [m.nummer for m in lijsten["ontvangen"]] == [eerder.nummer, nu_binnen.nummer]
    assert [m.nummer for m in lijsten["overige_zorg"]] == [oz.nummer]


@pytest.mark.django_db
def test_kandidaten_tweede_beoordelaar(
    team, onderzoeker, collega, werkbegeleider, onderzoeker_ander_team
):
    inactief = MedewerkerFactory(team=team, rollen=["onderzoeker"], is_active=False)

    kandidaten = set(sel.tweede_beoordelaar_kandidaten(gebruiker=onderzoeker))

    assert collega in kandidaten
    assert onderzoeker not in kandidaten
    assert werkbegeleider not in kandidaten
    assert onderzoeker_ander_team not in kandidaten
    assert inactief not in kandidaten


def _queries_voor_pagina(gebruiker, *, organisatiebreed=False) -> int:
    with CaptureQueriesContext(connection) as ctx:
        pagina = sel.triagelijst_pagina(gebruiker=gebruiker, organisatiebreed=organisatiebreed)
        for rij in pagina.rijen:
            m = rij.melding
            str(m.team), str(m.gemeente), str(m.beoordelaar_1), str(m.beoordelaar_2)
            rij.laatste_activiteit, rij.termijn_tekst  # noqa: B018
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_vast_aantal_queries_per_pagina(team, onderzoeker, werkbegeleider):
    # Roles are cached on the instance; load them outside the measured block.
    assert onderzoeker.rollen and werkbegeleider.rollen
    delft = GemeenteFactory(naam="Delft")

    def maak(aantal):
        for i in range(aantal):
            trait = {"in_beoordeling": True} if i % 3 == 0 else {"op_triagelijst": True}
            m = MeldingFactory(team=team, gemeente=delft, **trait)
            _activiteit(m, m.ontvangen_op + timedelta(minutes=10), onderzoeker)

    maak(3)
    weinig = (
        _queries_voor_pagina(onderzoeker),
        _queries_voor_pagina(werkbegeleider, organisatiebreed=True),
    )
    maak(57)
    veel = (
        _queries_voor_pagina(onderzoeker),
        _queries_voor_pagina(werkbegeleider, organisatiebreed=True),
    )

    assert weinig == veel
    assert max(veel) <= 3  # kalender, count, rows
