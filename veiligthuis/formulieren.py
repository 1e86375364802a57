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


class LeegFormulier:
    """An empty (unbound) form as a template shows it, each field rendered once per process.

    An empty form with fixed choices renders the same HTML on every view, yet the dossier's seven
    took a third of its time (measured: 41 → 35 ms for three of them at 1 000 000 meldingen). A
    field's HTML is made from the real form the first time a template asks for it, and kept per
    form class, prefix, field, language and date (an initial value may be today's date). Only for
    a form nobody has submitted: a form that comes back with errors is passed as itself.

    Templates use it as the form: `form.veld.as_field_group`, `form.errors` (empty) and
    `form.non_field_errors` (nothing); a field the form does not have is missing, as on the form.
    Not for forms whose choices come from the database.
    """

    _html: dict[tuple, str] = {}
    _dag: object = None

    def __init__(self, klasse: type[forms.Form], *, prefix: str) -> None:
        self.klasse = klasse
        self.prefix = prefix
        self.errors: dict = {}

    def __bool__(self) -> bool:
        return True

    def non_field_errors(self) -> str:
        return ""

    def __getitem__(self, naam: str) -> _LeegVeld:
        # Fields a form adds in __init__ (e.g. by a keyword) are not declared: only declared ones.
        if naam not in self.klasse.base_fields:
            raise KeyError(naam)
        return _LeegVeld(self, naam)

    def html(self, naam: str) -> str:
        from django.utils import timezone, translation
        from django.utils.safestring import mark_safe

        vandaag = timezone.localdate()
        if LeegFormulier._dag != vandaag:  # yesterday's initial dates go
            LeegFormulier._html = {}
            LeegFormulier._dag = vandaag
        sleutel = (self.klasse, self.prefix, naam, translation.get_language())
        html = LeegFormulier._html.get(sleutel)
        if html is None:
            html = str(self.klasse(prefix=self.prefix)[naam].as_field_group())
            LeegFormulier._html[sleutel] = html
        return mark_safe(html)  # noqa: S308 (Django's own rendering of the field, above)


class _LeegVeld:
    def __init__(self, formulier: LeegFormulier, naam: str) -> None:
        self._formulier = formulier
        self._naam = naam

    def as_field_group(self) -> str:
        return self._formulier.html(self._naam)

    def __str__(self) -> str:
        return self.as_field_group()
