"""Who may see and do what. Selectors, services, views and the API all ask this module.

Capabilities are decided by role; visibility of cases by team. Keeping both here means the UI and the
API cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from veiligthuis.exceptions import GeenToegang
from veiligthuis.models import Rol

if TYPE_CHECKING:
    from veiligthuis.models import Medewerker

ORGANISATIEBREED = frozenset({Rol.DIRECTIE, Rol.BEHEER})
CASUSROLLEN = frozenset(
    {
        Rol.ONDERZOEKER,
        Rol.WERKBEGELEIDER,
        Rol.GEDRAGSWETENSCHAPPER,
        Rol.VERTROUWENSARTS,
        Rol.AANDACHTFUNCTIONARIS,
        Rol.SECRETARIAAT,
        Rol.REGIOMANAGER,
    }
)
TWEEDE_OORDEEL_OVERIGE_ZORG = (Rol.GEDRAGSWETENSCHAPPER, Rol.AANDACHTFUNCTIONARIS)
INTAKEROLLEN = (Rol.ONDERZOEKER, Rol.WERKBEGELEIDER, Rol.SECRETARIAAT)
ADVIESROLLEN = (
    Rol.ONDERZOEKER,
    Rol.WERKBEGELEIDER,
    Rol.GEDRAGSWETENSCHAPPER,
    Rol.VERTROUWENSARTS,
    Rol.AANDACHTFUNCTIONARIS,
)
ORGANISATIE_TRIAGELIJST = (Rol.WERKBEGELEIDER, Rol.REGIOMANAGER, Rol.DIRECTIE)


def is_beheer(medewerker: Medewerker) -> bool:
    return medewerker.is_authenticated and medewerker.is_active and medewerker.heeft_rol(Rol.BEHEER)


def ziet_organisatiebreed(medewerker: Medewerker) -> bool:
    """Directie and beheer see every team's records (directie only as aggregates in the UI)."""
    return medewerker.heeft_rol(*ORGANISATIEBREED)


def mogelijkheden(medewerker: Medewerker) -> dict[str, bool]:
    """What the navigation offers this medewerker; the services still check every action."""
    if not medewerker.is_authenticated:
        return {}
    return {
        "registreren": medewerker.heeft_rol(*INTAKEROLLEN),
        "adviseren": medewerker.heeft_rol(*ADVIESROLLEN),
        "casussen": medewerker.heeft_rol(*CASUSROLLEN),
        "organisatie_triagelijst": medewerker.heeft_rol(*ORGANISATIE_TRIAGELIJST),
        "werkbegeleider": medewerker.heeft_rol(Rol.WERKBEGELEIDER, Rol.REGIOMANAGER),
        "directie_dashboard": medewerker.heeft_rol(Rol.DIRECTIE, Rol.REGIOMANAGER),
        "beheer": is_beheer(medewerker),
    }


def casus_filter(medewerker: Medewerker, *, team_veld: str = "team", toegewezen: tuple = ()) -> Q:
    """Q object limiting case records to what `medewerker` may see.

    Cases of the own team, plus cases the medewerker is assigned to (field names in `toegewezen`).
    Organisation-wide roles see everything; a medewerker without team or case role sees nothing.
    """
    if ziet_organisatiebreed(medewerker):
        return Q()
    if not medewerker.heeft_rol(*CASUSROLLEN):
        return Q(pk__in=[])
    filter_ = Q(pk__in=[])
    if medewerker.team_id:
        filter_ |= Q(**{f"{team_veld}_id": medewerker.team_id})
    for veld in toegewezen:
        filter_ |= Q(**{f"{veld}_id": medewerker.pk})
    return filter_


def eis_rol(medewerker: Medewerker, *rollen: str, actie: str) -> None:
    """Refuse `actie` unless the medewerker holds one of `rollen`."""
    if not medewerker.is_active or not medewerker.heeft_rol(*rollen):
        namen = " of ".join(str(Rol(r).label).lower() for r in rollen)
        raise GeenToegang(
            _("Alleen een %(rollen)s mag %(actie)s.") % {"rollen": namen, "actie": actie}
        )


def eis_team(medewerker: Medewerker, team_id: int | None, *, actie: str) -> None:
    """Refuse `actie` on a case of another team (organisation-wide roles excepted)."""
    if ziet_organisatiebreed(medewerker):
        return
    if team_id is None or medewerker.team_id != team_id:
        raise GeenToegang(
            _("U kunt %(actie)s alleen voor meldingen van uw eigen team.") % {"actie": actie}
        )
