"""URLs of the vervolgdiensten pages. Route names are fixed: other pages and tests reverse them."""

from django.urls import path

from diensten.views import brieven, dienst, lijst, nazorg, overdracht_na_b, teams, terugkoppeling

D = "diensten/<int:pk>/"

urlpatterns = [
    path("diensten/", lijst.dienst_lijst, name="dienst_lijst"),
    path(D, dienst.dienst_detail, name="dienst_detail"),
    path(f"{D}uitvoerder/", dienst.dienst_uitvoerder, name="dienst_uitvoerder"),
    path(f"{D}ander-team/", teams.dienst_ander_team, name="dienst_ander_team"),
    path(f"{D}gesprek/", dienst.dienst_gesprek, name="dienst_gesprek"),
    path(f"{D}bijlagen/", dienst.dienst_bijlage, name="dienst_bijlage"),
    path(f"{D}informant/", dienst.dienst_informant, name="dienst_informant"),
    path(f"{D}conclusie/", dienst.dienst_conclusie, name="dienst_conclusie"),
    path(f"{D}voorwaarde/", dienst.dienst_voorwaarde, name="dienst_voorwaarde"),
    path(f"{D}bevindingen/", dienst.dienst_bevindingen, name="dienst_bevindingen"),
    path(f"{D}afwijking/", dienst.dienst_afwijking, name="dienst_afwijking"),
    path(
        f"{D}afwijking/<int:afwijking_id>/goedkeuren/",
        dienst.dienst_afwijking_goedkeuren,
        name="dienst_afwijking_goedkeuren",
    ),
    path(f"{D}afronden/", dienst.dienst_afronden, name="dienst_afronden"),
    path(f"{D}stoppen/", dienst.dienst_stoppen, name="dienst_stoppen"),
    path(f"{D}overdracht/", nazorg.dienst_overdracht, name="dienst_overdracht"),
    path(
        f"{D}ketenpartner-gestart/",
        nazorg.dienst_ketenpartner_gestart,
        name="dienst_ketenpartner_gestart",
    ),
    path(f"{D}monitoring/", nazorg.dienst_monitoring_starten, name="dienst_monitoring_starten"),
    path(
        f"{D}monitoring/<int:moment_id>/",
        nazorg.dienst_monitoringsmoment,
        name="dienst_monitoringsmoment",
    ),
    path(f"{D}afsluiten/", nazorg.dienst_afsluiten, name="dienst_afsluiten"),
    path(f"{D}overdrachtsbrief/", nazorg.dienst_overdrachtsbrief, name="dienst_overdrachtsbrief"),
    path(f"{D}afsluitbrief/", nazorg.dienst_afsluitbrief, name="dienst_afsluitbrief"),
    path(
        "meldingen/<nummer:nummer>/terugkoppeling/",
        terugkoppeling.melding_terugkoppeling,
        name="melding_terugkoppeling",
    ),
    path(
        "meldingen/<nummer:nummer>/overdracht/",
        overdracht_na_b.melding_overdracht,
        name="melding_overdracht",
    ),
    path(
        "meldingen/<nummer:nummer>/overdrachtsbrief/",
        overdracht_na_b.melding_overdrachtsbrief,
        name="melding_overdrachtsbrief",
    ),
    path(
        "afspraken/<int:pk>/controle/",
        overdracht_na_b.afspraak_controle,
        name="afspraak_controle",
    ),
    *brieven.urlpatterns,
]
