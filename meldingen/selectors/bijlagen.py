"""Reads of dossier documents, scoped like the case they belong to: outside the user's scope a
404, without a case role a 403 before anything is looked up (veiligthuis/rechten.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meldingen.keuzes import BijlageOnderdeel
from meldingen.models import Advies, Bijlage, Melding
from meldingen.selectors.lijsten import adviezen_voor, meldingen_voor
from veiligthuis.models import Medewerker
from veiligthuis.rechten import eis_casusrol

GEEN_DOCUMENT = gettext_lazy("Dit document bestaat niet of u heeft er geen toegang toe.")


def melding_met_bijlagen(*, gebruiker: Medewerker, nummer: str) -> Melding:
    eis_casusrol(gebruiker)
    melding = meldingen_voor(gebruiker=gebruiker).select_related("team").filter(nummer=nummer)
    melding = melding.first()
    if melding is None:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe."))
    return melding


def advies_met_bijlagen(*, gebruiker: Medewerker, nummer: str) -> Advies:
    eis_casusrol(gebruiker)
    advies = adviezen_voor(gebruiker=gebruiker).filter(nummer=nummer).first()
    if advies is None:
        raise Http404(_("Dit advies bestaat niet of u heeft er geen toegang toe."))
    return advies


def bijlagen_lijst(qs: QuerySet[Bijlage]) -> QuerySet[Bijlage]:
    return qs.select_related("toegevoegd_door").order_by("-toegevoegd_op", "-pk")


def bijlagen_van_dienst(melding: Melding) -> QuerySet[Bijlage]:
    return bijlagen_lijst(melding.bijlagen.filter(onderdeel=BijlageOnderdeel.DIENST))


def bijlage_van_melding(*, gebruiker: Medewerker, nummer: str, pk: int) -> Bijlage:
    melding = melding_met_bijlagen(gebruiker=gebruiker, nummer=nummer)
    bijlage = melding.bijlagen.filter(pk=pk).first()
    if bijlage is None:
        raise Http404(str(GEEN_DOCUMENT))
    bijlage.melding = melding
    return bijlage


def bijlage_van_advies(*, gebruiker: Medewerker, nummer: str, pk: int) -> Bijlage:
    advies = advies_met_bijlagen(gebruiker=gebruiker, nummer=nummer)
    bijlage = advies.bijlagen.filter(pk=pk).first()
    if bijlage is None:
        raise Http404(str(GEEN_DOCUMENT))
    bijlage.advies = advies
    return bijlage
