"""URLs of the wachtlijst pages. Each views module declares its own patterns."""

from wachtlijst.views import directie, werkbegeleider

urlpatterns = [*werkbegeleider.urlpatterns, *directie.urlpatterns]
