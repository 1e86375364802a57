"""Browser pages: werkbegeleider."""

urlpatterns: list = []
