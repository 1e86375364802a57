"""A transactional outbox for Celery tasks: no side effect is lost when the broker is down.

`na_commit("meldingen.tasks.termijnen_herberekenen")` writes an `Uitgaand` row inside the
caller's transaction and, once that commits, hands the task to the broker. If the broker is
unreachable the change is saved all the same (the user never sees a 500 for it), the row stays
open with the error, and `uitgaand_versturen` — a beat task every minute, also a management
command — sends it when the broker is back. The tasks sent this way must be idempotent (they
are: recompute termijnen, mail unsent notifications), since a row may be sent twice when a
relay and the commit hook race.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from veiligthuis.models import Uitgaand

log = logging.getLogger(__name__)
# A row younger than this is still being sent by its own commit hook.
WACHTTIJD = timedelta(seconds=30)
PER_RONDE = 500
# Sent rows are kept a week (to see what went out after an outage), then removed.
BEWAREN = timedelta(days=7)


def na_commit(taak: str, **argumenten) -> Uitgaand:
    """Record task `taak` (dotted path to a Celery task) and send it after the commit."""
    uitgaand = Uitgaand.objects.create(taak=taak, argumenten=argumenten)
    transaction.on_commit(lambda: versturen(uitgaand.pk))
    return uitgaand


def versturen(uitgaand_id: int) -> bool:
    """Hand one row to the broker; True when sent. Never raises: a failure is recorded."""
    uitgaand = Uitgaand.objects.filter(pk=uitgaand_id, verzonden_op__isnull=True).first()
    if uitgaand is None:
        return True
    try:
        # No retries inside the request: a broker that is down fails at once; the relay retries.
        import_string(uitgaand.taak).apply_async(kwargs=uitgaand.argumenten, retry=False)
    except Exception as fout:  # noqa: BLE001  (any broker or connection error: keep the row)
        Uitgaand.objects.filter(pk=uitgaand.pk).update(
            pogingen=uitgaand.pogingen + 1, laatste_fout=f"{type(fout).__name__}: {fout}"[:2000]
        )
        log.warning(
            "Taak %s niet verzonden (%s); de relay probeert het opnieuw.", uitgaand.taak, fout
        )
        return False
    Uitgaand.objects.filter(pk=uitgaand.pk).update(
        verzonden_op=timezone.now(), pogingen=uitgaand.pogingen + 1, laatste_fout=""
    )
    return True


def uitgaand_versturen(*, nu=None) -> dict[str, int]:
    """Send every open row older than WACHTTIJD (oldest first); returns sent/failed counts."""
    nu = nu or timezone.now()
    ids = list(
        Uitgaand.objects.filter(verzonden_op__isnull=True, aangemaakt_op__lte=nu - WACHTTIJD)
        .order_by("aangemaakt_op", "pk")
        .values_list("pk", flat=True)[:PER_RONDE]
    )
    verzonden = sum(versturen(pk) for pk in ids)
    Uitgaand.objects.filter(verzonden_op__lt=nu - BEWAREN).delete()
    return {"verzonden": verzonden, "mislukt": len(ids) - verzonden}
