"""API shapes. They validate form only; every rule of the process lives in the services."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meldingen.keuzes import (
    Aanleiding,
    Aard,
    Antwoord,
    BesluitRoute,
    BijlageSoort,
    Geslacht,
    Hoedanigheid,
    JournaalSoort,
    Kanaal,
    RolInMelding,
    ScreeningUitkomst,
    Signaal,
    SoortMelding,
    Urgentie,
)
from meldingen.models import (
    Advies,
    Besluit,
    Bijlage,
    Directbetrokkene,
    Melder,
    Melding,
    Statuswijziging,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
)
from meldingen.services import AdresGegevens, BetrokkeneGegevens, MelderGegevens, MeldingGegevens
from veiligthuis.documenten import max_grootte
from veiligthuis.validators import valideer_bsn, valideer_niet_in_toekomst

# --- adviezen -------------------------------------------------------------------------------


class AdviesSerializer(serializers.ModelSerializer):
    team = serializers.StringRelatedField()
    gemeente = serializers.StringRelatedField(allow_null=True)
    gegeven_door = serializers.StringRelatedField()
    melding = serializers.SlugRelatedField(slug_field="nummer", read_only=True, allow_null=True)

    class Meta:
        model = Advies
        fields = [
            "nummer",
            "status",
            "ontvangen_op",
            "kanaal",
            "hoedanigheid",
            "adviesvrager_naam",
            "naam_toestemming",
            "gemeente",
            "team",
            "aanleiding",
            "onderwerp",
            "samenvatting",
            "gegeven_door",
            "afgerond_op",
            "melding",
        ]
        read_only_fields = fields


class AdviesInvoerSerializer(serializers.Serializer):
    ontvangen_op = serializers.DateTimeField()
    kanaal = serializers.ChoiceField(choices=Kanaal.choices)
    hoedanigheid = serializers.ChoiceField(choices=Hoedanigheid.choices)
    aanleiding = serializers.ChoiceField(choices=Aanleiding.choices)
    onderwerp = serializers.CharField(max_length=200)
    samenvatting = serializers.CharField()
    gemeente = serializers.IntegerField(required=False, allow_null=True)
    adviesvrager_naam = serializers.CharField(max_length=200, required=False, allow_blank=True)
    naam_toestemming = serializers.BooleanField(required=False, default=False)

    def service_argumenten(self) -> dict:
        data = dict(self.validated_data)
        data["gemeente_id"] = data.pop("gemeente", None)
        return data


# --- meldingen: input ----------------------------------------------------------------------


class MelderInvoerSerializer(serializers.Serializer):
    hoedanigheid = serializers.ChoiceField(choices=Hoedanigheid.choices)
    naam = serializers.CharField(max_length=200, required=False, allow_blank=True)
    organisatie = serializers.CharField(max_length=200, required=False, allow_blank=True)
    telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    identiteit_delen = serializers.BooleanField(required=False, default=False)
    zet_hulp_voort = serializers.BooleanField(required=False, default=False)


class BetrokkeneInvoerSerializer(serializers.Serializer):
    rol = serializers.ChoiceField(choices=RolInMelding.choices)
    persoon_id = serializers.IntegerField(required=False, allow_null=True)
    voornamen = serializers.CharField(max_length=200, required=False, allow_blank=True)
    tussenvoegsel = serializers.CharField(max_length=20, required=False, allow_blank=True)
    achternaam = serializers.CharField(max_length=200, required=False, allow_blank=True)
    geboortedatum = serializers.DateField(
        required=False, allow_null=True, validators=[valideer_niet_in_toekomst]
    )
    geslacht = serializers.ChoiceField(
        choices=Geslacht.choices, required=False, default=Geslacht.ONBEKEND
    )
    bsn = serializers.CharField(
        max_length=9, required=False, allow_blank=True, allow_null=True, validators=[valideer_bsn]
    )
    ongeboren = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Een kind dat nog niet geboren is: zonder geboortedatum en BSN, voornaam mag leeg.",
    )

    def validate(self, attrs: dict) -> dict:
        voornaam = attrs.get("voornamen", "").strip() or attrs.get("ongeboren")
        if not attrs.get("persoon_id") and not (voornaam and attrs.get("achternaam", "").strip()):
            raise serializers.ValidationError(
                "Kies een bestaande persoon of vul voornaam en achternaam in."
            )
        return attrs


class AdresInvoerSerializer(serializers.Serializer):
    straat = serializers.CharField(max_length=200, required=False, allow_blank=True)
    huisnummer = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True)
    woonplaats = serializers.CharField(max_length=100, required=False, allow_blank=True)


def soort_volgens_afzender() -> serializers.ChoiceField:
    """The optional soort an intake may send; the service derives the real one (both APIs)."""
    return serializers.ChoiceField(
        choices=SoortMelding.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Optioneel: de soort volgens de afzender. Het systeem bepaalt de soort zelf uit "
        "de eerdere meldingen over dezelfde personen en hetzelfde adres; wijkt die af, dan staat "
        "dat in het journaal.",
    )


class MeldingInvoerSerializer(serializers.Serializer):
    ontvangen_op = serializers.DateTimeField()
    kanaal = serializers.ChoiceField(choices=Kanaal.choices)
    soort = soort_volgens_afzender()
    samenvatting = serializers.CharField()
    gemeente = serializers.IntegerField(required=False, allow_null=True)
    team = serializers.IntegerField(required=False, allow_null=True)
    melder = MelderInvoerSerializer()
    directbetrokkenen = BetrokkeneInvoerSerializer(many=True, allow_empty=False)
    aanleidingen = serializers.ListField(
        child=serializers.ChoiceField(choices=Aanleiding.choices), allow_empty=False
    )
    aarden = serializers.ListField(
        child=serializers.ChoiceField(choices=Aard.choices), required=False, default=list
    )
    adres = AdresInvoerSerializer(required=False, allow_null=True)

    def gegevens(self) -> MeldingGegevens:
        d = self.validated_data
        return MeldingGegevens(
            ontvangen_op=d["ontvangen_op"],
            kanaal=d["kanaal"],
            soort=d.get("soort"),
            samenvatting=d["samenvatting"],
            gemeente_id=d.get("gemeente"),
            team_id=d.get("team"),
            melder=MelderGegevens(**d["melder"]),
            directbetrokkenen=[BetrokkeneGegevens(**b) for b in d["directbetrokkenen"]],
            aanleidingen=d["aanleidingen"],
            aarden=d["aarden"],
            adres=AdresGegevens(**d["adres"]) if d.get("adres") else None,
        )


class ScreenSerializer(serializers.Serializer):
    uitkomst = serializers.ChoiceField(choices=ScreeningUitkomst.choices)
    toelichting = serializers.CharField()
    tweede = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Bij acuut: id van de tweede beoordelaar; onderdeel B start dan direct.",
    )
    urgentie = serializers.ChoiceField(
        choices=[(u, label) for u, label in Urgentie.choices if u != Urgentie.ACUUT],
        required=False,
        allow_blank=True,
        default="",
    )


class OverigeZorgSerializer(serializers.Serializer):
    akkoord = serializers.BooleanField()
    toelichting = serializers.CharField()
    doorsturen_aan = serializers.CharField(max_length=200, required=False, allow_blank=True)
    urgentie = serializers.CharField(required=False, allow_blank=True, default="")


class OppakkenSerializer(serializers.Serializer):
    tweede = serializers.IntegerField(help_text="Id van de tweede beoordelaar (onderzoeker).")


class TriageInstrumentSerializer(serializers.Serializer):
    acute_onveiligheid = serializers.ChoiceField(choices=Antwoord.choices, required=False)
    structurele_onveiligheid = serializers.ChoiceField(choices=Antwoord.choices, required=False)
    disfunctioneren = serializers.ChoiceField(choices=Antwoord.choices, required=False)
    zorgen_ontwikkeling = serializers.ChoiceField(choices=Antwoord.choices, required=False)
    signalen = serializers.CharField(required=False, allow_blank=True, default="")
    eerdere_meldingen = serializers.CharField(required=False, allow_blank=True, default="")
    signaalcodes = serializers.MultipleChoiceField(
        choices=Signaal.choices,
        required=False,
        help_text="De aangekruiste signalen (vervangt de vorige keuze); weglaten laat ze staan.",
    )
    reden_wijziging = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht bij het verwijderen van een signaal waarop het afwegingskader een "
        "consult eist.",
    )


class BesluitInvoerSerializer(serializers.Serializer):
    route = serializers.ChoiceField(choices=BesluitRoute.choices)
    onderbouwing = serializers.CharField(
        allow_blank=True, help_text="Navolgbaar: minstens 30 letters of cijfers."
    )
    overdracht_aan = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reden_geen_contact = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht als er geen gesprek of huisbezoek met een directbetrokkene is.",
    )


class HerprioriterenSerializer(serializers.Serializer):
    urgentie = serializers.ChoiceField(choices=Urgentie.choices)
    reden = serializers.CharField(allow_blank=True)


class AardInvoerSerializer(serializers.Serializer):
    aarden = serializers.MultipleChoiceField(choices=Aard.choices, allow_empty=True)
    reden = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht bij het verwijderen van een aard.",
    )


class RedenSerializer(serializers.Serializer):
    reden = serializers.CharField()


class ToelichtingSerializer(serializers.Serializer):
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class JournaalInvoerSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=JournaalSoort.choices)
    bron = serializers.CharField(max_length=200)
    tekst = serializers.CharField()


# --- meldingen: output ---------------------------------------------------------------------


class MeldingLijstSerializer(serializers.ModelSerializer):
    team = serializers.StringRelatedField()
    gemeente = serializers.StringRelatedField(allow_null=True)
    beoordelaar_1 = serializers.StringRelatedField(allow_null=True)
    beoordelaar_2 = serializers.StringRelatedField(allow_null=True)
    # Empty until screening sets it; declared so the schema allows the blank value.
    urgentie = serializers.ChoiceField(choices=Urgentie.choices, allow_blank=True, read_only=True)
    # Gestart means gestart (DOMAIN.md §11): the first activity of a beoordelaar after the
    # pick-up, not the pick-up itself (that is `beoordeling_b.opgepakt_op` in the detail).
    gestart_op = serializers.DateTimeField(read_only=True, allow_null=True)
    laatste_activiteit = serializers.SerializerMethodField()

    class Meta:
        model = Melding
        fields = [
            "nummer",
            "status",
            "ontvangen_op",
            "kanaal",
            "soort",
            "team",
            "gemeente",
            "urgentie",
            "beoordelaar_1",
            "beoordelaar_2",
            "termijn_acute_screening",
            "termijn_veiligheidsbeoordeling",
            "termijn_informeren_betrokkenen",
            "gestart_op",
            "laatste_activiteit",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_laatste_activiteit(self, melding: Melding):
        """The latest dated activity: annotated by the list, from the prefetch in the detail."""
        if hasattr(melding, "laatste_activiteit"):
            return _datumtijd(melding.laatste_activiteit)
        return _datumtijd(max((a.datum for a in melding.activiteiten.all()), default=None))


def _datumtijd(waarde):
    return serializers.DateTimeField().to_representation(waarde) if waarde else None


class MelderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Melder
        exclude = ["id", "melding"]


class DirectbetrokkeneSerializer(serializers.ModelSerializer):
    persoon_id = serializers.IntegerField(source="persoon.pk")
    naam = serializers.CharField(source="persoon.__str__")
    geboortedatum = serializers.DateField(source="persoon.geboortedatum")
    geslacht = serializers.CharField(source="persoon.geslacht")
    bsn = serializers.CharField(source="persoon.bsn")
    ongeboren = serializers.BooleanField(source="persoon.ongeboren")

    class Meta:
        model = Directbetrokkene
        fields = ["persoon_id", "rol", "naam", "geboortedatum", "geslacht", "bsn", "ongeboren"]


class BeoordelingASerializer(serializers.ModelSerializer):
    door = serializers.StringRelatedField()
    tweede_oordeel_door = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = VeiligheidsbeoordelingA
        exclude = ["id", "melding"]


class BeoordelingBSerializer(serializers.ModelSerializer):
    # The row is made when the melding is picked up; that is not the start of B (see gestart_op).
    opgepakt_op = serializers.DateTimeField(source="gestart_op", read_only=True)

    class Meta:
        model = VeiligheidsbeoordelingB
        exclude = ["id", "melding", "gestart_op"]


class BesluitSerializer(serializers.ModelSerializer):
    genomen_door = serializers.StringRelatedField()

    class Meta:
        model = Besluit
        exclude = ["id", "melding"]


class StatuswijzigingSerializer(serializers.ModelSerializer):
    door = serializers.StringRelatedField()

    class Meta:
        model = Statuswijziging
        fields = ["van", "naar", "door", "op", "toelichting"]


class MeldingDetailSerializer(MeldingLijstSerializer):
    melder = MelderSerializer(read_only=True)
    directbetrokkenen = DirectbetrokkeneSerializer(many=True, read_only=True)
    aanleidingen = serializers.ListField(
        child=serializers.ChoiceField(choices=Aanleiding.choices),
        source="aanleiding_codes",
        read_only=True,
    )
    aarden = serializers.ListField(
        child=serializers.ChoiceField(choices=Aard.choices), source="aard_codes", read_only=True
    )
    beoordeling_a = BeoordelingASerializer(read_only=True)
    beoordeling_b = BeoordelingBSerializer(read_only=True)
    besluit = BesluitSerializer(read_only=True)
    statuswijzigingen = StatuswijzigingSerializer(many=True, read_only=True)

    class Meta(MeldingLijstSerializer.Meta):
        fields = [
            *MeldingLijstSerializer.Meta.fields,
            "samenvatting",
            "vastgelegd_op",
            "afgesloten_op",
            "doorgestuurd_aan",
            "melder",
            "directbetrokkenen",
            "aanleidingen",
            "aarden",
            "beoordeling_a",
            "beoordeling_b",
            "besluit",
            "statuswijzigingen",
        ]
        read_only_fields = fields


class BijlageSerializer(serializers.ModelSerializer):
    """A document of the case; its bytes only through the `inhoud` URL (audited)."""

    toegevoegd_door = serializers.StringRelatedField()
    inhoud = serializers.SerializerMethodField()

    class Meta:
        model = Bijlage
        fields = [
            "id",
            "soort",
            "onderdeel",
            "brief",
            "datum",
            "bron",
            "omschrijving",
            "bestandsnaam",
            "inhoud_type",
            "grootte",
            "sha256",
            "toegevoegd_door",
            "toegevoegd_op",
            "inhoud",
        ]

    @extend_schema_field(serializers.CharField())
    def get_inhoud(self, bijlage) -> str:
        return f"/api/v1/meldingen/{bijlage.melding.nummer}/bijlagen/{bijlage.pk}/inhoud/"


class BijlageInvoerSerializer(serializers.Serializer):
    """Upload as multipart/form-data: the file in `bestand`, the rest as form fields."""

    bestand = serializers.FileField()
    soort = serializers.ChoiceField(choices=BijlageSoort.choices)
    datum = serializers.DateField()
    bron = serializers.CharField(max_length=200)
    omschrijving = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )

    def service_argumenten(self) -> dict:
        data = dict(self.validated_data)
        bestand = data.pop("bestand")
        if bestand.size > max_grootte():
            raise serializers.ValidationError(
                {
                    "bestand": [
                        _("Het bestand is groter dan %(mb)s MB.")
                        % {"mb": settings.VT_BIJLAGE_MAX_MB}
                    ]
                }
            )
        return {**data, "inhoud": bestand.read(), "bestandsnaam": bestand.name}
