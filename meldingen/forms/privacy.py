"""Forms of the destruction page. Shape only: the rules (exceptions, reasons, dates, roles) are the
services', shown next to these fields by `fout_in_formulier` (field names match `velden`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meldingen.models.privacy import UITZONDERINGEN


def _datumveld(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")},
    )


def _uitzonderingenveld() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Wettelijke uitzonderingen (Wmo 2015 art. 5.3.3 lid 2)"),
        choices=list(UITZONDERINGEN.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies een uitzondering uit de lijst.")},
    )


class AanbodForm(forms.Form):
    aangeboden_op = _datumveld(_("Aangeboden op"))
    aangeboden_aan = forms.CharField(
        label=_("Aangeboden aan"),
        max_length=200,
        required=False,
        help_text=_("Welke betrokkene(n), bijv. 'beide ouders'. Een naam is niet nodig."),
    )


class VerzoekForm(forms.Form):
    verzocht_door = forms.CharField(
        label=_("Verzocht door"),
        max_length=200,
        required=False,
        help_text=_("Welke betrokkene, bijv. 'moeder van het kind'. Een naam is niet nodig."),
    )
    ontvangen_op = _datumveld(_("Schriftelijk verzoek ontvangen op"))
    uitzonderingen = _uitzonderingenveld()
    toelichting = forms.CharField(
        label=_("Toelichting"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("toewijzen", _("Toewijzen: dossier vernietigen")), ("afwijzen", _("Afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies toewijzen of afwijzen.")},
    )
    uitzonderingen = _uitzonderingenveld()
    reden = forms.CharField(
        label=_("Reden (verplicht bij afwijzen)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
