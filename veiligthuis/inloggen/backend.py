"""The authentication backend: Django's ModelBackend, loading the signed-in medewerker cheaply.

Every request reads the user from the session. Django's backend loads the bare row; the pages then
ask for the roles (a query) and the header shows the team (another). Here both come with the user
in one query, so every page pays one query for who is signed in instead of three.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from veiligthuis.models import Medewerker, met_rollen, rollen_overnemen


class MedewerkerBackend(ModelBackend):
    def get_user(self, user_id):
        medewerker = (
            met_rollen(Medewerker._default_manager.select_related("team"))
            .filter(pk=user_id)
            .first()
        )
        if medewerker is None:
            return None
        rollen_overnemen([medewerker])
        return medewerker if self.user_can_authenticate(medewerker) else None
