"""Browser page: zicht op veiligheid of one waiting melding — its contacts and recording a new one.

Reading the page is audited like the dossier (it shows what was said about the household).
A refusal of the service is shown next to the field it concerns and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError
from veiligthuis.weergave import fout_in_formulier
from wachtlijst.forms import ZichtOpVeiligheidForm
from wachtlijst.selectors.zicht import wachtrij_van, zicht_contacten, zicht_melding
from wachtlijst.services import zicht_op_veiligheid_vastleggen


@require_http_methods(["GET", "POST"])
def zicht_op_veiligheid(request: HttpRequest, nummer: str) -> HttpResponse:
    """The contacts of one melding and the form to record the next one."""
    melding = zicht_melding(gebruiker=request.user, nummer=nummer)
    status = 200
    if request.method == "POST":
        form = ZichtOpVeiligheidForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                zicht_op_veiligheid_vastleggen(
                    melding_id=melding.pk,
                    door=request.user,
                    op=data["op"],
                    contact_met=data["contact_met"],
                    uitkomst=data["uitkomst"],
                    nieuwe_urgentie=data["nieuwe_urgentie"],
                    reden=data["reden"],
                )
            except DomainError as fout:
                fout_in_formulier(form, fout)
            else:
                messages.success(request, _("Het zicht-op-veiligheidscontact is vastgelegd."))
                return redirect("zicht_op_veiligheid", nummer=melding.nummer)
        status = 400
    else:
        form = ZichtOpVeiligheidForm(
            initial={"op": timezone.localtime().replace(second=0, microsecond=0)}
        )
    audit_verzoek(request, "melding.zicht_inzien", melding)
    context = {
        "melding": melding,
        "form": form,
        "contacten": zicht_contacten(melding),
        "wachtrij": wachtrij_van(melding),
    }
    return render(request, "wachtlijst/zicht_op_veiligheid.html", context, status=status)


urlpatterns = [
    path(
        "meldingen/<str:nummer>/zicht-op-veiligheid/",
        zicht_op_veiligheid,
        name="zicht_op_veiligheid",
    ),
]
