"""Browser pages of the overdracht straight after B: recording it with veiligheidsafspraken, the
overdrachtsbrief, and recording the check of one afspraak (also of an overdracht after a dienst).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from diensten import services
from diensten.forms import AfspraakControleForm, AfspraakForm, OverdrachtNaBForm, rij_index
from diensten.models import Veiligheidsafspraak
from diensten.selectors import ketenpartners, melding_voor_overdracht
from diensten.views._pagina import dienst_url, laad_dienst
from diensten.views.nazorg import AFSPRAAK_VELDEN, afspraak_rijen, plaats_overdracht_fout
from meldingen.keuzes import BesluitRoute, MeldingStatus
from meldingen.models import Melding
from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.weergave import fout_in_formulier


def _eis_overdrachtsbesluit(melding: Melding) -> None:
    besluit = getattr(melding, "besluit", None)
    if besluit is None or besluit.route not in BesluitRoute.overdrachten():
        raise Http404(_("Deze melding heeft geen besluit tot overdracht."))


def _pagina(request, melding, form, rijen, *, fout=False) -> HttpResponse:
    overdracht = getattr(melding, "overdracht_na_b", None)
    context = {
        "melding": melding,
        "besluit": melding.besluit,
        "overdracht": overdracht,
        "afspraken": list(overdracht.afspraken.all()) if overdracht else [],
        "wijzigbaar": melding.status == MeldingStatus.BESLOTEN,
        "form": form,
        "rijen": rijen,
        "volgende_index": max((r.index for r in rijen), default=-1) + 1,
        "fout": fout,
        "controle_form": AfspraakControleForm(),
    }
    return render(request, "diensten/melding_overdracht.html", context)


@require_http_methods(["GET", "POST"])
def melding_overdracht(request: HttpRequest, nummer: str) -> HttpResponse:
    """The overdracht after a besluit "overdracht" with any number of veiligheidsafspraken.

    Same row mechanics as the overdracht after a dienst (`diensten.views.nazorg`): htmx GET with
    `index` returns one empty row; a POST is validated whole by the service.
    """
    melding = melding_voor_overdracht(gebruiker=request.user, nummer=nummer)
    _eis_overdrachtsbesluit(melding)
    if request.method == "GET" and request.htmx and "index" in request.GET:
        index = rij_index(request.GET.get("index"))
        if index is None:
            return HttpResponseBadRequest(_("Ongeldige rij."))
        context = {"rij": AfspraakForm(index=index, focus=True), "oob_volgende_index": index + 1}
        return render(request, "diensten/_afspraak_rij.html", context)

    partners = ketenpartners()
    if request.method == "GET":
        audit_verzoek(request, "melding.overdracht_inzien", melding)
        overdracht = getattr(melding, "overdracht_na_b", None)
        initial = {"aan": melding.besluit.overdracht_aan}
        if overdracht is not None:
            initial = {
                "ketenpartner": overdracht.ketenpartner_id,
                "aan": overdracht.aan,
                "contactpersoon": overdracht.contactpersoon,
            }
        form = OverdrachtNaBForm(initial=initial, partners=partners)
        return _pagina(request, melding, form, [AfspraakForm(index=0)])

    form = OverdrachtNaBForm(request.POST, partners=partners)
    rijen = afspraak_rijen(request.POST)
    if request.POST.get("actie") == "rij_toevoegen":
        volgende = max((r.index for r in rijen), default=-1) + 1
        rijen = [
            AfspraakForm(
                index=r.index,
                initial={v: request.POST.get(f"{r.prefix}-{v}", "") for v in AFSPRAAK_VELDEN},
            )
            for r in rijen
        ]
        form = OverdrachtNaBForm(
            initial={naam: request.POST.get(naam, "") for naam in form.fields}, partners=partners
        )
        return _pagina(request, melding, form, [*rijen, AfspraakForm(index=volgende)])

    rijen_geldig = [rij.is_valid() for rij in rijen]
    geldig = form.is_valid() and all(rijen_geldig)
    if not rijen:
        form.add_error(None, _("Leg minstens één concrete veiligheidsafspraak vast."))
        rijen = [AfspraakForm(index=0)]
        geldig = False
    if geldig:
        afspraken = [
            services.AfspraakGegevens(**{v: rij.cleaned_data[v] for v in AFSPRAAK_VELDEN})
            for rij in rijen
        ]
        try:
            services.overdracht_na_besluit_vastleggen(
                melding_id=melding.pk,
                door=request.user,
                afspraken=afspraken,
                ketenpartner_id=form.cleaned_data["ketenpartner"],
                aan=form.cleaned_data["aan"],
                contactpersoon=form.cleaned_data["contactpersoon"],
            )
        except GeenToegang:
            raise
        except DomainError as fout:
            plaats_overdracht_fout(form, rijen, fout)
        else:
            messages.success(
                request, _("De overdracht is vastgelegd. De overdrachtsbrief staat klaar.")
            )
            return redirect("melding_overdracht", nummer=melding.nummer)
    return _pagina(request, melding, form, rijen, fout=True)


@require_http_methods(["GET"])
def melding_overdrachtsbrief(request: HttpRequest, nummer: str) -> HttpResponse:
    """The letter to the receiver: exactly the structured afspraken (the same letter as after a
    dienst, without veiligheidsvoorwaarden, which only a dienst sets)."""
    melding = melding_voor_overdracht(gebruiker=request.user, nummer=nummer)
    overdracht = getattr(melding, "overdracht_na_b", None)
    if overdracht is None or not overdracht.afspraken.exists():
        raise Http404(_("Voor deze melding is nog geen overdracht met afspraken vastgelegd."))
    audit_verzoek(request, "melding.overdrachtsbrief", melding)
    context = {
        "melding": melding,
        "overdracht": overdracht,
        "afspraken": list(overdracht.afspraken.all()),
        "datum": timezone.localtime(overdracht.vastgelegd_op).date(),
    }
    return render(request, "diensten/melding_overdrachtsbrief.html", context)


@require_POST
def afspraak_controle(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the check of one veiligheidsafspraak; back to the page the afspraak is shown on."""
    afspraak = (
        Veiligheidsafspraak.objects.select_related("overdracht__melding", "overdracht__dienst")
        .filter(pk=pk)
        .first()
    )
    if afspraak is None:
        raise Http404(_("Deze veiligheidsafspraak bestaat niet."))
    overdracht = afspraak.overdracht
    if overdracht.melding_id:
        # Scoped: a melding outside the user's view is a 404, not a refusal that confirms it.
        melding = melding_voor_overdracht(gebruiker=request.user, nummer=overdracht.melding.nummer)
        terug = redirect("melding_overdracht", nummer=melding.nummer)
    else:
        laad_dienst(request, overdracht.dienst_id)
        terug = redirect(dienst_url(overdracht.dienst_id, "overdracht"))
    form = AfspraakControleForm(request.POST)
    if form.is_valid():
        nagekomen = {"ja": True, "nee": False}.get(form.cleaned_data["nagekomen"])
        try:
            services.afspraak_controle_vastleggen(
                afspraak_id=afspraak.pk,
                door=request.user,
                nagekomen=nagekomen,
                toelichting=form.cleaned_data["toelichting"],
            )
        except GeenToegang:
            raise
        except DomainError as fout:
            fout_in_formulier(form, fout)
            messages.error(request, fout.message)
        else:
            messages.success(request, _("De controle van de afspraak is vastgelegd."))
    else:
        messages.error(request, _("De controle is niet vastgelegd: controleer de invoer."))
    return terug
