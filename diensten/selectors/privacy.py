"""Reads the meldingen app asks of diensten about privacy, through settings hooks."""

from __future__ import annotations

from diensten.keuzes import ConclusieUitkomst, DienstStatus, DienstType
from diensten.models import Conclusie


def vermoeden_weerlegd(*, melding) -> bool:
    """True when the finished Onderzoek of this melding concluded "weerlegd" for every type geweld.

    A conclusion counts once the dienst is afgerond (or later); one type bevestigd or not
    established means the dossier is still needed.
    """
    uitkomsten = set(
        Conclusie.objects.filter(dienst__melding_id=melding.pk, dienst__type=DienstType.ONDERZOEK)
        .exclude(dienst__status__in=[DienstStatus.WACHT_OP_START, DienstStatus.LOPEND])
        .values_list("uitkomst", flat=True)
        .distinct()
    )
    return uitkomsten == {ConclusieUitkomst.WEERLEGD}
