"""The afwegingskader and the radar: which expertise a melding needs before its besluit.

Both are rules of the veiligheidsbeoordeling (DOMAIN.md §5). The afwegingskader's rules are rows
(`Afwegingsregel`) that beheer maintains; this module only evaluates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen import protocol
from meldingen.herhaalsignaal import herhaalsignaal_voor
from meldingen.keuzes import Aard, ConsultVorm, Signaal, TriggerSoort, Urgentie
from meldingen.models import Afwegingsregel, Consult, Directbetrokkene, Melding
from veiligthuis.configuratie import AFWEGINGSREGELS, Configuratiecache
from veiligthuis.database import pk_in_een_van
from veiligthuis.models import Aandachtsgebied, Rol

# The rules of DOMAIN.md §5, loaded by a data migration and by `standaardregels_aanmaken`.
STANDAARDREGELS = (
    {
        "naam": "Ernstige psychiatrische problematiek: consult GW en VA",
        "trigger_soort": TriggerSoort.SIGNAAL,
        "trigger_waarde": Signaal.PSYCHIATRIE,
        "vorm": ConsultVorm.CONSULT,
        "deskundigen": [Rol.GEDRAGSWETENSCHAPPER, Rol.VERTROUWENSARTS],
        "een_van": False,
    },
    {
        "naam": "Seksueel misbruik: GW, VA en aandachtfunctionaris seksueel geweld",
        "trigger_soort": TriggerSoort.AARD,
        "trigger_waarde": Aard.SEKSUEEL_MISBRUIK,
        "vorm": ConsultVorm.CONSULT,
        "deskundigen": [
            Rol.GEDRAGSWETENSCHAPPER,
            Rol.VERTROUWENSARTS,
            f"{Rol.AANDACHTFUNCTIONARIS}:{Aandachtsgebied.SEKSUEEL_GEWELD}",
        ],
        "een_van": False,
    },
    {
        "naam": "Letsel: VA voor letselbeoordeling",
        "trigger_soort": TriggerSoort.SIGNAAL,
        "trigger_waarde": Signaal.LETSEL,
        "vorm": ConsultVorm.CONSULT,
        "deskundigen": [Rol.VERTROUWENSARTS],
        "een_van": False,
    },
    {
        "naam": "Acuut: MDO met GW of VA",
        "trigger_soort": TriggerSoort.URGENTIE,
        "trigger_waarde": Urgentie.ACUUT,
        "vorm": ConsultVorm.MDO,
        "deskundigen": [Rol.GEDRAGSWETENSCHAPPER, Rol.VERTROUWENSARTS],
        "een_van": True,
    },
)

RADAR_DREMPEL = 3  # from the 3rd melding about the same household or person (DOMAIN.md §5)


def standaardregels_aanmaken(model=Afwegingsregel) -> int:
    """Create the default rules when the kader is empty; returns how many were made."""
    if model.objects.exists():
        return 0
    model.objects.bulk_create([model(**regel) for regel in STANDAARDREGELS])
    return len(STANDAARDREGELS)


def deskundige_label(code: str) -> str:
    rol, _sep, gebied = code.partition(":")
    label = str(Rol(rol).label).lower() if rol in Rol.values else rol
    if gebied:
        gebied_label = Aandachtsgebied(gebied).label if gebied in Aandachtsgebied.values else gebied
        label = f"{label} {str(gebied_label).lower()}"
    return label


def _kenmerken(melding: Melding) -> set[tuple[str, str]]:
    """(trigger_soort, waarde) pairs describing the melding, as the rules refer to them."""
    kenmerken = {(TriggerSoort.URGENTIE, melding.urgentie)}
    if protocol.is_ooit_acuut(melding):
        # "Ooit acuut" (meldingen.protocol): lowering the urgentie does not drop the acute MDO.
        kenmerken.add((TriggerSoort.URGENTIE, Urgentie.ACUUT))
    kenmerken |= {(TriggerSoort.AARD, code) for code in melding.aard_codes()}
    kenmerken |= {(TriggerSoort.AANLEIDING, code) for code in melding.aanleiding_codes()}
    b = getattr(melding, "beoordeling_b", None)
    if b is not None:
        kenmerken |= {(TriggerSoort.SIGNAAL, code) for code in b.signaalcodes}
    return kenmerken


def ontbrekende_consulten(melding: Melding) -> list[str]:
    """For each applicable rule that is not yet satisfied, a Dutch sentence saying what is missing."""
    return [tekst for _regel, tekst in onvoldane_regels(melding)]


def _actieve_regels_lezen() -> tuple[Afwegingsregel, ...]:
    return tuple(Afwegingsregel.objects.filter(actief=True).order_by("pk"))


# The process's copy of the active rules, current with the table's stamp (veiligthuis.configuratie).
_ACTIEVE_REGELS = Configuratiecache(AFWEGINGSREGELS, _actieve_regels_lezen)


def actieve_regels() -> tuple[Afwegingsregel, ...]:
    """The active rules of the kader (read-only instances: change rules through the model)."""
    return _ACTIEVE_REGELS.waarde()


def kenmerken_met_regel(soort: str, waarden: set[str]) -> set[str]:
    """Those of `waarden` (codes of one trigger soort) that an active rule of the kader reacts to."""
    return {
        r.trigger_waarde
        for r in actieve_regels()
        if r.trigger_soort == soort and r.trigger_waarde in waarden
    }


def onvoldane_regels(melding: Melding) -> list[tuple[Afwegingsregel, str]]:
    """The applicable rules not yet satisfied, each with the Dutch sentence saying what is missing.

    Evaluated on the melding as it stands now (aard, signalen, urgentie), so at the besluit on the
    data of the besluit; only consulten dated in the melding's looptijd count.
    """
    kenmerken = _kenmerken(melding)
    regels = [r for r in actieve_regels() if (r.trigger_soort, r.trigger_waarde) in kenmerken]
    if not regels:
        return []
    consulten = _consulten(melding)
    ontbreekt = []
    for regel in regels:
        geschikt = [
            c for c in consulten if regel.vorm == ConsultVorm.CONSULT or c.vorm == regel.vorm
        ]
        aanwezig: set[str] = set()
        for consult in geschikt:
            for deelnemer in consult.deelnemers.all():
                aanwezig |= deelnemer.deskundigheden()
        vereist = set(regel.deskundigen)
        voldaan = bool(vereist & aanwezig) if regel.een_van else vereist <= aanwezig
        if voldaan:
            continue
        namen = [deskundige_label(d) for d in regel.deskundigen if d not in aanwezig]
        vorm = _("een MDO") if regel.vorm == ConsultVorm.MDO else _("een consult")
        verbinding = _(" of ") if regel.een_van else _(" en ")
        ontbreekt.append(
            (
                regel,
                _("afwegingskader '%(regel)s': %(vorm)s met %(wie)s is niet vastgelegd")
                % {"regel": regel.naam, "vorm": vorm, "wie": verbinding.join(namen)},
            )
        )
    return ontbreekt


def _consulten(melding: Melding) -> list[Consult]:
    # The dossier page prefetches the consulten with their deelnemers and roles: reuse them.
    if "consulten" in getattr(melding, "_prefetched_objects_cache", {}):
        alle = list(melding.consulten.all())
    else:
        alle = list(melding.consulten.prefetch_related("deelnemers__roltoewijzingen"))
    # A consult dated before the ontvangst (or in the future) is about something else.
    return protocol.geldige_consulten(melding, alle)


def _routes(persoon_ids, huishouden_id) -> list[QuerySet]:
    # One subquery on melding ids, the UNION of both routes: each part uses its index. An OR of
    # the two (or across a join) makes PostgreSQL scan every melding (≈ 0.3 s at a million).
    routes = [Directbetrokkene.objects.filter(persoon_id__in=persoon_ids).values("melding_id")]
    if huishouden_id is not None:
        routes.append(Melding.objects.filter(huishouden_id=huishouden_id).values("pk"))
    return routes


def eerdere_meldingen(melding: Melding) -> QuerySet[Melding]:
    """Other meldingen about the same huishouden or any of the same personen (the radar)."""
    persoon_ids = Directbetrokkene.objects.filter(melding=melding).values("persoon_id")
    return (
        Melding.objects.filter(pk_in_een_van(_routes(persoon_ids, melding.huishouden_id or None)))
        .exclude(pk=melding.pk)
        .filter(ontvangen_op__lte=melding.ontvangen_op)
        .order_by("-ontvangen_op")
    )


def met_eerdere_meldingen(nummer: str) -> QuerySet[Melding]:
    """The melding `nummer` itself and its radar's earlier meldingen (`eerdere_meldingen`), in one
    query that needs no melding loaded first."""
    zelf = Melding.objects.filter(nummer=nummer)
    # Scalar subqueries, run once before the rest: every part then looks up by a value on its
    # own index, as in `eerdere_meldingen`.
    persoon_ids = Directbetrokkene.objects.filter(
        melding_id=Subquery(zelf.values("pk")[:1])
    ).values("persoon_id")
    # No huishouden: `huishouden_id = NULL` matches no melding.
    routes = _routes(persoon_ids, Subquery(zelf.values("huishouden_id")[:1]))
    return (
        Melding.objects.filter(pk_in_een_van([*routes, zelf.values("pk")]))
        .filter(Q(nummer=nummer) | Q(ontvangen_op__lte=Subquery(zelf.values("ontvangen_op")[:1])))
        .order_by("-ontvangen_op")
    )


@dataclass(frozen=True)
class Radar:
    aantal_eerdere: int
    mdo_vereist: bool
    mdo_gehouden: bool
    reden_geen_mdo: str
    # Earlier forwarded overige zorg at this address: anonymised, so only counted (herhaalsignaal).
    overige_zorg: int = 0

    @property
    def volgnummer(self) -> int:
        """Which melding about this household or these persons this one is (1 = the first)."""
        return self.aantal_eerdere + self.overige_zorg + 1

    @property
    def blokkeert(self) -> bool:
        return self.mdo_vereist and not self.mdo_gehouden and not self.reden_geen_mdo


# An MDO about a repeat melding counts only with a deskundige at the table (IGJ, seed 003): one
# with only onderzoekers is the same view again.
RADAR_MDO_DESKUNDIGEN = (Rol.GEDRAGSWETENSCHAPPER, Rol.VERTROUWENSARTS)


def _mdo_met_deskundige(melding: Melding) -> bool:
    """Whether an MDO with a gedragswetenschapper or vertrouwensarts is recorded for `melding`."""
    if "consulten" in getattr(melding, "_prefetched_objects_cache", {}):
        return any(
            c.vorm == ConsultVorm.MDO
            # The dossier reads the deelnemers with their roles (selectors/dossier.met_rollen).
            and any(d.heeft_rol(*RADAR_MDO_DESKUNDIGEN) for d in c.deelnemers.all())
            for c in protocol.geldige_consulten(melding, melding.consulten.all())
        )
    return Consult.objects.filter(
        melding=melding,
        vorm=ConsultVorm.MDO,
        deelnemers__roltoewijzingen__rol__in=RADAR_MDO_DESKUNDIGEN,
        datum__gte=melding.ontvangen_op,
        datum__lte=timezone.now() + protocol.SPELING,
    ).exists()


def radar(melding: Melding, *, aantal_eerdere: int | None = None) -> Radar:
    """`aantal_eerdere`: the length of a radar list the caller already read (saves the count)."""
    aantal = eerdere_meldingen(melding).count() if aantal_eerdere is None else aantal_eerdere
    mdo_gehouden = _mdo_met_deskundige(melding)
    signaal = herhaalsignaal_voor(melding)
    overige_zorg = signaal.aantal if signaal is not None else 0
    return Radar(
        aantal_eerdere=aantal,
        overige_zorg=overige_zorg,
        mdo_vereist=aantal + overige_zorg + 1 >= RADAR_DREMPEL,
        mdo_gehouden=mdo_gehouden,
        reden_geen_mdo=melding.radar_geen_mdo_reden,
    )
