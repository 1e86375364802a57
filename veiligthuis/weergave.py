"""Helpers for browser views: domain refusals become form errors or a Dutch 403 page."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.urls import reverse

from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.views import geen_toegang


def fout_in_formulier(form: forms.Form, fout: DomainError) -> None:
    """Show a service's refusal next to the fields it names, the rest above the form."""
    geplaatst = False
    for veld, tekst in fout.velden.items():
        if veld in form.fields:
            form.add_error(veld, tekst)
            geplaatst = True
    if not geplaatst or any(veld not in form.fields for veld in fout.velden):
        form.add_error(None, fout.message)


class GeenToegangMiddleware:
    """A GeenToegang raised by a service anywhere in a browser view renders the Dutch 403 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, GeenToegang) and not request.path.startswith("/api/"):
            return geen_toegang(request, exception)
        return None


def url_per_nummer(naam: str) -> Callable[[str], str]:
    """`reverse(naam, args=[nummer])` for the rows of a list: reversed once, then filled in.

    A list of 50 rows with two links each spent ~3 ms in `{% url %}`; a case number needs no
    escaping (`meldingen.converters.NummerConverter`: letters, digits and dashes).
    """
    voorbeeld = "VT-0000-000000"
    voor, _gevonden, na = reverse(naam, args=[voorbeeld]).partition(voorbeeld)
    return lambda nummer: f"{voor}{nummer}{na}"
