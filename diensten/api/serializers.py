"""API shapes of the vervolgdiensten. They validate form only; every rule lives in the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diensten.eisen import eisen_van
from diensten.keuzes import (
    ConclusieUitkomst,
    GesprekVorm,
    TerugkoppelingMoment,
    TerugkoppelingWijze,
    VoortijdigReden,
)
from diensten.models import (
    Afwijking,
    Conclusie,
    DienstStatuswijziging,
    Gesprek,
    Informant,
    Monitoringsmoment,
    Overdracht,
    Terugkoppeling,
    Veiligheidsafspraak,
    Veiligheidsvoorwaarde,
    Vervolgdienst,
)
from diensten.selectors.activiteit import laatste_activiteit
from diensten.services import AfspraakGegevens
from meldingen.keuzes import Aanleiding


class OptioneleBoolean(serializers.BooleanField):
    """A boolean that is left alone when absent, also in form-encoded input (DRF reads False)."""

    default_empty_html = serializers.empty


class DatumVeld(serializers.DateField):
    """A date with a Dutch message for a malformed value (DRF's own says "Date heeft …")."""

    default_error_messages = {"invalid": _("Vul een geldige datum in (JJJJ-MM-DD).")}


class TijdstipVeld(serializers.DateTimeField):
    default_error_messages = {
        "invalid": _("Vul een geldig tijdstip in (bijv. 2026-03-01T14:30:00+01:00)."),
    }


# --- output: the parts of a dienst --------------------------------------------------------------


class EisSerializer(serializers.Serializer):
    """One requirement of the protocol with its state (`diensten.eisen.Eis`)."""

    code = serializers.CharField(read_only=True)
    omschrijving = serializers.CharField(read_only=True)
    voldaan = serializers.BooleanField(read_only=True)
    afwijking_aangevraagd = serializers.BooleanField(read_only=True)
    afwijking_goedgekeurd = serializers.BooleanField(read_only=True)
    afwijkbaar = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "Alleen een eis per directbetrokkene kan met een afwijking worden gepasseerd; de kern "
            "van de dienst nooit."
        ),
    )
    in_orde = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "Voldaan, of (alleen een afwijkbare eis) gedekt door een goedgekeurde afwijking."
        ),
    )


class GesprekSerializer(serializers.ModelSerializer):
    directbetrokkene = serializers.IntegerField(source="directbetrokkene_id", read_only=True)
    naam = serializers.CharField(source="directbetrokkene.persoon.__str__", read_only=True)
    rol = serializers.CharField(source="directbetrokkene.rol", read_only=True)
    door = serializers.StringRelatedField()

    class Meta:
        model = Gesprek
        fields = ["id", "directbetrokkene", "naam", "rol", "datum", "vorm", "door", "toelichting"]
        read_only_fields = fields


class InformantSerializer(serializers.ModelSerializer):
    door = serializers.StringRelatedField()

    class Meta:
        model = Informant
        fields = [
            "id",
            "naam",
            "organisatie",
            "toestemming",
            "afweging",
            "datum",
            "informatie",
            "door",
        ]
        read_only_fields = fields


