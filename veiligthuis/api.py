"""Shared REST framework pieces: domain errors become 400/403 with Dutch messages."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from veiligthuis.exceptions import DomainError, GeenToegang


def exception_handler(exc, context):
    if isinstance(exc, GeenToegang):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DomainError):
        body: dict = {"detail": exc.message}
        body.update({veld: [tekst] for veld, tekst in exc.velden.items()})
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and _token_geweigerd(exc, context):
        # DRF answers 403 because the first authenticator (the session) sends no challenge; a
        # refused token (unknown, inactive, or a person's) is a 401 with the Token challenge.
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = "Token"
    return response


def _token_geweigerd(exc, context) -> bool:
    if not isinstance(exc, exceptions.AuthenticationFailed):
        return False
    request = context.get("request")
    kop = request.META.get("HTTP_AUTHORIZATION", "") if request is not None else ""
    return kop.split(" ", 1)[0].lower() == "token"


# The error answers every operation can give (DRF's and `exception_handler`'s), in Dutch, so the
# OpenAPI lists every status code the API really returns. An operation's own description wins.
FOUT = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A refused input: `detail` and/or per field the reasons (a list, or an object for nested input).
VALIDATIEFOUT = {"type": "object", "properties": {"detail": {"type": "string"}}}
FOUTANTWOORDEN = {
    "400": (
        "Ongeldige invoer of een regel van het protocol geweigerd; per veld de reden.",
        VALIDATIEFOUT,
    ),
    "401": ("Geen of een ongeldig token (koppelingen).", FOUT),
    "403": ("Niet ingelogd, geen CSRF-token of geen recht op deze handeling.", FOUT),
    "404": ("Niet gevonden of buiten uw bereik (of een ongeldige cursor).", FOUT),
    "415": ("Deze inhoudsoort wordt niet ondersteund.", FOUT),
    "429": ("Te veel verzoeken; probeer het later opnieuw.", FOUT),
}


# Operations a koppeling's token opens (veiligthuis/koppelingen.py): everywhere else a token is
# refused with a 403, so the schema offers only the session there.
KOPPELING_PADEN = ("/api/v1/politie/",)


def alleen_sessie_buiten_koppelingen(result, generator, request, public):
    """drf-spectacular postprocessing hook: token security only on the koppelingen' own paths."""
    for pad, operaties in result.get("paths", {}).items():
        if pad.startswith(KOPPELING_PADEN):
            continue
        for operatie in operaties.values():
            if isinstance(operatie, dict) and "security" in operatie:
                operatie["security"] = [
                    eis for eis in operatie["security"] if "tokenAuth" not in eis
                ]
    return result


def standaard_foutantwoorden(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the shared error answers to every operation."""
    for pad in result.get("paths", {}).values():
        for methode, operatie in pad.items():
            if methode not in ("get", "post", "put", "patch", "delete"):
                continue
            parameters = operatie.get("parameters", [])
            for parameter in parameters:
                if parameter.get("in") == "query":
                    # An empty filter or cursor (`?status=`) means "not given", as in django-filter.
                    parameter.setdefault("allowEmptyValue", True)
            codes = ["401", "403", "429"]
            if methode != "get" or any(p.get("in") == "query" for p in parameters):
                codes.append("400")
            if any(p.get("in") in ("path", "query") for p in parameters):
                codes.append("404")
            if "requestBody" in operatie:
                codes.append("415")
            antwoorden = operatie.setdefault("responses", {})
            for code in sorted(codes):
                if code not in antwoorden:
                    beschrijving, schema = FOUTANTWOORDEN[code]
                    antwoorden[code] = {
                        "description": beschrijving,
                        "content": {"application/json": {"schema": schema}},
                    }
    return result


def invoer_valideren(invoer: serializers.Serializer) -> None:
    """`is_valid(raise_exception=True)`, but a JSON body must have the schema's JSON types.

    DRF coerces: 12 becomes "12", "true" and 1 become True, "5" becomes 5, and a text is trimmed
    before its maximum length is checked. The OpenAPI promises the types, so a JSON body that
    breaks them is refused (400) before anything is done. A form body (QueryDict) is all text
    and keeps DRF's parsing.
    """
    data = invoer.initial_data
    if isinstance(data, dict) and not isinstance(data, QueryDict):
        fouten: dict[str, list[str]] = {}
        _json_typen_controleren(invoer, data, "", fouten)
        if fouten:
            raise exceptions.ValidationError(fouten)
    invoer.is_valid(raise_exception=True)


def _json_typen_controleren(serializer, data: dict, pad: str, fouten: dict) -> None:
    for naam, veld in serializer.fields.items():
        if veld.read_only or naam not in data:
            continue
        _veld_controleren(veld, data[naam], f"{pad}{naam}", fouten)


def _veld_controleren(veld, waarde, pad: str, fouten: dict) -> None:
    if waarde is None:
        return  # `allow_null` is DRF's to judge
    if isinstance(veld, serializers.Serializer):
        if isinstance(waarde, dict):
            _json_typen_controleren(veld, waarde, f"{pad}.", fouten)
        else:
            fouten[pad] = [_("Geef hier een JSON-object.")]
        return
    lijst = serializers.ListField | serializers.ListSerializer | serializers.MultipleChoiceField
    if isinstance(veld, lijst):
        if not isinstance(waarde, list):
            fouten[pad] = [_("Geef hier een lijst (een JSON-array).")]
        elif not isinstance(veld, serializers.MultipleChoiceField):
            for index, element in enumerate(waarde):
                _veld_controleren(veld.child, element, f"{pad}.{index}", fouten)
        return
    if isinstance(veld, serializers.BooleanField):
        if not isinstance(waarde, bool):
            fouten[pad] = [_("Geef true of false.")]
    elif isinstance(veld, serializers.IntegerField):
        if isinstance(waarde, bool) or not (
            isinstance(waarde, int) or (isinstance(waarde, float) and waarde.is_integer())
        ):
            fouten[pad] = [_("Geef hier een geheel getal.")]
    elif isinstance(
        veld,
        serializers.CharField
        | serializers.ChoiceField
        | serializers.DateField
        | serializers.DateTimeField
        | serializers.TimeField,
    ):
        if not isinstance(waarde, str):
            fouten[pad] = [_("Geef hier tekst (een JSON-string).")]
        elif getattr(veld, "max_length", None) is not None and len(waarde) > veld.max_length:
            fouten[pad] = [
                _("Zorg dat dit veld niet meer dan %(max)s tekens bevat.")
                % {"max": veld.max_length}
            ]
