"""Forms of the screening and triage pages. They check the shape of input only.

The rules (urgentie needed for "niet acuut", a tweede beoordelaar for "acuut", not oneself, a
"doorsturen aan" on akkoord) are the services'; their DomainErrors are shown next to these fields
by `veiligthuis.weergave.fout_in_formulier`, so the field names match the services' `velden`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from meldingen.keuzes import BFase, ScreeningUitkomst, Urgentie
from veiligthuis import termijnen
from veiligthuis.formulieren import (
    GEMEENTE_KEUZES,
    TEAM_KEUZES,
    GecachteModelKeuze,
    TeamOnderzoekerVeld,
)
from veiligthuis.models import Gemeente, Medewerker, Team

LEEG = [("", _("— kies —"))]
TRIAGE_URGENTIES = [
    (Urgentie.HOOG.value, Urgentie.HOOG.label),
    (Urgentie.MIDDEN.value, Urgentie.MIDDEN.label),
    (Urgentie.LAAG.value, Urgentie.LAAG.label),
]


def _keuzes_medewerkers(kandidaten: Iterable[Medewerker]) -> list[tuple[object, str]]:
    return LEEG + [(m.pk, str(m)) for m in kandidaten]


class TweedeBeoordelaarVeld(forms.IntegerField):
    """An id picked from a select of team onderzoekers; whether it is allowed is the service's rule."""

    widget = forms.Select

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Tweede beoordelaar"))
        super().__init__(**kwargs)

    def zet_kandidaten(self, kandidaten: Iterable[Medewerker]) -> None:
        self.widget.choices = _keuzes_medewerkers(kandidaten)


class ScreeningForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst van de screening"),
        choices=ScreeningUitkomst.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de uitkomst van de screening.")},
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Licht de uitkomst van de screening toe.")},
    )
    urgentie = forms.ChoiceField(
        label=_("Urgentie op de triagelijst"),
        choices=LEEG + TRIAGE_URGENTIES,
        required=False,
        help_text=_("Verplicht bij 'niet acuut'."),
    )
    tweede = TweedeBeoordelaarVeld(
        required=False,
        help_text=_("Verplicht bij 'acuut': onderdeel B start direct met u beiden."),
    )

    def __init__(self, *args, kandidaten: Iterable[Medewerker] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tweede"].zet_kandidaten(kandidaten)


class OverigeZorgForm(forms.Form):
    akkoord = forms.TypedChoiceField(
        label=_("Bent u het eens dat dit overige zorg is?"),
        choices=[
            ("ja", _("Ja, akkoord: doorsturen naar het lokaal veld")),
            (
                "nee",
                _(
                    "Nee: er zijn zorgen over huiselijk geweld of kindermishandeling; "
                    "de melding gaat op de triagelijst"
                ),
            ),
        ],
        coerce=lambda waarde: waarde == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u akkoord bent.")},
    )
    toelichting = forms.CharField(
        label=_("Toelichting op uw oordeel"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Licht het tweede oordeel toe.")},
    )
    doorsturen_aan = forms.CharField(
        label=_("Doorsturen aan"),
        max_length=200,
        required=False,
        help_text=_(
            "Bij akkoord verplicht: de organisatie in het lokaal veld, bijv. het wijkteam."
        ),
    )
    urgentie = forms.ChoiceField(
        label=_("Urgentie op de triagelijst"),
        choices=LEEG + TRIAGE_URGENTIES,
        required=False,
        help_text=_("Bij 'nee' verplicht."),
    )


class OppakkenForm(forms.Form):
    tweede = TweedeBeoordelaarVeld(
        error_messages={"required": _("Kies de tweede beoordelaar.")},
    )
    # The triagelijst's filters, so a refused pick-up can show the same list again.
    lijst = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args, kandidaten: Iterable[Medewerker] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tweede"].zet_kandidaten(kandidaten)
        # The form opens inside the list row: put the keyboard focus on its first choice.
        self.fields["tweede"].widget.attrs["autofocus"] = True


ZICHT_ACHTERSTALLIG = "achterstallig"


class SnelleSelect(forms.Select):
    """A <select> whose options are written in Python instead of one template per option.

    The filter lists every gemeente (342 in a national deployment) and, organisation-wide, every
    team: through Django's option templates that was a third of the triagelijst's render time.
    Same markup as the standard widget (its attributes, `selected`, every text escaped).
    """

    def render(self, name, value, attrs=None, renderer=None):
        gekozen = {str(v) for v in self.format_value(value)}
        opties = []
        for waarde, label in self.choices:
            tekst = str(waarde)
            selected = " selected" if tekst in gekozen else ""
            opties.append(f'<option value="{_esc(tekst)}"{selected}>{_esc(label)}</option>')
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(opties)),  # every part was escaped above
        )


def _esc(tekst) -> str:
    """Escape as the template would: safe strings as they are, everything else escaped."""
    return str(tekst) if hasattr(tekst, "__html__") else html.escape(str(tekst))


class TriagelijstFilterForm(forms.Form):
    """GET filters of the triagelijst. Invalid values are reported and left out of the filter."""

    team = GecachteModelKeuze(
        label=_("Team"),
        queryset=Team.objects.order_by("naam"),
        keuzecache=TEAM_KEUZES,
        required=False,
        empty_label=_("Alle teams"),
        widget=SnelleSelect,
    )
    gemeente = GecachteModelKeuze(
        label=_("Gemeente"),
        queryset=Gemeente.objects.order_by("naam"),
        keuzecache=GEMEENTE_KEUZES,
        required=False,
        empty_label=_("Alle gemeenten"),
        widget=SnelleSelect,
    )
    urgentie = forms.ChoiceField(
        label=_("Urgentie"),
        choices=[("", _("Alle urgenties")), *Urgentie.choices],
        required=False,
        widget=SnelleSelect,
    )
    termijn = forms.ChoiceField(
        label=_("Termijn"),
        choices=[
            ("", _("Alle termijnen")),
            (termijnen.STATUS_OP_TIJD, _("Op tijd")),
            (termijnen.STATUS_DREIGEND, _("Dreigend")),
            (termijnen.STATUS_OVERSCHREDEN, _("Overschreden")),
        ],
        required=False,
        widget=SnelleSelect,
    )
    zicht = forms.ChoiceField(
        label=_("Zicht op veiligheid"),
        choices=[("", _("Alle")), (ZICHT_ACHTERSTALLIG, _("Contact achterstallig"))],
        required=False,
        widget=SnelleSelect,
    )

    fase = forms.ChoiceField(
        label=_("Opgepakt en gestart"),
        choices=[("", _("Alle")), *BFase.choices],
        required=False,
        widget=SnelleSelect,
    )
    beoordelaar = TeamOnderzoekerVeld(
        label=_("Beoordelaar"),
        empty_label=_("Alle beoordelaars"),
        fout=_("Kies een onderzoeker van uw team als beoordelaar."),
        widget=SnelleSelect,
    )

    def __init__(
        self, *args, organisatiebreed: bool = False, team_id: int | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if not organisatiebreed:
            del self.fields["team"]
        # The caseload of the werkbegeleider page links here per onderzoeker of the own team.
        if team_id is None:
            del self.fields["beoordelaar"]
        else:
            self.fields["beoordelaar"].voor_team(team_id)

    def filterwaarden(self) -> dict:
        """The valid filter values; a rejected field (its error is shown) filters nothing."""
        self.is_valid()
        waarden = {}
        for naam, veld in self.fields.items():
            leeg = None if isinstance(veld, forms.ModelChoiceField) else ""
            waarden[naam] = self.cleaned_data.get(naam) or leeg
        return waarden
