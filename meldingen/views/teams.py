"""Browser page "Naar ander team": teamoverstijgend prioriteren of one waiting melding.

Reached from the organisation-wide triagelijst. It shows only what that list shows (number,
team, state, urgentie, received): a regiomanager moving another team's melding does not get to
read its dossier.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from meldingen.models import Melding
from meldingen.services import teams as services
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Rol, Team
from veiligthuis.rechten import eis_rol
from veiligthuis.weergave import fout_in_formulier


class AnderTeamForm(forms.Form):
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team dat de melding overneemt"),
        queryset=Team.objects.none(),
        empty_label=gettext_lazy("— kies —"),
        required=False,
    )
    reden = forms.CharField(
        label=gettext_lazy("Reden"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Bijvoorbeeld: flexteam pakt de langst wachtende meldingen op."),
    )

    def __init__(self, *args, melding: Melding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.exclude(pk=melding.team_id).order_by("naam")


@require_http_methods(["GET", "POST"])
def melding_ander_team(request: HttpRequest, nummer: str) -> HttpResponse:
    eis_rol(
        request.user,
        Rol.WERKBEGELEIDER,
        Rol.REGIOMANAGER,
        actie=_("een melding naar een ander team verplaatsen"),
    )
    melding = Melding.objects.select_related("team").filter(nummer=nummer).first()
    if melding is None or not services.mag_verplaatsen(request.user, melding):
        raise Http404(_("Deze melding bestaat niet of u mag haar niet verplaatsen."))
    status = 200
    if request.method == "POST":
        form = AnderTeamForm(request.POST, melding=melding)
        if form.is_valid():
            team = form.cleaned_data["team"]
            try:
                services.melding_naar_ander_team(
                    melding_id=melding.pk,
                    door=request.user,
                    team_id=team.pk if team else None,
                    reden=form.cleaned_data["reden"],
                )
            except DomainError as fout:
                fout_in_formulier(form, fout)
            else:
                messages.success(
                    request,
                    _("Melding %(nummer)s staat nu bij %(team)s.")
                    % {"nummer": melding.nummer, "team": team},
                )
                return redirect(reverse("triagelijst_organisatie"))
        status = 400
    else:
        form = AnderTeamForm(melding=melding)
    context = {"melding": melding, "form": form, "mag": melding.status in services.VERPLAATSBAAR}
    return render(request, "meldingen/melding_ander_team.html", context, status=status)


urlpatterns = [
    path("meldingen/<nummer:nummer>/ander-team/", melding_ander_team, name="melding_ander_team"),
]
