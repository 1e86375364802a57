"""The inspectiedossier: every figure equals a value computed by hand on a small world in May
2026 (5 mei, Hemelvaartsdag 14 May and Koningsdag just before it move the werkdagen), case
numbers only for who may see those cases, and a reproducible steekproef.

Run on PostgreSQL and on SQLite (`--ds=veiligthuis.settings.test_sqlite`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from diensten.models import Gesprek, Overdracht, Veiligheidsafspraak, Vervolgdienst
from meldingen.models import (
    Besluit,
    Consult,
    Directbetrokkene,
    Journaalregel,
    Melding,
    VeiligheidsbeoordelingA,
)
from tests.factories import MedewerkerFactory, MeldingFactory, PersoonFactory, TeamFactory
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from verantwoording import inspectie
from verantwoording.models import Calamiteit, Klacht
from wachtlijst import cijfers

A = termijnen.TIJDZONE
NU = datetime(2026, 6, 1, 12, 0, tzinfo=A)
MEI = inspectie.maandperiode(2026, 5)


def t(maand, dag, uur=10, minuut=0):
    return datetime(2026, maand, dag, uur, minuut, tzinfo=A)


def _melding(nummer, team, door, ontvangen, **velden):
    melding = MeldingFactory(
        nummer=nummer, team=team, aangemaakt_door=door, ontvangen_op=ontvangen, **velden
    )
    Directbetrokkene.objects.filter(melding=melding).delete()
    return melding


def _besluit(melding, door, op):
    return Besluit.objects.create(
        melding=melding,
        route="afsluiten",
        onderbouwing="Navolgbaar.",
        genomen_door=door,
        genomen_op=op,
    )


def _screening(melding, door, op, uitkomst="niet_acuut"):
    return VeiligheidsbeoordelingA.objects.create(
        melding=melding, door=door, uitgevoerd_op=op, uitkomst=uitkomst, toelichting="Gescreend."
    )


def _dienst(melding, besluit_op, afgerond_op):
    return Vervolgdienst.objects.create(
        melding=melding,
        type="onderzoek",
        status="afgerond",
        besluit_op=besluit_op,
        termijn=termijnen.termijn_vervolgdienst(besluit_op),
        afgerond_op=afgerond_op,
    )


def _kind(melding, geboren):
    return Directbetrokkene.objects.create(
        melding=melding, persoon=PersoonFactory(geboortedatum=geboren), rol="kind"
    )


def _klacht(nummer, team, melding, door, ontvangen, **velden):
    return Klacht.objects.create(
        nummer=nummer,
        team=team,
        melding=melding,
        indiener_naam="Indiener",
        indiener_relatie="ouder",
        omschrijving="Klacht.",
        ontvangen_op=ontvangen,
        termijn=termijnen.termijn_klacht(ontvangen),
        geregistreerd_door=door,
        **velden,
    )


@pytest.fixture
def wereld(db):
    eigen, ander = TeamFactory(naam="Team Eigen"), TeamFactory(naam="Team Ander")
    o = MedewerkerFactory(team=eigen, rollen=["onderzoeker"])
    p = MedewerkerFactory(team=ander, rollen=["onderzoeker"])
    gw = MedewerkerFactory(team=eigen, rollen=["gedragswetenschapper"])
    wb = MedewerkerFactory(team=eigen, rollen=["werkbegeleider"])
    wb_ander = MedewerkerFactory(team=ander, rollen=["werkbegeleider"])
    rm = MedewerkerFactory(team=eigen, rollen=["regiomanager"])
    directie = MedewerkerFactory(team=None, rollen=["directie"])
    MedewerkerFactory(team=eigen, rollen=["onderzoeker"], niet_inzetbaar=True)
    MedewerkerFactory(team=eigen, rollen=["onderzoeker"], is_active=False)

    # B: received Thursday 23 April → Fri 24, (Koningsdag Mon 27), 28, 29, 30, Fri 1 May.
    m1 = _melding("VT-2026-000001", eigen, o, t(4, 23))
    m2 = _melding("VT-2026-000002", eigen, o, t(4, 23))
    # Received Monday 4 May → (5 mei), 6, 7, 8, 11, Tuesday 12 May.
    m3 = _melding("VT-2026-000003", ander, p, t(5, 4), urgentie="acuut")
    # Received Wednesday 13 May → (Hemelvaart 14), 15, 18, 19, 20, Thursday 21 May.
    m4 = _melding("VT-2026-000004", eigen, o, t(5, 13))
    m5 = _melding("VT-2026-000005", eigen, o, t(2, 20))
    m6 = _melding("VT-2026-000006", ander, p, t(1, 20))
    assert m1.termijn_veiligheidsbeoordeling == datetime(2026, 5, 1, 23, 59, 59, tzinfo=A)
    assert m3.termijn_veiligheidsbeoordeling == datetime(2026, 5, 12, 23, 59, 59, tzinfo=A)
    assert m4.termijn_veiligheidsbeoordeling == datetime(2026, 5, 21, 23, 59, 59, tzinfo=A)
    _besluit(m1, o, t(5, 1, 15))  # binnen (on a naive calendar 30 April: too late)
    _besluit(m2, o, t(5, 4, 9))  # te laat
    _besluit(m3, p, t(5, 12, 16))  # binnen
    _besluit(m4, o, t(5, 22, 9))  # te laat
    _besluit(m5, o, t(4, 30, 9))  # outside the period

    _screening(m1, o, t(4, 23, 12))  # outside the period
    _screening(m3, p, t(5, 4, 15), uitkomst="acuut")  # 5 hours: binnen
    _screening(m4, o, t(5, 14, 11), uitkomst="acuut")  # 25 hours: te laat
    # Acuut: m3 has an MDO with a GW before its besluit, m4 none.
    mdo = Consult.objects.create(
        melding=m3, vorm="mdo", datum=t(5, 5), vraag="Veilig?", uitkomst="Plan.", vastgelegd_door=p
    )
    mdo.deelnemers.set([gw])
    consult = Consult.objects.create(
        melding=m4, vorm="consult", datum=t(5, 15), vraag="?", uitkomst=".", vastgelegd_door=o
    )
    consult.deelnemers.set([gw])

    for melding, bron, op in [
        (m1, "Moeder, telefonisch", t(5, 2)),
        (m1, "School (mentor)", t(5, 3)),
        (m2, "", t(5, 6)),
        (m3, "Politie", t(5, 7)),
        (m4, "", t(4, 30)),  # outside the period
    ]:
        Journaalregel.objects.create(
            melding=melding, soort="feit", bron=bron, tekst="Tekst.", auteur=o, geschreven_op=op
        )

    # Informing: m1 and m2 have their 4 weeks end on 21 May; m1 informed in time.
    Melding.objects.filter(pk=m1.pk).update(betrokkenen_geinformeerd_op=t(5, 10))

    # Diensten afgerond in May: d1 within 10 weeks (termijn 10 May), d2 not (termijn 12 April).
    d1 = _dienst(m5, t(3, 1), t(5, 8))
    d2 = _dienst(m6, t(2, 1), t(5, 15))
    assert d1.termijn.date() == date(2026, 5, 10) and d2.termijn.date() == date(2026, 4, 12)
    kind_8 = _kind(m5, date(2018, 1, 1))
    _kind(m5, date(2024, 6, 1))  # younger than 4: seen, not counted here
    kind_10 = _kind(m6, date(2016, 1, 1))
    Gesprek.objects.create(
        dienst=d1, directbetrokkene=kind_8, datum=date(2026, 4, 1), vorm="gesprek", door=o
    )
    Gesprek.objects.create(
        dienst=d2, directbetrokkene=kind_10, datum=date(2026, 4, 1), vorm="telefonisch", door=p
    )

    # Overdrachten in May: after d1 with an afspraak, after B of m2 without one.
    o1 = Overdracht.objects.create(dienst=d1, aan="Wijkteam", door=o, vastgelegd_op=t(5, 9))
    Veiligheidsafspraak.objects.create(
        overdracht=o1,
        wat="Wekelijks huisbezoek",
        wie="Wijkteam",
        uiterlijk=date(2026, 6, 1),
        hoe_gecontroleerd="Bellen",
    )
    Overdracht.objects.create(melding=m2, aan="Huisarts", door=o, vastgelegd_op=t(5, 12))

    # Klachten.
    _klacht(
        "KL-2026-000001",
        eigen,
        m1,
        rm,
        t(4, 1),
        status="afgehandeld",
        oordeel="ongegrond",
        afgehandeld_op=t(5, 12),
    )
    k2 = _klacht(
        "KL-2026-000002",
        None,
        None,
        rm,
        t(3, 1),
        status="afgehandeld",
        oordeel="gegrond",
        afgehandeld_op=t(5, 20),
    )
    Klacht.objects.filter(pk=k2.pk).update(
        termijn=termijnen.verleng_termijn_klacht(k2.termijn),
        verlengd_op=t(4, 1),
        verlengingsreden="Ziek.",
    )
    _klacht("KL-2026-000003", ander, m3, rm, t(5, 4), vertrouwenspersoon_geinformeerd_op=t(5, 4))
    _klacht("KL-2026-000004", eigen, m2, rm, t(4, 1))  # open past its termijn (13 May)
    _klacht("KL-2026-000005", eigen, m4, rm, t(5, 10))

    # Calamiteiten: c1 known Monday 4 May → (5 mei) 6, 7, Friday 8 May; reported on the 8th.
    c1 = Calamiteit.objects.create(
        nummer="CAL-2026-000001",
        soort="calamiteit",
        team=eigen,
        omschrijving="x",
        kennisname_op=t(5, 4, 9),
        termijn_melding=termijnen.termijn_melding_calamiteit(t(5, 4, 9)),
        geregistreerd_door=rm,
        status="gemeld",
        gemeld_op=t(5, 8, 16),
        termijn_rapport=termijnen.termijn_rapport_calamiteit(t(5, 8, 16)),
    )
    c1.meldingen.set([m1])
    # c2 known Tuesday 12 May → 13, (Hemelvaart), 15, Monday 18 May; not reported.
    c2 = Calamiteit.objects.create(
        nummer="CAL-2026-000002",
        soort="calamiteit",
        team=ander,
        omschrijving="y",
        kennisname_op=t(5, 12, 9),
        termijn_melding=termijnen.termijn_melding_calamiteit(t(5, 12, 9)),
        geregistreerd_door=rm,
    )
    c2.meldingen.set([m3])
    assert c1.termijn_melding.date() == date(2026, 5, 8) and c2.termijn_melding.date() == date(
        2026, 5, 18
    )

    # Zicht op veiligheid of waiting meldingen, now.
    MeldingFactory(
        nummer="VT-2026-000007",
        team=eigen,
        aangemaakt_door=o,
        op_triagelijst=True,
        zicht_volgende_op=NU + timedelta(days=2),
    )
    MeldingFactory(
        nummer="VT-2026-000008",
        team=ander,
        aangemaakt_door=p,
        op_triagelijst=True,
        zicht_volgende_op=NU - timedelta(days=1),
    )
    return {
        "eigen": eigen,
        "ander": ander,
        "o": o,
        "p": p,
        "wb": wb,
        "wb_ander": wb_ander,
        "rm": rm,
        "directie": directie,
        "gw": gw,
    }


def _cijfers():
    return {c.code: c for _norm, figuren in inspectie.inspectiedossier(MEI, nu=NU) for c in figuren}


def _telling(c):
    return c.teller, c.noemer


def _niet(c):
    return [r.nummer for r in c.dossiers if not r.voldaan]


def test_elk_cijfer_is_met_de_hand_nagerekend(wereld):
    c = _cijfers()
    assert _telling(c["beoordeling_b"]) == (2, 4)
    assert c["beoordeling_b"].percentage == 50.0
    assert _niet(c["beoordeling_b"]) == ["VT-2026-000002", "VT-2026-000004"]
    assert _telling(c["screening_a"]) == (1, 2)
    assert c["screening_a"].extra[0][1] == "15,0 uur"
    assert _telling(c["dienst_10_weken"]) == (1, 2)
    assert _niet(c["dienst_10_weken"]) == ["VT-2026-000006"]
    assert _telling(c["acuut_mdo"]) == (1, 2)
    assert _niet(c["acuut_mdo"]) == ["VT-2026-000004"]
    assert _telling(c["zicht_wachtenden"]) == (1, 2)
    assert _niet(c["zicht_wachtenden"]) == ["VT-2026-000008"]
    assert _telling(c["kinderen_gesproken"]) == (1, 2)
    assert _niet(c["kinderen_gesproken"]) == ["VT-2026-000006"]
    assert _telling(c["informeren"]) == (1, 2)
    assert _niet(c["informeren"]) == ["VT-2026-000002"]
    assert _telling(c["journaal_bron"]) == (3, 4)
    assert _niet(c["journaal_bron"]) == ["VT-2026-000002"]
    assert _telling(c["overdracht_afspraken"]) == (1, 2)
    assert _niet(c["overdracht_afspraken"]) == ["VT-2026-000002"]
    # Active staff with a case role: o, p, gw, wb, wb_ander, rm and the one without VOG.
    assert _telling(c["inzetbaar"]) == (6, 7)
    assert c["inzetbaar"].dossiers is None
    assert _telling(c["calamiteit_gemeld"]) == (1, 2)
    assert _niet(c["calamiteit_gemeld"]) == ["VT-2026-000003"]
    assert _telling(c["klachten_termijn"]) == (1, 2)
    assert dict(c["klachten_termijn"].extra) == {
        "Waarvan verlengd": "1",
        "Open en over de termijn aan het eind van de periode": "1",
    }
    assert _telling(c["klachten_vertrouwenspersoon"]) == (1, 2)


def test_termijncijfers_zijn_die_van_de_wachtlijstrapportages(wereld):
    """One definition per figure: the same counts as `cijfers.binnen_termijn` (reports, dashboard)."""
    c = _cijfers()
    rapport = cijfers.binnen_termijn(MEI.begin, MEI.eind, groep="team")
    for soort, code in [
        ("screening", "screening_a"),
        ("beoordeling", "beoordeling_b"),
        ("dienst", "dienst_10_weken"),
    ]:
        afgerond = sum(w.afgerond for w in rapport[soort].values())
        binnen = sum(w.binnen for w in rapport[soort].values())
        assert (binnen, afgerond) == _telling(c[code]), soort


def test_kwartaal_en_eigen_periode(wereld):
    k2 = inspectie.kies_periode(soort="kwartaal", vandaag=NU.date(), jaar=2026, kwartaalnummer=2)
    assert (k2.van, k2.tot) == (date(2026, 4, 1), date(2026, 6, 30))
    b = inspectie.beoordeling_b_binnen_5_werkdagen(k2, nu=NU)
    assert _telling(b) == (2, 5)  # m5's besluit of 30 April (termijn 27 Feb) counts in the quarter
    eigen = inspectie.kies_periode(
        soort="anders", vandaag=NU.date(), van=date(2026, 5, 1), tot=date(2026, 5, 4)
    )
    assert _telling(inspectie.beoordeling_b_binnen_5_werkdagen(eigen, nu=NU)) == (1, 2)


@pytest.mark.parametrize(
    "invoer",
    [
        {"soort": "maand", "maand": "2026-13"},
        {"soort": "maand", "maand": "mei"},
        {"soort": "kwartaal", "jaar": 2026, "kwartaalnummer": 5},
        {"soort": "anders", "van": date(2026, 5, 2), "tot": date(2026, 5, 1)},
        {"soort": "anders", "van": date(2025, 1, 1), "tot": date(2026, 5, 1)},
        {"soort": "maand", "maand": "2026-07"},
        {"soort": "week"},
    ],
)
def test_onjuiste_periode_wordt_geweigerd(invoer):
    with pytest.raises(inspectie.DomainError):
        inspectie.kies_periode(vandaag=NU.date(), **invoer)


# --- Who sees which case numbers --------------------------------------------------------------


def _pagina(client, gebruiker, **query):
    client.force_login(gebruiker)
    return client.get(
        reverse("inspectiedossier"), {"soort": "maand", "maand": "2026-05", "n": 3, **query}
    )


def test_werkbegeleider_ziet_alleen_nummers_van_het_eigen_team(client, wereld):
    antwoord = _pagina(client, wereld["wb"])
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "VT-2026-000002" in html and "VT-2026-000004" in html
    for vreemd in ("VT-2026-000003", "VT-2026-000006", "VT-2026-000008"):
        assert vreemd not in html
    assert "2 van 4" in html  # the figure itself is organisation-wide
    regel = AuditLog.objects.get(actie="inspectie.bekijken")
    assert "VT-2026-000003" not in regel.details["nummers"]


def test_werkbegeleider_van_het_andere_team_ziet_alleen_die_nummers(client, wereld):
    html = _pagina(client, wereld["wb_ander"]).content.decode()
    assert "VT-2026-000003" in html and "VT-2026-000006" in html
    assert "VT-2026-000002" not in html and "VT-2026-000004" not in html


def test_directie_ziet_cijfers_zonder_dossiernummers(client, wereld):
    antwoord = _pagina(client, wereld["directie"])
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "2 van 4" in html
    assert "VT-2026-" not in html
    assert "Geen dossiers" in html


@pytest.mark.parametrize("rol", ["onderzoeker", "gedragswetenschapper", "secretariaat", "beheer"])
def test_andere_rollen_krijgen_403(client, wereld, rol):
    gebruiker = MedewerkerFactory(team=None if rol == "beheer" else wereld["ander"], rollen=[rol])
    antwoord = _pagina(client, gebruiker)
    assert antwoord.status_code == 403
    assert "VT-2026-" not in antwoord.content.decode()


def test_onjuiste_periode_op_de_pagina_geeft_400(client, wereld):
    antwoord = _pagina(client, wereld["wb"], maand="2026-13")
    assert antwoord.status_code == 400
    assert "Geef een maand als jjjj-mm." in antwoord.content.decode()


def test_afdrukversie(client, wereld):
    antwoord = _pagina(client, wereld["wb"], afdrukken="1")
    assert antwoord.status_code == 200
    assert "vt-afdrukversie" in antwoord.content.decode()


# --- Steekproef ---------------------------------------------------------------------------------


def test_steekproef_is_reproduceerbaar_en_beperkt_tot_wat_je_mag_zien(wereld):
    eerste = inspectie.steekproef(gebruiker=wereld["wb"], periode=MEI, n=1, zaad=42)
    tweede = inspectie.steekproef(gebruiker=wereld["wb"], periode=MEI, n=1, zaad=42)
    assert [m.nummer for m in eerste] == [m.nummer for m in tweede]
    # Received in May and of the own team: only m4.
    alles = inspectie.steekproef(gebruiker=wereld["wb"], periode=MEI, n=10, zaad=1)
    assert [m.nummer for m in alles] == ["VT-2026-000004"]
    assert inspectie.steekproef(gebruiker=wereld["directie"], periode=MEI, n=10, zaad=1) == []
    kwartaal = inspectie.kwartaal(2026, 2)
    getrokken = {
        tuple(
            m.nummer
            for m in inspectie.steekproef(gebruiker=wereld["wb"], periode=kwartaal, n=2, zaad=z)
        )
        for z in range(20)
    }
    assert all(len(g) == 2 for g in getrokken) and len(getrokken) > 1
    with pytest.raises(inspectie.DomainError):
        inspectie.steekproef(gebruiker=wereld["wb"], periode=MEI, n=0, zaad=1)
