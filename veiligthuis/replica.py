"""Reads that may come from a PostgreSQL streaming replica (`DATABASE_REPLICA_URL`).

Only what runs inside `van_replica()` reads from the replica: the directie dashboard and its
per-team sections, the forecast, the reports, the CBS delivery's reading and the bench's read-only
measurements. Everything else, every write and anything that must see its own writes, stays on
the primary; so does a read inside `van_replica()` when the replica is not usable:

* not configured (no `DATABASE_REPLICA_URL`, the SQLite demo) or switched off
  (`VT_REPLICA_GEBRUIKEN`);
* unreachable: the primary is used, and the replica is not tried again for
  `VT_REPLICA_PAUZE` seconds, so a dead replica costs one connect timeout, not one per request;
* behind: it has not replayed all the WAL it received and its last replayed transaction is more
  than `VT_REPLICA_MAX_ACHTERSTAND` seconds old, or it no longer streams from the primary.

The check is one small query on the replica per `van_replica()` block. The figures on these pages
are aggregates over months; a replica a few seconds behind shows what the primary showed then.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

log = logging.getLogger(__name__)

ALIAS = "replica"
_LEZEN_VAN_REPLICA: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "vt_lezen_van_replica", default=False
)
_onbereikbaar_tot = 0.0

_STAND = """
    SELECT NOT pg_is_in_recovery(),
           COALESCE((SELECT status = 'streaming' FROM pg_stat_wal_receiver), false),
           pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(),
           EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
"""


class ReplicaRouter:
    """Django database router: reads inside `van_replica()` to the replica, the rest to default."""

    def db_for_read(self, model, **hints) -> str | None:
        return ALIAS if _LEZEN_VAN_REPLICA.get() else None

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db != ALIAS


def geconfigureerd() -> bool:
    return ALIAS in settings.DATABASES and settings.VT_REPLICA_GEBRUIKEN


def bruikbaar() -> bool:
    """Whether reads may go to the replica now (see the module docstring)."""
    global _onbereikbaar_tot
    if not geconfigureerd() or time.monotonic() < _onbereikbaar_tot:
        return False
    verbinding = connections[ALIAS]
    try:
        with verbinding.cursor() as cursor:
            cursor.execute(_STAND)
            primair, streamt, bijgewerkt, achterstand = cursor.fetchone()
    except DatabaseError as fout:
        _onbereikbaar_tot = time.monotonic() + settings.VT_REPLICA_PAUZE
        log.warning("Replica onbereikbaar, lezen van de primaire database: %s", fout)
        verbinding.close_if_unusable_or_obsolete()
        return False
    if primair:
        # Promoted, or pointed at the primary itself: the same data.
        return True
    actueel = streamt and (
        bijgewerkt
        or (achterstand is not None and achterstand <= settings.VT_REPLICA_MAX_ACHTERSTAND)
    )
    if not actueel:
        log.warning(
            "Replica loopt achter (streamt: %s, achterstand %s s), lezen van de primaire database",
            streamt,
            achterstand,
        )
    return actueel


@contextmanager
def van_replica() -> Iterator[bool]:
    """Within the block, reads go to the replica when it is usable; yields whether they do."""
    gebruiken = bruikbaar()
    token = _LEZEN_VAN_REPLICA.set(gebruiken)
    try:
        yield gebruiken
    finally:
        _LEZEN_VAN_REPLICA.reset(token)


def leest_van_replica(view: Callable) -> Callable:
    """View decorator: the view's reads come from the replica when it is usable."""

    @functools.wraps(view)
    def omhulsel(*args, **kwargs):
        with van_replica():
            return view(*args, **kwargs)

    return omhulsel
