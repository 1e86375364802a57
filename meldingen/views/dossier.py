"""Browser pages: dossier."""

urlpatterns: list = []
