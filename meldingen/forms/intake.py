"""Forms of the intake pages (adviezen, melding registration). They check shape only; the intake
services decide what the rules allow and raise DomainError with Dutch messages otherwise. One rule
is asked from the service already in the form (the moment of receipt), so that its error shows in
the same round as the missing fields."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldingen.keuzes import (
    Aanleiding,
    Aard,
    AdviesStatus,
    Geslacht,
    Hoedanigheid,
    Kanaal,
    RolInMelding,
)
from meldingen.selectors.personen import Koppeling, normaliseer_bsn
from meldingen.services.intake import (
    AdresGegevens,
    BetrokkeneGegevens,
    MelderGegevens,
    MeldingGegevens,
    controleer_ontvangen_op,
)
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Gemeente, Team
from veiligthuis.validators import valideer_bsn, valideer_niet_in_toekomst

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DATUMFORMATEN = ["%Y-%m-%d", "%d-%m-%Y"]
TIJDFORMATEN = ["%H:%M", "%H:%M:%S"]
VERPLICHT = _("Dit veld is verplicht.")

# Prefix of the inputs of one directbetrokkene row: "db-<index>-<veld>".
RIJ_PREFIX = "db"
MAX_RIJEN = 40
MAX_INDEX = 999


def hoedanigheid_keuzes() -> list:
    """Hoedanigheden grouped as the Informatieprotocol does: beroepsmatig / niet-beroepsmatig."""
    beroepsmatig = Hoedanigheid.beroepsmatig()
    return [
        ("", KIES),
        (_("Beroepsmatig"), [(h.value, h.label) for h in Hoedanigheid if h in beroepsmatig]),
        (
            _("Niet-beroepsmatig"),
            [(h.value, h.label) for h in Hoedanigheid if h not in beroepsmatig],
        ),
    ]


KIES = _("— Kies —")


def met_leeg(keuzes, label=KIES) -> list:
    return [("", label), *keuzes]


def ontvangst_nu() -> dict:
    """Initial values for "ontvangen op": now, in Europe/Amsterdam."""
    nu = timezone.now().astimezone(AMSTERDAM)
    return {
        "ontvangen_datum": nu.date(),
        "ontvangen_tijd": nu.time().replace(second=0, microsecond=0),
    }


class IntakeForm(forms.Form):
    """Common set-up: no English label suffix, and ontvangen op as separate date and time inputs."""

    # Service field names that these forms show under another name.
    ALIASSEN: dict[str, str] = {"ontvangen_op": "ontvangen_datum"}

    ontvangen_datum = forms.DateField(
        label=_("Ontvangen op (datum)"),
        input_formats=DATUMFORMATEN,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum van ontvangst in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    ontvangen_tijd = forms.TimeField(
        label=_("Ontvangen op (tijd)"),
        input_formats=TIJDFORMATEN,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Vul de tijd van ontvangst in."),
            "invalid": _("Vul een geldige tijd in (uu:mm)."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        datum, tijd = data.get("ontvangen_datum"), data.get("ontvangen_tijd")
        if datum and tijd:
            data["ontvangen_op"] = datetime.combine(datum, tijd, tzinfo=AMSTERDAM)
        # The service's rule for the moment of receipt, asked here as well: otherwise a date in
        # the future is only reported after every other field is right, in a second round. With
        # the time missing, the start of the day decides (if that is in the future, so is any
        # time on it).
        if datum:
            moment = data.get("ontvangen_op") or datetime.combine(datum, time.min, tzinfo=AMSTERDAM)
            try:
                controleer_ontvangen_op(moment)
            except DomainError as fout:
                self.add_error("ontvangen_datum", fout.velden.get("ontvangen_op", fout.message))
        return data


class AdviesForm(IntakeForm):
    """An advies. Deliberately without any field for directbetrokkenen (DOMAIN.md §2)."""

    kanaal = forms.ChoiceField(
        label=_("Kanaal"),
        choices=met_leeg(Kanaal.choices),
        error_messages={"required": _("Kies het kanaal.")},
    )
    hoedanigheid = forms.ChoiceField(
        label=_("Adviesvrager"),
        choices=hoedanigheid_keuzes(),
        help_text=_("In welke hoedanigheid vraagt deze persoon advies?"),
        error_messages={"required": _("Kies de hoedanigheid van de adviesvrager.")},
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Gemeente.objects.all(),
        required=False,
        empty_label=_("— Onbekend —"),
    )
    aanleiding = forms.ChoiceField(
        label=_("Type geweld"),
        choices=met_leeg(Aanleiding.choices),
        error_messages={"required": _("Kies het type geweld.")},
    )
    onderwerp = forms.CharField(
        label=_("Onderwerp"),
        max_length=200,
        error_messages={"required": _("Vul het onderwerp in.")},
    )
    samenvatting = forms.CharField(
        label=_("Samenvatting van het advies"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Geen namen of andere gegevens van de mensen over wie het advies gaat."),
        error_messages={"required": _("Vul een samenvatting van het advies in.")},
    )
    naam_toestemming = forms.BooleanField(
        label=_("De adviesvrager geeft toestemming om de eigen naam vast te leggen"),
        required=False,
    )
    adviesvrager_naam = forms.CharField(
        label=_("Naam adviesvrager"),
        max_length=200,
        required=False,
        help_text=_(
            "Alleen invullen als het vakje hierboven is aangevinkt: zonder toestemming wordt "
            "geen naam vastgelegd. Anoniem advies mag."
        ),
    )

    def service_argumenten(self) -> dict:
        data = self.cleaned_data
        return {
            "ontvangen_op": data["ontvangen_op"],
            "kanaal": data["kanaal"],
            "hoedanigheid": data["hoedanigheid"],
            "aanleiding": data["aanleiding"],
            "onderwerp": data["onderwerp"],
            "samenvatting": data["samenvatting"],
            "gemeente_id": data["gemeente"].pk if data["gemeente"] else None,
            "adviesvrager_naam": data["adviesvrager_naam"],
            "naam_toestemming": data["naam_toestemming"],
        }


class AdviesFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=met_leeg(AdviesStatus.choices, _("Alle statussen")),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MeldingForm(IntakeForm):
    """The melding itself, its melder and the huishouden; directbetrokkenen are BetrokkeneForms."""

    ALIASSEN = {
        **IntakeForm.ALIASSEN,
        "melder.hoedanigheid": "melder_hoedanigheid",
        "melder.naam": "melder_naam",
        "melder.email": "melder_email",
    }

    kanaal = forms.ChoiceField(
        label=_("Kanaal"),
        choices=met_leeg(Kanaal.choices),
        error_messages={"required": _("Kies het kanaal.")},
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Gemeente.objects.all(),
        required=False,
        empty_label=_("— Onbekend —"),
        help_text=_("Het team volgt uit de gemeente, tenzij u hieronder zelf een team kiest."),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.all(),
        required=False,
        empty_label=_("— Volgt uit de gemeente —"),
    )
    melder_hoedanigheid = forms.ChoiceField(
        label=_("Hoedanigheid melder"),
        choices=hoedanigheid_keuzes(),
        error_messages={"required": _("Kies de hoedanigheid van de melder.")},
    )
    melder_naam = forms.CharField(label=_("Naam melder"), max_length=200, required=False)
    melder_organisatie = forms.CharField(label=_("Organisatie"), max_length=200, required=False)
    melder_telefoon = forms.CharField(
        label=_("Telefoon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    melder_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    melder_identiteit_delen = forms.BooleanField(
        label=_("De identiteit van de melder mag gedeeld worden met de betrokkenen"),
        required=False,
    )
    melder_zet_hulp_voort = forms.BooleanField(
        label=_("De professional zet de hulp aan het huishouden zelf voort"),
        required=False,
    )
    aanleidingen = forms.MultipleChoiceField(
        label=_("Aanleiding (type geweld)"),
        choices=Aanleiding.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één aanleiding.")},
    )
    aarden = forms.MultipleChoiceField(
        label=_("Aard van het geweld"),
        choices=Aard.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    straat = forms.CharField(label=_("Straat"), max_length=200, required=False)
    huisnummer = forms.CharField(label=_("Huisnummer"), max_length=20, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        validators=[
            RegexValidator(
                r"^\d{4}\s?[A-Za-z]{2}$", _("Een postcode bestaat uit 4 cijfers en 2 letters.")
            )
        ],
    )
    woonplaats = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)
    samenvatting = forms.CharField(
        label=_("Zorgen volgens de melder"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Beschrijf de zorgen van de melder.")},
    )

    def gegevens(self, betrokkenen: list[BetrokkeneGegevens]) -> MeldingGegevens:
        """The service input, built from valid data."""
        data = self.cleaned_data
        return MeldingGegevens(
            ontvangen_op=data["ontvangen_op"],
            kanaal=data["kanaal"],
            samenvatting=data["samenvatting"],
            melder=MelderGegevens(
                hoedanigheid=data["melder_hoedanigheid"],
                naam=data["melder_naam"],
                organisatie=data["melder_organisatie"],
                telefoon=data["melder_telefoon"],
                email=data["melder_email"],
                identiteit_delen=data["melder_identiteit_delen"],
                zet_hulp_voort=data["melder_zet_hulp_voort"],
            ),
            directbetrokkenen=betrokkenen,
            aanleidingen=list(data["aanleidingen"]),
            aarden=list(data["aarden"]),
            gemeente_id=data["gemeente"].pk if data["gemeente"] else None,
            team_id=data["team"].pk if data["team"] else None,
            adres=AdresGegevens(
                straat=data["straat"],
                huisnummer=data["huisnummer"],
                postcode=data["postcode"],
                woonplaats=data["woonplaats"],
            ),
        )


# Fields of a row that describe the person; a row linked to a known person keeps them hidden.
PERSOONSVELDEN = (
    "voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "geslacht",
    "bsn",
    "ongeboren",
)
ZOEKVELDEN = ("bsn", "achternaam", "geboortedatum")


class BetrokkeneForm(forms.Form):
    """One directbetrokkene row, named "db-<index>-<veld>" so rows can be added and removed freely.

    A row either describes a new person, or carries the id of a known person it was linked to
    (then the person fields are kept as hidden values and not validated: the service links).
    """

    rol = forms.ChoiceField(
        label=_("Rol in de melding"),
        choices=met_leeg(RolInMelding.choices),
        error_messages={"required": _("Kies de rol van deze persoon.")},
    )
    # Required unless the child is not born yet (checked in clean, and by the service).
    voornamen = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    tussenvoegsel = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    achternaam = forms.CharField(
        label=_("Achternaam"),
        max_length=200,
        error_messages={"required": _("De achternaam is verplicht.")},
    )
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        input_formats=DATUMFORMATEN,
        validators=[valideer_niet_in_toekomst],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    geslacht = forms.ChoiceField(
        label=_("Geslacht"), choices=Geslacht.choices, initial=Geslacht.ONBEKEND, required=False
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=12,
        help_text=_("Leeg laten als het onbekend is."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    ongeboren = forms.BooleanField(
        label=_("Ongeboren kind"),
        required=False,
        help_text=_("Een kind dat nog niet geboren is: geen geboortedatum en geen BSN."),
    )
    persoon_id = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Onbekende persoon.")},
    )

    def __init__(self, *args, index: int, focus: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, prefix=f"{RIJ_PREFIX}-{index}", **kwargs)
        self.index = index
        self.gekoppelde_persoon = None  # a Kandidaat, set by the view for a linked row
        self.koppel_fout = ""  # why a link was refused, set by the view
        self.gekoppeld = bool(self._ruwe_waarde("persoon_id"))
        if self.gekoppeld:
            for naam in PERSOONSVELDEN:
                self.fields[naam] = forms.CharField(required=False, widget=forms.HiddenInput)
        else:
            self._zoek_tijdens_typen()
        if focus:
            self.fields["rol"].widget.attrs["autofocus"] = True

    @property
    def heeft_fouten(self) -> bool:
        return bool(self.errors or self.koppel_fout)

    def _ruwe_waarde(self, naam: str) -> str:
        if self.is_bound:
            return (self.data.get(self.add_prefix(naam)) or "").strip()
        return str(self.initial.get(naam) or "").strip()

    def _zoek_tijdens_typen(self) -> None:
        """Typing a BSN, achternaam or geboortedatum asks the server for known persons."""
        attrs = {
            "hx-post": reverse("persoon_kandidaten"),
            "hx-trigger": "keyup changed delay:400ms, change",
            "hx-target": f"#kandidaten-{self.index}",
            "hx-swap": "innerHTML",
            "hx-vals": f'{{"index": "{self.index}"}}',
            "aria-controls": f"kandidaten-{self.index}",
        }
        for naam in ZOEKVELDEN:
            self.fields[naam].widget.attrs.update(attrs)

    def clean_bsn(self) -> str:
        bsn = normaliseer_bsn(self.cleaned_data.get("bsn"))
        if not self.gekoppeld:
            valideer_bsn(bsn)
        return bsn

    def clean(self) -> dict:
        data = super().clean()
        if not self.gekoppeld and not data.get("ongeboren") and not data.get("voornamen"):
            self.add_error("voornamen", _("De voornaam is verplicht."))
        return data

    def zoekgegevens(self) -> dict:
        """BSN, achternaam and geboortedatum as typed, for person matching (valid or not)."""
        return {
            "bsn": self._ruwe_waarde("bsn"),
            "achternaam": self._ruwe_waarde("achternaam"),
            "geboortedatum": lees_datum(self._ruwe_waarde("geboortedatum")),
        }

    def koppeling(self) -> Koppeling | None:
        try:
            persoon_id = int(self._ruwe_waarde("persoon_id"))
        except ValueError:
            return None
        return Koppeling(persoon_id=persoon_id, **self.zoekgegevens())

    def gegevens(self) -> BetrokkeneGegevens:
        data = self.cleaned_data
        if self.gekoppeld:
            # The search data travel along: the service only links a person they really find.
            zoek = self.zoekgegevens()
            return BetrokkeneGegevens(
                rol=data["rol"],
                persoon_id=data["persoon_id"],
                bsn=zoek["bsn"] or None,
                achternaam=zoek["achternaam"] or "",
                geboortedatum=zoek["geboortedatum"],
            )
        return BetrokkeneGegevens(
            rol=data["rol"],
            voornamen=data["voornamen"],
            tussenvoegsel=data["tussenvoegsel"],
            achternaam=data["achternaam"],
            geboortedatum=data["geboortedatum"],
            geslacht=data["geslacht"] or Geslacht.ONBEKEND,
            bsn=data["bsn"] or None,
            ongeboren=data["ongeboren"],
        )


def lees_datum(tekst: str | None) -> date | None:
    """A date typed as 2015-06-01 or 01-06-2015; None when it is not one."""
    for formaat in DATUMFORMATEN:
        try:
            return datetime.strptime((tekst or "").strip(), formaat).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def rij_index(waarde) -> int | None:
    """The index of a row as sent by the browser; None when it is not a sensible number."""
    try:
        index = int(str(waarde))
    except ValueError:
        return None
    return index if 0 <= index <= MAX_INDEX else None
