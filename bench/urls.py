"""The bench's URLs: the application's, plus two pages that only the bench serves (127.0.0.1).

* `/bench/vloer/`: the floor of an authenticated page. The same middleware, session, user and
  base template as every page, with nothing of its own; each page is reported as a multiple of it.
* `/bench/naief/`: the naive peer, the Django admin as it comes (`bench/naief.py`) on the same
  meldingen: a changelist of the triagelijst's rows and a melding's change form.
"""

from django.shortcuts import render
from django.urls import include, path

from bench.naief import naief_site


def vloer(request):
    return render(request, "bench/vloer.html")


urlpatterns = [
    path("bench/vloer/", vloer),
    path("bench/naief/", naief_site.urls),
    path("", include("veiligthuis.urls")),
]
