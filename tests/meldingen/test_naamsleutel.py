"""The stored achternaam key (`Persoon.achternaam_sleutel`) and the candidate query's pre-selection
in SQL (`veiligthuis.database.lijkt_op`).

The key must follow the name on every ORM path that writes one, or the pre-selection on
PostgreSQL would leave a known person out of identity resolution. The pre-selection may only
leave out what rapidfuzz would reject anyway: the result of `persoon_zoeken` is the same on both
engines.
"""

from __future__ import annotations

import importlib
import random
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from rapidfuzz import fuzz

from meldingen.identiteit import KANDIDAAT_DREMPEL, Persoonsgegevens, persoon_zoeken
from meldingen.models import Persoon
from meldingen.naamsleutels import achternaam_sleutel
from tests.factories import PersoonFactory
from veiligthuis.database import lijkt_op

GEBOREN = date(2016, 4, 21)


def _sleutel(persoon: Persoon) -> str:
    return Persoon.objects.values_list("achternaam_sleutel", flat=True).get(pk=persoon.pk)


@pytest.mark.django_db
def test_sleutel_bij_aanmaken_en_opslaan_met_update_fields():
    persoon = PersoonFactory(tussenvoegsel="", achternaam="De Vriës-van Dijk")
    assert _sleutel(persoon) == "vriesdijk"
    persoon.tussenvoegsel, persoon.achternaam = "van", "Bergen"
    persoon.save(update_fields=["achternaam", "tussenvoegsel"])
    assert _sleutel(persoon) == "bergen"
    persoon.achternaam = "Smit"
    persoon.save(update_fields=["achternaam"])
    assert _sleutel(persoon) == "smit"


@pytest.mark.django_db
def test_sleutel_volgt_update_van_een_queryset_per_rij():
    eerste = PersoonFactory(tussenvoegsel="de", achternaam="Boer")
    tweede = PersoonFactory(tussenvoegsel="", achternaam="Boer")
    # Only the tussenvoegsel changes: each row's key needs its own achternaam.
    Persoon.objects.filter(pk__in=[eerste.pk, tweede.pk]).update(tussenvoegsel="van der")
    assert (_sleutel(eerste), _sleutel(tweede)) == ("boer", "boer")
    Persoon.objects.filter(pk=eerste.pk).update(achternaam="Meer")
    assert (_sleutel(eerste), _sleutel(tweede)) == ("meer", "boer")


@pytest.mark.django_db
def test_sleutel_bij_bulk_create_en_bulk_update():
    nieuw = Persoon.objects.bulk_create(
        [Persoon(voornamen="Sem", achternaam="Öztürk", geboortedatum=GEBOREN)]
    )
    assert _sleutel(nieuw[0]) == "ozturk"
    nieuw[0].achternaam = "Yilmaz"
    Persoon.objects.bulk_update(nieuw, ["achternaam"])
    assert _sleutel(nieuw[0]) == "yilmaz"


@pytest.mark.django_db
def test_migratie_vult_de_sleutel_van_bestaande_personen():
    persoon = PersoonFactory(tussenvoegsel="ter", achternaam="Horst")
    with connection.cursor() as cursor:  # a row written before the column existed
        cursor.execute(
            "UPDATE meldingen_persoon SET achternaam_sleutel = '' WHERE id = %s", [persoon.pk]
        )
    migratie = importlib.import_module("meldingen.migrations.0023_persoon_achternaam_sleutel")
    # The function reads only the connection of its schema editor (SQLite refuses a real one
    # inside the test's transaction).
    migratie.sleutels_vullen(apps, SimpleNamespace(connection=connection))
    assert _sleutel(persoon) == "horst"


def _verschrijvingen(aantal: int) -> list[str]:
    """Misspellings of common surnames (one or two typos) as intake makes them, fixed seed."""
    toeval = random.Random(7)
    namen = ["jansen", "bos", "smits", "vries", "bakker", "wu", "brouwer", "elmoussaoui", "kok"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    uit = []
    while len(uit) < aantal:
        naam = list(toeval.choice(namen))
        for _ in range(toeval.choice([1, 1, 2])):
            plek = toeval.randrange(len(naam))
            soort = toeval.choice("vitw")
            if soort == "v":
                naam[plek] = toeval.choice(letters)
            elif soort == "i":
                naam.insert(plek, toeval.choice(letters))
            elif soort == "w" and len(naam) > 1:
                del naam[plek]
            elif len(naam) > 1:
                plek = min(plek, len(naam) - 2)
                naam[plek], naam[plek + 1] = naam[plek + 1], naam[plek]
        uit.append("".join(naam))
    return uit


@pytest.mark.django_db
def test_voorselectie_laat_niets_weg_wat_rapidfuzz_aanneemt():
    """Every known person born on the date whose name rapidfuzz puts at ≥ 80 comes back; on
    PostgreSQL the far-off names do not (on SQLite everything comes back)."""
    gezocht = "bos"
    namen = sorted(set(_verschrijvingen(300)) | {"os", "bs", "bosch", "vos", "jansen", "dekker"})
    Persoon.objects.bulk_create(
        [Persoon(voornamen="Sem", achternaam=naam, geboortedatum=GEBOREN) for naam in namen]
    )
    terug = set(
        lijkt_op(
            Persoon.objects.filter(geboortedatum=GEBOREN),
            "achternaam_sleutel",
            gezocht,
            min_ratio=KANDIDAAT_DREMPEL,
        ).values_list("achternaam_sleutel", flat=True)
    )
    aangenomen = {naam for naam in namen if fuzz.ratio(achternaam_sleutel(naam), gezocht) >= 80}
    assert {"os", "bs"} <= aangenomen
    assert aangenomen <= terug
    if connection.vendor == "postgresql":
        assert "jansen" not in terug and "dekker" not in terug
        assert len(terug) < len(namen) / 2
    else:
        assert len(terug) == len(namen)


@pytest.mark.django_db
def test_voorselectie_bij_elke_verschrijving_geeft_dezelfde_kandidaten_als_rapidfuzz():
    """For each misspelling of a known name the candidates are exactly the ones rapidfuzz picks
    out of everyone born that day."""
    bekenden = ["Jansen", "Bos", "Smits", "de Vries", "Bakker", "Wu", "Brouwer", "Kok"]
    Persoon.objects.bulk_create(
        [Persoon(voornamen="Sem", achternaam=naam, geboortedatum=GEBOREN) for naam in bekenden]
    )
    for verschreven in _verschrijvingen(60):
        uitkomst = persoon_zoeken(
            Persoonsgegevens(
                voornamen="Sem",
                tussenvoegsel="",
                achternaam=verschreven,
                geboortedatum=GEBOREN,
                bsn=None,
            )
        )
        gevonden = {p.achternaam for p in uitkomst.kandidaten}
        if uitkomst.persoon is not None:
            gevonden.add(uitkomst.persoon.achternaam)
        verwacht = {
            naam
            for naam in bekenden
            if fuzz.ratio(achternaam_sleutel(naam), achternaam_sleutel(verschreven))
            >= KANDIDAAT_DREMPEL
        }
        assert gevonden == verwacht, verschreven
