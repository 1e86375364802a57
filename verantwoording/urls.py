"""URLs of the verantwoording pages. Each views module declares its own patterns."""

from verantwoording.views import inspectie, klachten

urlpatterns: list = [
    *klachten.urlpatterns,
    *inspectie.urlpatterns,
]
