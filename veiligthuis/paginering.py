"""Cursor pagination for the API's case lists: no page pays a COUNT(*) over a team's history.

A page number needs the total (PageNumberPagination counts every visible case on every page: at
1 000 000 meldingen that count was most of the list's cost) and an OFFSET that reads all earlier
rows again. A cursor names the position after the last row returned, on a stable ordering that
an index serves, so every page costs about the same. The answer has `next` and `previous` links
(with an opaque `cursor` parameter) and `results`; there is no `count` and no page number.
"""

from rest_framework.pagination import CursorPagination


class NieuwsteEerst(CursorPagination):
    """Newest first (`ontvangen_op` is indexed), the primary key breaking ties."""

    page_size = 50
    ordering = ("-ontvangen_op", "-pk")


class OpTermijn(CursorPagination):
    """Soonest termijn first, the primary key breaking ties (the diensten list)."""

    page_size = 50
    ordering = ("termijn", "pk")
