"""Reads of the zicht-op-veiligheid page: one melding the user may work on, and its contacts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from diensten.keuzes import DienstStatus
from meldingen.selectors import meldingen_voor
from veiligthuis.models import Medewerker
from veiligthuis.rechten import eis_casusrol
from wachtlijst.models import Wachtrij, ZichtOpVeiligheid
from wachtlijst.services import ZICHT_MELDINGSTATUSSEN


def zicht_melding(*, gebruiker: Medewerker, nummer: str):
    """The melding `nummer` scoped like the dossier: no case role is a 403; a melding outside
    the user's scope is a 404 (its existence is not revealed)."""
    eis_casusrol(gebruiker)
    melding = (
        meldingen_voor(gebruiker=gebruiker)
        .select_related("vervolgdienst")
        .filter(nummer=nummer)
        .first()
    )
    if melding is None:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe."))
    return melding


def zicht_contacten(melding) -> QuerySet[ZichtOpVeiligheid]:
    """Every contact of this melding, newest first, with who recorded it."""
    return melding.zicht_checks.select_related("door").order_by("-op", "-pk")


def wachtrij_van(melding) -> tuple[str, object] | None:
    """(queue label, waiting since) when the melding waits and needs zicht op veiligheid, else None.

    The same three waits as `wachtlijst.services.wacht_op_zicht` and the snapshot's queues.
    """
    if melding.status in ZICHT_MELDINGSTATUSSEN:
        return Wachtrij.VEILIGHEIDSBEOORDELING.label, melding.ontvangen_op
    dienst = getattr(melding, "vervolgdienst", None)
    if dienst is None:
        return None
    if dienst.status == DienstStatus.WACHT_OP_START:
        return Wachtrij.START_DIENST.label, dienst.besluit_op
    if dienst.status == DienstStatus.OP_KETENPARTNER:
        return Wachtrij.KETENPARTNER.label, dienst.afgerond_op or dienst.besluit_op
    return None
