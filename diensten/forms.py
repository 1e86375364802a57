"""Forms of the dienst pages. They check the shape of the input only; the services check the rules.

Fields the services require are `required=False` here on purpose: the service names what is
missing in its own words, next to the field (`veiligthuis.weergave.fout_in_formulier`), so the
field names match the services' `velden`. Choices offered in a select (directbetrokkenen,
types geweld, uitvoerders, ketenpartners) are ids or codes the service checks again; a value
outside the list reaches the service and is refused there with a Dutch message.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diensten.keuzes import (
    IN_BEHANDELING,
    ConclusieUitkomst,
    DienstStatus,
    DienstType,
    GesprekVorm,
    TerugkoppelingMoment,
    TerugkoppelingWijze,
    VoortijdigReden,
)
from veiligthuis.formulieren import TeamOnderzoekerVeld

LEEG = [("", _("— kies —"))]
DATUM_FORMATEN = ["%Y-%m-%d", "%d-%m-%Y"]
DATUMTIJD_FORMAAT = "%Y-%m-%dT%H:%M"
JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]
MAX_INDEX = 999


def _datum_veld(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATUM_FORMATEN,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in.")},
        **kwargs,
    )


def _tekst(label, *, rijen: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rijen}),
        **kwargs,
    )


class KeuzeIdVeld(forms.IntegerField):
    """An id picked from a select; whether it is allowed is the service's rule."""

    widget = forms.Select

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid": _("Kies een waarde uit de lijst.")})
        super().__init__(**kwargs)

    def zet_keuzes(self, keuzes: Iterable[tuple[object, str]]) -> None:
        self.widget.choices = [*LEEG, *keuzes]


