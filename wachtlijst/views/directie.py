"""Browser pages: directie."""

urlpatterns: list = []
