"""Who may see and do what. Selectors, services, views and the API all ask this module.

Need-to-know (DOMAIN.md §1, §9; issue 6 item 2), decided once here so the UI and the API cannot
drift apart:

- **Teamrollen** (onderzoeker, werkbegeleider, regiomanager, secretariaat) see the cases of their
  own team. Secretariaat is in because it does the verrijking (DOMAIN.md §1) and registers
  meldingen; screening and beoordeling stay with onderzoekers (the services check that).
- Everyone with a case role also sees the cases **assigned** to them (beoordelaar 1/2, uitvoerder
  of a dienst), whatever team they are in.
- **Consultrollen** (gedragswetenschapper, vertrouwensarts, aandachtfunctionaris) see the dossier
  of a case only when a Consult/MDO names them as deelnemer. Roles add up: a GW who is also an
  onderzoeker sees the team's cases as an onderzoeker does. To be asked at all they see the
  *lists* of their own team (triagelijst and screening list: list columns, no names or content),
  and GW/aandachtfunctionaris open the team's overige-zorg meldingen that wait for their second
  judgement — that judgement is their task (IGJ 2026).
- Werkbegeleider and regiomanager also see the **organisation-wide triagelijst** (list columns
  only); the dossier of another team stays closed to them.
- **Directie** sees aggregates only: no dossier, no case list, no case API. **Beheer** sees
  configuration and the audit log, never case content.

How a refusal looks, decided once: someone without any case role asking for a case URL gets 403
(the Dutch page or the API's JSON) *before* the case is looked up, so the answer says nothing
about whether it exists; someone with a case role asking for a case outside their scope gets 404
("bestaat niet of u heeft er geen toegang toe"), because a 403 would confirm that the number
exists in another team. Pages that are not about one case refuse with 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligthuis.exceptions import GeenToegang
from veiligthuis.models import Rol, Roltoewijzing

if TYPE_CHECKING:
    from veiligthuis.models import Medewerker

ORGANISATIEBREED = frozenset({Rol.DIRECTIE, Rol.BEHEER})
TEAMROLLEN = frozenset({Rol.ONDERZOEKER, Rol.WERKBEGELEIDER, Rol.REGIOMANAGER, Rol.SECRETARIAAT})
CONSULTROLLEN = frozenset({Rol.GEDRAGSWETENSCHAPPER, Rol.VERTROUWENSARTS, Rol.AANDACHTFUNCTIONARIS})
# Roles that can have access to (some) case content; every other role has none at all.
CASUSROLLEN = TEAMROLLEN | CONSULTROLLEN
TWEEDE_OORDEEL_OVERIGE_ZORG = (Rol.GEDRAGSWETENSCHAPPER, Rol.AANDACHTFUNCTIONARIS)
INTAKEROLLEN = (Rol.ONDERZOEKER, Rol.WERKBEGELEIDER, Rol.SECRETARIAAT)
ADVIESROLLEN = (
    Rol.ONDERZOEKER,
    Rol.WERKBEGELEIDER,
    Rol.GEDRAGSWETENSCHAPPER,
    Rol.VERTROUWENSARTS,
    Rol.AANDACHTFUNCTIONARIS,
)
ORGANISATIE_TRIAGELIJST = (Rol.WERKBEGELEIDER, Rol.REGIOMANAGER)
# Aggregate reports only (no case content), so organisation-wide figures are fine for all three.
RAPPORTAGEROLLEN = (Rol.DIRECTIE, Rol.REGIOMANAGER, Rol.WERKBEGELEIDER)
ORGANISATIECIJFERS = (Rol.DIRECTIE, Rol.REGIOMANAGER)
AUDITLOG_ROLLEN = (Rol.BEHEER,)
# The half-yearly CBS delivery (verantwoording/cbs): directie answers for it, functioneel beheer
# carries it out. Producing and downloading the file (BSN and birth dates of every
# directbetrokkene) is theirs alone; neither sees its content in the UI.
CBS_AANLEVERROLLEN = (Rol.DIRECTIE, Rol.BEHEER)
# The spiegel- and kwaliteitsrapport also to the team leads who get the meldingen corrected; the
# case numbers in it are shown to each only as far as `casus_filter` lets them see the cases.
CBS_INZAGEROLLEN = (*CBS_AANLEVERROLLEN, Rol.WERKBEGELEIDER, Rol.REGIOMANAGER)
# Klachten (IGJ norm 4.4): there is no klachtfunctionaris role, so the secretariaat (which
# registers what comes in) and the regiomanager (who answers for the team's work) register and
# handle them. A klacht about a case belongs to the case's team and is seen by the klachtrollen
# of that team only; a klacht about Veilig Thuis in general by every klachtrol. Directie sees
# klachten as figures in the inspectiedossier (no names: DOMAIN.md §8).
KLACHTROLLEN = (Rol.SECRETARIAAT, Rol.REGIOMANAGER)
# Calamiteiten and verplichte meldingen aan de inspectie: the regiomanager of the team records
# them and their analysis; they name case numbers, so they stay within the team.
CALAMITEITROLLEN = (Rol.REGIOMANAGER,)
# The inspectiedossier: figures for every role that sees reports; case numbers behind a figure
# only as far as `casus_filter` lets the medewerker see those cases (directie: none).
INSPECTIEROLLEN = RAPPORTAGEROLLEN


def _actief(medewerker: Medewerker) -> bool:
    return bool(medewerker.is_authenticated and medewerker.is_active)


# Functioneel beheer configures the system and reads the audit log; it never holds a case role
# as well (issue 13): otherwise beheer could give itself access to dossiers in /admin/.
ZONDER_CASUSROL_BIJ_BEHEER = gettext_lazy(
    "Een beheeraccount kan geen casusrol hebben (en andersom): functioneel beheer ziet geen dossiers."
)


def rollen_verenigbaar(rollen: set[str] | frozenset[str]) -> bool:
    """Whether one account may hold all of `rollen` together."""
    return not (Rol.BEHEER in rollen and rollen & CASUSROLLEN)


@receiver(pre_save, sender=Roltoewijzing)
def _beheer_zonder_casusrol(sender, instance: Roltoewijzing, **kwargs) -> None:
    """Every save of a role (admin, shell, a script) refuses beheer next to a case role; on
    PostgreSQL a trigger refuses bulk inserts too (veiligthuis migration 0007)."""
    rollen = set(
        Roltoewijzing.objects.filter(medewerker_id=instance.medewerker_id)
        .exclude(pk=instance.pk)
        .values_list("rol", flat=True)
    )
    if not rollen_verenigbaar(rollen | {instance.rol}):
        raise ValidationError(ZONDER_CASUSROL_BIJ_BEHEER, code="beheer_zonder_casusrol")


def is_beheer(medewerker: Medewerker) -> bool:
    return _actief(medewerker) and medewerker.heeft_rol(Rol.BEHEER)


def ziet_organisatiebreed(medewerker: Medewerker) -> bool:
    """Directie and beheer work organisation-wide — with aggregates and configuration only.

    This grants no case content: case visibility is `casus_filter`.
    """
    return _actief(medewerker) and medewerker.heeft_rol(*ORGANISATIEBREED)


def heeft_casusrol(medewerker: Medewerker) -> bool:
    """Whether this medewerker can see any case content at all."""
    return _actief(medewerker) and medewerker.heeft_rol(*CASUSROLLEN)


def ziet_teamcasussen(medewerker: Medewerker) -> bool:
    """Team roles with a team see the cases of that team."""
    return _actief(medewerker) and bool(medewerker.team_id) and medewerker.heeft_rol(*TEAMROLLEN)


def ziet_teamlijsten(medewerker: Medewerker) -> bool:
    """The team's list pages (triagelijst, screening): list columns, no names or content."""
    return heeft_casusrol(medewerker) and bool(medewerker.team_id)


