"""URLs of the browser pages. Each views module declares its own patterns."""

from django.urls import register_converter

from meldingen.views import dossier, intake, triage


class NummerConverter:
    """Case numbers: VT-2026-000123 (meldingen) and AD-2026-000123 (adviezen)."""

    regex = r"(?:VT|AD)-\d{4}-\d{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NummerConverter, "nummer")

urlpatterns = [*intake.urlpatterns, *triage.urlpatterns, *dossier.urlpatterns]
