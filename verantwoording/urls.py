"""URLs of the verantwoording pages. Each views module declares its own patterns."""

from verantwoording.views import cbs, inspectie, klachten

urlpatterns: list = [
    *cbs.urlpatterns,
    *klachten.urlpatterns,
    *inspectie.urlpatterns,
]
