"""Confirmations where the user works: in the section of a long page that the action changed.

The dossier and the dienst page are several thousand pixels tall. A view that saved something in
one section calls `sectiebericht(request, tekst, sectie="journaal")` instead of
`messages.success`; the section's live region (`{% sectieberichten "journaal" %}`) shows it,
both after the plain POST → redirect to `#journaal` and in the partial an htmx request renders.
Pages with such sections show only the other messages at the top; every other page still shows
all messages at the top, so a message is never lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.http import HttpRequest

SECTIE_TAG = "sectie-"


def sectiebericht(
    request: HttpRequest, tekst: str, *, sectie: str, niveau: int = messages.SUCCESS
) -> None:
    """A django.contrib.messages message that belongs to the section with id `sectie`."""
    messages.add_message(request, niveau, tekst, extra_tags=f"{SECTIE_TAG}{sectie}")


def sectie_van(bericht: Message) -> str:
    """The section a message belongs to, or "" for a message of the whole page."""
    for tag in (bericht.extra_tags or "").split():
        if tag.startswith(SECTIE_TAG):
            return tag.removeprefix(SECTIE_TAG)
    return ""
