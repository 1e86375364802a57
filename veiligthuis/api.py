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
