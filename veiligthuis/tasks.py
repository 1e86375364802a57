"""Celery tasks of the kernel: the relay of the transactional outbox (veiligthuis/uitgaand.py)
and the audit log's monthly partitions (veiligthuis/audit.py)."""

from celery import shared_task


@shared_task(name="veiligthuis.uitgaand_versturen")
def uitgaand_versturen() -> dict:
    from veiligthuis.uitgaand import uitgaand_versturen as versturen

    return versturen()


@shared_task(name="veiligthuis.auditlog_partities")
def auditlog_partities() -> int:
    from veiligthuis.audit import auditlog_partities_bijwerken

    return auditlog_partities_bijwerken()
