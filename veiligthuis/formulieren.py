"""Form fields more than one app's forms share."""

from __future__ import annotations

from django import forms

from veiligthuis.models import Medewerker, team_onderzoekers


class TeamOnderzoekerVeld(forms.ModelChoiceField):
    """An optional choice of one of the team's active onderzoekers (`team_onderzoekers`): the
    triagelijst's beoordelaar and the diensten list's uitvoerder, which the werkbegeleider
    page's caseload links to. Empty until the form calls `voor_team`."""

    def __init__(self, *, label: str, empty_label: str, fout: str) -> None:
        super().__init__(
            queryset=Medewerker.objects.none(),
            required=False,
            label=label,
            empty_label=empty_label,
            error_messages={"invalid_choice": fout},
        )

    def voor_team(self, team_id: int) -> None:
        self.queryset = team_onderzoekers(team_id)
