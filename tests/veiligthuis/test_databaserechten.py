"""The application's database role (manage.py databaserechten): append-only on the audit log.

Each test creates its role inside the test's transaction, so it disappears with the rollback; the
name carries a random part because roles are shared by every database of the cluster (and by the
parallel test processes).
"""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from meldingen.models import Melding
from tests.factories import MeldingFactory
from veiligthuis.audit import audit_log
from veiligthuis.models import AuditLog

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]


@pytest.fixture
def rol(db):
    naam = f"vt_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{naam}" NOLOGIN')
    call_command("databaserechten", rol=naam, stdout=io.StringIO())
    return naam


def _als(rol: str, opdracht: str, params=()) -> str:
    """Run one statement as `rol` in a savepoint; returns '' or the error's SQLSTATE name."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'SET LOCAL ROLE "{rol}"')
            cursor.execute(opdracht, params)
            cursor.execute("RESET ROLE")
    except DatabaseError as fout:
        return type(getattr(fout, "__cause__", fout)).__name__
    return ""


def test_app_rol_voegt_toe_en_leest_de_auditlog_maar_wijzigt_verwijdert_of_leegt_niets(
    rol, onderzoeker
):
    regel = audit_log(onderzoeker, "melding.inzien")
    tabel = AuditLog._meta.db_table
    assert _als(rol, f"SELECT count(*) FROM {tabel}") == ""
    assert (
        _als(
            rol,
            f"INSERT INTO {tabel} (tijdstip, rollen, actie, object_type, object_id, details) "
            "VALUES (now(), '', 'test', '', '', '{}')",
        )
        == ""
    )
    # The audit_wissen setting opens the TRUNCATE trigger, not the role's missing right.
    for opdracht in (
        f"UPDATE {tabel} SET actie = 'x' WHERE id = {regel.pk}",
        f"DELETE FROM {tabel} WHERE id = {regel.pk}",
        f"SET LOCAL veiligthuis.audit_wissen = 'ja'; TRUNCATE {tabel}",
    ):
        assert _als(rol, opdracht) == "InsufficientPrivilege", opdracht
    assert AuditLog.objects.filter(pk=regel.pk, actie="melding.inzien").exists()


def test_app_rol_heeft_geen_rechten_op_de_maandpartities_van_de_auditlog(rol, onderzoeker):
    regel = audit_log(onderzoeker, "melding.inzien")
    tabel = AuditLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {tabel} WHERE id = %s", [regel.pk])
        partitie = cursor.fetchone()[0]
    # Made by the migration (the command took the rights away) and made later by the role itself
    # through the SECURITY DEFINER function (which takes away what default privileges gave).
    assert _als(rol, "SELECT veiligthuis_auditlog_partities('2031-01-01', '2031-01-31')") == ""
    for deel in (partitie, f"{tabel}_overig", f"{tabel}_p2031_01"):
        for opdracht in (f"SELECT count(*) FROM {deel}", f"DELETE FROM {deel}"):
            assert _als(rol, opdracht) == "InsufficientPrivilege", opdracht
    assert _als(rol, f"SELECT count(*) FROM {tabel} WHERE id = {regel.pk}") == ""


def test_app_rol_werkt_met_de_andere_tabellen_en_maakt_geen_tabellen(rol, team):
    melding = MeldingFactory(team=team)
    tabel = Melding._meta.db_table
    assert _als(rol, f"UPDATE {tabel} SET samenvatting = 'gewijzigd' WHERE id = {melding.pk}") == ""
    assert _als(rol, "CREATE TABLE eigen_tabel (id int)") == "InsufficientPrivilege"
    assert _als(rol, f"TRUNCATE {tabel} CASCADE") == "InsufficientPrivilege"


def test_bestaande_rol_wordt_niet_stil_aangemaakt_en_superuser_geweigerd(db):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("databaserechten", rol=f"vt_geen_{uuid.uuid4().hex[:8]}")
    with pytest.raises(CommandError, match="superuser"):
        call_command("databaserechten", rol=connection.settings_dict["USER"] or "postgres")


def test_rol_aanmaken_met_wachtwoord_uit_de_omgeving(db, monkeypatch):
    naam = f"vt_app_{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("VT_TEST_DB_WACHTWOORD", "geheim-1")
    call_command(
        "databaserechten",
        rol=naam,
        wachtwoord_env="VT_TEST_DB_WACHTWOORD",
        stdout=io.StringIO(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", [naam])
        assert cursor.fetchone() == (True, False)
    monkeypatch.setenv("VT_TEST_DB_WACHTWOORD", "")
    with pytest.raises(CommandError, match="leeg"):
        call_command("databaserechten", rol=naam, wachtwoord_env="VT_TEST_DB_WACHTWOORD")
