"""The definition file is validated before use: layout, widths, codes, and mappings that cover
every value of our TextChoices (so a new choice value without a CBS code fails here)."""

from __future__ import annotations

import pytest
from django.utils.module_loading import import_string

from verantwoording.cbs import definitie
from verantwoording.cbs.definitie import MAP, OngeldigeDefinitie, uit_tekst

TEKST = (MAP / "ibvt-2026-v1.toml").read_text(encoding="utf-8")


def test_elke_definitie_in_de_repository_is_geldig():
    assert definitie.beschikbaar()
    for naam in definitie.beschikbaar():
        d = definitie.laad(naam)
        for soort in d.recordsoorten.values():
            assert soort.velden[0].positie == 1
            for vorige, volgende in zip(soort.velden, soort.velden[1:], strict=False):
                assert volgende.positie == vorige.eind + 1


@pytest.mark.parametrize("lijst", sorted(definitie.laad().codelijsten))
def test_codelijst_dekt_elke_keuzewaarde(lijst):
    codelijst = definitie.laad().codelijsten[lijst]
    if not codelijst.bron:
        pytest.skip("eigen codelijst zonder TextChoices")
    assert set(codelijst.codes) == set(import_string(codelijst.bron).values)


def test_elke_keuzelijst_van_de_records_heeft_een_codelijst():
    """The TextChoices the record builder delivers all have a mapping in the definition."""
    bronnen = {c.bron for c in definitie.laad().codelijsten.values()}
    for keuzes in (
        "meldingen.keuzes.Kanaal",
        "meldingen.keuzes.Hoedanigheid",
        "meldingen.keuzes.Aanleiding",
        "meldingen.keuzes.Aard",
        "meldingen.keuzes.SoortMelding",
        "meldingen.keuzes.BesluitRoute",
        "meldingen.keuzes.RolInMelding",
        "meldingen.keuzes.Geslacht",
        "diensten.keuzes.DienstType",
        "diensten.keuzes.DienstStatus",
        "diensten.keuzes.ConclusieUitkomst",
    ):
        assert keuzes in bronnen


@pytest.mark.parametrize(
    ("oud", "nieuw", "probleem"),
    [
        # a missing mapping for a choice value
        ('telefoon = "01", ', "", "geen CBS-code voor telefoon"),
        # a mapping for a value we do not have
        ('eerste = "1",', 'eerste = "1", vierde = "4",', "vierde bestaat niet"),
        # overlapping positions
        ("positie = 11\nlengte = 20", "positie = 10\nlengte = 20", "overlapt"),
        # a gap
        ("positie = 31\nlengte = 8", "positie = 32\nlengte = 8", "gat"),
        # a date is 8 wide
        (
            'positie = 32\nlengte = 8\ntype = "datum"',
            'positie = 32\nlengte = 6\ntype = "datum"',
            "8 posities",
        ),
        # a code wider than its field
        ('eerste = "1"', 'eerste = "11"', "past niet"),
        # an unknown type
        ('type = "vlaggen"\nbron = "aarden"', 'type = "bits"\nbron = "aarden"', "type 'bits'"),
        # flags: one position per code
        ("positie = 45\nlengte = 10", "positie = 45\nlengte = 9", "9 posities voor 10 codes"),
        # a special value of the wrong width
        ('onbekend = "000000000"', 'onbekend = "0"', "'0' is niet 9"),
        ('regeleinde = "CRLF"', 'regeleinde = "CR"', "regeleinde"),
    ],
)
def test_ongeldige_definitie_wordt_geweigerd(oud, nieuw, probleem):
    assert oud in TEKST
    with pytest.raises(OngeldigeDefinitie) as fout:
        uit_tekst(TEKST.replace(oud, nieuw, 1), naam="ibvt-2026-v1")
    assert any(probleem in p for p in fout.value.problemen), fout.value.problemen


def test_onveranderde_tekst_is_geldig():
    assert uit_tekst(TEKST, naam="ibvt-2026-v1").recordsoorten["melding"].lengte == 100
