"""/api/v1/diensten/…: the dienst list and detail, its actions, and terugkoppelingen."""

from rest_framework.routers import SimpleRouter

from diensten.api.views import DienstViewSet

router = SimpleRouter()
router.register("", DienstViewSet, basename="dienst")

urlpatterns = router.urls
