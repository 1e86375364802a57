"""Forms of the page "Directbetrokkenen wijzigen" and of correcting the soort melding."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meldingen.forms.dossier import datumtijd_veld
from meldingen.forms.intake import BetrokkeneForm, met_leeg
from meldingen.keuzes import RolInMelding, SoortMelding
from meldingen.models import InformeringWijze, NietInformerenGrond

REDEN = forms.CharField(
    label=_("Reden"),
    max_length=2000,
    required=False,
    widget=forms.Textarea(attrs={"rows": 2}),
)


class BetrokkeneToevoegenForm(BetrokkeneForm):
    """A new directbetrokkene: the intake row's fields, matched on saving (no search as you type:
    the service links a known BSN or strong match itself and offers a near match for review)."""

    toelichting = forms.CharField(
        label=_("Toelichting (optioneel)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, index=0, **kwargs)

    def _zoek_tijdens_typen(self) -> None:
        return None


class RolForm(forms.Form):
    rol = forms.ChoiceField(
        label=_("Juiste rol"),
        choices=met_leeg(RolInMelding.choices),
        error_messages={"required": _("Kies de juiste rol.")},
    )
    reden = REDEN


class HoortNietBijForm(forms.Form):
    reden = REDEN


class BrpToevoegenForm(forms.Form):
    bsn = forms.CharField(max_length=9, widget=forms.HiddenInput)
    rol = forms.ChoiceField(
        label=_("Rol in de melding"),
        choices=met_leeg(RolInMelding.choices),
        error_messages={"required": _("Kies de rol van deze persoon.")},
    )


class SoortForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Juiste soort melding"),
        choices=met_leeg(SoortMelding.choices),
        error_messages={"required": _("Kies de soort melding.")},
    )
    reden = REDEN


class InformerenForm(forms.Form):
    wijze = forms.ChoiceField(
        label=_("Hoe geïnformeerd"),
        choices=met_leeg(InformeringWijze.choices),
        required=False,
    )
    op = datumtijd_veld(_("Wanneer"))
    grond = forms.ChoiceField(
        label=_("Wettelijke grond (alleen bij niet informeren)"),
        choices=met_leeg(NietInformerenGrond.choices),
        required=False,
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
