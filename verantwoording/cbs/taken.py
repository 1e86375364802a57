"""The Celery task of the CBS delivery: thin, it calls the service (also callable as a function)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="verantwoording.cbs_aanlevering_maken",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    # A national half-year takes minutes, not the default 5-minute limit of short tasks.
    time_limit=60 * 60,
    soft_time_limit=55 * 60,
)
def cbs_aanlevering_maken_taak(aanlevering_id: int) -> str:
    from verantwoording.cbs.services import cbs_aanlevering_maken

    return cbs_aanlevering_maken(aanlevering_id=aanlevering_id).status