class ConclusieSerializer(serializers.ModelSerializer):
    door = serializers.StringRelatedField()
    reden_voortijdig = serializers.ChoiceField(
        choices=VoortijdigReden.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Conclusie
        fields = ["id", "aanleiding", "uitkomst", "reden_voortijdig", "toelichting", "door"]
        read_only_fields = fields


class VoorwaardeSerializer(serializers.ModelSerializer):
    door = serializers.StringRelatedField()

    class Meta:
        model = Veiligheidsvoorwaarde
        fields = ["id", "voorwaarde", "voor_wie", "sinds", "hoe_gecontroleerd", "door"]
        read_only_fields = fields


class AfwijkingSerializer(serializers.ModelSerializer):
    aangevraagd_door = serializers.StringRelatedField()
    goedgekeurd_door = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Afwijking
        fields = [
            "id",
            "eis",
            "omschrijving",
            "reden",
            "aangevraagd_door",
            "aangevraagd_op",
            "goedgekeurd_door",
            "goedgekeurd_op",
        ]
        read_only_fields = fields


class AfspraakSerializer(serializers.ModelSerializer):
    class Meta:
        model = Veiligheidsafspraak
        fields = ["id", "wat", "wie", "uiterlijk", "hoe_gecontroleerd"]
        read_only_fields = fields


class OverdrachtSerializer(serializers.ModelSerializer):
    ketenpartner = serializers.IntegerField(source="ketenpartner_id", read_only=True)
    ketenpartner_naam = serializers.CharField(source="ketenpartner.naam", read_only=True)
    door = serializers.StringRelatedField()
    afspraken = AfspraakSerializer(many=True, read_only=True)

    class Meta:
        model = Overdracht
        fields = [
            "ketenpartner",
            "ketenpartner_naam",
            "contactpersoon",
            "vastgelegd_op",
            "door",
            "afspraken",
        ]
        read_only_fields = fields


class MonitoringsmomentSerializer(serializers.ModelSerializer):
    door = serializers.StringRelatedField(allow_null=True)
    nieuwe_melding = serializers.SlugRelatedField(
        slug_field="nummer", read_only=True, allow_null=True
    )

    class Meta:
        model = Monitoringsmoment
        fields = [
            "id",
            "gepland_op",
            "uitgevoerd_op",
            "voorwaarden_nagekomen",
            "veilig",
            "toelichting",
            "door",
            "nieuwe_melding",
        ]
        read_only_fields = fields


class DienstStatuswijzigingSerializer(serializers.ModelSerializer):
    door = serializers.StringRelatedField()

    class Meta:
        model = DienstStatuswijziging
        fields = ["van", "naar", "door", "op", "toelichting"]
        read_only_fields = fields


class TerugkoppelingSerializer(serializers.ModelSerializer):
    melding = serializers.SlugRelatedField(slug_field="nummer", read_only=True)
    door = serializers.StringRelatedField()

    class Meta:
        model = Terugkoppeling
        fields = ["id", "melding", "moment", "wijze", "op", "toelichting", "door"]
        read_only_fields = fields


# --- output: the dienst -------------------------------------------------------------------------


class DienstLijstSerializer(serializers.ModelSerializer):
    melding = serializers.SlugRelatedField(slug_field="nummer", read_only=True)
    team = serializers.CharField(source="melding.team.__str__", read_only=True)
    uitvoerder = serializers.StringRelatedField(allow_null=True)
    uitvoerder_id = serializers.IntegerField(read_only=True, allow_null=True)
    gestart_op = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Gezet door het eerste gesprek of huisbezoek van de uitvoerder (de datum van dat "
            "gesprek); leeg zolang de dienst niet is gestart."
        ),
    )
    laatste_activiteit = serializers.SerializerMethodField(
        help_text=_(
            "Datum van de laatste activiteit (gesprek, ook telefonisch; informant; "
            "monitoringsmoment); leeg als er nog niets is gedaan."
        )
    )

    class Meta:
        model = Vervolgdienst
        fields = [
            "id",
            "melding",
            "team",
            "type",
            "status",
            "uitvoerder",
            "uitvoerder_id",
            "besluit_op",
            "termijn",
            "gestart_op",
            "laatste_activiteit",
            "wachttijd_start",
            "afgerond_op",
            "afgesloten_op",
            "gestopt_op",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_laatste_activiteit(self, dienst: Vervolgdienst):
        return laatste_activiteit(dienst)


class DienstDetailSerializer(DienstLijstSerializer):
    checklist = serializers.SerializerMethodField(
        help_text=_(
            "De eisen van het protocol en hun stand; dezelfde lijst als op de dienstpagina."
        )
    )
    gesprekken = GesprekSerializer(many=True, read_only=True)
    informanten = InformantSerializer(many=True, read_only=True)
    conclusies = ConclusieSerializer(many=True, read_only=True)
    voorwaarden = VoorwaardeSerializer(many=True, read_only=True)
    afwijkingen = AfwijkingSerializer(many=True, read_only=True)
    overdracht = OverdrachtSerializer(read_only=True, allow_null=True)
    monitoringsmomenten = MonitoringsmomentSerializer(many=True, read_only=True)
    statuswijzigingen = DienstStatuswijzigingSerializer(many=True, read_only=True)
    terugkoppelingen = TerugkoppelingSerializer(
        source="melding.terugkoppelingen", many=True, read_only=True
    )

    class Meta(DienstLijstSerializer.Meta):
        fields = [
            *DienstLijstSerializer.Meta.fields,
            "stopreden",
            "erkenning_zorgen",
            "hoor_en_wederhoor",
            "verzoek_raad",
            "melding_politie",
            "overdracht_vrijwillige_hulp",
            "afsluitbrief_op",
            "ervaringsonderzoek",
            "contra_indicatie",
            "checklist",
            "gesprekken",
            "informanten",
            "conclusies",
            "voorwaarden",
            "afwijkingen",
            "overdracht",
            "monitoringsmomenten",
            "statuswijzigingen",
            "terugkoppelingen",
        ]
        read_only_fields = fields

    @extend_schema_field(EisSerializer(many=True))
    def get_checklist(self, dienst: Vervolgdienst) -> list[dict]:
        return EisSerializer(eisen_van(dienst), many=True).data


class UitvoerderAntwoordSerializer(DienstDetailSerializer):
    waarschuwing = serializers.CharField(
        read_only=True,
        help_text=_("Leeg, of de waarschuwing dat de uitvoerder ook beoordelaar was (Onderzoek)."),
    )

    class Meta(DienstDetailSerializer.Meta):
        fields = [*DienstDetailSerializer.Meta.fields, "waarschuwing"]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------


class UitvoerderInvoerSerializer(serializers.Serializer):
    uitvoerder = serializers.IntegerField(help_text=_("Id van de onderzoeker die de dienst doet."))


class GesprekInvoerSerializer(serializers.Serializer):
    directbetrokkene = serializers.IntegerField(
        help_text=_("Id van een directbetrokkene van deze melding.")
    )
    datum = DatumVeld()
    vorm = serializers.ChoiceField(
        choices=GesprekVorm.choices,
        help_text=_(
            "Een kind vanaf 4 jaar is alleen gesproken na een gesprek of huisbezoek (telefonisch "
            "telt niet). Het eerste gesprek of huisbezoek van de uitvoerder start een wachtende "
            "dienst, met de datum van het gesprek als gestart_op."
        ),
    )
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class InformantInvoerSerializer(serializers.Serializer):
    naam = serializers.CharField(max_length=200, allow_blank=True)
    organisatie = serializers.CharField(max_length=200, allow_blank=True)
    toestemming = serializers.BooleanField()
    afweging = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Verplicht zonder toestemming van de betrokkenen."),
    )
    datum = DatumVeld()
    informatie = serializers.CharField(allow_blank=True)