def ziet_organisatie_triagelijst(medewerker: Medewerker) -> bool:
    return _actief(medewerker) and medewerker.heeft_rol(*ORGANISATIE_TRIAGELIJST)


def ziet_organisatiecijfers(medewerker: Medewerker) -> bool:
    """Organisation-wide counts (no persons, no case numbers)."""
    return _actief(medewerker) and medewerker.heeft_rol(*ORGANISATIECIJFERS)


def ziet_auditlog(medewerker: Medewerker) -> bool:
    return _actief(medewerker) and medewerker.heeft_rol(*AUDITLOG_ROLLEN)


def mag_cbs_aanleveren(medewerker: Medewerker) -> bool:
    return _actief(medewerker) and medewerker.heeft_rol(*CBS_AANLEVERROLLEN)


def eis_cbs_aanleveren(medewerker: Medewerker) -> None:
    eis_rol(medewerker, *CBS_AANLEVERROLLEN, actie=_("de CBS-aanlevering maken of downloaden"))


def eis_cbs_inzien(medewerker: Medewerker) -> None:
    eis_rol(medewerker, *CBS_INZAGEROLLEN, actie=_("de CBS-aanlevering bekijken"))


def mogelijkheden(medewerker: Medewerker) -> dict[str, bool]:
    """What the navigation offers this medewerker; the services still check every action."""
    if not medewerker.is_authenticated:
        return {}
    return {
        "registreren": medewerker.heeft_rol(*INTAKEROLLEN),
        "adviseren": medewerker.heeft_rol(*ADVIESROLLEN),
        "casussen": medewerker.heeft_rol(*CASUSROLLEN),
        "organisatie_triagelijst": ziet_organisatie_triagelijst(medewerker),
        "werkbegeleider": medewerker.heeft_rol(Rol.WERKBEGELEIDER, Rol.REGIOMANAGER),
        "directie_dashboard": medewerker.heeft_rol(Rol.DIRECTIE, Rol.REGIOMANAGER),
        "rapportages": medewerker.heeft_rol(*RAPPORTAGEROLLEN),
        "beheer": is_beheer(medewerker),
        "auditlog": ziet_auditlog(medewerker),
        "cbs": medewerker.heeft_rol(*CBS_INZAGEROLLEN),
        "cbs_aanleveren": mag_cbs_aanleveren(medewerker),
        "klachten": medewerker.heeft_rol(*KLACHTROLLEN),
        "calamiteiten": medewerker.heeft_rol(*CALAMITEITROLLEN),
        "inspectiedossier": medewerker.heeft_rol(*INSPECTIEROLLEN),
    }


