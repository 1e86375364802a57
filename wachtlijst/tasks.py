"""Celery tasks of termijnbewaking: thin wrappers around idempotent services."""

from celery import shared_task
from django.db import OperationalError

# Defined next to the service it runs (see wachtlijst/mail.py); imported here so that the worker,
# which discovers the tasks through this module, knows it.
from wachtlijst.mail import notificaties_mailen_taak as notificaties_mailen  # noqa: F401


@shared_task(
    name="wachtlijst.markeer_termijnen",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def markeer_termijnen() -> dict:
    from wachtlijst.services import termijnen_markeer

    return termijnen_markeer()


@shared_task(
    name="wachtlijst.maak_wachtlijst_snapshot",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def maak_wachtlijst_snapshot() -> int:
    from wachtlijst.dashboard import maandcijfers_bijwerken
    from wachtlijst.snapshots import wachtlijst_snapshot_maken

    # The dashboard's closed months are kept with the same daily run (docs/PERFORMANCE.md).
    maandcijfers_bijwerken()
    return wachtlijst_snapshot_maken()


@shared_task(
    name="wachtlijst.plan_zicht_op_veiligheid",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def plan_zicht_op_veiligheid() -> dict:
    from wachtlijst.services import zicht_plannen

    return zicht_plannen()
