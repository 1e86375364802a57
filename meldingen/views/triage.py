"""Browser pages: triage. (Views are being written; every route name is fixed here.)"""

from django.http import Http404
from django.urls import path


def _in_aanbouw(request, **kwargs):
    raise Http404("Deze pagina is nog niet beschikbaar.")


urlpatterns = [
    path("screening/", _in_aanbouw, name="te_screenen"),
    path("meldingen/<nummer:nummer>/screenen/", _in_aanbouw, name="melding_screenen"),
    path("meldingen/<nummer:nummer>/overige-zorg/", _in_aanbouw, name="overige_zorg_oordeel"),
    path("triagelijst/", _in_aanbouw, name="triagelijst"),
    path("triagelijst/organisatie/", _in_aanbouw, name="triagelijst_organisatie"),
    path("meldingen/<nummer:nummer>/oppakken/", _in_aanbouw, name="melding_oppakken"),
]
