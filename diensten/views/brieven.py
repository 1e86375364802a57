"""Making a letter as PDF and keeping it in the dossier: one POST per letter.

Each view loads the case like the letter's own page (outside the user's scope: 404; no case role:
403), lets `diensten.brieven` render the PDF and archives it through
`meldingen.services.bijlagen.brief_archiveren`, then returns to the page with a confirmation. A
letter that does not belong to the case's state yet, a render that fails or bytes the dossier
refuses give a Dutch message and store nothing. Opening the stored letter is the dossier's
audited download (`bijlage_downloaden`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diensten import brieven
from diensten.selectors import melding_voor_overdracht, melding_voor_terugkoppeling
from diensten.views._pagina import dienst_url, laad_dienst
from meldingen.models import Melding
from meldingen.selectors.lijsten import meldingen_voor
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.rechten import eis_casusrol

log = logging.getLogger(__name__)


def _melding(request: HttpRequest, nummer: str) -> Melding:
    """The melding in the user's scope, as the dossier shows it (404 otherwise)."""
    eis_casusrol(request.user)
    melding = (
        meldingen_voor(gebruiker=request.user)
        .select_related("huishouden")
        .filter(nummer=nummer)
        .first()
    )
    if melding is None:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe."))
    return melding


def _maken_en_bewaren(
    request: HttpRequest,
    opstellen: Callable[[], brieven.OpgesteldeBrief],
    *,
    terug: str,
    bij_weigering: str,
) -> HttpResponse:
    """Render, archive, confirm. A refusal (DomainError) shows its message and stores nothing."""
    begin = time.perf_counter()
    try:
        opgesteld = opstellen()
        bijlage = brieven.brief_bewaren(opgesteld=opgesteld, door=request.user)
    except GeenToegang:
        raise
    except DomainError as fout:
        messages.error(request, _("Niet bewaard: %(reden)s") % {"reden": fout.message})
        return redirect(bij_weigering)
    # Only the kind of letter and the time: never a name or an address in the log.
    log.info(
        "Brief %s opgemaakt en bewaard in %d ms",
        opgesteld.brief,
        (time.perf_counter() - begin) * 1000,
    )
    messages.success(
        request,
        _("%(brief)s is als PDF in het dossier bewaard (%(naam)s, %(kb)s kB, bijlage %(pk)s).")
        % {
            "brief": bijlage.get_brief_display(),
            "naam": bijlage.bestandsnaam,
            "kb": max(1, round(bijlage.grootte / 1024)),
            "pk": bijlage.pk,
        },
    )
    return redirect(terug)


@require_POST
def dienst_overdrachtsbrief_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dienst = laad_dienst(request, pk)
    return _maken_en_bewaren(
        request,
        lambda: brieven.overdrachtsbrief_na_dienst(dienst),
        terug=reverse("dienst_overdrachtsbrief", args=[pk]),
        bij_weigering=dienst_url(pk, "overdracht"),
    )


@require_POST
def dienst_afsluitbrief_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dienst = laad_dienst(request, pk)
    return _maken_en_bewaren(
        request,
        lambda: brieven.afsluitbrief(dienst),
        terug=reverse("dienst_afsluitbrief", args=[pk]),
        bij_weigering=dienst_url(pk, "afsluiten"),
    )


@require_POST
def melding_overdrachtsbrief_pdf(request: HttpRequest, nummer: str) -> HttpResponse:
    melding = melding_voor_overdracht(gebruiker=request.user, nummer=nummer)
    return _maken_en_bewaren(
        request,
        lambda: brieven.overdrachtsbrief_na_b(melding),
        terug=reverse("melding_overdrachtsbrief", args=[melding.nummer]),
        bij_weigering=reverse("melding_overdracht", args=[melding.nummer]),
    )


@require_POST
def melding_informeringsbrief_pdf(request: HttpRequest, nummer: str) -> HttpResponse:
    melding = _melding(request, nummer)
    pagina = reverse("betrokkenen_wijzigen", args=[melding.nummer])
    return _maken_en_bewaren(
        request,
        lambda: brieven.informeringsbrief(melding, door=request.user),
        terug=pagina,
        bij_weigering=pagina,
    )


@require_POST
def melding_terugkoppelingsbrief_pdf(request: HttpRequest, nummer: str) -> HttpResponse:
    melding = melding_voor_terugkoppeling(gebruiker=request.user, nummer=nummer)
    pagina = reverse("melding_terugkoppeling", args=[melding.nummer])
    return _maken_en_bewaren(
        request,
        lambda: brieven.terugkoppelingsbrief(melding, door=request.user),
        terug=pagina,
        bij_weigering=pagina,
    )


D = "diensten/<int:pk>/"
M = "meldingen/<nummer:nummer>/"

urlpatterns = [
    path(
        f"{D}overdrachtsbrief/pdf/",
        dienst_overdrachtsbrief_pdf,
        name="dienst_overdrachtsbrief_pdf",
    ),
    path(f"{D}afsluitbrief/pdf/", dienst_afsluitbrief_pdf, name="dienst_afsluitbrief_pdf"),
    path(
        f"{M}overdrachtsbrief/pdf/",
        melding_overdrachtsbrief_pdf,
        name="melding_overdrachtsbrief_pdf",
    ),
    path(
        f"{M}informeren/brief/pdf/",
        melding_informeringsbrief_pdf,
        name="melding_informeringsbrief_pdf",
    ),
    path(
        f"{M}terugkoppeling/brief/pdf/",
        melding_terugkoppelingsbrief_pdf,
        name="melding_terugkoppelingsbrief_pdf",
    ),
]
