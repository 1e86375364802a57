"""URLs of the wachtlijst pages. Each views module declares its own patterns."""

from wachtlijst.views import directie, notificaties, prognose, rapportages, werkbegeleider, zicht

urlpatterns = [
    *werkbegeleider.urlpatterns,
    *directie.urlpatterns,
    *zicht.urlpatterns,
    *notificaties.urlpatterns,
    *rapportages.urlpatterns,
    *prognose.urlpatterns,
]
