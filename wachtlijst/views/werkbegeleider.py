"""Browser pages: werkbegeleider.

The page shows the own team's queues, open signaleringen and caseload per onderzoeker, and lets a
werkbegeleider move a veiligheidsbeoordeling to another onderzoeker of the team. GeenToegang is
left to the middleware (Dutch 403); a DomainError is shown on the form it belongs to.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from meldingen.services.herverdeling import beoordelingen_herverdelen, melding_herverdelen
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.weergave import fout_in_formulier
from wachtlijst.forms import HerverdelenForm
from wachtlijst.selectors import werkbegeleider as selectors


def _pagina(request: HttpRequest, *, bound: HerverdelenForm | None = None) -> HttpResponse:
    overzicht = selectors.werkbegeleider_overzicht(gebruiker=request.user)
    rijen = []
    geplaatst = False
    for melding in overzicht.in_beoordeling:
        if bound is not None and bound.melding.pk == melding.pk:
            form, geplaatst = bound, True
        else:
            form = HerverdelenForm(melding=melding, onderzoekers=overzicht.onderzoekers)
        rijen.append((melding, form))
    fout_tekst = ""
    if bound is not None and not geplaatst:
        # The melding moved on meanwhile: it has no form on the page, so its message goes on top.
        fout_tekst = " ".join(str(f) for fouten in bound.errors.values() for f in fouten)
    context = {
        "overzicht": overzicht,
        "herverdeel_rijen": rijen,
        "team": request.user.team,
        "fout_tekst": fout_tekst,
        "caseload_norm": settings.VT_CASELOAD_NORM,
    }
    return render(request, "wachtlijst/werkbegeleider.html", context)


@require_GET
def werkbegeleider(request: HttpRequest) -> HttpResponse:
    """The werkbegeleider's overview of the own team."""
    return _pagina(request)


@require_POST
def werkbegeleider_herverdelen(request: HttpRequest, nummer: str) -> HttpResponse:
    """Move beoordelaar `van` of a melding in beoordeling to onderzoeker `naar` (with a reason)."""
    melding = get_object_or_404(selectors.herverdeel_melding(gebruiker=request.user), nummer=nummer)
    onderzoekers = selectors.herverdeel_kandidaten(request.user.team_id)
    form = HerverdelenForm(request.POST, melding=melding, onderzoekers=onderzoekers)
    if form.is_valid():
        try:
            melding = melding_herverdelen(
                melding_id=melding.pk,
                door=request.user,
                van_id=form.cleaned_data["van"],
                naar_id=form.cleaned_data["naar"],
                reden=form.cleaned_data["reden"],
            )
        except GeenToegang:
            raise
        except DomainError as fout:
            fout_in_formulier(form, fout)
        else:
            melding.refresh_from_db(fields=["beoordelaar_1", "beoordelaar_2"])
            messages.success(
                request,
                _("Melding %(nummer)s is herverdeeld; de beoordelaars zijn nu %(een)s en %(twee)s.")
                % {
                    "nummer": melding.nummer,
                    "een": melding.beoordelaar_1,
                    "twee": melding.beoordelaar_2,
                },
            )
            url = reverse("werkbegeleider")
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    if request.htmx:
        antwoord = render(
            request,
            "wachtlijst/_werkbegeleider_herverdelen.html",
            {"melding": melding, "form": form},
        )
        patch_vary_headers(antwoord, ("HX-Request",))
        return antwoord
    # Without htmx: the whole page again, this melding's form with its errors.
    return _pagina(request, bound=form)


@require_POST
def werkbegeleider_herverdelen_alle(request: HttpRequest, medewerker_id: int) -> HttpResponse:
    """Move every B of a niet-inzetbare onderzoeker of the team, each to the least loaded
    inzetbare onderzoeker (meldingen.services.herverdeling.beoordelingen_herverdelen)."""
    try:
        verplaatst = beoordelingen_herverdelen(
            van_id=medewerker_id, door=request.user, reden=request.POST.get("reden", "")
        )
    except GeenToegang:
        raise
    except DomainError as fout:
        messages.error(request, str(fout))
    else:
        messages.success(
            request,
            _("%(aantal)d beoordelingen herverdeeld: %(nummers)s.")
            % {"aantal": len(verplaatst), "nummers": ", ".join(m.nummer for m in verplaatst)}
            if verplaatst
            else _("Er was geen beoordeling om te herverdelen."),
        )
    return redirect(reverse("werkbegeleider") + "#kop-caseload")


urlpatterns = [
    path("werkbegeleider/", werkbegeleider, name="werkbegeleider"),
    path(
        "werkbegeleider/herverdelen-alle/<int:medewerker_id>/",
        werkbegeleider_herverdelen_alle,
        name="werkbegeleider_herverdelen_alle",
    ),
    path(
        "werkbegeleider/herverdelen/<nummer:nummer>/",
        werkbegeleider_herverdelen,
        name="werkbegeleider_herverdelen",
    ),
]
