"""E-mail about notifications: the service that sends it and the Celery task that runs it.

Apart from `services.py` because `termijnen_markeer` queues this task after its commit while
`tasks.py` calls `termijnen_markeer`: with the task in `tasks.py` the service module and the task
module would import each other. Nothing here imports either of them.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wachtlijst.models import Notificatie


def notificaties_mailen(*, limiet: int = 500) -> int:
    """E-mail the notifications not yet mailed, once each. No names or case content in the mail:
    the case number and what is wrong, so the reader opens the system to see more."""
    with transaction.atomic():
        notificaties = list(
            Notificatie.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(gemaild_op__isnull=True, medewerker__email__gt="")
            .select_related("medewerker", "signalering__melding")
            .order_by("pk")[:limiet]
        )
        berichten = [
            (
                _("Signalering %(nummer)s: %(soort)s")
                % {
                    "nummer": n.signalering.melding.nummer,
                    "soort": n.signalering.get_soort_display(),
                },
                _(
                    "Voor melding %(nummer)s is een signalering ontstaan: %(soort)s.\n"
                    "Bekijk de melding in de casusregistratie."
                )
                % {
                    "nummer": n.signalering.melding.nummer,
                    "soort": n.signalering.get_soort_display(),
                },
                settings.DEFAULT_FROM_EMAIL,
                [n.medewerker.email],
            )
            for n in notificaties
        ]
        if berichten:
            send_mass_mail(berichten, fail_silently=False)
            Notificatie.objects.filter(pk__in=[n.pk for n in notificaties]).update(
                gemaild_op=timezone.now()
            )
    return len(berichten)


@shared_task(
    name="wachtlijst.notificaties_mailen",
    autoretry_for=(OperationalError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def notificaties_mailen_taak() -> int:
    """Queued by `termijnen_markeer` once new notifications are committed; mails each only once."""
    return notificaties_mailen()
