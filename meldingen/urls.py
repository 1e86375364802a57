"""URLs of the browser pages. Each views module declares its own patterns."""

from meldingen.views import (
    beoordeling,
    betrokkenen,
    bijlagen,
    dossier,
    huishoudens,
    identiteit,
    intake,
    privacy,
    teams,
    triage,
    zoeken,
)

urlpatterns = [
    *intake.urlpatterns,
    *triage.urlpatterns,
    *teams.urlpatterns,
    *dossier.urlpatterns,
    *betrokkenen.urlpatterns,
    *beoordeling.urlpatterns,
    *privacy.urlpatterns,
    *identiteit.urlpatterns,
    *huishoudens.urlpatterns,
    *zoeken.urlpatterns,
    *bijlagen.urlpatterns,
]
