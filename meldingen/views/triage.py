"""Browser pages: triage."""

urlpatterns: list = []
