"""Browser pages: intake."""

urlpatterns: list = []