def casus_filter(
    medewerker: Medewerker,
    *,
    team_veld: str = "team",
    toegewezen: tuple = (),
    melding_veld: str | None = "pk",
    model: type[Model] | None = None,
) -> Q:
    """Q object limiting case records to what `medewerker` may see (the rules at the top).

    `team_veld`: path to the case's team; `toegewezen`: fields naming an assigned medewerker;
    `melding_veld`: path to the melding's primary key, for consult access (None: no consults,
    e.g. adviezen). Nobody without a case role sees anything — directie and beheer included.

    Conditions on the filtered table's own columns (a melding's team, its beoordelaars) stay
    plain column tests; every way of seeing a case that goes through a relation (a melding's
    uitvoerder on its vervolgdienst, a dienst's melding team, consults) becomes one
    `pk IN (… UNION …)` with `model` (the model being filtered), each part on its own index.
    An OR across a join can use no index at all: PostgreSQL then hash-joins both tables in full
    for every page (8 633 of 1 000 000 meldingen took 410 ms). This way a list ordered by an
    indexed column walks that index and tests each row against a small hashed set of ids.
    """
    if not heeft_casusrol(medewerker):
        return Q(pk__in=[])
    kolommen: list[Q] = []
    relaties: list[Q] = []

    def tak(pad: str, waarde) -> None:
        (relaties if "__" in pad else kolommen).append(Q(**{pad: waarde}))

    if ziet_teamcasussen(medewerker):
        tak(f"{team_veld}_id", medewerker.team_id)
    for veld in toegewezen:
        tak(f"{veld}_id", medewerker.pk)
    if melding_veld is not None and medewerker.heeft_rol(*CONSULTROLLEN):
        # A subquery, not a join: a join over the consults would repeat a case once per consult.
        # `consulten` is the reverse side of Consult.deelnemers, so no import of meldingen here.
        geconsulteerd = medewerker.consulten.values("melding_id")
        if melding_veld == "pk":
            kolommen.append(Q(pk__in=geconsulteerd))
        else:
            relaties.append(Q(**{f"{melding_veld}__in": geconsulteerd}))
    if relaties and model is None:
        raise ValueError(
            "casus_filter over een relatie heeft model= nodig (geen OR over een join)."
        )
    if relaties:
        # order_by(): a compound statement allows no ORDER BY in its parts (default orderings).
        delen = [model._default_manager.filter(r).values("pk").order_by() for r in relaties]
        kolommen.append(Q(pk__in=delen[0].union(*delen[1:]) if len(delen) > 1 else delen[0]))
    filter_ = Q(pk__in=[])
    for voorwaarde in kolommen:
        filter_ |= voorwaarde
    return filter_


