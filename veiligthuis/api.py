"""Shared REST framework pieces: domain errors become 400/403 with Dutch messages."""

from rest_framework import exceptions, status
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
