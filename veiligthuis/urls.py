from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from meldingen.views import start

urlpatterns = [
    path("", start.home, name="home"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="veiligthuis/inloggen.html"),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("meldingen.urls")),
    path("", include("diensten.urls")),
    path("", include("wachtlijst.urls")),
    path("api/v1/", include("meldingen.api.urls")),
    path("api/v1/diensten/", include("diensten.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "veiligthuis.views.geen_toegang"
