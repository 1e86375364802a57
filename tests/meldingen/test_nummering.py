"""Gap-free melding numbers per year under concurrent intake.

The number is taken as the last write of `melding_register` (its row lock serialises intakes until
commit, see docs/PERFORMANCE.md); these tests check that this keeps the numbers consecutive and
leaves no temporary number behind, also when a registration fails halfway.
"""

import threading
from unittest import mock

import pytest
from django.db import connection

from meldingen import services
from meldingen.models import Melding, Nummerreeks
from meldingen.services import BetrokkeneGegevens, intake
from tests.factories import MedewerkerFactory
from tests.meldingen.test_services import gegevens
from veiligthuis.audit import AuditLog

GELIJKTIJDIG = 4


def _gegevens(i: int):
    # Different persons without a BSN: the threads must not meet on anything but the number.
    return gegevens(
        directbetrokkenen=[BetrokkeneGegevens(rol="kind", voornamen=f"Kind{i}", achternaam="Nr")],
        adres=None,
    )


def _volgnummers() -> list[int]:
    return sorted(int(n[-6:]) for n in Melding.objects.values_list("nummer", flat=True))


@pytest.mark.postgresql  # row locks between concurrent transactions
@pytest.mark.django_db(transaction=True)
def test_gelijktijdige_intakes_krijgen_aaneengesloten_nummers(team):
    medewerkers = [MedewerkerFactory(team=team, rollen=["secretariaat"]) for _ in range(4)]
    start = threading.Barrier(GELIJKTIJDIG)
    fouten: list = []

    def registreer(i: int) -> None:
        try:
            start.wait()
            for j in range(3):
                services.melding_register(door=medewerkers[i], gegevens=_gegevens(10 * i + j))
        except Exception as fout:  # noqa: BLE001 — reported by the assertion below
            fouten.append(fout)
        finally:
            connection.close()

    threads = [threading.Thread(target=registreer, args=(i,)) for i in range(GELIJKTIJDIG)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert fouten == []
    assert _volgnummers() == list(range(1, 3 * GELIJKTIJDIG + 1))
    assert not Melding.objects.filter(nummer__startswith="NIEUW-").exists()
    # The audit row names the final number of every melding.
    assert set(
        AuditLog.objects.filter(actie="melding.registreren").values_list("object_id", flat=True)
    ) == set(Melding.objects.values_list("nummer", flat=True))


@pytest.mark.django_db
def test_mislukte_intake_laat_geen_gat_en_geen_voorlopig_nummer(onderzoeker):
    eerste = services.melding_register(door=onderzoeker, gegevens=_gegevens(1))

    # A failure after the melding row was written: everything of this registration rolls back.
    kapot = mock.patch.object(intake, "journaal_systeem", side_effect=RuntimeError("schijf vol"))
    with kapot, pytest.raises(RuntimeError):
        services.melding_register(door=onderzoeker, gegevens=_gegevens(2))

    volgende = services.melding_register(door=onderzoeker, gegevens=_gegevens(3))

    assert int(volgende.nummer[-6:]) == int(eerste.nummer[-6:]) + 1
    assert Melding.objects.count() == 2
    assert not Melding.objects.filter(nummer__startswith="NIEUW-").exists()
    jaar = int(eerste.nummer[3:7])
    assert Nummerreeks.objects.get(prefix="VT", jaar=jaar).laatste == int(volgende.nummer[-6:])
