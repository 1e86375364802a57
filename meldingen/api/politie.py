"""POST /api/v1/politie/meldingen/: digital police reports, for the police koppeling only.

The input is checked strictly before anything is written: JSON only, no unknown fields, the right
JSON types (no numbers for text, no "ja" for booleans), lengths, BSN 11-proef, no future dates, and
the police number formats. The domain rules (categories, team by gemeente, persons) are the intake
service's, as for every other melding.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from meldingen.api.serializers import soort_volgens_afzender
from meldingen.keuzes import Aanleiding, Aard, Geslacht, RolInMelding
from meldingen.services import AdresGegevens, BetrokkeneGegevens, MelderGegevens, MeldingGegevens
from meldingen.services.politie import politiemelding_ontvangen
from veiligthuis.documenten import MB, keur
from veiligthuis.exceptions import DomainError
from veiligthuis.koppelingen import AlleenKoppeling, KoppelingSoort, TokenAuthenticatie
from veiligthuis.models import Gemeente
from veiligthuis.validators import valideer_bsn, valideer_niet_in_toekomst

# Police numbers: "PL" + four-digit unit code, a hyphen, year and six-digit serial; the
# proces-verbaal adds "-" and a one- to three-digit sequence (e.g. PL1500-2026012345-1).
REGISTRATIENUMMER = re.compile(r"PL[0-9]{4}-20[0-9]{2}[0-9]{6}")
PROCES_VERBAALNUMMER = re.compile(r"PL[0-9]{4}-20[0-9]{2}[0-9]{6}-[0-9]{1,3}")
POSTCODE = re.compile(r"[1-9][0-9]{3} ?[A-Z]{2}")
CBS_CODE = re.compile(r"GM[0-9]{4}")
MAX_BETROKKENEN = 25
# The largest document the dossier takes, base64-encoded (4 characters per 3 bytes).
DOCUMENT_MAX_BASE64 = int(settings.VT_BIJLAGE_MAX_MB * MB * 4 / 3) + 4


class StrikteTekst(serializers.CharField):
    """A JSON string; DRF would otherwise turn 123 into "123"."""

    default_error_messages = {"invalid": gettext_lazy("Geef hier tekst (een JSON-string).")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrikteBoolean(serializers.BooleanField):
    """Only JSON true or false."""

    default_error_messages = {"invalid": gettext_lazy("Geef true of false.")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrikteDatum(serializers.DateField):
    default_error_messages = {
        "invalid": gettext_lazy("Geef een datum als JJJJ-MM-DD."),
        "datetime": gettext_lazy("Geef een datum als JJJJ-MM-DD, zonder tijd."),
    }

    def __init__(self, **kwargs):
        super().__init__(input_formats=["iso-8601"], **kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid")
        return super().to_internal_value(value)


class StrikteSerializer(serializers.Serializer):
    """Refuses fields it does not know: a typo in the sending system must not lose data silently."""

    default_error_messages = {"invalid": gettext_lazy("Stuur een JSON-object.")}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            onbekend = sorted(set(data) - set(self.fields))
            if onbekend:
                raise serializers.ValidationError(dict.fromkeys(onbekend, [_("Onbekend veld.")]))
        return super().to_internal_value(data)


def _django_validator(functie):
    """Run a Django validator and report its Dutch message as a DRF error."""

    def valideer(waarde):
        try:
            functie(waarde)
        except DjangoValidationError as fout:
            raise serializers.ValidationError(fout.messages) from None

    return valideer


def _patroon(regex: re.Pattern, tekst: str):
    def valideer(waarde):
        if not regex.fullmatch(waarde):
            raise serializers.ValidationError(tekst)

    return valideer


class PolitieMelderSerializer(StrikteSerializer):
    naam = StrikteTekst(max_length=200, help_text="Naam van de verbalisant.")
    eenheid = StrikteTekst(max_length=200, help_text="Politie-eenheid of basisteam.")
    telefoon = StrikteTekst(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    identiteit_delen = StrikteBoolean(required=False, default=True)


class PolitieBetrokkeneSerializer(StrikteSerializer):
    rol = serializers.ChoiceField(choices=RolInMelding.choices)
    # Required unless `ongeboren` (the intake service says so in Dutch, per field).
    voornamen = StrikteTekst(max_length=200, required=False, allow_blank=True, default="")
    tussenvoegsel = StrikteTekst(max_length=20, required=False, allow_blank=True, default="")
    achternaam = StrikteTekst(max_length=200)
    geboortedatum = StrikteDatum(
        required=False,
        allow_null=True,
        default=None,
        validators=[_django_validator(valideer_niet_in_toekomst)],
    )
    geslacht = serializers.ChoiceField(
        choices=Geslacht.choices, required=False, default=Geslacht.ONBEKEND
    )
    bsn = StrikteTekst(
        min_length=9,
        max_length=9,
        required=False,
        allow_null=True,
        default=None,
        validators=[_django_validator(valideer_bsn)],
        help_text="Negen cijfers, 11-proef. Weglaten als het onbekend is.",
    )
    ongeboren = StrikteBoolean(
        required=False,
        default=False,
        help_text="Een kind dat nog niet geboren is (rol kind, zonder geboortedatum en BSN).",
    )


class PolitieAdresSerializer(StrikteSerializer):
    straat = StrikteTekst(max_length=200)
    huisnummer = StrikteTekst(max_length=20)
    postcode = StrikteTekst(
        max_length=7,
        validators=[_patroon(POSTCODE, gettext_lazy("Geef een postcode als 1234 AB."))],
    )
    woonplaats = StrikteTekst(max_length=100)


class PolitieDocumentSerializer(StrikteSerializer):
    """The zorgmelding as a document: base64 in the JSON body (RFC 4648, no line breaks)."""

    bestandsnaam = StrikteTekst(max_length=200, help_text="Bijv. zorgmelding-PL1500.pdf.")
    inhoud = StrikteTekst(
        max_length=DOCUMENT_MAX_BASE64,
        help_text="De bytes van het document, base64-gecodeerd. PDF, afbeelding, .docx, .odt, "
        ".eml of .msg; het type wordt uit de bytes gelezen.",
        trim_whitespace=False,
    )

    def validate_inhoud(self, waarde) -> bytes:
        try:
            inhoud = base64.b64decode(waarde, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(_("Dit is geen geldige base64-tekst.")) from None
        try:
            keur(inhoud, "document")
        except DomainError as fout:
            raise serializers.ValidationError(fout.message) from None
        return inhoud


class PolitiemeldingSerializer(StrikteSerializer):
    registratienummer = StrikteTekst(
        max_length=20,
        validators=[
            _patroon(
                REGISTRATIENUMMER,
                gettext_lazy("Het registratienummer heeft de vorm PL1234-2026123456."),
            )
        ],
        help_text="Registratienummer van de politie; maakt de aanlevering idempotent.",
    )
    proces_verbaalnummer = StrikteTekst(
        max_length=24,
        required=False,
        allow_blank=True,
        default="",
        validators=[
            _patroon(
                PROCES_VERBAALNUMMER,
                gettext_lazy("Het proces-verbaalnummer heeft de vorm PL1234-2026123456-1."),
            )
        ],
    )
    opgemaakt_op = serializers.DateTimeField(help_text="Wanneer de politie het rapport opmaakte.")
    gemeente = StrikteTekst(
        max_length=6,
        validators=[
            _patroon(CBS_CODE, gettext_lazy("Geef de CBS-code van de gemeente, bijv. GM0518."))
        ],
        help_text="CBS-code van de gemeente van het huishouden; bepaalt het team.",
    )
    soort = soort_volgens_afzender()
    samenvatting = StrikteTekst(max_length=10000)
    aanleidingen = serializers.ListField(
        child=serializers.ChoiceField(choices=Aanleiding.choices),
        allow_empty=False,
        max_length=len(Aanleiding.choices),
    )
    aarden = serializers.ListField(
        child=serializers.ChoiceField(choices=Aard.choices),
        required=False,
        default=list,
        max_length=len(Aard.choices),
    )
    melder = PolitieMelderSerializer()
    adres = PolitieAdresSerializer(required=False, allow_null=True, default=None)
    directbetrokkenen = PolitieBetrokkeneSerializer(
        many=True, allow_empty=False, max_length=MAX_BETROKKENEN
    )
    zorgmelding = PolitieDocumentSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="Optioneel: het zorgmeldingsdocument; het wordt als bijlage bij de melding bewaard.",
    )

    def validate_opgemaakt_op(self, waarde):
        if waarde > timezone.now() + timedelta(minutes=5):
            raise serializers.ValidationError(_("Dit moment ligt in de toekomst."))
        return waarde

    def validate_directbetrokkenen(self, waarde):
        bsns = [b["bsn"] for b in waarde if b.get("bsn")]
        if len(bsns) != len(set(bsns)):
            raise serializers.ValidationError(_("Hetzelfde BSN staat twee keer in de melding."))
        return waarde

    def validate_gemeente(self, waarde):
        gemeente = Gemeente.objects.filter(cbs_code=waarde).first()
        if gemeente is None:
            raise serializers.ValidationError(_("Deze gemeente hoort niet bij onze regio."))
        return gemeente

    def gegevens(self) -> MeldingGegevens:
        d = self.validated_data
        melder = d["melder"]
        return MeldingGegevens(
            ontvangen_op=timezone.now(),
            kanaal="politie_digitaal",
            soort=d.get("soort"),
            samenvatting=d["samenvatting"],
            gemeente_id=d["gemeente"].pk,
            melder=MelderGegevens(
                hoedanigheid="politie",
                naam=melder["naam"],
                organisatie=melder["eenheid"],
                telefoon=melder["telefoon"],
                email=melder["email"],
                identiteit_delen=melder["identiteit_delen"],
            ),
            directbetrokkenen=[BetrokkeneGegevens(**b) for b in d["directbetrokkenen"]],
            aanleidingen=d["aanleidingen"],
            aarden=d["aarden"],
            adres=AdresGegevens(**d["adres"]) if d.get("adres") else None,
        )


class PolitieAntwoordSerializer(serializers.Serializer):
    nummer = serializers.CharField(help_text="Nummer van de melding bij Veilig Thuis.")
    registratienummer = serializers.CharField()
    nieuw = serializers.BooleanField(help_text="false: deze melding was al ontvangen.")
    detail = serializers.CharField(required=False, help_text="Alleen bij 409: waarom.")


class FoutSerializer(serializers.Serializer):
    detail = serializers.CharField()


VOORBEELD = {
    "registratienummer": "PL1500-2026012345",
    "proces_verbaalnummer": "PL1500-2026012345-1",
    "opgemaakt_op": "2026-03-02T23:40:00+01:00",
    "gemeente": "GM0518",
    "samenvatting": "Buren belden 112 na geschreeuw; moeder met blauwe plek, twee kinderen thuis.",
    "aanleidingen": ["partnergeweld"],
    "aarden": ["lichamelijke_mishandeling", "getuige"],
    "melder": {"naam": "J. de Boer", "eenheid": "Eenheid Den Haag, basisteam Centrum"},
    "adres": {
        "straat": "Voorbeeldstraat",
        "huisnummer": "12",
        "postcode": "2511 AB",
        "woonplaats": "Den Haag",
    },
    "directbetrokkenen": [
        {
            "rol": "slachtoffer",
            "voornamen": "Sanne",
            "achternaam": "Jansen",
            "geboortedatum": "1990-04-12",
            "geslacht": "vrouw",
        },
        {
            "rol": "kind",
            "voornamen": "Noah",
            "achternaam": "Jansen",
            "geboortedatum": "2019-09-01",
            "bsn": "111222333",
        },
    ],
}


class PolitieMeldingView(APIView):
    """Receive one digital police report."""

    # Token first, so a call without credentials is answered 401 with "WWW-Authenticate: Token".
    authentication_classes = [TokenAuthenticatie, SessionAuthentication]
    permission_classes = [IsAuthenticated, AlleenKoppeling]
    parser_classes = [JSONParser]
    throttle_scope = "politie_intake"
    koppeling_soort = KoppelingSoort.POLITIE

    @extend_schema(
        operation_id="politie_melding_aanleveren",
        summary="Digitale politiemelding aanleveren",
        description=(
            "Alleen voor de politiekoppeling (Authorization: Token …). Strikte controle: onbekende "
            "velden, verkeerde JSON-typen, een ongeldig BSN of een datum in de toekomst geven 400. "
            "Hetzelfde registratienummer nogmaals met dezelfde inhoud geeft 200 met het bestaande "
            "meldingnummer; met andere inhoud 409."
        ),
        tags=["politie"],
        request=PolitiemeldingSerializer,
        responses={
            201: PolitieAntwoordSerializer,
            200: OpenApiResponse(PolitieAntwoordSerializer, description="Al ontvangen."),
            400: OpenApiResponse(description="Ongeldige invoer; per veld de reden."),
            401: OpenApiResponse(FoutSerializer, description="Geen of een ongeldig token."),
            403: OpenApiResponse(FoutSerializer, description="Geen politiekoppeling."),
            409: OpenApiResponse(
                PolitieAntwoordSerializer,
                description="Registratienummer al gebruikt, andere inhoud.",
            ),
            415: OpenApiResponse(FoutSerializer, description="Geen JSON."),
            429: OpenApiResponse(FoutSerializer, description="Te veel verzoeken."),
        },
        examples=[
            OpenApiExample("Politiemelding", value=VOORBEELD, request_only=True),
            OpenApiExample(
                "Aangemaakt",
                value={
                    "nummer": "VT-2026-000123",
                    "registratienummer": "PL1500-2026012345",
                    "nieuw": True,
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request):
        invoer = PolitiemeldingSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        ontvangst = politiemelding_ontvangen(
            door=request.user,
            registratienummer=invoer.validated_data["registratienummer"],
            proces_verbaalnummer=invoer.validated_data["proces_verbaalnummer"],
            inhoud_hash=_inhoud_hash(request.data),
            gegevens=invoer.gegevens(),
            zorgmelding=invoer.validated_data["zorgmelding"],
            opgemaakt_op=invoer.validated_data["opgemaakt_op"],
        )
        antwoord = {
            "nummer": ontvangst.melding.nummer,
            "registratienummer": invoer.validated_data["registratienummer"],
            "nieuw": ontvangst.nieuw,
        }
        if ontvangst.nieuw:
            code = status.HTTP_201_CREATED
        elif ontvangst.zelfde_inhoud:
            code = status.HTTP_200_OK
        else:
            code = status.HTTP_409_CONFLICT
            antwoord["detail"] = _(
                "Dit registratienummer is al ontvangen met een andere inhoud (melding %(nummer)s). "
                "Stuur een aanvulling niet als nieuwe melding; neem contact op met Veilig Thuis."
            ) % {"nummer": ontvangst.melding.nummer}
        return Response(antwoord, status=code)


def _inhoud_hash(data) -> str:
    """Hash of the body with sorted keys: the same report gives the same hash however formatted."""
    tekst = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(tekst.encode()).hexdigest()
