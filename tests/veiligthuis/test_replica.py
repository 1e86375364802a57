"""The streaming replica (veiligthuis/replica.py): the dashboard and the reports read from it, and
the pages still work, from the primary, when it lags or is down.

Needs a real replica of the test server: `scripts/replica.sh start` (CI starts one) and
TEST_DATABASE_REPLICA_URL. The data must be committed for the replica to receive it, hence a
transactional test.
"""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis import replica

vereist_replica = pytest.mark.skipif(
    replica.ALIAS not in django_settings.DATABASES,
    reason="geen replica: start scripts/replica.sh en zet TEST_DATABASE_REPLICA_URL",
)

PAGINAS = ("/directie/", "/directie/per-team/", "/prognose/", "/rapportages/wachtlijst/")


def _lsn_van_primair() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        return cursor.fetchone()[0]


def _wacht_op_replica(vraag: str, lsn: str) -> None:
    """Until the replica has received (or replayed) the primary's WAL up to `lsn`."""
    for _ in range(200):
        with connections[replica.ALIAS].cursor() as cursor:
            cursor.execute(f"SELECT {vraag}() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"de replica kwam niet bij ({vraag}, {lsn})")


def _wachtend(html: str, team) -> int:
    """The team's count in the dashboard's B queue table."""
    tabel = html[html.index('data-wachtrij="beoordeling"') :]
    rij = re.search(rf'<th scope="row">{re.escape(str(team))}</th>\s*<td[^>]*>(\d+)<', tabel)
    assert rij, "geen rij voor het team"
    return int(rij[1])


def _opvragen(client, url: str):
    with (
        CaptureQueriesContext(connections[replica.ALIAS]) as op_replica,
        CaptureQueriesContext(connection) as op_primair,
    ):
        antwoord = client.get(url)
    assert antwoord.status_code == 200, url
    return antwoord.content.decode(), op_replica.captured_queries, op_primair.captured_queries


@pytest.fixture
def met_replica(settings):
    settings.VT_REPLICA_GEBRUIKEN = True
    replica._onbereikbaar_tot = 0.0
    yield
    replica._onbereikbaar_tot = 0.0


@pytest.mark.postgresql
@vereist_replica
@pytest.mark.django_db(transaction=True, databases=["default", replica.ALIAS])
def test_dashboard_en_rapportages_lezen_van_de_replica(client, met_replica, team):
    directie = MedewerkerFactory(team=None, rollen=["directie"], username="directie-replica")
    MeldingFactory.create_batch(3, team=team, op_triagelijst=True)
    _wacht_op_replica("pg_last_wal_replay_lsn", _lsn_van_primair())
    client.force_login(directie)
    for url in PAGINAS:
        html, op_replica, op_primair = _opvragen(client, url)
        # The page's figures come from the replica; the primary only serves who is signed in
        # (session, user; the user's query carries the unread notifications as a subquery) and
        # what the page writes.
        assert len(op_replica) >= 3, url
        gelezen = [
            q["sql"]
            for q in op_primair
            if q["sql"].startswith("SELECT")
            and not q["sql"].startswith('SELECT "veiligthuis_medewerker"')
        ]
        assert all(
            "meldingen_" not in sql and "diensten_" not in sql and "wachtlijst_" not in sql
            for sql in gelezen
        ), (url, gelezen)
        if url == "/directie/":
            assert _wachtend(html, team) == 3


@pytest.mark.postgresql
@vereist_replica
@pytest.mark.django_db(transaction=True, databases=["default", replica.ALIAS])
def test_replica_die_achterloopt_of_weg_is_geeft_de_primaire_cijfers(
    client, settings, met_replica, team
):
    directie = MedewerkerFactory(team=None, rollen=["directie"], username="directie-achter")
    MeldingFactory.create_batch(3, team=team, op_triagelijst=True)
    _wacht_op_replica("pg_last_wal_replay_lsn", _lsn_van_primair())
    client.force_login(directie)

    with connections[replica.ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        MeldingFactory.create_batch(2, team=team, op_triagelijst=True)
        # Received but not replayed: the replica is behind.
        _wacht_op_replica("pg_last_wal_receive_lsn", _lsn_van_primair())
        settings.VT_REPLICA_MAX_ACHTERSTAND = 3600
        html, op_replica, _ = _opvragen(client, "/directie/")
        assert _wachtend(html, team) == 3 and len(op_replica) > 1  # allowed to be behind
        settings.VT_REPLICA_MAX_ACHTERSTAND = 0
        html, op_replica, op_primair = _opvragen(client, "/directie/")
        assert _wachtend(html, team) == 5  # from the primary
        assert len(op_replica) == 1  # only the check of its state
        assert any("meldingen_melding" in q["sql"] for q in op_primair)
    finally:
        with connections[replica.ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")

    # Down: the alias points at a closed port. The primary answers, and for VT_REPLICA_PAUZE
    # seconds the replica is not tried again.
    verbinding = connections[replica.ALIAS]
    verbinding.close()
    poort = verbinding.settings_dict["PORT"]
    verbinding.settings_dict["PORT"] = "1"
    try:
        # (Not captured on the replica: capturing would itself connect to it.)
        antwoord = client.get("/directie/")
        assert antwoord.status_code == 200
        assert _wachtend(antwoord.content.decode(), team) == 5
        assert replica._onbereikbaar_tot > time.monotonic()
        assert not replica.bruikbaar()
    finally:
        verbinding.close()
        verbinding.settings_dict["PORT"] = poort
    replica._onbereikbaar_tot = 0.0
    _wacht_op_replica("pg_last_wal_replay_lsn", _lsn_van_primair())
    # Allowed to be behind again: with 0 s, any WAL the primary writes between the wait and the
    # request (a session save, a checkpoint) would send the page to the primary after all.
    settings.VT_REPLICA_MAX_ACHTERSTAND = 3600
    html, op_replica, _ = _opvragen(client, "/directie/")
    assert _wachtend(html, team) == 5 and len(op_replica) > 1  # back on the replica


def test_zonder_replica_of_uitgeschakeld_leest_alles_van_de_primaire(settings):
    settings.VT_REPLICA_GEBRUIKEN = False
    with replica.van_replica() as gebruikt:
        assert gebruikt is False
        assert replica.ReplicaRouter().db_for_read(None) is None
    assert replica.ReplicaRouter().db_for_write(None) == "default"
    assert replica.ReplicaRouter().allow_migrate(replica.ALIAS, "meldingen") is False
