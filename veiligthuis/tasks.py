"""Celery tasks of the kernel: the relay of the transactional outbox (veiligthuis/uitgaand.py)."""

from celery import shared_task


@shared_task(name="veiligthuis.uitgaand_versturen")
def uitgaand_versturen() -> dict:
    from veiligthuis.uitgaand import uitgaand_versturen as versturen

    return versturen()
