"""The audit log partitioned by month (migration 0010): rows land in their month, nothing is
refused or lost outside the prepared months, and append-only holds on every partition."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from veiligthuis.audit import audit_log, auditlog_partities_bijwerken
from veiligthuis.models import AuditLog
from veiligthuis.tasks import auditlog_partities

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]
TABEL = AuditLog._meta.db_table


def _waarde(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _partitie_van(regel: AuditLog) -> str:
    return _waarde(f"SELECT tableoid::regclass::text FROM {TABEL} WHERE id = %s", [regel.pk])


def _partities() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = %s::regclass",
            [TABEL],
        )
        return {naam for (naam,) in cursor.fetchall()}


def test_tabel_is_per_maand_gepartitioneerd_en_regels_staan_in_hun_maand(onderzoeker):
    assert _waarde("SELECT relkind FROM pg_class WHERE relname = %s", [TABEL]) == "p"
    vandaag = timezone.now().date()
    verwacht = {f"{TABEL}_p{vandaag:%Y_%m}", f"{TABEL}_overig"}
    drie_maanden = date(vandaag.year + (vandaag.month + 2) // 12, (vandaag.month + 2) % 12 + 1, 1)
    verwacht.add(f"{TABEL}_p{drie_maanden:%Y_%m}")
    assert verwacht <= _partities()
    regel = audit_log(onderzoeker, "melding.inzien")
    assert _partitie_van(regel) == f"{TABEL}_p{timezone.now():%Y_%m}"
    # The id stays unique and Django finds the row by it.
    tweede = audit_log(onderzoeker, "melding.inzien")
    assert tweede.pk > regel.pk and AuditLog.objects.get(pk=regel.pk).actie == "melding.inzien"


def test_regel_buiten_de_voorbereide_maanden_gaat_niet_verloren(onderzoeker):
    with time_machine.travel(datetime(2041, 3, 5, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        regel = audit_log(onderzoeker, "melding.inzien")
    assert _partitie_van(regel) == f"{TABEL}_overig"
    # That month cannot be made any more (its row sits in the default partition): a warning,
    # nothing made, the row where it was.
    assert auditlog_partities_bijwerken(tot=date(2041, 3, 31)) >= 0
    assert f"{TABEL}_p2041_03" not in _partities()
    assert _partitie_van(regel) == f"{TABEL}_overig"


def test_dagelijkse_taak_maakt_ontbrekende_maanden_eenmaal():
    tot = timezone.now().date() + timedelta(days=400)
    aantal = auditlog_partities_bijwerken(tot=tot)
    assert aantal >= 9  # 3 months ahead already existed, ~13 months were asked
    assert f"{TABEL}_p{tot:%Y_%m}" in _partities()
    assert auditlog_partities_bijwerken(tot=tot) == 0
    assert auditlog_partities() == 0  # the beat task: 3 months ahead, all there


@pytest.mark.parametrize("waar", ["ouder", "maand", "overig"])
def test_geen_partitie_laat_wijzigen_verwijderen_of_leegmaken_toe(onderzoeker, waar):
    if waar == "overig":  # a row in the default partition, so the row trigger has one to refuse
        with time_machine.travel(datetime(2041, 3, 5, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
            regel = audit_log(onderzoeker, "melding.inzien")
    else:
        regel = audit_log(onderzoeker, "melding.inzien")
    tabel = {"ouder": TABEL, "maand": _partitie_van(regel), "overig": f"{TABEL}_overig"}[waar]
    for opdracht in (
        f"UPDATE {tabel} SET actie = 'weg'",
        f"DELETE FROM {tabel}",
        # The test database allows a reset by default (tests/conftest.py); production does not.
        f"SET LOCAL veiligthuis.audit_wissen = 'nee'; TRUNCATE {tabel}",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(opdracht)
    assert AuditLog.objects.filter(pk=regel.pk, actie="melding.inzien").exists()
