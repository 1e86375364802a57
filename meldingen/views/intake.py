"""Browser pages: intake. (Views are being written; every route name is fixed here.)"""

from django.http import Http404
from django.urls import path


def _in_aanbouw(request, **kwargs):
    raise Http404("Deze pagina is nog niet beschikbaar.")


urlpatterns = [
    path("adviezen/", _in_aanbouw, name="advies_lijst"),
    path("adviezen/nieuw/", _in_aanbouw, name="advies_nieuw"),
    path("adviezen/<nummer:nummer>/", _in_aanbouw, name="advies_detail"),
    path("adviezen/<nummer:nummer>/afronden/", _in_aanbouw, name="advies_afronden"),
    path("adviezen/<nummer:nummer>/omzetten/", _in_aanbouw, name="advies_omzetten"),
    path("meldingen/nieuw/", _in_aanbouw, name="melding_nieuw"),
    path("meldingen/nieuw/betrokkene/", _in_aanbouw, name="betrokkene_formulier"),
    path("personen/kandidaten/", _in_aanbouw, name="persoon_kandidaten"),
]
