"""The CBS file of a fixed half-year (tests/verantwoording/cbs_wereld.py) against a golden file,
byte for byte. Runs on PostgreSQL and on SQLite (--ds=veiligthuis.settings.test_sqlite).

To regenerate after a deliberate change of the layout: CBS_GOLDEN_SCHRIJVEN=1 pytest this file,
then review the diff of the golden file line by line against the docstring of cbs_wereld.py.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from tests.verantwoording.cbs_wereld import bouw
from verantwoording.cbs.records import Halfjaar
from verantwoording.cbs.services import cbs_aanlevering_aanvragen, cbs_aanlevering_maken
from verantwoording.models import AanleveringStatus

GOLDEN = Path(__file__).parent / "golden" / "ibvt-2026-v1_2026-1.txt"
pytestmark = pytest.mark.django_db


def _maken(door, **kwargs):
    aanlevering = cbs_aanlevering_aanvragen(door=door, halfjaar=Halfjaar(2026, 1), **kwargs)
    return cbs_aanlevering_maken(aanlevering_id=aanlevering.pk, per_keer=3)


@pytest.fixture
def aanlevering(opslag, cbs_directie):
    bouw()
    return _maken(cbs_directie)


def _inhoud(aanlevering) -> bytes:
    with default_storage.open(aanlevering.bestand.name, "rb") as f:
        return f.read()


def test_bestand_is_gelijk_aan_het_golden_file(aanlevering):
    assert aanlevering.status == AanleveringStatus.KLAAR, aanlevering.kwaliteitsrapport
    inhoud = _inhoud(aanlevering)
    if os.environ.get("CBS_GOLDEN_SCHRIJVEN"):
        GOLDEN.write_bytes(inhoud)
    assert inhoud == GOLDEN.read_bytes()
    assert aanlevering.sha256 == hashlib.sha256(inhoud).hexdigest()
    assert aanlevering.aantallen["advies"] == 1
    assert aanlevering.aantallen["melding"] == 9
    assert aanlevering.aantallen["persoon"] == 12
    assert aanlevering.aantallen["overige_zorg_niet_aangeleverd"] == 1


def _regels(inhoud: bytes) -> list[str]:
    tekst = inhoud.decode("ascii")
    assert tekst.endswith("\r\n") and "\n" not in tekst.replace("\r\n", "")
    return tekst.split("\r\n")[:-1]


def _veld(regel: str, positie: int, lengte: int) -> str:
    return regel[positie - 1 : positie - 1 + lengte]


def test_velden_op_hun_plaats(aanlevering):
    """Independent of the golden file: the values the docstring of cbs_wereld.py promises."""
    regels = _regels(_inhoud(aanlevering))
    assert [r[0] for r in regels] == list("AMPPMPMPPMPMPMPPMPMPMP")
    assert {len(r) for r in regels if r[0] == "A"} == {51}
    assert {len(r) for r in regels if r[0] == "M"} == {100}
    assert {len(r) for r in regels if r[0] == "P"} == {57}
    meldingen = {_veld(r, 11, 20).strip(): r for r in regels if r[0] == "M"}
    assert sorted(meldingen) == [f"VT-2026-{n:06d}" for n in range(1, 10)]
    # besluitgroep and besluit per route
    groepen = {n[-1]: (_veld(r, 81, 1), _veld(r, 82, 2)) for n, r in meldingen.items()}
    assert groepen == {
        "1": ("3", "31"),
        "2": ("2", "21"),
        "3": ("2", "22"),
        "4": ("2", "23"),
        "5": ("1", "11"),
        "6": ("1", "12"),
        "7": ("4", "41"),
        "8": ("0", "00"),
        "9": ("3", "31"),
    }
    # periodestatus: 3 both, 1 only received (30 Jun 23:30 Amsterdam), 2 only besloten
    assert _veld(meldingen["VT-2026-000001"], 31, 1) == "3"
    assert _veld(meldingen["VT-2026-000008"], 31, 1) == "1"
    assert _veld(meldingen["VT-2026-000008"], 32, 8) == "20260630"
    assert _veld(meldingen["VT-2026-000009"], 31, 1) == "2"
    # aanleiding flags: partnergeweld (01) and km_anders (08)
    assert _veld(meldingen["VT-2026-000006"], 45, 10) == "1000000100"
    # onderzoek: dienst 2, status afgerond 3, conclusie HG niet bevestigd 2, KM bevestigd 1, raad J
    assert _veld(meldingen["VT-2026-000006"], 84, 12) == "232026032021"
    assert _veld(meldingen["VT-2026-000006"], 96, 3) == "JNN"
    # the huishouden's gemeente wins over the melding's
    assert _veld(meldingen["VT-2026-000002"], 67, 6) == "GM0503"
    personen = [r for r in regels if r[0] == "P"]
    bsns = {(_veld(r, 11, 20).strip(), _veld(r, 31, 2)): _veld(r, 34, 9) for r in personen}
    assert bsns[("VT-2026-000001", "01")] == "123456782"
    assert bsns[("VT-2026-000001", "02")] == "000000000"  # unknown
    assert bsns[("VT-2026-000006", "02")] == "999999999"  # unborn
    ongeboren = next(r for r in personen if r.startswith("P") and "999999999" in r)
    assert _veld(ongeboren, 43, 8) == "00000000"


def test_onbekende_definitie_wordt_geweigerd(opslag, cbs_directie):
    from verantwoording.cbs.definitie import OngeldigeDefinitie

    with pytest.raises(OngeldigeDefinitie):
        _maken(cbs_directie, definitie_naam="ibvt-1999-v9")


def test_spiegelrapport(aanlevering):
    spiegel = aanlevering.spiegelrapport
    assert spiegel["melding"]["aantal"] == 9 and spiegel["persoon"]["aantal"] == 12
    velden = {s: {v["veld"]: v for v in spiegel[s]["velden"]} for s in spiegel}
    groep = {d["code"]: d["aantal"] for d in velden["melding"]["besluitgroep"]["verdeling"]}
    assert groep == {"0": 1, "1": 2, "2": 3, "3": 2, "4": 1}
    assert velden["melding"]["besluitgroep"]["vulling"] == round(100 * 8 / 9, 1)
    bsn = {d["code"]: d["aantal"] for d in velden["persoon"]["bsn"]["verdeling"]}
    assert bsn == {"bekend": 2, "onbekend": 9, "ongeboren": 1}
    assert velden["persoon"]["geboortedatum"]["vulling"] == round(100 * 10 / 12, 1)
    # flags count per code: partnergeweld (01) in 001 and 006
    aanleiding = {d["code"]: d for d in velden["melding"]["aanleiding"]["verdeling"]}
    assert aanleiding["01"]["aantal"] == 2
    assert aanleiding["01"]["label"] == "(Ex-)partnergeweld"
    overdracht = next(d for d in velden["melding"]["besluitgroep"]["verdeling"] if d["code"] == "2")
    assert overdracht["label"].count(",") == 2  # three routes grouped as overdracht


def test_organisatiecode_uit_de_instellingen(opslag, cbs_directie, settings):
    settings.VT_CBS_ORGANISATIECODE = "0123"
    bouw()
    regels = _regels(_inhoud(_maken(cbs_directie)))
    assert {_veld(r, 2, 4) for r in regels} == {"0123"}
