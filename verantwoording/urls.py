"""URLs of the verantwoording pages. Each views module declares its own patterns."""

urlpatterns: list = []
