"""Celery tasks of the meldingen app: thin wrappers that call one idempotent service."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="meldingen.termijnen_herberekenen",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def termijnen_herberekenen() -> int:
    from meldingen.services.kalender import termijnen_herberekenen as herbereken

    return herbereken()


@shared_task(
    name="meldingen.bewaartermijn_toepassen",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def bewaartermijn_toepassen() -> int:
    """Daily: anonymise closed dossiers past their bewaartermijn (idempotent)."""
    from meldingen.services.privacy import bewaartermijn_toepassen as toepassen

    return toepassen()


@shared_task(
    name="meldingen.bijlagen_opruimen",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def bijlagen_opruimen() -> int:
    """Hourly: remove stored files that no bijlage refers to any more (idempotent)."""
    from meldingen.services.bijlagen import bijlagen_opruimen as opruimen

    return opruimen()
