"""Browser pages: dossier. (Views are being written; every route name is fixed here.)"""

from django.http import Http404
from django.urls import path


def _in_aanbouw(request, **kwargs):
    raise Http404("Deze pagina is nog niet beschikbaar.")


urlpatterns = [
    path("meldingen/<nummer:nummer>/", _in_aanbouw, name="melding_dossier"),
    path("meldingen/<nummer:nummer>/journaal/", _in_aanbouw, name="journaal_toevoegen"),
    path("meldingen/<nummer:nummer>/activiteit/", _in_aanbouw, name="activiteit_toevoegen"),
    path("meldingen/<nummer:nummer>/consult/", _in_aanbouw, name="consult_toevoegen"),
    path(
        "meldingen/<nummer:nummer>/verrijking/<int:taak_id>/",
        _in_aanbouw,
        name="verrijking_bijwerken",
    ),
    path("meldingen/<nummer:nummer>/beoordeling/", _in_aanbouw, name="beoordeling_b"),
    path("meldingen/<nummer:nummer>/besluit/", _in_aanbouw, name="besluit_nemen"),
    path("meldingen/<nummer:nummer>/radar/", _in_aanbouw, name="radar_reden"),
    path("meldingen/<nummer:nummer>/afsluiten/", _in_aanbouw, name="melding_afsluiten"),
    path("meldingen/<nummer:nummer>/teruggeven/", _in_aanbouw, name="melding_teruggeven"),
    path(
        "meldingen/<nummer:nummer>/informeren-verlengen/", _in_aanbouw, name="informeren_verlengen"
    ),
]
