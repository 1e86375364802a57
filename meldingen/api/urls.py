from django.urls import path
from rest_framework.routers import DefaultRouter

from meldingen.api.politie import PolitieMeldingView
from meldingen.api.views import AdviesViewSet, MeldingViewSet

router = DefaultRouter()
router.register("adviezen", AdviesViewSet, basename="advies")
router.register("meldingen", MeldingViewSet, basename="melding")

urlpatterns = [
    path("politie/meldingen/", PolitieMeldingView.as_view(), name="politie_melding"),
    *router.urls,
]
