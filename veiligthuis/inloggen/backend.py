"""The authentication backend: Django's ModelBackend, loading the signed-in medewerker cheaply.

Every request reads the user from the session. Django's backend loads the bare row; the pages then
ask for the roles (a query) and the header shows the team (another). Here both come with the user
in one query, and so does what nearly every page asks next:

* the stamps of the cached configuration tables (`veiligthuis.configuratie`), which then hold for
  the rest of the request;
* whatever another app registers with `bij_gebruiker_laden` (the navigation's count of unread
  notifications, wachtlijst): an app higher up adds its subquery without this one importing it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.backends import ModelBackend
from django.db.models import Expression

from veiligthuis import configuratie
from veiligthuis.models import Medewerker, met_rollen, rollen_overnemen

# name → a function building the annotation (called per query: expressions are not shared).
_ANNOTATIES: dict[str, Callable[[], Expression]] = {}


def bij_gebruiker_laden(naam: str, annotatie: Callable[[], Expression]) -> None:
    """Have every load of the signed-in user annotate `naam` (a subquery on OuterRef("pk"))."""
    _ANNOTATIES[naam] = annotatie


class MedewerkerBackend(ModelBackend):
    def get_user(self, user_id):
        medewerker = (
            met_rollen(Medewerker._default_manager.select_related("team"))
            .annotate(
                **configuratie.stempel_annotaties(),
                **{naam: maak() for naam, maak in _ANNOTATIES.items()},
            )
            .filter(pk=user_id)
            .first()
        )
        if medewerker is None:
            return None
        rollen_overnemen([medewerker])
        configuratie.stempels_van(medewerker)
        return medewerker if self.user_can_authenticate(medewerker) else None
