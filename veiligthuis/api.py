"""Shared REST framework pieces: domain errors become 400/403 with Dutch messages."""

from rest_framework import status
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
    return drf_exception_handler(exc, context)
