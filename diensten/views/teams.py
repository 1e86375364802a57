"""Browser page "Naar ander team" of a vervolgdienst that waits for its start.

Reached from the dienstenlijst. It shows only what that list shows (number, type, team, state,
termijn): a regiomanager moving another team's dienst does not get to read its dossier.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from diensten.models import Vervolgdienst
from diensten.services import teams as services
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Rol, Team
from veiligthuis.rechten import eis_rol
from veiligthuis.weergave import fout_in_formulier


class DienstAnderTeamForm(forms.Form):
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team dat de dienst overneemt"),
        queryset=Team.objects.none(),
        empty_label=gettext_lazy("— kies —"),
        required=False,
    )
    reden = forms.CharField(
        label=gettext_lazy("Reden"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Bijvoorbeeld: het flexteam start de langst wachtende diensten."),
    )

    def __init__(self, *args, dienst: Vervolgdienst, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.exclude(pk=dienst.melding.team_id).order_by(
            "naam"
        )


@require_http_methods(["GET", "POST"])
def dienst_ander_team(request: HttpRequest, pk: int) -> HttpResponse:
    eis_rol(
        request.user,
        Rol.WERKBEGELEIDER,
        Rol.REGIOMANAGER,
        actie=_("een dienst naar een ander team verplaatsen"),
    )
    dienst = (
        Vervolgdienst.objects.select_related("melding__team", "uitvoerder").filter(pk=pk).first()
    )
    if dienst is None or not services.mag_dienst_verplaatsen(request.user, dienst):
        raise Http404(_("Deze dienst bestaat niet of u mag haar niet verplaatsen."))
    status = 200
    if request.method == "POST":
        form = DienstAnderTeamForm(request.POST, dienst=dienst)
        if form.is_valid():
            team = form.cleaned_data["team"]
            try:
                services.dienst_naar_ander_team(
                    dienst_id=dienst.pk,
                    door=request.user,
                    team_id=team.pk if team else None,
                    reden=form.cleaned_data["reden"],
                )
            except DomainError as fout:
                fout_in_formulier(form, fout)
            else:
                messages.success(
                    request,
                    _("De dienst van melding %(nummer)s staat nu bij %(team)s.")
                    % {"nummer": dienst.melding.nummer, "team": team},
                )
                return redirect("dienst_lijst")
        status = 400
    else:
        form = DienstAnderTeamForm(dienst=dienst)
    context = {"dienst": dienst, "form": form, "mag": dienst.status in services.VERPLAATSBAAR}
    return render(request, "diensten/dienst_ander_team.html", context, status=status)
