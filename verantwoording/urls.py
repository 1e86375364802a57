"""URLs of the verantwoording pages. Each views module declares its own patterns."""

from verantwoording.views import cbs

urlpatterns: list = [*cbs.urlpatterns]