class ConclusieInvoerSerializer(serializers.Serializer):
    aanleiding = serializers.ChoiceField(
        choices=Aanleiding.choices, help_text=_("Een type geweld van de melding.")
    )
    uitkomst = serializers.ChoiceField(choices=ConclusieUitkomst.choices)
    toelichting = serializers.CharField(allow_blank=True)
    reden_voortijdig = serializers.ChoiceField(
        choices=VoortijdigReden.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Verplicht bij 'voortijdig afgesloten'."),
    )


class VoorwaardeInvoerSerializer(serializers.Serializer):
    voorwaarde = serializers.CharField(allow_blank=True)
    voor_wie = serializers.CharField(max_length=200, allow_blank=True)
    sinds = DatumVeld(allow_null=True)
    hoe_gecontroleerd = serializers.CharField(allow_blank=True)


class BevindingenInvoerSerializer(serializers.Serializer):
    """Only the fields sent are changed; V&V knows erkenning, Onderzoek the other fields."""

    erkenning_zorgen = serializers.CharField(required=False, allow_blank=True)
    hoor_en_wederhoor = serializers.CharField(required=False, allow_blank=True)
    verzoek_raad = OptioneleBoolean(required=False)
    melding_politie = OptioneleBoolean(required=False)
    overdracht_vrijwillige_hulp = OptioneleBoolean(required=False)

    def validate(self, attrs: dict) -> dict:
        if not attrs:
            raise serializers.ValidationError(_("Vul minstens één bevinding in."))
        return attrs