def klacht_filter(medewerker: Medewerker) -> Q:
    """Klachten `medewerker` may see: a klachtrol sees the general ones and its own team's."""
    if not (_actief(medewerker) and medewerker.heeft_rol(*KLACHTROLLEN)):
        return Q(pk__in=[])
    filter_ = Q(team__isnull=True)
    if medewerker.team_id:
        filter_ |= Q(team_id=medewerker.team_id)
    return filter_


def calamiteit_filter(medewerker: Medewerker) -> Q:
    """Calamiteiten `medewerker` may see: those of the own team, for a calamiteitrol."""
    if not (_actief(medewerker) and medewerker.heeft_rol(*CALAMITEITROLLEN) and medewerker.team_id):
        return Q(pk__in=[])
    return Q(team_id=medewerker.team_id)


def advies_filter(medewerker: Medewerker) -> Q:
    """Adviezen hold no directbetrokkene data: every case role sees the own team's, plus its own."""
    if not heeft_casusrol(medewerker):
        return Q(pk__in=[])
    filter_ = Q(gegeven_door_id=medewerker.pk)
    if medewerker.team_id:
        filter_ |= Q(team_id=medewerker.team_id)
    return filter_


def eis_casusrol(medewerker: Medewerker) -> None:
    """Refuse (403) every case URL to someone without a case role, before anything is looked up."""
    if not heeft_casusrol(medewerker):
        raise GeenToegang(
            _(
                "Dossiers zijn alleen in te zien door medewerkers met een casusrol; directie "
                "en functioneel beheer zien geen casusinhoud."
            )
        )


def eis_rol(medewerker: Medewerker, *rollen: str, actie: str) -> None:
    """Refuse `actie` unless the medewerker holds one of `rollen`."""
    if not medewerker.is_active or not medewerker.heeft_rol(*rollen):
        namen = " of ".join(str(Rol(r).label).lower() for r in rollen)
        raise GeenToegang(
            _("Alleen een %(rollen)s mag %(actie)s.") % {"rollen": namen, "actie": actie}
        )


def werkt_in_team(medewerker: Medewerker, team_id: int | None) -> bool:
    """Whether the medewerker does case work for team `team_id` (what `eis_team` and a case role
    require), e.g. to offer an action in a list that also shows other teams' cases."""
    return heeft_casusrol(medewerker) and team_id is not None and medewerker.team_id == team_id


def eis_team(medewerker: Medewerker, team_id: int | None, *, actie: str) -> None:
    """Refuse `actie` on a case of another team. Organisation-wide roles have no case work."""
    if team_id is None or medewerker.team_id != team_id:
        raise GeenToegang(
            _("U kunt %(actie)s alleen voor meldingen van uw eigen team.") % {"actie": actie}
        )
