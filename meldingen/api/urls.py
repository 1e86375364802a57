from rest_framework.routers import DefaultRouter

from meldingen.api.views import AdviesViewSet, MeldingViewSet

router = DefaultRouter()
router.register("adviezen", AdviesViewSet, basename="advies")
router.register("meldingen", MeldingViewSet, basename="melding")

urlpatterns = router.urls
