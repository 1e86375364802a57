from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from meldingen.views import start
from veiligthuis import beheer_audit, beheer_personeel
from veiligthuis.inloggen import views as inloggen_views

urlpatterns = [
    path("", start.home, name="home"),
    path("inloggen/", inloggen_views.InlogView.as_view(), name="login"),
    path("inloggen/code/", inloggen_views.tweestaps_code, name="tweestaps_code"),
    path("inloggen/instellen/", inloggen_views.tweestaps_instellen, name="tweestaps_instellen"),
    path("wachtwoord/", inloggen_views.wachtwoord_wijzigen, name="wachtwoord_wijzigen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("meldingen.urls")),
    path("", include("diensten.urls")),
    path("", include("wachtlijst.urls")),
    path("", include("verantwoording.urls")),
    path("api/v1/", include("meldingen.api.urls")),
    path("api/v1/diensten/", include("diensten.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", inloggen_views.api_documentatie, name="api-docs"),
    path("beheer/auditlog/", beheer_audit.auditlog_zoeken, name="beheer_auditlog"),
    path("beheer/auditlog/inzage/", beheer_audit.auditlog_inzage, name="beheer_auditlog_inzage"),
    # The admin's own login form would skip the code step: everyone logs in at /inloggen/.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
    ),
    path(
        "beheer/medewerkers/niet-inzetbaar/",
        beheer_personeel.niet_inzetbaar,
        name="beheer_niet_inzetbaar",
    ),
    path("admin/", admin.site.urls),
]

handler403 = "veiligthuis.views.geen_toegang"
