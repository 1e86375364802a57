"""Keeping stored termijnen right when the organisation's closure days change."""

from __future__ import annotations

from django.db import transaction

from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from veiligthuis import termijnen


@transaction.atomic
def termijnen_herberekenen() -> int:
    """Recompute the werkdag-based termijnen of every melding still waiting for its beoordeling.

    Termijnen are stored when a melding is registered; a closure day added or removed later changes
    what the deadline should be. Only open meldingen are touched: a completed beoordeling was judged
    against the calendar of its time. Idempotent; returns the number of meldingen changed.
    """
    open_meldingen = list(
        Melding.objects.select_for_update()
        .filter(status__in=MeldingStatus.wachtend_op_b())
        # status is read by the FSM mixin on load; deferring it costs a query per row.
        .only(
            "pk",
            "status",
            "ontvangen_op",
            "kanaal",
            "termijn_acute_screening",
            "termijn_veiligheidsbeoordeling",
        )
    )
    if not open_meldingen:
        return 0
    kalender = termijnen.Kalender.laad()
    gewijzigd = []
    for melding in open_meldingen:
        termijn_a = termijnen.termijn_acute_screening(
            melding.ontvangen_op, melding.kanaal, kalender=kalender
        )
        termijn_b = termijnen.termijn_veiligheidsbeoordeling(
            melding.ontvangen_op, kalender=kalender
        )
        if (termijn_a, termijn_b) != (
            melding.termijn_acute_screening,
            melding.termijn_veiligheidsbeoordeling,
        ):
            melding.termijn_acute_screening = termijn_a
            melding.termijn_veiligheidsbeoordeling = termijn_b
            gewijzigd.append(melding)
    Melding.objects.bulk_update(
        gewijzigd, ["termijn_acute_screening", "termijn_veiligheidsbeoordeling"], batch_size=1000
    )
    return len(gewijzigd)
