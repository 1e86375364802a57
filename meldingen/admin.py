"""Beheer maintains the afwegingskader here; case content has no admin pages."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meldingen.afwegingskader import deskundige_label
from meldingen.models import Afwegingsregel
from veiligthuis.admin import BeheerModelAdmin
from veiligthuis.models import Aandachtsgebied, Rol

DESKUNDIGHEDEN = [
    (r, Rol(r).label)
    for r in (Rol.GEDRAGSWETENSCHAPPER, Rol.VERTROUWENSARTS, Rol.AANDACHTFUNCTIONARIS)
] + [
    (f"{Rol.AANDACHTFUNCTIONARIS}:{g}", deskundige_label(f"{Rol.AANDACHTFUNCTIONARIS}:{g}"))
    for g in Aandachtsgebied.values
]


class AfwegingsregelForm(forms.ModelForm):
    deskundigen = forms.MultipleChoiceField(
        label=_("vereiste deskundigen"),
        choices=DESKUNDIGHEDEN,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Afwegingsregel
        fields = [
            "naam",
            "trigger_soort",
            "trigger_waarde",
            "vorm",
            "deskundigen",
            "een_van",
            "actief",
        ]


@admin.register(Afwegingsregel)
class AfwegingsregelAdmin(BeheerModelAdmin):
    form = AfwegingsregelForm
    list_display = ["naam", "trigger_soort", "trigger_waarde", "vorm", "een_van", "actief"]
    list_filter = ["actief", "trigger_soort", "vorm"]