class UitvoerderForm(forms.Form):
    uitvoerder = KeuzeIdVeld(label=_("Uitvoerder"))

    def __init__(self, *args, kandidaten=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["uitvoerder"].zet_keuzes((m.pk, str(m)) for m in kandidaten)


class GesprekForm(forms.Form):
    directbetrokkene = KeuzeIdVeld(label=_("Directbetrokkene"))
    datum = _datum_veld(_("Datum"))
    vorm = forms.ChoiceField(
        label=_("Vorm"),
        choices=GesprekVorm.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies gesprek, gezien, huisbezoek of telefonisch.")},
        help_text=_(
            "Kinderen vanaf 4 jaar worden gesproken in een gesprek of huisbezoek (telefonisch telt "
            "niet), jongere kinderen gezien. Het eerste gesprek of huisbezoek van de uitvoerder "
            "start de dienst."
        ),
    )
    toelichting = _tekst(_("Toelichting"), rijen=2)

    def __init__(self, *args, betrokkenen=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directbetrokkene"].zet_keuzes((r.betrokkene.pk, r.label) for r in betrokkenen)


class InformantForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200, required=False)
    organisatie = forms.CharField(label=_("Organisatie en functie"), max_length=200, required=False)
    datum = _datum_veld(_("Datum"))
    toestemming = forms.BooleanField(
        label=_("De betrokkenen hebben toestemming gegeven"), required=False
    )
    afweging = _tekst(
        _("Afweging zonder toestemming"),
        rijen=2,
        help_text=_("Verplicht als er geen toestemming is: waarom is de informant toch bevraagd?"),
    )
    informatie = _tekst(_("Wat vertelde de informant?"))


class ConclusieForm(forms.Form):
    aanleiding = forms.CharField(
        label=_("Type geweld"), required=False, max_length=30, widget=forms.Select
    )
    uitkomst = forms.ChoiceField(
        label=_("Conclusie"),
        choices=ConclusieUitkomst.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "Kies bevestigd, niet bevestigd, weerlegd of voortijdig afgesloten."
            )
        },
    )
    reden_voortijdig = forms.ChoiceField(
        label=_("Reden voortijdig afgesloten"),
        choices=[*LEEG, *VoortijdigReden.choices],
        required=False,
        help_text=_("Alleen bij 'voortijdig afgesloten'."),
        error_messages={"invalid_choice": _("Kies een reden uit de lijst.")},
    )
    toelichting = _tekst(_("Onderbouwing"))

    def __init__(self, *args, aanleidingen=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aanleiding"].widget.choices = [*LEEG, *aanleidingen]


class VoorwaardeForm(forms.Form):
    voorwaarde = _tekst(_("Voorwaarde"), rijen=2)
    voor_wie = forms.CharField(label=_("Voor wie"), max_length=200, required=False)
    sinds = _datum_veld(_("Geldt sinds"))
    hoe_gecontroleerd = _tekst(_("Hoe wordt het gecontroleerd?"), rijen=2)


class BevindingenForm(forms.Form):
    """V&V: the erkenning van de zorgen. Onderzoek: hoor en wederhoor and the uitkomsten."""

    erkenning_zorgen = _tekst(
        _("Erkenning van de zorgen door de directbetrokkenen"),
        help_text=_("Wat erkennen de directbetrokkenen, en waaraan willen zij werken?"),
    )
    hoor_en_wederhoor = _tekst(
        _("Hoor en wederhoor"),
        help_text=_("Wat zeiden de betrokkenen over de bevindingen van het onderzoek?"),
    )
    verzoek_raad = forms.BooleanField(
        label=_("Verzoek tot onderzoek aan de Raad voor de Kinderbescherming"), required=False
    )
    melding_politie = forms.BooleanField(
        label=_("Melding of aangifte bij de politie"), required=False
    )
    overdracht_vrijwillige_hulp = forms.BooleanField(
        label=_("Overdracht naar vrijwillige hulp"), required=False
    )

    ONDERZOEK = (
        "hoor_en_wederhoor",
        "verzoek_raad",
        "melding_politie",
        "overdracht_vrijwillige_hulp",
    )

    def __init__(self, *args, is_onderzoek: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        weg = ("erkenning_zorgen",) if is_onderzoek else self.ONDERZOEK
        for naam in weg:
            del self.fields[naam]


class AfwijkingForm(forms.Form):
    eis = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)
    reden = _tekst(_("Reden van de afwijking"), rijen=2)


class MonitoringStartenForm(forms.Form):
    vanaf = _datum_veld(
        _("Monitoring rekenen vanaf"),
        help_text=_("Leeg: vandaag. De momenten volgen na 1, 3, 6, 12 en 18 maanden."),
    )


class MonitoringsmomentForm(forms.Form):
    uitgevoerd_op = _datum_veld(_("Uitgevoerd op"), help_text=_("Leeg: vandaag."))
    voorwaarden_nagekomen = forms.ChoiceField(
        label=_("Zijn de voorwaarden nagekomen?"),
        choices=JA_NEE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee."), "invalid_choice": _("Kies ja of nee.")},
    )
    veilig = forms.ChoiceField(
        label=_("Is de veiligheid voldoende?"),
        choices=JA_NEE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee."), "invalid_choice": _("Kies ja of nee.")},
    )
    toelichting = _tekst(_("Toelichting"), rijen=2)


class AfsluitenForm(forms.Form):
    afsluitbrief_op = _datum_veld(_("Afsluitbrief verstuurd op"))
    ervaringsonderzoek = forms.BooleanField(
        label=_("Uitnodiging voor het ervaringsonderzoek meesturen"),
        required=False,
        initial=True,
    )
    contra_indicatie = _tekst(
        _("Contra-indicatie ervaringsonderzoek"),
        rijen=2,
        help_text=_("Verplicht als er geen uitnodiging wordt gestuurd."),
    )


class StoppenForm(forms.Form):
    reden = _tekst(_("Reden van het stoppen"), rijen=2)


# --- Overdracht ----------------------------------------------------------------------------------


class OverdrachtForm(forms.Form):
    ketenpartner = KeuzeIdVeld(label=_("Ketenpartner"))
    contactpersoon = forms.CharField(
        label=_("Contactpersoon bij de ketenpartner"), max_length=200, required=False
    )
    wachtlijst = forms.BooleanField(
        label=_("De ketenpartner heeft een wachtlijst: de dienst wacht op de ketenpartner"),
        required=False,
        help_text=_(
            "Tot de ketenpartner start houdt Veilig Thuis zicht op de veiligheid met "
            "overbruggingscontacten."
        ),
    )

    def __init__(self, *args, partners=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ketenpartner"].zet_keuzes(
            (
                p.pk,
                f"{p.naam} ({p.soort})" + (f" — {_('wachtlijst')}" if p.heeft_wachtlijst else ""),
            )
            for p in partners
        )


class OverdrachtNaBForm(forms.Form):
    """The receiver of an overdracht straight after B: a listed ketenpartner, or named."""

    ketenpartner = KeuzeIdVeld(label=_("Ketenpartner"))
    aan = forms.CharField(
        label=_("Of: overgedragen aan"),
        max_length=200,
        required=False,
        help_text=_("Bijv. de ouders en hun netwerk, of de huisarts die de hulp voortzet."),
    )
    contactpersoon = forms.CharField(label=_("Contactpersoon"), max_length=200, required=False)

    def __init__(self, *args, partners=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ketenpartner"].zet_keuzes((p.pk, f"{p.naam} ({p.soort})") for p in partners)


class AfspraakControleForm(forms.Form):
    nagekomen = forms.ChoiceField(
        label=_("Is de afspraak nagekomen?"),
        choices=JA_NEE,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies of de afspraak is nagekomen.")},
    )
    toelichting = _tekst(_("Wat liet de controle zien?"), rijen=2)


class AfspraakForm(forms.Form):
    """One veiligheidsafspraak row; inputs are named afspraak-<index>-<veld>."""

    wat = _tekst(_("Wat wordt er afgesproken?"), rijen=2)
    wie = forms.CharField(label=_("Wie doet het?"), max_length=200, required=False)
    uiterlijk = _datum_veld(_("Uiterlijk"))
    hoe_gecontroleerd = _tekst(_("Hoe wordt het gecontroleerd?"), rijen=2)

    def __init__(self, *args, index: int, focus: bool = False, **kwargs) -> None:
        kwargs.setdefault("prefix", f"afspraak-{index}")
        super().__init__(*args, **kwargs)
        self.index = index
        if focus:
            # htmx focuses an element with autofocus after swapping the new row in.
            self.fields["wat"].widget.attrs["autofocus"] = True


def rij_index(waarde) -> int | None:
    """The index of a row as the browser sent it; None when it is not a sensible number."""
    try:
        index = int(str(waarde))
    except ValueError:
        return None
    return index if 0 <= index <= MAX_INDEX else None


# --- Terugkoppeling ------------------------------------------------------------------------------


class TerugkoppelingForm(forms.Form):
    moment = forms.ChoiceField(
        label=_("Moment"),
        choices=TerugkoppelingMoment.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies het moment van de terugkoppeling.")},
    )
    wijze = forms.ChoiceField(
        label=_("Hoe is de melder geïnformeerd?"),
        choices=[*LEEG, *TerugkoppelingWijze.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies hoe de melder is geïnformeerd.")},
    )
    op = forms.DateTimeField(
        label=_("Wanneer"),
        required=False,
        input_formats=[DATUMTIJD_FORMAAT, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATUMTIJD_FORMAAT),
        error_messages={"invalid": _("Vul een geldige datum en tijd in.")},
    )
    toelichting = _tekst(
        _("Toelichting"),
        rijen=3,
        help_text=_(
            "Bijv. of er een vervolgtraject is gestart, wie het overnam en welke voorwaarden en "
            "monitoring voor de melder van belang zijn."
        ),
    )

    def __init__(self, *args, initial_moment: str = "", **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "op": timezone.localtime().replace(second=0, microsecond=0),
                "moment": initial_moment,
            },
        )
        super().__init__(*args, **kwargs)


# --- Lists ---------------------------------------------------------------------------------------


class DienstFilterForm(forms.Form):
    """GET filters of the diensten list. An invalid value is reported and filters nothing."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Alle open diensten")),
            (IN_BEHANDELING, _("Wacht op start of lopend")),
            *DienstStatus.choices,
        ],
        required=False,
    )
    type = forms.ChoiceField(
        label=_("Dienst"), choices=[("", _("Beide diensten")), *DienstType.choices], required=False
    )
    toegewezen = forms.ChoiceField(
        label=_("Toegewezen"),
        choices=[("", _("Met of zonder")), ("ja", _("Toegewezen")), ("nee", _("Niet toegewezen"))],
        required=False,
    )
    uitvoerder = TeamOnderzoekerVeld(
        label=_("Uitvoerder"),
        empty_label=_("Iedereen"),
        fout=_("Kies een onderzoeker van uw team als uitvoerder."),
    )

    def __init__(self, *args, team_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The caseload of the werkbegeleider page links here per onderzoeker of the own team.
        if team_id is None:
            del self.fields["uitvoerder"]
        else:
            self.fields["uitvoerder"].voor_team(team_id)

    def filterwaarden(self) -> dict:
        self.is_valid()
        gegevens = getattr(self, "cleaned_data", {})
        return {
            naam: gegevens.get(naam) or (None if naam == "uitvoerder" else "")
            for naam in self.fields
        }
