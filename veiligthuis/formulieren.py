"""Form fields more than one app's forms share."""

from __future__ import annotations

from collections.abc import Callable

from django import forms

from veiligthuis.configuratie import GEMEENTEN, TEAMS, Configuratiecache
from veiligthuis.models import Gemeente, Medewerker, Team, team_onderzoekers


class TeamOnderzoekerVeld(forms.ModelChoiceField):
    """An optional choice of one of the team's active onderzoekers (`team_onderzoekers`): the
    triagelijst's beoordelaar and the diensten list's uitvoerder, which the werkbegeleider
    page's caseload links to. Empty until the form calls `voor_team`."""

    def __init__(self, *, label: str, empty_label: str, fout: str, **kwargs) -> None:
        super().__init__(
            queryset=Medewerker.objects.none(),
            required=False,
            label=label,
            empty_label=empty_label,
            error_messages={"invalid_choice": fout},
            **kwargs,
        )

    def voor_team(self, team_id: int) -> None:
        self.queryset = team_onderzoekers(team_id)


class _GecachteKeuzes(forms.models.ModelChoiceIterator):
    """The choices from the process's copy of the table: no query, no instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.keuzecache.waarde()

    def __len__(self) -> int:
        return len(self.field.keuzecache.waarde()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.keuzecache.waarde())


class GecachteModelKeuze(forms.ModelChoiceField):
    """A choice of any row of a small, stable table (all gemeenten, all teams), offered from the
    process's copy of (pk, naam) pairs (`veiligthuis.configuratie`). The queryset still
    validates a submitted value (one query, only then)."""

    iterator = _GecachteKeuzes

    def __init__(self, *, keuzecache: Configuratiecache, **kwargs) -> None:
        self.keuzecache = keuzecache
        super().__init__(**kwargs)


def _namen(model) -> Callable[[], tuple[tuple[int, str], ...]]:
    return lambda: tuple(model.objects.order_by("naam", "pk").values_list("pk", "naam"))


GEMEENTE_KEUZES = Configuratiecache(GEMEENTEN, _namen(Gemeente))
TEAM_KEUZES = Configuratiecache(TEAMS, _namen(Team))
