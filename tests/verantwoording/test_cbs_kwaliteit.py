"""Each plausibility rule: a melding that triggers it and one that does not; a fout blocks the
file (no file, no stored bytes), a waarschuwing does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from meldingen.models import Besluit, Directbetrokkene, Melder
from tests.verantwoording.cbs_wereld import bouw, op, persoon
from verantwoording.cbs.kwaliteit import PER_CODE, REGELS, Kwaliteit
from verantwoording.cbs.records import Halfjaar, MeldingGegevens, PersoonGegevens
from verantwoording.cbs.services import cbs_aanlevering_aanvragen, cbs_aanlevering_maken
from verantwoording.models import AanleveringStatus

VOLWASSENE = PersoonGegevens("slachtoffer", "123456782", date(1990, 1, 1), "vrouw", "GM0518", False)
KIND = PersoonGegevens("kind", None, date(2018, 5, 17), "man", "GM0518", False)
ONGEBOREN = PersoonGegevens("kind", None, None, "onbekend", "GM0518", True)

# A melding no rule holds for.
GOED = MeldingGegevens(
    pk=1,
    nummer="VT-2026-000001",
    team_id=1,
    ontvangen_op=op(2026, 2, 2),
    kanaal="politie_digitaal",
    hoedanigheid="politie",
    soort="eerste",
    aanleidingen=frozenset({"km_anders"}),
    aarden=frozenset({"getuige"}),
    gemeente="GM0518",
    periodestatus="beide",
    besluit="vervolg_onderzoek",
    besluit_op=op(2026, 2, 6),
    dienst="onderzoek",
    dienst_status="afgerond",
    conclusies=(("km_anders", "bevestigd"),),
    personen=(VOLWASSENE, KIND, ONGEBOREN),
)

# Per rule: the one change to GOED that makes it hold.
FOUTEN = {
    "besluit_voor_ontvangst": {"besluit_op": op(2026, 2, 1)},
    "conclusie_zonder_onderzoek": {"besluit": "vervolg_vv", "dienst": "vv"},
    "kind_geboren_na_ontvangst": {
        "personen": (VOLWASSENE, replace(KIND, geboortedatum=date(2026, 2, 3)))
    },
    "zonder_directbetrokkenen": {"personen": ()},
    "zonder_aanleiding": {"aanleidingen": frozenset()},
    "dienst_past_niet_bij_besluit": {"besluit": "overdracht_lokaal_veld"},
    "politie_via_telefoon": {"kanaal": "telefoon"},
    "geboortedatum_ontbreekt": {"personen": (replace(VOLWASSENE, geboortedatum=None),)},
    "kind_is_volwassen": {"personen": (replace(KIND, geboortedatum=date(2008, 2, 2)),)},
    "gemeente_onbekend": {"gemeente": ""},
    "melder_onbekend": {"hoedanigheid": ""},
}


def test_elke_regel_heeft_een_test():
    assert set(FOUTEN) == {r.code for r in REGELS}


@pytest.mark.parametrize("regel", [r.code for r in REGELS])
def test_regel_geldt_niet_voor_een_goede_melding(regel):
    assert PER_CODE[regel].geldt(GOED) is False


@pytest.mark.parametrize("regel", [r.code for r in REGELS])
def test_regel_geldt_voor_de_fout(regel):
    fout = replace(GOED, **FOUTEN[regel])
    assert PER_CODE[regel].geldt(fout) is True
    # and the change triggers no other fout-level rule than the one it is about
    andere = [r.code for r in REGELS if r.code != regel and r.niveau == "fout" and r.geldt(fout)]
    assert andere == [], andere


def test_grensgevallen():
    # born on the day of the ontvangst is fine; 17 on the day before the 18th birthday too
    op_de_dag = replace(GOED, personen=(replace(KIND, geboortedatum=date(2026, 2, 2)),))
    assert not PER_CODE["kind_geboren_na_ontvangst"].geldt(op_de_dag)
    bijna = replace(GOED, personen=(replace(KIND, geboortedatum=date(2008, 2, 3)),))
    assert not PER_CODE["kind_is_volwassen"].geldt(bijna)
    # a vervolg besluit whose dienst has not been created yet is no mismatch
    assert not PER_CODE["dienst_past_niet_bij_besluit"].geldt(
        replace(GOED, dienst="", conclusies=())
    )


def test_rapport_noemt_de_nummers():
    k = Kwaliteit()
    k.toets(GOED)
    k.toets(replace(GOED, nummer="VT-2026-000002", kanaal="telefoon"))
    rapport = {r["code"]: r for r in k.rapport()}
    assert rapport["politie_via_telefoon"]["nummers"] == ["VT-2026-000002"]
    assert rapport["politie_via_telefoon"]["niveau"] == "waarschuwing"
    assert k.aantal_fouten == 0


# --- in the delivery ------------------------------------------------------------------------------


def _maak(door):
    a = cbs_aanlevering_aanvragen(door=door, halfjaar=Halfjaar(2026, 1))
    return cbs_aanlevering_maken(aanlevering_id=a.pk)


def _bestanden(opslag) -> list:
    return [p for p in opslag.rglob("*") if p.is_file()] if opslag.exists() else []


@pytest.mark.django_db
def test_een_fout_blokkeert_het_bestand(opslag, cbs_directie):
    wereld = bouw()
    m1 = wereld["meldingen"][1]
    Besluit.objects.filter(melding=m1).update(genomen_op=op(2026, 1, 4))  # before the ontvangst
    aanlevering = _maak(cbs_directie)
    assert aanlevering.status == AanleveringStatus.GEWEIGERD
    assert aanlevering.bestand.name == "" and aanlevering.sha256 == ""
    assert _bestanden(opslag) == []
    rapport = {r["code"]: r for r in aanlevering.kwaliteitsrapport}
    assert rapport["besluit_voor_ontvangst"]["nummers"] == ["VT-2026-000001"]
    assert aanlevering.aantallen["fouten"] == 1


@pytest.mark.django_db
def test_kind_geboren_na_ontvangst_blokkeert(opslag, cbs_directie):
    wereld = bouw()
    m2 = wereld["meldingen"][2]
    Directbetrokkene.objects.create(
        melding=m2, persoon=persoon("Later", geboren=date(2026, 1, 13)), rol="kind"
    )
    aanlevering = _maak(cbs_directie)
    assert aanlevering.status == AanleveringStatus.GEWEIGERD
    assert _bestanden(opslag) == []


@pytest.mark.django_db
def test_een_waarschuwing_blokkeert_niet(opslag, cbs_directie):
    wereld = bouw()
    m2 = wereld["meldingen"][2]
    Melder.objects.filter(melding=m2).update(hoedanigheid="politie")  # kanaal telefoon
    aanlevering = _maak(cbs_directie)
    assert aanlevering.status == AanleveringStatus.KLAAR
    rapport = {r["code"]: r for r in aanlevering.kwaliteitsrapport}
    assert rapport["politie_via_telefoon"]["nummers"] == ["VT-2026-000002"]
    # the golden world itself has one waarschuwing: the pleger of 003 has no birth date
    assert rapport["geboortedatum_ontbreekt"]["nummers"] == ["VT-2026-000003"]
    assert len(_bestanden(opslag)) == 1