class AfwijkingInvoerSerializer(serializers.Serializer):
    eis = serializers.CharField(
        max_length=100,
        help_text=_(
            "De code van een eis uit de checklist met afwijkbaar = true: alleen een "
            "directbetrokkene ('gesprek:<id>'). De kern van de dienst kan niet worden gepasseerd."
        ),
    )
    reden = serializers.CharField(allow_blank=True)


class AfspraakInvoerSerializer(serializers.Serializer):
    """Missing parts are left to the service, which names them as `afspraken.<n>.<veld>`."""

    wat = serializers.CharField(required=False, allow_blank=True, default="")
    wie = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    uiterlijk = DatumVeld(required=False, allow_null=True, default=None)
    hoe_gecontroleerd = serializers.CharField(required=False, allow_blank=True, default="")


class OverdrachtInvoerSerializer(serializers.Serializer):
    ketenpartner = serializers.IntegerField(help_text=_("Id van de ketenpartner."))
    contactpersoon = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    wachtlijst = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("De ketenpartner heeft een wachtlijst: de dienst wacht 'op ketenpartner'."),
    )
    afspraken = AfspraakInvoerSerializer(many=True, allow_empty=True)

    def service_argumenten(self) -> dict:
        data = dict(self.validated_data)
        data["ketenpartner_id"] = data.pop("ketenpartner")
        data["afspraken"] = [
            AfspraakGegevens(
                wat=a["wat"],
                wie=a["wie"],
                uiterlijk=a.get("uiterlijk"),
                hoe_gecontroleerd=a["hoe_gecontroleerd"],
            )
            for a in data["afspraken"]
        ]
        return data


class MonitoringStartenInvoerSerializer(serializers.Serializer):
    vanaf = DatumVeld(
        required=False,
        allow_null=True,
        help_text=_("Begindatum van de planning; zonder datum vandaag."),
    )


class MonitoringsmomentInvoerSerializer(serializers.Serializer):
    voorwaarden_nagekomen = serializers.BooleanField()
    veilig = serializers.BooleanField()
    toelichting = serializers.CharField(allow_blank=True)
    uitgevoerd_op = DatumVeld(required=False, allow_null=True)


class AfsluitenInvoerSerializer(serializers.Serializer):
    afsluitbrief_op = DatumVeld(required=False, allow_null=True, default=None)
    ervaringsonderzoek = serializers.BooleanField(required=False, default=True)
    contra_indicatie = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Verplicht als er geen uitnodiging voor het ervaringsonderzoek gaat."),
    )


class StoppenInvoerSerializer(serializers.Serializer):
    reden = serializers.CharField(required=False, allow_blank=True, default="")


class TerugkoppelingInvoerSerializer(serializers.Serializer):
    melding = serializers.CharField(
        max_length=20, help_text=_("Nummer van de melding, bijv. VT-2026-000123.")
    )
    moment = serializers.ChoiceField(choices=TerugkoppelingMoment.choices)
    wijze = serializers.ChoiceField(choices=TerugkoppelingWijze.choices)
    op = TijdstipVeld()
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
