"""PDF from a Dutch template, with WeasyPrint: the one place that renders documents.

Used by the letters (diensten/brieven.py), the inzage answer (veiligthuis/beheer_audit.py) and the
demo's example documents. The renderer fetches nothing from outside the HTML it is given: every
URL but an inline `data:` URI is refused, so a letter can never call out (or be made to). A
failure becomes a Dutch DomainError; the log names the template and the kind of error only, never
the content (names, addresses).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from veiligthuis.exceptions import DomainError

log = logging.getLogger(__name__)
NIET_OPGEMAAKT = gettext_lazy("De PDF kon niet worden opgemaakt; er is niets bewaard.")


class AlleenInline(URLFetcher):
    """Refuses every resource except inline `data:` URIs."""

    def fetch(self, url, headers=None):
        if not str(url).lower().startswith("data:"):
            raise ValueError("Externe bronnen zijn in een PDF niet toegestaan.")
        return super().fetch(url, headers)


def html_naar_pdf(html: str) -> bytes:
    fetcher = AlleenInline(timeout=1, allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def pdf_maken(template: str, context: dict) -> bytes:
    """Render `template` in Dutch (whatever the user's language) to PDF bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    try:
        return html_naar_pdf(html)
    except Exception as fout:  # noqa: BLE001  (any renderer error: nothing is stored)
        log.error("PDF %s niet opgemaakt: %s", template, type(fout).__name__)
        raise DomainError(str(NIET_OPGEMAAKT)) from None
