"""URLs of the browser pages. Each views module declares its own patterns."""

from meldingen.views import dossier, intake, triage

urlpatterns = [*intake.urlpatterns, *triage.urlpatterns, *dossier.urlpatterns]
